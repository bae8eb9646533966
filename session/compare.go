package session

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// MaxCompare is how many workshops one comparison may take.
const MaxCompare = 10

// Comparison sets the segments of several workshops side by side: a
// series over time, or several teams asked the same questions. Segments
// are matched across workshops as follow-ups match them (by name, else by
// their notes). Its JSON field names are stable.
type Comparison struct {
	Workshops []CompareWorkshop `json:"workshops"`
	// Segments are every segment any workshop named: those named by more
	// workshops first, then by their best average rank.
	Segments []CompareSegment `json:"segments"`
	// Disagreements are the segments the workshops ranked most apart,
	// most first; those all ranked alike are left out.
	Disagreements []CompareSegment `json:"disagreements"`
}

// CompareWorkshop is one of the workshops compared.
type CompareWorkshop struct {
	Code         string `json:"code"`
	Title        string `json:"title"`
	Date         string `json:"date"`
	Phase        string `json:"phase"`
	Participants int    `json:"participants"`
	Segments     int    `json:"segments"`
	Who          string `json:"who"` // the question whose answers are its segments
}

// CompareSegment is one segment across the workshops.
type CompareSegment struct {
	Name    string `json:"name"`     // as the first workshop that named it calls it
	NamedBy int    `json:"named_by"` // how many workshops named it
	// Spread is how far apart the workshops rank it: the worst rank less
	// the best, a workshop that did not name it counting as one past its
	// last segment.
	Spread int            `json:"spread"`
	In     []CompareEntry `json:"in"` // one per workshop, in the order given
}

// CompareEntry is a segment in one workshop; Rank is zero where it was not
// named.
type CompareEntry struct {
	Code  string `json:"code"`
	Name  string `json:"name,omitempty"`
	Rank  int    `json:"rank"`
	Votes int    `json:"votes"`
	Notes int    `json:"notes"`
}

// Compare compares workshops whose codes are given, for who, who must
// facilitate each of them.
func (m *Manager) Compare(ctx context.Context, who Identity, codes []string) (*Comparison, error) {
	if len(codes) < 2 {
		return nil, refuse(ErrInvalid, "name at least two workshops to compare")
	}
	if len(codes) > MaxCompare {
		return nil, refuse(ErrLimit, "compare at most %d workshops at once", MaxCompare)
	}
	var snaps []*Snapshot
	seen := map[string]bool{}
	for _, typed := range codes {
		snap, err := m.Snapshot(ctx, typed)
		if err != nil {
			return nil, err
		}
		code := snap.Workshop.Code
		if seen[code] {
			return nil, refuse(ErrInvalid, "%s is named twice", code)
		}
		seen[code] = true
		if !snap.isFacilitator(who.ID) {
			return nil, refuse(ErrNotFacilitator, "only a facilitator of %s can compare it", code)
		}
		snaps = append(snaps, snap)
	}
	return Compare(snaps...), nil
}

// Compare sets the snapshots' ranked segments side by side.
func Compare(snaps ...*Snapshot) *Comparison {
	c := &Comparison{Workshops: []CompareWorkshop{}, Segments: []CompareSegment{}, Disagreements: []CompareSegment{}}
	type group struct {
		m       matchable
		entries []CompareEntry
	}
	var groups []*group
	for k, s := range snaps {
		b := s.shared()
		w := s.Workshop
		c.Workshops = append(c.Workshops, CompareWorkshop{
			Code: w.Code, Title: w.Title, Date: w.CreatedAt.UTC().Format(time.DateOnly), Phase: w.Phase.String(),
			Participants: len(b.people), Segments: len(b.segments), Who: w.Questions.Prompt(w.Questions.Who()),
		})
		segs := make([]matchable, len(b.segments))
		for i, sv := range b.segments {
			segs[i] = matchable{name: sv.Name}
			for _, n := range sv.Notes {
				segs[i].notes = append(segs[i].notes, n.Text)
			}
		}
		known := make([]matchable, len(groups))
		for i, g := range groups {
			known[i] = g.m
		}
		pair := matchSegments(segs, known)
		for i, sv := range b.segments {
			e := CompareEntry{Code: w.Code, Name: sv.Name, Rank: sv.Rank, Votes: sv.Votes, Notes: len(sv.Notes)}
			if j := pair[i]; j >= 0 {
				g := groups[j]
				g.entries[k] = e
				g.m.aliases = append(g.m.aliases, sv.Name)
				g.m.notes = append(g.m.notes, segs[i].notes...)
				continue
			}
			g := &group{m: segs[i], entries: make([]CompareEntry, len(snaps))}
			g.entries[k] = e
			groups = append(groups, g)
		}
	}
	for _, g := range groups {
		cs := CompareSegment{Name: g.m.name, In: g.entries}
		best, worst := 0, 0
		for k, e := range g.entries {
			rank := e.Rank
			if rank == 0 {
				g.entries[k] = CompareEntry{Code: c.Workshops[k].Code}
				rank = c.Workshops[k].Segments + 1
			} else {
				cs.NamedBy++
			}
			if best == 0 || rank < best {
				best = rank
			}
			worst = max(worst, rank)
		}
		cs.Spread = worst - best
		c.Segments = append(c.Segments, cs)
	}
	mean := func(s CompareSegment) float64 {
		sum := 0
		for _, e := range s.In {
			sum += e.Rank
		}
		return float64(sum) / float64(max(1, s.NamedBy))
	}
	slices.SortStableFunc(c.Segments, func(a, b CompareSegment) int {
		return cmp.Or(cmp.Compare(b.NamedBy, a.NamedBy), cmp.Compare(mean(a), mean(b)), cmp.Compare(a.Name, b.Name))
	})
	for _, s := range c.Segments {
		if s.Spread > 0 {
			c.Disagreements = append(c.Disagreements, s)
		}
	}
	slices.SortStableFunc(c.Disagreements, func(a, b CompareSegment) int { return cmp.Compare(b.Spread, a.Spread) })
	if len(c.Disagreements) > 5 {
		c.Disagreements = c.Disagreements[:5]
	}
	return c
}

