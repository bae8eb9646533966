package sshserver

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"forwhom/session"
)

// takeOption takes one option with a value (--name V, --name=V, -name V,
// or a short form) out of args, wherever it is; the rest keep their order.
func takeOption(args []string, names ...string) (value string, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			rest = append(rest, a)
			continue
		}
		name, v, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		known := false
		for _, n := range names {
			known = known || name == n
		}
		if !known {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return "", nil, usagef("%s needs a value", session.Sanitize(a, 40))
			}
			i++
			v = args[i]
		}
		value = v
	}
	return value, rest, nil
}

// runTemplates lists the caller's templates (forwhom's own, then theirs),
// or keeps a workshop's questions and settings as one, or drops one.
func runTemplates(ctx context.Context, inv *invocation, args []string) error {
	usage := fmt.Sprintf("usage: %s templates [save CODE NAME | delete NAME]", inv.addr.ssh())
	if len(args) > 0 {
		switch args[0] {
		case "save":
			if len(args) < 3 {
				return usagef("%s", usage)
			}
			t, err := inv.manager.SaveTemplate(ctx, inv.who, args[1], strings.Join(args[2:], " "))
			if err != nil {
				return err
			}
			fmt.Fprintf(inv.stdout, "saved template %s\n", t.Name)
			fmt.Fprintf(inv.stderr, "start a workshop from it with: %s new TITLE --template %s\n", inv.addr.ssh(), t.Name)
			return nil
		case "delete":
			if len(args) != 2 {
				return usagef("%s", usage)
			}
			if err := inv.manager.DeleteTemplate(ctx, inv.who, args[1]); err != nil {
				return err
			}
			fmt.Fprintf(inv.stdout, "deleted template %s\n", session.TemplateName(args[1]))
			return nil
		}
		return usagef("%s", usage)
	}
	all, err := inv.manager.Templates(ctx, inv.who)
	if err != nil {
		return err
	}
	w := inv.stdout
	for i, t := range all {
		if i > 0 {
			fmt.Fprintln(w)
		}
		whose := "yours"
		if t.BuiltIn() {
			whose = "built-in"
		}
		about := ""
		if t.About != "" {
			about = " — " + t.About
		}
		fmt.Fprintf(w, "%s (%s)%s\n", t.Name, whose, about)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		qs := t.Questions
		for _, q := range qs.List() {
			mark := ""
			if qs.IsWho(q) {
				mark = "(who)"
			}
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\n", int(q)+1, qs.Short(q), mark, qs.Prompt(q))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s\n", templateSettings(t))
	}
	fmt.Fprintf(inv.stderr, "\nstart one with: %s new TITLE --template NAME\n", inv.addr.ssh())
	return nil
}

// templateSettings says what a template sets besides its questions.
func templateSettings(t session.Template) string {
	parts := []string{fmt.Sprintf("%d dots, at most %d per segment", t.DotBudget, t.MaxPerSegment)}
	if t.Anonymous {
		parts = append(parts, "anonymous")
	} else {
		parts = append(parts, "names shown")
	}
	if t.HideNotes {
		parts = append(parts, "others' notes hidden while writing")
	} else {
		parts = append(parts, "notes shown while writing")
	}
	return strings.Join(parts, "; ")
}
