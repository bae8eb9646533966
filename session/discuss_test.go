package session_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"forwhom/session"
)

const discuss = session.PhaseDiscuss

// In the standard room both segments have one "who" note and no votes, so
// Analysts (segB) ranks first, by name, and is in the spotlight until the
// facilitator moves it.

func TestSpotlightRules(t *testing.T) {
	wantSpotlight := func(seg func(*room) int64) func(testing.TB, *room) {
		return func(t testing.TB, r *room) {
			t.Helper()
			for _, c := range []*session.Conn{r.fac, r.pat, r.pia} {
				if got, want := c.View().Spotlight, seg(r); got != want {
					t.Errorf("%s's view has segment %d in the spotlight, want %d", c.ID(), got, want)
				}
			}
		}
	}
	segA := func(r *room) int64 { return r.segA }
	segB := func(r *room) int64 { return r.segB }
	timeBox := func(r *room) { r.do(r.fac, session.SetTimeBox{Duration: 4 * time.Minute}) }
	cases := []ruleCase{
		{
			name: "the top-ranked segment is in the spotlight until the facilitator moves it", phase: discuss,
			by: byFac, cmd: cmd(session.SetOpenWho{Open: false}),
			check: wantSpotlight(segB),
		},
		{
			name: "the facilitator moves the spotlight and every view follows", phase: discuss,
			by: byFac, cmd: func(r *room) session.Command { return session.Spotlight{Segment: r.segA} },
			check: wantSpotlight(segA),
		},
		{
			name: "a participant cannot move the spotlight", phase: discuss,
			by: byPat, cmd: func(r *room) session.Command { return session.Spotlight{Segment: r.segA} },
			want: session.ErrNotFacilitator,
		},
		{
			name: "the spotlight cannot go to a segment that does not exist", phase: discuss,
			by: byFac, cmd: cmd(session.Spotlight{Segment: 999}),
			want: session.ErrNotFound,
		},
		{
			name: "moving the spotlight with a time box starts the timer over", phase: discuss,
			prep: func(r *room) {
				timeBox(r)
				r.clock.Advance(time.Minute)
			},
			by: byFac, cmd: func(r *room) session.Command { return session.Spotlight{Segment: r.segA} },
			check: func(t testing.TB, r *room) {
				if got, want := r.snap().Workshop.Settings.TimerDeadline, r.clock.Now().Add(4*time.Minute); !got.Equal(want) {
					t.Errorf("the timer ends at %v, want %v", got, want)
				}
			},
		},
		{
			name: "moving the spotlight without a time box leaves the timer alone", phase: discuss,
			by: byFac, cmd: func(r *room) session.Command { return session.Spotlight{Segment: r.segA} },
			check: func(t testing.TB, r *room) {
				if dl := r.snap().Workshop.Settings.TimerDeadline; !dl.IsZero() {
					t.Errorf("a timer was started: %v", dl)
				}
			},
		},
		{
			name: "entering Discuss with a time box starts the timer", phase: prioritize,
			prep: timeBox,
			by:   byFac, cmd: cmd(session.SetPhase{Phase: discuss}),
			check: func(t testing.TB, r *room) {
				if got, want := r.snap().Workshop.Settings.TimerDeadline, r.clock.Now().Add(4*time.Minute); !got.Equal(want) {
					t.Errorf("the timer ends at %v, want %v", got, want)
				}
			},
		},
		{
			name: "a participant cannot set the time box", phase: discuss,
			by: byPat, cmd: cmd(session.SetTimeBox{Duration: time.Minute}),
			want: session.ErrNotFacilitator,
		},
		{
			name: "a time box longer than a timer may run is refused", phase: discuss,
			by: byFac, cmd: cmd(session.SetTimeBox{Duration: session.MaxTimer + time.Second}),
			want: session.ErrInvalid,
		},
		{
			name: "a participant cannot open classifying to the room", phase: discuss,
			by: byPat, cmd: cmd(session.SetOpenWho{Open: true}),
			want: session.ErrNotFacilitator,
		},
	}
	for _, p := range otherPhases(discuss) {
		cases = append(cases, ruleCase{
			name: fmt.Sprintf("the facilitator cannot move the spotlight in the %v phase", p), phase: p,
			by: byFac, cmd: func(r *room) session.Command { return session.Spotlight{Segment: r.segA} },
			want: session.ErrWrongPhase,
		})
	}
	runRules(t, cases)
}