// Render writes the comparison in a format: md or json.
func (c *Comparison) Render(f Format) ([]byte, error) {
	switch f {
	case FormatMarkdown:
		return c.Markdown(), nil
	case FormatJSON:
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(c); err != nil {
			return nil, fmt.Errorf("encoding the comparison as JSON: %w", err)
		}
		return buf.Bytes(), nil
	}
	return nil, refuse(ErrInvalid, "a comparison comes as md or json, not %s", Sanitize(string(f), 20))
}

// Markdown renders the comparison as a report: the workshops, a table of
// segments with each workshop's rank and votes, and where they disagree.
func (c *Comparison) Markdown() []byte {
	var b strings.Builder
	codes := make([]string, len(c.Workshops))
	for i, w := range c.Workshops {
		codes[i] = w.Code
	}
	fmt.Fprintf(&b, "# Comparison of %s\n\n", strings.Join(codes, ", "))
	for _, w := range c.Workshops {
		fmt.Fprintf(&b, "- **%s** %s — %s, %d %s, %d %s; segments answer “%s”\n", w.Code, mdText(w.Title), w.Date,
			w.Participants, plural(w.Participants, "participant", "participants"),
			w.Segments, plural(w.Segments, "segment", "segments"), mdText(w.Who))
	}
	b.WriteString("\n## Segments\n\n")
	if len(c.Segments) == 0 {
		b.WriteString("_No segments yet._\n\n")
	} else {
		b.WriteString("| Segment | Named by |")
		for _, code := range codes {
			fmt.Fprintf(&b, " %s |", code)
		}
		b.WriteString("\n|---|---|")
		b.WriteString(strings.Repeat("---|", len(codes)))
		b.WriteString("\n")
		for _, s := range c.Segments {
			fmt.Fprintf(&b, "| %s | %d of %d |", mdText(s.Name), s.NamedBy, len(codes))
			for _, e := range s.In {
				if e.Rank == 0 {
					b.WriteString(" — |")
					continue
				}
				cell := fmt.Sprintf("#%d, %d %s", e.Rank, e.Votes, plural(e.Votes, "vote", "votes"))
				if e.Name != s.Name {
					cell += " (“" + mdText(e.Name) + "”)"
				}
				fmt.Fprintf(&b, " %s |", cell)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("## Where they disagree most\n\n")
	if len(c.Disagreements) == 0 {
		b.WriteString("_They rank every segment alike._\n")
	}
	for _, s := range c.Disagreements {
		var where []string
		for _, e := range s.In {
			if e.Rank == 0 {
				where = append(where, "not named in "+e.Code)
			} else {
				where = append(where, fmt.Sprintf("#%d in %s", e.Rank, e.Code))
			}
		}
		fmt.Fprintf(&b, "- **%s**: %s (%d %s apart)\n", mdText(s.Name), strings.Join(where, ", "), s.Spread, plural(s.Spread, "place", "places"))
	}
	return []byte(b.String())
}
