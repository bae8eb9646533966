package session_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"forwhom/session"
)

// The rule tables: one per concern. Each row builds a fresh room (see
// harness_test.go), lets someone act, and says whether the session accepts
// it or which kind of refusal it returns.

const (
	lobby      = session.PhaseLobby
	answer     = session.PhaseAnswer
	group      = session.PhaseGroup
	vote       = session.PhaseVote
	prioritize = session.PhasePrioritize
	done       = session.PhaseDone
)

func TestNoteRules(t *testing.T) {
	limit3 := testLimits()
	limit3.NotesPerParticipant = 3 // Pat has written 3 notes in every room
	limit4 := testLimits()
	limit4.NotesPerParticipant = 4

	cases := []ruleCase{
		{
			name: "participant adds a note while answering", phase: answer,
			by: byPat, cmd: cmd(session.AddNote{Question: session.QuestionWho, Text: "Security team"}),
			check: func(t testing.TB, r *room) {
				n := newest(t, r)
				if n.Text != "Security team" || n.Author != r.pat.ID() || n.Question != session.QuestionWho || n.Segment != 0 {
					t.Errorf("stored note = %+v", n)
				}
				if !n.CreatedAt.Equal(r.clock.Now()) {
					t.Errorf("note created at %v, want the clock's %v", n.CreatedAt, r.clock.Now())
				}
			},
		},
		{
			name: "note text is stored without its escape sequences", phase: answer,
			by: byPat, cmd: cmd(session.AddNote{Question: session.QuestionWho, Text: "\x1b[31mred\x1b[0m"}),
			check: wantNewestText("red"),
		},
		{
			name: "note text is stored without bidi overrides and its lines folded", phase: answer,
			by: byPat, cmd: cmd(session.AddNote{Question: session.QuestionDo, Text: "  run\u202e the\r\n\tCI \x07 "}),
			check: wantNewestText("run the CI"),
		},
		{
			name: "note is cut to 280 characters", phase: answer,
			by: byPat, cmd: cmd(session.AddNote{Question: session.QuestionWho, Text: strings.Repeat("字", 1000)}),
			check: wantNewestText(strings.Repeat("字", session.MaxNoteLen)),
		},
		{
			name: "note of nothing but escape sequences is refused", phase: answer,
			by: byPat, cmd: cmd(session.AddNote{Question: session.QuestionWho, Text: "\x1b[2J\x1b[H \u200b"}),
			want: session.ErrInvalid,
		},
		{
			name: "note must answer one of the three questions", phase: answer,
			by: byPat, cmd: cmd(session.AddNote{Question: session.Question(3), Text: "x"}),
			want: session.ErrInvalid,
		},
		{
			name: "participant cannot write more notes than the limit", phase: answer, limits: &limit3,
			by: byPat, cmd: cmd(session.AddNote{Question: session.QuestionWho, Text: "one too many"}),
			want: session.ErrLimit,
		},
		{
			name: "participant writes up to the note limit", phase: answer, limits: &limit4,
			by: byPat, cmd: cmd(session.AddNote{Question: session.QuestionWho, Text: "the last one"}),
		},
		{
			name: "deleted notes no longer count against the limit", phase: answer, limits: &limit3,
			prep: func(r *room) { r.do(r.pat, session.DeleteNote{Note: r.patWho2}) },
			by:   byPat, cmd: cmd(session.AddNote{Question: session.QuestionWho, Text: "instead"}),
		},
		{
			name: "guest writes notes", phase: answer,
			by: byGuest, cmd: cmd(session.AddNote{Question: session.QuestionValue, Text: "Less toil"}),
		},
		{
			name: "facilitator writes notes", phase: answer,
			by: byFac, cmd: cmd(session.AddNote{Question: session.QuestionValue, Text: "Less toil"}),
		},
		{
			name: "participant edits their own note while answering", phase: answer,
			by: byPat, cmd: func(r *room) session.Command { return session.EditNote{Note: r.patWho, Text: "App developers"} },
			check: wantNoteText(func(r *room) int64 { return r.patWho }, "App developers"),
		},
		{
			name: "edited text is sanitized", phase: answer,
			by: byPat, cmd: func(r *room) session.Command {
				return session.EditNote{Note: r.patWho, Text: "\x1b]0;pwned\x07Dev\u202eops\x1b[1A"}
			},
			check: wantNoteText(func(r *room) int64 { return r.patWho }, "Devops"),
		},
		{
			name: "participant cannot edit someone else's note", phase: answer,
			by: byPat, cmd: func(r *room) session.Command { return session.EditNote{Note: r.piaWho, Text: "mine now"} },
			want:  session.ErrNotYours,
			check: wantNoteText(func(r *room) int64 { return r.piaWho }, "Data scientists"),
		},
		{
			name: "facilitator cannot edit a participant's note", phase: answer,
			by: byFac, cmd: func(r *room) session.Command { return session.EditNote{Note: r.piaWho, Text: "edited"} },
			want: session.ErrNotYours,
		},
		{
			name: "participant cannot edit a note down to nothing", phase: answer,
			by: byPat, cmd: func(r *room) session.Command { return session.EditNote{Note: r.patWho, Text: " \x07\x1b[0m "} },
			want: session.ErrInvalid,
		},
		{
			name: "editing a note that does not exist is refused", phase: answer,
			by: byPat, cmd: cmd(session.EditNote{Note: 999, Text: "x"}),
			want: session.ErrNotFound,
		},
		{
			name: "participant deletes their own note while answering", phase: answer,
			by: byPat, cmd: func(r *room) session.Command { return session.DeleteNote{Note: r.patWho} },
			check: wantNoNote(func(r *room) int64 { return r.patWho }),
		},
		{
			name: "participant cannot delete someone else's note", phase: answer,
			by: byPat, cmd: func(r *room) session.Command { return session.DeleteNote{Note: r.piaWho} },
			want: session.ErrNotYours,
		},
		{
			name: "deleting a note that does not exist is refused", phase: answer,
			by: byPat, cmd: cmd(session.DeleteNote{Note: 999}),
			want: session.ErrNotFound,
		},
		{
			name: "facilitator cannot remove notes once the workshop is done", phase: done,
			by: byFac, cmd: func(r *room) session.Command { return session.DeleteNote{Note: r.piaWho} },
			want: session.ErrWrongPhase,
		},
		{
			name: "removing the last note of a segment deletes the segment and refunds its dots", phase: vote,
			prep: func(r *room) {
				r.do(r.pat, session.CastDot{Segment: r.segA})
				r.do(r.pat, session.CastDot{Segment: r.segA})
			},
			by: byFac, cmd: func(r *room) session.Command { return session.DeleteNote{Note: r.patWho} },
			check: func(t testing.TB, r *room) {
				if r.hasSegment(r.segA) {
					t.Error("the emptied segment still exists")
				}
				if n := r.dots(r.pat.ID(), r.segA); n != 0 {
					t.Errorf("Pat still has %d dots on the deleted segment", n)
				}
				if left := r.pat.View().DotsLeft; left != 5 {
					t.Errorf("Pat has %d dots left, want all 5 back", left)
				}
			},
		},
	}
	for _, p := range otherPhases(answer) {
		cases = append(cases,
			ruleCase{
				name: fmt.Sprintf("participant cannot add notes in the %v phase", p), phase: p,
				by: byPat, cmd: cmd(session.AddNote{Question: session.QuestionWho, Text: "late"}),
				want: session.ErrWrongPhase,
			},
			ruleCase{
				name: fmt.Sprintf("participant cannot edit their notes in the %v phase", p), phase: p,
				by: byPat, cmd: func(r *room) session.Command { return session.EditNote{Note: r.patWho, Text: "late"} },
				want: session.ErrWrongPhase,
			},
			ruleCase{
				name: fmt.Sprintf("participant cannot delete their notes in the %v phase", p), phase: p,
				by: byPat, cmd: func(r *room) session.Command { return session.DeleteNote{Note: r.patWho2} },
				want: session.ErrWrongPhase,
			},
		)
		if p != done {
			cases = append(cases, ruleCase{
				name: fmt.Sprintf("facilitator removes a participant's note in the %v phase", p), phase: p,
				by: byFac, cmd: func(r *room) session.Command { return session.DeleteNote{Note: r.piaValue} },
				check: wantNoNote(func(r *room) int64 { return r.piaValue }),
			})
		}
	}
	runRules(t, cases)
}

