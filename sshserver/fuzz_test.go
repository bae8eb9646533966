package sshserver

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"forwhom/session"
)

// FuzzCommandArgs runs the exec-command router on any argument vector, as
// anyone (a facilitator, a participant, a guest, a stranger, the host), over
// a memory store holding two workshops. Whatever the arguments, the router
// must not panic, must exit 0, 1 or 2, must put errors on stderr only (on
// success nothing goes there but new's hint for people), and must write
// nothing a terminal would act on: no escape sequences, no control
// characters but newline and tab (and a carriage return only before a
// newline, as RFC 4180 CSV ends its lines), no invisible format characters,
// only valid UTF-8.
//
// The arguments are the input split at NUL bytes (a trailing NUL ends the
// last argument rather than adding an empty one). In an argument, {code}
// stands for the join code of the workshop the fixture's facilitator runs
// and {other} for the other workshop's. The seeds in
// testdata/fuzz/FuzzCommandArgs cover every command and flag form; they run
// as ordinary tests.
func FuzzCommandArgs(f *testing.F) {
	f.Fuzz(func(t *testing.T, who uint8, argv []byte) {
		args := fuzzArgs(argv)
		mgr := session.NewManager(fuzzStore(t), session.Options{})
		defer mgr.Close()
		var out, errOut bytes.Buffer
		inv := &invocation{
			manager: mgr,
			addr:    sshAddress{host: "example.org", port: []string{"22", "2222"}[who/5%2]},
			stdout:  &out,
			stderr:  &errOut,
		}
		caller := int(who % 5)
		if caller == fuzzHost {
			inv.who, inv.host = session.Identity{ID: "host", Name: "host"}, true
		} else {
			inv.who = fuzzCallers[caller]
		}

		status := runCommand(context.Background(), inv, slices.Clone(args))

		stdout, stderr := out.String(), errOut.String()
		name := "help"
		if len(args) > 0 {
			name = args[0]
		}
		switch {
		case status != 0 && status != 1 && status != 2:
			t.Fatalf("%q exited %d", args, status)
		case status == 0 && stderr != "" && name != "new":
			t.Fatalf("%q succeeded but wrote to stderr: %q", args, stderr)
		case status != 0 && stdout != "":
			t.Fatalf("%q failed (%d) but wrote to stdout: %q", args, status, stdout)
		case status != 0 && !strings.HasSuffix(stderr, "\n"):
			t.Fatalf("%q failed (%d) without a line on stderr: %q", args, status, stderr)
		}
		checkTerminalSafe(t, "stdout", args, stdout)
		checkTerminalSafe(t, "stderr", args, stderr)
		checkNoOracle(t, inv, args, status, stdout, stderr)

		if status != 0 {
			return
		}
		switch name {
		case "new":
			// stdout is the code alone, for code=$(ssh … new T); the hint
			// for people is on stderr.
			code := strings.TrimSuffix(stdout, "\n")
			if _, ok := session.NormalizeCode(code); !ok || code+"\n" != stdout || inv.who.Guest {
				t.Fatalf("%q by %s printed %q, not a join code alone", args, inv.who.ID, stdout)
			}
			if !strings.HasPrefix(stderr, "join with: ssh ") || !strings.HasSuffix(stderr, " join "+code+"\n") {
				t.Fatalf("%q: stderr %q is not the hint to join %s", args, stderr, code)
			}
		case "export":
			// Only a facilitator of the exported workshop, or the host,
			// gets an export.
			code, _, _, err := parseExportArgs(args[1:])
			if err != nil {
				t.Fatalf("%q exported although its arguments do not parse: %v", args, err)
			}
			code, _ = session.NormalizeCode(code)
			snap, err := mgr.Snapshot(context.Background(), code)
			if err != nil {
				t.Fatalf("%q exported workshop %s, which cannot be read: %v", args, code, err)
			}
			if !inv.host && !isFacilitator(snap, inv.who.ID) {
				t.Fatalf("%q: %s, who does not facilitate %s, got its export", args, inv.who.ID, code)
			}
		case "join":
			t.Fatalf("%q succeeded without a terminal", args)
		}
	})
}

// fuzzArgs splits an input into arguments at NUL bytes and puts the
// fixture's join codes in for {code} and {other}.
func fuzzArgs(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	args := strings.Split(string(b), "\x00")
	if args[len(args)-1] == "" {
		args = args[:len(args)-1]
	}
	for i, a := range args {
		args[i] = fuzzCodes.Replace(a)
	}
	return args
}

var fuzzCodes = strings.NewReplacer("{code}", fuzzCode, "{other}", fuzzOtherCode)

// The fixture's workshops: Ana facilitates fuzzCode, where Bob and the
// guest Gus take part and Rex was removed; Bob facilitates fuzzOtherCode,
// from which Ana was removed.
const (
	fuzzCode      = "ABC234"
	fuzzOtherCode = "DEF567"
)

// fuzzCallers are who may run a command, by the fuzzed caller number;
// fuzzHost is the host running `forwhom export` on its own data.
var fuzzCallers = []session.Identity{
	{ID: "SHA256:ana", Name: "Ana"},
	{ID: "SHA256:bob", Name: "Bob"},
	{ID: "guest:gus", Name: "Gus", Guest: true},
	{ID: "SHA256:stranger", Name: "Sam"},
}

const fuzzHost = 4

