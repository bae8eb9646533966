package tui

import (
	"context"
	"strings"
	"testing"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"

	"forwhom/internal/termclient"
	"forwhom/session"
)

// FuzzEveryLineIsTheFrameWidth puts any text where people write it (a
// workshop's title, a participant's name, a note, a segment's name), lets
// the session sanitize it as it does everything people write, and draws
// another participant's Group screen: every line must be as wide to a
// terminal that draws code point by code point (termclient.Width) as the
// server planned it in the frame, and fit the frame. A line one
// terminal draws narrower or wider than the server thinks shifts
// everything after it on that row (issue 19). The seeds in
// testdata/fuzz/FuzzEveryLineIsTheFrameWidth run as ordinary tests.
func FuzzEveryLineIsTheFrameWidth(f *testing.F) {
	for _, s := range []string{
		"plain words",
		"tags \U000E0002\U000E001F\U000E0080 end",
		"ignorable \U000E01F0\u2065\ufff0 end",
		"unassigned \u0378 private \ue000 end",
		"fillers \u115f\u1160\u3164\uffa0 end",
		"joiners \u034f\u17b4\u180b end",
		"emoji 🚀 👍🏽 🇩🇪 1️⃣ ✈️ 👩\u200d💻 end",
		"lone \U0001F1E9 and a\U0001F3FD end",
		"日本語 한국어 café end",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if terminalsDisagree(s) {
			t.Skip("spacing marks: see terminalsDisagree")
		}
		ctx := context.Background()
		mgr := session.NewManager(session.NewMemoryStore(), session.Options{})
		defer mgr.Close()
		fac := session.Identity{ID: "fac", Name: "Fran"}
		code, err := mgr.Create(ctx, fac, "T "+s)
		if err != nil {
			t.Skip(err) // a title the session refuses
		}
		writer := session.Identity{ID: "w", Name: "W " + s}
		do := func(who session.Identity, cmds ...session.Command) {
			c, err := mgr.Join(ctx, code, who)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			for _, cmd := range cmds {
				if err := c.Do(ctx, cmd); err != nil {
					t.Fatalf("%T: %v", cmd, err)
				}
			}
		}
		do(fac, session.SetAnonymous{Anonymous: false}, session.SetPhase{Phase: session.PhaseAnswer},
			session.SetHideNotes{Hidden: false})
		do(writer, session.AddNote{Question: session.QuestionWho, Text: "N " + s},
			session.AddNote{Question: session.QuestionDo, Text: s + " n"})
		do(fac, session.SetPhase{Phase: session.PhaseGroup})
		var who []int64
		snap, err := mgr.Snapshot(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range snap.Notes {
			if n.Question == session.QuestionWho {
				who = append(who, n.ID)
			}
		}
		do(fac, session.CreateSegment{Name: "S " + s, Notes: who})

		viewer := session.Identity{ID: "v", Name: "Vic"}
		m := New(Options{Manager: mgr, Identity: viewer})
		defer m.Close()
		m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		m.Update(joinWorkshop(mgr, code, viewer)())
		for _, size := range [][2]int{{100, 30}, {60, 20}} {
			w, h := size[0], size[1]
			m.Update(tea.WindowSizeMsg{Width: w, Height: h})
			lines := strings.Split(m.View().Content, "\n")
			if len(lines) != h {
				t.Fatalf("%dx%d: %d lines", w, h, len(lines))
			}
			for i, l := range lines {
				planned := ansi.StringWidth(l)
				if planned > w {
					t.Fatalf("%dx%d: line %d is %d cells to the server: %q", w, h, i, planned, ansi.Strip(l))
				}
				if got := termclient.Width(ansi.Strip(l)); got != planned {
					t.Fatalf("%dx%d: line %d is %d cells to a terminal, %d to the server: %q", w, h, i, got, planned, ansi.Strip(l))
				}
			}
			// The header runs to the right margin (its join code is
			// right-aligned there): a title the server measured wrong
			// would move it.
			if got := termclient.Width(ansi.Strip(lines[0])); got != w-1 {
				t.Fatalf("%dx%d: the header is %d cells to a terminal, want %d: %q", w, h, got, w-1, ansi.Strip(lines[0]))
			}
		}
	})
}

// terminalsDisagree reports text whose width terminals and the server's
// measure disagree on and Sanitize keeps: a spacing character that the
// server's measure (grapheme clusters) joins to the one before it at no
// width, such as a spacing combining mark (Mc: the vowel signs of
// Devanagari, Bengali, Tamil, …), Thai and Lao SARA AM, the halfwidth
// katakana voiced marks, and the few letters that join the character after
// them (Grapheme_Cluster_Break=Prepend: Malayalam DOT REPH, …). Removing them would make those scripts
// unreadable; drawing them right needs the server to measure as
// terminals do, which is not this fix.
func terminalsDisagree(s string) bool {
	for _, r := range s {
		if r < 0xa0 || runewidth.RuneWidth(r) == 0 || unicode.Is(unicode.Mn, r) || (r >= 0x1F3FB && r <= 0x1F3FF) {
			continue // skin tones follow Sanitize's own rule
		}
		if ansi.StringWidth("a"+string(r)) == 1 || ansi.StringWidth(string(r)+"a") == 1 {
			return true
		}
	}
	return false
}

// Every code point Sanitize keeps, between two letters, is as wide to a
// terminal that draws code point by code point as to the server, but for
// the spacing marks terminalsDisagree names.
func TestEveryKeptCodePointIsAsWideToTerminals(t *testing.T) {
	bad := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := session.Sanitize("a"+string(r)+"b", session.MaxNoteLen)
		if terminalsDisagree(s) {
			continue
		}
		if sw, tw := ansi.StringWidth(s), termclient.Width(s); sw != tw {
			if bad++; bad <= 20 {
				t.Errorf("%U: %q is %d cells to the server, %d to a terminal", r, s, sw, tw)
			}
		}
	}
	if bad > 20 {
		t.Errorf("and %d more", bad-20)
	}
}
