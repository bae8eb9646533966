package tui_test

import (
	"slices"
	"strings"
	"testing"

	"forwhom/session"
)

// suggesting is a room in Group whose "who" notes came from a survey: two
// "Kids", two "Teens" and one "Staff" (the engine groups equal texts, and
// whatever else it finds does not matter to these tests).
func suggesting(t *testing.T) *room {
	r := newSuggestingRoom(t)
	r.conn(pat)
	r.do(fran, session.SetPhase{Phase: session.PhaseAnswer})
	var answers []session.ImportedAnswer
	for i, text := range []string{"Kids", "Kids", "Teens", "Teens", "Staff"} {
		answers = append(answers, session.ImportedAnswer{Line: i + 2, Question: session.QuestionWho, Text: text})
	}
	r.do(fran, session.ImportNotes{Source: "survey", Answers: answers},
		session.SetPhase{Phase: session.PhaseGroup})
	return r
}

// segmentOf is the segment a note with this text is in, by name.
func segmentOf(snap *session.Snapshot, text string) []string {
	names := map[int64]string{}
	for _, s := range snap.Segments {
		names[s.ID] = s.Name
	}
	var out []string
	for _, n := range snap.Notes {
		if n.Text == text {
			out = append(out, names[n.Segment])
		}
	}
	return out
}

func TestStepThroughSuggestionsAcceptRejectAndUndo(t *testing.T) {
	r := suggesting(t)
	tt := start(t, r.options(fran), 120, 40)
	first := r.conn(fran).View().Suggestions[0]
	tt.waitText("✦ Suggested 1 of ", "a new segment “"+first.Name+"”", "Kids [survey]")

	// ] shows the next one, [ goes back.
	n := len(r.conn(fran).View().Suggestions)
	if n < 2 {
		t.Fatalf("%d suggestions; want Kids and Teens at least", n)
	}
	tt.press("]")
	tt.waitText("✦ Suggested 2 of ")
	tt.press("[")
	tt.waitText("✦ Suggested 1 of ")

	// y accepts the one shown: its notes make one segment.
	tt.press("y")
	eventually(t, "the suggestion is accepted", func() bool {
		return len(r.snapshot().Segments) == 1 && r.snapshot().Segments[0].Name == first.Name
	})
	tt.waitText("▸ " + first.Name + " (2)")
	for _, n := range first.Notes {
		if got := segmentOf(r.snapshot(), n.Text); !slices.Contains(got, first.Name) {
			t.Errorf("%q is in %q after accepting", n.Text, got)
		}
	}

	// U takes it back: the segment goes, the suggestion comes again.
	tt.press("U")
	eventually(t, "the accept is undone", func() bool { return len(r.snapshot().Segments) == 0 })
	tt.waitText("Accept undone.", "✦ Suggested 1 of ")

	// n rejects the one shown: it is not offered again.
	tt.waitText("a new segment “" + first.Name + "”")
	tt.press("n")
	eventually(t, "the rejection is stored", func() bool { return slices.Contains(r.snapshot().Rejected, first.Key) })
	tt.waitText("Suggestion rejected")
	tt.waitFor("the next suggestion in its place", func(s string) bool {
		return !strings.Contains(s, "a new segment “"+first.Name+"”")
	})
	for _, sg := range r.conn(fran).View().Suggestions {
		if sg.Key == first.Key {
			t.Errorf("a rejected suggestion is offered again: %+v", sg)
		}
	}

	// e edits the name, and enter accepts it so named.
	next := r.conn(fran).View().Suggestions[0]
	tt.waitText("a new segment “" + next.Name + "”")
	tt.press("e")
	tt.waitText("Accept as a new segment of 2 notes, named")
	for range len([]rune(next.Name)) {
		tt.press("backspace")
	}
	tt.typeText("Renamed by Fran")
	tt.press("enter")
	tt.waitText("▸ Renamed by Fran (2)")
	if got := segmentOf(r.snapshot(), next.Notes[0].Text); !slices.Contains(got, "Renamed by Fran") {
		t.Errorf("%q is in %q", next.Notes[0].Text, got)
	}
}

func TestSuggestionsFollowWhoMayGroup(t *testing.T) {
	r := suggesting(t)
	tt := start(t, r.options(pat), 120, 40)
	tt.waitText("● Group", "✦ Suggested 1 of ", "y accept")
	r.do(fran, session.LockGrouping{Locked: true})
	tt.waitFor("the suggestions to go", func(s string) bool {
		return strings.Contains(s, "[grouping locked]") && !strings.Contains(s, "Suggested")
	})
	tt.press("y", "n")
	tt.waitText("Kids [survey]")
	if snap := r.snapshot(); len(snap.Segments) != 0 || len(snap.Rejected) != 0 {
		t.Errorf("a participant's y and n while grouping is locked changed %+v, %v", snap.Segments, snap.Rejected)
	}
}
