package session

import "strings"

// FilterNotes keeps the notes whose text contains the query, ignoring case.
// An empty query keeps every note.
func FilterNotes(notes []NoteView, query string) []NoteView {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return notes
	}
	var out []NoteView
	for _, n := range notes {
		if strings.Contains(strings.ToLower(n.Text), q) {
			out = append(out, n)
		}
	}
	return out
}

// FilterSegments keeps the segments with at least minVotes votes whose name,
// or one of whose notes, contains the query (ignoring case). With no query
// and no minimum it keeps every segment, as FilterNotes does: segs itself.
func FilterSegments(segs []SegmentView, query string, minVotes int) []SegmentView {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" && minVotes <= 0 {
		return segs
	}
	var out []SegmentView
	for _, s := range segs {
		if s.Votes < minVotes {
			continue
		}
		if q == "" || segmentMatches(s, q) {
			out = append(out, s)
		}
	}
	return out
}

func segmentMatches(s SegmentView, q string) bool {
	if strings.Contains(strings.ToLower(s.Name), q) {
		return true
	}
	for _, list := range [][]NoteView{s.Notes, s.Attached} {
		for _, n := range list {
			if strings.Contains(strings.ToLower(n.Text), q) {
				return true
			}
		}
	}
	return false
}
