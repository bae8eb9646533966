package plain

import (
	"bytes"
	"context"
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
