package tui_test

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// customQuestions are four questions of the facilitator's own, the first
// the "who".
var customQuestions = session.SetQuestions{Who: 0, Questions: []session.QuestionDef{
	{Short: "decides", Prompt: "Who makes this kind of decision?"},
	{Short: "uses", Prompt: "Who uses this sort of information?"},
	{Short: "need", Prompt: "What do they need from us?"},
	{Short: "do", Prompt: "What do we do for them today?"},
}}

// askingOwn: the room gathered, and Fran asks her own questions.
func askingOwn(r *room) {
	gathered(r)
	r.do(fran, customQuestions)
}

// answeringOwn: the room answers Fran's own questions.
func answeringOwn(r *room) {
	askingOwn(r)
	r.do(fran, session.SetPhase{Phase: session.PhaseAnswer})
	r.do(pat,
		session.AddNote{Question: 0, Text: "Release managers"},
		session.AddNote{Question: 1, Text: "On-call engineers"},
		session.AddNote{Question: 3, Text: "Keep the pipelines green"},
	)
}

// TestGoldenQuestionEditor draws the question editor a facilitator opens
// in the Lobby, the Lobby and Answer screens with the workshop's own
// questions, at both sizes.
func TestGoldenQuestionEditor(t *testing.T) {
	cases := []struct {
		name  string
		build func(*room)
		who   session.Identity
		keys  []string
		ready []string
	}{
		{"editor", gathered, fran, []string{"Q", "down", "down"}, []string{"★ marks", "Who do we deliver this value for?"}},
		{"editor_own", askingOwn, fran, []string{"Q"}, []string{"★ marks", "Who makes this kind of decision?"}},
		{"waiting_own", askingOwn, pat, nil, []string{"Who makes this kind of decision?", "How to take part"}},
		{"answer_own", answeringOwn, pat, nil, []string{"● Answer", "Release managers"}},
	}
	for _, c := range cases {
		for _, size := range sizes {
			w, h := size[0], size[1]
			t.Run(fmt.Sprintf("%s_%dx%d", c.name, w, h), func(t *testing.T) {
				t.Parallel()
				r := newRoom(t)
				c.build(r)
				tt := start(t, r.options(c.who), w, h)
				tt.waitText("Platform team", "● ")
				tt.press(c.keys...)
				screen := tt.waitText(c.ready...)
				requireFits(t, screen, w, h)
				requireGolden(t, tt, r.code)
			})
		}
	}
}

// TestTheQuestionEditorChangesTheQuestions edits questions with the keys
// and checks what the session kept.
func TestTheQuestionEditorChangesTheQuestions(t *testing.T) {
	r := newRoom(t)
	gathered(r)
	tt := start(t, r.options(fran), 80, 24)
	tt.waitText("● Lobby", "Q changes the questions")
	tt.press("Q")
	tt.waitText("★ marks")

	// A fourth question, made the "who" one.
	tt.press("a")
	tt.waitText("Question 4 ›")
	tt.typeText("Who decides what we build?")
	tt.press("enter")
	tt.waitText("4   who-decides  Who decides what we build?")
	tt.press("down", "down", "down", "w")
	tt.waitText("4 ★ who-decides")
	// The first question reworded and renamed.
	tt.press("up", "up", "up", "e")
	tt.waitText("Question 1 ›")
	for range len("What do we do?") {
		tt.press("backspace")
	}
	tt.typeText("What do we run?")
	tt.press("enter")
	tt.waitText("What do we run?")
	tt.press("n")
	for range len("do") {
		tt.press("backspace")
	}
	tt.typeText("run")
	tt.press("enter")
	tt.waitText("1   run")
	// Deleting down to two, then trying one more: refused, nothing lost.
	tt.press("d")
	tt.waitText("1   value")
	tt.press("d")
	tt.waitText("2 ★ who-decides")
	tt.press("d")
	tt.waitText("2 to 5 questions")

	qs := r.snapshot().Workshop.Questions
	if qs.Len() != 2 || qs.Prompt(0) != "Who do we deliver this value for?" || qs.Prompt(1) != "Who decides what we build?" || qs.Who() != 1 {
		t.Errorf("the session kept %+v, who %d", qs.Defs(), qs.Who())
	}

	// Once someone answered, the editor only shows them.
	tt.press("esc")
	tt.waitText("Q changes the questions")
	r.do(fran, session.SetPhase{Phase: session.PhaseAnswer})
	r.do(pat, session.AddNote{Question: 1, Text: "The CTO"})
	tt.waitText("● Answer") // else Q could reach the Answer screen
	r.do(fran, session.SetPhase{Phase: session.PhaseLobby})
	tt.waitText("● Lobby", "When everyone is here")
	tt.press("Q")
	screen := tt.waitText("they stay as they are")
	if strings.Contains(screen, "a add") || strings.Contains(screen, "w make it the who") {
		t.Errorf("the editor offers edits after answers:\n%s", screen)
	}
}

// TestAParticipantCannotOpenTheQuestionEditor: Q is a facilitator's key.
func TestAParticipantCannotOpenTheQuestionEditor(t *testing.T) {
	r := newRoom(t)
	gathered(r)
	tt := start(t, r.options(pat), 80, 24)
	screen := tt.waitText("● Lobby", "What do we do?")
	if strings.Contains(screen, "Q questions") || strings.Contains(screen, "Q changes") {
		t.Errorf("a participant is offered the question editor:\n%s", screen)
	}
	tt.press("Q", "r")
	screen = tt.waitText("Your name ›")
	if strings.Contains(screen, "★ marks") {
		t.Errorf("a participant opened the question editor:\n%s", screen)
	}
}

// TestTheCreateFormOffersTemplates creates a workshop from a built-in
// template in the lobby.
func TestTheCreateFormOffersTemplates(t *testing.T) {
	r := newRoom(t)
	opts := r.options(fran)
	opts.Join = ""
	tt := start(t, opts, 80, 24)
	tt.waitText("Questions from heffernan (ctrl+t)")
	tt.typeText("Team B")
	ctrlT := func() { // as a terminal sends it
		if tt.rt != nil {
			tt.write("\x14")
			return
		}
		tt.send(tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl})
	}
	ctrlT()
	tt.waitText("Questions from customer-now", "Who is your customer now?")
	ctrlT()
	tt.waitText("Questions from drucker")
	ctrlT()
	ctrlT()
	tt.waitText("Questions from customer-now")
	tt.press("enter")
	tt.waitText("● Lobby", "1 Who do you serve with what you do?", "(who)", "3 What do you do with and for them?")
}

// TestTheWhoQuestionsNotesMakeSegmentsInGroup: in Group, the workshop's
// own "who" question's notes make segments; another question's do not.
func TestTheWhoQuestionsNotesMakeSegmentsInGroup(t *testing.T) {
	r := newRoom(t)
	answeringOwn(r)
	r.do(fran, session.SetPhase{Phase: session.PhaseGroup})
	tt := start(t, r.options(pat), 100, 30)
	tt.waitText("● Group", "Release managers", "[uses] On-call engineers")
	tt.press("s")
	tt.waitText("New segment of 1 note")
	tt.press("enter")
	tt.waitText("▸ Release managers (1)")
	if n := len(r.snapshot().Segments); n != 1 {
		t.Errorf("%d segments", n)
	}
}
