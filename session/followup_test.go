package session_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"forwhom/session"
)

// seg is a segment to make in a test workshop: its name, its "who" notes
// (its name alone when none) and the dots it gets.
type seg struct {
	name  string
	votes int
	notes []string
}

// ranked takes workshop w, in the Lobby, through to Prioritize with the
// given segments, voted by the facilitator alone (with a budget large
// enough), so their ranks are known.
func (w *workshop) ranked(segs ...seg) map[string]int64 {
	w.t.Helper()
	w.do(w.fac, session.SetVoteSettings{Budget: 20, MaxPerSegment: 20})
	w.phase(session.PhaseAnswer)
	who := w.snap().Workshop.Questions.Who()
	notes := make([][]int64, len(segs))
	for i, s := range segs {
		texts := s.notes
		if len(texts) == 0 {
			texts = []string{s.name}
		}
		for _, t := range texts {
			notes[i] = append(notes[i], w.note(w.fac, who, t))
		}
	}
	w.phase(session.PhaseGroup)
	ids := map[string]int64{}
	for i, s := range segs {
		ids[s.name] = w.segment(w.fac, s.name, notes[i]...)
	}
	w.phase(session.PhaseVote)
	for _, s := range segs {
		for range s.votes {
			w.do(w.fac, session.CastDot{Segment: ids[s.name]})
		}
	}
	w.phase(session.PhasePrioritize)
	return ids
}

// again starts a follow-up of w as its facilitator and joins it.
func (w *workshop) again(title string) *workshop {
	w.t.Helper()
	code, err := w.m.Again(w.ctx, facilitator, w.code, title)
	if err != nil {
		w.t.Fatalf("again: %v", err)
	}
	f := &workshop{t: w.t, ctx: w.ctx, store: w.store, clock: w.clock, m: w.m, code: code}
	f.fac = f.join(facilitator)
	return f
}

func TestAFollowUpKeepsQuestionsAndSettingsNotAnswers(t *testing.T) {
	w := newWorkshop(t)
	w.do(w.fac, session.SetQuestions{Questions: drucker, Who: 0})
	w.do(w.fac, session.SetAnonymous{Anonymous: false})
	pat := w.participant("pat", "Pat")
	w.ranked(seg{"Developers", 5, nil}, seg{"Finance", 2, nil})

	if _, err := w.m.Again(w.ctx, session.Identity{ID: "SHA256:pat", Name: "Pat"}, w.code, ""); !errors.Is(err, session.ErrNotFacilitator) {
		t.Errorf("a participant's follow-up: %v", err)
	}
	_ = pat
	f := w.again("")
	s := f.snap()
	got := s.Workshop
	if got.Follows != w.code || got.Title != "Platform team" || got.Questions != w.snap().Workshop.Questions ||
		got.Settings.Anonymous || got.Settings.DotBudget != 20 || got.Phase != session.PhaseLobby {
		t.Errorf("the follow-up: %+v", got)
	}
	if len(s.Notes) != 0 || len(s.Segments) != 0 || len(s.Votes) != 0 {
		t.Errorf("the follow-up starts with %d notes, %d segments, %d votes", len(s.Notes), len(s.Segments), len(s.Votes))
	}
	if len(s.Earlier) != 2 || s.Earlier[0].Name != "Developers" || s.Earlier[0].Rank != 1 || s.Earlier[0].Votes != 5 ||
		s.Earlier[1].Name != "Finance" || s.Earlier[1].Notes[0] != "Finance" {
		t.Errorf("the follow-up's earlier segments: %+v", s.Earlier)
	}
	if v := f.fac.View(); len(v.Earlier) != 2 {
		t.Errorf("the follow-up's Lobby lists %d earlier segments", len(v.Earlier))
	}
}

// A follow-up's participants answer blind: nothing of the earlier
// workshop is in their view while they answer, group or vote.
func TestAFollowUpNeverShowsEarlierAnswersWhileAnswering(t *testing.T) {
	w := newWorkshop(t)
	w.ranked(seg{"Release managers", 4, []string{"Release managers", "Change board"}}, seg{"Auditors", 1, []string{"Internal audit"}})
	f := w.again("Q2")
	pat := f.participant("pat", "Pat")
	secrets := []string{"Release managers", "Change board", "Internal audit", "Auditors"}
	for _, p := range []session.Phase{session.PhaseAnswer, session.PhaseGroup, session.PhaseVote} {
		if p == session.PhaseAnswer {
			f.phase(p)
			f.note(pat, session.QuestionWho, "Developers")
			continue
		}
		if p == session.PhaseVote {
			f.segment(f.fac, "Developers", f.snap().Notes[0].ID)
		}
		f.phase(p)
		for _, c := range []*session.Conn{pat, f.fac} {
			v := c.View()
			if v.Earlier != nil || v.Movement != nil {
				t.Errorf("%s: %s's view has the earlier workshop: %+v %+v", p.Title(), c.ID(), v.Earlier, v.Movement)
			}
			mustNotSee(t, p.Title(), v, secrets...)
		}
	}
	f.phase(session.PhasePrioritize)
	if v := pat.View(); len(v.Earlier) != 2 || len(v.Movement) != 3 {
		t.Errorf("in Prioritize: %d earlier segments, %d movements", len(v.Earlier), len(v.Movement))
	}
}

