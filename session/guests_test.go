package session_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"forwhom/session"
)

func TestFifteenHundredGuestsCannotKeepSomeoneWithAKeyOut(t *testing.T) {
	lim := testLimits()
	def := session.DefaultLimits()
	lim.ParticipantsPerWorkshop, lim.GuestsPerWorkshop = def.ParticipantsPerWorkshop, def.GuestsPerWorkshop
	w := newWorkshop(t, lim)
	in, full := 0, 0
	for i := range 1500 {
		c, err := w.m.Join(w.ctx, w.code, session.Identity{ID: fmt.Sprint("guest:", i), Name: "g", Guest: true})
		switch {
		case err == nil:
			in++
			t.Cleanup(c.Close)
		case errors.Is(err, session.ErrLimit):
			full++
		default:
			t.Fatalf("guest %d: %v", i, err)
		}
	}
	if in != def.GuestsPerWorkshop || full != 1500-def.GuestsPerWorkshop {
		t.Errorf("%d guests got in and %d were refused; want %d in", in, full, def.GuestsPerWorkshop)
	}
	// Someone invited, with a key, still joins.
	pat := w.participant("pat", "Pat")
	if !slices.ContainsFunc(pat.View().People, func(p session.Person) bool { return p.ID == pat.ID() }) {
		t.Error("Pat is not on the roster")
	}
}

func TestAGuestWhoLeftIsOffTheRosterAndTheirNotesStay(t *testing.T) {
	for _, anonymous := range []bool{true, false} {
		t.Run(fmt.Sprint("anonymous=", anonymous), func(t *testing.T) {
			w := newWorkshop(t)
			w.do(w.fac, session.SetAnonymous{Anonymous: anonymous})
			pat := w.participant("pat", "Pat")
			gus := w.guest("gus", "Gus")
			ghost := w.guest("ghost", "Ghost") // comes and goes without a trace
			w.phase(session.PhaseAnswer)
			w.note(gus, session.QuestionWho, "Field engineers")
			w.note(pat, session.QuestionWho, "Developers")
			gus.Close()
			ghost.Close()
			pat.Close()

			v := w.fac.View()
			var roster []string
			for _, p := range v.People {
				roster = append(roster, p.Name)
			}
			if !slices.Equal(roster, []string{"Fran", "Pat"}) {
				t.Errorf("the roster is %q; guests who left are off it, Pat (away) is not", roster)
			}
			w.phase(session.PhaseGroup)
			v = w.fac.View()
			i := slices.IndexFunc(v.Notes, func(n session.NoteView) bool { return n.Text == "Field engineers" })
			if i < 0 {
				t.Fatal("the guest's note is gone")
			}
			wantAuthor := "Gus"
			if anonymous {
				wantAuthor = ""
			}
			if got := v.Notes[i].AuthorName; got != wantAuthor {
				t.Errorf("the guest's note is by %q, want %q", got, wantAuthor)
			}
			if r := session.ResultOf(w.snap()); r.Participants != 3 {
				t.Errorf("the result counts %d participants; want Fran, Pat and the guest who wrote", r.Participants)
			}
		})
	}
}
