package tui_test

import (
	"fmt"
	"testing"

	"forwhom/session"
)

// sizes every screen is drawn at: the classic terminal and a roomy one.
var sizes = [][2]int{{80, 24}, {120, 40}}

// phaseScreens are the workshop's screens, one per phase (and a few
// states within one), each with what marks it as drawn.
var phaseScreens = []struct {
	name  string
	build func(*room)
	ready string
}{
	{"waiting", gathered, "● Lobby"},
	{"answer", answering, "● Answer"},
	{"group", grouping, "● Group"},
	{"group_locked", groupingLocked, "[grouping locked]"},
	{"vote", voting, "● Vote"},
	{"vote_revealed", revealed, "● Vote"},
	{"prioritize", prioritizing, "● Prioritize"},
	{"discuss", discussing, "● Discuss"},
	{"done", finished, "● Done"},
}

var viewers = []struct {
	role string
	who  session.Identity
}{
	{"participant", pat},
	{"facilitator", fran},
}

// TestGoldenScreens draws every phase for a participant and for the
// facilitator, at 80x24 and 120x40, and compares with testdata. Every
// screen must also fit its terminal exactly.
func TestGoldenScreens(t *testing.T) {
	for _, sc := range phaseScreens {
		for _, v := range viewers {
			for _, size := range sizes {
				w, h := size[0], size[1]
				t.Run(fmt.Sprintf("%s_%s_%dx%d", sc.name, v.role, w, h), func(t *testing.T) {
					t.Parallel()
					for _, start := range starts { // the runtime, then a program
						r := newRoom(t)
						sc.build(r)
						tt := start(t, r.options(v.who), w, h)
						screen := tt.waitText(sc.ready, "Platform team")
						requireFits(t, screen, w, h)
						requireGolden(t, tt, r.code)
					}
				})
			}
		}
	}
}

// TestGoldenLobby draws the lobby: for someone with a workshop to resume,
// and for a guest, who may not create one.
func TestGoldenLobby(t *testing.T) {
	for _, size := range sizes {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("member_%dx%d", w, h), func(t *testing.T) {
			t.Parallel()
			for _, start := range starts { // the runtime, then a program
				r := newRoom(t)
				gathered(r)
				opts := r.options(fran)
				opts.Join = ""
				tt := start(t, opts, w, h)
				screen := tt.waitText("Your workshops", "Platform team", "facilitator")
				requireFits(t, screen, w, h)
				requireGolden(t, tt, r.code)
			}
		})
		t.Run(fmt.Sprintf("guest_%dx%d", w, h), func(t *testing.T) {
			t.Parallel()
			for _, start := range starts { // the runtime, then a program
				r := newRoom(t)
				opts := r.options(session.Identity{ID: "guest-1", Name: "visitor", Guest: true})
				opts.Join = ""
				tt := start(t, opts, w, h)
				screen := tt.waitText("Guests can't create workshops", "None yet")
				requireFits(t, screen, w, h)
				requireGolden(t, tt, r.code)
			}
		})
	}
}

// TestGoldenRemoved draws the screen of a participant the facilitator
// removed while they were in the workshop.
func TestGoldenRemoved(t *testing.T) {
	for _, size := range sizes {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			t.Parallel()
			for _, start := range starts { // the runtime, then a program
				r := newRoom(t)
				answering(r)
				tt := start(t, r.options(pat), w, h)
				tt.waitText("● Answer")
				r.do(fran, session.RemoveParticipant{Participant: pat.ID})
				screen := tt.waitText("You were removed from this workshop")
				requireFits(t, screen, w, h)
				requireGolden(t, tt, r.code)
			}
		})
	}
}

// TestGoldenPanels draws what opens in front of a phase's screen: the
// note input, a selection in Group, the people panel, the facilitator
// menu, the full help.
func TestGoldenPanels(t *testing.T) {
	cases := []struct {
		name  string
		build func(*room)
		who   session.Identity
		keys  []string
		ready []string
	}{
		{"note_input", answering, pat, []string{"tab", "tab", "a"}, []string{"New note ›"}},
		{"group_selection", grouping, pat, []string{"space", "down", "space", "tab", "down", "down", "down", "down", "m"},
			[]string{"✓ Mobile team", "[merging]"}},
		{"people_facilitator", gathered, fran, []string{"P", "down", "down"}, []string{"People", "x remove"}},
		{"people_participant", answering, pat, []string{"P"}, []string{"People", "done writing"}},
		{"facilitator_menu", voting, fran, []string{"F"}, []string{"Facilitator menu", "Reveal the vote totals"}},
		{"full_help", grouping, fran, []string{"?"}, []string{"lock grouping", "facilitator menu"}},
		{"confirm_remove", gathered, fran, []string{"P", "down", "down", "x"}, []string{"Remove Pat?"}},
		{"prioritize_open", prioritizing, pat, []string{"down", "enter"}, []string{"+ [value] Faster, safer releases"}},
		{"discuss_choose_type", discussing, fran, []string{"t"}, []string{"Customer type? 1 end user"}},
		{"discuss_looking_around", discussing, pat, []string{"n"}, []string{"#3 Security", "looking around"}},
		{"discuss_hypothesis", discussing, pat, []string{"a", "2"}, []string{"Hypothesis › We believe Developers need"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			for _, start := range starts { // the runtime, then a program
				r := newRoom(t)
				c.build(r)
				tt := start(t, r.options(c.who), 80, 24)
				tt.waitText("Platform team", "● ")
				tt.press(c.keys...)
				screen := tt.waitText(c.ready...)
				requireFits(t, screen, 80, 24)
				requireGolden(t, tt, r.code)
			}
		})
	}
}
