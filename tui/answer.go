package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The Answer phase: a column per question (two to five). Everyone writes on
// their own; others' notes stay hidden unless the facilitator shows them,
// but every column says how many notes it has.

// narrowWidth is the width below which side-by-side columns and panes
// give way to one at a time.
const narrowWidth = 66

type answerState struct {
	col    int
	cursor [session.MaxQuestions]int
	// at is each column's highlighted note, which the cursor follows
	// when notes come or go above it (in an anonymous workshop notes are
	// listed by text, so a new one may land anywhere).
	at [session.MaxQuestions]int64
}

// answerCols is how many questions, so columns, the workshop has.
func (m *Model) answerCols() int { return m.ws.view.Workshop.Questions.Len() }

// answerNotes is the column's notes the viewer may see.
func (m *Model) answerNotes(col int) []session.NoteView {
	return m.ws.view.NotesFor(session.Question(col))
}

// answerSelected is the highlighted note of the current column. (Found
// in place: the keys are synced on every update, and a column may hold
// hundreds of notes.)
func (m *Model) answerSelected() (session.NoteView, bool) {
	a := &m.ws.answer
	a.col = clamp(a.col, m.answerCols())
	return m.answerAt(a.col, a.cursor[a.col])
}

// answerAt is the note at row sel of column col (clamped to the column).
func (m *Model) answerAt(col, sel int) (session.NoteView, bool) {
	q := session.Question(col)
	notes := m.ws.view.Notes
	n := 0
	for i := range notes {
		if notes[i].Question == q {
			n++
		}
	}
	if n == 0 {
		return session.NoteView{}, false
	}
	sel = clamp(sel, n)
	for i := range notes {
		if notes[i].Question != q {
			continue
		}
		if sel == 0 {
			return notes[i], true
		}
		sel--
	}
	return session.NoteView{}, false
}

// answerFollow remembers the highlighted note of the current column.
func (m *Model) answerFollow() {
	n, _ := m.answerSelected()
	m.ws.answer.at[m.ws.answer.col] = n.ID
}

// reconcileAnswer finds each column's highlighted note again after the
// notes changed, so that a key pressed next acts on the note the person
// was looking at.
func (m *Model) reconcileAnswer() {
	a := &m.ws.answer
	for col := range m.answerCols() {
		q := session.Question(col)
		n, found := 0, false
		for _, note := range m.ws.view.Notes {
			if note.Question != q {
				continue
			}
			if note.ID == a.at[col] {
				a.cursor[col], found = n, true
			}
			n++
		}
		if !found {
			// Gone, or none yet: the cursor keeps its place.
			a.cursor[col] = clamp(a.cursor[col], n)
			note, _ := m.answerAt(col, a.cursor[col])
			a.at[col] = note.ID
		}
	}
}

func (m *Model) syncAnswerKeys() {
	k := &m.keys.answer
	v := m.ws.view
	n, ok := m.answerSelected()
	k.Add.SetEnabled(v.Can.AddNotes)
	k.Edit.SetEnabled(ok && v.CanEdit(n))
	k.Delete.SetEnabled(ok && v.CanDelete(n))
	k.Done.SetEnabled(v.Can.SayDone)
	k.ShowNotes.SetEnabled(v.Can.Facilitate)
	if v.Me.Ready {
		k.Done.SetHelp("space", "not done")
	} else {
		k.Done.SetHelp("space", "done")
	}
	if v.Workshop.Settings.HideNotes {
		k.ShowNotes.SetHelp("H", "show others' notes")
	} else {
		k.ShowNotes.SetHelp("H", "hide others' notes")
	}
}

func (m *Model) answerKey(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	ws := m.ws
	a := &ws.answer
	k := m.keys.answer
	switch {
	case key.Matches(msg, k.Up):
		a.cursor[a.col] = clamp(a.cursor[a.col]-1, len(m.answerNotes(a.col)))
		m.answerFollow()
	case key.Matches(msg, k.Down):
		a.cursor[a.col] = clamp(a.cursor[a.col]+1, len(m.answerNotes(a.col)))
		m.answerFollow()
	case key.Matches(msg, k.Left):
		n := m.answerCols()
		a.col = (a.col + n - 1) % n
	case key.Matches(msg, k.Right):
		a.col = (a.col + 1) % m.answerCols()
	case key.Matches(msg, k.Add):
		q := session.Question(a.col)
		return true, m.openPrompt(&prompt{kind: promptNote, question: q, label: "New note"},
			"", "one idea · enter adds it · esc closes", session.MaxNoteLen)
	case key.Matches(msg, k.Edit):
		n, _ := m.answerSelected()
		return true, m.openPrompt(&prompt{kind: promptEditNote, note: n.ID, label: "Edit note"},
			n.Text, "", session.MaxNoteLen)
	case pressed(msg, k.Delete):
		if n, ok := m.answerSelected(); ok {
			return true, ws.run(session.DeleteNote{Note: n.ID})
		}
	case key.Matches(msg, k.Done):
		return true, ws.run(session.SetReady{Ready: !ws.wanted().ready})
	case pressed(msg, k.ShowNotes):
		return true, ws.run(session.SetHideNotes{Hidden: !ws.wanted().settings.HideNotes})
	default:
		return false, nil
	}
	return true, nil
}