func TestGroupingRules(t *testing.T) {
	locked := func(r *room) { r.do(r.fac, session.LockGrouping{Locked: true}) }
	cases := []ruleCase{
		{
			name: "participant makes a segment of notes", phase: group,
			by: byPat, cmd: func(r *room) session.Command {
				return session.CreateSegment{Name: "Operators", Notes: []int64{r.patWho2}}
			},
			check: func(t testing.TB, r *room) {
				segs := r.snap().Segments
				last := segs[len(segs)-1]
				if last.Name != "Operators" || len(segs) != 3 {
					t.Fatalf("segments = %+v", segs)
				}
				if n, _ := r.noteByID(r.patWho2); n.Segment != last.ID {
					t.Errorf("note is in segment %d, want %d", n.Segment, last.ID)
				}
			},
		},
		{
			name: "segment without a name is named after its first note", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.CreateSegment{Notes: []int64{r.patWho2}} },
			check: wantNewestSegmentName("Operators"),
		},
		{
			name: "segment name is sanitized", phase: group,
			by: byPat, cmd: func(r *room) session.Command {
				return session.CreateSegment{Name: "\x1b[2J\x1b[HOps\u200b team\x1b]52;c;cm0gLXJm\x07", Notes: []int64{r.patWho2}}
			},
			check: wantNewestSegmentName("Ops team"),
		},
		{
			name: "segment needs at least one note", phase: group,
			by: byPat, cmd: cmd(session.CreateSegment{Name: "Empty"}),
			want: session.ErrInvalid,
		},
		{
			name: "only who notes form segments", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.CreateSegment{Name: "Do", Notes: []int64{r.patDo}} },
			want: session.ErrInvalid,
		},
		{
			name: "segment of a note that does not exist is refused", phase: group,
			by: byPat, cmd: cmd(session.CreateSegment{Name: "Ghosts", Notes: []int64{999}}),
			want: session.ErrNotFound,
		},
		{
			name: "making a segment of another segment's last note deletes that segment", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.CreateSegment{Name: "Devs", Notes: []int64{r.patWho}} },
			check: wantNoSegment(func(r *room) int64 { return r.segA }),
		},
		{
			name: "participant moves a note into another segment", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.MoveNote{Note: r.patWho2, Segment: r.segB} },
			check: wantNoteIn(func(r *room) (int64, int64) { return r.patWho2, r.segB }),
		},
		{
			name: "participant moves someone else's note", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.MoveNote{Note: r.piaWho, Segment: r.segA} },
			check: wantNoteIn(func(r *room) (int64, int64) { return r.piaWho, r.segA }),
		},
		{
			name: "moving the last note out of a segment deletes the segment", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.MoveNote{Note: r.patWho, Segment: r.segB} },
			check: func(t testing.TB, r *room) {
				wantNoSegment(func(r *room) int64 { return r.segA })(t, r)
				wantNoteIn(func(r *room) (int64, int64) { return r.patWho, r.segB })(t, r)
			},
		},
		{
			name: "moving the last note out to no segment deletes the segment and detaches its notes", phase: group,
			prep: func(r *room) { r.do(r.pia, session.AttachNote{Note: r.piaValue, Segment: r.segA}) },
			by:   byPat, cmd: func(r *room) session.Command { return session.MoveNote{Note: r.patWho, Segment: 0} },
			check: func(t testing.TB, r *room) {
				wantNoSegment(func(r *room) int64 { return r.segA })(t, r)
				wantNoteIn(func(r *room) (int64, int64) { return r.patWho, 0 })(t, r)
				wantNoteIn(func(r *room) (int64, int64) { return r.piaValue, 0 })(t, r)
			},
		},
		{
			name: "an emptied segment's dots go back to their owners", phase: group,
			prep: func(r *room) {
				r.phase(vote)
				r.do(r.pat, session.CastDot{Segment: r.segA})
				r.do(r.pat, session.CastDot{Segment: r.segA})
				r.do(r.pat, session.CastDot{Segment: r.segB})
				r.do(r.pia, session.CastDot{Segment: r.segA})
				r.phase(group)
			},
			by: byPia, cmd: func(r *room) session.Command { return session.MoveNote{Note: r.patWho, Segment: r.segB} },
			check: func(t testing.TB, r *room) {
				wantNoSegment(func(r *room) int64 { return r.segA })(t, r)
				for _, v := range r.snap().Votes {
					if v.Segment == r.segA {
						t.Errorf("a vote on the deleted segment remains: %+v", v)
					}
				}
				if left := r.pat.View().DotsLeft; left != 4 {
					t.Errorf("Pat has %d dots left, want 4 (one still on the other segment)", left)
				}
				if left := r.pia.View().DotsLeft; left != 5 {
					t.Errorf("Pia has %d dots left, want all 5", left)
				}
				if r.dots(r.pat.ID(), r.segB) != 1 {
					t.Error("Pat's dot on the surviving segment was lost")
				}
			},
		},
		{
			name: "an emptied segment's insight picks are cleared", phase: group,
			prep: func(r *room) {
				r.phase(prioritize)
				r.do(r.pat, session.PickInsight{Lens: session.LensBiggest, Segment: r.segA})
				r.do(r.pia, session.PickInsight{Lens: session.LensBiggest, Segment: r.segB})
				r.phase(group)
			},
			by: byPat, cmd: func(r *room) session.Command { return session.MoveNote{Note: r.patWho, Segment: r.segB} },
			check: func(t testing.TB, r *room) {
				picks := r.snap().Picks
				if len(picks) != 1 || picks[0].Segment != r.segB {
					t.Errorf("picks = %+v, want only Pia's pick of the surviving segment", picks)
				}
			},
		},
		{
			name: "moving a note into a segment that does not exist is refused", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.MoveNote{Note: r.patWho2, Segment: 999} },
			want: session.ErrNotFound,
		},
		{
			name: "do notes are attached, not moved", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.MoveNote{Note: r.patDo, Segment: r.segA} },
			want: session.ErrInvalid,
		},
		{
			name: "moving a note where it already is keeps its segment", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.MoveNote{Note: r.patWho, Segment: r.segA} },
			check: wantNoteIn(func(r *room) (int64, int64) { return r.patWho, r.segA }),
		},
		{
			name: "participant renames a segment", phase: group,
			by: byPat, cmd: func(r *room) session.Command {
				return session.RenameSegment{Segment: r.segA, Name: "  App\tdevelopers "}
			},
			check: func(t testing.TB, r *room) {
				if s, _ := r.pat.View().Segment(r.segA); s.Name != "App developers" {
					t.Errorf("segment is named %q", s.Name)
				}
			},
		},
		{
			name: "segment cannot be renamed to nothing", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.RenameSegment{Segment: r.segA, Name: "\x1b[0m\u200d"} },
			want: session.ErrInvalid,
		},
		{
			name: "renaming a segment that does not exist is refused", phase: group,
			by: byPat, cmd: cmd(session.RenameSegment{Segment: 999, Name: "x"}),
			want: session.ErrNotFound,
		},
		{
			name: "merging moves every note, grouped and attached, and deletes the merged segment", phase: group,
			prep: func(r *room) {
				r.do(r.pia, session.AttachNote{Note: r.piaValue, Segment: r.segB})
				r.do(r.pat, session.AttachNote{Note: r.patDo, Segment: r.segB})
				r.do(r.pat, session.MoveNote{Note: r.patWho2, Segment: r.segB})
			},
			by: byPat, cmd: func(r *room) session.Command { return session.MergeSegments{From: r.segB, Into: r.segA} },
			check: func(t testing.TB, r *room) {
				wantNoSegment(func(r *room) int64 { return r.segB })(t, r)
				for _, id := range []int64{r.patWho, r.patWho2, r.piaWho, r.piaValue, r.patDo} {
					wantNoteIn(func(*room) (int64, int64) { return id, r.segA })(t, r)
				}
				s, _ := r.pat.View().Segment(r.segA)
				if len(s.Notes) != 3 || len(s.Attached) != 2 {
					t.Errorf("merged segment shows %d notes and %d attached, want 3 and 2", len(s.Notes), len(s.Attached))
				}
			},
		},
		{
			name: "merging returns the dots on the merged segment to their owners", phase: group,
			prep: func(r *room) {
				r.phase(vote)
				r.do(r.pat, session.CastDot{Segment: r.segB})
				r.phase(group)
			},
			by: byPat, cmd: func(r *room) session.Command { return session.MergeSegments{From: r.segB, Into: r.segA} },
			check: func(t testing.TB, r *room) {
				if votes := r.snap().Votes; len(votes) != 0 {
					t.Errorf("votes after merge = %+v, want none", votes)
				}
			},
		},
		{
			name: "a segment cannot be merged into itself", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.MergeSegments{From: r.segA, Into: r.segA} },
			want: session.ErrInvalid,
		},
		{
			name: "merging from a segment that does not exist is refused", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.MergeSegments{From: 999, Into: r.segA} },
			want: session.ErrNotFound,
		},
		{
			name: "merging into a segment that does not exist is refused", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.MergeSegments{From: r.segA, Into: 999} },
			want: session.ErrNotFound,
		},
		{
			name: "participant attaches a value note to a segment", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.AttachNote{Note: r.piaValue, Segment: r.segA} },
			check: func(t testing.TB, r *room) {
				s, _ := r.pat.View().Segment(r.segA)
				if len(s.Attached) != 1 || s.Attached[0].ID != r.piaValue || len(s.Notes) != 1 {
					t.Errorf("segment = %+v", s)
				}
			},
		},
		{
			name: "participant detaches a note", phase: group,
			prep: func(r *room) { r.do(r.pia, session.AttachNote{Note: r.piaValue, Segment: r.segA}) },
			by:   byPat, cmd: func(r *room) session.Command { return session.AttachNote{Note: r.piaValue, Segment: 0} },
			check: wantNoteIn(func(r *room) (int64, int64) { return r.piaValue, 0 }),
		},
		{
			name: "who notes are moved, not attached", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.AttachNote{Note: r.patWho2, Segment: r.segA} },
			want: session.ErrInvalid,
		},
		{
			name: "attaching to a segment that does not exist is refused", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.AttachNote{Note: r.patDo, Segment: 999} },
			want: session.ErrNotFound,
		},
		{
			name: "guest groups notes", phase: group,
			by: byGuest, cmd: func(r *room) session.Command { return session.MoveNote{Note: r.patWho2, Segment: r.segA} },
		},
		{
			name: "participant cannot lock grouping", phase: group,
			by: byPat, cmd: cmd(session.LockGrouping{Locked: true}),
			want: session.ErrNotFacilitator,
		},
		{
			name: "participant groups again once grouping is unlocked", phase: group,
			prep: func(r *room) { locked(r); r.do(r.fac, session.LockGrouping{Locked: false}) },
			by:   byPat, cmd: func(r *room) session.Command { return session.MoveNote{Note: r.patWho2, Segment: r.segA} },
		},
	}
	grouping := []struct {
		what string
		cmd  func(r *room) session.Command
	}{
		{"create segments", func(r *room) session.Command {
			return session.CreateSegment{Name: "Ops", Notes: []int64{r.patWho2}}
		}},
		{"move notes", func(r *room) session.Command { return session.MoveNote{Note: r.patWho2, Segment: r.segA} }},
		{"rename segments", func(r *room) session.Command { return session.RenameSegment{Segment: r.segA, Name: "Devs"} }},
		{"merge segments", func(r *room) session.Command { return session.MergeSegments{From: r.segB, Into: r.segA} }},
		{"attach notes", func(r *room) session.Command { return session.AttachNote{Note: r.patDo, Segment: r.segA} }},
	}
	for _, g := range grouping {
		cases = append(cases,
			ruleCase{
				name: "participant cannot " + g.what + " while grouping is locked", phase: group,
				prep: locked, by: byPat, cmd: g.cmd, want: session.ErrGroupingLocked,
			},
			ruleCase{
				name: "facilitator may " + g.what + " while grouping is locked", phase: group,
				prep: locked, by: byFac, cmd: g.cmd,
			},
		)
		for _, p := range otherPhases(group) {
			cases = append(cases, ruleCase{
				name: fmt.Sprintf("participant cannot %s in the %v phase", g.what, p), phase: p,
				by: byPat, cmd: g.cmd, want: session.ErrWrongPhase,
			})
		}
	}
	runRules(t, cases)
}

