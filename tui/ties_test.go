package tui_test

import (
	"strings"
	"testing"

	"forwhom/session"
)

// Ties are shown as ties: two segments with as many votes share first
// place, and a poll with as many picks for two segments names both, on
// the Prioritize screen and on the Done screen.
func TestTiesAreShownAsTiesOnPrioritizeAndDone(t *testing.T) {
	r := newRoom(t)
	voting(r) // Mobile team 4 votes, Developers 3
	dev, mobile := r.segment("Developers").ID, r.segment("Mobile team 📱 in 東京").ID
	r.do(fran, session.CastDot{Segment: dev}) // 4 and 4
	r.do(fran, session.SetPhase{Phase: session.PhasePrioritize})
	r.do(pat, session.PickInsight{Lens: session.LensBiggest, Segment: dev})
	r.do(sam, session.PickInsight{Lens: session.LensBiggest, Segment: mobile})

	tt := start(t, r.options(pat), 120, 40)
	screen := tt.waitText("● Prioritize", "tie: Developers, Mobile team 📱 in 東京 · 1 each of 2 picks")
	for _, name := range []string{"Developers", "Mobile team 📱 in 東京"} {
		if line := lineOf(screen, name); !strings.Contains(line, "1=") {
			t.Errorf("%s is not shown as tied for first: %q", name, line)
		}
	}
	if strings.Count(screen, "★ biggest (tie)") != 2 {
		t.Errorf("the tied poll's mark is not on both segments:\n%s", screen)
	}

	r.do(fran, session.SetPhase{Phase: session.PhaseDiscuss}, session.SetPhase{Phase: session.PhaseDone})
	screen = tt.waitText("● Done", "a tie for first place: Developers, Mobile team 📱 in 東京")
	if !strings.Contains(screen, "tie: Developers, Mobile team 📱 in 東京") {
		t.Errorf("the Done screen's insights do not name both tied segments:\n%s", screen)
	}
	if strings.Count(screen, " 1= ") != 2 {
		t.Errorf("the Done screen does not rank both first as tied:\n%s", screen)
	}
}

// lineOf is the first line of screen that contains text.
func lineOf(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}
