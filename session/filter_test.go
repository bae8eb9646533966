package session

import (
	"slices"
	"testing"
)

func TestFilters(t *testing.T) {
	segs := []SegmentView{
		{Segment: Segment{ID: 1, Name: "Platform teams"}, Votes: 4, Notes: []NoteView{{Note: Note{ID: 10, Text: "SREs on call"}}}},
		{Segment: Segment{ID: 2, Name: "Finance"}, Votes: 0, Attached: []NoteView{{Note: Note{ID: 20, Text: "Faster month-end CLOSE"}}}},
		{Segment: Segment{ID: 3, Name: "Data science"}, Votes: 2},
	}
	ids := func(ss []SegmentView) []int64 {
		var out []int64
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return out
	}
	for _, tc := range []struct {
		query    string
		minVotes int
		want     []int64
	}{
		{"", 0, []int64{1, 2, 3}},
		{"  platform ", 0, []int64{1}},     // name, case and spaces ignored
		{"sre", 0, []int64{1}},             // a who note
		{"month-end close", 0, []int64{2}}, // an attached note
		{"", 2, []int64{1, 3}},             // minimum votes
		{"a", 3, []int64{1}},               // both
		{"nobody", 0, nil},
	} {
		if got := ids(FilterSegments(segs, tc.query, tc.minVotes)); !slices.Equal(got, tc.want) {
			t.Errorf("FilterSegments(%q, %d) = %v, want %v", tc.query, tc.minVotes, got, tc.want)
		}
	}
	// No filter is no work: the list itself comes back, not a copy (it is
	// asked for on every change on every participant's screen).
	if got := FilterSegments(segs, " ", 0); &got[0] != &segs[0] {
		t.Error("FilterSegments without a filter copied the segments")
	}

	notes := []NoteView{{Note: Note{ID: 1, Text: "Payments API"}}, {Note: Note{ID: 2, Text: "the mobile app"}}}
	if got := FilterNotes(notes, "API"); len(got) != 1 || got[0].ID != 1 {
		t.Errorf("FilterNotes(API) = %v", got)
	}
	if got := FilterNotes(notes, ""); &got[0] != &notes[0] {
		t.Error("FilterNotes without a query copied the notes")
	}
}