func TestVotingRules(t *testing.T) {
	cast := func(c func(*room) *session.Conn, seg func(*room) int64, n int) func(*room) {
		return func(r *room) {
			for range n {
				r.do(c(r), session.CastDot{Segment: seg(r)})
			}
		}
	}
	segA := func(r *room) int64 { return r.segA }
	segB := func(r *room) int64 { return r.segB }
	castOn := func(seg func(*room) int64) func(*room) session.Command {
		return func(r *room) session.Command { return session.CastDot{Segment: seg(r)} }
	}
	retractFrom := func(seg func(*room) int64) func(*room) session.Command {
		return func(r *room) session.Command { return session.RetractDot{Segment: seg(r)} }
	}
	patDots := func(seg func(*room) int64, want, left int) func(testing.TB, *room) {
		return func(t testing.TB, r *room) {
			if got := r.dots(r.pat.ID(), seg(r)); got != want {
				t.Errorf("Pat has %d dots on the segment, want %d", got, want)
			}
			v := r.pat.View()
			if v.DotsLeft != left {
				t.Errorf("Pat sees %d dots left, want %d", v.DotsLeft, left)
			}
			if s, _ := v.Segment(seg(r)); s.MyDots != want {
				t.Errorf("Pat sees %d of their dots on the segment, want %d", s.MyDots, want)
			}
		}
	}
	settings := func(budget, per int) func(testing.TB, *room) {
		return func(t testing.TB, r *room) {
			s := r.snap().Workshop.Settings
			if s.DotBudget != budget || s.MaxPerSegment != per {
				t.Errorf("settings are %d dots, %d per segment; want %d, %d", s.DotBudget, s.MaxPerSegment, budget, per)
			}
		}
	}
	then := func(c func(*room) *session.Conn, cmd session.Command, want error) func(testing.TB, *room) {
		return func(t testing.TB, r *room) {
			if err := c(r).Do(r.ctx, cmd); !errors.Is(err, want) {
				t.Errorf("afterwards %T%+v: got %v, want %v", cmd, cmd, err, want)
			}
		}
	}

	cases := []ruleCase{
		{
			name: "participant casts a dot", phase: vote,
			by: byPat, cmd: castOn(segA), check: patDots(segA, 1, 4),
		},
		{
			name: "guest casts a dot", phase: vote,
			by: byGuest, cmd: castOn(segA),
		},
		{
			name: "casting a dot on a segment that does not exist is refused", phase: vote,
			by: byPat, cmd: cmd(session.CastDot{Segment: 999}), want: session.ErrNotFound,
		},
		{
			name: "participant spends the whole budget", phase: vote,
			prep: func(r *room) { cast(byPat, segA, 3)(r); cast(byPat, segB, 1)(r) },
			by:   byPat, cmd: castOn(segB), check: patDots(segB, 2, 0),
		},
		{
			name: "participant with no dots left cannot cast another", phase: vote,
			prep: func(r *room) {
				r.do(r.fac, session.SetVoteSettings{Budget: 3, MaxPerSegment: 2})
				cast(byPat, segA, 2)(r)
				cast(byPat, segB, 1)(r)
			},
			by: byPat, cmd: castOn(segB), want: session.ErrNoDotsLeft,
			check: patDots(segB, 1, 0),
		},
		{
			name: "participant cannot put more than the cap on one segment", phase: vote,
			prep: cast(byPat, segA, 3),
			by:   byPat, cmd: castOn(segA), want: session.ErrSegmentCap,
			check: patDots(segA, 3, 2),
		},
		{
			name: "another participant's dots do not count against the cap", phase: vote,
			prep: cast(byPia, segA, 3),
			by:   byPat, cmd: castOn(segA), check: patDots(segA, 1, 4),
		},
		{
			name: "participant takes a dot back", phase: vote,
			prep: cast(byPat, segA, 2),
			by:   byPat, cmd: retractFrom(segA), check: patDots(segA, 1, 4),
		},
		{
			name: "participant takes back their last dot on a segment", phase: vote,
			prep: cast(byPat, segA, 1),
			by:   byPat, cmd: retractFrom(segA),
			check: func(t testing.TB, r *room) {
				if votes := r.snap().Votes; len(votes) != 0 {
					t.Errorf("votes = %+v, want none", votes)
				}
			},
		},
		{
			name: "participant cannot take back a dot they never cast", phase: vote,
			prep: cast(byPia, segA, 1),
			by:   byPat, cmd: retractFrom(segA), want: session.ErrInvalid,
			check: func(t testing.TB, r *room) {
				if r.dots(r.pia.ID(), r.segA) != 1 {
					t.Error("Pia's dot was taken")
				}
			},
		},
		{
			name: "a dot taken back can be cast elsewhere once the budget is spent", phase: vote,
			prep: func(r *room) {
				cast(byPat, segA, 3)(r)
				cast(byPat, segB, 2)(r)
				r.do(r.pat, session.RetractDot{Segment: r.segA})
			},
			by: byPat, cmd: castOn(segB), check: patDots(segB, 3, 0),
		},
		{
			name: "participant cannot set the dot budget", phase: vote,
			by: byPat, cmd: cmd(session.SetVoteSettings{Budget: 10, MaxPerSegment: 10}), want: session.ErrNotFacilitator,
		},
		{
			name: "dot budget must be at least one", phase: group,
			by: byFac, cmd: cmd(session.SetVoteSettings{Budget: 0, MaxPerSegment: 0}), want: session.ErrInvalid,
		},
		{
			name: "dot budget must be at most the maximum", phase: group,
			by: byFac, cmd: cmd(session.SetVoteSettings{Budget: session.MaxDotBudget + 1, MaxPerSegment: 3}), want: session.ErrInvalid,
		},
		{
			name: "dot budget may be the maximum", phase: group,
			by: byFac, cmd: cmd(session.SetVoteSettings{Budget: session.MaxDotBudget, MaxPerSegment: session.MaxDotBudget}),
			check: settings(session.MaxDotBudget, session.MaxDotBudget),
		},
		{
			name: "cap must be at least one", phase: group,
			by: byFac, cmd: cmd(session.SetVoteSettings{Budget: 3, MaxPerSegment: 0}), want: session.ErrInvalid,
		},
		{
			name: "cap cannot exceed the budget", phase: group,
			by: byFac, cmd: cmd(session.SetVoteSettings{Budget: 3, MaxPerSegment: 4}), want: session.ErrInvalid,
		},
		{
			name: "budget cannot go below what someone has spent", phase: vote,
			prep: func(r *room) { cast(byPat, segA, 2)(r); cast(byPat, segB, 1)(r) },
			by:   byFac, cmd: cmd(session.SetVoteSettings{Budget: 2, MaxPerSegment: 2}), want: session.ErrBudgetBelowSpent,
			check: settings(5, 3),
		},
		{
			name: "budget may go down to exactly what someone has spent", phase: vote,
			prep: func(r *room) { cast(byPat, segA, 2)(r); cast(byPat, segB, 1)(r) },
			by:   byFac, cmd: cmd(session.SetVoteSettings{Budget: 3, MaxPerSegment: 2}),
			check: func(t testing.TB, r *room) {
				settings(3, 2)(t, r)
				then(byPat, session.CastDot{Segment: r.segB}, session.ErrNoDotsLeft)(t, r)
			},
		},
		{
			name: "cap cannot go below what someone put on one segment", phase: vote,
			prep: cast(byPat, segA, 3),
			by:   byFac, cmd: cmd(session.SetVoteSettings{Budget: 5, MaxPerSegment: 2}), want: session.ErrBudgetBelowSpent,
			check: settings(5, 3),
		},
		{
			name: "cap may go down to exactly what someone put on one segment", phase: vote,
			prep: cast(byPat, segA, 2),
			by:   byFac, cmd: cmd(session.SetVoteSettings{Budget: 5, MaxPerSegment: 2}),
			check: func(t testing.TB, r *room) {
				settings(5, 2)(t, r)
				then(byPat, session.CastDot{Segment: r.segA}, session.ErrSegmentCap)(t, r)
			},
		},
		{
			name: "a raised budget gives more dots", phase: vote,
			prep: func(r *room) { cast(byPat, segA, 3)(r); cast(byPat, segB, 2)(r) },
			by:   byFac, cmd: cmd(session.SetVoteSettings{Budget: 7, MaxPerSegment: 4}),
			check: func(t testing.TB, r *room) {
				then(byPat, session.CastDot{Segment: r.segA}, nil)(t, r)
				patDots(segA, 4, 1)(t, r)
			},
		},
		{
			name: "participant cannot reveal votes", phase: vote,
			by: byPat, cmd: cmd(session.RevealVotes{Revealed: true}), want: session.ErrNotFacilitator,
		},
		{
			name: "guest cannot reveal votes", phase: vote,
			by: byGuest, cmd: cmd(session.RevealVotes{Revealed: true}), want: session.ErrNotFacilitator,
		},
		{
			name: "facilitator reveals votes", phase: vote,
			by: byFac, cmd: cmd(session.RevealVotes{Revealed: true}),
			check: func(t testing.TB, r *room) {
				if !r.pat.View().TotalsVisible {
					t.Error("Pat does not see totals after the reveal")
				}
			},
		},
		{
			name: "facilitator hides votes again", phase: vote,
			prep: func(r *room) { r.do(r.fac, session.RevealVotes{Revealed: true}) },
			by:   byFac, cmd: cmd(session.RevealVotes{Revealed: false}),
			check: func(t testing.TB, r *room) {
				if r.pat.View().TotalsVisible {
					t.Error("Pat still sees totals")
				}
			},
		},
	}
	for _, p := range otherPhases(vote) {
		cases = append(cases,
			ruleCase{
				name: fmt.Sprintf("participant cannot cast dots in the %v phase", p), phase: p,
				by: byPat, cmd: castOn(segA), want: session.ErrWrongPhase,
			},
			ruleCase{
				name: fmt.Sprintf("participant cannot take dots back in the %v phase", p), phase: p,
				by: byPat, cmd: retractFrom(segA), want: session.ErrWrongPhase,
			},
			ruleCase{
				name: fmt.Sprintf("facilitator cannot reveal votes in the %v phase", p), phase: p,
				by: byFac, cmd: cmd(session.RevealVotes{Revealed: true}), want: session.ErrWrongPhase,
			},
		)
	}
	for _, p := range []session.Phase{lobby, answer, group, vote} {
		cases = append(cases, ruleCase{
			name: fmt.Sprintf("facilitator sets the dot budget in the %v phase", p), phase: p,
			by: byFac, cmd: cmd(session.SetVoteSettings{Budget: 7, MaxPerSegment: 2}), check: settings(7, 2),
		})
	}
	for _, p := range []session.Phase{prioritize, done} {
		cases = append(cases, ruleCase{
			name: fmt.Sprintf("facilitator cannot change the dot budget in the %v phase", p), phase: p,
			by: byFac, cmd: cmd(session.SetVoteSettings{Budget: 7, MaxPerSegment: 2}), want: session.ErrWrongPhase,
		})
	}
	runRules(t, cases)
}

