package session_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"forwhom/session"
	"forwhom/suggest"
)

// These tests rely on nothing of the suggestion engine but that it puts
// notes with equal texts together (and loose notes with the text of a
// segment's note into that segment), or on a suggester of their own.

// suggestRoom is a workshop in the Group phase whose suggestions come from
// suggester (suggest.Suggest when nil), over st, with a facilitator and a
// participant.
type suggestRoom struct {
	*workshop
	pat *session.Conn
}

func newSuggestRoom(t *testing.T, st session.Store, suggester session.Suggester, texts ...string) *suggestRoom {
	t.Helper()
	w := &workshop{t: t, ctx: context.Background(), clock: newClock()}
	w.m = session.NewManager(st, session.Options{Limits: testLimits(), Now: w.clock.Now, Suggest: suggester})
	t.Cleanup(w.m.Close)
	code, err := w.m.Create(w.ctx, facilitator, "Platform team")
	if err != nil {
		t.Fatal(err)
	}
	w.code = code
	w.fac = w.join(facilitator)
	r := &suggestRoom{workshop: w, pat: w.participant("pat", "Pat")}
	r.phase(session.PhaseAnswer)
	for _, text := range texts {
		r.note(r.pat, session.QuestionWho, text)
	}
	r.phase(session.PhaseGroup)
	return r
}

// ids are the notes with these texts, in ID order.
func (w *workshop) ids(texts ...string) []int64 {
	w.t.Helper()
	var out []int64
	for _, n := range w.snap().Notes {
		if slices.Contains(texts, n.Text) {
			out = append(out, n.ID)
		}
	}
	return out
}

func suggestedIDs(sg session.SuggestedSegment) []int64 {
	var out []int64
	for _, n := range sg.Notes {
		out = append(out, n.ID)
	}
	return out
}

// find is the offered suggestion with exactly these notes.
func find(t *testing.T, list []session.SuggestedSegment, ids []int64) session.SuggestedSegment {
	t.Helper()
	for _, sg := range list {
		if slices.Equal(suggestedIDs(sg), ids) {
			return sg
		}
	}
	t.Fatalf("no suggestion of notes %v among %+v", ids, list)
	return session.SuggestedSegment{}
}

func TestSuggestionsNeverTakeANoteOutOfItsSegment(t *testing.T) {
	r := newSuggestRoom(t, session.NewMemoryStore(), nil, "Kids", "Kids", "Kids", "Teens", "Teens")
	kids, teens := r.ids("Kids"), r.ids("Teens")
	children := r.segment(r.fac, "Children", kids[0])

	list := r.fac.View().Suggestions
	grouped := map[int64]bool{kids[0]: true}
	for _, sg := range list {
		for _, n := range sg.Notes {
			if grouped[n.ID] {
				t.Errorf("suggestion %+v includes note %d, which is in a segment", sg, n.ID)
			}
		}
	}
	into := find(t, list, kids[1:])
	if into.Segment != children || into.Name != "Children" {
		t.Errorf("the loose Kids notes are suggested as %+v; want into the segment Children", into)
	}
	if sg := find(t, list, teens); sg.Segment != 0 || sg.Name == "" || sg.Key != (suggest.Suggestion{Notes: teens}).Key() {
		t.Errorf("the Teens notes are suggested as %+v; want a new segment, named", sg)
	}

	// Whatever a suggester proposes, a note in a segment, a note of
	// another question, a segment that does not exist, a note twice or a
	// "new segment" of one note is not offered.
	bad := func([]suggest.Note, []suggest.Segment) []suggest.Suggestion {
		return []suggest.Suggestion{
			{Name: "Grouped", Notes: []int64{kids[0], kids[1]}},
			{Name: "Gone", Notes: []int64{kids[1]}, Segment: 99},
			{Name: "Alone", Notes: []int64{teens[0]}},
			{Name: "Fine", Notes: []int64{kids[2], teens[1]}},
			{Name: "Again", Notes: []int64{kids[2], teens[0]}},
		}
	}
	r2 := newSuggestRoom(t, session.NewMemoryStore(), bad, "Kids", "Kids", "Kids", "Teens", "Teens")
	r2.segment(r2.fac, "Children", kids[0])
	if list := r2.fac.View().Suggestions; len(list) != 1 || list[0].Name != "Fine" {
		t.Errorf("offered %+v; want only Fine", list)
	}
}

