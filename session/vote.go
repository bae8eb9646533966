package session

// Bounds of the vote settings.
const (
	MaxDotBudget = 20
)

// SetVoteSettings sets each participant's dot budget and how many of those
// dots one participant may put on one segment.
type SetVoteSettings struct {
	Budget        int
	MaxPerSegment int
}

func (c SetVoteSettings) plan(d *draft) error {
	if err := d.requireFacilitator("change the vote settings"); err != nil {
		return err
	}
	if err := d.requirePhase("change the vote settings", voteSettingsPhases...); err != nil {
		return err
	}
	if c.Budget < 1 || c.Budget > MaxDotBudget {
		return refuse(ErrInvalid, "the dot budget must be between 1 and %d", MaxDotBudget)
	}
	if c.MaxPerSegment < 1 || c.MaxPerSegment > c.Budget {
		return refuse(ErrInvalid, "dots per segment must be between 1 and the budget (%d)", c.Budget)
	}
	for pid, mine := range d.st.votes {
		if d.st.spent(pid) > c.Budget {
			return refuse(ErrBudgetBelowSpent, "someone has already placed %d dots; the budget cannot go below that", d.st.spent(pid))
		}
		for _, n := range mine {
			if n > c.MaxPerSegment {
				return refuse(ErrBudgetBelowSpent, "someone has already put %d dots on one segment; the cap cannot go below that", n)
			}
		}
	}
	w := d.workshop()
	w.Settings.DotBudget, w.Settings.MaxPerSegment = c.Budget, c.MaxPerSegment
	d.setWorkshop(w)
	return nil
}

// CastDot puts one of the actor's dots on a segment.
type CastDot struct {
	Segment int64
}

func (c CastDot) plan(d *draft) error {
	if err := d.requirePhase("vote", votePhases...); err != nil {
		return err
	}
	if _, ok := d.segment(c.Segment); !ok {
		return refuse(ErrNotFound, "that segment no longer exists")
	}
	set := d.workshop().Settings
	if d.st.spent(d.actor.ID) >= set.DotBudget {
		return refuse(ErrNoDotsLeft, "you have no dots left; take one back to move it")
	}
	on := d.dots(d.actor.ID, c.Segment)
	if on >= set.MaxPerSegment {
		return refuse(ErrSegmentCap, "you may put at most %d dots on one segment", set.MaxPerSegment)
	}
	d.setDots(d.actor.ID, c.Segment, on+1)
	return nil
}

// RetractDot takes one of the actor's dots back from a segment.
type RetractDot struct {
	Segment int64
}

func (c RetractDot) plan(d *draft) error {
	if err := d.requirePhase("change your votes", votePhases...); err != nil {
		return err
	}
	on := d.dots(d.actor.ID, c.Segment)
	if on == 0 {
		return refuse(ErrInvalid, "you have no dot on that segment")
	}
	d.setDots(d.actor.ID, c.Segment, on-1)
	return nil
}

// RevealVotes shows (or hides again) the vote totals to everyone.
type RevealVotes struct {
	Revealed bool
}

func (c RevealVotes) plan(d *draft) error {
	if err := d.requireFacilitator("reveal votes"); err != nil {
		return err
	}
	if err := d.requirePhase("reveal votes", votePhases...); err != nil {
		return err
	}
	w := d.workshop()
	w.Settings.VotesRevealed = c.Revealed
	d.setWorkshop(w)
	return nil
}

// PickInsight is the actor's answer to one insight lens: the segment they
// think is the biggest, most valuable or most underserved. Zero clears it.
type PickInsight struct {
	Lens    Lens
	Segment int64
}

func (c PickInsight) plan(d *draft) error {
	if err := d.requirePhase("pick insights", pickPhases...); err != nil {
		return err
	}
	if !c.Lens.Valid() {
		return refuse(ErrInvalid, "there is no such insight")
	}
	if c.Segment != 0 {
		if _, ok := d.segment(c.Segment); !ok {
			return refuse(ErrNotFound, "that segment no longer exists")
		}
	}
	d.setPick(d.actor.ID, c.Lens, c.Segment)
	return nil
}