func TestInsightRules(t *testing.T) {
	pick := func(l session.Lens, seg func(*room) int64) func(*room) session.Command {
		return func(r *room) session.Command { return session.PickInsight{Lens: l, Segment: seg(r)} }
	}
	segA := func(r *room) int64 { return r.segA }
	segB := func(r *room) int64 { return r.segB }
	none := func(*room) int64 { return 0 }
	cases := []ruleCase{
		{
			name: "participant picks the biggest customer group", phase: prioritize,
			by: byPat, cmd: pick(session.LensBiggest, segA),
			check: func(t testing.TB, r *room) {
				want := []session.Pick{{Participant: r.pat.ID(), Lens: session.LensBiggest, Segment: r.segA}}
				if got := r.snap().Picks; !slices.Equal(got, want) {
					t.Errorf("picks = %+v, want %+v", got, want)
				}
				if in := r.pat.View().Insights[session.LensBiggest]; in.Mine != r.segA || !slices.Equal(in.Leaders, []int64{r.segA}) || in.Tie() {
					t.Errorf("Pat sees %+v", in)
				}
			},
		},
		{
			name: "participant changes their pick", phase: prioritize,
			prep: func(r *room) { r.do(r.pat, session.PickInsight{Lens: session.LensValuable, Segment: r.segA}) },
			by:   byPat, cmd: pick(session.LensValuable, segB),
			check: func(t testing.TB, r *room) {
				if got := r.snap().Picks; len(got) != 1 || got[0].Segment != r.segB {
					t.Errorf("picks = %+v", got)
				}
			},
		},
		{
			name: "participant clears their pick", phase: prioritize,
			prep: func(r *room) { r.do(r.pat, session.PickInsight{Lens: session.LensValuable, Segment: r.segA}) },
			by:   byPat, cmd: pick(session.LensValuable, none),
			check: func(t testing.TB, r *room) {
				if got := r.snap().Picks; len(got) != 0 {
					t.Errorf("picks = %+v, want none", got)
				}
			},
		},
		{
			name: "the most picked segment is marked on the list", phase: prioritize,
			prep: func(r *room) {
				r.do(r.pia, session.PickInsight{Lens: session.LensUnderserved, Segment: r.segB})
				r.do(r.fac, session.PickInsight{Lens: session.LensUnderserved, Segment: r.segA})
			},
			by: byGuest, cmd: pick(session.LensUnderserved, segB),
			check: func(t testing.TB, r *room) {
				v := r.pat.View()
				in := v.Insights[session.LensUnderserved]
				if !slices.Equal(in.Leaders, []int64{r.segB}) || in.Counts[r.segB] != 2 || in.Counts[r.segA] != 1 {
					t.Errorf("insight = %+v", in)
				}
				s, _ := v.Segment(r.segB)
				if !slices.Equal(s.Marks, []session.Lens{session.LensUnderserved}) {
					t.Errorf("winner's marks = %v", s.Marks)
				}
				if s, _ := v.Segment(r.segA); len(s.Marks) != 0 {
					t.Errorf("loser's marks = %v", s.Marks)
				}
			},
		},
		{
			name: "a tied pick names every tied segment, in the list's order", phase: prioritize,
			prep: func(r *room) {
				r.phase(vote)
				r.do(r.pia, session.CastDot{Segment: r.segB})
				r.phase(prioritize)
				r.do(r.pia, session.PickInsight{Lens: session.LensBiggest, Segment: r.segA})
			},
			by: byPat, cmd: pick(session.LensBiggest, segB),
			check: func(t testing.TB, r *room) {
				v := r.pat.View()
				in := v.Insights[session.LensBiggest]
				if !in.Tie() || !slices.Equal(in.Leaders, []int64{r.segB, r.segA}) || in.Picks() != 1 {
					t.Errorf("leaders = %v (%d picks each), want a tie of %d and %d, the segment with more votes first",
						in.Leaders, in.Picks(), r.segB, r.segA)
				}
				for _, id := range []int64{r.segA, r.segB} {
					if s, _ := v.Segment(id); !slices.Equal(s.Marks, []session.Lens{session.LensBiggest}) {
						t.Errorf("segment %d of the tie is marked %v", id, s.Marks)
					}
				}
			},
		},
		{
			name: "picking a segment that does not exist is refused", phase: prioritize,
			by: byPat, cmd: pick(session.LensBiggest, func(*room) int64 { return 999 }), want: session.ErrNotFound,
		},
		{
			name: "picking for an unknown insight is refused", phase: prioritize,
			by: byPat, cmd: pick(session.Lens(3), segA), want: session.ErrInvalid,
		},
	}
	for _, p := range otherPhases(prioritize) {
		cases = append(cases, ruleCase{
			name: fmt.Sprintf("participant cannot pick insights in the %v phase", p), phase: p,
			by: byPat, cmd: pick(session.LensBiggest, segA), want: session.ErrWrongPhase,
		})
	}
	runRules(t, cases)
}

