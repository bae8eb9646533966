package tui_test

import (
	"testing"

	"forwhom/session"
)

func TestTheHighlightStaysOnItsNoteWhenANoteLandsAboveIt(t *testing.T) {
	// In an anonymous workshop notes are listed by text, so a note
	// someone writes may land above the one a facilitator has highlighted:
	// the highlight, and the key pressed next, stay with that note.
	r := newRoom(t)
	r.do(fran, session.SetHideNotes{Hidden: false}, session.SetPhase{Phase: session.PhaseAnswer})
	r.do(pat, session.AddNote{Question: session.QuestionDo, Text: "Marketing sites"})
	r.do(pat, session.AddNote{Question: session.QuestionDo, Text: "Nightly builds"})
	tt := start(t, r.options(fran), 120, 40)
	tt.waitText("Marketing sites", "Nightly builds")

	r.do(sam, session.AddNote{Question: session.QuestionDo, Text: "Accounting"})
	tt.waitText("Accounting")
	tt.press("d")
	eventually(t, "a note is deleted", func() bool { return len(r.snapshot().Notes) == 2 })
	for _, n := range r.snapshot().Notes {
		if n.Text == "Marketing sites" {
			t.Fatalf("the highlighted note stayed and another was deleted: %+v", r.snapshot().Notes)
		}
	}
}
