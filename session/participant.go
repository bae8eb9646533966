package session

// Identity is who is connecting: the fingerprint of the SSH key that
// authenticated (or a per-connection ID for a guest) and a display name.
type Identity struct {
	ID    string
	Name  string
	Guest bool
	// Addr is where the connection comes from (an IP address, or an IPv6
	// /64), for the limits per address; empty for none.
	Addr string
}

// Rename changes the actor's display name.
type Rename struct {
	Name string
}

func (c Rename) plan(d *draft) error {
	name := Sanitize(c.Name, MaxNameLen)
	if name == "" {
		return refuse(ErrInvalid, "a name needs at least one visible character")
	}
	p, _ := d.participant(d.actor.ID)
	p.Name = name
	d.setParticipant(p)
	return nil
}

// SetReady tells the room the actor is done writing (or voting), or not:
// in Answer and in Vote, the phases that wait for everyone.
type SetReady struct {
	Ready bool
}

func (c SetReady) plan(d *draft) error {
	if err := d.requirePhase("say you are done", readyPhases...); err != nil {
		return err
	}
	p, _ := d.participant(d.actor.ID)
	p.Ready = c.Ready
	d.setParticipant(p)
	return nil
}

// tookPart counts the people who took part in a workshop, for its
// result: everyone with a key who was not removed, and the guests who are
// here or left something behind (a note, a dot, a pick). Guests who came
// and went without a trace are not counted, nor listed anywhere.
func tookPart(s *Snapshot, b *board) int {
	n := 0
	for _, p := range s.Participants {
		switch {
		case p.Removed:
		case !p.Guest, s.Online[p.ID] > 0, b.written[p.ID] > 0, b.spent[p.ID] > 0:
			n++
		default:
			if _, picked := b.picksBy[p.ID]; picked {
				n++
			}
		}
	}
	return n
}

// join is the command a connection runs when it enters a workshop: a new
// participant is added, a returning one recognized, a removed one refused.
type join struct {
	who        Identity
	guestsHere int // guests online in the workshop, counted by the loop
}

func (c join) plan(d *draft) error {
	p, ok := d.participant(c.who.ID)
	if ok {
		if p.Removed {
			return refuse(ErrRemoved, "you were removed from this workshop")
		}
		return nil
	}
	if c.who.Guest {
		// Guests cost nothing to make: they have a cap of their own, so
		// that no number of them keeps out the people invited.
		if d.workshop().Settings.GuestsClosed {
			return refuse(ErrGuest, "this workshop is closed to guests; connect with an SSH key")
		}
		if max := d.limits.GuestsPerWorkshop; max > 0 && c.guestsHere >= max {
			return refuse(ErrLimit, "this workshop has all the guests it can take (%d); connect with an SSH key", max)
		}
	} else if max := d.limits.ParticipantsPerWorkshop; max > 0 && d.st.keyedParticipants() >= max {
		return refuse(ErrLimit, "this workshop is full (%d participants)", max)
	}
	name := Sanitize(c.who.Name, MaxNameLen)
	if name == "" {
		name = "guest"
	}
	d.setParticipant(Participant{
		ID:       c.who.ID,
		Name:     name,
		Role:     RoleParticipant,
		Guest:    c.who.Guest,
		JoinedAt: d.now,
	})
	return nil
}