func TestFacilitationRules(t *testing.T) {
	role := func(who func(*room) *session.Conn, want session.Role) func(testing.TB, *room) {
		return func(t testing.TB, r *room) {
			if got := r.person(who(r).ID()).Role; got != want {
				t.Errorf("%s is a %v, want %v", who(r).ID(), got, want)
			}
		}
	}
	steers := func(who func(*room) *session.Conn, want error) func(testing.TB, *room) {
		return func(t testing.TB, r *room) {
			if err := who(r).Do(r.ctx, session.SetTimer{Duration: time.Minute}); !errors.Is(err, want) {
				t.Errorf("%s setting a timer afterwards: got %v, want %v", who(r).ID(), err, want)
			}
		}
	}
	both := func(checks ...func(testing.TB, *room)) func(testing.TB, *room) {
		return func(t testing.TB, r *room) {
			for _, c := range checks {
				c(t, r)
			}
		}
	}
	makeCo := func(r *room) { r.do(r.fac, session.SetRole{Participant: r.pat.ID(), Role: session.RoleFacilitator}) }
	removePat := func(r *room) { r.do(r.fac, session.RemoveParticipant{Participant: r.pat.ID()}) }
	deleteAllNotes := func(r *room) {
		for _, id := range []int64{r.patWho, r.patWho2, r.piaWho, r.patDo, r.piaValue} {
			r.do(r.fac, session.DeleteNote{Note: id})
		}
	}
	anonymous := func(want bool) func(testing.TB, *room) {
		return func(t testing.TB, r *room) {
			if got := r.snap().Workshop.Settings.Anonymous; got != want {
				t.Errorf("anonymous = %v, want %v", got, want)
			}
		}
	}

	cases := []ruleCase{
		{
			name: "participant cannot change the phase", phase: answer,
			by: byPat, cmd: cmd(session.SetPhase{Phase: group}), want: session.ErrNotFacilitator,
		},
		{
			name: "guest cannot change the phase", phase: answer,
			by: byGuest, cmd: cmd(session.SetPhase{Phase: group}), want: session.ErrNotFacilitator,
		},
		{
			name: "facilitator cannot move to the phase the room is in", phase: group,
			by: byFac, cmd: cmd(session.SetPhase{Phase: group}), want: session.ErrInvalid,
		},
		{
			name: "there is no phase after done", phase: done,
			by: byFac, cmd: cmd(session.SetPhase{Phase: done + 1}), want: session.ErrInvalid,
		},
		{
			name: "there is no phase before the lobby", phase: answer,
			by: byFac, cmd: cmd(session.SetPhase{Phase: -1}), want: session.ErrInvalid,
		},
		{
			name: "voting needs at least one segment", phase: answer,
			prep: func(r *room) { r.phase(group) },
			by:   byFac, cmd: cmd(session.SetPhase{Phase: vote}), want: session.ErrWrongPhase,
		},
		{
			name: "voting needs a segment that still exists", phase: group,
			prep: func(r *room) {
				r.do(r.fac, session.MoveNote{Note: r.patWho, Segment: 0})
				r.do(r.fac, session.MoveNote{Note: r.piaWho, Segment: 0})
			},
			by: byFac, cmd: cmd(session.SetPhase{Phase: vote}), want: session.ErrWrongPhase,
		},
		{
			name: "changing the phase clears ready marks and the timer", phase: answer,
			prep: func(r *room) {
				r.do(r.pat, session.SetReady{Ready: true})
				r.do(r.fac, session.SetTimer{Duration: 5 * time.Minute})
			},
			by: byFac, cmd: cmd(session.SetPhase{Phase: group}),
			check: func(t testing.TB, r *room) {
				if r.person(r.pat.ID()).Ready {
					t.Error("Pat is still marked ready")
				}
				if d := r.snap().Workshop.Settings.TimerDeadline; !d.IsZero() {
					t.Errorf("timer still runs until %v", d)
				}
			},
		},
		{
			name: "facilitator sets a phase timer", phase: answer,
			by: byFac, cmd: cmd(session.SetTimer{Duration: 10 * time.Minute}),
			check: func(t testing.TB, r *room) {
				want := r.clock.Now().Add(10 * time.Minute)
				if d := r.pat.View().Workshop.Settings.TimerDeadline; !d.Equal(want) {
					t.Errorf("Pat sees the timer end at %v, want %v", d, want)
				}
			},
		},
		{
			name: "facilitator clears the phase timer", phase: answer,
			prep: func(r *room) { r.do(r.fac, session.SetTimer{Duration: time.Minute}) },
			by:   byFac, cmd: cmd(session.SetTimer{}),
			check: func(t testing.TB, r *room) {
				if d := r.snap().Workshop.Settings.TimerDeadline; !d.IsZero() {
					t.Errorf("timer still runs until %v", d)
				}
			},
		},
		{
			name: "a timer cannot run backwards", phase: answer,
			by: byFac, cmd: cmd(session.SetTimer{Duration: -time.Second}), want: session.ErrInvalid,
		},
		{
			name: "a timer cannot run longer than the maximum", phase: answer,
			by: byFac, cmd: cmd(session.SetTimer{Duration: session.MaxTimer + time.Second}), want: session.ErrInvalid,
		},
		{
			name: "participant cannot set the timer", phase: answer,
			by: byPat, cmd: cmd(session.SetTimer{Duration: time.Minute}), want: session.ErrNotFacilitator,
		},
		{
			name: "anonymity can be turned off while there are no notes", phase: answer,
			prep: deleteAllNotes,
			by:   byFac, cmd: cmd(session.SetAnonymous{Anonymous: false}), check: anonymous(false),
		},
		{
			name: "anonymity can be turned on after notes were written openly", phase: answer,
			prep: func(r *room) {
				deleteAllNotes(r)
				r.do(r.fac, session.SetAnonymous{Anonymous: false})
				r.note(r.pat, session.QuestionWho, "Testers")
			},
			by: byFac, cmd: cmd(session.SetAnonymous{Anonymous: true}), check: anonymous(true),
		},
		{
			name: "participant cannot change anonymity", phase: lobby,
			by: byPat, cmd: cmd(session.SetAnonymous{Anonymous: false}), want: session.ErrNotFacilitator,
		},
		{
			name: "facilitator shows everyone's notes while answering", phase: answer,
			by: byFac, cmd: cmd(session.SetHideNotes{Hidden: false}),
			check: func(t testing.TB, r *room) {
				if n := len(r.pat.View().Notes); n != 5 {
					t.Errorf("Pat sees %d notes, want all 5", n)
				}
			},
		},
		{
			name: "participant cannot show hidden notes", phase: answer,
			by: byPat, cmd: cmd(session.SetHideNotes{Hidden: false}), want: session.ErrNotFacilitator,
		},
		{
			name: "facilitator closes the workshop to guests in any phase", phase: vote,
			by: byFac, cmd: cmd(session.SetGuestsClosed{Closed: true}),
			check: func(t testing.TB, r *room) {
				if !r.pat.View().Workshop.Settings.GuestsClosed {
					t.Error("the workshop is not closed to guests")
				}
			},
		},
		{
			name: "participant cannot close the workshop to guests", phase: lobby,
			by: byPat, cmd: cmd(session.SetGuestsClosed{Closed: true}), want: session.ErrNotFacilitator,
		},
		{
			name: "a guest cannot close the workshop to guests", phase: lobby,
			by: byGuest, cmd: cmd(session.SetGuestsClosed{Closed: true}), want: session.ErrNotFacilitator,
		},
		{
			name: "facilitator retitles the workshop without escape sequences", phase: lobby,
			by: byFac, cmd: cmd(session.Retitle{Title: "\x1b]2;owned\x07New\x1b[5m title"}),
			check: func(t testing.TB, r *room) {
				if got := r.pat.View().Workshop.Title; got != "New title" {
					t.Errorf("title = %q", got)
				}
			},
		},
		{
			name: "the title cannot be blank", phase: lobby,
			by: byFac, cmd: cmd(session.Retitle{Title: " \t\x1b[0m"}), want: session.ErrInvalid,
		},
		{
			name: "participant cannot retitle the workshop", phase: lobby,
			by: byPat, cmd: cmd(session.Retitle{Title: "Mine"}), want: session.ErrNotFacilitator,
		},
		{
			name: "facilitator removes a participant, whose dots are withdrawn and notes kept", phase: vote,
			prep: func(r *room) {
				r.do(r.pat, session.CastDot{Segment: r.segA})
				r.do(r.pat, session.CastDot{Segment: r.segB})
			},
			by: byFac, cmd: func(r *room) session.Command { return session.RemoveParticipant{Participant: r.pat.ID()} },
			check: func(t testing.TB, r *room) {
				if !r.person(r.pat.ID()).Removed {
					t.Error("Pat is not marked removed")
				}
				if votes := r.snap().Votes; len(votes) != 0 {
					t.Errorf("votes = %+v, want Pat's withdrawn", votes)
				}
				if _, ok := r.noteByID(r.patWho); !ok {
					t.Error("Pat's note was deleted with them")
				}
				for _, p := range r.pia.View().People {
					if p.ID == r.pat.ID() {
						t.Error("the room still lists Pat")
					}
				}
			},
		},
		{
			name: "a removed participant's insight picks are withdrawn", phase: prioritize,
			prep: func(r *room) { r.do(r.pat, session.PickInsight{Lens: session.LensBiggest, Segment: r.segA}) },
			by:   byFac, cmd: func(r *room) session.Command { return session.RemoveParticipant{Participant: r.pat.ID()} },
			check: func(t testing.TB, r *room) {
				if picks := r.snap().Picks; len(picks) != 0 {
					t.Errorf("picks = %+v, want none", picks)
				}
			},
		},
		{
			name: "participant cannot remove anyone", phase: answer,
			by: byPat, cmd: func(r *room) session.Command { return session.RemoveParticipant{Participant: r.pia.ID()} },
			want: session.ErrNotFacilitator,
		},
		{
			name: "facilitator cannot remove themselves", phase: answer,
			by: byFac, cmd: func(r *room) session.Command { return session.RemoveParticipant{Participant: r.fac.ID()} },
			want: session.ErrInvalid,
		},
		{
			name: "removing someone who never joined is refused", phase: answer,
			by: byFac, cmd: cmd(session.RemoveParticipant{Participant: "SHA256:nobody"}), want: session.ErrNotFound,
		},
		{
			name: "removing someone twice is refused", phase: answer, prep: removePat,
			by: byFac, cmd: func(r *room) session.Command { return session.RemoveParticipant{Participant: r.pat.ID()} },
			want: session.ErrNotFound,
		},
		{
			name: "a removed participant cannot rejoin", phase: answer, prep: removePat,
			act: func(r *room) error {
				return r.tryJoin(r.code, session.Identity{ID: r.pat.ID(), Name: "Pat again"})
			},
			want: session.ErrRemoved,
		},
		{
			name: "a removed co-facilitator cannot steer", phase: answer,
			prep: func(r *room) {
				makeCo(r)
				r.do(r.pat, session.RemoveParticipant{Participant: r.fac.ID()})
			},
			by: byFac, cmd: cmd(session.SetPhase{Phase: group}), want: session.ErrRemoved,
			check: role(byFac, session.RoleParticipant),
		},
		{
			name: "facilitator makes a participant co-facilitator", phase: answer,
			by: byFac, cmd: func(r *room) session.Command {
				return session.SetRole{Participant: r.pat.ID(), Role: session.RoleFacilitator}
			},
			check: both(role(byPat, session.RoleFacilitator), role(byFac, session.RoleFacilitator), steers(byPat, nil)),
		},
		{
			name: "the last facilitator cannot step down", phase: answer,
			by: byFac, cmd: func(r *room) session.Command {
				return session.SetRole{Participant: r.fac.ID(), Role: session.RoleParticipant}
			},
			want: session.ErrLastFacilitator, check: role(byFac, session.RoleFacilitator),
		},
		{
			name: "facilitator steps down once there is a co-facilitator", phase: answer, prep: makeCo,
			by: byFac, cmd: func(r *room) session.Command {
				return session.SetRole{Participant: r.fac.ID(), Role: session.RoleParticipant}
			},
			check: both(role(byFac, session.RoleParticipant), steers(byFac, session.ErrNotFacilitator), steers(byPat, nil)),
		},
		{
			name: "the last facilitator cannot take an unknown role", phase: answer,
			by: byFac, cmd: func(r *room) session.Command {
				return session.SetRole{Participant: r.fac.ID(), Role: session.Role(2)}
			},
			want: session.ErrInvalid, check: both(role(byFac, session.RoleFacilitator), steers(byFac, nil)),
		},
		{
			name: "a participant cannot be given an unknown role", phase: answer,
			by: byFac, cmd: func(r *room) session.Command {
				return session.SetRole{Participant: r.pat.ID(), Role: session.Role(-1)}
			},
			want: session.ErrInvalid,
		},
		{
			name: "a guest cannot be made a facilitator", phase: answer,
			by: byFac, cmd: func(r *room) session.Command {
				return session.SetRole{Participant: r.gus.ID(), Role: session.RoleFacilitator}
			},
			want: session.ErrGuest, check: steers(byGuest, session.ErrNotFacilitator),
		},
		{
			name: "participant cannot make themselves facilitator", phase: answer,
			by: byPat, cmd: func(r *room) session.Command {
				return session.SetRole{Participant: r.pat.ID(), Role: session.RoleFacilitator}
			},
			want: session.ErrNotFacilitator,
		},
		{
			name: "a removed participant cannot be made facilitator", phase: answer, prep: removePat,
			by: byFac, cmd: func(r *room) session.Command {
				return session.SetRole{Participant: r.pat.ID(), Role: session.RoleFacilitator}
			},
			want: session.ErrNotFound,
		},
		{
			name: "facilitator hands facilitation to a participant", phase: group,
			by: byFac, cmd: func(r *room) session.Command { return session.HandOver{Participant: r.pat.ID()} },
			check: both(role(byPat, session.RoleFacilitator), role(byFac, session.RoleParticipant),
				steers(byFac, session.ErrNotFacilitator), steers(byPat, nil)),
		},
		{
			name: "facilitator cannot hand facilitation to a guest", phase: group,
			by: byFac, cmd: func(r *room) session.Command { return session.HandOver{Participant: r.gus.ID()} },
			want: session.ErrGuest, check: both(role(byFac, session.RoleFacilitator), steers(byGuest, session.ErrNotFacilitator)),
		},
		{
			name: "facilitator cannot hand facilitation to themselves", phase: group,
			by: byFac, cmd: func(r *room) session.Command { return session.HandOver{Participant: r.fac.ID()} },
			want: session.ErrInvalid,
		},
		{
			name: "facilitator cannot hand facilitation to a removed participant", phase: group, prep: removePat,
			by: byFac, cmd: func(r *room) session.Command { return session.HandOver{Participant: r.pat.ID()} },
			want: session.ErrNotFound,
		},
		{
			name: "participant cannot hand facilitation over", phase: group,
			by: byPat, cmd: func(r *room) session.Command { return session.HandOver{Participant: r.pia.ID()} },
			want: session.ErrNotFacilitator,
		},
	}
	for _, from := range session.Phases {
		for _, to := range session.Phases {
			var c ruleCase
			switch {
			case to == from+1:
				c = ruleCase{name: fmt.Sprintf("facilitator moves the room on from %v to %v", from, to)}
			case to > from+1:
				c = ruleCase{name: fmt.Sprintf("facilitator cannot jump from %v to %v", from, to), want: session.ErrWrongPhase}
			case to < from:
				c = ruleCase{name: fmt.Sprintf("facilitator takes the room back from %v to %v", from, to)}
			default:
				continue
			}
			c.phase, c.by, c.cmd = from, byFac, cmd(session.SetPhase{Phase: to})
			want := from
			if c.want == nil {
				want = to
			}
			c.check = func(t testing.TB, r *room) {
				if got := r.pat.View().Workshop.Phase; got != want {
					t.Errorf("Pat sees the %v phase, want %v", got, want)
				}
			}
			cases = append(cases, c)
		}
	}
	for _, p := range []session.Phase{lobby, answer, group, done} {
		cases = append(cases, ruleCase{
			name: fmt.Sprintf("anonymity cannot be turned off once notes exist, in the %v phase", p), phase: p,
			by: byFac, cmd: cmd(session.SetAnonymous{Anonymous: false}), want: session.ErrInvalid,
			check: anonymous(true),
		})
	}

	// A removed participant is refused everything, in the phase where the
	// command would otherwise be allowed.
	removed := []struct {
		what  string
		phase session.Phase
		cmd   func(r *room) session.Command
	}{
		{"add notes", answer, cmd(session.AddNote{Question: session.QuestionWho, Text: "still here"})},
		{"edit their notes", answer, func(r *room) session.Command { return session.EditNote{Note: r.patWho, Text: "x"} }},
		{"delete their notes", answer, func(r *room) session.Command { return session.DeleteNote{Note: r.patWho} }},
		{"create segments", group, func(r *room) session.Command {
			return session.CreateSegment{Name: "x", Notes: []int64{r.patWho2}}
		}},
		{"move notes", group, func(r *room) session.Command { return session.MoveNote{Note: r.patWho2, Segment: r.segA} }},
		{"rename segments", group, func(r *room) session.Command { return session.RenameSegment{Segment: r.segA, Name: "x"} }},
		{"merge segments", group, func(r *room) session.Command { return session.MergeSegments{From: r.segA, Into: r.segB} }},
		{"attach notes", group, func(r *room) session.Command { return session.AttachNote{Note: r.patDo, Segment: r.segA} }},
		{"cast dots", vote, func(r *room) session.Command { return session.CastDot{Segment: r.segA} }},
		{"take dots back", vote, func(r *room) session.Command { return session.RetractDot{Segment: r.segA} }},
		{"pick insights", prioritize, func(r *room) session.Command {
			return session.PickInsight{Lens: session.LensBiggest, Segment: r.segA}
		}},
		{"rename themselves", answer, cmd(session.Rename{Name: "Patty"})},
		{"say they are ready", answer, cmd(session.SetReady{Ready: true})},
	}
	for _, c := range removed {
		cases = append(cases, ruleCase{
			name: "a removed participant cannot " + c.what, phase: c.phase,
			prep: func(r *room) {
				if c.what == "take dots back" {
					r.do(r.pat, session.CastDot{Segment: r.segA})
				}
				removePat(r)
			},
			by: byPat, cmd: c.cmd, want: session.ErrRemoved,
		})
	}
	runRules(t, cases)
}