// fuzzStore returns a memory store holding the fixture's workshops, written
// as the store would hold them: every text already sanitized, as the
// session leaves it.
func fuzzStore(t *testing.T) *session.MemoryStore {
	at := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	st := session.NewMemoryStore()
	set := session.DefaultSettings()
	set.Anonymous, set.VotesRevealed = false, true
	workshops := map[string]*session.Changes{
		fuzzCode: {
			Workshop: &session.WorkshopInfo{Code: fuzzCode, Title: "Platform team 🚀", Phase: session.PhasePrioritize, Settings: set, CreatedBy: "SHA256:ana", CreatedAt: at},
			Participants: []session.Participant{
				{ID: "SHA256:ana", Name: "Ana", Role: session.RoleFacilitator, JoinedAt: at},
				{ID: "SHA256:bob", Name: "Bob | *bold*", JoinedAt: at},
				{ID: "guest:gus", Name: "Gus", Guest: true, JoinedAt: at},
				{ID: "SHA256:rex", Name: "Rex", Removed: true, JoinedAt: at},
			},
			Segments: []session.Segment{{ID: 1, Name: "Builders", Position: 0}, {ID: 2, Name: "Data *people* 日本語", Position: 1}},
			Notes: []session.Note{
				{ID: 1, Question: session.QuestionWho, Text: "Developers", Author: "SHA256:ana", Segment: 1, CreatedAt: at},
				{ID: 2, Question: session.QuestionWho, Text: "=SUM(A1:A9)", Author: "SHA256:bob", Segment: 1, CreatedAt: at},
				{ID: 3, Question: session.QuestionWho, Text: "データサイエンティスト", Author: "guest:gus", Segment: 2, CreatedAt: at},
				{ID: 4, Question: session.QuestionDo, Text: "- run the CI", Author: "SHA256:bob", Segment: 1, CreatedAt: at},
				{ID: 5, Question: session.QuestionValue, Text: "\"Fast\" deploys, 1. always", Author: "SHA256:rex", Segment: 2, CreatedAt: at},
				{ID: 6, Question: session.QuestionWho, Text: "1. Operators <b>", Author: "SHA256:ana", CreatedAt: at},
			},
			Votes: []session.Vote{{Participant: "SHA256:ana", Segment: 1, Dots: 3}, {Participant: "SHA256:bob", Segment: 2, Dots: 2}},
			Picks: []session.Pick{{Participant: "SHA256:ana", Lens: session.LensBiggest, Segment: 1}},
		},
		fuzzOtherCode: {
			Workshop: &session.WorkshopInfo{Code: fuzzOtherCode, Title: "Other team", Phase: session.PhaseLobby, Settings: session.DefaultSettings(), CreatedBy: "SHA256:bob", CreatedAt: at},
			Participants: []session.Participant{
				{ID: "SHA256:bob", Name: "Bob", Role: session.RoleFacilitator, JoinedAt: at},
				{ID: "SHA256:ana", Name: "Ana", Removed: true, JoinedAt: at},
			},
		},
	}
	for code, ch := range workshops {
		if err := st.Commit(context.Background(), code, ch); err != nil {
			t.Fatalf("storing workshop %s: %v", code, err)
		}
	}
	return st
}

// checkTerminalSafe fails if out holds anything a terminal would act on or
// hide: an escape, a control character other than newline and tab (a
// carriage return only before a newline), an invisible format character,
// or invalid UTF-8.
func checkTerminalSafe(t *testing.T, stream string, args []string, out string) {
	if !utf8.ValidString(out) {
		t.Fatalf("%q wrote invalid UTF-8 to %s: %q", args, stream, out)
	}
	for i, r := range out {
		switch {
		case r == '\n' || r == '\t':
		case r == '\r' && strings.HasPrefix(out[i:], "\r\n"):
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			t.Fatalf("%q wrote %U to %s at byte %d: %q", args, r, stream, i, out)
		}
	}
}

// checkNoOracle fails if an export of a workshop the caller may not see
// (they are not in it, or were removed) is answered differently, in any
// byte or in its exit status, from an export of a code no workshop has:
// the answer would tell a guesser which codes are live.
func checkNoOracle(t *testing.T, inv *invocation, args []string, status int, stdout, stderr string) {
	if inv.host || len(args) == 0 || args[0] != "export" {
		return
	}
	typed, _, _, err := parseExportArgs(args[1:])
	if err != nil {
		return
	}
	code, ok := session.NormalizeCode(typed)
	if !ok || (code != fuzzCode && code != fuzzOtherCode) {
		return
	}
	snap, err := inv.manager.Snapshot(context.Background(), code)
	if err != nil {
		t.Fatalf("reading %s: %v", code, err)
	}
	if i := slices.IndexFunc(snap.Participants, func(p session.Participant) bool { return p.ID == inv.who.ID }); i >= 0 && !snap.Participants[i].Removed {
		return // they may see it
	}
	const unknown = "ZZZ999"
	unknownArgs := slices.Clone(args)
	for i, a := range unknownArgs[1:] {
		if a == typed {
			unknownArgs[i+1] = unknown
		}
	}
	var out, errOut bytes.Buffer
	again := *inv
	again.stdout, again.stderr = &out, &errOut
	st := runCommand(context.Background(), &again, unknownArgs)
	if got, want := strings.ReplaceAll(errOut.String(), unknown, code), stderr; st != status || out.String() != stdout || got != want {
		t.Fatalf("%s may not see %s: %q answers (%d, %q, %q); an unknown code answers (%d, %q, %q)",
			inv.who.ID, code, args, status, stdout, stderr, st, out.String(), got)
	}
}

// isFacilitator is the test's own reading of the rule, kept apart from the
// session's so a change there cannot make this check agree with itself.
func isFacilitator(snap *session.Snapshot, id string) bool {
	for _, p := range snap.Participants {
		if p.ID == id {
			return p.Facilitator()
		}
	}
	return false
}
