// Package suggest proposes customer segments from a workshop's "who"
// answers: groups of loose notes that mean the same people, each with a
// proposed name, and existing segments that loose notes fit.
//
// It is pure and deterministic (the same notes give the same suggestions,
// whatever their order), works offline from what ships in the module, and
// never moves a note: the session decides what to do with a suggestion.
// It knows nothing of the session, storage or screens.
//
// # How it works
//
// Each note becomes a weighted set of features (text.go, lexicon.go,
// features.go):
//
//   - its words, lower-cased, with abbreviations expanded ("SREs" -> site
//     reliability engineers, "devs", "PO", "DBA", "execs", "FinOps"...),
//     British spellings made American ("programme", "organise"), and
//     stemmed so that plurals and common derivations meet ("families"/
//     "family", "testing"/"test", "management"/"managing", "librarians"/
//     "library"); words typed apart or joined ("front end"/"frontend") and
//     typos (one edit in a word of six letters or more, two from nine,
//     never in the first letter, never turning one known word into
//     another) are matched against the workshop's other words;
//   - the concepts its words or phrases belong to in a lexicon of the
//     people organisations and services name ("Retirees", "Seniors" and
//     "Pensioners" share one; "CTO" and "Leadership team" another), some
//     with a lower weight for close relatives; the longest phrase wins
//     ("Pen testers" is security, not QA). A word a concept stands for
//     counts a little less, so the concept carries the meaning;
//   - weighted by position: the head phrase ("Data scientists" in "Data
//     scientists training models", "Finance team" in "Finance team
//     watching the cloud bill") counts fully, the modifier after it 0.4,
//     or 0.9 when the head says only "people" or "engineers";
//   - weighted by meaning: generic words (team, people, users, engineers)
//     count a fraction, so "Mobile team" and "Security team" stay apart;
//   - weighted by rarity in the workshop (inverse document frequency over
//     all its "who" notes, loose or in segments).
//
// Two notes' similarity is the cosine of their feature vectors, times 0.6
// when they are siblings: each head phrase has a specific word the other
// lacks ("Gift buyers", "Repeat buyers"). Loose notes are then clustered
// bottom-up with average linkage, merging only while the average
// similarity between two groups reaches 0.35 and every pair across them
// reaches 0.10: a wrong merge costs a room more than a missed one. Groups
// of two or more become suggestions named after the head phrase of their
// most central note, in title case. Each group, or single loose note,
// that fits an existing segment (average similarity 0.35 to its name or
// to its notes) clearly better than any other is proposed for that segment
// instead.
//
// The thresholds were set on labelled workshops (testdata): the two
// project samples and others from different fields, grouped by hand, so
// that precision stays first. cmd/forwhom-eval measures any such file.
package suggest