func TestJoinRules(t *testing.T) {
	full := testLimits()
	full.ParticipantsPerWorkshop = 3 // the room has three people with a key, and a guest
	oneGuest := testLimits()
	oneGuest.GuestsPerWorkshop = 1 // the room's guest, Gus
	newGuest := session.Identity{ID: "guest:new", Name: "Newt", Guest: true}
	onePerKey := testLimits()
	onePerKey.WorkshopsPerKey = 1
	join := func(who session.Identity) func(*room) error {
		return func(r *room) error { return r.tryJoin(r.code, who) }
	}
	person := func(id string, check func(testing.TB, session.Participant)) func(testing.TB, *room) {
		return func(t testing.TB, r *room) { check(t, r.person(id)) }
	}
	cases := []ruleCase{
		{
			name: "someone joins with a sanitized name", phase: lobby,
			act: join(session.Identity{ID: "SHA256:new", Name: "\x1b[1mNew\x1b[0m \u202ecomer\x1b]0;x\x07"}),
			check: person("SHA256:new", func(t testing.TB, p session.Participant) {
				if p.Name != "New comer" || p.Role != session.RoleParticipant || p.Guest || p.Removed {
					t.Errorf("joined as %+v", p)
				}
			}),
		},
		{
			name: "someone with an unreadable name is called guest", phase: lobby,
			act: join(session.Identity{ID: "SHA256:new", Name: "\x07\u200b"}),
			check: person("SHA256:new", func(t testing.TB, p session.Participant) {
				if p.Name != "guest" {
					t.Errorf("name = %q", p.Name)
				}
			}),
		},
		{
			name: "a long name is cut to 40 characters", phase: lobby,
			act: join(session.Identity{ID: "SHA256:new", Name: strings.Repeat("🙂", 100)}),
			check: person("SHA256:new", func(t testing.TB, p session.Participant) {
				if p.Name != strings.Repeat("🙂", session.MaxNameLen) {
					t.Errorf("name = %q", p.Name)
				}
			}),
		},
		{
			name: "a guest joins without a key", phase: lobby,
			act: join(session.Identity{ID: "guest:x", Name: "Gail", Guest: true}),
			check: person("guest:x", func(t testing.TB, p session.Participant) {
				if !p.Guest {
					t.Errorf("joined as %+v", p)
				}
			}),
		},
		{
			name: "someone joins in the middle of the workshop", phase: vote,
			act: join(session.Identity{ID: "SHA256:late", Name: "Late"}),
		},
		{
			name: "a returning participant is the same person with the same notes", phase: answer,
			act: func(r *room) error {
				err := r.tryJoin(r.code, session.Identity{ID: r.pat.ID(), Name: "Other name"})
				return err
			},
			check: func(t testing.TB, r *room) {
				if n := r.person(r.pat.ID()).Name; n != "Pat" {
					t.Errorf("name = %q, want Pat kept", n)
				}
				if n := len(r.snap().Participants); n != 4 {
					t.Errorf("%d participants, want 4", n)
				}
				mine := 0
				pv := r.pat.View()
				for _, n := range pv.Notes {
					if pv.Mine(n.ID) {
						mine++
					}
				}
				if mine != 3 {
					t.Errorf("Pat sees %d own notes, want 3", mine)
				}
			},
		},
		{
			name: "nobody new joins a full workshop", phase: lobby, limits: &full,
			act: join(session.Identity{ID: "SHA256:fifth", Name: "Fifth"}), want: session.ErrLimit,
		},
		{
			name: "a guest does not take the place of someone with a key", phase: lobby, limits: &full,
			act: join(newGuest),
		},
		{
			name: "a guest joins no workshop that has all the guests it takes", phase: lobby, limits: &oneGuest,
			act: join(newGuest), want: session.ErrLimit,
		},
		{
			name: "someone with a key joins a workshop that has all its guests", phase: lobby, limits: &oneGuest,
			act: join(session.Identity{ID: "SHA256:fifth", Name: "Fifth"}),
		},
		{
			name: "a guest who left frees a guest's place", phase: lobby, limits: &oneGuest,
			prep: func(r *room) { r.gus.Close() },
			act:  join(newGuest),
		},
		{
			name: "a workshop closed to guests refuses a new guest", phase: lobby,
			prep: func(r *room) { r.do(r.fac, session.SetGuestsClosed{Closed: true}) },
			act:  join(newGuest), want: session.ErrGuest,
		},
		{
			name: "a workshop closed to guests lets someone with a key in", phase: lobby,
			prep: func(r *room) { r.do(r.fac, session.SetGuestsClosed{Closed: true}) },
			act:  join(session.Identity{ID: "SHA256:fifth", Name: "Fifth"}),
		},
		{
			name: "a workshop closed to guests keeps the guests it has", phase: lobby,
			prep: func(r *room) { r.do(r.fac, session.SetGuestsClosed{Closed: true}) },
			act:  join(session.Identity{ID: "guest:gus", Name: "Gus", Guest: true}),
		},
		{
			name: "a workshop opened again takes new guests", phase: lobby,
			prep: func(r *room) {
				r.do(r.fac, session.SetGuestsClosed{Closed: true})
				r.do(r.fac, session.SetGuestsClosed{Closed: false})
			},
			act: join(newGuest),
		},
		{
			name: "a returning participant joins a full workshop", phase: lobby, limits: &full,
			act: join(session.Identity{ID: "SHA256:pat", Name: "Pat"}),
		},
		{
			name: "a removed participant frees a place", phase: lobby, limits: &full,
			prep: func(r *room) { r.do(r.fac, session.RemoveParticipant{Participant: r.pat.ID()}) },
			act:  join(session.Identity{ID: "SHA256:fifth", Name: "Fifth"}),
		},
		{
			name: "a removed participant cannot join again", phase: lobby,
			prep: func(r *room) { r.do(r.fac, session.RemoveParticipant{Participant: r.pat.ID()}) },
			act:  join(session.Identity{ID: "SHA256:pat", Name: "Pat"}), want: session.ErrRemoved,
		},
		{
			name: "joining a code no workshop has is refused", phase: lobby,
			act: func(r *room) error {
				code := "ZZZZZZ"
				if r.code == code {
					code = "YYYYYY"
				}
				return r.tryJoin(code, session.Identity{ID: "SHA256:x", Name: "X"})
			},
			want: session.ErrUnknownWorkshop,
		},
		{
			name: "joining with something that is not a code is refused", phase: lobby,
			act:  func(r *room) error { return r.tryJoin("\x1b[2JO0I1", session.Identity{ID: "SHA256:x", Name: "X"}) },
			want: session.ErrUnknownWorkshop,
		},
		{
			name: "a code typed in lower case with a dash joins", phase: lobby,
			act: func(r *room) error {
				typed := " " + strings.ToLower(r.code[:3]) + "-" + strings.ToLower(r.code[3:]) + " "
				return r.tryJoin(typed, session.Identity{ID: "SHA256:x", Name: "X"})
			},
		},
		{
			name: "a guest cannot create a workshop", phase: lobby,
			act: func(r *room) error {
				_, err := r.m.Create(r.ctx, session.Identity{ID: "guest:g", Name: "G", Guest: true}, "Mine")
				return err
			},
			want: session.ErrGuest,
		},
		{
			name: "a workshop needs a title", phase: lobby,
			act: func(r *room) error {
				_, err := r.m.Create(r.ctx, session.Identity{ID: "SHA256:x", Name: "X"}, "\x1b[0m \u200b")
				return err
			},
			want: session.ErrInvalid,
		},
		{
			name: "one key facilitates only so many workshops", phase: lobby, limits: &onePerKey,
			act: func(r *room) error {
				_, err := r.m.Create(r.ctx, facilitator, "Second")
				return err
			},
			want: session.ErrLimit,
		},
		{
			name: "participating does not count against the workshops one key may facilitate", phase: lobby, limits: &onePerKey,
			act: func(r *room) error {
				_, err := r.m.Create(r.ctx, session.Identity{ID: r.pat.ID(), Name: "Pat"}, "Pat's own")
				return err
			},
		},
		{
			name: "participant renames themselves without escape sequences", phase: group,
			by: byPat, cmd: cmd(session.Rename{Name: "\x1b[31mPatricia\x1b[0m"}),
			check: person("SHA256:pat", func(t testing.TB, p session.Participant) {
				if p.Name != "Patricia" {
					t.Errorf("name = %q", p.Name)
				}
			}),
		},
		{
			name: "a name cannot be blank", phase: group,
			by: byPat, cmd: cmd(session.Rename{Name: "\u200b \x1b[0m"}), want: session.ErrInvalid,
		},
		{
			name: "a guest renames themselves", phase: group,
			by: byGuest, cmd: cmd(session.Rename{Name: "Gustav"}),
		},
		{
			name: "participant says they are done", phase: vote,
			by: byPat, cmd: cmd(session.SetReady{Ready: true}),
			check: func(t testing.TB, r *room) {
				for _, p := range r.pia.View().People {
					if p.ID == r.pat.ID() && !p.Ready {
						t.Error("Pia does not see Pat as done")
					}
				}
			},
		},
		{
			// Who is still writing, as the note count rises, would tell
			// whose the new notes are: only how many are, and oneself.
			name: "in an anonymous workshop nobody sees who else is done writing", phase: answer,
			by: byPat, cmd: cmd(session.SetReady{Ready: true}),
			check: func(t testing.TB, r *room) {
				v := r.pia.View()
				if !v.ReadyHidden || v.Busy != 3 {
					t.Errorf("Pia's view: ready hidden %v, %d still writing; want hidden and 3 of 4", v.ReadyHidden, v.Busy)
				}
				for _, p := range v.People {
					if p.Ready {
						t.Errorf("Pia sees %s as done", p.Name)
					}
				}
				if !r.pat.View().Me.Ready {
					t.Error("Pat does not see himself as done")
				}
			},
		},
		{
			name: "participant says they are done while voting", phase: vote,
			by: byPat, cmd: cmd(session.SetReady{Ready: true}),
		},
		{
			name: "nobody is done in Group: nothing waits for it", phase: group,
			by: byPat, cmd: cmd(session.SetReady{Ready: true}), want: session.ErrWrongPhase,
		},
		{
			name: "nor in the Lobby", phase: session.PhaseLobby,
			by: byPat, cmd: cmd(session.SetReady{Ready: true}), want: session.ErrWrongPhase,
		},
		{
			name: "participant takes back that they are done", phase: answer,
			prep: func(r *room) { r.do(r.pat, session.SetReady{Ready: true}) },
			by:   byPat, cmd: cmd(session.SetReady{Ready: false}),
			check: person("SHA256:pat", func(t testing.TB, p session.Participant) {
				if p.Ready {
					t.Error("Pat is still ready")
				}
			}),
		},
	}
	runRules(t, cases)
}

