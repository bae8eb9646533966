package tui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// The terminal's real cursor is put on what has focus, so that screen
// readers and magnifiers, which follow the cursor, follow the focus: on
// the "›" of the highlighted row, or, while typing, where the next
// character goes in the input. Both are found in the finished frame: the
// highlighted row's mark is drawn by Styles.mark alone, and the focused
// input's prompt is the last such mark (inputs sit below or after what
// they belong to).

// focusCursor is where the real cursor goes in content, or nil for a
// screen with nothing focused.
func (m *Model) focusCursor(content string) *tea.Cursor {
	mark := m.styles.marked
	in := m.focusedInput()
	var at int
	if in != nil {
		at = strings.LastIndex(content, mark)
	} else {
		at = strings.Index(content, mark)
	}
	if at < 0 {
		return nil
	}
	y := strings.Count(content[:at], "\n")
	lineStart := strings.LastIndexByte(content[:at], '\n') + 1
	x := cellWidth(content[lineStart:at])
	if in != nil {
		// Past the prompt, where the next character goes; an input
		// scrolls its text within its width.
		x += 2 + min(in.Position(), max(0, in.Width()))
	}
	if !m.shareFrames {
		return tea.NewCursor(x, y)
	}
	// The host reads the cursor before the next frame (as it does the
	// frame): one per client, not one per frame.
	if m.cursor == nil {
		m.cursor = new(tea.Cursor)
	}
	*m.cursor = tea.Cursor{Position: tea.Position{X: x, Y: y}, Shape: tea.CursorBlock, Blink: true}
	return m.cursor
}

// focusedInput is the text input being typed in, if any.
func (m *Model) focusedInput() *textinput.Model {
	if m.ws != nil {
		if p := m.ws.prompt; p != nil && p.input.Focused() {
			return &p.input
		}
		return nil
	}
	if m.lobby.inputs == nil {
		return nil
	}
	if in := m.lobby.input(); in != nil && in.Focused() {
		return in
	}
	return nil
}
