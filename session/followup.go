package session

import (
	"cmp"
	"slices"
)

// Review is what the room said, in a follow-up's Lobby, of one of the
// earlier workshop's segments.
type Review int

// Reviews.
const (
	ReviewNone    Review = iota // not reviewed yet
	ReviewDone                  // what was to be done for them is done
	ReviewOpen                  // still open
	ReviewDropped               // dropped
)

// Reviews lists the reviews the room can give, in order.
var Reviews = []Review{ReviewDone, ReviewOpen, ReviewDropped}

func (r Review) String() string {
	switch r {
	case ReviewDone:
		return "done"
	case ReviewOpen:
		return "still open"
	case ReviewDropped:
		return "dropped"
	}
	return "not reviewed"
}

// Valid reports whether r is a review (or none).
func (r Review) Valid() bool { return r >= ReviewNone && r <= ReviewDropped }

// EarlierSegment is one of the earlier workshop's ranked segments, as a
// follow-up copied it when it was made.
type EarlierSegment struct {
	ID     int64 // the segment's ID in the earlier workshop
	Name   string
	Rank   int
	Votes  int
	Voters int
	Notes  []string // its "who" notes' texts, to match segments by
	Status Review
}

func sameEarlier(a, b EarlierSegment) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Rank == b.Rank && a.Votes == b.Votes &&
		a.Voters == b.Voters && a.Status == b.Status && slices.Equal(a.Notes, b.Notes)
}

func sortEarlier(es []EarlierSegment) {
	slices.SortFunc(es, func(a, b EarlierSegment) int { return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.ID, b.ID)) })
}
