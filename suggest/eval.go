package suggest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Labelled is a workshop's "who" answers with the segments people put them
// in: the measure of how good suggestions are.
type Labelled struct {
	Notes  []Note
	Labels map[int64]string // segment by note ID; "" for a note left alone
}

// ReadLabelled reads a CSV with a header naming at least question, text
// and segment columns (others are ignored). Rows whose question is "who"
// (or "3") become notes, numbered from 1 in file order.
func ReadLabelled(r io.Reader) (Labelled, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return Labelled{}, fmt.Errorf("reading the header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, c := range []string{"question", "text", "segment"} {
		if _, ok := col[c]; !ok {
			return Labelled{}, fmt.Errorf("the header has no %q column", c)
		}
	}
	out := Labelled{Labels: map[int64]string{}}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Labelled{}, fmt.Errorf("line %d: %w", line, err)
		}
		field := func(c string) string {
			if i := col[c]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if q := strings.ToLower(field("question")); q != "who" && q != "3" {
			continue
		}
		id := int64(len(out.Notes) + 1)
		out.Notes = append(out.Notes, Note{ID: id, Text: field("text")})
		out.Labels[id] = strings.ToLower(field("segment"))
	}
	return out, nil
}

// Score is the pairwise agreement between suggested groups and the
// labels: each two notes in one group is a pair.
type Score struct {
	Pairs     int // pairs suggested
	Correct   int // of them, pairs the labels put together too
	Labelled  int // pairs the labels put together
	Precision float64
	Recall    float64
}

// Evaluate suggests groups for all the labelled notes as loose notes (no
// segments yet) and scores them against the labels. Precision is 1 when
// nothing is suggested.
func Evaluate(l Labelled) (Score, []Suggestion) {
	sugs := Suggest(l.Notes, nil)
	var s Score
	for _, g := range sugs {
		for i := range g.Notes {
			for j := i + 1; j < len(g.Notes); j++ {
				s.Pairs++
				a, b := l.Labels[g.Notes[i]], l.Labels[g.Notes[j]]
				if a != "" && a == b {
					s.Correct++
				}
			}
		}
	}
	size := map[string]int{}
	for _, n := range l.Notes {
		if lab := l.Labels[n.ID]; lab != "" {
			size[lab]++
		}
	}
	for _, k := range size {
		s.Labelled += k * (k - 1) / 2
	}
	s.Precision = 1
	if s.Pairs > 0 {
		s.Precision = float64(s.Correct) / float64(s.Pairs)
	}
	if s.Labelled > 0 {
		s.Recall = float64(s.Correct) / float64(s.Labelled)
	}
	return s, sugs
}
