package sshserver

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"forwhom/internal/termclient"
)

// plainPerson is someone in plain mode: what they typed goes in as lines,
// what they read is the raw transcript.
type plainPerson struct {
	*user
	term *termclient.Term
	raw  *syncBuffer
}

// openPlain opens cmd in plain mode with the given terminal options.
func openPlain(t *testing.T, u *user, cmd string, o termclient.Options) *plainPerson {
	t.Helper()
	c := u.dial()
	raw := &syncBuffer{}
	o.Record = raw
	term, err := termclient.OpenWith(c, cmd, 80, 24, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = term.Close() })
	return &plainPerson{user: u, term: term, raw: raw}
}

// transcript is what the person has read, line breaks as "\n".
func (p *plainPerson) transcript() string {
	return strings.ReplaceAll(p.raw.String(), "\r\n", "\n")
}

// reads waits until the transcript has every line in lines (whole lines).
func (p *plainPerson) reads(lines ...string) {
	p.t.Helper()
	p.readsAfter(0, lines...)
}

// readsAfter is reads for the transcript past its first from bytes.
func (p *plainPerson) readsAfter(from int, lines ...string) {
	p.t.Helper()
	deadline := time.After(screenTimeout)
	for {
		text := "\n" + p.transcript()[from:]
		missing := ""
		for _, l := range lines {
			if !strings.Contains(text, "\n"+l+"\n") {
				missing = l
				break
			}
		}
		if missing == "" {
			return
		}
		select {
		case <-p.term.Changed():
		case <-p.term.Done():
			p.t.Fatalf("%s's session ended before they read %q; transcript:\n%s", p.name, missing, p.transcript())
		case <-deadline:
			p.t.Fatalf("%s never read %q; transcript:\n%s", p.name, missing, p.transcript())
		}
	}
}

// typesLine types a command and enter.
func (p *plainPerson) typesLine(line string) {
	p.t.Helper()
	if err := p.term.Press(line, "enter"); err != nil {
		p.t.Fatal(err)
	}
}

// asks types a command and waits for its answer.
func (p *plainPerson) asks(line string, answer ...string) {
	p.t.Helper()
	from := len(p.transcript())
	p.typesLine(line)
	p.readsAfter(from, answer...)
}

