package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The Answer phase: three columns, one per question. Everyone writes on
// their own; others' notes stay hidden unless the facilitator shows them,
// but every column says how many notes it has.

// narrowWidth is the width below which side-by-side columns and panes
// give way to one at a time.
const narrowWidth = 66

type answerState struct {
	col    int
	cursor [3]int
}

// answerNotes is the column's notes the viewer may see.
func (m *Model) answerNotes(col int) []session.NoteView {
	return m.ws.view.NotesFor(session.Questions[col])
}

// answerSelected is the highlighted note of the current column.
func (m *Model) answerSelected() (session.NoteView, bool) {
	a := &m.ws.answer
	notes := m.answerNotes(a.col)
	if len(notes) == 0 {
		return session.NoteView{}, false
	}
	return notes[clamp(a.cursor[a.col], len(notes))], true
}

func (m *Model) syncAnswerKeys() {
	k := &m.keys.answer
	v := m.ws.view
	n, ok := m.answerSelected()
	k.Edit.SetEnabled(ok && v.Mine(n.ID))
	k.Delete.SetEnabled(ok && (v.Mine(n.ID) || v.Facilitator()))
	k.ShowNotes.SetEnabled(v.Facilitator())
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
	v := ws.view
	switch {
	case key.Matches(msg, k.Up):
		a.cursor[a.col] = clamp(a.cursor[a.col]-1, len(m.answerNotes(a.col)))
	case key.Matches(msg, k.Down):
		a.cursor[a.col] = clamp(a.cursor[a.col]+1, len(m.answerNotes(a.col)))
	case key.Matches(msg, k.Left):
		a.col = (a.col + 2) % 3
	case key.Matches(msg, k.Right):
		a.col = (a.col + 1) % 3
	case key.Matches(msg, k.Add):
		q := session.Questions[a.col]
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
		return true, ws.run(session.SetReady{Ready: !v.Me.Ready})
	case pressed(msg, k.ShowNotes):
		return true, ws.run(session.SetHideNotes{Hidden: !v.Workshop.Settings.HideNotes})
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

func (m *Model) answerBody(w, h int) string {
	s := m.styles
	ws := m.ws
	v := ws.view
	a := &ws.answer

	footer := m.writingLine(w)
	boxH := max(3, h-1)
	gap := 1

	// Three columns side by side; on a narrow terminal only the current
	// one, and tab brings the next.
	shown := []int{0, 1, 2}
	if w < narrowWidth {
		shown = []int{a.col}
	}
	colW := (w - gap*(len(shown)-1)) / len(shown)
	innerW := boxInner(colW)

	heading := func(i int) string {
		if len(shown) == 1 {
			return fmt.Sprintf("%d/3 %s", i+1, session.Questions[i].Prompt())
		}
		return fmt.Sprintf("%d %s", i+1, session.Questions[i].Prompt())
	}
	// The question headings take the same height in every column, so the
	// counts and notes line up.
	heads := make([][]string, 3)
	headH := 1
	for _, i := range shown {
		heads[i] = wrapMax(heading(i), innerW, 3)
		headH = max(headH, len(heads[i]))
	}

	var cols [][]string
	for _, i := range shown {
		q := session.Questions[i]
		notes := m.answerNotes(i)
		focused := i == a.col
		var content []string
		for j := range headH {
			line := ""
			if j < len(heads[i]) {
				line = heads[i][j]
			}
			if focused {
				line = s.Heading.Render(line)
			} else {
				line = s.Bold.Render(line)
			}
			content = append(content, line)
		}
		content = append(content, s.Faint.Render(countLine(v.NoteCounts[q], len(notes))), "")

		listH := boxH - 2 - len(content)
		items := make([][]string, len(notes))
		sel := clamp(a.cursor[i], len(notes))
		for j, n := range notes {
			items[j] = m.noteBlock(n, innerW, focused && j == sel, 2)
		}
		if len(notes) == 0 && focused {
			items = [][]string{{s.Faint.Render("Press a to add a note.")}}
		}
		content = append(content, window(items, sel, listH, s.Faint)...)

		style := s.PaneIdle
		if focused {
			style = s.PaneActive
		}
		cols = append(cols, lines(box(style, content, colW, boxH)))
	}

	rows := make([]string, boxH)
	for r := range boxH {
		var b strings.Builder
		for i, col := range cols {
			if i > 0 {
				b.WriteString(strings.Repeat(" ", gap))
			}
			if r < len(col) {
				b.WriteString(col[r])
			}
		}
		rows[r] = b.String()
	}
	return strings.Join(append(rows, footer), "\n")
}

// noteBlock draws one note: a cursor mark when highlighted, "•" for the
// viewer's own and "◦" for others', the text wrapped to the width (the
// highlighted note in full, others cut to maxLines).
func (m *Model) noteBlock(n session.NoteView, w int, selected bool, maxLines int) []string {
	s := m.styles
	cur := "  "
	if selected {
		cur = s.Cursor.Render("› ")
	}
	mine := m.ws.view.Mine(n.ID)
	bullet := s.Faint.Render("◦ ")
	if mine {
		bullet = s.Mine.Render("• ")
	}
	text := n.Text
	if n.AuthorName != "" && !mine {
		text += " — " + n.AuthorName
	}
	limit := maxLines
	if selected {
		limit = 8
	}
	wrapped := wrapMax(text, max(1, w-4), limit)
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
func (m *Model) writingLine(w int) string {
	s := m.styles
	v := m.ws.view
	// Names are added only while they can show: in a room of hundreds the
	// line would otherwise be built in full and cut on every frame.
	var names strings.Builder
	n, more := 0, 0
	for _, p := range v.People {
		if !p.Online || p.Ready {
			continue
		}
		n++
		if names.Len() > w {
			more++
			continue
		}
		if names.Len() > 0 {
			names.WriteString(", ")
		}
		names.WriteString(p.Name)
	}
	left := s.Good.Render("Everyone here is done writing.")
	if n > 0 {
		left = s.Faint.Render("Still writing: ") + names.String()
		if more > 0 {
			left += fmt.Sprintf(" and %d more", more)
		}
	}
	right := s.Faint.Render("You: writing (space when done)")
	if v.Me.Ready {
		right = s.Good.Render("You: done ✓")
	}
	return spread(left, right, w)
}