func TestTheRoomReviewsTheEarlierSegmentsInTheLobby(t *testing.T) {
	w := newWorkshop(t)
	ids := w.ranked(seg{"Developers", 3, nil}, seg{"Finance", 1, nil})
	f := w.again("")
	pat := f.participant("pat", "Pat")
	dev := ids["Developers"]
	f.refused(pat, session.ReviewEarlier{Segment: dev, Status: session.ReviewDone}, session.ErrNotFacilitator)
	f.refused(f.fac, session.ReviewEarlier{Segment: 999, Status: session.ReviewDone}, session.ErrNotFound)
	f.refused(f.fac, session.ReviewEarlier{Segment: dev, Status: 7}, session.ErrInvalid)
	f.do(f.fac, session.ReviewEarlier{Segment: dev, Status: session.ReviewOpen})
	if e := pat.View().Earlier[0]; e.Name != "Developers" || e.Status != session.ReviewOpen {
		t.Errorf("after the review, Pat sees %+v", e)
	}
	f.phase(session.PhaseAnswer)
	f.refused(f.fac, session.ReviewEarlier{Segment: dev, Status: session.ReviewDropped}, session.ErrWrongPhase)
	// The review is kept: it comes back with the workshop.
	if back := f.snap().Data(); back.Earlier[0].Status != session.ReviewOpen {
		t.Errorf("the stored review: %+v", back.Earlier)
	}
}

func TestMovementShowsHowSegmentsMoved(t *testing.T) {
	w := newWorkshop(t)
	w.ranked(
		seg{"Developers", 6, []string{"App developers"}},
		seg{"Ops", 4, []string{"On-call engineers", "SREs"}},
		seg{"Finance", 2, nil},
	)
	f := w.again("")
	f.ranked(
		seg{"Site reliability", 7, []string{"SREs", "on-call engineers!"}}, // Ops, by its notes
		seg{"developer", 3, nil},       // Developers, by name
		seg{"Data scientists", 1, nil}, // new
		seg{"Controllers", 0, nil},     // Finance, by what the name means
	)
	var got []string
	for _, m := range f.fac.View().Movement {
		got = append(got, strings.Join([]string{m.Name, m.ThenName, m.Move.String(), strconv.Itoa(m.By), strconv.Itoa(m.Rank), strconv.Itoa(m.ThenRank), strconv.Itoa(m.Votes), strconv.Itoa(m.ThenVotes)}, "|"))
	}
	want := []string{
		"Site reliability|Ops|up|1|1|2|7|4",
		"developer|Developers|down|1|2|1|3|6",
		"Data scientists||new|0|3|0|1|0",
		"Controllers|Finance|down|1|4|3|0|2",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("movement\n got: %q\nwant: %q", got, want)
	}
}

func TestAFollowUpsExportSaysHowSegmentsMoved(t *testing.T) {
	w := newWorkshop(t)
	ids := w.ranked(seg{"Developers", 6, nil}, seg{"Finance", 2, nil})
	f := w.again("")
	f.do(f.fac, session.ReviewEarlier{Segment: ids["Finance"], Status: session.ReviewDropped})
	f.ranked(seg{"Data scientists", 3, nil}, seg{"Developers", 1, nil})
	md, _ := session.Export(f.snap(), session.FormatMarkdown)
	want := "## Since " + w.code + "\n\n" +
		"- **Data scientists** — new: rank 1, 3 votes\n" +
		"- **Developers** — rank 2, was 1: down 1; 1 vote, then 6\n" +
		"- **Finance** — dropped: was rank 2, 2 votes (reviewed: dropped)\n"
	if !strings.Contains(string(md), want) {
		t.Errorf("markdown lacks\n%s\nin\n%s", want, md)
	}
	js, _ := session.Export(f.snap(), session.FormatJSON)
	if !strings.Contains(string(js), `"follows": "`+w.code+`"`) || !strings.Contains(string(js), `"move": "dropped"`) {
		t.Errorf("json lacks the movement:\n%s", js)
	}
	plain, _ := session.Export(w.snap(), session.FormatJSON)
	if strings.Contains(string(plain), "movement") {
		t.Error("a workshop that follows none has a movement in its export")
	}
}
