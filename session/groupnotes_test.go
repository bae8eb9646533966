package session_test

import (
	"errors"
	"fmt"
	"testing"

	"forwhom/session"
)

// fortyNotes writes 40 notes (30 "who", 5 "do", 5 "value") by four
// participants and moves the room to Group.
func fortyNotes(t *testing.T, w *workshop) []int64 {
	t.Helper()
	w.phase(session.PhaseAnswer)
	var ids []int64
	for p := range 4 {
		c := w.participant(fmt.Sprint("p", p), fmt.Sprint("P", p))
		for i := range 10 {
			q := session.QuestionWho
			switch {
			case i == 7:
				q = session.QuestionDo
			case i == 8:
				q = session.QuestionValue
			}
			ids = append(ids, w.note(c, q, fmt.Sprintf("note %d.%d", p, i)))
		}
	}
	w.phase(session.PhaseGroup)
	return ids
}

func TestGroupingFortyNotesIsOneAction(t *testing.T) {
	w := newWorkshop(t)
	ids := fortyNotes(t, w)
	// An existing segment the notes go into.
	seg := w.segment(w.fac, "Everyone", ids[0])

	pat := w.participant("pat", "Pat")
	before := w.snap().Version
	w.do(pat, session.GroupNotes{Segment: seg, Notes: ids})
	s := w.snap()
	if s.Version != before+1 {
		t.Errorf("grouping published %d versions, want 1", s.Version-before)
	}
	for _, n := range s.Notes {
		if n.Segment != seg {
			t.Errorf("note %q is in segment %d, want %d", n.Text, n.Segment, seg)
		}
	}
	if len(s.Segments) != 1 {
		t.Errorf("%d segments, want 1", len(s.Segments))
	}
}

func TestGroupingFortyNotesTakesOneActionOfTheRateLimit(t *testing.T) {
	// A burst of two actions each: Pat's grouping of 40 notes takes one,
	// so one more goes through and the next is refused.
	lim := testLimits()
	lim.ActionsPerSecond, lim.ActionBurst = 0.0001, 2
	w := newWorkshop(t, lim)
	w.phase(session.PhaseAnswer)
	var ids []int64
	for p := range 20 {
		c := w.participant(fmt.Sprint("p", p), fmt.Sprint("P", p))
		ids = append(ids, w.note(c, session.QuestionWho, fmt.Sprint("who ", p, "a")))
		ids = append(ids, w.note(c, session.QuestionDo, fmt.Sprint("do ", p, "b")))
	}
	w.phase(session.PhaseGroup)
	pat := w.participant("pat", "Pat")
	w.do(pat, session.GroupNotes{Name: "All of them", Notes: ids})
	s := w.snap()
	if len(s.Segments) != 1 || s.Segments[0].Name != "All of them" {
		t.Fatalf("segments %+v, want one named All of them", s.Segments)
	}
	for _, n := range s.Notes {
		if n.Segment != s.Segments[0].ID {
			t.Errorf("note %q was left out", n.Text)
		}
	}
	// Pat has one action left of two: the grouping took one.
	w.do(pat, session.RenameSegment{Segment: s.Segments[0].ID, Name: "Everyone"})
	w.refused(pat, session.RenameSegment{Segment: s.Segments[0].ID, Name: "Again"}, session.ErrTooFast)
}

func TestARefusedGroupChangesNothing(t *testing.T) {
	w := newWorkshop(t)
	ids := fortyNotes(t, w)
	seg := w.segment(w.fac, "Everyone", ids[0])
	pat := w.participant("pat", "Pat")

	w.do(w.fac, session.LockGrouping{Locked: true})
	before := w.snap()
	w.refused(pat, session.GroupNotes{Segment: seg, Notes: ids}, session.ErrGroupingLocked)
	w.refused(pat, session.GroupNotes{Name: "New", Notes: ids}, session.ErrGroupingLocked)
	w.do(w.fac, session.LockGrouping{Locked: false})

	// All or nothing: one note gone, nothing moves.
	w.do(w.fac, session.DeleteNote{Note: ids[39]})
	mid := w.snap()
	w.refused(pat, session.GroupNotes{Segment: seg, Notes: ids}, session.ErrNotFound)
	after := w.snap()
	if after.Version != mid.Version {
		t.Errorf("a refused group published a change")
	}
	for i, n := range after.Notes {
		if n.Segment != mid.Notes[i].Segment {
			t.Errorf("note %q moved from %d to %d in a refused group", n.Text, mid.Notes[i].Segment, n.Segment)
		}
	}
	if len(before.Segments) != len(after.Segments) {
		t.Errorf("segments %d, then %d after refused groups", len(before.Segments), len(after.Segments))
	}
}

func TestGroupNotesMovesWhoNotesAndAttachesTheRest(t *testing.T) {
	r := newRoom(t, session.PhaseGroup)
	// patWho is in segA (its only "who" note); move it with patWho2 and
	// the do and value notes into segB: segA has no "who" note left and
	// goes.
	r.do(r.pat, session.GroupNotes{Segment: r.segB, Notes: []int64{r.patWho, r.patWho2, r.patDo, r.piaValue, r.patWho}})
	for _, id := range []int64{r.patWho, r.patWho2, r.patDo, r.piaValue, r.piaWho} {
		if n, _ := r.noteByID(id); n.Segment != r.segB {
			t.Errorf("note %q in segment %d, want %d", n.Text, n.Segment, r.segB)
		}
	}
	if r.hasSegment(r.segA) {
		t.Errorf("the segment left without a \"who\" note is still there")
	}
	// A new segment needs a "who" note.
	r.refused(r.pat, session.GroupNotes{Notes: []int64{r.patDo}}, session.ErrInvalid)
	// And is named after its first one when no name is given.
	r.do(r.pat, session.GroupNotes{Notes: []int64{r.patDo, r.patWho2}})
	s := r.snap()
	last := s.Segments[len(s.Segments)-1]
	if last.Name != "Operators" {
		t.Errorf("new segment named %q, want Operators (its \"who\" note)", last.Name)
	}
	if n, _ := r.noteByID(r.patDo); n.Segment != last.ID {
		t.Errorf("the do note was not attached to the new segment")
	}
	if err := r.pat.Do(r.ctx, session.GroupNotes{Segment: 999, Notes: []int64{r.patWho}}); !errors.Is(err, session.ErrNotFound) {
		t.Errorf("grouping into a missing segment: %v, want ErrNotFound", err)
	}
}
