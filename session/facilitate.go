package session

import "time"

// MaxTimer is the longest phase timer a facilitator may set.
const MaxTimer = 4 * time.Hour

// SetPhase moves the whole room to another phase: the next one, or back to
// any earlier one. Ready marks and the phase timer belong to a phase and are
// cleared.
type SetPhase struct {
	Phase Phase
}

func (c SetPhase) plan(d *draft) error {
	w := d.workshop()
	if err := mayMoveTo(w, d.actor, c.Phase, len(d.st.segments)); err != nil {
		switch {
		case err == ErrNotFacilitator:
			return d.requireFacilitator("change the phase")
		case !c.Phase.Valid():
			return refuse(ErrInvalid, "there is no such phase")
		case c.Phase == w.Phase:
			return refuse(ErrInvalid, "the workshop is already in the %s phase", w.Phase.Title())
		case c.Phase > w.Phase+1:
			return refuse(ErrWrongPhase, "phases go one at a time: %s comes next", (w.Phase + 1).Title())
		}
		return refuse(ErrWrongPhase, "make at least one segment before voting")
	}
	w.Phase = c.Phase
	w.Settings.TimerDeadline = time.Time{}
	if c.Phase == PhaseDiscuss && w.Settings.TimeBox > 0 {
		// The time box runs for the segment in the spotlight.
		w.Settings.TimerDeadline = d.now.Add(w.Settings.TimeBox)
	}
	d.setWorkshop(w)
	for _, p := range d.st.parts {
		if p.Ready {
			p.Ready = false
			d.setParticipant(p)
		}
	}
	return nil
}

// SetTimer starts a countdown for the current phase; zero clears it.
type SetTimer struct {
	Duration time.Duration
}

func (c SetTimer) plan(d *draft) error {
	if err := d.requireFacilitator("set the timer"); err != nil {
		return err
	}
	if c.Duration < 0 || c.Duration > MaxTimer {
		return refuse(ErrInvalid, "a timer runs between 1 second and %v", MaxTimer)
	}
	w := d.workshop()
	w.Settings.TimerDeadline = time.Time{}
	if c.Duration > 0 {
		w.Settings.TimerDeadline = d.now.Add(c.Duration)
	}
	d.setWorkshop(w)
	return nil
}

// SetAnonymous hides (or shows) who wrote each note. Once notes exist,
// anonymity can only be turned on: people who wrote believing they were
// anonymous are never exposed afterwards.
type SetAnonymous struct {
	Anonymous bool
}

func (c SetAnonymous) plan(d *draft) error {
	if err := d.requireFacilitator("change anonymity"); err != nil {
		return err
	}
	if !c.Anonymous && mayShowAuthors(d.workshop(), d.actor, len(d.st.notes)) != nil {
		return refuse(ErrInvalid, "notes were written anonymously; the workshop stays anonymous")
	}
	w := d.workshop()
	w.Settings.Anonymous = c.Anonymous
	d.setWorkshop(w)
	return nil
}

// SetHideNotes hides (or shows) others' notes while the room is answering.
type SetHideNotes struct {
	Hidden bool
}

func (c SetHideNotes) plan(d *draft) error {
	if err := d.requireFacilitator("show or hide notes"); err != nil {
		return err
	}
	w := d.workshop()
	w.Settings.HideNotes = c.Hidden
	d.setWorkshop(w)
	return nil
}

// SetGuestsClosed closes the workshop to new guests (clients without an
// SSH key), or opens it again. Guests already in stay.
type SetGuestsClosed struct {
	Closed bool
}

func (c SetGuestsClosed) plan(d *draft) error {
	if err := d.requireFacilitator("close or open the workshop to guests"); err != nil {
		return err
	}
	w := d.workshop()
	w.Settings.GuestsClosed = c.Closed
	d.setWorkshop(w)
	return nil
}

// Retitle changes the workshop's title.
type Retitle struct {
	Title string
}

func (c Retitle) plan(d *draft) error {
	if err := d.requireFacilitator("change the title"); err != nil {
		return err
	}
	title := Sanitize(c.Title, MaxTitleLen)
	if title == "" {
		return refuse(ErrInvalid, "a workshop needs a title")
	}
	w := d.workshop()
	w.Title = title
	d.setWorkshop(w)
	return nil
}

// RemoveParticipant takes a participant out of the workshop for good: their
// dots and picks are withdrawn, their notes stay, and their key cannot join
// this workshop again.
type RemoveParticipant struct {
	Participant string
}

func (c RemoveParticipant) plan(d *draft) error {
	if err := d.requireFacilitator("remove participants"); err != nil {
		return err
	}
	p, ok := d.participant(c.Participant)
	if !ok || p.Removed {
		return refuse(ErrNotFound, "that participant is not in this workshop")
	}
	if p.ID == d.actor.ID {
		return refuse(ErrInvalid, "you cannot remove yourself; hand facilitation over first")
	}
	p.Removed, p.Ready, p.Role = true, false, RoleParticipant
	d.setParticipant(p)
	for seg := range d.st.votes[p.ID] {
		d.setDots(p.ID, seg, 0)
	}
	for _, l := range Lenses {
		if _, ok := d.st.picks[pickKey{p.ID, l}]; ok {
			d.setPick(p.ID, l, 0)
		}
	}
	return nil
}

// SetRole makes a participant a (co-)facilitator or a plain participant.
type SetRole struct {
	Participant string
	Role        Role
}

func (c SetRole) plan(d *draft) error {
	if err := d.requireFacilitator("change roles"); err != nil {
		return err
	}
	if c.Role != RoleParticipant && c.Role != RoleFacilitator {
		return refuse(ErrInvalid, "there is no such role")
	}
	p, ok := d.participant(c.Participant)
	if !ok || p.Removed {
		return refuse(ErrNotFound, "that participant is not in this workshop")
	}
	if c.Role == RoleFacilitator && p.Guest {
		return refuse(ErrGuest, "guests cannot facilitate: their identity ends with their connection")
	}
	if c.Role == RoleParticipant && p.Facilitator() && d.facilitators() == 1 {
		return refuse(ErrLastFacilitator, "a workshop needs at least one facilitator")
	}
	p.Role = c.Role
	d.setParticipant(p)
	return nil
}

// HandOver makes another participant the facilitator in the actor's place.
type HandOver struct {
	Participant string
}

func (c HandOver) plan(d *draft) error {
	if c.Participant == d.actor.ID {
		return refuse(ErrInvalid, "pick someone else to hand facilitation to")
	}
	if err := (SetRole{Participant: c.Participant, Role: RoleFacilitator}).plan(d); err != nil {
		return err
	}
	me, _ := d.participant(d.actor.ID)
	me.Role = RoleParticipant
	d.setParticipant(me)
	return nil
}

func (d *draft) facilitators() int {
	n := 0
	for id := range d.st.parts {
		if p, _ := d.participant(id); p.Facilitator() {
			n++
		}
	}
	return n
}
