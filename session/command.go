package session

import (
	"cmp"
	"slices"
	"time"
)

// Command is one action a participant asks for. Every command is checked
// against the phase, the actor's role and the workshop's settings by its
// plan method, which returns what would change, or a refusal. Commands are
// plain values; the session runs them one at a time per workshop.
type Command interface {
	plan(d *draft) error
}

// draft collects what one command changes, on top of the current state,
// without touching that state: the changes are applied only once the store
// has committed them.
type draft struct {
	st     *state
	actor  Participant
	now    time.Time
	limits Limits

	info     *WorkshopInfo
	parts    map[string]Participant
	notes    map[int64]Note
	segments map[int64]Segment
	votes    map[Vote]int // key has Dots zero
	picks    map[pickKey]int64
	steps    map[int64]NextStep
	delNotes map[int64]bool
	delSegs  map[int64]bool
	rejected map[string]bool
	delSteps map[int64]bool
	earlier  map[int64]EarlierSegment
}

func newDraft(st *state, actor Participant, now time.Time, limits Limits) *draft {
	return &draft{
		st: st, actor: actor, now: now, limits: limits,
		parts:    map[string]Participant{},
		notes:    map[int64]Note{},
		segments: map[int64]Segment{},
		votes:    map[Vote]int{},
		picks:    map[pickKey]int64{},
		steps:    map[int64]NextStep{},
		delNotes: map[int64]bool{},
		delSegs:  map[int64]bool{},
		rejected: map[string]bool{},
		delSteps: map[int64]bool{},
		earlier:  map[int64]EarlierSegment{},
	}
}

// workshop returns the workshop as this draft has it.
func (d *draft) workshop() WorkshopInfo {
	if d.info != nil {
		return *d.info
	}
	return d.st.info
}

func (d *draft) setWorkshop(w WorkshopInfo) { d.info = &w }

func (d *draft) participant(id string) (Participant, bool) {
	if p, ok := d.parts[id]; ok {
		return p, true
	}
	p, ok := d.st.parts[id]
	return p, ok
}

func (d *draft) setParticipant(p Participant) { d.parts[p.ID] = p }

func (d *draft) note(id int64) (Note, bool) {
	if d.delNotes[id] {
		return Note{}, false
	}
	if n, ok := d.notes[id]; ok {
		return n, true
	}
	n, ok := d.st.notes[id]
	return n, ok
}

func (d *draft) setNote(n Note) { d.notes[n.ID] = n }

func (d *draft) deleteNote(id int64) {
	delete(d.notes, id)
	d.delNotes[id] = true
}

func (d *draft) segment(id int64) (Segment, bool) {
	if d.delSegs[id] {
		return Segment{}, false
	}
	if s, ok := d.segments[id]; ok {
		return s, true
	}
	s, ok := d.st.segments[id]
	return s, ok
}

func (d *draft) setSegment(s Segment) { d.segments[s.ID] = s }

// newSegment adds a new segment to the draft, after any this draft made
// already (accepting every suggestion makes several in one command).
func (d *draft) newSegment(name string) Segment {
	s := Segment{ID: d.st.nextSeg, Name: name, Position: d.st.nextPos}
	for _, made := range d.segments {
		if made.ID >= s.ID {
			s.ID, s.Position = made.ID+1, max(s.Position, made.Position+1)
		}
	}
	d.setSegment(s)
	return s
}

