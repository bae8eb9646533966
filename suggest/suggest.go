// Package suggest proposes customer segments from a workshop's "who"
// answers: groups of loose notes that mean the same people, each with a
// proposed name, and existing segments that loose notes fit.
//
// It is pure and deterministic (the same notes give the same suggestions,
// whatever their order), works offline from what ships in the module, and
// never moves a note: the session decides what to do with a suggestion.
// It knows nothing of the session, storage or screens.
package suggest

import (
	"slices"
	"strconv"
	"strings"
)

// Note is a loose "who" answer: one not yet in any segment.
type Note struct {
	ID   int64
	Text string
}

// Segment is an existing segment: its name and the texts of the "who"
// notes already in it.
type Segment struct {
	ID    int64
	Name  string
	Notes []string
}

// Suggestion proposes putting loose notes together: into a new segment
// named Name (Segment is 0), or into the existing segment Segment (Name is
// then that segment's name).
type Suggestion struct {
	Name    string
	Notes   []int64 // ascending
	Segment int64
}

// Key identifies a suggestion by what it would do (its notes and target),
// not by its proposed name, so a rejected suggestion can be recognised when
// it comes back.
func (s Suggestion) Key() string {
	var b strings.Builder
	b.WriteString(strconv.FormatInt(s.Segment, 10))
	b.WriteByte(':')
	for i, id := range s.Notes {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}

// Suggest returns the suggestions for the loose notes, given the existing
// segments, in a stable order.
//
// This first version groups only notes whose texts are equal once case and
// surrounding space are ignored; the matching grows from here.
func Suggest(loose []Note, segments []Segment) []Suggestion {
	norm := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	bySeg := map[string]int{}
	for i, s := range segments {
		for _, t := range append([]string{s.Name}, s.Notes...) {
			if _, ok := bySeg[norm(t)]; !ok {
				bySeg[norm(t)] = i
			}
		}
	}
	notes := slices.Clone(loose)
	slices.SortFunc(notes, func(a, b Note) int { return cmpInt(a.ID, b.ID) })
	groups := map[string]*Suggestion{}
	var order []string
	for _, n := range notes {
		k := norm(n.Text)
		if k == "" {
			continue
		}
		g, ok := groups[k]
		if !ok {
			g = &Suggestion{Name: strings.TrimSpace(n.Text)}
			if i, ok := bySeg[k]; ok {
				g.Name, g.Segment = segments[i].Name, segments[i].ID
			}
			groups[k] = g
			order = append(order, k)
		}
		g.Notes = append(g.Notes, n.ID)
	}
	var out []Suggestion
	for _, k := range order {
		g := groups[k]
		if g.Segment == 0 && len(g.Notes) < 2 {
			continue
		}
		out = append(out, *g)
	}
	return out
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
