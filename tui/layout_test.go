package tui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// Every screen must fit its terminal exactly, whatever the text: no line
// wider than the terminal, no more lines than it has. These tests fill a
// workshop with the longest texts the session accepts, made of wide
// characters (CJK, emoji), and draw every phase, panel and help at sizes
// from cramped to roomy, and after a resize.

var (
	wideName  = strings.Repeat("名", 20) + strings.Repeat("🦊", 20) // 40 characters, 80 cells
	wideTitle = strings.Repeat("東京のプラットフォームチーム 🚀 ", 8)
	wideNote  = strings.Repeat("顧客 🧑‍💻 customers who deploy every day, ", 12)
	wideSeg   = strings.Repeat("開発者", 14) // 40 characters after the cap
)

// crowded is a workshop in the given phase full of the longest texts.
func crowded(phase session.Phase) func(*room) {
	return func(r *room) {
		long := session.Identity{ID: "SHA256:LongLongLongLongLongLongLongLongLongLongLon", Name: wideName}
		r.conn(long)
		gathered(r)
		r.do(fran, session.Retitle{Title: wideTitle})
		if phase == session.PhaseLobby {
			return
		}
		r.do(fran, session.SetPhase{Phase: session.PhaseAnswer}, session.SetHideNotes{Hidden: false},
			session.SetTimer{Duration: 4 * time.Hour})
		for i := range 6 {
			for _, q := range session.Questions {
				r.do(long, session.AddNote{Question: q, Text: fmt.Sprintf("%d %s", i, wideNote)})
				r.do(pat, session.AddNote{Question: q, Text: fmt.Sprintf("%d short", i)})
			}
		}
		if phase == session.PhaseAnswer {
			return
		}
		r.do(fran, session.SetPhase{Phase: session.PhaseGroup})
		var who []int64
		for _, n := range r.conn(fran).View().Notes {
			if n.Question == session.QuestionWho {
				who = append(who, n.ID)
			}
		}
		for i := 0; i+1 < len(who); i += 2 {
			r.do(long, session.CreateSegment{Name: fmt.Sprintf("%d%s", i, wideSeg), Notes: who[i : i+2]})
		}
		v := r.conn(fran).View()
		for i, n := range v.Notes {
			if n.Question != session.QuestionWho && i%2 == 0 {
				r.do(fran, session.AttachNote{Note: n.ID, Segment: v.Segments[i%len(v.Segments)].ID})
			}
		}
		if phase == session.PhaseGroup {
			return
		}
		r.do(fran, session.SetPhase{Phase: session.PhaseVote}, session.SetVoteSettings{Budget: 20, MaxPerSegment: 20})
		segs := r.conn(fran).View().Segments
		for i, s := range segs {
			for range i%3 + 1 {
				r.do(long, session.CastDot{Segment: s.ID})
			}
		}
		r.do(pat, session.CastDot{Segment: segs[0].ID})
		r.do(fran, session.RevealVotes{Revealed: true})
		if phase == session.PhaseVote {
			return
		}
		r.do(fran, session.SetPhase{Phase: session.PhasePrioritize})
		for _, l := range session.Lenses {
			r.do(long, session.PickInsight{Lens: l, Segment: segs[int(l)].ID})
			r.do(pat, session.PickInsight{Lens: l, Segment: segs[0].ID})
		}
		if phase == session.PhasePrioritize {
			return
		}
		r.do(fran, session.SetPhase{Phase: session.PhaseDiscuss})
		for i, s := range segs {
			r.do(long, session.AddNextStep{Segment: s.ID, Kind: session.StepKind(i % 4),
				Text: fmt.Sprintf("%d %s", i, wideNote), Owner: wideName, Due: "2025-12-31"})
			r.do(fran, session.SetSegmentType{Segment: s.ID, Type: session.CustomerTypes[i%len(session.CustomerTypes)]})
		}
		if phase == session.PhaseDiscuss {
			return
		}
		r.do(fran, session.SetPhase{Phase: session.PhaseDone})
	}
}

var layoutSizes = [][2]int{{40, 12}, {60, 20}, {80, 24}, {100, 30}, {120, 40}, {200, 60}}

func TestEveryScreenFitsItsTerminal(t *testing.T) {
	for _, phase := range session.Phases {
		for _, v := range viewers {
			t.Run(fmt.Sprintf("%s_%s", phase, v.role), func(t *testing.T) {
				t.Parallel()
				r := newRoom(t)
				crowded(phase)(r)
				// Joining takes the long-named participant's workshop, so
				// the header and people panel carry the widest texts too.
				tt := startProgram(t, r.options(v.who), 80, 24)
				tt.waitText("● " + phase.Title())
				for _, size := range layoutSizes {
					w, h := size[0], size[1]
					tt.tm.Send(tea.WindowSizeMsg{Width: w, Height: h})
					// Each panel and the full help, opened and closed again.
					for _, keys := range [][]string{nil, {"?"}, {"?"}, {"P"}, {"esc"}, {"F"}, {"esc"}, {"down", "down", "tab", "down"}} {
						tt.press(keys...)
						screen := tt.waitFor(fmt.Sprintf("a %dx%d screen", w, h), func(s string) bool {
							return len(strings.Split(s, "\n")) == h
						})
						requireFits(t, screen, w, h)
						if t.Failed() {
							t.Fatalf("at %dx%d after %v:\n%s", w, h, keys, screen)
						}
					}
				}
			})
		}
	}
}

func TestLobbyFitsItsTerminal(t *testing.T) {
	r := newRoom(t)
	long := session.Identity{ID: "SHA256:LongLongLongLongLongLongLongLongLongLongLon", Name: wideName}
	r.conn(long)
	r.do(fran, session.Retitle{Title: wideTitle})
	for range 30 {
		if _, err := r.mgr.Create(context.Background(), long, wideTitle); err != nil {
			t.Fatal(err)
		}
	}
	opts := r.options(long)
	opts.Join = ""
	tt := startProgram(t, opts, 80, 24)
	tt.waitText("Your workshops", "facilitator")
	for _, size := range layoutSizes {
		w, h := size[0], size[1]
		tt.tm.Send(tea.WindowSizeMsg{Width: w, Height: h})
		for _, keys := range [][]string{nil, {"shift+tab"}, {"down", "down", "down"}, {"?"}} {
			tt.press(keys...)
			screen := tt.waitFor("the resized lobby", func(s string) bool { return len(strings.Split(s, "\n")) == h })
			requireFits(t, screen, w, h)
			if t.Failed() {
				t.Fatalf("at %dx%d after %v:\n%s", w, h, keys, screen)
			}
		}
	}
}
