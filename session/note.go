package session

// AddNote writes a new note in answer to a question.
type AddNote struct {
	Question Question
	Text     string
}

func (c AddNote) plan(d *draft) error {
	if err := d.requirePhase("add notes", notePhases...); err != nil {
		return err
	}
	if !d.workshop().Questions.Valid(c.Question) {
		return refuse(ErrInvalid, "there is no such question")
	}
	text := Sanitize(c.Text, MaxNoteLen)
	if text == "" {
		return refuse(ErrInvalid, "a note needs some text")
	}
	if max := d.limits.NotesPerParticipant; max > 0 && d.st.notesOf(d.actor.ID) >= max {
		return refuse(ErrLimit, "you have written %d notes, the most one person may write here", max)
	}
	if max := d.limits.NotesPerWorkshop; max > 0 && len(d.st.notes) >= max {
		return refuse(ErrLimit, "this workshop has %d notes, the most it may hold", max)
	}
	d.setNote(Note{
		ID:        d.st.nextNote,
		Question:  c.Question,
		Text:      text,
		Author:    d.actor.ID,
		CreatedAt: d.now,
	})
	return nil
}

// EditNote changes the text of one of the actor's own notes.
type EditNote struct {
	Note int64
	Text string
}

func (c EditNote) plan(d *draft) error {
	if err := d.requirePhase("edit notes", notePhases...); err != nil {
		return err
	}
	n, ok := d.note(c.Note)
	if !ok {
		return refuse(ErrNotFound, "that note no longer exists")
	}
	if n.Author != d.actor.ID {
		return refuse(ErrNotYours, "you can edit only your own notes")
	}
	text := Sanitize(c.Text, MaxNoteLen)
	if text == "" {
		return refuse(ErrInvalid, "a note needs some text; delete it instead")
	}
	n.Text = text
	d.setNote(n)
	return nil
}

// DeleteNote deletes a note: the author's own while answering, or any note
// by a facilitator (moderation) until the workshop is done.
type DeleteNote struct {
	Note int64
}

func (c DeleteNote) plan(d *draft) error {
	n, ok := d.note(c.Note)
	if !ok {
		return refuse(ErrNotFound, "that note no longer exists")
	}
	switch err := mayDeleteNote(d.workshop(), d.actor, n.Author == d.actor.ID); {
	case err == nil:
	case err == ErrNotYours:
		return refuse(ErrNotYours, "you can delete only your own notes")
	case d.actor.Facilitator():
		return refuse(ErrWrongPhase, "the workshop is done; reopen an earlier phase to remove notes")
	default:
		return d.requirePhase("delete notes", notePhases...)
	}
	d.deleteNote(n.ID)
	if d.workshop().Questions.IsWho(n.Question) {
		d.dropIfEmpty(n.Segment)
	}
	return nil
}
