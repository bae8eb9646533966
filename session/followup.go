package session

import (
	"cmp"
	"context"
	"slices"
	"strings"
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
	Steps  []EarlierStep // the next steps agreed for it then, by ID
}

// EarlierStep is one of the next steps the earlier workshop agreed for a
// segment, as a follow-up copied it, and what the room says of it now.
type EarlierStep struct {
	ID     int64    `json:"id"` // its ID in the earlier workshop
	Kind   StepKind `json:"kind"`
	Text   string   `json:"text"`
	Owner  string   `json:"owner,omitempty"`
	Due    string   `json:"due,omitempty"`
	Status Review   `json:"status,omitempty"`
}

func sameEarlier(a, b EarlierSegment) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Rank == b.Rank && a.Votes == b.Votes &&
		a.Voters == b.Voters && a.Status == b.Status && slices.Equal(a.Notes, b.Notes) &&
		slices.Equal(a.Steps, b.Steps)
}

func sortEarlier(es []EarlierSegment) {
	slices.SortFunc(es, func(a, b EarlierSegment) int { return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.ID, b.ID)) })
}

// Again starts a follow-up of workshop code: a new workshop with the same
// questions and settings, facilitated by who, linked to the earlier one,
// whose ranked segments (with the next steps agreed for them) it keeps a
// copy of for its Lobby to review and its Prioritize and Done to show how
// segments moved. No note is copied:
// answers start blind. Only a facilitator of the earlier workshop may.
func (m *Manager) Again(ctx context.Context, who Identity, code, title string) (string, error) {
	snap, err := m.Snapshot(ctx, code)
	if err != nil {
		return "", err
	}
	if !snap.isFacilitator(who.ID) {
		return "", refuse(ErrNotFacilitator, "only a facilitator of %s can start a follow-up of it", snap.Workshop.Code)
	}
	earlier := snap.Workshop
	if strings.TrimSpace(title) == "" {
		title = earlier.Title
	}
	var segs []EarlierSegment
	for _, sv := range snap.shared().segments {
		e := EarlierSegment{ID: sv.ID, Name: sv.Name, Rank: sv.Rank, Votes: sv.Votes, Voters: sv.Voters, Notes: []string{}}
		for _, n := range sv.Notes {
			e.Notes = append(e.Notes, n.Text)
		}
		for _, st := range sv.NextSteps { // by ID, owners by name
			e.Steps = append(e.Steps, EarlierStep{ID: st.ID, Kind: st.Kind, Text: st.Text, Owner: st.Owner, Due: st.Due})
		}
		segs = append(segs, e)
	}
	return m.create(ctx, who, title, func(w *WorkshopInfo) {
		w.Questions = earlier.Questions
		w.Follows = earlier.Code
		set := earlier.Settings
		w.Settings.Anonymous, w.Settings.HideNotes = set.Anonymous, set.HideNotes
		w.Settings.DotBudget, w.Settings.MaxPerSegment = set.DotBudget, set.MaxPerSegment
	}, segs)
}

// ReviewEarlier records what the room says, in a follow-up's Lobby, of one
// of the earlier workshop's segments, or of one of the next steps agreed
// for it: done, still open or dropped.
type ReviewEarlier struct {
	Segment int64 // its ID in the earlier workshop
	Step    int64 // one of its next steps' ID in the earlier workshop; 0 reviews the segment
	Status  Review
}

// mayReviewEarlier is the rule for reviewing the earlier segments: a
// facilitator, in the Lobby. It returns the kind of refusal, or nil.
func mayReviewEarlier(w WorkshopInfo, actor Participant) error {
	switch {
	case !actor.Facilitator():
		return ErrNotFacilitator
	case w.Phase != PhaseLobby:
		return ErrWrongPhase
	}
	return nil
}