func TestSegmentWhoRules(t *testing.T) {
	open := func(r *room) { r.do(r.fac, session.SetOpenWho{Open: true}) }
	wantType := func(seg func(*room) int64, typ session.CustomerType, role session.SegmentRole) func(testing.TB, *room) {
		return func(t testing.TB, r *room) {
			t.Helper()
			for _, s := range r.snap().Segments {
				if s.ID == seg(r) && (s.Type != typ || s.Role != role) {
					t.Errorf("segment %s is %q, %q; want %q, %q", s.Name, s.Type, s.Role, typ, role)
				}
			}
			if sv, _ := r.pia.View().Segment(seg(r)); sv.Type != typ || sv.Role != role {
				t.Errorf("Pia's view shows %q, %q; want %q, %q", sv.Type, sv.Role, typ, role)
			}
		}
	}
	segA := func(r *room) int64 { return r.segA }
	segB := func(r *room) int64 { return r.segB }
	cases := []ruleCase{
		{
			name: "the facilitator says what type of customer any segment is", phase: discuss,
			by: byFac, cmd: func(r *room) session.Command {
				return session.SetSegmentType{Segment: r.segA, Type: session.TypeDecisionMaker}
			},
			check: wantType(segA, session.TypeDecisionMaker, session.RoleUnknown),
		},
		{
			name: "the facilitator says what role any segment has", phase: discuss,
			by: byFac, cmd: func(r *room) session.Command {
				return session.SetSegmentRole{Segment: r.segA, Role: session.RoleNotServed}
			},
			check: wantType(segA, session.TypeUnknown, session.RoleNotServed),
		},
		{
			name: "the facilitator clears a segment's type", phase: discuss,
			prep: func(r *room) { r.do(r.fac, session.SetSegmentType{Segment: r.segB, Type: session.TypePartner}) },
			by:   byFac, cmd: func(r *room) session.Command {
				return session.SetSegmentType{Segment: r.segB, Type: session.TypeUnknown}
			},
			check: wantType(segB, session.TypeUnknown, session.RoleUnknown),
		},
		{
			name: "a participant cannot say who a segment is unless the facilitator allows it", phase: discuss,
			by: byPat, cmd: func(r *room) session.Command {
				return session.SetSegmentType{Segment: r.segB, Type: session.TypeEndUser}
			},
			want: session.ErrNotFacilitator,
		},
		{
			name: "once allowed, a participant says who the segment in the spotlight is", phase: discuss,
			prep: open,
			by:   byPat, cmd: func(r *room) session.Command {
				return session.SetSegmentType{Segment: r.segB, Type: session.TypeEndUser}
			},
			check: wantType(segB, session.TypeEndUser, session.RoleUnknown),
		},
		{
			name: "once allowed, a participant sets the spotlight's role", phase: discuss,
			prep: open,
			by:   byPat, cmd: func(r *room) session.Command {
				return session.SetSegmentRole{Segment: r.segB, Role: session.RoleSupporting}
			},
			check: wantType(segB, session.TypeUnknown, session.RoleSupporting),
		},
		{
			name: "even when allowed, a participant cannot classify a segment outside the spotlight", phase: discuss,
			prep: open,
			by:   byPat, cmd: func(r *room) session.Command {
				return session.SetSegmentRole{Segment: r.segA, Role: session.RolePrimary}
			},
			want: session.ErrNotFacilitator,
		},
		{
			name: "a type that does not exist is refused", phase: discuss,
			by: byFac, cmd: func(r *room) session.Command {
				return session.SetSegmentType{Segment: r.segA, Type: session.CustomerType(42)}
			},
			want: session.ErrInvalid,
		},
		{
			name: "a role that does not exist is refused", phase: discuss,
			by: byFac, cmd: func(r *room) session.Command {
				return session.SetSegmentRole{Segment: r.segA, Role: session.SegmentRole(-1)}
			},
			want: session.ErrInvalid,
		},
		{
			name: "a segment that does not exist cannot be classified", phase: discuss,
			by: byFac, cmd: cmd(session.SetSegmentType{Segment: 999, Type: session.TypeBuyer}),
			want: session.ErrNotFound,
		},
	}
	for _, p := range otherPhases(discuss) {
		cases = append(cases, ruleCase{
			name: fmt.Sprintf("the facilitator cannot classify segments in the %v phase", p), phase: p,
			by: byFac, cmd: func(r *room) session.Command {
				return session.SetSegmentType{Segment: r.segA, Type: session.TypeBuyer}
			},
			want: session.ErrWrongPhase,
		})
	}
	runRules(t, cases)
}

