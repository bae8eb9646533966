package session_test

import (
	"reflect"
	"slices"
	"testing"

	"forwhom/session"
)

// Each snapshot shares with the one before it whatever did not change
// (hundreds of participants need not be copied for one note), yet every
// view of it, and its export, is exactly what a snapshot built afresh from
// the same records shows: through notes, presence, renames, settings,
// segments, dots, picks and removals.
func TestSnapshotsSharingPartsShowWhatFreshOnesShow(t *testing.T) {
	r := newRoom(t, session.PhaseAnswer)
	ids := []string{facilitator.ID, r.pat.ID(), r.pia.ID(), r.gus.ID(), "SHA256:nobody"}
	check := func(step string) {
		t.Helper()
		snap := r.fac.Snapshot()
		fresh := snap.Afresh(r.store)
		for _, id := range ids {
			got, want := snap.ViewFor(id), fresh.ViewFor(id)
			if !sameExported(got, want) {
				t.Fatalf("%s: %s sees\n%+v\nbuilt afresh:\n%+v", step, id, *got, *want)
			}
			for _, other := range ids {
				g, gok := got.NotesBy(other)
				w, wok := want.NotesBy(other)
				if g != w || gok != wok {
					t.Fatalf("%s: %s sees %d notes by %s (%v); built afresh, %d (%v)", step, id, g, other, gok, w, wok)
				}
			}
			for _, n := range snap.Notes {
				if g, w := got.Mine(n.ID), want.Mine(n.ID); g != w {
					t.Fatalf("%s: %s sees note %d as theirs: %v; built afresh, %v", step, id, n.ID, g, w)
				}
			}
		}
		if got, want := session.ResultOf(snap), session.ResultOf(fresh); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the result is\n%+v\nbuilt afresh:\n%+v", step, *got, *want)
		}
	}
	check("answering")

	r.note(r.pia, session.QuestionDo, "Keep the lights on")
	r.do(r.pat, session.EditNote{Note: r.patWho2, Text: "SREs"})
	check("notes added and edited")
	// Two changes with nobody looking in between: the second snapshot
	// starts from the board of one before the last.
	r.do(r.pat, session.DeleteNote{Note: r.patDo})
	r.note(r.gus, session.QuestionValue, "Fewer pages")
	check("a note deleted, one added, unseen in between")

	second := r.join(session.Identity{ID: r.pat.ID(), Name: "Pat"})
	check("a second connection")
	second.Close()
	check("the second connection closed")
	r.pia.Close()
	check("someone's only connection closed")
	r.pia = r.participant("pia", "Pia")
	check("back")
	r.participant("quinn", "Quinn")
	ids = append(ids, "SHA256:quinn")
	check("someone new")

	r.do(r.pat, session.Rename{Name: "Patricia"})
	check("renamed: authors' names follow")
	r.do(r.pia, session.SetReady{Ready: true})
	check("ready")
	r.do(r.pia, session.SetReady{Ready: false})
	r.do(r.fac, session.SetHideNotes{Hidden: false})
	check("not ready, notes shown")
	r.do(r.pia, session.SetReady{Ready: true})
	check("ready again")
	r.do(r.fac, session.Retitle{Title: "Platform team, again"})
	check("retitled")

	r.phase(session.PhaseGroup)
	r.segA = r.segment(r.fac, "Builders", r.patWho)
	r.segB = r.segment(r.fac, "Analysts", r.piaWho)
	check("segments")
	r.do(r.fac, session.AttachNote{Note: r.piaValue, Segment: r.segA})
	r.do(r.fac, session.RenameSegment{Segment: r.segB, Name: "Data people"})
	check("a note attached, a segment renamed")

	r.phase(session.PhaseVote)
	r.do(r.pat, session.CastDot{Segment: r.segA})
	check("a dot")
	r.do(r.pia, session.CastDot{Segment: r.segB})
	r.do(r.pia, session.CastDot{Segment: r.segB})
	check("dots")
	r.do(r.pia, session.RetractDot{Segment: r.segB})
	r.do(r.fac, session.RevealVotes{Revealed: true})
	check("a dot taken back, totals revealed")

	r.phase(session.PhasePrioritize)
	r.do(r.pat, session.PickInsight{Lens: session.Lenses[0], Segment: r.segA})
	r.do(r.pia, session.PickInsight{Lens: session.Lenses[1], Segment: r.segB})
	check("insights picked")
	r.do(r.fac, session.RemoveParticipant{Participant: r.pia.ID()})
	check("someone removed")

	r.phase(session.PhaseDone)
	check("done")
}

