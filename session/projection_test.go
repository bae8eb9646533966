package session_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"forwhom/session"
)

// What a participant may see is decided by the projection alone, so these
// tests search the whole View — every field, as JSON and as Go prints it —
// never just the field a screen happens to draw.

// viewText is everything a View holds, as text to search.
func viewText(t testing.TB, v *session.View) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encoding a view: %v", err)
	}
	return string(b) + "\n" + fmt.Sprintf("%+v", *v)
}

// mustNotSee fails if any of the texts appears anywhere in c's view.
func mustNotSee(t testing.TB, who string, v *session.View, texts ...string) {
	t.Helper()
	all := viewText(t, v)
	for _, s := range texts {
		if strings.Contains(all, s) {
			t.Errorf("%s's view contains %q", who, s)
		}
	}
}

// mustSee fails unless every text appears in c's view.
func mustSee(t testing.TB, who string, v *session.View, texts ...string) {
	t.Helper()
	all := viewText(t, v)
	for _, s := range texts {
		if !strings.Contains(all, s) {
			t.Errorf("%s's view lacks %q", who, s)
		}
	}
}

// allNotes lists every note a view carries: loose and in segments.
func allNotes(v *session.View) []session.NoteView {
	out := slices.Clone(v.Notes)
	for _, s := range v.Segments {
		out = append(out, s.Notes...)
		out = append(out, s.Attached...)
	}
	return out
}

func TestHiddenNotesNeverLeaveTheSession(t *testing.T) {
	r := newRoom(t, answer)
	secret := r.note(r.pat, session.QuestionWho, "Kraken herders")
	draft := r.note(r.pia, session.QuestionValue, "Narwhal first draft")
	r.do(r.pia, session.EditNote{Note: draft, Text: "Narwhal polished"})
	patTexts := []string{"Kraken", "Developers", "Operators", "Run the CI"}
	piaTexts := []string{"Narwhal", "Data scientists", "Fast deploys"}

	checkHidden := func(t *testing.T) {
		t.Helper()
		mustNotSee(t, "Pia", r.pia.View(), patTexts...)
		mustNotSee(t, "the facilitator", r.fac.View(), append(patTexts, piaTexts...)...)
		mustNotSee(t, "the guest", r.gus.View(), append(patTexts, piaTexts...)...)
		mustNotSee(t, "Pat", r.pat.View(), piaTexts...)
		mustSee(t, "Pat", r.pat.View(), patTexts...)

		v := r.pia.View()
		if want := [session.MaxQuestions]int{1, 2, 4}; v.NoteCounts != want {
			t.Errorf("Pia sees note counts %v, want %v (hidden notes are counted)", v.NoteCounts, want)
		}
		for _, n := range v.Notes {
			if !v.Mine(n.ID) {
				t.Errorf("Pia sees someone else's note %d", n.ID)
			}
		}
		if !slices.ContainsFunc(v.People, func(p session.Person) bool { return p.ID == r.pat.ID() }) {
			t.Errorf("Pia does not see Pat: %+v", v.People)
		}
		if n, ok := v.NotesBy(r.pia.ID()); !ok || n != 3 {
			t.Errorf("Pia sees she wrote %d notes (known: %v), want 3", n, ok)
		}
		pv := r.pat.View()
		if i := slices.IndexFunc(pv.Notes, func(n session.NoteView) bool { return n.ID == secret }); i < 0 || !pv.Mine(pv.Notes[i].ID) {
			t.Errorf("Pat does not see their own note as theirs: %+v", pv.Notes)
		}
	}
	t.Run("while answering", checkHidden)
	t.Run("back in the lobby", func(t *testing.T) {
		r.phase(lobby)
		checkHidden(t)
		r.phase(answer)
	})
	t.Run("everyone sees every note once the facilitator shows them", func(t *testing.T) {
		r.do(r.fac, session.SetHideNotes{Hidden: false})
		mustSee(t, "Pia", r.pia.View(), patTexts...)
		r.do(r.fac, session.SetHideNotes{Hidden: true})
		checkHidden(t)
	})
	t.Run("everyone sees every note from Group on", func(t *testing.T) {
		r.phase(group)
		mustSee(t, "Pia", r.pia.View(), patTexts...)
		mustSee(t, "the guest", r.gus.View(), append(patTexts, piaTexts...)...)
	})
}

