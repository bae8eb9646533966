package tui

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// In Discuss a participant's screen takes every next step, type and
// spotlight move of the room: taking the change (the view written over the
// last one, the screen's state reconciled, its keys synced) allocates
// nothing.
func TestAWatchedParticipantTakesDiscussChangesWithoutAllocating(t *testing.T) {
	ctx := context.Background()
	mgr := session.NewManager(session.NewMemoryStore(), session.Options{})
	t.Cleanup(mgr.Close)
	fran := session.Identity{ID: "fran", Name: "Fran"}
	code, err := mgr.Create(ctx, fran, "Discuss")
	if err != nil {
		t.Fatal(err)
	}
	fc, err := mgr.Join(ctx, code, fran)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fc.Close)
	do := func(cmd session.Command) {
		t.Helper()
		if err := fc.Do(ctx, cmd); err != nil {
			t.Fatalf("%T: %v", cmd, err)
		}
	}
	do(session.SetPhase{Phase: session.PhaseAnswer})
	for i := range 4 {
		do(session.AddNote{Question: session.QuestionWho, Text: fmt.Sprint("customers ", i)})
	}
	do(session.SetPhase{Phase: session.PhaseGroup})
	for _, n := range fc.View().Notes {
		do(session.CreateSegment{Notes: []int64{n.ID}})
	}
	for _, p := range []session.Phase{session.PhaseVote, session.PhasePrioritize, session.PhaseDiscuss} {
		do(session.SetPhase{Phase: p})
	}
	segs := fc.View().Segments

	pat := session.Identity{ID: "pat", Name: "Pat"}
	m := New(Options{Manager: mgr, Identity: pat})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Update(joinWorkshop(mgr, code, pat)())
	m.shareFrames, m.watched = true, true
	t.Cleanup(m.Close)
	turn := func() {
		_, _, view, _ := m.watching()
		m.Update(view())
	}
	var before, after runtime.MemStats
	var mallocs uint64
	const changes = 24
	for i := range changes + 4 {
		seg := segs[i%len(segs)].ID
		switch i % 3 {
		case 0:
			do(session.AddNextStep{Segment: seg, Kind: session.StepTalkTo, Text: fmt.Sprint("step ", i), Owner: "Pat"})
		case 1:
			do(session.Spotlight{Segment: seg})
		case 2:
			do(session.SetSegmentType{Segment: seg, Type: session.TypeEndUser})
		}
		fc.View() // the room's board is built once per change, not per participant
		runtime.ReadMemStats(&before)
		turn()
		runtime.ReadMemStats(&after)
		if i >= 4 { // the first turns grow the reused views
			mallocs += after.Mallocs - before.Mallocs
		}
	}
	if got, want := m.ws.view.Spotlight, fc.View().Spotlight; got != want {
		t.Fatalf("Pat's screen has %d in the spotlight, the room %d", got, want)
	}
	if mallocs > 2 { // a stray allocation elsewhere in the process is tolerated
		t.Errorf("%d allocations in %d changes taken; want none", mallocs, changes)
	}
}
