package session

import (
	"strings"
	"time"
)

// The Discuss phase: the facilitator walks the ranked segments with a
// spotlight every screen follows; the room says who each segment really
// is and what it will do next.

// MaxNextStepsPerSegment bounds the next steps added to one segment, so
// that no one can flood the room's screens (a merge in Group keeps both
// segments' steps); each participant is also bounded by
// Limits.NotesPerParticipant, as for notes.
const MaxNextStepsPerSegment = 30

// DueLayout is how a next step's due date is written and read.
const DueLayout = time.DateOnly

// ParseDue reads a due date typed as YYYY-MM-DD; empty means none.
func ParseDue(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	t, err := time.Parse(DueLayout, s)
	if err != nil {
		return "", refuse(ErrInvalid, "a due date is a day written as YYYY-MM-DD, such as 2026-12-20")
	}
	return t.Format(DueLayout), nil
}

// spotlight is the segment in the spotlight as drafted: the workshop's,
// or the top-ranked segment when that is unset or gone.
func (d *draft) spotlight() int64 {
	id := d.workshop().Spotlight
	if _, ok := d.segment(id); ok && id != 0 {
		return id
	}
	return d.st.topSegment()
}

// topSegment is the segment ranked first, zero if there is none.
func (st *state) topSegment() int64 {
	if len(st.segments) == 0 {
		return 0
	}
	segs := make([]SegmentView, 0, len(st.segments))
	idx := make(map[int64]int, len(st.segments))
	for _, s := range st.segments {
		idx[s.ID] = len(segs)
		segs = append(segs, SegmentView{Segment: s})
	}
	for _, mine := range st.votes {
		for seg, n := range mine {
			if i, ok := idx[seg]; ok {
				segs[i].Votes += n
			}
		}
	}
	for _, n := range st.notes {
		if i, ok := idx[n.Segment]; ok && n.Question == QuestionWho {
			segs[i].Notes = append(segs[i].Notes, NoteView{})
		}
	}
	SortRanked(segs)
	return segs[0].ID
}

// Spotlight puts a segment in the spotlight: every screen in the room
// follows it. With a time box set, the phase timer starts over.
type Spotlight struct {
	Segment int64
}

func (c Spotlight) plan(d *draft) error {
	if err := d.requireFacilitator("move the spotlight"); err != nil {
		return err
	}
	if err := d.requirePhase("move the spotlight", PhaseDiscuss); err != nil {
		return err
	}
	if _, ok := d.segment(c.Segment); !ok {
		return refuse(ErrNotFound, "that segment no longer exists")
	}
	w := d.workshop()
	if d.spotlight() == c.Segment && w.Spotlight == c.Segment {
		return nil
	}
	w.Spotlight = c.Segment
	if w.Settings.TimeBox > 0 {
		w.Settings.TimerDeadline = d.now.Add(w.Settings.TimeBox)
	}
	d.setWorkshop(w)
	return nil
}

// SetTimeBox sets how long the room discusses each segment; zero turns the
// time box off. Set during Discuss, it starts the timer for the segment in
// the spotlight at once.
type SetTimeBox struct {
	Duration time.Duration
}

func (c SetTimeBox) plan(d *draft) error {
	if err := d.requireFacilitator("set the time box"); err != nil {
		return err
	}
	if c.Duration < 0 || c.Duration > MaxTimer {
		return refuse(ErrInvalid, "a time box runs between 1 second and %v", MaxTimer)
	}
	w := d.workshop()
	w.Settings.TimeBox = c.Duration.Round(time.Second)
	if w.Phase == PhaseDiscuss && c.Duration > 0 {
		w.Settings.TimerDeadline = d.now.Add(w.Settings.TimeBox)
	}
	d.setWorkshop(w)
	return nil
}

// SetOpenWho lets participants say who the segment in the spotlight is, or
// leaves that to facilitators.
type SetOpenWho struct {
	Open bool
}

func (c SetOpenWho) plan(d *draft) error {
	if err := d.requireFacilitator("let participants say who a segment is"); err != nil {
		return err
	}
	w := d.workshop()
	w.Settings.OpenWho = c.Open
	d.setWorkshop(w)
	return nil
}

// classifiable returns the segment the actor may say who it is.
func (d *draft) classifiable(id int64, what string) (Segment, error) {
	if err := d.requirePhase(what, PhaseDiscuss); err != nil {
		return Segment{}, err
	}
	s, ok := d.segment(id)
	if !ok {
		return Segment{}, refuse(ErrNotFound, "that segment no longer exists")
	}
	if !mayClassify(d.actor, d.workshop(), id, d.spotlight()) {
		if d.workshop().Settings.OpenWho {
			return Segment{}, refuse(ErrNotFacilitator, "only a facilitator can %s outside the spotlight", what)
		}
		return Segment{}, refuse(ErrNotFacilitator, "only a facilitator can %s", what)
	}
	return s, nil
}