func TestGoingBackToAnswerHidesNotesInSegments(t *testing.T) {
	r := newRoom(t, group)
	r.do(r.pia, session.AttachNote{Note: r.piaValue, Segment: r.segA})
	r.do(r.pat, session.AttachNote{Note: r.patDo, Segment: r.segB})
	r.phase(answer)

	pv := r.pat.View()
	mustNotSee(t, "Pat", pv, "Data scientists", "Fast deploys")
	mustSee(t, "Pat", pv, "Developers", "Run the CI", "Builders", "Analysts")
	for _, n := range allNotes(pv) {
		if !pv.Mine(n.ID) {
			t.Errorf("Pat sees Pia's note %d (%q) while answering", n.ID, n.Text)
		}
	}
	if s, _ := pv.Segment(r.segB); len(s.Notes) != 0 || len(s.Attached) != 1 {
		t.Errorf("Pat sees segment B as %+v, want only their attached note", s)
	}
	mustNotSee(t, "Pia", r.pia.View(), "Developers", "Operators", "Run the CI")
	mustNotSee(t, "the facilitator", r.fac.View(), "Developers", "Data scientists", "Fast deploys", "Run the CI")

	r.phase(group)
	mustSee(t, "Pat", r.pat.View(), "Data scientists", "Fast deploys")
}

func TestVoteTotalsHiddenUntilRevealed(t *testing.T) {
	r := newRoom(t, group)
	segC := r.segment(r.fac, "Ops", r.patWho2)
	r.phase(vote)
	cast := func(c *session.Conn, seg int64, n int) {
		for range n {
			r.do(c, session.CastDot{Segment: seg})
		}
	}
	cast(r.pia, segC, 3)
	cast(r.pia, r.segB, 1)
	cast(r.gus, segC, 2)
	cast(r.pat, r.segA, 1)

	creation := []int64{r.segA, r.segB, segC}
	hidden := func(t *testing.T) {
		t.Helper()
		for _, who := range []struct {
			name string
			c    *session.Conn
		}{{"Pat", r.pat}, {"Pia", r.pia}, {"the facilitator", r.fac}} {
			v := who.c.View()
			if v.TotalsVisible {
				t.Errorf("%s is told totals are visible", who.name)
			}
			var order []int64
			for i, s := range v.Segments {
				order = append(order, s.ID)
				if s.Votes != 0 || s.Voters != 0 {
					t.Errorf("%s sees %d votes from %d voters on %q before the reveal", who.name, s.Votes, s.Voters, s.Name)
				}
				if s.Rank != i+1 {
					t.Errorf("%s sees %q ranked %d at place %d", who.name, s.Name, s.Rank, i+1)
				}
				if len(s.Marks) != 0 {
					t.Errorf("%s sees insight marks %v before the reveal", who.name, s.Marks)
				}
			}
			if !slices.Equal(order, creation) {
				t.Errorf("%s sees segments in order %v, want creation order %v (a ranking leaks votes)", who.name, order, creation)
			}
			for _, in := range v.Insights {
				if len(in.Leaders) != 0 {
					t.Errorf("%s sees a winner for %v before the reveal, which ranks by votes", who.name, in.Lens)
				}
			}
			for _, n := range []string{`"Votes":3`, `"Votes":5`, `"Voters":2`} {
				mustNotSee(t, who.name, v, n)
			}
		}
		v := r.pia.View()
		if s, _ := v.Segment(segC); s.MyDots != 3 {
			t.Errorf("Pia sees %d of her dots on Ops, want 3", s.MyDots)
		}
		if v.DotsLeft != 1 {
			t.Errorf("Pia has %d dots left, want 1", v.DotsLeft)
		}
	}
	visible := func(t *testing.T) {
		t.Helper()
		for _, c := range []*session.Conn{r.pat, r.fac} {
			v := c.View()
			if !v.TotalsVisible {
				t.Error("totals are not visible")
			}
			type row struct {
				id            int64
				votes, voters int
			}
			var got []row
			var ranks []int
			for _, s := range v.Segments {
				got = append(got, row{s.ID, s.Votes, s.Voters})
				ranks = append(ranks, s.Rank)
			}
			// Ops leads; Analysts and Builders tie on votes (and share
			// second place) and on notes, so the name orders them.
			if want := []int{1, 2, 2}; !slices.Equal(ranks, want) {
				t.Errorf("ranks %v, want %v", ranks, want)
			}
			want := []row{{segC, 5, 2}, {r.segB, 1, 1}, {r.segA, 1, 1}}
			if !slices.Equal(got, want) {
				t.Errorf("ranked segments = %+v, want %+v", got, want)
			}
		}
	}

	t.Run("before the reveal", hidden)
	t.Run("after the reveal", func(t *testing.T) {
		r.do(r.fac, session.RevealVotes{Revealed: true})
		visible(t)
	})
	t.Run("hidden again", func(t *testing.T) {
		r.do(r.fac, session.RevealVotes{Revealed: false})
		hidden(t)
	})
	t.Run("in Prioritize", func(t *testing.T) {
		r.phase(prioritize)
		visible(t)
	})
	t.Run("back in Vote with picks made", func(t *testing.T) {
		// A tie names its segments in the list's order: leaders shown
		// while totals are hidden would leak which segment leads.
		r.do(r.pat, session.PickInsight{Lens: session.LensBiggest, Segment: r.segA})
		r.do(r.pia, session.PickInsight{Lens: session.LensBiggest, Segment: segC})
		if l := r.pat.View().Insights[session.LensBiggest].Leaders; !slices.Equal(l, []int64{segC, r.segA}) {
			t.Fatalf("in Prioritize the tied pick is led by %v, want %v in the list's order", l, []int64{segC, r.segA})
		}
		r.phase(vote)
		hidden(t)
		if in := r.pat.View().Insights[session.LensBiggest]; in.Mine != r.segA {
			t.Errorf("Pat no longer sees their own pick: %+v", in)
		}
	})
}

