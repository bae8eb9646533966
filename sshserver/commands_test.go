package sshserver

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"forwhom/session"
)

var codeLine = regexp.MustCompile(`^[` + session.CodeAlphabet + `]{6}$`)

func TestNewPrintsTheJoinCodeAloneOnTheFirstLine(t *testing.T) {
	srv := startTestServer(t)
	ana := newUser(t, srv, "ana")

	// Quoted, as a script would send it; ssh may also flatten the quotes.
	for _, cmd := range []string{`new "Team A"`, `new Team A`} {
		r := ana.run(cmd)
		if r.Status != 0 {
			t.Fatalf("%s exited %d: %s", cmd, r.Status, r.Stderr)
		}
		// stdout is the code and nothing else: code=$(ssh … new T) is the code.
		first := strings.TrimSuffix(r.Stdout, "\n")
		if !codeLine.MatchString(first) {
			t.Errorf("%s: stdout %q is not a join code alone", cmd, r.Stdout)
		}
		if want := "join with: ssh -p " + port(srv) + " -t localhost join " + first + "\n"; r.Stderr != want {
			t.Errorf("%s: stderr %q, want the hint %q", cmd, r.Stderr, want)
		}
		if out := ana.mustRun("export " + first + " --format json"); !strings.Contains(out, `"title": "Team A"`) {
			t.Errorf("%s: export of the code from stdout printed %q", cmd, out)
		}
	}
	out := ana.mustRun("list")
	if n := strings.Count(out, "Team A"); n != 2 {
		t.Errorf("list shows %d workshops titled Team A, want 2:\n%s", n, out)
	}
}

func port(srv *testServer) string {
	return srv.addr.port
}

func TestNewWithoutATitleIsAUsageError(t *testing.T) {
	srv := startTestServer(t)
	r := newUser(t, srv, "ana").run("new")
	if r.Status != 2 || !strings.Contains(r.Stderr, "usage:") || r.Stdout != "" {
		t.Errorf("new without a title: status %d, stdout %q, stderr %q; want 2, nothing, a usage line", r.Status, r.Stdout, r.Stderr)
	}
}

func TestListShowsTheCallersWorkshopsOnly(t *testing.T) {
	srv := startTestServer(t)
	ana, bob := newUser(t, srv, "ana"), newUser(t, srv, "bob")
	code := ana.newWorkshop("Team A")

	out := ana.mustRun("list")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("list printed %d lines, want a header and one workshop:\n%s", len(lines), out)
	}
	if got := strings.Fields(lines[0]); strings.Join(got, " ") != "CODE TITLE PHASE ROLE PARTICIPANTS" {
		t.Errorf("header = %q", lines[0])
	}
	for _, want := range []string{code, "Team A", "lobby", "facilitator", "1"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("row %q lacks %q", lines[1], want)
		}
	}
	// Columns line up: the title starts where TITLE does.
	if strings.Index(lines[0], "TITLE") != strings.Index(lines[1], "Team A") {
		t.Errorf("columns are not aligned:\n%s", out)
	}

	if out := bob.mustRun("list"); strings.TrimSpace(out) != "you have no workshops yet" {
		t.Errorf("bob's list = %q, want that he has none", out)
	}
}

func TestExportByTheFacilitatorPrintsEachFormat(t *testing.T) {
	srv := startTestServer(t)
	ana := newUser(t, srv, "ana")
	code := ana.newWorkshop("Team A")

	tests := []struct {
		name string
		cmd  string
		want string
	}{
		{"markdown is the default", "export " + code, "# Team A"},
		{"csv with --format X", "export " + code + " --format csv", strings.Join(session.CSVHeader, ",")},
		{"csv with --format=X", "export " + code + " --format=csv", strings.Join(session.CSVHeader, ",")},
		{"json with -f X before the code", "export -f json " + code, `"code": "` + code + `"`},
		{"a lower-case code is accepted", "export " + strings.ToLower(code) + " -f csv", "rank,segment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ana.run(tt.cmd)
			if r.Status != 0 || r.Stderr != "" {
				t.Fatalf("%s: status %d, stderr %q", tt.cmd, r.Status, r.Stderr)
			}
			if !strings.Contains(r.Stdout, tt.want) {
				t.Errorf("%s printed\n%s\nwant it to contain %q", tt.cmd, r.Stdout, tt.want)
			}
		})
	}
}