func TestSuggestionsAreForThoseWhoMayGroupInTheGroupPhase(t *testing.T) {
	r := newSuggestRoom(t, session.NewMemoryStore(), nil, "Kids", "Kids")
	if len(r.fac.View().Suggestions) != 1 || len(r.pat.View().Suggestions) != 1 {
		t.Fatalf("with grouping open, the facilitator sees %d and a participant %d suggestions; want 1 each",
			len(r.fac.View().Suggestions), len(r.pat.View().Suggestions))
	}
	r.do(r.fac, session.LockGrouping{Locked: true})
	if len(r.fac.View().Suggestions) != 1 || r.pat.View().Suggestions != nil {
		t.Errorf("with grouping locked, a participant sees %+v", r.pat.View().Suggestions)
	}
	if _, _, err := r.m.Suggestions(r.ctx, r.code, session.Identity{ID: r.pat.ID()}, false); !errors.Is(err, session.ErrGroupingLocked) {
		t.Errorf("a participant's suggest while grouping is locked: %v", err)
	}
	r.refused(r.pat, session.AcceptSuggestion{Suggestion: r.fac.View().Suggestions[0]}, session.ErrGroupingLocked)
	r.do(r.fac, session.LockGrouping{Locked: false})
	r.phase(session.PhaseAnswer)
	if r.fac.View().Suggestions != nil {
		t.Error("suggestions are offered in Answer")
	}
	if _, _, err := r.m.Suggestions(r.ctx, r.code, facilitator, false); !errors.Is(err, session.ErrWrongPhase) {
		t.Errorf("suggest in Answer: %v", err)
	}
}

func TestAcceptingASuggestionIsOneCommand(t *testing.T) {
	st := &countingStore{MemoryStore: session.NewMemoryStore()}
	r := newSuggestRoom(t, st, nil, "Kids", "Kids", "Kids", "Teens", "Teens", "Staff")
	kids, teens, staff := r.ids("Kids"), r.ids("Teens"), r.ids("Staff")

	sg := find(t, r.pat.View().Suggestions, kids)
	sg.Name = "Children" // edited before accepting
	before := st.commits.Load()
	r.do(r.pat, session.AcceptSuggestion{Suggestion: sg})
	if n := st.commits.Load() - before; n != 1 {
		t.Errorf("accepting took %d commits, want 1", n)
	}
	v := r.fac.View()
	if len(v.Segments) != 1 || v.Segments[0].Name != "Children" || len(v.Segments[0].Notes) != 3 {
		t.Fatalf("after accepting: segments %+v; want Children with the three Kids notes", v.Segments)
	}
	children := v.Segments[0].ID

	// A note grouped since the suggestion was made: refused, nothing moves.
	stale := find(t, v.Suggestions, teens)
	r.segment(r.fac, "Teenagers", teens[0])
	r.refused(r.pat, session.AcceptSuggestion{Suggestion: stale}, session.ErrInvalid)
	if n, _ := r.noteByID(teens[1]); n.Segment != 0 {
		t.Errorf("a refused accept moved a note into segment %d", n.Segment)
	}

	// Into an existing segment: the notes join those already there.
	into := session.SuggestedSegment{Segment: children, Notes: []session.SuggestedNote{{ID: staff[0]}}}
	r.do(r.fac, session.AcceptSuggestion{Suggestion: into})
	if seg, _ := r.fac.View().Segment(children); len(seg.Notes) != 4 || seg.Name != "Children" {
		t.Errorf("after adding to Children: %+v", seg)
	}

	// Undo takes the accepted notes out again; a segment left empty goes.
	r.do(r.fac, session.UndoAccept{Notes: staff, Segment: children})
	r.do(r.pat, session.UndoAccept{Notes: kids, Segment: children})
	if r.hasSegment(children) {
		t.Error("undoing the accept that made Children left it behind, empty")
	}
	for _, id := range append(kids, staff...) {
		if n, _ := r.noteByID(id); n.Segment != 0 {
			t.Errorf("note %d is still in segment %d after the undo", id, n.Segment)
		}
	}
	r.refused(r.pat, session.UndoAccept{Notes: kids, Segment: children}, session.ErrNotFound)
}