// A screen-reader user in plain mode runs a workshop with two people on
// the full-screen TUI: plain mode prints every change as a sentence,
// once and in order, never moves the cursor or erases, and answers every
// bad command with a sentence.
func TestPlainModeWorkshopWithTUIParticipants(t *testing.T) {
	srv := startTestServer(t)
	fran := newUser(t, srv, "Fran") // the facilitator, on a screen reader
	code, _, _ := strings.Cut(fran.mustRun(`new "Plain team"`), "\n")
	pf := openPlain(t, fran, "join "+code+" --plain", termclient.Options{})
	pf.reads(`You joined "Plain team" (code `+code+`) as a facilitator.`, "1 person is here: Fran.")

	sam := newPerson(t, srv, "Sam", 100, 30)
	kim := newPerson(t, srv, "Kim", 100, 30)
	tuis := room{sam, kim}
	sam.joins(code)
	pf.reads("Sam joined.")
	kim.joins(code)
	pf.reads("Kim joined.")

	pf.asks("help", "help: list the commands.", "add do|value|who TEXT: add a note to a question (Answer).", "next: move the workshop to the next phase.")

	// Bad input, each refused with a sentence.
	pf.asks("frobnicate", `There is no command "frobnicate". Type help for the list.`)
	pf.asks("vote 1", `There is no segment "1". Type segments to list them with their numbers.`)
	pf.asks("add", "Usage: add do|value|who TEXT: add a note to a question (Answer).")
	pf.asks("add why Because", "Usage: add do|value|who TEXT: add a note to a question (Answer).")
	pf.asks("add who Too early", "Refused: You can add notes only in the Answer phase, not in Lobby.")
	pf.asks("timer soon", "A timer runs for a number of minutes between 1 and 240, or type timer off.")
	pf.asks("back", "The workshop is in its first phase already.")

	// Answer.
	pf.asks("next", "The workshop moved to Answer.", "Phase Answer: write notes for three questions.")
	tuis.sees("● Answer")
	pf.asks("add who Product engineers", `Your note "Product engineers" was added to Who (1 note).`)
	sam.answers(nil, nil, []string{"Mobile team"})
	pf.reads("A note was added to Who (2 notes).")
	kim.answers(nil, nil, []string{"SRE on-call"})
	pf.reads("A note was added to Who (3 notes).")
	pf.asks("add do Patch clusters", `Your note "Patch clusters" was added to Do (1 note).`)
	pf.asks("notes who", "Who (Who do we deliver this value for?): 3 notes, 2 hidden until Group.")
	// The workshop is anonymous: who is done writing is not announced
	// (with each new note announced, it would tell whose the notes are).
	kim.presses("space")
	kim.sees("You: done ✓")
	pf.asks("timer 0.05", "A timer was set: 3 seconds left.")
	pf.reads("Time is up.")
	tuis.sees("time's up")

	// Group: Fran makes a segment, Sam another, Fran renames and attaches.
	pf.asks("next", "The workshop moved to Group.", "Phase Group: all 4 notes are revealed. Group the Who notes into customer segments: type notes, segments, make, move, rename.")
	tuis.sees("● Group", "Mobile team", "SRE on-call", "Product engineers")
	pf.typesLine("notes")
	pf.reads("Who (Who do we deliver this value for?): 3 notes.")
	ids := noteNumbers(t, pf.transcript())
	pf.asks("make", "Usage: make NOTE... NAME: make a segment of Who notes, for example: make 4 7 Product engineers (Group).")
	pf.asks("make 999 Nobody", "There is no note 999. Type notes to list them with their numbers.")
	pf.asks(fmt.Sprintf("make %d Operators", ids["Patch clusters"]), `Refused: Only "who" notes form segments; attach "do" notes to a segment instead.`)
	pf.asks(fmt.Sprintf("make %d %d Operators", ids["Mobile team"], ids["SRE on-call"]),
		`Segment 1, "Operators", was made with 2 notes: "Mobile team", "SRE on-call".`)
	tuis.sees("▸ Operators (2)")
	sam.picks("Product engineers")
	sam.presses("s")
	sam.sees("New segment of 1 note")
	sam.types("Engineers")
	sam.presses("enter")
	pf.reads(`Segment 2, "Engineers", was made with 1 note: "Product engineers".`)
	pf.asks("rename 2 Product engineers", `Segment "Engineers" was renamed "Product engineers".`)
	tuis.sees("▸ Product engineers (1)")
	pf.asks(fmt.Sprintf("move %d to operators", ids["Patch clusters"]), `Note "Patch clusters" was attached to Operators.`)
	pf.asks("rename 7 Ghosts", `There is no segment "7". Type segments to list them with their numbers.`)

	// Vote.
	pf.asks("next", "The workshop moved to Vote.", "Voting opened: you have 5 dots, at most 3 on one segment. Type segments to list them, vote and a segment number to place a dot.")
	tuis.sees("● Vote", "Dots left: 5 of 5")
	pf.asks("vote Operators 2", "You have 1 dot on Operators; 4 dots left.", "You have 2 dots on Operators; 3 dots left.")
	pf.asks("vote Operators 2", "You have 3 dots on Operators; 2 dots left.", "Refused: You may put at most 3 dots on one segment.")
	pf.asks("unvote Operators", "You have 2 dots on Operators; 3 dots left.")
	sam.highlights("Product engineers (")
	sam.presses("+", "+")
	sam.sees("Dots left: 3 of 5")
	kim.highlights("Product engineers (")
	kim.presses("+")
	kim.sees("Dots left: 4 of 5")
	pf.asks("reveal", "The vote totals were revealed:", "Product engineers: 3 votes, rank 1.", "Operators: 2 votes, rank 2.")
	kim.highlights("Operators (")
	kim.presses("+", "+")
	pf.reads("Operators: 4 votes, rank 1.", "Product engineers: 3 votes, rank 2.")

	// Prioritize and done.
	pf.asks("next", "The workshop moved to Prioritize.")
	pf.asks("pick biggest 2", "You picked Product engineers as biggest.", "Product engineers now leads biggest, with 1 pick.")
	pf.asks("pick largest 2", "Usage: pick biggest|valuable|underserved SEGMENT|none: pick a segment for an insight (Prioritize).")
	pf.asks("next", "The workshop moved to Discuss.", "In the spotlight: Operators (segment 1, 0 next steps).")
	tuis.sees("● Discuss")
	pf.asks("step 1 talk Call three SRE leads", `A next step was added to Operators: talk to "Call three SRE leads".`)
	pf.asks("type 1 buyer", "Customer type of Operators: buyer/payer.")
	pf.asks("type 1 alien", `There is no customer type "alien": use enduser, buyer, decisionmaker, internal, stakeholder, partner, or none.`)
	pf.asks("step 1 dance Now", `There is no kind of step "dance": use talk, hypothesis, survey or observe.`)
	pf.asks("spotlight 2", "In the spotlight: Product engineers (segment 2, 0 next steps).")
	pf.asks("next", "The workshop moved to Done.", "The workshop is done. The segments, ranked:")
	tuis.sees("● Done")
	pf.asks("quit", "Bye from forwhom.")
	select {
	case <-pf.term.Done():
	case <-time.After(screenTimeout):
		t.Fatalf("quit did not end the plain session")
	}

	text := pf.transcript()
	// No cursor addressing, no erasing, no colours: not one escape.
	if i := strings.IndexByte(text, 0x1b); i >= 0 {
		t.Errorf("the plain client received an escape sequence: %q", text[i:min(len(text), i+12)])
	}
	// Each change is announced once, in the order it happened.
	order := []string{
		"Sam joined.", "Kim joined.",
		"The workshop moved to Answer.",
		`Your note "Product engineers" was added to Who (1 note).`,
		"A note was added to Who (2 notes).",
		"A note was added to Who (3 notes).",
		`Your note "Patch clusters" was added to Do (1 note).`,
		"A timer was set: 3 seconds left.",
		"Time is up.",
		"The workshop moved to Group.",
		`Segment 1, "Operators", was made with 2 notes: "Mobile team", "SRE on-call".`,
		`Segment 2, "Engineers", was made with 1 note: "Product engineers".`,
		`Segment "Engineers" was renamed "Product engineers".`,
		`Note "Patch clusters" was attached to Operators.`,
		"The workshop moved to Vote.",
		"You have 1 dot on Operators; 4 dots left.",
		"You have 2 dots on Operators; 3 dots left.",
		"You have 3 dots on Operators; 2 dots left.",
		"The vote totals were revealed:",
		"Operators: 4 votes, rank 1.",
		"The workshop moved to Prioritize.",
		"You picked Product engineers as biggest.",
		"The workshop moved to Discuss.",
		`A next step was added to Operators: talk to "Call three SRE leads".`,
		"In the spotlight: Product engineers (segment 2, 0 next steps).",
		"The workshop moved to Done.",
	}
	// A dot taken back leaves two again; totals are listed again by
	// Prioritize and Done, after the change was announced.
	times := map[string]int{"You have 2 dots on Operators; 3 dots left.": 2, "Operators: 4 votes, rank 1.": 3}
	last := -1
	for _, l := range order {
		want := max(1, times[l])
		if n := strings.Count("\n"+text, "\n"+l+"\n"); n != want {
			t.Errorf("%q was announced %d times; want %d", l, n, want)
			continue
		}
		i := strings.Index(text, l)
		if i < last {
			t.Errorf("%q was announced out of order", l)
		}
		last = i
	}
	if t.Failed() {
		t.Logf("transcript:\n%s", text)
	}
}

