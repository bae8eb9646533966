package session

import (
	"context"
	"errors"
	"time"
)

// Store keeps workshops durably. The session commits every accepted command
// through it before anyone is told the command happened.
type Store interface {
	// Load returns everything stored for the workshop with this code, or an
	// error wrapping ErrUnknownWorkshop.
	Load(ctx context.Context, code string) (*Data, error)
	// Commit writes one command's changes atomically: all or nothing.
	Commit(ctx context.Context, code string, ch *Changes) error
	// Workshops lists the workshops the participant belongs to (not removed),
	// newest first.
	Workshops(ctx context.Context, participantID string) ([]Summary, error)
}

// ErrUnknownWorkshop is returned for a join code that names no workshop.
var ErrUnknownWorkshop = errors.New("no workshop has that code")

// Data is a whole stored workshop.
type Data struct {
	Workshop     WorkshopInfo
	Participants []Participant
	Notes        []Note
	Segments     []Segment
	Votes        []Vote
	Picks        []Pick
	Rejected     []string // keys of rejected suggestions, sorted
	NextSteps    []NextStep
	Earlier      []EarlierSegment // a follow-up's copy of the earlier workshop's segments
}

// Changes is what one command changes. Records are upserted by key
// (workshop code plus ID); a Vote with zero Dots and a Pick with a zero
// Segment delete the row. A nil Workshop leaves the workshop row as it is;
// when a workshop is created, Workshop is set and the row is inserted.
type Changes struct {
	Workshop        *WorkshopInfo
	Participants    []Participant
	Segments        []Segment
	Notes           []Note
	Votes           []Vote
	Picks           []Pick
	NextSteps       []NextStep
	DeletedNotes    []int64
	DeletedSegments []int64
	Rejected        []string // keys of suggestions rejected now
	// DeletedNextSteps are removed before DeletedSegments: a deleted
	// segment's next steps are listed here too.
	DeletedNextSteps []int64
	Earlier          []EarlierSegment // upserted by ID
}

// Empty reports whether the changes change nothing.
func (c *Changes) Empty() bool {
	return c.Workshop == nil && len(c.Participants) == 0 && len(c.Segments) == 0 &&
		len(c.Notes) == 0 && len(c.Votes) == 0 && len(c.Picks) == 0 &&
		len(c.DeletedNotes) == 0 && len(c.DeletedSegments) == 0 && len(c.Rejected) == 0 &&
		len(c.NextSteps) == 0 && len(c.DeletedNextSteps) == 0 &&
		len(c.Earlier) == 0
}

// Summary describes one workshop in a participant's list.
type Summary struct {
	Code         string
	Title        string
	Phase        Phase
	Role         Role // the listing participant's role
	Participants int  // not removed
	CreatedAt    time.Time
}