func TestAuthorsOnlyWhenNotAnonymous(t *testing.T) {
	t.Run("anonymous, the default", func(t *testing.T) {
		r := newRoom(t, group)
		r.do(r.pia, session.AttachNote{Note: r.piaValue, Segment: r.segA})
		if !r.snap().Workshop.Settings.Anonymous {
			t.Fatal("a new workshop is not anonymous")
		}
		for _, who := range []struct {
			name string
			c    *session.Conn
		}{{"the facilitator", r.fac}, {"Pia", r.pia}, {"the guest", r.gus}} {
			v := who.c.View()
			ids := map[string]bool{}
			for _, p := range v.People {
				ids[p.ID] = true
			}
			for _, n := range allNotes(v) {
				if v.Mine(n.ID) {
					continue
				}
				if n.AuthorName != "" {
					t.Errorf("%s sees %q written by %q", who.name, n.Text, n.AuthorName)
				}
				if ids[n.Author] {
					t.Errorf("%s can tell %q was written by %s: the note carries their ID", who.name, n.Text, n.Author)
				}
			}
			b, _ := json.Marshal(allNotes(v))
			for _, s := range []string{"Pat", r.pat.ID()} {
				if who.c != r.pat && strings.Contains(string(b), s) {
					t.Errorf("%s's notes mention %q", who.name, s)
				}
			}
			// Nor anywhere else: not which notes each wrote, nor how many
			// (a count going up as a note appears would tell whose it is).
			mustNotSee(t, who.name, v, r.pat.ID()+":[")
			for _, p := range v.People {
				n, ok := v.NotesBy(p.ID)
				if ok != (p.ID == v.Me.ID) {
					t.Errorf("%s knows how many notes %s wrote (%d): %v", who.name, p.Name, n, ok)
				}
			}
		}
		pv := r.pat.View()
		for _, id := range r.patNotes() {
			if !pv.Mine(id) {
				t.Errorf("Pat's own note %d is not marked as theirs", id)
			}
		}
	})
	t.Run("not anonymous", func(t *testing.T) {
		r := newRoom(t, answer)
		for _, id := range []int64{r.patWho, r.patWho2, r.piaWho, r.patDo, r.piaValue} {
			r.do(r.fac, session.DeleteNote{Note: id})
		}
		r.do(r.fac, session.SetAnonymous{Anonymous: false})
		who := r.note(r.pat, session.QuestionWho, "Developers")
		r.note(r.pia, session.QuestionValue, "Fast deploys")
		r.phase(group)
		seg := r.segment(r.fac, "Builders", who)
		for _, c := range []*session.Conn{r.fac, r.pia, r.gus} {
			v := c.View()
			got := map[string]string{}
			for _, n := range allNotes(v) {
				got[n.Text] = n.AuthorName
			}
			if got["Developers"] != "Pat" || got["Fast deploys"] != "Pia" {
				t.Errorf("%s sees authors %v", c.ID(), got)
			}
			if s, _ := v.Segment(seg); len(s.Notes) != 1 || s.Notes[0].AuthorName != "Pat" {
				t.Errorf("%s sees the segment's note as %+v", c.ID(), s.Notes)
			}
			if n, ok := v.NotesBy(r.pat.ID()); !ok || n != 1 {
				t.Errorf("%s sees Pat wrote %d notes (known: %v), want 1", c.ID(), n, ok)
			}
		}
	})
}