import (
	"cmp"
	"math"
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

// The thresholds, set for precision first (see the package comment and
// the figures in quality_test.go).
const (
	// groupLink is the least average similarity between two groups of
	// loose notes for them to merge.
	groupLink = 0.35
	// pairFloor is the least similarity of every pair of notes in a group.
	pairFloor = 0.10
	// segmentFit is the least similarity of a group to an existing segment
	// (to its name, or on average to its notes) for it to be proposed there.
	segmentFit = 0.35
	// segmentMargin is by how much the best segment must beat the next.
	segmentMargin = 0.08
)

// Suggest returns the suggestions for the loose notes, given the existing
// segments, ordered by their lowest note ID. Notes with empty text are
// ignored; a note alone is suggested only for an existing segment.
func Suggest(loose []Note, segments []Segment) []Suggestion {
	notes := slices.Clone(loose)
	slices.SortFunc(notes, func(a, b Note) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID), strings.Compare(a.Text, b.Text))
	})
	notes = slices.DeleteFunc(notes, func(n Note) bool { return strings.TrimSpace(n.Text) == "" })
	segs := slices.Clone(segments)
	slices.SortFunc(segs, func(a, b Segment) int { return cmp.Compare(a.ID, b.ID) })

	// Documents: the loose notes, then each segment's notes, then each
	// segment's name. Rarity is counted over notes only, so naming a
	// segment changes nothing else.
	var texts []string
	for _, n := range notes {
		texts = append(texts, n.Text)
	}
	segNotes := make([][]int, len(segs))
	for i, s := range segs {
		for _, t := range s.Notes {
			if strings.TrimSpace(t) == "" {
				continue
			}
			segNotes[i] = append(segNotes[i], len(texts))
			texts = append(texts, t)
		}
	}
	counted := len(texts)
	segName := make([]int, len(segs))
	for i, s := range segs {
		segName[i] = len(texts)
		texts = append(texts, s.Name)
	}
	docs := analyze(texts, counted, true)

	groups := cluster(docs[:len(notes)])
	var out []Suggestion
	for _, g := range groups {
		sug := Suggestion{}
		if si := bestSegment(docs, g, segNotes, segName); si >= 0 {
			sug.Name, sug.Segment = segs[si].Name, segs[si].ID
		} else if len(g) >= 2 {
			sug.Name = nameFor(docs, g)
		} else {
			continue
		}
		for _, i := range g {
			sug.Notes = append(sug.Notes, notes[i].ID)
		}
		slices.Sort(sug.Notes)
		sug.Notes = slices.Compact(sug.Notes)
		out = append(out, sug)
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int { return cmp.Compare(a.Notes[0], b.Notes[0]) })
	return out
}

// Similarity returns how much two "who" answers mean the same people,
// from 0 (nothing in common) to 1, with no workshop around them: every
// feature counts as equally rare.
func Similarity(a, b string) float64 {
	if b < a {
		a, b = b, a // the same sums in the same order either way
	}
	d := analyze([]string{a, b}, 0, false)
	return min(1, sim(&d[0], &d[1]))
}

// bestSegment returns the index of the segment the group fits clearly, or
// -1.
func bestSegment(docs []doc, g []int, segNotes [][]int, segName []int) int {
	best, second, bi := 0.0, 0.0, -1
	for si := range segName {
		var byName float64
		for _, i := range g {
			byName += sim(&docs[i], &docs[segName[si]])
		}
		byName /= float64(len(g))
		var byNotes float64
		if len(segNotes[si]) > 0 {
			for _, i := range g {
				for _, j := range segNotes[si] {
					byNotes += sim(&docs[i], &docs[j])
				}
			}
			byNotes /= float64(len(g) * len(segNotes[si]))
		}
		s := max(byName, byNotes)
		switch {
		case s > best:
			best, second, bi = s, best, si
		case s > second:
			second = s
		}
	}
	if bi < 0 || best < segmentFit || best-second < segmentMargin {
		return -1
	}
	return bi
}

// nameFor proposes a name for a group: the head phrase of its most central
// note (the one most similar to the others; ties to the shorter name, then
// the first in alphabetical order, then the earlier note: in an anonymous
// workshop which note came first must not show), in title case.
func nameFor(docs []doc, g []int) string {
	bestI, bestS := -1, -1.0
	bestName := ""
	for _, i := range g {
		var s float64
		for _, j := range g {
			if i != j {
				s += sim(&docs[i], &docs[j])
			}
		}
		s = math.Round(s*1e9) / 1e9
		name := docs[i].headName()
		if t := docs[i].text; strings.ToUpper(t) == t && len(strings.Fields(t)) > 1 {
			name = strings.ToLower(name) // shouted
		}
		if bestI < 0 || s > bestS || (s == bestS && cmp.Or(cmp.Compare(len(name), len(bestName)),
			cmp.Compare(strings.ToLower(name), strings.ToLower(bestName)), strings.Compare(name, bestName)) < 0) {
			bestI, bestS, bestName = i, s, name
		}
	}
	return titleCase(bestName)
}
