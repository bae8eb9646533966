package sshserver

import (
	"encoding/json"
	"strings"
	"testing"

	"forwhom/session"
)

// runs is one workshop of a series over SSH: the room answers and groups
// with the TUI, one segment per "who" note, Pat voting for the first.
// In Discuss, Fran agrees the next step step (if any) for the top segment.
func runs(t *testing.T, fran, pat *person, code string, who, describe, do []string, step string) {
	t.Helper()
	fran.joins(code)
	pat.joins(code)
	room{fran, pat}.sees("● Lobby", "Who is here (2 people)")
	fran.presses(">")
	room{fran, pat}.sees("● Answer", "1 Who do you serve with what", "2 Describe that person")
	pat.answers(who, describe, do)
	fran.presses(">")
	room{fran, pat}.sees("● Group")
	for _, n := range who {
		pat.picks(n)
		pat.presses("s")
		pat.sees("New segment of 1 note")
		pat.presses("enter") // named after its note
		pat.sees("▸ " + n + " (1)")
	}
	fran.presses(">")
	room{fran, pat}.sees("● Vote")
	pat.highlights(who[0] + " (")
	pat.presses("+", "+")
	pat.sees("Dots left: 3 of 5")
	fran.presses(">")
	room{fran, pat}.sees("● Prioritize")
	fran.presses(">")
	room{fran, pat}.sees("● Discuss")
	if step != "" {
		fran.presses("a")
		fran.sees("Next step? 1 talk to")
		fran.presses("1")
		fran.types(step)
		fran.presses("enter")
		fran.sees("Owner ›")
		fran.presses("enter")
		fran.sees("Due ›")
		fran.presses("enter")
		pat.sees(step)
	}
	fran.presses(">")
	room{fran, pat}.sees("● Done")
}

// A facilitator runs the same workshop twice, with questions from a
// template, and compares the two; the participant cannot.
func TestASeriesOfWorkshopsEndToEnd(t *testing.T) {
	srv := startTestServer(t)
	fran := newPerson(t, srv, "Fran", 120, 40)
	pat := newPerson(t, srv, "Pat", 120, 40)

	// The templates, and a workshop from one.
	list := fran.mustRun("templates")
	for _, want := range []string{"heffernan (built-in)", "customer-now (built-in)", "drucker (built-in)",
		"Who do you serve with what you do?", "Who is our primary customer?"} {
		if !strings.Contains(list, want) {
			t.Errorf("templates lacks %q:\n%s", want, list)
		}
	}
	if r := fran.run(`new "Team A" --template nosuch`); r.Status != 1 || !strings.Contains(r.Stderr, "there is no template") {
		t.Errorf("new with an unknown template: %d %q", r.Status, r.Stderr)
	}
	out := fran.mustRun(`new "Team A" --template customer-now`)
	first, _, _ := strings.Cut(out, "\n")
	if !joinCode.MatchString(first) {
		t.Fatalf("new --template printed %q", out)
	}
	runs(t, fran, pat, first,
		[]string{"Release managers", "Auditors"}, []string{"Busy, risk-averse"}, []string{"Ship their releases"},
		"Call two release managers")

	// Fran keeps these questions as her own template.
	if out := fran.mustRun("templates save " + first + " release team"); out != "saved template release-team\n" {
		t.Errorf("templates save printed %q", out)
	}
	if r := pat.run("templates"); strings.Contains(r.Stdout, "release-team") {
		t.Errorf("Pat's templates list Fran's:\n%s", r.Stdout)
	}

	// A follow-up: the same questions, the earlier next steps in its
	// Lobby under their segment, and none of the earlier answers while
	// answering.
	out = fran.mustRun("again " + first + " Team A, Q2")
	second, _, _ := strings.Cut(out, "\n")
	if !joinCode.MatchString(second) || second == first {
		t.Fatalf("again printed %q", out)
	}
	fran.joins(second)
	pat.joins(second)
	room{fran, pat}.sees("Team A, Q2", "Next steps from last time ("+first+")", "1 Release managers",
		"Call two release")
	fran.presses("space")
	room{fran, pat}.sees("✓ done")
	fran.presses(">")
	pat.sees("● Answer", "1 Who do you serve with what")
	pat.doesNotSee("Release managers", "Auditors", "Busy, risk-averse", "Ship their releases")
	pat.presses("ctrl+c")
	fran.presses("<")
	fran.sees("● Lobby")
	fran.presses("ctrl+c")
	runs(t, fran, pat, second,
		[]string{"Auditors", "Platform owners"}, []string{"Careful"}, []string{"Evidence on demand"}, "")
	fran.presses("M")
	fran.sees("Since last time", "Platform owners", "new", "Release managers", "dropped")

	// Compare, as Markdown and as JSON.
	md := fran.mustRun("compare " + first + " " + second)
	for _, want := range []string{"# Comparison of " + first + ", " + second, "| Auditors | 2 of 2 |", "## Where they disagree most"} {
		if !strings.Contains(md, want) {
			t.Errorf("compare lacks %q:\n%s", want, md)
		}
	}
	var cmp session.Comparison
	if err := json.Unmarshal([]byte(fran.mustRun("compare "+first+" "+second+" --format json")), &cmp); err != nil {
		t.Fatal(err)
	}
	if len(cmp.Workshops) != 2 || cmp.Segments[0].Name != "Auditors" || cmp.Segments[0].NamedBy != 2 {
		t.Errorf("compare as JSON: %+v", cmp)
	}

	// Pat took part in both, but facilitates neither.
	r := pat.run("compare " + first + " " + second)
	if r.Status != 1 || r.Stdout != "" || !strings.Contains(r.Stderr, "only a facilitator of "+first+" can compare it") {
		t.Errorf("Pat's compare: exit %d, stdout %q, stderr %q", r.Status, r.Stdout, r.Stderr)
	}
	if r := pat.run("again " + first); r.Status != 1 || !strings.Contains(r.Stderr, "only a facilitator") {
		t.Errorf("Pat's again: exit %d, stderr %q", r.Status, r.Stderr)
	}
}