// noteNumbers reads "Note N: TEXT (…)." lines of a listing.
func noteNumbers(t *testing.T, transcript string) map[string]int {
	t.Helper()
	ids := map[string]int{}
	re := regexp.MustCompile(`(?m)^Note (\d+): (.*?)(?: \(.*\))?\.$`)
	for _, m := range re.FindAllStringSubmatch(transcript, -1) {
		var n int
		fmt.Sscan(m[1], &n)
		ids[m[2]] = n
	}
	for _, want := range []string{"Product engineers", "Mobile team", "SRE on-call", "Patch clusters"} {
		if ids[want] == 0 {
			t.Fatalf("no number for note %q in:\n%s", want, transcript)
		}
	}
	return ids
}

// Plain mode is also what ACCESSIBLE=1 and TERM=dumb ask for, with or
// without a join code; exec commands stay as they are.
func TestPlainModeFromTheEnvironment(t *testing.T) {
	srv := startTestServer(t)
	u := newUser(t, srv, "Ada")
	code, _, _ := strings.Cut(u.mustRun(`new "Env"`), "\n")
	a := openPlain(t, u, "join "+code, termclient.Options{Env: []string{"ACCESSIBLE=1"}})
	a.reads("forwhom, plain mode. Type help for the commands.", `You joined "Env" (code `+code+`) as a facilitator.`)
	a.asks("quit", "Bye from forwhom.")

	d := openPlain(t, u, "", termclient.Options{Term: "dumb"})
	d.reads("Type join and a code to join a workshop, new and a title to make one, or workshops to list yours.")
	d.asks("notes", "notes works in a workshop: type join and a code first.")
	d.asks("workshops", "You are in 1 workshop:", code+`: "Env", phase Lobby.`)
	d.asks("join "+code, `You joined "Env" (code `+code+`) as a facilitator.`)
	d.asks("quit", "Bye from forwhom.")

	// Without a PTY: the client's own terminal edits the line.
	r := u.run("join " + code + " --plain")
	if !strings.Contains(r.Stdout, `You joined "Env"`) || strings.Contains(r.Stdout, "\x1b") {
		t.Errorf("plain mode without a PTY printed %q", r.Stdout)
	}
	// An exec command with ACCESSIBLE set is still the command.
	if out := u.mustRun("list"); !strings.Contains(out, code) {
		t.Errorf("list printed %q", out)
	}
	// ACCESSIBLE=0 is the TUI.
	tui := openPlain(t, u, "join "+code, termclient.Options{Env: []string{"ACCESSIBLE=0"}})
	if _, err := tui.term.WaitText(screenTimeout, "● Lobby"); err != nil {
		t.Errorf("ACCESSIBLE=0 did not open the screen: %v", err)
	}
}