// notesIn lists the notes (grouped or attached) in a segment, as drafted.
func (d *draft) notesIn(seg int64) []Note {
	var out []Note
	for id := range d.st.notes {
		if n, ok := d.note(id); ok && n.Segment == seg {
			out = append(out, n)
		}
	}
	for id, n := range d.notes {
		if _, old := d.st.notes[id]; !old && n.Segment == seg {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b Note) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func (d *draft) dots(participant string, seg int64) int {
	if n, ok := d.votes[Vote{Participant: participant, Segment: seg}]; ok {
		return n
	}
	return d.st.votes[participant][seg]
}

func (d *draft) setDots(participant string, seg int64, n int) {
	d.votes[Vote{Participant: participant, Segment: seg}] = n
}

func (d *draft) setPick(participant string, l Lens, seg int64) {
	d.picks[pickKey{participant, l}] = seg
}

// deleteSegment removes a segment with everything that points at it: its
// notes fall back to ungrouped or unattached, its dots return to their
// owners, and picks of it are cleared.
func (d *draft) deleteSegment(id int64) {
	for _, n := range d.notesIn(id) {
		n.Segment = 0
		d.setNote(n)
	}
	for pid, mine := range d.st.votes {
		if _, ok := mine[id]; ok {
			d.setDots(pid, id, 0)
		}
	}
	for k, seg := range d.st.picks {
		if seg == id {
			d.setPick(k.participant, k.lens, 0)
		}
	}
	for sid := range d.st.steps {
		if st, ok := d.step(sid); ok && st.Segment == id {
			d.deleteStep(sid)
		}
	}
	delete(d.segments, id)
	d.delSegs[id] = true
}

func (d *draft) step(id int64) (NextStep, bool) {
	if d.delSteps[id] {
		return NextStep{}, false
	}
	if s, ok := d.steps[id]; ok {
		return s, true
	}
	s, ok := d.st.steps[id]
	return s, ok
}

func (d *draft) setStep(s NextStep) { d.steps[s.ID] = s }

func (d *draft) deleteStep(id int64) {
	delete(d.steps, id)
	d.delSteps[id] = true
}

// dropIfEmpty deletes a segment that has no "who" note left in it.
func (d *draft) dropIfEmpty(id int64) {
	if id == 0 {
		return
	}
	if _, ok := d.segment(id); !ok {
		return
	}
	for _, n := range d.notesIn(id) {
		if d.workshop().Questions.IsWho(n.Question) {
			return
		}
	}
	d.deleteSegment(id)
}

// changes turns the draft into the Changes to commit, in a stable order.
func (d *draft) changes() *Changes {
	// What a command set to the value it already had is no change: it is
	// neither saved nor sent to every screen in the room.
	ch := &Changes{}
	if d.info != nil && *d.info != d.st.info {
		ch.Workshop = d.info
	}
	for id, p := range d.parts {
		if old, ok := d.st.parts[id]; ok && old == p {
			continue
		}
		ch.Participants = append(ch.Participants, p)
	}
	slices.SortFunc(ch.Participants, func(a, b Participant) int { return cmp.Compare(a.ID, b.ID) })
	for id, s := range d.segments {
		if old, ok := d.st.segments[id]; ok && old == s {
			continue
		}
		ch.Segments = append(ch.Segments, s)
	}
	slices.SortFunc(ch.Segments, func(a, b Segment) int { return cmp.Compare(a.ID, b.ID) })
	for id, n := range d.notes {
		if old, ok := d.st.notes[id]; ok && old == n {
			continue
		}
		ch.Notes = append(ch.Notes, n)
	}
	slices.SortFunc(ch.Notes, func(a, b Note) int { return cmp.Compare(a.ID, b.ID) })
	for k, dots := range d.votes {
		if d.st.votes[k.Participant][k.Segment] == dots {
			continue
		}
		ch.Votes = append(ch.Votes, Vote{Participant: k.Participant, Segment: k.Segment, Dots: dots})
	}
	slices.SortFunc(ch.Votes, func(a, b Vote) int {
		return cmp.Or(cmp.Compare(a.Participant, b.Participant), cmp.Compare(a.Segment, b.Segment))
	})
	for k, seg := range d.picks {
		if d.st.picks[k] == seg {
			continue
		}
		ch.Picks = append(ch.Picks, Pick{Participant: k.participant, Lens: k.lens, Segment: seg})
	}
	slices.SortFunc(ch.Picks, func(a, b Pick) int {
		return cmp.Or(cmp.Compare(a.Participant, b.Participant), cmp.Compare(a.Lens, b.Lens))
	})
	for id, s := range d.steps {
		if old, ok := d.st.steps[id]; ok && old == s {
			continue
		}
		ch.NextSteps = append(ch.NextSteps, s)
	}
	slices.SortFunc(ch.NextSteps, func(a, b NextStep) int { return cmp.Compare(a.ID, b.ID) })
	for id := range d.delSteps {
		if _, ok := d.st.steps[id]; ok {
			ch.DeletedNextSteps = append(ch.DeletedNextSteps, id)
		}
	}
	slices.Sort(ch.DeletedNextSteps)
	for id := range d.delNotes {
		if _, ok := d.st.notes[id]; ok {
			ch.DeletedNotes = append(ch.DeletedNotes, id)
		}
	}
	slices.Sort(ch.DeletedNotes)
	for id := range d.delSegs {
		if _, ok := d.st.segments[id]; ok {
			ch.DeletedSegments = append(ch.DeletedSegments, id)
		}
	}
	slices.Sort(ch.DeletedSegments)
	for k := range d.rejected {
		if !d.st.rejected[k] {
			ch.Rejected = append(ch.Rejected, k)
		}
	}
	slices.Sort(ch.Rejected)
	for id, e := range d.earlier {
		if old, ok := d.st.earlier[id]; ok && sameEarlier(old, e) {
			continue
		}
		ch.Earlier = append(ch.Earlier, e)
	}
	sortEarlier(ch.Earlier)
	return ch
}

// Checks shared by many commands.

func (d *draft) requireFacilitator(what string) error {
	if !d.actor.Facilitator() {
		return refuse(ErrNotFacilitator, "only a facilitator can %s", what)
	}
	return nil
}

func (d *draft) requirePhase(what string, phases ...Phase) error {
	cur := d.workshop().Phase
	if slices.Contains(phases, cur) {
		return nil
	}
	names := make([]string, len(phases))
	for i, p := range phases {
		names[i] = p.Title()
	}
	return refuse(ErrWrongPhase, "you can %s only in the %s phase, not in %s", what, joinOr(names), cur.Title())
}

func joinOr(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	out := ""
	for i, w := range words {
		switch {
		case i == 0:
		case i == len(words)-1:
			out += " or "
		default:
			out += ", "
		}
		out += w
	}
	return out
}
