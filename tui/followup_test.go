package tui_test

import (
	"context"
	"fmt"
	"testing"

	"forwhom/session"
)

// followUp starts a follow-up of r's workshop as Fran and returns it as a
// room of its own: the earlier one has Mobile 4 votes, Developers 3,
// Security 1.
func followUp(r *room) *room {
	r.t.Helper()
	finished(r)
	return again(r)
}

// followUpNoSteps is followUp of a workshop that agreed no next step.
func followUpNoSteps(r *room) *room {
	r.t.Helper()
	discussing(r)
	for _, st := range r.snapshot().NextSteps {
		r.do(fran, session.DeleteNextStep{Step: st.ID})
	}
	r.do(fran, session.SetPhase{Phase: session.PhaseDone})
	return again(r)
}

func again(r *room) *room {
	r.t.Helper()
	code, err := r.mgr.Again(context.Background(), fran, r.code, "Platform team: Q2")
	if err != nil {
		r.t.Fatal(err)
	}
	f := &room{t: r.t, mgr: r.mgr, code: code, conns: map[string]*session.Conn{}}
	return f
}

// reviewing: the follow-up's Lobby, two earlier segments reviewed, and
// two of the next steps agreed for them when there are any: Mobile's
// survey done, the Developers' pairing still open.
func reviewing(f *room) {
	gathered(f)
	e := f.snapshot().Earlier
	f.do(fran,
		session.ReviewEarlier{Segment: e[0].ID, Status: session.ReviewDone},
		session.ReviewEarlier{Segment: e[1].ID, Status: session.ReviewOpen})
	if len(e[0].Steps) > 0 {
		f.do(fran,
			session.ReviewEarlier{Segment: e[0].ID, Step: e[0].Steps[0].ID, Status: session.ReviewDone},
			session.ReviewEarlier{Segment: e[1].ID, Step: e[1].Steps[0].ID, Status: session.ReviewOpen})
	}
}

// reranked: the follow-up in Prioritize: Developers up, SREs new, Mobile
// down, Security dropped.
func reranked(f *room) {
	reviewing(f)
	f.do(fran, session.SetPhase{Phase: session.PhaseAnswer})
	f.do(pat,
		session.AddNote{Question: session.QuestionWho, Text: "App developers"},
		session.AddNote{Question: session.QuestionWho, Text: "Platform SREs"})
	f.do(sam, session.AddNote{Question: session.QuestionWho, Text: "Mobile team 📱 in 東京"})
	f.do(fran, session.SetPhase{Phase: session.PhaseGroup})
	f.do(pat,
		session.CreateSegment{Name: "Developers", Notes: []int64{f.note("App developers").ID}},
		session.CreateSegment{Name: "SREs", Notes: []int64{f.note("Platform SREs").ID}},
		session.CreateSegment{Notes: []int64{f.note("Mobile team 📱 in 東京").ID}})
	f.do(fran, session.SetPhase{Phase: session.PhaseVote})
	dev, sre, mobile := f.segment("Developers").ID, f.segment("SREs").ID, f.segment("Mobile team 📱 in 東京").ID
	f.do(pat, session.CastDot{Segment: dev}, session.CastDot{Segment: dev}, session.CastDot{Segment: dev}, session.CastDot{Segment: sre})
	f.do(sam, session.CastDot{Segment: dev}, session.CastDot{Segment: dev}, session.CastDot{Segment: sre}, session.CastDot{Segment: mobile})
	f.do(fran, session.SetPhase{Phase: session.PhasePrioritize})
}

// TestGoldenFollowUp draws a follow-up's Lobby with the earlier segments
// reviewed, the movement view in Prioritize and the Done summary.
func TestGoldenFollowUp(t *testing.T) {
	cases := []struct {
		name  string
		from  func(*room) *room
		build func(*room)
		who   session.Identity
		keys  []string
		ready []string
	}{
		{"lobby_facilitator", followUp, reviewing, fran, []string{"down"}, []string{"Next steps from last time", "○ still open"}},
		{"lobby_participant", followUp, reviewing, pat, nil, []string{"Next steps from last time", "✓ done"}},
		{"lobby_segments", followUpNoSteps, reviewing, fran, []string{"down"}, []string{"Last time", "✓ done", "○ still open"}},
		{"movement", followUp, reranked, pat, []string{"M"}, []string{"Since last time", "▲ 1", "dropped"}},
		{"done", followUp, func(f *room) {
			reranked(f)
			f.do(fran, session.SetPhase{Phase: session.PhaseDiscuss}, session.SetPhase{Phase: session.PhaseDone})
		}, fran, nil,
			[]string{"● Done", "Since last time"}},
	}
	for _, c := range cases {
		for _, size := range sizes {
			w, h := size[0], size[1]
			t.Run(fmt.Sprintf("%s_%dx%d", c.name, w, h), func(t *testing.T) {
				t.Parallel()
				f := c.from(newRoom(t))
				c.build(f)
				tt := start(t, f.options(c.who), w, h)
				tt.waitText("Platform team: Q2", "● ")
				tt.press(c.keys...)
				screen := tt.waitText(c.ready...)
				requireFits(t, screen, w, h)
				requireGolden(t, tt, f.code, f.snapshot().Workshop.Follows)
			})
		}
	}
}

// TestAFollowUpFromDone: the facilitator starts a follow-up from Done and
// lands in its Lobby, where the next steps agreed last time wait for review
// under their segments.
func TestAFollowUpFromDone(t *testing.T) {
	r := newRoom(t)
	finished(r)
	tt := start(t, r.options(fran), 100, 30)
	tt.waitText("● Done", "A follow-up")
	tt.press("A")
	tt.waitText("Follow-up title ›")
	tt.typeText(" (Q2)")
	tt.press("enter")
	tt.waitText("● Lobby", "Platform team: who are our customers? (Q2)", "Next steps from last time ("+r.code+")",
		"1 Mobile team", "Survey the", "2 Developers", "Pair with")
	tt.press("down", "space")
	tt.waitText("✓ done")
	list, err := r.mgr.Workshops(context.Background(), fran)
	if err != nil || len(list) != 2 {
		t.Fatalf("Fran's workshops: %+v, %v", list, err)
	}
	code := list[0].Code
	if code == r.code {
		code = list[1].Code
	}
	snap, err := r.mgr.Snapshot(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	e := snap.Earlier
	if snap.Workshop.Follows != r.code || e[0].Status != session.ReviewNone || e[0].Steps[0].Status != session.ReviewNone ||
		e[1].Steps[0].Status != session.ReviewDone || e[1].Steps[1].Status != session.ReviewNone {
		t.Errorf("the follow-up: follows %q, earlier %+v", snap.Workshop.Follows, snap.Earlier)
	}
}