func TestExportIsRefusedToAnyoneButAFacilitator(t *testing.T) {
	srv := startTestServer(t)
	ana, bob := newUser(t, srv, "ana"), newUser(t, srv, "bob")
	code := ana.newWorkshop("Team A")

	// Neither is in the workshop: they are answered, byte for byte and in
	// the exit status, what a code no workshop has is answered, so the
	// answer does not tell them the code is live.
	for _, u := range []*user{bob, newGuest(t, srv, "gus")} {
		r := u.run("export " + code + " --format csv")
		unknown := u.run("export ZZZ999 --format csv")
		if r.Status == 0 || r.Stdout != "" {
			t.Errorf("%s exported: status %d, stdout %q", u.name, r.Status, r.Stdout)
		}
		got := strings.ReplaceAll(r.Stderr, code, "CODE")
		want := strings.ReplaceAll(unknown.Stderr, "ZZZ999", "CODE")
		if got != want || r.Status != unknown.Status || r.Stdout != unknown.Stdout {
			t.Errorf("%s exporting a live code not theirs: status %d, %q; an unknown code: status %d, %q",
				u.name, r.Status, r.Stderr, unknown.Status, unknown.Stderr)
		}
	}
}

func TestExportFailuresExplainThemselves(t *testing.T) {
	srv := startTestServer(t)
	ana := newUser(t, srv, "ana")
	code := ana.newWorkshop("Team A")
	tests := []struct {
		name   string
		cmd    string
		status int
		stderr string
	}{
		{"an unknown code", "export ABCDEF", 1, "you have no workshop with the code ABCDEF"},
		{"something that is not a code", "export nope", 1, "is not a join code"},
		{"an unknown format", "export " + code + " --format pdf", 2, `unknown format "pdf"`},
		{"no code", "export --format csv", 2, "usage: export CODE"},
		{"a format flag without a value", "export " + code + " --format", 2, "needs a value"},
		{"an unknown option", "export " + code + " --pretty", 2, `unknown option "--pretty"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ana.run(tt.cmd)
			if r.Status != tt.status || !strings.Contains(r.Stderr, tt.stderr) || r.Stdout != "" {
				t.Errorf("%s: status %d, stdout %q, stderr %q; want status %d and %q",
					tt.cmd, r.Status, r.Stdout, r.Stderr, tt.status, tt.stderr)
			}
		})
	}
}

func TestGuestsCannotCreateWorkshops(t *testing.T) {
	srv := startTestServer(t)
	r := newGuest(t, srv, "gus").run(`new "Team G"`)
	if r.Status == 0 || r.Stdout != "" {
		t.Errorf("a guest created a workshop: status %d, stdout %q", r.Status, r.Stdout)
	}
	if !strings.Contains(r.Stderr, "guests cannot create workshops") {
		t.Errorf("the guest was told %q", r.Stderr)
	}
}

func TestUnknownCommandSaysWhatToTry(t *testing.T) {
	srv := startTestServer(t)
	r := newUser(t, srv, "ana").run("frobnicate now")
	if r.Status != 2 || r.Stdout != "" {
		t.Errorf("status %d, stdout %q; want 2 and nothing", r.Status, r.Stdout)
	}
	if want := `unknown command "frobnicate"; try: ssh -p ` + port(srv) + " localhost help"; !strings.Contains(r.Stderr, want) {
		t.Errorf("stderr %q, want %q", r.Stderr, want)
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	srv := startTestServer(t)
	r := newGuest(t, srv, "gus").run("help")
	if r.Status != 0 || r.Stderr != "" {
		t.Fatalf("help: status %d, stderr %q", r.Status, r.Stderr)
	}
	for _, c := range commandTable() {
		line := "  " + strings.TrimSpace(c.name+" "+c.args)
		if !strings.Contains(r.Stdout, line) || !strings.Contains(r.Stdout, c.summary) {
			t.Errorf("help does not describe %s:\n%s", c.name, r.Stdout)
		}
	}
}

func TestJoinWithoutATerminalSaysToAddT(t *testing.T) {
	srv := startTestServer(t)
	ana := newUser(t, srv, "ana")
	code := ana.newWorkshop("Team A")
	r := ana.run("join " + code)
	want := "join needs a terminal: use ssh -p " + port(srv) + " -t localhost join " + code
	if r.Status != 1 || !strings.Contains(r.Stderr, want) {
		t.Errorf("status %d, stderr %q; want 1 and %q", r.Status, r.Stderr, want)
	}
}

func TestParseExportArgs(t *testing.T) {
	seg, steps := session.TableSegments, session.TableNextSteps
	tests := []struct {
		name   string
		args   []string
		code   string
		format session.Format
		table  session.Table
		bad    bool
	}{
		{"a code alone is markdown", []string{"ABC234"}, "ABC234", session.FormatMarkdown, seg, false},
		{"--format X", []string{"ABC234", "--format", "csv"}, "ABC234", session.FormatCSV, seg, false},
		{"--format=X", []string{"ABC234", "--format=json"}, "ABC234", session.FormatJSON, seg, false},
		{"-f X before the code", []string{"-f", "md", "ABC234"}, "ABC234", session.FormatMarkdown, seg, false},
		{"-format X", []string{"ABC234", "-format", "CSV"}, "ABC234", session.FormatCSV, seg, false},
		{"markdown spelled out", []string{"ABC234", "-f=markdown"}, "ABC234", session.FormatMarkdown, seg, false},
		{"--table next-steps", []string{"ABC234", "--format", "csv", "--table", "next-steps"}, "ABC234", session.FormatCSV, steps, false},
		{"--table=segments before the code", []string{"--table=segments", "ABC234", "-f=csv"}, "ABC234", session.FormatCSV, seg, false},
		{"two codes", []string{"ABC234", "DEF567"}, "", "", "", true},
		{"no code", []string{"--format", "csv"}, "", "", "", true},
		{"an unknown format", []string{"ABC234", "--format", "xml"}, "", "", "", true},
		{"an unknown table", []string{"ABC234", "--table", "votes"}, "", "", "", true},
		{"a missing table", []string{"ABC234", "--table"}, "", "", "", true},
		{"a missing value", []string{"ABC234", "-f"}, "", "", "", true},
		{"an unknown option", []string{"ABC234", "--all"}, "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, format, table, err := parseExportArgs(tt.args)
			if tt.bad {
				if err == nil {
					t.Fatalf("parseExportArgs(%q) = %q, %q, %q; want a usage error", tt.args, code, format, table)
				}
				return
			}
			if err != nil || code != tt.code || format != tt.format || table != tt.table {
				t.Errorf("parseExportArgs(%q) = %q, %q, %q, %v; want %q, %q, %q", tt.args, code, format, table, err, tt.code, tt.format, tt.table)
			}
		})
	}
}

// The router needs no SSH: the same invocation over a memory store.
func TestRouterOverAMemoryStore(t *testing.T) {
	mgr := session.NewManager(session.NewMemoryStore(), session.Options{})
	t.Cleanup(mgr.Close)
	var out, errOut bytes.Buffer
	inv := &invocation{
		manager: mgr,
		who:     session.Identity{ID: "SHA256:ana", Name: "ana"},
		addr:    sshAddress{host: "example.org", port: "22"},
		stdout:  &out,
		stderr:  &errOut,
	}
	if status := runCommand(context.Background(), inv, []string{"new", "Team", "A"}); status != 0 {
		t.Fatalf("new: status %d, stderr %q", status, errOut.String())
	}
	code := strings.TrimSuffix(out.String(), "\n")
	if want := "join with: ssh -t example.org join " + code + "\n"; errOut.String() != want {
		t.Errorf("hint = %q, want %q (no -p for port 22)", errOut.String(), want)
	}
	out.Reset()
	if status := runCommand(context.Background(), inv, nil); status != 0 || !strings.Contains(out.String(), "usage: ssh example.org [COMMAND]") {
		t.Errorf("no arguments: status %d, stdout %q; want help", status, out.String())
	}
}
