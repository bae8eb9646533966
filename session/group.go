package session

import "slices"

// requireGrouping checks that the actor may change the grouping now.
func (d *draft) requireGrouping(what string) error {
	switch mayGroup(d.workshop(), d.actor) {
	case nil:
		return nil
	case ErrGroupingLocked:
		return refuse(ErrGroupingLocked, "the facilitator has locked grouping")
	}
	return d.requirePhase(what, groupPhases...)
}

// whoNote returns a note that can be grouped into a segment.
func (d *draft) whoNote(id int64) (Note, error) {
	n, ok := d.note(id)
	if !ok {
		return Note{}, refuse(ErrNotFound, "that note no longer exists")
	}
	if qs := d.workshop().Questions; !qs.IsWho(n.Question) {
		return Note{}, refuse(ErrInvalid, "only %q notes form segments; attach %q notes to a segment instead", qs.Short(qs.Who()), qs.Short(n.Question))
	}
	return n, nil
}

// CreateSegment makes a new customer segment of the given "who" notes,
// taking them out of whatever segment they were in. An empty name takes the
// first note's text. (GroupNotes with no segment does the same and may
// attach "do" and "value" notes too.)
type CreateSegment struct {
	Name  string
	Notes []int64
}

func (c CreateSegment) plan(d *draft) error {
	if err := d.requireGrouping("create segments"); err != nil {
		return err
	}
	for _, id := range c.Notes {
		if _, err := d.whoNote(id); err != nil {
			return err
		}
	}
	return GroupNotes{Name: c.Name, Notes: c.Notes}.plan(d)
}

// GroupNotes puts notes into a segment as one action, all or nothing:
// "who" notes move into it (a segment they leave with no "who" note left
// is deleted, as with MoveNote), "do" and "value" notes are attached to
// it. With Segment zero it makes a new segment, named Name (or, if that
// is empty, after its first "who" note), and at least one "who" note must
// be among Notes; Name is ignored otherwise. Notes already where they are
// asked to be stay as they are.
//
// However many notes it names, it is one command: one commit, one action
// against the rate limit, refused whole if any note cannot go (a note gone
// since, grouping locked). The Group screen sends it for its selection;
// anything else that puts several notes in a segment at once (such as an
// accepted suggestion) should send it too.
type GroupNotes struct {
	Segment int64
	Name    string
	Notes   []int64
}

func (c GroupNotes) plan(d *draft) error {
	what := "put notes in segments"
	if c.Segment == 0 {
		what = "create segments"
	}
	if err := d.requireGrouping(what); err != nil {
		return err
	}
	ids := slices.Compact(slices.Sorted(slices.Values(c.Notes)))
	if len(ids) == 0 {
		return refuse(ErrInvalid, "select at least one note to put in a segment")
	}
	notes := make([]Note, 0, len(ids))
	var firstWho *Note
	for _, id := range ids {
		n, ok := d.note(id)
		if !ok {
			return refuse(ErrNotFound, "a selected note no longer exists; nothing was moved")
		}
		notes = append(notes, n)
		// The first as listed: in an anonymous workshop the first by
		// text, since the first written would tell which came first.
		if d.workshop().Questions.IsWho(n.Question) && (firstWho == nil ||
			d.workshop().Settings.Anonymous && anonymousOrder(NoteView{Note: n}, NoteView{Note: *firstWho}) < 0) {
			firstWho = &notes[len(notes)-1]
		}
	}
	seg := c.Segment
	if seg == 0 {
		if firstWho == nil {
			return refuse(ErrInvalid, "a segment is made of \"who\" notes: select at least one")
		}
		name := Sanitize(c.Name, MaxSegmentLen)
		if name == "" {
			name = Sanitize(firstWho.Text, MaxSegmentLen)
		}
		seg = d.newSegment(name).ID
	} else if _, ok := d.segment(seg); !ok {
		return refuse(ErrNotFound, "that segment no longer exists")
	}
	left := map[int64]bool{} // segments "who" notes came from
	for _, n := range notes {
		if n.Segment == seg {
			continue
		}
		if d.workshop().Questions.IsWho(n.Question) {
			left[n.Segment] = true
		}
		n.Segment = seg
		d.setNote(n)
	}
	for old := range left {
		d.dropIfEmpty(old)
	}
	return nil
}