// SetSegmentType says what kind of customer a segment is; TypeUnknown
// clears it.
type SetSegmentType struct {
	Segment int64
	Type    CustomerType
}

func (c SetSegmentType) plan(d *draft) error {
	s, err := d.classifiable(c.Segment, "set a segment's customer type")
	if err != nil {
		return err
	}
	if !c.Type.Valid() {
		return refuse(ErrInvalid, "there is no such customer type")
	}
	s.Type = c.Type
	d.setSegment(s)
	return nil
}

// SetSegmentRole says what a segment is to the team; RoleUnknown clears
// it.
type SetSegmentRole struct {
	Segment int64
	Role    SegmentRole
}

func (c SetSegmentRole) plan(d *draft) error {
	s, err := d.classifiable(c.Segment, "set a segment's role")
	if err != nil {
		return err
	}
	if !c.Role.Valid() {
		return refuse(ErrInvalid, "there is no such role")
	}
	s.Role = c.Role
	d.setSegment(s)
	return nil
}

// stepFields checks and cleans what a next step says.
func (d *draft) stepFields(s *NextStep, kind StepKind, text, owner, due string) error {
	if !kind.Valid() {
		return refuse(ErrInvalid, "there is no such kind of next step")
	}
	t := Sanitize(text, MaxNoteLen)
	if t == "" {
		return refuse(ErrInvalid, "a next step needs some text")
	}
	day, err := ParseDue(Sanitize(due, 20))
	if err != nil {
		return err
	}
	s.Kind, s.Text, s.Due = kind, t, day
	s.Owner, s.OwnerID = Sanitize(owner, MaxNameLen), ""
	// An owner named like someone in the room is that participant: the
	// step follows them if they rename themselves.
	for _, id := range d.st.order {
		p, _ := d.participant(id)
		if !p.Removed && s.Owner != "" && strings.EqualFold(p.Name, s.Owner) {
			s.Owner, s.OwnerID = p.Name, p.ID
			break
		}
	}
	return nil
}

// AddNextStep writes a next step for a segment. Anyone may, in Discuss.
// Owner is a participant's name or any other name; Due is YYYY-MM-DD or
// empty.
type AddNextStep struct {
	Segment int64
	Kind    StepKind
	Text    string
	Owner   string
	Due     string
}

func (c AddNextStep) plan(d *draft) error {
	if err := d.requirePhase("add next steps", PhaseDiscuss); err != nil {
		return err
	}
	if _, ok := d.segment(c.Segment); !ok {
		return refuse(ErrNotFound, "that segment no longer exists")
	}
	n := 0
	for _, s := range d.st.steps {
		if s.Segment == c.Segment {
			n++
		}
	}
	if n >= MaxNextStepsPerSegment {
		return refuse(ErrLimit, "this segment has %d next steps, the most one segment may have", MaxNextStepsPerSegment)
	}
	if max := d.limits.NotesPerParticipant; max > 0 && d.st.stepsOf(d.actor.ID) >= max {
		return refuse(ErrLimit, "you have written %d next steps, the most one person may write here", max)
	}
	s := NextStep{ID: d.st.nextStep, Segment: c.Segment, Author: d.actor.ID, CreatedAt: d.now}
	if err := d.stepFields(&s, c.Kind, c.Text, c.Owner, c.Due); err != nil {
		return err
	}
	d.setStep(s)
	return nil
}

// changeableStep returns a next step the actor may edit or remove.
func (d *draft) changeableStep(id int64, what string) (NextStep, error) {
	if err := d.requirePhase(what+" next steps", PhaseDiscuss); err != nil {
		return NextStep{}, err
	}
	s, ok := d.step(id)
	if !ok {
		return NextStep{}, refuse(ErrNotFound, "that next step no longer exists")
	}
	if !mayChangeStep(d.actor, d.workshop().Phase, s) {
		return NextStep{}, refuse(ErrNotYours, "you can %s only your own next steps", what)
	}
	return s, nil
}

// EditNextStep rewrites a next step: a facilitator any, a participant
// their own.
type EditNextStep struct {
	Step  int64
	Kind  StepKind
	Text  string
	Owner string
	Due   string
}

func (c EditNextStep) plan(d *draft) error {
	s, err := d.changeableStep(c.Step, "edit")
	if err != nil {
		return err
	}
	if err := d.stepFields(&s, c.Kind, c.Text, c.Owner, c.Due); err != nil {
		return err
	}
	d.setStep(s)
	return nil
}

// DeleteNextStep removes a next step: a facilitator any, a participant
// their own.
type DeleteNextStep struct {
	Step int64
}

func (c DeleteNextStep) plan(d *draft) error {
	s, err := d.changeableStep(c.Step, "remove")
	if err != nil {
		return err
	}
	d.deleteStep(s.ID)
	return nil
}