func TestAcceptingEverySuggestionAtOnceIsAFacilitatorsOneCommand(t *testing.T) {
	st := &countingStore{MemoryStore: session.NewMemoryStore()}
	r := newSuggestRoom(t, st, nil, "Kids", "Kids", "Teens", "Teens", "Staff")
	list := r.fac.View().Suggestions
	if len(list) != 2 {
		t.Fatalf("suggestions: %+v; want Kids and Teens", list)
	}
	r.refused(r.pat, session.AcceptAllSuggestions{Suggestions: list}, session.ErrNotFacilitator)
	before := st.commits.Load()
	r.do(r.fac, session.AcceptAllSuggestions{Suggestions: list})
	if n := st.commits.Load() - before; n != 1 {
		t.Errorf("accepting all took %d commits, want 1", n)
	}
	v := r.fac.View()
	if len(v.Segments) != 2 || v.Segments[0].Name != list[0].Name || v.Segments[1].Name != list[1].Name ||
		len(v.Segments[0].Notes) != 2 || len(v.Segments[1].Notes) != 2 || v.Segments[0].Position == v.Segments[1].Position {
		t.Errorf("segments after accepting all: %+v", v.Segments)
	}
	if len(v.Suggestions) != 0 {
		t.Errorf("still suggested: %+v", v.Suggestions)
	}
}