// step returns the newest next step in the whole state.
func newestStep(t testing.TB, r *room) session.NextStep {
	t.Helper()
	steps := r.snap().NextSteps
	if len(steps) == 0 {
		t.Fatal("there is no next step")
	}
	return steps[len(steps)-1]
}

func (r *room) addStep(c *session.Conn, seg int64, text string) int64 {
	r.t.Helper()
	r.do(c, session.AddNextStep{Segment: seg, Kind: session.StepTalkTo, Text: text})
	return newestStep(r.t, r).ID
}

func TestNextStepRules(t *testing.T) {
	limit3 := testLimits()
	limit3.NotesPerParticipant = 3 // Pat has written 3 notes in every room: steps count apart
	wantSteps := func(texts ...string) func(testing.TB, *room) {
		return func(t testing.TB, r *room) {
			t.Helper()
			var got []string
			for _, s := range r.snap().NextSteps {
				got = append(got, s.Text)
			}
			if !slices.Equal(got, texts) {
				t.Errorf("next steps %q, want %q", got, texts)
			}
		}
	}
	patStep := func(r *room) { r.addStep(r.pat, r.segA, "Pat's step") }
	piaStep := func(r *room) { r.addStep(r.pia, r.segA, "Pia's step") }
	edit := func(text string) func(r *room) session.Command {
		return func(r *room) session.Command {
			return session.EditNextStep{Step: newestStep(r.t, r).ID, Kind: session.StepObserve, Text: text}
		}
	}
	del := func(r *room) session.Command { return session.DeleteNextStep{Step: newestStep(r.t, r).ID} }
	cases := []ruleCase{
		{
			name: "a participant adds a next step with a kind, an owner in the room and a due date", phase: discuss,
			by: byPat, cmd: func(r *room) session.Command {
				return session.AddNextStep{Segment: r.segA, Kind: session.StepHypothesis,
					Text: "We believe Builders need faster CI", Owner: " pia ", Due: "2026-12-20"}
			},
			check: func(t testing.TB, r *room) {
				s := newestStep(t, r)
				want := session.NextStep{ID: s.ID, Segment: r.segA, Kind: session.StepHypothesis,
					Text: "We believe Builders need faster CI", Owner: "Pia", OwnerID: r.pia.ID(),
					Due: "2026-12-20", Author: r.pat.ID(), CreatedAt: r.clock.Now()}
				if s != want {
					t.Errorf("the step is %+v, want %+v", s, want)
				}
				sv, _ := r.pia.View().Segment(r.segA)
				if len(sv.NextSteps) != 1 || sv.NextSteps[0].Text != s.Text || sv.NextSteps[0].Author != "" {
					t.Errorf("Pia sees the segment's steps as %+v; want the step with no author (anonymous)", sv.NextSteps)
				}
				if !r.pat.View().MineStep(s.ID) || r.pia.View().MineStep(s.ID) {
					t.Error("only Pat's view should call the step Pat's")
				}
			},
		},
		{
			name: "an owner who is not in the room is kept as written", phase: discuss,
			by: byPat, cmd: func(r *room) session.Command {
				return session.AddNextStep{Segment: r.segA, Kind: session.StepTalkTo, Text: "Call them", Owner: "Head of Data"}
			},
			check: func(t testing.TB, r *room) {
				if s := newestStep(t, r); s.Owner != "Head of Data" || s.OwnerID != "" || s.Due != "" {
					t.Errorf("the step is %+v", s)
				}
			},
		},
		{
			name: "a next step's text, owner and date are sanitized", phase: discuss,
			by: byPat, cmd: func(r *room) session.Command {
				return session.AddNextStep{Segment: r.segA, Kind: session.StepSurvey,
					Text: "\x1b[2J\x1b]0;pwned\x07Survey\n\tthe   team\u202e", Owner: "\x1b[31mSam\x1b[0m", Due: " 2027-01-05\x07 "}
			},
			check: func(t testing.TB, r *room) {
				if s := newestStep(t, r); s.Text != "Survey the team" || s.Owner != "Sam" || s.Due != "2027-01-05" {
					t.Errorf("the step is %+v", s)
				}
			},
		},
		{
			name: "a next step's text is cut to a note's length", phase: discuss,
			by: byPat, cmd: func(r *room) session.Command {
				return session.AddNextStep{Segment: r.segA, Text: strings.Repeat("x", 1000), Owner: strings.Repeat("o", 100)}
			},
			check: func(t testing.TB, r *room) {
				if s := newestStep(t, r); len(s.Text) != session.MaxNoteLen || len(s.Owner) != session.MaxNameLen {
					t.Errorf("text of %d and owner of %d characters", len(s.Text), len(s.Owner))
				}
			},
		},
		{
			name: "a next step with no text is refused", phase: discuss,
			by: byPat, cmd: func(r *room) session.Command {
				return session.AddNextStep{Segment: r.segA, Text: " \x1b[0m\x07 "}
			},
			want: session.ErrInvalid,
		},
		{
			name: "a due date that is not a day is refused", phase: discuss,
			by: byPat, cmd: func(r *room) session.Command {
				return session.AddNextStep{Segment: r.segA, Text: "Call", Due: "next friday"}
			},
			want: session.ErrInvalid,
		},
		{
			name: "a kind that does not exist is refused", phase: discuss,
			by: byPat, cmd: func(r *room) session.Command {
				return session.AddNextStep{Segment: r.segA, Kind: session.StepKind(9), Text: "Call"}
			},
			want: session.ErrInvalid,
		},
		{
			name: "a next step for a segment that does not exist is refused", phase: discuss,
			by: byPat, cmd: cmd(session.AddNextStep{Segment: 999, Text: "Call"}),
			want: session.ErrNotFound,
		},
		{
			name: "a participant writes at most as many next steps as notes", phase: discuss, limits: &limit3,
			prep: func(r *room) { patStep(r); patStep(r); patStep(r) },
			by:   byPat, cmd: func(r *room) session.Command { return session.AddNextStep{Segment: r.segB, Text: "third"} },
			want: session.ErrLimit,
		},
		{
			name: "the limit is per participant", phase: discuss, limits: &limit3,
			prep: func(r *room) { patStep(r); patStep(r); patStep(r) },
			by:   byPia, cmd: func(r *room) session.Command { return session.AddNextStep{Segment: r.segB, Text: "Pia's"} },
			check: wantSteps("Pat's step", "Pat's step", "Pat's step", "Pia's"),
		},
		{
			name: "a segment holds at most MaxNextStepsPerSegment next steps", phase: discuss,
			prep: func(r *room) {
				for i := range session.MaxNextStepsPerSegment {
					r.addStep(r.fac, r.segA, fmt.Sprint("step ", i))
				}
			},
			by: byPat, cmd: func(r *room) session.Command { return session.AddNextStep{Segment: r.segA, Text: "one more"} },
			want: session.ErrLimit,
		},
		{
			name: "a participant edits their own next step", phase: discuss, prep: patStep,
			by: byPat, cmd: edit("Watch them deploy"),
			check: func(t testing.TB, r *room) {
				if s := newestStep(t, r); s.Text != "Watch them deploy" || s.Kind != session.StepObserve || s.Author != r.pat.ID() {
					t.Errorf("the step is %+v", s)
				}
			},
		},
		{
			name: "a participant cannot edit someone else's next step", phase: discuss, prep: piaStep,
			by: byPat, cmd: edit("mine now"),
			want: session.ErrNotYours,
		},
		{
			name: "the facilitator edits anyone's next step", phase: discuss, prep: piaStep,
			by: byFac, cmd: edit("Tidied"),
			check: wantSteps("Tidied"),
		},
		{
			name: "editing a next step to no text is refused", phase: discuss, prep: patStep,
			by: byPat, cmd: edit("  "),
			want: session.ErrInvalid,
		},
		{
			name: "a participant removes their own next step", phase: discuss, prep: patStep,
			by: byPat, cmd: del,
			check: wantSteps(),
		},
		{
			name: "a participant cannot remove someone else's next step", phase: discuss, prep: piaStep,
			by: byPat, cmd: del,
			want: session.ErrNotYours,
		},
		{
			name: "the facilitator removes anyone's next step", phase: discuss, prep: piaStep,
			by: byFac, cmd: del,
			check: wantSteps(),
		},
		{
			name: "removing a next step that does not exist is refused", phase: discuss,
			by: byFac, cmd: cmd(session.DeleteNextStep{Step: 999}),
			want: session.ErrNotFound,
		},
		{
			name: "a segment deleted in Discuss takes its next steps with it", phase: discuss, prep: patStep,
			by: byFac, cmd: func(r *room) session.Command { return session.DeleteNote{Note: r.patWho} },
			check: func(t testing.TB, r *room) {
				if r.hasSegment(r.segA) || len(r.snap().NextSteps) != 0 {
					t.Errorf("segments %+v, next steps %+v", r.snap().Segments, r.snap().NextSteps)
				}
			},
		},
		{
			name: "next steps stay put once the workshop is done", phase: discuss,
			prep: func(r *room) {
				patStep(r)
				r.phase(done)
			},
			by: byFac, cmd: del,
			want: session.ErrWrongPhase,
		},
	}
	for _, p := range otherPhases(discuss) {
		cases = append(cases, ruleCase{
			name: fmt.Sprintf("nobody adds next steps in the %v phase", p), phase: p,
			by: byFac, cmd: func(r *room) session.Command { return session.AddNextStep{Segment: r.segA, Text: "x"} },
			want: session.ErrWrongPhase,
		})
	}
	runRules(t, cases)
}