func (m *Model) answerHint() string {
	v := m.ws.view
	switch {
	case v.Me.Ready:
		return "You said you're done. Press space if you want to write more."
	case v.Workshop.Settings.HideNotes:
		return "One idea per note. • your notes · others stay hidden until Group."
	}
	return "One idea per note. • your notes  ◦ others' notes"
}

// minAnswerCol is the narrowest a column may be side by side with the
// others: below it, one column at a time.
const minAnswerCol = 20

func (m *Model) answerBody(f *frameBuf, w, h int) {
	a := &m.ws.answer
	boxH := max(3, h-1)
	gap := 1
	n := m.answerCols()
	a.col = clamp(a.col, n)

	// The columns side by side; on a narrow terminal only the current
	// one, and tab brings the next.
	var shownAll = [session.MaxQuestions]int{0, 1, 2, 3, 4}
	shown := shownAll[:n]
	if w < narrowWidth || (w-gap*(n-1))/n < minAnswerCol {
		shown = shownAll[a.col : a.col+1]
	}
	single := len(shown) == 1
	colW := (w - gap*(len(shown)-1)) / len(shown)
	innerW := boxInner(colW)

	// The question headings take the same height in every column, so the
	// counts and notes line up.
	headH := 1
	for _, i := range shown {
		headH = max(headH, len(m.answerHeading(i, single, innerW)))
	}
	var cols [session.MaxQuestions]*answerColumn
	rowW := gap * (len(shown) - 1)
	for j, i := range shown {
		cols[j] = m.answerColumn(i, answerKey{
			styles: m.styles, colW: colW, boxH: boxH, headH: headH,
			single: single, focused: i == a.col, heading: m.answerHeadingText(i, single),
		})
		rowW += cols[j].w
	}
	cols2 := cols[:len(shown)]
	if rowW <= w {
		for r := range boxH {
			if !f.next() {
				break
			}
			for j, c := range cols2 {
				if j > 0 {
					f.spaces(gap)
				}
				c.writeRow(&f.b, r, boxH)
			}
		}
	} else {
		// Too narrow for even one box: draw the rows and cut them.
		for r := range boxH {
			var b frameBytes
			for j, c := range cols2 {
				if j > 0 {
					b.WriteString(strings.Repeat(" ", gap))
				}
				c.writeRow(&b, r, boxH)
			}
			if f.next() {
				f.b.WriteString(truncate(string(b.buf), w))
			}
		}
	}
	f.line(truncate(m.writingLine(w), w))
}

// answerHeadingText is a column's heading: "2 What value do we deliver?",
// or with one column at a time "2/3 What value do we deliver?".
// They are made once per set of questions: a frame allocates nothing.
func (m *Model) answerHeadingText(i int, single bool) string {
	qs := m.ws.view.Workshop.Questions
	c := &m.frameCache().headings
	if !c.ok || c.qs != qs {
		for j, d := range qs.Defs() {
			c.texts[0][j] = fmt.Sprintf("%d %s", j+1, d.Prompt)
			c.texts[1][j] = fmt.Sprintf("%d/%d %s", j+1, qs.Len(), d.Prompt)
		}
		c.qs, c.ok = qs, true
	}
	if single {
		return c.texts[1][i]
	}
	return c.texts[0][i]
}

func (m *Model) answerHeading(i int, single bool, w int) []string {
	return wrapMax(m.answerHeadingText(i, single), w, 3)
}

// answerColumn is one column of the Answer screen as a box: its borders
// and the lines inside. A column is drawn again only when what it shows
// changed: its key (sizes, focus, theme, the cursor, how many notes it
// shows) or its notes (each note's ID, text, author and whether it is the
// viewer's own). Someone else's note, hidden in a column, changes only its
// count line, which is redrawn alone: most frames draw no column afresh.
type answerColumn struct {
	key   answerKey
	notes []answerNote
	total int // the count of notes its count line says
	ok    bool

	w           int // cells wide
	iw          int // cells inside
	top, bottom string
	left, right string
	lines       []string // inside the box, each cut to iw cells
	pads        []int    // the cells left to fill after each line
}

