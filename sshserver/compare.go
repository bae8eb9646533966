package sshserver

import (
	"context"
	"fmt"
	"strings"

	"forwhom/session"
)

// runAgain starts a follow-up of a workshop: the same questions and
// settings, linked to it. Like new, it prints the join code alone.
func runAgain(ctx context.Context, inv *invocation, args []string) error {
	if len(args) == 0 {
		return usagef("usage: %s again CODE [TITLE]", inv.addr.ssh())
	}
	code, err := inv.manager.Again(ctx, inv.who, args[0], strings.Join(args[1:], " "))
	if err != nil {
		return err
	}
	fmt.Fprintln(inv.stdout, code)
	fmt.Fprintf(inv.stderr, "join with: %s join %s\n", inv.addr.ssh("-t"), code)
	return nil
}

// runCompare sets several workshops' segments side by side, for their
// facilitator.
func runCompare(ctx context.Context, inv *invocation, args []string) error {
	usage := fmt.Sprintf("usage: %s compare CODE CODE... [--format md|json]", inv.addr.ssh())
	typed, codes, err := takeOption(args, "format", "f")
	if err != nil {
		return err
	}
	format := session.FormatMarkdown
	if typed != "" {
		if format, err = session.ParseFormat(typed); err != nil || format == session.FormatCSV {
			return usagef("a comparison comes as md or json; %s", usage)
		}
	}
	for _, c := range codes {
		if strings.HasPrefix(c, "-") && c != "-" {
			return usagef("unknown option %q; %s", session.Sanitize(c, 40), usage)
		}
	}
	if len(codes) < 2 {
		return usagef("%s", usage)
	}
	cmp, err := inv.manager.Compare(ctx, inv.who, codes)
	if err != nil {
		return err
	}
	out, err := cmp.Render(format)
	if err != nil {
		return err
	}
	if _, err := inv.stdout.Write(out); err != nil {
		return fmt.Errorf("writing the comparison: %w", err)
	}
	return nil
}