// Next steps are rate-limited like every other action.
func TestNextStepsAreRateLimited(t *testing.T) {
	lim := testLimits()
	lim.ActionsPerSecond, lim.ActionBurst = 1, 12
	r := newRoom(t, discuss, lim)
	r.clock.Advance(time.Hour) // the room's setup spent Pat's burst
	add := func() error {
		return r.pat.Do(r.ctx, session.AddNextStep{Segment: r.segA, Text: "Call"})
	}
	for i := range 12 {
		if err := add(); err != nil {
			t.Fatalf("step %d of the burst: %v", i+1, err)
		}
	}
	if err := add(); !errors.Is(err, session.ErrTooFast) {
		t.Fatalf("a 13th step at once: %v, want ErrTooFast", err)
	}
	if n := len(r.snap().NextSteps); n != 12 {
		t.Errorf("%d next steps stored, want 12", n)
	}
}

// What a view lets its viewer do comes from the same rules the commands
// obey.
func TestViewSaysWhatTheViewerMayDoInDiscuss(t *testing.T) {
	r := newRoom(t, discuss)
	pat := r.addStep(r.pat, r.segA, "Pat's")
	pia := r.addStep(r.pia, r.segA, "Pia's")
	fv, pv := r.fac.View(), r.pat.View()
	step := func(v *session.View, id int64) session.NextStep {
		sv, _ := v.Segment(r.segA)
		for _, s := range sv.NextSteps {
			if s.ID == id {
				return s
			}
		}
		t.Fatalf("no step %d in the view", id)
		return session.NextStep{}
	}
	checks := []struct {
		what      string
		got, want bool
	}{
		{"the facilitator may move the spotlight", fv.Can.MoveSpotlight, true},
		{"Pat may not move the spotlight", pv.Can.MoveSpotlight, false},
		{"the facilitator may classify a segment outside the spotlight", fv.CanClassify(r.segA), true},
		{"Pat may not classify the spotlight while it is closed", pv.CanClassify(r.segB), false},
		{"Pat may change his own step", pv.CanChangeStep(step(pv, pat)), true},
		{"Pat may not change Pia's step", pv.CanChangeStep(step(pv, pia)), false},
		{"the facilitator may change Pia's step", fv.CanChangeStep(step(fv, pia)), true},
		{"Pat may add steps", pv.Can.AddNextSteps, true},
	}
	r.do(r.fac, session.SetOpenWho{Open: true})
	pv = r.pat.View()
	checks = append(checks,
		struct {
			what      string
			got, want bool
		}{"once open, Pat may classify the spotlight", pv.CanClassify(r.segB), true},
		struct {
			what      string
			got, want bool
		}{"once open, Pat may still not classify another segment", pv.CanClassify(r.segA), false},
	)
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v", c.what, c.got)
		}
	}
}