type answerKey struct {
	styles            *Styles
	colW, boxH, headH int
	single, focused   bool
	sel, total, shown int
	heading           string
}

type answerNote struct {
	id           int64
	text, author string
	source       string
	mine         bool
}

// answerColumn returns column i, drawn again if its key or notes changed.
// k has its sizes, theme and focus; the rest of the key is filled in here.
func (m *Model) answerColumn(i int, k answerKey) *answerColumn {
	v := m.ws.view
	q := session.Question(i)
	c := &m.frameCache().answer[i]
	// Compare the column's notes with those it was drawn from, counting
	// them on the way: the cursor's place depends on the count.
	same := c.ok
	n := 0
	for _, note := range v.Notes {
		if note.Question != q {
			continue
		}
		if same && (n >= len(c.notes) || !c.notes[n].is(note, v.Mine(note.ID))) {
			same = false
		}
		n++
	}
	k.shown = n
	k.sel = clamp(m.ws.answer.cursor[i], n)
	total := v.NoteCounts[q]
	if same && n == len(c.notes) && c.key == k {
		if c.total != total && k.headH < len(c.lines) {
			l := m.styles.countLine(total, n, c.iw)
			c.lines[k.headH], c.pads[k.headH] = l, c.iw-cellWidth(l)
		}
		c.total = total
		return c
	}

	notes := m.answerNotes(i)
	c.notes = c.notes[:0]
	for _, note := range notes {
		c.notes = append(c.notes, answerNote{id: note.ID, text: note.Text, author: note.AuthorName, source: note.Source, mine: v.Mine(note.ID)})
	}
	s := m.styles
	style := s.PaneIdle
	if k.focused {
		style = s.PaneActive
	}
	iw := boxInner(k.colW)
	content := m.answerContent(i, notes, k, iw)
	c.key, c.total, c.ok = k, total, true
	c.w, c.iw = iw+4, iw
	c.top, c.bottom = style.edge(true, iw), style.edge(false, iw)
	c.left, c.right = style.left, style.right
	c.lines, c.pads = c.lines[:0], c.pads[:0]
	for _, l := range content[:min(len(content), max(0, k.boxH-2))] {
		l = truncate(l, iw)
		c.lines = append(c.lines, l)
		c.pads = append(c.pads, iw-cellWidth(l))
	}
	return c
}

func (n answerNote) is(note session.NoteView, mine bool) bool {
	return n.id == note.ID && n.text == note.Text && n.author == note.AuthorName && n.source == note.Source && n.mine == mine
}

// writeRow writes row r of the column's box, h rows tall, as box draws it.
func (c *answerColumn) writeRow(b *frameBytes, r, h int) {
	switch {
	case r == 0:
		b.WriteString(c.top)
	case r == h-1:
		b.WriteString(c.bottom)
	default:
		b.WriteString(c.left)
		b.byte(' ')
		pad := c.iw
		if i := r - 1; i < len(c.lines) {
			b.WriteString(c.lines[i])
			pad = c.pads[i]
		}
		for pad > 0 {
			k := min(pad, len(blanks))
			b.WriteString(blanks[:k])
			pad -= k
		}
		b.byte(' ')
		b.WriteString(c.right)
	}
}

// answerContent is what a column's box holds: the heading, the count and
// the notes that fit.
func (m *Model) answerContent(i int, notes []session.NoteView, k answerKey, innerW int) []string {
	s := m.styles
	v := m.ws.view
	q := session.Question(i)
	head := m.answerHeading(i, k.single, innerW)
	var content []string
	for j := range k.headH {
		line := ""
		if j < len(head) {
			line = head[j]
		}
		if k.focused {
			line = s.Heading.Render(line)
		} else {
			line = s.Bold.Render(line)
		}
		content = append(content, line)
	}
	content = append(content, s.countLine(v.NoteCounts[q], len(notes), innerW), "")

	listH := k.boxH - 2 - len(content)
	if len(notes) == 0 && k.focused {
		return append(content, window([][]string{{s.Faint.Render("Press a to add a note.")}}, k.sel, listH, s.Faint)...)
	}
	return windowN(len(notes), k.sel, listH, s.Faint,
		func(j int) int { return m.noteBlockHeight(notes[j], innerW, k.focused && j == k.sel, 2) },
		func(j int) []string { return m.noteBlock(notes[j], innerW, k.focused && j == k.sel, 2) },
		content)
}

