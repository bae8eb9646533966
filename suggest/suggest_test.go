package suggest

import (
	"slices"
	"testing"
)

func TestEqualTextsAreSuggestedTogetherWhateverTheOrder(t *testing.T) {
	notes := []Note{{3, "SRE"}, {1, "sre "}, {2, "Product engineers"}, {4, "Finance"}}
	segs := []Segment{{ID: 9, Name: "Finance team", Notes: []string{"finance"}}}
	want := []Suggestion{{Name: "sre ", Notes: []int64{1, 3}}, {Name: "Finance team", Notes: []int64{4}, Segment: 9}}
	want[0].Name = "sre"
	for range 2 {
		got := Suggest(notes, segs)
		if !slices.EqualFunc(got, want, func(a, b Suggestion) bool {
			return a.Name == b.Name && a.Segment == b.Segment && slices.Equal(a.Notes, b.Notes)
		}) {
			t.Fatalf("Suggest = %+v, want %+v", got, want)
		}
		slices.Reverse(notes)
	}
	if k := want[0].Key(); k != "0:1,3" {
		t.Errorf("Key = %q", k)
	}
}