// Stakeholders and segments the team does not serve leave the customer
// ranking, which closes up, and are listed apart in every export.
func TestStakeholdersAndNotServedLeaveTheCustomerRanking(t *testing.T) {
	w := newWorkshop(t)
	pat := w.participant("pat", "Pat")
	w.do(w.fac, session.SetVoteSettings{Budget: 10, MaxPerSegment: 4})
	w.phase(answer)
	ids := map[string]int64{}
	for _, name := range []string{"Alpha", "Bravo", "Charlie", "Delta"} {
		ids[name] = w.note(pat, session.QuestionWho, name)
	}
	w.phase(group)
	for _, name := range []string{"Alpha", "Bravo", "Charlie", "Delta"} {
		ids[name] = w.segment(w.fac, name, ids[name])
	}
	w.phase(vote) // Alpha 4 dots, Bravo 3, Charlie 2, Delta 1
	for i, name := range []string{"Alpha", "Bravo", "Charlie", "Delta"} {
		for range 4 - i {
			w.do(pat, session.CastDot{Segment: ids[name]})
		}
	}
	w.phase(discuss)
	w.do(w.fac, session.SetSegmentType{Segment: ids["Alpha"], Type: session.TypeStakeholder})
	w.do(w.fac, session.SetSegmentRole{Segment: ids["Charlie"], Role: session.RoleNotServed})
	w.do(w.fac, session.SetSegmentType{Segment: ids["Delta"], Type: session.TypeEndUser})
	w.do(w.fac, session.SetSegmentRole{Segment: ids["Delta"], Role: session.RolePrimary})
	w.do(pat, session.AddNextStep{Segment: ids["Alpha"], Kind: session.StepTalkTo, Text: "Brief the sponsor", Owner: "Fran", Due: "2026-04-01"})
	w.do(pat, session.AddNextStep{Segment: ids["Delta"], Kind: session.StepObserve, Text: "Shadow a deploy", Owner: "Pat"})
	w.do(w.fac, session.AddNextStep{Segment: ids["Charlie"], Kind: session.StepSurvey, Text: "=cmd|' /C calc'!A0"})
	w.phase(done)

	r := session.ResultOf(w.snap())
	names := func(list []session.ResultSegment) (out []string) {
		for _, s := range list {
			out = append(out, fmt.Sprintf("%d %s (vote rank %d)", s.Rank, s.Name, s.VoteRank))
		}
		return out
	}
	if got, want := names(r.Segments), []string{"1 Bravo (vote rank 2)", "2 Delta (vote rank 4)"}; !slices.Equal(got, want) {
		t.Errorf("customer segments %q, want %q", got, want)
	}
	if got, want := names(r.Stakeholders), []string{"1 Alpha (vote rank 1)"}; !slices.Equal(got, want) {
		t.Errorf("stakeholders %q, want %q", got, want)
	}
	if got, want := names(r.NotServed), []string{"1 Charlie (vote rank 3)"}; !slices.Equal(got, want) {
		t.Errorf("not served %q, want %q", got, want)
	}

	// JSON: every list, with stable names.
	out, err := session.Export(w.snap(), session.FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		Segments []struct {
			Rank      int    `json:"rank"`
			VoteRank  int    `json:"vote_rank"`
			Name      string `json:"name"`
			Type      string `json:"type"`
			Role      string `json:"role"`
			NextSteps []struct {
				Kind, Text, Owner, Due, Segment string
			} `json:"next_steps"`
		} `json:"segments"`
		Stakeholders []struct {
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"stakeholders"`
		NotServed []struct {
			Name string `json:"name"`
			Role string `json:"role"`
		} `json:"not_served"`
	}
	if err := json.Unmarshal(out, &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Segments) != 2 || j.Segments[1].Name != "Delta" || j.Segments[1].Rank != 2 || j.Segments[1].VoteRank != 4 ||
		j.Segments[1].Type != "end user" || j.Segments[1].Role != "primary customer" ||
		len(j.Segments[1].NextSteps) != 1 || j.Segments[1].NextSteps[0] != (struct{ Kind, Text, Owner, Due, Segment string }{
		"observe", "Shadow a deploy", "Pat", "", "Delta"}) {
		t.Errorf("json segments: %+v", j.Segments)
	}
	if len(j.Stakeholders) != 1 || j.Stakeholders[0].Name != "Alpha" || j.Stakeholders[0].Type != "stakeholder" ||
		len(j.NotServed) != 1 || j.NotServed[0].Name != "Charlie" || j.NotServed[0].Role != "not served by us" {
		t.Errorf("json stakeholders %+v, not served %+v", j.Stakeholders, j.NotServed)
	}

	// CSV: customers ranked, the others after them without a rank.
	out, err = session.Export(w.snap(), session.FormatCSV)
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, out)
	var got [][]string
	for _, row := range rows[1:] {
		got = append(got, []string{row[0], row[1], row[9], row[10]})
	}
	want := [][]string{
		{"1", "Bravo", "", ""},
		{"2", "Delta", "end user", "primary customer"},
		{"", "Alpha", "stakeholder", ""},
		{"", "Charlie", "", "not served by us"},
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("csv rows %q, want %q", got, want)
	}

	// CSV of next steps: issue-tracker columns, customers' first.
	out, err = session.ExportTable(w.snap(), session.FormatCSV, session.TableNextSteps)
	if err != nil {
		t.Fatal(err)
	}
	rows = readCSV(t, out)
	if !slices.Equal(rows[0], []string{"title", "description", "owner", "due", "segment", "kind"}) || len(rows) != 4 {
		t.Fatalf("next-steps csv: %q", rows)
	}
	if r := rows[1]; r[0] != "Observe: Shadow a deploy" || r[2] != "Pat" || r[3] != "" || r[4] != "Delta" || r[5] != "observe" ||
		!strings.HasPrefix(r[1], "Shadow a deploy\n\nSegment: Delta (end user, primary customer), vote rank 4.") {
		t.Errorf("first next step row %q", r)
	}
	if r := rows[2]; r[0] != "Talk to: Brief the sponsor" || r[2] != "Fran" || r[3] != "2026-04-01" || r[4] != "Alpha" || r[5] != "talk to" {
		t.Errorf("second next step row %q", r)
	}
	if r := rows[3]; r[0] != "Survey: =cmd|' /C calc'!A0" || !strings.HasPrefix(r[1], "'=cmd") || r[4] != "Charlie" {
		t.Errorf("third next step row %q (a formula must not start a cell)", r)
	}
	if _, err := session.ExportTable(w.snap(), session.FormatJSON, session.TableNextSteps); !errors.Is(err, session.ErrInvalid) {
		t.Errorf("a next-steps table as JSON: %v, want ErrInvalid", err)
	}

	// Markdown: a canvas per customer segment; the others apart.
	out, err = session.Export(w.snap(), session.FormatMarkdown)
	if err != nil {
		t.Fatal(err)
	}
	md := string(out)
	for _, want := range []string{
		"## Prioritized segments",
		"### 1. Bravo — 3 votes from 1 voter\n\nWho:\n\n- Bravo\n\n- Type and role: _not said_\n",
		"### 2. Delta — 1 vote from 1 voter\n\nWho:\n\n- Delta\n\n- Type and role: end user, primary customer\n- Insights: _none_\n- Vote rank: 4\n\nNext steps:\n\n- Observe: Shadow a deploy — owner Pat\n",
		"## Stakeholders\n\nA voice in the room, not the customer.\n\n### 1. Alpha",
		"- Talk to: Brief the sponsor — owner Fran, due 2026-04-01\n",
		"## Not served by us\n\nSegments the team decided it does not serve.\n\n### 1. Charlie",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the md export lacks %q:\n%s", want, md)
		}
	}
}

func readCSV(t *testing.T, out []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, out)
	}
	return rows
}

// The top-ranked segment stands in for an unset spotlight only once totals
// are visible: before, it would tell every view which segment leads.
func TestTheSpotlightDoesNotTellTheLeaderWhileTotalsAreHidden(t *testing.T) {
	r := newRoom(t, vote)
	r.do(r.pat, session.CastDot{Segment: r.segA})
	if got := r.pia.View().Spotlight; got != 0 {
		t.Fatalf("with totals hidden, Pia's view has segment %d in the spotlight (Pat's dot leads)", got)
	}
	r.do(r.fac, session.RevealVotes{Revealed: true})
	if got := r.pia.View().Spotlight; got != r.segA {
		t.Fatalf("with totals revealed, the spotlight stands on %d, want the leader %d", got, r.segA)
	}
}

// Back in Group after Discuss, merging two segments keeps the next steps
// of both; deleting a segment's last note takes its steps with it.
func TestMergingSegmentsKeepsTheirNextSteps(t *testing.T) {
	r := newRoom(t, discuss)
	r.addStep(r.pat, r.segA, "for Builders")
	r.addStep(r.pia, r.segB, "for Analysts")
	r.phase(group)
	r.do(r.fac, session.MergeSegments{From: r.segA, Into: r.segB})
	steps := r.snap().NextSteps
	if len(steps) != 2 || steps[0].Segment != r.segB || steps[1].Segment != r.segB {
		t.Fatalf("after the merge the next steps are %+v, want both in segment %d", steps, r.segB)
	}
}