func (c ReviewEarlier) plan(d *draft) error {
	switch mayReviewEarlier(d.workshop(), d.actor) {
	case ErrNotFacilitator:
		return refuse(ErrNotFacilitator, "only a facilitator can review the earlier workshop's segments")
	case ErrWrongPhase:
		return refuse(ErrWrongPhase, "you can review the earlier workshop's segments only in the Lobby phase, not in %s", d.workshop().Phase.Title())
	}
	if !c.Status.Valid() {
		return refuse(ErrInvalid, "a segment is done, still open or dropped")
	}
	e, ok := d.earlierSegment(c.Segment)
	if !ok {
		return refuse(ErrNotFound, "the earlier workshop has no such segment")
	}
	if c.Step == 0 {
		e.Status = c.Status
		d.earlier[e.ID] = e
		return nil
	}
	i := slices.IndexFunc(e.Steps, func(s EarlierStep) bool { return s.ID == c.Step })
	if i < 0 {
		return refuse(ErrNotFound, "the earlier workshop agreed no such next step for %s", e.Name)
	}
	e.Steps = slices.Clone(e.Steps) // snapshots share the old slice
	e.Steps[i].Status = c.Status
	d.earlier[e.ID] = e
	return nil
}

func (d *draft) earlierSegment(id int64) (EarlierSegment, bool) {
	if e, ok := d.earlier[id]; ok {
		return e, true
	}
	e, ok := d.st.earlier[id]
	return e, ok
}

// Movement is how a segment moved between the earlier workshop and its
// follow-up.
type Movement int

// Movements.
const (
	MoveSame    Movement = iota // the same rank
	MoveUp                      // a better rank now
	MoveDown                    // a worse rank now
	MoveNew                     // not among the earlier segments
	MoveDropped                 // an earlier segment nobody named this time
)

func (mv Movement) String() string {
	switch mv {
	case MoveUp:
		return "up"
	case MoveDown:
		return "down"
	case MoveNew:
		return "new"
	case MoveDropped:
		return "dropped"
	}
	return "same"
}

// MoveView is one line of the movement view: a segment now (Rank, Votes;
// zero when dropped) and then (ThenRank, ThenVotes; zero when new).
type MoveView struct {
	Name      string
	Segment   int64 // now; zero when dropped
	Rank      int
	Votes     int
	ThenName  string
	ThenRank  int
	ThenVotes int
	Move      Movement
	By        int           // how many places up or down
	Status    Review        // what the room said of the earlier segment
	Steps     []EarlierStep // the next steps agreed for it then, with their reviews
}

// movement matches the ranked segments now with the earlier ones (see
// matchSegments) and says how each moved: now's in rank order, then the
// dropped ones in their earlier order.
func movement(now []SegmentView, earlier []EarlierSegment) []MoveView {
	a := make([]matchable, len(now))
	for i, sv := range now {
		a[i] = matchable{name: sv.Name}
		for _, n := range sv.Notes {
			a[i].notes = append(a[i].notes, n.Text)
		}
	}
	b := make([]matchable, len(earlier))
	for i, e := range earlier {
		b[i] = matchable{name: e.Name, notes: e.Notes}
	}
	pair := matchSegments(a, b)
	matched := make([]bool, len(earlier))
	var out []MoveView
	for i, sv := range now {
		mv := MoveView{Name: sv.Name, Segment: sv.ID, Rank: sv.Rank, Votes: sv.Votes, Move: MoveNew}
		if j := pair[i]; j >= 0 {
			e := earlier[j]
			matched[j] = true
			mv.ThenName, mv.ThenRank, mv.ThenVotes, mv.Status, mv.Steps = e.Name, e.Rank, e.Votes, e.Status, e.Steps
			switch {
			case sv.Rank < e.Rank:
				mv.Move, mv.By = MoveUp, e.Rank-sv.Rank
			case sv.Rank > e.Rank:
				mv.Move, mv.By = MoveDown, sv.Rank-e.Rank
			default:
				mv.Move = MoveSame
			}
		}
		out = append(out, mv)
	}
	for j, e := range earlier {
		if !matched[j] {
			out = append(out, MoveView{Name: e.Name, ThenName: e.Name, ThenRank: e.Rank, ThenVotes: e.Votes, Move: MoveDropped, Status: e.Status, Steps: e.Steps})
		}
	}
	return out
}
