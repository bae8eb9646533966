package sshserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"forwhom/session"
)

// invocation is one run of a command: who runs it and where its output
// goes. The SSH exec path and the local `forwhom export` build one each and
// hand it to the same router, runCommand.
type invocation struct {
	manager *session.Manager
	who     session.Identity
	// host is set when the host runs a command on its own data directory:
	// it owns the file, so there is no facilitator check.
	host   bool
	addr   sshAddress // how users reach the server, for hints
	stdin  io.Reader  // what the caller pipes in (import); nil reads as empty
	stdout io.Writer
	stderr io.Writer
}

// command is one exec command.
type command struct {
	name    string
	args    string // the arguments, as shown in help and usage errors
	summary string
	run     func(ctx context.Context, inv *invocation, args []string) error
}

// commandTable lists the commands in the order help shows them. It is a
// function, not a variable, because help reads the table.
func commandTable() []command {
	return []command{
		{"new", "TITLE [--template NAME]", "create a workshop; print its join code", runNew},
		{"join", "CODE", "open workshop CODE (needs ssh -t)", runJoin},
		{"list", "", "list your workshops and their phases", runList},
		{"export", "CODE [--format md|csv|json] [--table segments|next-steps]", "print the ranked segments or the next steps (facilitators)", runExport},
		{"import", "CODE [--question do|value|who] [--source LABEL] < FILE", "add answers from a CSV or text file (facilitators)", runImport},
		{"suggest", "CODE [--format md|json] [--apply]", "print suggested segments; --apply accepts them all (facilitators)", runSuggest},
		{"templates", "[save CODE NAME | delete NAME]", "list your templates; keep or drop one", runTemplates},
		{"again", "CODE [TITLE]", "start a follow-up of CODE; print its join code", runAgain},
		{"compare", "CODE CODE... [--format md|json]", "set workshops' segments side by side (facilitators)", runCompare},
		{"help", "", "show this help", runHelp},
	}
}

