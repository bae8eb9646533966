package session

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"forwhom/suggest"
)

// Suggested segments: in the Group phase the session proposes groups of
// loose "who" notes that mean the same people, and existing segments that
// loose notes fit (package suggest decides which). It never moves a note by
// itself: those who may group accept a suggestion (one command), reject it
// (never to come back, across restarts too), or leave it.

// Suggester proposes segments from the loose "who" notes and the existing
// segments; suggest.Suggest unless Options say otherwise (tests).
type Suggester func(loose []suggest.Note, segments []suggest.Segment) []suggest.Suggestion

// SuggestedSegment is one suggestion as views, commands and exec show it.
type SuggestedSegment struct {
	Key     string          // what it would do (its segment and notes), for rejecting it
	Name    string          // the proposed name; an existing segment's own name
	Notes   []SuggestedNote // loose "who" notes: by ID; by text where anonymous
	Segment int64           // the existing segment it adds to; zero: a new segment
}

// SuggestedNote is a note of a suggestion.
type SuggestedNote struct {
	ID   int64
	Text string
}

// suggestions are a snapshot's suggested segments, with the versions of
// what they were computed from, so a later snapshot that changed none of
// it (a dot, a join, someone getting ready) shares them.
type suggestions struct {
	from suggestionsFrom
	list []SuggestedSegment
}

type suggestionsFrom struct {
	notes, segments, rejected uint64
	group                     bool
}

// Suggestions are the snapshot's suggested segments: none outside the
// Group phase. They are computed once per snapshot (a live workshop's
// before it is published, see withSuggestions; others' by whoever asks
// first), and shared with later snapshots while the notes, the segments
// and the rejected suggestions stay as they were.
func (s *Snapshot) Suggestions() []SuggestedSegment {
	s.sugOnce.Do(func() {
		s.sug.Store(s.buildSuggestions())
		s.sugSeed.Store(nil) // not to keep two alive
	})
	return s.sug.Load().list
}

// withSuggestions computes the snapshot's suggestions, in the Group phase,
// before anyone sees it: on the workshop's own apply loop, once per
// change, and not on a screen's turn (drawers are shared by every
// workshop's screens, and each screen that may group would wait for the
// first). A change that leaves notes, segments and rejections as they
// were (a dot, a join) shares the last ones and computes nothing.
func (s *Snapshot) withSuggestions() *Snapshot {
	if s.Workshop.Phase == PhaseGroup {
		s.Suggestions()
	}
	return s
}

func (s *Snapshot) buildSuggestions() (out *suggestions) {
	from := suggestionsFrom{s.parts.notes, s.parts.segments, s.parts.rejected, s.Workshop.Phase == PhaseGroup}
	out = &suggestions{from: from}
	if !from.group {
		return out
	}
	if seed := s.sugSeed.Load(); seed != nil && seed.from == from {
		return seed
	}
	defer func() {
		// A suggester that fails leaves the room without suggestions,
		// not without its screens.
		if recover() != nil {
			out = &suggestions{from: from}
		}
	}()

	var loose []suggest.Note
	text := map[int64]string{}
	members := map[int64][]string{}
	for _, n := range s.Notes {
		if n.Question != QuestionWho {
			continue
		}
		if n.Segment == 0 {
			loose = append(loose, suggest.Note{ID: n.ID, Text: n.Text})
			text[n.ID] = n.Text
		} else {
			members[n.Segment] = append(members[n.Segment], n.Text)
		}
	}
	if len(loose) == 0 {
		return out
	}
	segs := make([]suggest.Segment, 0, len(s.Segments))
	names := map[int64]string{}
	for _, g := range s.Segments {
		segs = append(segs, suggest.Segment{ID: g.ID, Name: g.Name, Notes: members[g.ID]})
		names[g.ID] = g.Name
	}
	suggester := s.suggester
	if suggester == nil {
		suggester = suggest.Suggest
	}
	// In an anonymous workshop a suggestion's notes, and the suggestions,
	// are listed by text (see anonymousOrder), once here for every screen
	// and `suggest`; the key stays on the sorted IDs.
	anonymous := s.Workshop.Settings.Anonymous
	taken := map[int64]bool{} // notes an earlier suggestion has: each note is in one at most
	for _, sg := range suggester(loose, segs) {
		ids := slices.Compact(slices.Sorted(slices.Values(sg.Notes)))
		ok := len(ids) > 0 && (sg.Segment != 0 || len(ids) >= 2)
		for _, id := range ids {
			_, isLoose := text[id]
			ok = ok && isLoose && !taken[id]
		}
		if _, exists := names[sg.Segment]; !ok || (sg.Segment != 0 && !exists) {
			continue // a note in a segment is never taken out; a segment gone takes nothing
		}
		key := suggest.Suggestion{Notes: ids, Segment: sg.Segment}.Key()
		if _, rejected := slices.BinarySearch(s.Rejected, key); rejected {
			continue
		}
		ss := SuggestedSegment{Key: key, Segment: sg.Segment, Notes: make([]SuggestedNote, len(ids))}
		for i, id := range ids {
			ss.Notes[i] = SuggestedNote{ID: id, Text: text[id]}
			taken[id] = true
		}
		if anonymous {
			slices.SortFunc(ss.Notes, suggestedOrder)
		}
		if sg.Segment != 0 {
			ss.Name = names[sg.Segment]
		} else if ss.Name = Sanitize(sg.Name, MaxSegmentLen); ss.Name == "" {
			ss.Name = Sanitize(ss.Notes[0].Text, MaxSegmentLen)
		}
		out.list = append(out.list, ss)
	}
	if anonymous {
		// By their first note, as listed: the suggester's order (by
		// lowest note ID) would tell which notes were written first.
		slices.SortFunc(out.list, func(a, b SuggestedSegment) int {
			return suggestedOrder(a.Notes[0], b.Notes[0])
		})
	}
	return out
}

