package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// A prompt is a one-line text input under the screen: a note, a name, a
// filter, a number. enter submits, esc backs out.

type promptKind int

const (
	promptNote promptKind = iota
	promptEditNote
	promptRename
	promptNewSegment
	promptRenameSegment
	promptGroupFilter
	promptPrioFilter
	promptTimer
	promptVoteSettings
	promptRetitle
	promptSuggestionName
	promptStepText
	promptStepOwner
	promptStepDue
	promptTimeBox
	promptRank
	promptQuestion
	promptQuestionShort
	promptQuestionAdd
	promptTemplateUse
	promptTemplateSave
	promptAgain
)

type prompt struct {
	kind  promptKind
	label string
	input textinput.Model

	question session.Question // promptNote, promptQuestion, promptQuestionShort
	note     int64            // promptEditNote
	segment  int64            // promptRenameSegment
	notes    []int64          // promptNewSegment

	suggestion session.SuggestedSegment // promptSuggestionName

	// view is the last drawing of the prompt with all it was drawn from:
	// a participant with a prompt open gets a frame on every change in
	// the room, and the input's own View is the costliest part of it.
	view struct {
		key promptViewKey
		s   string
		ok  bool
	}
	// edits counts what was done to the input (each message it took, each
	// reset): the view's key, in place of the value, which the input
	// would copy into a new string on every frame.
	edits int
}

type promptViewKey struct {
	styles       *Styles
	w, inputW    int
	edits        int
	pos          int
	focused      bool
	label, place string
}

// openPrompt puts a prompt in front, with an initial value.
func (m *Model) openPrompt(p *prompt, value, placeholder string, limit int) tea.Cmd {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.KeyMap.Paste.SetEnabled(false) // it would read the server's clipboard
	in.SetStyles(m.styles.Input)
	in.SetValue(value)
	in.CursorEnd()
	p.input = in
	p.setWidth(m.width - 2)
	m.ws.prompt = p
	m.status = status{}
	return p.input.Focus()
}

func (p *prompt) setWidth(w int) {
	p.input.SetWidth(max(1, w-cellWidth(p.label)-4))
}

func (m *Model) promptView(w int) string {
	p := m.ws.prompt
	k := promptViewKey{
		styles: m.styles, w: w, inputW: p.input.Width(),
		edits: p.edits, pos: p.input.Position(), focused: p.input.Focused(),
		label: p.label, place: p.input.Placeholder,
	}
	if !p.view.ok || p.view.key != k {
		p.view.key, p.view.ok = k, true
		p.view.s = truncate(m.styles.Heading.Render(p.label)+" "+p.input.View(), w)
	}
	return p.view.s
}

// promptUpdate passes a message (a key, a paste, a cursor blink) to the
// input; a filter follows the input as it changes.
func (m *Model) promptUpdate(msg tea.Msg) tea.Cmd {
	ws := m.ws
	p := ws.prompt
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	p.edits++
	switch p.kind {
	case promptGroupFilter:
		ws.group.filter = p.input.Value()
		m.reconcileGroup()
	case promptPrioFilter:
		ws.prio.filter = p.input.Value()
		m.reconcilePrio()
	}
	return cmd
}

func (m *Model) promptKey(msg tea.KeyPressMsg) tea.Cmd {
	ws := m.ws
	p := ws.prompt
	k := m.keys.prompt
	switch {
	case key.Matches(msg, k.Submit):
		return m.submitPrompt()
	case key.Matches(msg, k.Cancel):
		switch p.kind {
		case promptGroupFilter:
			ws.group.filter = ""
		case promptPrioFilter:
			ws.prio.filter = ""
		}
		ws.prompt = nil
		return nil
	}
	m.status = status{}
	return m.promptUpdate(msg)
}

