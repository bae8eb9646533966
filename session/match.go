package session

import (
	"slices"
	"strings"
	"unicode"

	"forwhom/suggest"
)

// Segments of different workshops are matched by what they are called and
// what the notes in them say: the same people named twice. Two segments
// match when their names are the same once case, punctuation, spacing and
// plural endings are set aside; failing that, when the suggestion engine
// finds their names mean the same people (suggest.Similarity at least
// nameAlike); failing that, when at least half of their notes (so
// normalised) are the same.

// nameAlike is the similarity from which two segments' names are taken to
// mean the same people. suggest groups notes from 0.35; names are short
// and a wrong match hides a difference between teams, so the bar is
// higher: "Finance" and "Controllers" (0.74) match, "App developers" and
// "Developers" (0.41) do not.
const nameAlike = 0.6

// matchable is a segment to match: its name and its "who" notes' texts.
type matchable struct {
	name    string
	aliases []string // other names it goes by (a group of matched segments)
	notes   []string
}

// names are all the names m goes by, normalised.
func (m matchable) names() []string {
	out := []string{normalize(m.name)}
	for _, a := range m.aliases {
		out = append(out, normalize(a))
	}
	return out
}

// normalize is a text as matching compares it: lower case letters and
// digits, one space between words, a plural "s" dropped.
func normalize(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for i, w := range words {
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			words[i] = strings.TrimSuffix(w, "s")
		}
	}
	return strings.Join(words, " ")
}

// notesAlike reports whether at least half of the smaller set of notes
// are in the other, normalised.
func notesAlike(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	in := map[string]bool{}
	for _, t := range a {
		in[normalize(t)] = true
	}
	same, seen := 0, map[string]bool{}
	for _, t := range b {
		n := normalize(t)
		if in[n] && !seen[n] {
			same++
			seen[n] = true
		}
	}
	return 2*same >= min(len(in), len(b))
}

// matchSegments pairs each of a with at most one of b: pair[i] is the
// index in b of a[i]'s match, or -1. Names are matched first, in order,
// then notes; each of b is used once.
func matchSegments(a, b []matchable) []int {
	pair := make([]int, len(a))
	used := make([]bool, len(b))
	for i := range pair {
		pair[i] = -1
	}
	for i, x := range a {
		nx := normalize(x.name)
		for j, y := range b {
			if !used[j] && nx != "" && slices.Contains(y.names(), nx) {
				pair[i], used[j] = j, true
				break
			}
		}
	}
	for i, x := range a {
		if pair[i] >= 0 || normalize(x.name) == "" {
			continue
		}
		best, bestJ := nameAlike, -1
		for j, y := range b {
			if used[j] {
				continue
			}
			for _, n := range append([]string{y.name}, y.aliases...) {
				if s := suggest.Similarity(x.name, n); s >= best {
					best, bestJ = s, j
				}
			}
		}
		if bestJ >= 0 {
			pair[i], used[bestJ] = bestJ, true
		}
	}
	for i, x := range a {
		if pair[i] >= 0 {
			continue
		}
		for j, y := range b {
			if !used[j] && notesAlike(x.notes, y.notes) {
				pair[i], used[j] = j, true
				break
			}
		}
	}
	return pair
}