// suggestedOrder is anonymousOrder for a suggestion's notes (all loose).
func suggestedOrder(a, b SuggestedNote) int {
	return anonymousOrder(NoteView{Note: Note{ID: a.ID, Text: a.Text}}, NoteView{Note: Note{ID: b.ID, Text: b.Text}})
}

// offersSuggestions reports whether a participant is offered suggestions:
// whoever may group now (see mayGroup).
func offersSuggestions(w WorkshopInfo, p Participant) bool {
	return !p.Removed && mayGroup(w, p) == nil
}

// AcceptSuggestion puts a suggestion's notes together, in one command:
// into a new segment named Name (edited or as proposed), or into the
// existing segment it names. It is refused, changing nothing, if any of
// its notes was grouped since: a note in a segment is never taken out.
type AcceptSuggestion struct {
	Suggestion SuggestedSegment
}

func (c AcceptSuggestion) plan(d *draft) error {
	if err := d.requireGrouping("accept suggestions"); err != nil {
		return err
	}
	return d.accept(c.Suggestion)
}

// AcceptAllSuggestions accepts every suggestion offered, at once, as a
// facilitator's one command (`suggest --apply`).
type AcceptAllSuggestions struct {
	Suggestions []SuggestedSegment // as offered, from the latest snapshot
}

func (c AcceptAllSuggestions) plan(d *draft) error {
	if err := d.requireFacilitator("accept every suggestion at once"); err != nil {
		return err
	}
	if err := d.requireGrouping("accept suggestions"); err != nil {
		return err
	}
	if len(c.Suggestions) == 0 {
		return refuse(ErrInvalid, "there are no suggestions to accept")
	}
	for _, sg := range c.Suggestions {
		if err := d.accept(sg); err != nil {
			return err
		}
	}
	return nil
}

func (d *draft) accept(sg SuggestedSegment) error {
	ids := make([]int64, 0, len(sg.Notes))
	for _, n := range sg.Notes {
		ids = append(ids, n.ID)
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) == 0 {
		return refuse(ErrInvalid, "that suggestion has no notes")
	}
	// Only loose "who" notes: a note in a segment is never taken out.
	for _, id := range ids {
		n, err := d.whoNote(id)
		if err != nil {
			return err
		}
		if n.Segment != 0 {
			return refuse(ErrInvalid, "“%s” is in a segment already: that suggestion is out of date", truncateText(n.Text, 40))
		}
	}
	return GroupNotes{Segment: sg.Segment, Name: sg.Name, Notes: ids}.plan(d)
}

func truncateText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// RejectSuggestion rejects an offered suggestion, by its key: it is not
// offered again, even after a restart. (The same notes offered with
// another note, or for another segment, are another suggestion.)
type RejectSuggestion struct {
	Key string
}

func (c RejectSuggestion) plan(d *draft) error {
	if err := d.requireGrouping("reject suggestions"); err != nil {
		return err
	}
	offered := false
	if d.st.last != nil {
		for _, sg := range d.st.last.Suggestions() {
			offered = offered || sg.Key == c.Key
		}
	}
	if !offered {
		return refuse(ErrNotFound, "that suggestion is no longer offered")
	}
	d.rejected[c.Key] = true
	return nil
}