// pasteNotes takes lines pasted into the note input as they would be
// typed: each line break adds the note written so far, so a pasted list
// becomes one note per line, in its order; the text after the last break
// stays in the input. Blank lines are skipped.
func (m *Model) pasteNotes(content string) tea.Cmd {
	content = strings.ReplaceAll(content, "\r\n", "\n")
	lines := strings.Split(strings.ReplaceAll(content, "\r", "\n"), "\n")
	var cmds []tea.Cmd
	for i, line := range lines {
		if text := session.Sanitize(line, session.MaxNoteLen); text != "" {
			cmds = append(cmds, m.promptUpdate(tea.PasteMsg{Content: text}))
		}
		if i < len(lines)-1 && strings.TrimSpace(m.ws.prompt.input.Value()) != "" {
			cmds = append(cmds, m.submitPrompt())
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) submitPrompt() tea.Cmd {
	ws := m.ws
	p := ws.prompt
	value := strings.TrimSpace(p.input.Value())
	closeIt := func() { ws.prompt = nil }
	switch p.kind {
	case promptNote:
		// The input stays open for the next note.
		if value == "" {
			m.note("Type a note, or press esc to stop adding.")
			return nil
		}
		p.input.Reset()
		p.edits++
		return ws.run(session.AddNote{Question: p.question, Text: value})
	case promptEditNote:
		closeIt()
		return ws.run(session.EditNote{Note: p.note, Text: value})
	case promptRename:
		closeIt()
		return ws.run(session.Rename{Name: value})
	case promptNewSegment:
		closeIt()
		return ws.send(afterClearPicks, session.GroupNotes{Name: value, Notes: p.notes})
	case promptRenameSegment:
		closeIt()
		return ws.run(session.RenameSegment{Segment: p.segment, Name: value})
	case promptGroupFilter, promptPrioFilter:
		closeIt()
		return nil
	case promptTimer:
		d, ok := parseMinutes(value)
		if !ok {
			m.status = status{text: "Type the timer's length in minutes, such as 5 or 2.5 (0 clears it).", warn: true}
			return nil
		}
		closeIt()
		if d > 0 {
			m.note("Timer set: " + clock(d) + ".")
		}
		return ws.run(session.SetTimer{Duration: d})
	case promptVoteSettings:
		set := ws.view.Workshop.Settings
		budget, per, ok := parseVoteSettings(value, set.MaxPerSegment)
		if !ok {
			m.status = status{text: "Type the dots per person and the most on one segment, such as 5 3.", warn: true}
			return nil
		}
		closeIt()
		return ws.run(session.SetVoteSettings{Budget: budget, MaxPerSegment: per})
	case promptRetitle:
		closeIt()
		return ws.run(session.Retitle{Title: value})
	case promptSuggestionName:
		closeIt()
		sg := p.suggestion
		if value != "" {
			sg.Name = value
		}
		return m.acceptSuggestion(sg)
	case promptStepText, promptStepOwner, promptStepDue:
		return m.submitStepPrompt(p, value)
	case promptRank:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > len(ws.view.Segments) {
			m.status = status{text: fmt.Sprintf("Type a rank from 1 to %d.", len(ws.view.Segments)), warn: true}
			return nil
		}
		closeIt()
		return m.discussGo(n - 1)
	case promptTimeBox:
		d, ok := parseMinutes(value)
		if !ok {
			m.status = status{text: "Type the minutes per segment, such as 5 or 2:30 (0 turns the time box off).", warn: true}
			return nil
		}
		closeIt()
		return ws.run(session.SetTimeBox{Duration: d})
	case promptQuestion, promptQuestionShort, promptQuestionAdd, promptTemplateUse, promptTemplateSave:
		return m.submitQuestionPrompt(p, value)
	case promptAgain:
		closeIt()
		return startAgain(m.opts.Manager, m.opts.Identity, ws.view.Workshop.Code, value)
	}
	closeIt()
	return nil
}

// parseMinutes reads "5", "2.5" or "1:30" as a duration.
func parseMinutes(s string) (time.Duration, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(strings.ToLower(s)), "m")
	s = strings.TrimSpace(strings.TrimSuffix(s, "min"))
	if mm, ss, ok := strings.Cut(s, ":"); ok {
		a, err1 := strconv.Atoi(mm)
		b, err2 := strconv.Atoi(ss)
		if err1 != nil || err2 != nil || a < 0 || b < 0 || b > 59 {
			return 0, false
		}
		return time.Duration(a)*time.Minute + time.Duration(b)*time.Second, true
	}
	f, err := strconv.ParseFloat(s, 64)
	// The session decides how long a timer may run; this only keeps the
	// number a duration (no NaN, no overflow).
	if err != nil || !(f >= 0 && f <= 1e6) {
		return 0, false
	}
	return time.Duration(f * float64(time.Minute)).Round(time.Second), true
}

// parseVoteSettings reads "5 3" (budget, most per segment) or just "5",
// which keeps the per-segment cap unless it exceeds the budget.
func parseVoteSettings(s string, curPer int) (budget, per int, ok bool) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '/' })
	if len(fields) == 0 || len(fields) > 2 {
		return 0, 0, false
	}
	budget, err := strconv.Atoi(fields[0])
	if err != nil {
		return 0, 0, false
	}
	per = min(curPer, budget)
	if len(fields) == 2 {
		if per, err = strconv.Atoi(fields[1]); err != nil {
			return 0, 0, false
		}
	}
	return budget, per, true
}

// voteSettingsText describes the vote settings: "5 dots, at most 3 on one segment".
func voteSettingsText(set session.Settings) string {
	return fmt.Sprintf("%s, at most %d on one segment", plural(set.DotBudget, "dot", "dots"), set.MaxPerSegment)
}