// MoveNote moves a "who" note into another segment, or out of every
// segment when Segment is zero.
type MoveNote struct {
	Note    int64
	Segment int64
}

func (c MoveNote) plan(d *draft) error {
	if err := d.requireGrouping("move notes"); err != nil {
		return err
	}
	n, err := d.whoNote(c.Note)
	if err != nil {
		return err
	}
	if c.Segment != 0 {
		if _, ok := d.segment(c.Segment); !ok {
			return refuse(ErrNotFound, "that segment no longer exists")
		}
	}
	if n.Segment == c.Segment {
		return nil
	}
	old := n.Segment
	n.Segment = c.Segment
	d.setNote(n)
	d.dropIfEmpty(old)
	return nil
}

// RenameSegment gives a segment a new name.
type RenameSegment struct {
	Segment int64
	Name    string
}

func (c RenameSegment) plan(d *draft) error {
	if err := d.requireGrouping("rename segments"); err != nil {
		return err
	}
	s, ok := d.segment(c.Segment)
	if !ok {
		return refuse(ErrNotFound, "that segment no longer exists")
	}
	name := Sanitize(c.Name, MaxSegmentLen)
	if name == "" {
		return refuse(ErrInvalid, "a segment needs a name")
	}
	s.Name = name
	d.setSegment(s)
	return nil
}

// MergeSegments moves every note of From into Into and deletes From.
type MergeSegments struct {
	From, Into int64
}

func (c MergeSegments) plan(d *draft) error {
	if err := d.requireGrouping("merge segments"); err != nil {
		return err
	}
	if c.From == c.Into {
		return refuse(ErrInvalid, "pick two different segments to merge")
	}
	if _, ok := d.segment(c.From); !ok {
		return refuse(ErrNotFound, "that segment no longer exists")
	}
	if _, ok := d.segment(c.Into); !ok {
		return refuse(ErrNotFound, "that segment no longer exists")
	}
	for _, n := range d.notesIn(c.From) {
		n.Segment = c.Into
		d.setNote(n)
	}
	// Next steps (from a Discuss the room came back from) go along.
	for id := range d.st.steps {
		if st, ok := d.step(id); ok && st.Segment == c.From {
			st.Segment = c.Into
			d.setStep(st)
		}
	}
	d.deleteSegment(c.From)
	return nil
}

// AttachNote attaches a "do" or "value" note to a segment, so the segment
// carries what the team does for it and the value it gets; zero detaches.
type AttachNote struct {
	Note    int64
	Segment int64
}

func (c AttachNote) plan(d *draft) error {
	if err := d.requireGrouping("attach notes"); err != nil {
		return err
	}
	n, ok := d.note(c.Note)
	if !ok {
		return refuse(ErrNotFound, "that note no longer exists")
	}
	if qs := d.workshop().Questions; qs.IsWho(n.Question) {
		return refuse(ErrInvalid, "%q notes are grouped, not attached; move it into the segment instead", qs.Short(n.Question))
	}
	if c.Segment != 0 {
		if _, ok := d.segment(c.Segment); !ok {
			return refuse(ErrNotFound, "that segment no longer exists")
		}
	}
	n.Segment = c.Segment
	d.setNote(n)
	return nil
}

// LockGrouping lets only facilitators group (Locked) or everyone again.
type LockGrouping struct {
	Locked bool
}

func (c LockGrouping) plan(d *draft) error {
	if err := d.requireFacilitator("lock grouping"); err != nil {
		return err
	}
	w := d.workshop()
	w.Settings.GroupingLocked = c.Locked
	d.setWorkshop(w)
	return nil
}