func TestRejectedSuggestionsStayRejectedAcrossARestart(t *testing.T) {
	st := session.NewMemoryStore()
	r := newSuggestRoom(t, st, nil, "Kids", "Kids", "Teens", "Teens")
	kids := find(t, r.pat.View().Suggestions, r.ids("Kids"))
	r.do(r.pat, session.RejectSuggestion{Key: kids.Key})
	r.refused(r.pat, session.RejectSuggestion{Key: kids.Key}, session.ErrNotFound)
	r.refused(r.pat, session.RejectSuggestion{Key: "0:1,2,3,4"}, session.ErrNotFound)
	teens := find(t, r.fac.View().Suggestions, r.ids("Teens"))
	if list := r.fac.View().Suggestions; len(list) != 1 || list[0].Key != teens.Key {
		t.Fatalf("after rejecting Kids: %+v", list)
	}

	// The same store, a new manager: the workshop loaded afresh.
	m := session.NewManager(st, session.Options{Limits: testLimits()})
	t.Cleanup(m.Close)
	_, list, err := m.Suggestions(r.ctx, r.code, facilitator, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Key != teens.Key {
		t.Errorf("after a restart: %+v; want Teens alone", list)
	}
	// The same notes with one more are another suggestion.
	c, err := m.Join(r.ctx, r.code, facilitator)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Do(r.ctx, session.SetPhase{Phase: session.PhaseAnswer}); err != nil {
		t.Fatal(err)
	}
	if err := c.Do(r.ctx, session.AddNote{Question: session.QuestionWho, Text: "kids"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Do(r.ctx, session.SetPhase{Phase: session.PhaseGroup}); err != nil {
		t.Fatal(err)
	}
	if list := c.View().Suggestions; len(list) != 2 || len(list[0].Notes) != 3 {
		t.Errorf("with a third Kids note: %+v; want Kids offered again, with three notes", list)
	}
}

// Suggestions are computed once per change that matters (notes, segments,
// rejections), on the workshop's loop before anyone looks, however many
// people look, and not at all for a dot, a
// join or a rename; a view written over the last one still
// costs no allocation.
func TestSuggestionsAreComputedOncePerChangeThatMatters(t *testing.T) {
	var calls atomic.Int64
	counting := func(loose []suggest.Note, segs []suggest.Segment) []suggest.Suggestion {
		calls.Add(1)
		return suggest.Suggest(loose, segs)
	}
	r := newSuggestRoom(t, session.NewMemoryStore(), counting, "Kids", "Kids", "Teens", "Teens")
	people := []*session.Conn{r.fac, r.pat}
	for i := range 20 {
		people = append(people, r.participant("p"+strings.Repeat("x", i), "P"))
	}
	look := func() {
		for _, c := range people {
			if len(c.View().Suggestions) != 2 {
				t.Fatalf("%s sees %+v", c.ID(), c.View().Suggestions)
			}
		}
	}
	look()
	start := calls.Load()
	r.do(r.pat, session.Rename{Name: "Patricia"})
	r.do(r.fac, session.Retitle{Title: "Platform team, again"})
	r.participant("late", "Late")
	look()
	if n := calls.Load() - start; n != 0 {
		t.Errorf("the suggester ran %d times for a join, a rename and a new title; want 0", n)
	}
	r.segment(r.fac, "Staff", r.ids("Teens")[0])
	if n := calls.Load() - start; n != 1 {
		t.Errorf("the suggester ran %d times for one change before anyone looked; want 1, on the workshop's loop", n)
	}
	look()
	if n := calls.Load() - start; n != 1 {
		t.Errorf("the suggester ran %d times for one change, seen by %d people; want 1", n, len(people))
	}
	v := new(session.View)
	if allocs := testing.AllocsPerRun(10, func() { r.pat.ViewInto(v) }); allocs != 0 || len(v.Suggestions) == 0 {
		t.Errorf("a view with suggestions, written over the last one, allocated %v times (%d suggestions)", allocs, len(v.Suggestions))
	}

	// Outside Group nothing is computed, whatever changes.
	r.phase(session.PhaseAnswer)
	before := calls.Load()
	r.note(r.pat, session.QuestionWho, "Teens")
	for _, c := range people {
		if c.View().Suggestions != nil {
			t.Fatalf("%s is offered suggestions in Answer", c.ID())
		}
	}
	if n := calls.Load() - before; n != 0 {
		t.Errorf("the suggester ran %d times in Answer", n)
	}
}

func TestAFailingSuggesterLeavesTheRoomWithoutSuggestions(t *testing.T) {
	boom := func([]suggest.Note, []suggest.Segment) []suggest.Suggestion { panic("bug") }
	r := newSuggestRoom(t, session.NewMemoryStore(), boom, "Kids", "Kids")
	if v := r.fac.View(); v.Suggestions != nil || len(v.Notes) != 2 {
		t.Errorf("the facilitator's view: %d notes, suggestions %+v", len(v.Notes), v.Suggestions)
	}
}

func TestSuggestionsFormatAsMarkdownAndJSON(t *testing.T) {
	r := newSuggestRoom(t, session.NewMemoryStore(), nil, "Kids *", "Kids *", "Teens", "Teens", "Staff")
	staff := r.segment(r.fac, "Staff", r.ids("Staff")...)
	r.phase(session.PhaseAnswer)
	r.note(r.fac, session.QuestionWho, "Staff")
	r.phase(session.PhaseGroup)
	snap, list, err := r.m.Suggestions(r.ctx, r.code, facilitator, false)
	if err != nil {
		t.Fatal(err)
	}
	js, err := session.FormatSuggestions(snap, list, session.FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	// The engine names its groups; the rest is the notes and segments.
	kids, teens := r.ids("Kids *"), r.ids("Teens")
	newStaff := r.ids("Staff")[1]
	if len(list) != 3 {
		t.Fatalf("suggestions: %+v", list)
	}
	// The workshop is anonymous: suggestions are listed by their first
	// note's text (Kids, Staff, Teens), not by lowest note ID.
	want := `{
  "suggestions": [
    {
      "name": ` + strconv.Quote(list[0].Name) + `,
      "notes": [
        {
          "id": ` + itoa(kids[0]) + `,
          "text": "Kids *"
        },
        {
          "id": ` + itoa(kids[1]) + `,
          "text": "Kids *"
        }
      ],
      "segment": null
    },
    {
      "name": "Staff",
      "notes": [
        {
          "id": ` + itoa(newStaff) + `,
          "text": "Staff"
        }
      ],
      "segment": ` + itoa(staff) + `
    },
    {
      "name": ` + strconv.Quote(list[2].Name) + `,
      "notes": [
        {
          "id": ` + itoa(teens[0]) + `,
          "text": "Teens"
        },
        {
          "id": ` + itoa(teens[1]) + `,
          "text": "Teens"
        }
      ],
      "segment": null
    }
  ]
}
`
	if string(js) != want {
		t.Errorf("JSON:\n%s\nwant\n%s", js, want)
	}
	md, err := session.FormatSuggestions(snap, list, session.FormatMarkdown)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"# Suggested segments: Platform team\n", ": a new segment of 2 notes\n   - Kids \\*\n   - Kids \\*\n",
		"2. **Staff**: 1 note more for this segment\n   - Staff\n"} {
		if !strings.Contains(string(md), line) {
			t.Errorf("the Markdown lacks %q:\n%s", line, md)
		}
	}
	if _, err := session.FormatSuggestions(snap, list, session.FormatCSV); !errors.Is(err, session.ErrInvalid) {
		t.Errorf("suggestions as CSV: %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
