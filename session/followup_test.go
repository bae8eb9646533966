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

// withSteps takes w from Prioritize to Done with next steps agreed for
// the named segments, in order.
func (w *workshop) withSteps(ids map[string]int64, steps ...[2]string) {
	w.t.Helper()
	w.phase(session.PhaseDiscuss)
	for _, st := range steps {
		w.do(w.fac, session.AddNextStep{Segment: ids[st[0]], Kind: session.StepTalkTo, Text: st[1], Owner: "Kim", Due: "2025-03-28"})
	}
	w.phase(session.PhaseDone)
}

func TestAFollowUpReviewsTheEarlierNextStepsInTheLobby(t *testing.T) {
	w := newWorkshop(t)
	ids := w.ranked(seg{"Developers", 3, nil}, seg{"Finance", 1, nil}, seg{"Ops", 0, nil})
	w.withSteps(ids, [2]string{"Finance", "Ask the controllers"}, [2]string{"Developers", "Pair with two app teams"},
		[2]string{"Developers", "Watch a release"})
	f := w.again("")
	// Copied at creation, under their segments, by the earlier IDs.
	var got []string
	for _, e := range f.fac.View().Earlier {
		for _, st := range e.Steps {
			got = append(got, e.Name+": "+st.Text+" · "+st.Owner+" · "+st.Due+" · "+st.Status.String())
		}
	}
	want := []string{
		"Developers: Pair with two app teams · Kim · 2025-03-28 · not reviewed",
		"Developers: Watch a release · Kim · 2025-03-28 · not reviewed",
		"Finance: Ask the controllers · Kim · 2025-03-28 · not reviewed",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the follow-up's earlier steps\n got: %q\nwant: %q", got, want)
	}
	dev := f.fac.View().Earlier[0]
	watch := dev.Steps[1].ID
	pat := f.participant("pat", "Pat")
	f.refused(pat, session.ReviewEarlier{Segment: dev.ID, Step: watch, Status: session.ReviewDone}, session.ErrNotFacilitator)
	f.refused(f.fac, session.ReviewEarlier{Segment: dev.ID, Step: 999, Status: session.ReviewDone}, session.ErrNotFound)
	f.refused(f.fac, session.ReviewEarlier{Segment: ids["Finance"], Step: watch, Status: session.ReviewDone}, session.ErrNotFound)
	f.refused(f.fac, session.ReviewEarlier{Segment: dev.ID, Step: watch, Status: 9}, session.ErrInvalid)
	f.do(f.fac, session.ReviewEarlier{Segment: dev.ID, Step: watch, Status: session.ReviewDropped})
	e := pat.View().Earlier[0]
	if e.Steps[1].Status != session.ReviewDropped || e.Steps[0].Status != session.ReviewNone || e.Status != session.ReviewNone {
		t.Errorf("after the review, Pat sees %+v", e)
	}
	// The earlier workshop's own steps are untouched.
	if st := w.snap().NextSteps; len(st) != 3 {
		t.Errorf("the earlier workshop's steps: %+v", st)
	}
	f.phase(session.PhaseAnswer)
	f.refused(f.fac, session.ReviewEarlier{Segment: dev.ID, Step: watch, Status: session.ReviewDone}, session.ErrWrongPhase)

	// A restart: a new manager loads the follow-up from the store.
	m2 := session.NewManager(w.store, session.Options{Limits: testLimits(), Now: w.clock.Now})
	t.Cleanup(m2.Close)
	back, err := m2.Snapshot(w.ctx, f.code)
	if err != nil {
		t.Fatal(err)
	}
	if e := back.Earlier[0]; len(e.Steps) != 2 || e.Steps[1].Text != "Watch a release" || e.Steps[1].Status != session.ReviewDropped {
		t.Errorf("after a restart: %+v", back.Earlier)
	}

	// The export says what became of each step, under its segment.
	f.phase(session.PhaseLobby)
	f.ranked(seg{"Developers", 2, nil})
	md, _ := session.Export(f.snap(), session.FormatMarkdown)
	wantMD := "- **Developers** — rank 1, was 1: same rank; 2 votes, then 3\n" +
		"  - Talk to: Pair with two app teams — owner Kim, due 2025-03-28 (not reviewed)\n" +
		"  - Talk to: Watch a release — owner Kim, due 2025-03-28 (reviewed: dropped)\n"
	if !strings.Contains(string(md), wantMD) {
		t.Errorf("markdown lacks\n%s\nin\n%s", wantMD, md)
	}
	js, _ := session.Export(f.snap(), session.FormatJSON)
	if !strings.Contains(string(js), `"text": "Watch a release"`) || !strings.Contains(string(js), `"review": "dropped"`) {
		t.Errorf("json lacks the steps' review:\n%s", js)
	}
}

func TestAFollowUpOfAWorkshopWithoutStepsReviewsSegments(t *testing.T) {
	w := newWorkshop(t)
	w.ranked(seg{"Developers", 3, nil})
	f := w.again("")
	if e := f.fac.View().Earlier; len(e) != 1 || len(e[0].Steps) != 0 {
		t.Errorf("earlier: %+v", e)
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