// TestActionRateLimit walks one participant through the token bucket with a
// fake clock: a burst, then the sustained rate.
func TestActionRateLimit(t *testing.T) {
	lim := testLimits()
	lim.ActionsPerSecond, lim.ActionBurst = 2, 3
	w := newWorkshop(t, lim)
	pat := w.participant("pat", "Pat")
	pia := w.participant("pia", "Pia")
	steps := []struct {
		name    string
		advance time.Duration
		by      *session.Conn
		want    error
	}{
		{"a burst of three actions is allowed", 0, pat, nil},
		{"the burst's second action", 0, pat, nil},
		{"the burst's third action", 0, pat, nil},
		{"a fourth action at once is too fast", 0, pat, session.ErrTooFast},
		{"another participant is not slowed by it", 0, pia, nil},
		{"a quarter second later it is still too fast", 250 * time.Millisecond, pat, session.ErrTooFast},
		{"half a second refills one action", 250 * time.Millisecond, pat, nil},
		{"which is then used up", 0, pat, session.ErrTooFast},
		{"a long pause refills the burst", time.Hour, pat, nil},
		{"the refilled burst's second action", 0, pat, nil},
		{"the refilled burst's third action", 0, pat, nil},
		{"but no more than the burst", 0, pat, session.ErrTooFast},
	}
	for i, s := range steps {
		w.clock.Advance(s.advance)
		before := w.snap().Version
		err := s.by.Do(w.ctx, session.Rename{Name: fmt.Sprint("Name ", i)})
		if !errors.Is(err, s.want) {
			t.Fatalf("step %d, %s: got %v, want %v", i, s.name, err, s.want)
		}
		if s.want != nil && w.snap().Version != before {
			t.Errorf("step %d, %s: a refused action was published", i, s.name)
		}
	}
}