// UndoAccept takes the notes an accepted suggestion put into a segment out
// of it again: those still there (others may have moved some since). A
// segment the accept made, left with no note, goes too.
type UndoAccept struct {
	Notes   []int64
	Segment int64 // the segment the notes were put into
}

func (c UndoAccept) plan(d *draft) error {
	if err := d.requireGrouping("undo"); err != nil {
		return err
	}
	if c.Segment == 0 {
		return refuse(ErrInvalid, "there is nothing to undo")
	}
	moved := 0
	for _, id := range c.Notes {
		n, ok := d.note(id)
		if !ok || n.Question != QuestionWho || n.Segment != c.Segment {
			continue
		}
		n.Segment = 0
		d.setNote(n)
		moved++
	}
	if moved == 0 {
		return refuse(ErrNotFound, "nothing to undo: those notes have moved since")
	}
	d.dropIfEmpty(c.Segment)
	return nil
}

// Suggestions returns the suggestions a workshop offers who: what their
// screen shows in the Group phase. Outside it, or to someone who may not
// group, it says why there are none.
//
// Someone not in the workshop is answered as about a code that does not
// exist (see Export).
func (m *Manager) Suggestions(ctx context.Context, code string, who Identity, host bool) (*Snapshot, []SuggestedSegment, error) {
	if !host {
		if err := m.checkGuesses(who); err != nil {
			return nil, nil, err
		}
	}
	snap, err := m.Snapshot(ctx, code)
	if err != nil {
		if !host && errors.Is(err, ErrUnknownWorkshop) {
			m.wrongCode(who)
			if c, ok := NormalizeCode(code); ok {
				err = notYours(c)
			}
		}
		return nil, nil, err
	}
	w := snap.Workshop
	if !host {
		i, ok := snap.shared().member[who.ID]
		if !ok || snap.Participants[i].Removed {
			m.wrongCode(who)
			return nil, nil, notYours(w.Code)
		}
		p := snap.Participants[i]
		if w.Phase == PhaseGroup && !offersSuggestions(w, p) {
			return nil, nil, refuse(ErrGroupingLocked, "the facilitator has locked grouping: only facilitators see suggestions")
		}
	}
	if w.Phase != PhaseGroup {
		return nil, nil, refuse(ErrWrongPhase, "segments are suggested in the Group phase; %s is in %s", w.Code, w.Phase.Title())
	}
	return snap, snap.Suggestions(), nil
}

// FormatSuggestions renders suggestions for `suggest`: Markdown for
// people, or JSON for programs.
func FormatSuggestions(s *Snapshot, list []SuggestedSegment, f Format) ([]byte, error) {
	switch f {
	case FormatJSON:
		type note struct {
			ID   int64  `json:"id"`
			Text string `json:"text"`
		}
		type suggestion struct {
			Name    string `json:"name"`
			Notes   []note `json:"notes"`
			Segment *int64 `json:"segment"`
		}
		out := struct {
			Suggestions []suggestion `json:"suggestions"`
		}{Suggestions: []suggestion{}}
		for _, sg := range list {
			j := suggestion{Name: sg.Name, Notes: []note{}}
			if sg.Segment != 0 {
				j.Segment = &sg.Segment
			}
			for _, n := range sg.Notes {
				j.Notes = append(j.Notes, note{n.ID, n.Text})
			}
			out.Suggestions = append(out.Suggestions, j)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			return nil, fmt.Errorf("encoding the suggestions as JSON: %w", err)
		}
		return buf.Bytes(), nil
	case FormatMarkdown:
		var b strings.Builder
		fmt.Fprintf(&b, "# Suggested segments: %s\n\n", mdText(s.Workshop.Title))
		if len(list) == 0 {
			b.WriteString("_No suggestions: nothing more to group, or every suggestion was accepted or rejected._\n")
			return []byte(b.String()), nil
		}
		for i, sg := range list {
			what := fmt.Sprintf("a new segment of %d notes", len(sg.Notes))
			if sg.Segment != 0 {
				what = fmt.Sprintf("%s more for this segment", plural(len(sg.Notes), "1 note", fmt.Sprintf("%d notes", len(sg.Notes))))
			}
			fmt.Fprintf(&b, "%d. **%s**: %s\n", i+1, mdText(sg.Name), what)
			for _, n := range sg.Notes {
				fmt.Fprintf(&b, "   - %s\n", mdText(n.Text))
			}
		}
		return []byte(b.String()), nil
	}
	return nil, refuse(ErrInvalid, "suggestions come as md or json, not %s", Sanitize(string(f), 20))
}