// An anonymous workshop's notes lose their authors in every view at once,
// though nothing but the workshop's settings changed.
func TestNotesTurnedAnonymousShowNoAuthors(t *testing.T) {
	w := newWorkshop(t)
	w.do(w.fac, session.SetAnonymous{Anonymous: false})
	pat := w.participant("pat", "Pat")
	w.phase(session.PhaseAnswer)
	w.note(pat, session.QuestionWho, "Developers")
	w.do(w.fac, session.SetHideNotes{Hidden: false})
	named := w.fac.Snapshot()
	if n := named.ViewFor(w.fac.ID()).Notes; len(n) != 1 || n[0].AuthorName != "Pat" {
		t.Fatalf("before: notes %+v; want one by Pat", n)
	}
	w.do(w.fac, session.SetAnonymous{Anonymous: true})
	snap := w.fac.Snapshot()
	for _, s := range []*session.Snapshot{snap, snap.Afresh(w.store)} {
		if n := s.ViewFor(w.fac.ID()).Notes; len(n) != 1 || n[0].AuthorName != "" || n[0].Author != "" {
			t.Errorf("anonymous: notes %+v; want one with no author", n)
		}
	}
}

// What a note or a dot leaves unchanged is shared, not copied: the roster
// and the people always, and in Vote the notes and each segment's notes
// too. Someone getting ready
// changes the people only. A join or a rename changes the roster, and
// with it the notes (their authors' names come from it).
func TestAChangeCopiesOnlyWhatItTouched(t *testing.T) {
	r := newRoom(t, session.PhaseAnswer)
	shares := func(step string, change func(), want ...string) {
		t.Helper()
		before := r.fac.Snapshot()
		before.ViewFor(r.pat.ID()) // drawn, as every screen draws it
		change()
		after := r.fac.Snapshot()
		if got := after.SharedWith(before); !slices.Equal(got, want) {
			t.Errorf("%s: shares %v with the snapshot before; want %v", step, got, want)
		}
		if after.HoldsSeed() {
			t.Errorf("%s: a snapshot whose board is built still holds the board it started from", step)
		}
	}
	shares("a note", func() { r.note(r.pat, session.QuestionWho, "Testers") },
		"participants", "online", "roster", "people")
	shares("two notes, nobody drawing the first", func() {
		r.note(r.pat, session.QuestionWho, "Auditors")
		r.note(r.pia, session.QuestionWho, "Managers")
	}, "participants", "online", "roster", "people")
	shares("someone done", func() { r.do(r.pia, session.SetReady{Ready: true}) },
		"online", "roster", "notes")
	shares("someone renamed", func() { r.do(r.pia, session.Rename{Name: "Pia B."}) },
		"online")
	shares("someone joins", func() { r.participant("quinn", "Quinn") })
	r.phase(session.PhaseGroup)
	r.segA = r.segment(r.fac, "Builders", r.patWho)
	shares("a segment renamed", func() { r.do(r.fac, session.RenameSegment{Segment: r.segA, Name: "Makers"}) },
		"participants", "online", "roster", "notes", "people")
	r.phase(session.PhaseVote)
	shares("a dot", func() { r.do(r.pat, session.CastDot{Segment: r.segA}) },
		"participants", "online", "roster", "notes", "people", "segment notes")
}

// Who is here, and who of them is not done, is counted once per change
// for every view.
func TestPresenceIsCountedForEveryone(t *testing.T) {
	r := newRoom(t, session.PhaseAnswer)
	counts := func(step string, here, busy int) {
		t.Helper()
		for _, c := range []*session.Conn{r.fac, r.pat} {
			if v := c.View(); v.Here != here || v.Busy != busy {
				t.Errorf("%s: %s sees %d here, %d not done; want %d, %d", step, c.ID(), v.Here, v.Busy, here, busy)
			}
		}
	}
	counts("four connected", 4, 4)
	r.do(r.pia, session.SetReady{Ready: true})
	counts("one done", 4, 3)
	r.pia.Close()
	counts("the one done gone", 3, 3)
	r.gus.Close()
	counts("a guest gone", 2, 2)
}