// TestSanitizedEverywhere checks that every text a participant can type
// reaches the state sanitized, whatever command carries it.
func TestSanitizedEverywhere(t *testing.T) {
	const hostile = "\x1b[31mred\x1b[0m"
	r := newRoom(t, answer)
	r.do(r.fac, session.Retitle{Title: hostile})
	r.do(r.pat, session.Rename{Name: hostile})
	r.note(r.pat, session.QuestionWho, hostile)
	r.phase(group)
	r.segment(r.pat, hostile, r.patWho2)
	for _, s := range []string{
		fmt.Sprintf("%+v", r.snap().Data()),
		fmt.Sprintf("%+v", r.pia.View()),
	} {
		if strings.ContainsAny(s, "\x1b\x07") || !utf8.ValidString(s) {
			t.Errorf("state holds an escape character: %q", s)
		}
		if strings.Count(s, "red") < 4 {
			t.Errorf("the sanitized texts are missing from %q", s)
		}
	}
}

// Checks shared by the tables.

func newest(t testing.TB, r *room) session.Note {
	t.Helper()
	notes := r.snap().Notes
	if len(notes) == 0 {
		t.Fatal("no notes")
	}
	return notes[len(notes)-1]
}

func wantNewestText(want string) func(testing.TB, *room) {
	return func(t testing.TB, r *room) {
		t.Helper()
		if got := newest(t, r).Text; got != want {
			t.Errorf("note text = %q, want %q", got, want)
		}
	}
}

func wantNoteText(id func(*room) int64, want string) func(testing.TB, *room) {
	return func(t testing.TB, r *room) {
		t.Helper()
		n, ok := r.noteByID(id(r))
		if !ok || n.Text != want {
			t.Errorf("note = %+v, want text %q", n, want)
		}
	}
}

func wantNoNote(id func(*room) int64) func(testing.TB, *room) {
	return func(t testing.TB, r *room) {
		t.Helper()
		if n, ok := r.noteByID(id(r)); ok {
			t.Errorf("note %+v still exists", n)
		}
	}
}

func wantNoteIn(ids func(*room) (note, seg int64)) func(testing.TB, *room) {
	return func(t testing.TB, r *room) {
		t.Helper()
		note, seg := ids(r)
		n, ok := r.noteByID(note)
		if !ok || n.Segment != seg {
			t.Errorf("note %d is in segment %d, want %d", note, n.Segment, seg)
		}
	}
}

func wantNoSegment(id func(*room) int64) func(testing.TB, *room) {
	return func(t testing.TB, r *room) {
		t.Helper()
		if r.hasSegment(id(r)) {
			t.Errorf("segment %d still exists", id(r))
		}
		for _, n := range r.snap().Notes {
			if n.Segment == id(r) {
				t.Errorf("note %d still points at deleted segment %d", n.ID, id(r))
			}
		}
	}
}

func wantNewestSegmentName(want string) func(testing.TB, *room) {
	return func(t testing.TB, r *room) {
		t.Helper()
		segs := r.snap().Segments
		if got := segs[len(segs)-1].Name; got != want {
			t.Errorf("segment name = %q, want %q", got, want)
		}
	}
}

func byPia(r *room) *session.Conn { return r.pia }