// noteBlock draws one note: a cursor mark when highlighted, "•" for the
// viewer's own and "◦" for others', the text wrapped to the width (the
// highlighted note in full, others cut to maxLines).
func (m *Model) noteBlock(n session.NoteView, w int, selected bool, maxLines int) []string {
	s := m.styles
	cur := s.mark(selected)
	mine := m.ws.view.Mine(n.ID)
	bullet := s.Faint.Render("◦ ")
	if mine {
		bullet = s.Mine.Render("• ")
	}
	wrapped := m.noteLines(n, w, selected, maxLines)
	out := make([]string, len(wrapped))
	for i, l := range wrapped {
		if selected {
			l = s.Current.Render(l)
		} else if !mine {
			l = s.Faint.Render(l)
		}
		if i == 0 {
			out[i] = cur + bullet + l
		} else {
			out[i] = "    " + l
		}
	}
	return out
}

// noteLines is a note's text as noteBlock wraps it.
func (m *Model) noteLines(n session.NoteView, w int, selected bool, maxLines int) []string {
	text := n.Text
	if n.AuthorName != "" && !m.ws.view.Mine(n.ID) {
		text += " — " + n.AuthorName
	}
	text += sourceTag(n)
	limit := maxLines
	if selected {
		limit = 8
	}
	return wrapMax(text, max(1, w-4), limit)
}

// sourceTag marks an imported note with where it came from, " [survey]",
// so the room can tell customers' own words from the team's.
func sourceTag(n session.NoteView) string {
	if n.Source == "" {
		return ""
	}
	return " [" + n.Source + "]"
}

// noteBlockHeight is how many lines noteBlock draws.
func (m *Model) noteBlockHeight(n session.NoteView, w int, selected bool, maxLines int) int {
	return len(m.noteLines(n, w, selected, maxLines))
}

// countLine says how many notes a column has: "4 notes, 3 hidden".
func countLine(total, visible int) string {
	if total == 0 {
		return "no notes yet"
	}
	out := plural(total, "note", "notes")
	if hidden := total - visible; hidden > 0 {
		out += fmt.Sprintf(", %d hidden", hidden)
	}
	return out
}

// writingLine says who is still writing and whether the viewer is done.
// It is kept for the next frame with what it shows as its key: the names
// that fit, how many more there are, and the viewer's own state.
func (m *Model) writingLine(w int) string {
	s := m.styles
	v := m.ws.view
	c := &m.frameCache().writing
	// Names are added only while they can show: in a room of hundreds the
	// line would otherwise be built in full and cut on every frame. This
	// first pass finds them, as the builder below adds them, and checks
	// them against the kept line's.
	same := c.ok && c.w == w && c.styles == s && c.ready == v.Me.Ready && c.hidden == v.ReadyHidden
	if v.ReadyHidden {
		// Anonymous: how many are still writing, not who.
		if !same || c.n != v.Busy {
			left := s.Good.Render("Everyone here is done writing.")
			if v.Busy > 0 {
				left = s.Faint.Render("Still writing: ") + fmt.Sprintf("%d of %d here", v.Busy, v.Here)
			}
			c.names = c.names[:0]
			c.ok, c.w, c.styles, c.ready, c.hidden, c.n, c.more = true, w, s, v.Me.Ready, true, v.Busy, 0
			c.line = spread(left, m.writingYou(), w)
		}
		return c.line
	}
	n, more, shown, length := 0, 0, 0, 0
	for _, p := range v.People {
		if !p.Online || p.Ready {
			continue
		}
		n++
		if length > w {
			more++
			continue
		}
		if length > 0 {
			length += len(", ")
		}
		length += len(p.Name)
		if same && (shown >= len(c.names) || c.names[shown] != p.Name) {
			same = false
		}
		shown++
	}
	if same && shown == len(c.names) && c.n == n && c.more == more {
		return c.line
	}

	var names strings.Builder
	c.names = c.names[:0]
	for _, p := range v.People {
		if !p.Online || p.Ready {
			continue
		}
		if names.Len() > w {
			continue
		}
		if names.Len() > 0 {
			names.WriteString(", ")
		}
		names.WriteString(p.Name)
		c.names = append(c.names, p.Name)
	}
	left := s.Good.Render("Everyone here is done writing.")
	if n > 0 {
		left = s.Faint.Render("Still writing: ") + names.String()
		if more > 0 {
			left += fmt.Sprintf(" and %d more", more)
		}
	}
	c.ok, c.w, c.styles, c.ready, c.hidden, c.n, c.more = true, w, s, v.Me.Ready, false, n, more
	c.line = spread(left, m.writingYou(), w)
	return c.line
}

// writingYou is the viewer's own state, at the right of the writing line.
func (m *Model) writingYou() string {
	if m.ws.view.Me.Ready {
		return m.styles.Good.Render("You: done ✓")
	}
	return m.styles.Faint.Render("You: writing (space when done)")
}
