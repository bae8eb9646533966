package tui_test

import (
	"context"
	"fmt"
	"testing"

	"forwhom/session"
)

// Putting 40 selected notes in a segment is one action: it goes through
// with an allowance of three actions, and the room sees one change.
func TestGroupingFortySelectedNotesIsOneAction(t *testing.T) {
	lim := session.DefaultLimits()
	lim.ActionsPerSecond, lim.ActionBurst = 0.0001, 3 // no refill during the test
	mgr := session.NewManager(session.NewMemoryStore(), session.Options{Now: clock, Limits: lim})
	t.Cleanup(mgr.Close)
	ctx := context.Background()
	code, err := mgr.Create(ctx, fran, "Platform team")
	if err != nil {
		t.Fatal(err)
	}
	r := &room{t: t, mgr: mgr, code: code, conns: map[string]*session.Conn{}}
	r.conn(pat)
	r.do(fran, session.SetPhase{Phase: session.PhaseAnswer})
	for p := range 14 { // 42 notes, three by each writer
		who := session.Identity{ID: fmt.Sprint("SHA256:writer", p), Name: fmt.Sprint("Writer ", p)}
		for i := range 3 {
			r.do(who, session.AddNote{Question: session.QuestionWho, Text: fmt.Sprintf("customer %02d", p*3+i)})
		}
	}
	r.do(fran, session.SetPhase{Phase: session.PhaseGroup})
	r.do(fran, session.CreateSegment{Name: "Everyone", Notes: []int64{r.note("customer 00").ID}})
	seg := r.segment("Everyone").ID

	tt := start(t, r.options(pat), 120, 40)
	tt.waitText("● Group", "41 not in a segment")
	for range 40 {
		tt.press("space")
	}
	tt.waitText("40 notes selected")
	before := r.snapshot().Version
	tt.press("tab", "enter")
	eventually(t, "40 notes put in the segment", func() bool {
		n := 0
		for _, note := range r.snapshot().Notes {
			if note.Segment == seg {
				n++
			}
		}
		return n == 41
	})
	if v := r.snapshot().Version; v != before+1 {
		t.Errorf("grouping 40 notes made %d changes, want 1", v-before)
	}
	tt.waitText("1 not in a segment")
	// Pat has two actions of three left: the grouping took one.
	for i := range 2 {
		if err := r.conn(pat).Do(ctx, session.RenameSegment{Segment: seg, Name: fmt.Sprint("Everyone ", i)}); err != nil {
			t.Fatalf("action %d after the grouping: %v", i+2, err)
		}
	}
	if err := r.conn(pat).Do(ctx, session.RenameSegment{Segment: seg, Name: "Once more"}); err == nil {
		t.Errorf("a fourth action went through: the allowance is three")
	}
}