func lookupCommand(name string) (command, bool) {
	for _, c := range commandTable() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// usageError is a command used wrongly: it exits 2, like a shell utility
// given bad arguments.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// runCommand is the router over exec arguments: it runs args[0] with the
// rest, writes results to stdout and errors to stderr, and returns the exit
// status.
func runCommand(ctx context.Context, inv *invocation, args []string) int {
	if len(args) == 0 {
		args = []string{"help"}
	}
	cmd, ok := lookupCommand(args[0])
	if !ok {
		fmt.Fprintf(inv.stderr, "unknown command %q; try: %s help\n", session.Sanitize(args[0], 40), inv.addr.ssh())
		return 2
	}
	err := cmd.run(ctx, inv, args[1:])
	if err == nil {
		return 0
	}
	fmt.Fprintln(inv.stderr, err)
	if _, usage := errors.AsType[*usageError](err); usage {
		return 2
	}
	return 1
}

func runNew(ctx context.Context, inv *invocation, args []string) error {
	template, args, err := takeOption(args, "template", "t")
	if err != nil {
		return err
	}
	// ssh flattens the caller's quoting, so `new "Team A"` may arrive as two
	// words: the title is all of them.
	title := strings.Join(args, " ")
	if strings.TrimSpace(title) == "" {
		return usagef("usage: %s new TITLE [--template NAME]", inv.addr.ssh())
	}
	var code string
	if template != "" {
		code, err = inv.manager.CreateFrom(ctx, inv.who, title, template)
	} else {
		code, err = inv.manager.Create(ctx, inv.who, title)
	}
	if err != nil {
		return err
	}
	// The code is all of stdout, so that code=$(ssh … new T) is the code;
	// the hint for people goes to stderr, which $(…) leaves on the screen.
	fmt.Fprintln(inv.stdout, code)
	fmt.Fprintf(inv.stderr, "join with: %s join %s\n", inv.addr.ssh("-t"), code)
	return nil
}

// runJoin is reached only when join cannot open the TUI: the session has no
// terminal, or the arguments are wrong. With a terminal and a code, the
// command middleware hands the session to the TUI instead.
func runJoin(_ context.Context, inv *invocation, args []string) error {
	if len(args) != 1 {
		return usagef("usage: %s join CODE", inv.addr.ssh("-t"))
	}
	code := args[0]
	if c, ok := session.NormalizeCode(code); ok {
		code = c
	} else {
		code = "CODE"
	}
	return fmt.Errorf("join needs a terminal: use %s join %s", inv.addr.ssh("-t"), code)
}

func runList(ctx context.Context, inv *invocation, args []string) error {
	if len(args) > 0 {
		return usagef("usage: %s list", inv.addr.ssh())
	}
	mine, err := inv.manager.Workshops(ctx, inv.who)
	if err != nil {
		return fmt.Errorf("listing your workshops: %w", err)
	}
	if len(mine) == 0 {
		fmt.Fprintln(inv.stdout, "you have no workshops yet")
		return nil
	}
	tw := tabwriter.NewWriter(inv.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tTITLE\tPHASE\tROLE\tPARTICIPANTS")
	for _, w := range mine {
		// Titles were sanitized when the workshop was created; sanitizing
		// again keeps a tab from breaking the columns.
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n",
			w.Code, session.Sanitize(w.Title, session.MaxTitleLen), w.Phase, w.Role, w.Participants)
	}
	return tw.Flush()
}

func runExport(ctx context.Context, inv *invocation, args []string) error {
	typed, format, table, err := parseExportArgs(args)
	if err != nil {
		return err
	}
	// The host owns the data file and exports anything; everyone else
	// goes through the session's rule (facilitators only).
	var out []byte
	if inv.host {
		var snap *session.Snapshot
		if snap, err = inv.manager.Snapshot(ctx, typed); err == nil {
			out, err = session.ExportTable(snap, format, table)
		}
	} else {
		out, err = inv.manager.ExportTable(ctx, inv.who, typed, format, table)
	}
	if err != nil {
		return err
	}
	code, _ := session.NormalizeCode(typed)
	if _, err := inv.stdout.Write(out); err != nil {
		return fmt.Errorf("writing the export of %s: %w", code, err)
	}
	return nil
}

// parseExportArgs reads `CODE [--format F] [--table T]`, each option given
// as --name V, --name=V, -name V, or (format only) -f V or -f=V, before or
// after the code. The table is what a CSV lists: segments (the default) or
// next-steps.
func parseExportArgs(args []string) (code string, format session.Format, table session.Table, err error) {
	const usage = "usage: export CODE [--format md|csv|json] [--table segments|next-steps]"
	const unset = "\x00" // not typed: an empty value typed is refused
	f, t := unset, unset
	if code, err = parseArgs(args, usage,
		option{names: []string{"format", "f"}, value: &f},
		option{names: []string{"table"}, value: &t}); err != nil {
		return "", "", "", err
	}
	format, table = session.FormatMarkdown, session.TableSegments
	if f != unset {
		if format, err = session.ParseFormat(f); err != nil {
			return "", "", "", &usageError{msg: err.Error()}
		}
	}
	if t != unset {
		if table, err = session.ParseTable(t); err != nil {
			return "", "", "", &usageError{msg: err.Error()}
		}
	}
	return code, format, table, nil
}

func runSuggest(ctx context.Context, inv *invocation, args []string) error {
	const usage = "usage: suggest CODE [--format md|json] [--apply]"
	var format string
	var apply bool
	code, err := parseArgs(args, usage,
		option{names: []string{"format", "f"}, value: &format},
		option{names: []string{"apply"}, flag: &apply})
	if err != nil {
		return err
	}
	f := session.FormatMarkdown
	if format != "" {
		if f, err = session.ParseFormat(format); err != nil || f == session.FormatCSV {
			return usagef("unknown format %q: use md or json", session.Sanitize(format, 20))
		}
	}
	snap, list, err := inv.manager.Suggestions(ctx, code, inv.who, inv.host)
	if err != nil {
		return err
	}
	if apply {
		if len(list) == 0 {
			return errors.New("there are no suggestions to accept")
		}
		cmd := session.AcceptAllSuggestions{Suggestions: list}
		if inv.host {
			err = inv.manager.DoAsHost(ctx, code, cmd)
		} else {
			err = inv.manager.Do(ctx, code, inv.who, cmd)
		}
		if err != nil {
			return err
		}
	}
	out, err := session.FormatSuggestions(snap, list, f)
	if err != nil {
		return err
	}
	if _, err := inv.stdout.Write(out); err != nil {
		return fmt.Errorf("writing the suggestions: %w", err)
	}
	if apply && f == session.FormatMarkdown {
		fmt.Fprintf(inv.stdout, "\nAccepted %s.\n", plural(len(list), "1 suggestion", fmt.Sprintf("all %d suggestions", len(list))))
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// maxImportBytes bounds what import reads: far more than a workshop's
// notes can hold (5,000 notes of 280 characters), so a larger input is a
// mistake, refused before it is read into memory whole.
const maxImportBytes = 4 << 20

func runImport(ctx context.Context, inv *invocation, args []string) error {
	const usage = "usage: import CODE [--question NAME|NUMBER] [--source LABEL] < FILE"
	var question, source string
	code, err := parseArgs(args, usage,
		option{names: []string{"question", "q"}, value: &question},
		option{names: []string{"source", "s"}, value: &source})
	if err != nil {
		return err
	}
	// The workshop's own questions name the column or --question.
	snap, err := inv.manager.Snapshot(ctx, code)
	if err != nil {
		return err
	}
	qs := snap.Workshop.Questions
	var q *session.Question
	if question != "" {
		parsed, err := session.ParseQuestionIn(qs, question)
		if err != nil {
			return &usageError{msg: err.Error()}
		}
		q = &parsed
	}
	if source != "" && session.Sanitize(source, session.MaxSourceLen) == "" {
		return usagef("--source needs a label, such as --source survey")
	}
	in := inv.stdin
	if in == nil {
		in = strings.NewReader("")
	}
	data, err := io.ReadAll(io.LimitReader(in, maxImportBytes+1))
	if err != nil {
		return fmt.Errorf("reading the answers: %w", err)
	}
	if len(data) > maxImportBytes {
		return fmt.Errorf("the input is larger than %d MiB; nothing was imported", maxImportBytes>>20)
	}
	answers, err := session.ParseImportFor(qs, data, q)
	if err != nil {
		return fmt.Errorf("%w; nothing was imported", err)
	}
	cmd := session.ImportNotes{Source: source, Answers: answers}
	if inv.host {
		err = inv.manager.DoAsHost(ctx, code, cmd)
	} else {
		err = inv.manager.Do(ctx, code, inv.who, cmd)
	}
	if err != nil {
		return err
	}
	var per [session.MaxQuestions]int
	for _, a := range answers {
		if qs.Valid(a.Question) {
			per[a.Question]++
		}
	}
	typed, _ := session.NormalizeCode(code)
	label := session.Sanitize(source, session.MaxSourceLen)
	if label == "" {
		label = session.DefaultSource
	}
	counts := make([]string, qs.Len())
	for _, q := range qs.List() {
		counts[q] = fmt.Sprintf("%s %d", qs.Short(q), per[q])
	}
	fmt.Fprintf(inv.stdout, "added %s to %s, marked %q (%s)\n",
		countNotes(len(answers)), typed, label, strings.Join(counts, ", "))
	return nil
}

func countNotes(n int) string {
	if n == 1 {
		return "1 note"
	}
	return fmt.Sprintf("%d notes", n)
}

// option is a command's --name VALUE option (value set) or --name switch
// (flag set).
type option struct {
	names []string
	value *string
	flag  *bool
}

// parseArgs reads `CODE [options]`: each option given as --name VALUE,
// --name=VALUE, -name VALUE or by a short name, before or after the code;
// a switch takes no value.
func parseArgs(args []string, usage string, opts ...option) (code string, err error) {
	var codes []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			codes = append(codes, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		var opt *option
		for k := range opts {
			if slices.Contains(opts[k].names, name) {
				opt = &opts[k]
			}
		}
		switch {
		case opt == nil:
			return "", usagef("unknown option %q; %s", session.Sanitize(a, 40), usage)
		case opt.flag != nil:
			if hasValue {
				return "", usagef("%s takes no value; %s", session.Sanitize(a, 40), usage)
			}
			*opt.flag = true
			continue
		case !hasValue:
			if i+1 >= len(args) {
				return "", usagef("%s needs a value; %s", session.Sanitize(a, 40), usage)
			}
			i++
			value = args[i]
		}
		*opt.value = value
	}
	if len(codes) != 1 {
		return "", usagef("%s", usage)
	}
	return codes[0], nil
}

func runHelp(_ context.Context, inv *invocation, _ []string) error {
	w := inv.stdout
	fmt.Fprintf(w, "forwhom runs \"Who's your customer?\" workshops over SSH.\n\n")
	fmt.Fprintf(w, "usage: %s [COMMAND]\n\n", inv.addr.ssh())
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  (no command)\topen the lobby: create, join or resume\n")
	for _, c := range commandTable() {
		fmt.Fprintf(tw, "  %s\t%s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nexample: %s export CODE --format csv > segments.csv\n", inv.addr.ssh())
	return nil
}

// sshAddress is how users reach the server with ssh, for the hints the
// server prints.
type sshAddress struct {
	host string
	port string
}

// ssh is the ssh command line that reaches the server, with opts placed
// before the host (ssh reads options only before it).
func (a sshAddress) ssh(opts ...string) string {
	parts := []string{"ssh"}
	if a.port != "" && a.port != "22" {
		parts = append(parts, "-p", a.port)
	}
	parts = append(parts, opts...)
	host := a.host
	if host == "" {
		host = "HOST"
	}
	return strings.Join(append(parts, host), " ")
}
