package plain

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"forwhom/session"
)

// Every command answers bad input with at least one sentence, in every
// phase, and nothing it is given makes it panic or write an escape.
func TestEveryCommandAnswersBadInput(t *testing.T) {
	ctx := context.Background()
	mgr := session.NewManager(session.NewMemoryStore(), session.Options{})
	defer mgr.Close()
	fran := session.Identity{ID: "SHA256:fran", Name: "Fran"}
	pat := session.Identity{ID: "SHA256:pat", Name: "Pat"}
	code, err := mgr.Create(ctx, fran, "Bad input")
	if err != nil {
		t.Fatal(err)
	}
	fc, err := mgr.Join(ctx, code, fran)
	if err != nil {
		t.Fatal(err)
	}
	defer fc.Close()

	var out bytes.Buffer
	c := &client{opts: Options{Manager: mgr, Identity: pat, Now: time.Now}, out: &output{w: &out}}
	c.join(ctx, code)
	defer c.leave()
	if c.conn == nil {
		t.Fatalf("Pat could not join: %s", out.String())
	}

	bad := []string{"", "x", "999", "-1", "0", "1 2 3 4", "who", "into", strings.Repeat("a", 5000), "\x1b[2J\x07", "#", "none none"}
	skip := map[string]bool{"leave": true, "quit": true, "join": true, "new": true}
	steps := []session.Command{
		session.SetPhase{Phase: session.PhaseAnswer},
		session.AddNote{Question: session.QuestionWho, Text: "Someone"},
		session.SetPhase{Phase: session.PhaseGroup},
		session.CreateSegment{Name: "Seg", Notes: []int64{1}},
		session.SetPhase{Phase: session.PhaseVote},
		session.SetPhase{Phase: session.PhasePrioritize},
		session.SetPhase{Phase: session.PhaseDiscuss},
		session.SetPhase{Phase: session.PhaseDone},
	}
	for step := 0; ; step++ {
		for _, cmd := range commands {
			if skip[cmd.name] {
				continue
			}
			for _, arg := range bad {
				out.Reset()
				c.command(ctx, cmd.name+" "+arg)
				got := out.String()
				if strings.TrimSpace(got) == "" {
					t.Errorf("step %d: %q answered nothing", step, clip(cmd.name+" "+arg, 40))
				}
				if strings.ContainsRune(got, 0x1b) {
					t.Errorf("step %d: %q wrote an escape: %q", step, clip(cmd.name+" "+arg, 40), got)
				}
			}
		}
		if step == len(steps) {
			break
		}
		if cs, ok := steps[step].(session.CreateSegment); ok {
			for _, n := range fc.View().NotesFor(session.QuestionWho) {
				if n.Text == "Someone" {
					cs.Notes = []int64{n.ID}
				}
			}
			steps[step] = cs
		}
		if err := fc.Do(ctx, steps[step]); err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		c.refresh()
	}
}

// A workshop with its own questions is read, listed and answered in
// them: help, the Answer intro, add, notes, status and segments name the
// workshop's questions, and its "who" question is the one grouped.
func TestCustomQuestions(t *testing.T) {
	ctx := context.Background()
	mgr := session.NewManager(session.NewMemoryStore(), session.Options{})
	defer mgr.Close()
	fran := session.Identity{ID: "SHA256:fran", Name: "Fran"}
	pat := session.Identity{ID: "SHA256:pat", Name: "Pat"}
	code, err := mgr.Create(ctx, fran, "Drucker")
	if err != nil {
		t.Fatal(err)
	}
	fc, err := mgr.Join(ctx, code, fran)
	if err != nil {
		t.Fatal(err)
	}
	defer fc.Close()
	tmpl, err := mgr.Template(ctx, fran, "drucker")
	if err != nil {
		t.Fatal(err)
	}
	if err := fc.Do(ctx, session.ApplyTemplate{Template: tmpl}); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	c := &client{opts: Options{Manager: mgr, Identity: pat, Now: time.Now}, out: &output{w: &out}}
	c.join(ctx, code)
	defer c.leave()
	if c.conn == nil {
		t.Fatalf("Pat could not join: %s", out.String())
	}
	asks := func(line string, want ...string) {
		t.Helper()
		out.Reset()
		c.command(ctx, line)
		for _, w := range want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%q: no %q in:\n%s", line, w, out.String())
			}
		}
		if strings.Contains(out.String(), "do|value|who") {
			t.Errorf("%q named Heffernan's questions:\n%s", line, out.String())
		}
	}
	next := func(p session.Phase) {
		t.Helper()
		out.Reset()
		if err := fc.Do(ctx, session.SetPhase{Phase: p}); err != nil {
			t.Fatal(err)
		}
		c.refresh()
	}

	asks("help", "notes [primary|supporting|change|value]:", "add primary|supporting|change|value TEXT:", "make a segment of Primary notes")
	next(session.PhaseAnswer)
	for _, w := range []string{
		"Phase Answer: write notes for four questions.",
		"Primary: Who is our primary customer? Supporting: Who are our supporting customers? Change: How will our customers change? Value: What does the customer value?",
		"Type add primary and your note, for example: add primary Product engineers.",
	} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("the Answer intro has no %q:\n%s", w, out.String())
		}
	}
	asks("add primary Product engineers", `Your note "Product engineers" was added to Primary (1 note).`)
	asks("add 1 Mobile team", `Your note "Mobile team" was added to Primary (2 notes).`)
	asks("add 3 They hire more", `Your note "They hire more" was added to Change (1 note).`)
	asks("add who Someone", "Usage: add primary|supporting|change|value TEXT:")
	asks("notes why", `There is no question "why": use primary, supporting, change or value.`)
	asks("notes change", "Change (How will our customers change?): 1 note.", "They hire more (yours)")
	asks("status", "Notes: 2 Primary, 0 Supporting, 1 Change, 0 Value.")
	var primary, change session.NoteView
	for _, n := range c.view.Notes {
		switch n.Text {
		case "Product engineers":
			primary = n
		case "They hire more":
			change = n
		}
	}
	if qs := c.view.Workshop.Questions; qs.Short(primary.Question) != "primary" || qs.Short(change.Question) != "change" {
		t.Fatalf("notes answer %q and %q; want primary and change", qs.Short(primary.Question), qs.Short(change.Question))
	}

	next(session.PhaseGroup)
	if !strings.Contains(out.String(), "Group the Primary notes into customer segments") {
		t.Errorf("the Group intro does not name the who question:\n%s", out.String())
	}
	asks(fmt.Sprintf("make %d Engineers", primary.ID), `"Engineers", was made with 1 note: "Product engineers".`)
	asks(fmt.Sprintf("move %d Engineers", change.ID), `Note "They hire more" was attached to Engineers.`)
	asks("segments", "Change Note", "They hire more", "1 Primary note is in no segment yet.")
}