func TestRemovedParticipantSeesNothing(t *testing.T) {
	r := newRoom(t, vote)
	r.do(r.pat, session.CastDot{Segment: r.segB})
	r.do(r.fac, session.RemoveParticipant{Participant: r.pat.ID()})
	for _, tc := range []struct {
		name string
		v    *session.View
	}{
		{"the removed participant", r.pat.View()},
		{"someone who never joined", r.snap().ViewFor("SHA256:stranger")},
	} {
		v := tc.v
		if len(v.Notes) != 0 || len(v.People) != 0 || len(v.Segments) != 0 || v.NoteCounts != [session.MaxQuestions]int{} {
			t.Errorf("%s sees %d notes, %d people, %d segments, counts %v",
				tc.name, len(v.Notes), len(v.People), len(v.Segments), v.NoteCounts)
		}
		mustNotSee(t, tc.name, v, "Data scientists", "Fast deploys", "Developers", "Builders", "Analysts", "Pia", "Fran", r.pia.ID())
		if v.Workshop.Title != "Platform team" {
			t.Errorf("%s does not see the workshop's title", tc.name)
		}
	}
	if v := r.pat.View(); !v.Me.Removed {
		t.Error("the removed participant is not told they were removed")
	}
}

func TestViewFollowsTheNewestVersion(t *testing.T) {
	r := newRoom(t, answer)
	before := r.pia.View().Version
	r.note(r.pat, session.QuestionDo, "Patch servers")
	v := r.pia.View()
	if v.Version <= before || v.Version != r.snap().Version {
		t.Errorf("Pia's view is version %d (was %d), snapshot is %d", v.Version, before, r.snap().Version)
	}
	if v.NoteCounts[session.QuestionDo] != 2 {
		t.Errorf("Pia sees %d do notes counted, want 2", v.NoteCounts[session.QuestionDo])
	}
}

// Totals revealed during Vote hide again when the room goes back to
// Answer: with others' notes hidden, a ranking (ties go to the segment with
// more notes) would hint at notes the viewer cannot see.
func TestRevealedTotalsHideAgainBeforeVote(t *testing.T) {
	r := newRoom(t, session.PhaseVote)
	r.do(r.pia, session.CastDot{Segment: r.segB})
	r.do(r.fac, session.RevealVotes{Revealed: true})
	if v := r.pat.View(); !v.TotalsVisible || v.Segments[0].ID != r.segB {
		t.Fatalf("after reveal in Vote: visible=%v first=%d, want visible and segB first", v.TotalsVisible, v.Segments[0].ID)
	}
	r.phase(session.PhaseAnswer)
	v := r.pat.View()
	if v.TotalsVisible {
		t.Fatal("totals still visible back in Answer")
	}
	for i, s := range v.Segments {
		if s.Votes != 0 || s.Voters != 0 {
			t.Errorf("segment %q shows %d votes back in Answer", s.Name, s.Votes)
		}
		if i > 0 && s.Position < v.Segments[i-1].Position {
			t.Errorf("segments are ranked, not in creation order, back in Answer: %+v", v.Segments)
		}
	}
}
