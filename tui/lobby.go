package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The lobby is where a client lands before any workshop: who they are,
// creating a workshop, joining one by code, and resuming their own.

type lobbyField int

const (
	fieldCreate lobbyField = iota
	fieldJoin
	fieldList
	fieldSettings // theme, motion, bell (settings.go)
)

type lobby struct {
	guest  bool
	field  lobbyField
	inputs *lobbyInputs // nil until the lobby is first used: most join straight in
	styles *Styles
	width  int
	list   []session.Summary
	loaded bool
	// templates are what a new workshop may start from, template the
	// one chosen (the first, Heffernan's, until the viewer picks).
	templates []session.Template
	template  int
	cursor    int
	setting   int    // the highlighted row of the settings
	busy      string // what is under way, such as "Joining ABC234…"
}

// lobbyInputs are the lobby's two text inputs (~15 KiB), made when the
// lobby is first shown: a participant who joins with `join CODE` may never
// see it.
type lobbyInputs struct {
	title, code textinput.Model
}

func newLobby(who session.Identity) lobby {
	l := lobby{guest: who.Guest}
	l.field = fieldCreate
	if l.guest {
		l.field = fieldJoin
	}
	return l
}

// in returns the lobby's inputs, making them on first use.
func (l *lobby) in() *lobbyInputs {
	if l.inputs != nil {
		return l.inputs
	}
	in := &lobbyInputs{title: textinput.New(), code: textinput.New()}
	in.title.Prompt = "› "
	in.title.Placeholder = "title, e.g. Platform team — who are our customers?"
	in.title.CharLimit = session.MaxTitleLen
	in.title.KeyMap.Paste.SetEnabled(false) // it would read the server's clipboard
	in.code.Prompt = "› "
	in.code.Placeholder = "join code, e.g. K7QX2M"
	in.code.CharLimit = 12
	in.code.KeyMap.Paste.SetEnabled(false)
	l.inputs = in
	if l.styles != nil {
		l.setStyles(l.styles)
	}
	l.setWidth(l.width)
	l.focus()
	return in
}

func (l *lobby) setStyles(s *Styles) {
	l.styles = s
	if l.inputs != nil {
		l.inputs.title.SetStyles(s.Input)
		l.inputs.code.SetStyles(s.Input)
	}
}

func (l *lobby) setWidth(w int) {
	l.width = w
	if l.inputs != nil {
		l.inputs.title.SetWidth(max(1, w-6))
		l.inputs.code.SetWidth(max(1, w-6))
	}
}

// fields lists the parts of the lobby tab moves through.
func (l *lobby) fields() []lobbyField {
	var out []lobbyField
	if !l.guest {
		out = append(out, fieldCreate)
	}
	out = append(out, fieldJoin, fieldSettings)
	if len(l.list) > 0 {
		out = append(out, fieldList)
	}
	return out
}

func (l *lobby) move(delta int) tea.Cmd {
	fs := l.fields()
	i := 0
	for j, f := range fs {
		if f == l.field {
			i = j
		}
	}
	l.field = fs[(i+delta+len(fs))%len(fs)]
	return l.focus()
}

// focus puts the text cursor in the current field's input, if it has one.
func (l *lobby) focus() tea.Cmd {
	in := l.in()
	in.title.Blur()
	in.code.Blur()
	switch l.field {
	case fieldCreate:
		return in.title.Focus()
	case fieldJoin:
		return in.code.Focus()
	}
	return nil
}

func (l *lobby) input() *textinput.Model {
	switch l.field {
	case fieldCreate:
		return &l.in().title
	case fieldJoin:
		return &l.in().code
	}
	return nil
}

func (m *Model) syncLobbyKeys() {
	k := &m.keys.lobby
	l := &m.lobby
	// Not l.input(): keys are synced on every update, and the inputs are
	// made only once the lobby is used (an input not made yet is empty).
	typing := l.field == fieldCreate || l.field == fieldJoin
	onList := l.field == fieldList && len(l.list) > 0 || l.field == fieldSettings
	k.Up.SetEnabled(onList)
	k.Down.SetEnabled(onList)
	k.Template.SetEnabled(l.field == fieldCreate && len(l.templates) > 1)
	k.Help.SetEnabled(!typing) // while typing, "?" is a character
	k.Clear.SetEnabled(typing && l.inputs != nil && l.input().Value() != "")
	k.Next.SetEnabled(len(l.fields()) > 1)
	k.Prev.SetEnabled(len(l.fields()) > 1)
	switch l.field {
	case fieldCreate:
		k.Submit.SetHelp("enter", "create")
	case fieldJoin:
		k.Submit.SetHelp("enter", "join")
	case fieldSettings:
		k.Submit.SetHelp("enter", "change")
	default:
		k.Submit.SetHelp("enter", "open")
	}
	k.Submit.SetEnabled(l.busy == "")
}

func (m *Model) updateLobby(msg tea.Msg) tea.Cmd {
	l := &m.lobby
	switch msg := msg.(type) {
	case workshopsMsg:
		if msg.err != nil {
			m.warn(msg.err)
			return nil
		}
		l.list, l.loaded = msg.list, true
		l.cursor = clamp(l.cursor, len(l.list))
		if len(msg.templates) > 0 {
			l.templates = msg.templates
			l.template = clamp(l.template, len(l.templates))
		}
		return nil
	case createdMsg:
		if msg.err != nil {
			l.busy = ""
			m.warn(msg.err)
			return nil
		}
		l.in().title.Reset()
		return m.startJoin(msg.code)
	case prefsSavedMsg:
		m.prefsSaved(msg)
		return nil
	case tea.KeyPressMsg:
		k := m.keys.lobby
		switch {
		case key.Matches(msg, k.Next):
			return l.move(1)
		case key.Matches(msg, k.Prev):
			return l.move(-1)
		case key.Matches(msg, k.Up) && l.field == fieldSettings:
			l.setting = clamp(l.setting-1, settingCount)
			return nil
		case key.Matches(msg, k.Down) && l.field == fieldSettings:
			l.setting = clamp(l.setting+1, settingCount)
			return nil
		case key.Matches(msg, k.Up):
			l.cursor = clamp(l.cursor-1, len(l.list))
			return nil
		case key.Matches(msg, k.Down):
			l.cursor = clamp(l.cursor+1, len(l.list))
			return nil
		case key.Matches(msg, k.Template):
			l.template = (l.template + 1) % len(l.templates)
			return nil
		case key.Matches(msg, k.Submit):
			return m.lobbySubmit()
		case key.Matches(msg, k.Clear):
			l.input().Reset()
			return nil
		case key.Matches(msg, k.Help):
			m.showAllHelp = !m.showAllHelp
			return nil
		}
		m.status = status{}
	}
	if l.inputs == nil && !typed(msg) {
		return nil // nothing for inputs that were never shown
	}
	if in := l.input(); in != nil {
		var cmd tea.Cmd
		*in, cmd = in.Update(msg)
		return cmd
	}
	return nil
}

// typed reports whether msg is something typed: a key or a paste.
func typed(msg tea.Msg) bool {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		return true
	}
	return false
}

func (m *Model) lobbySubmit() tea.Cmd {
	l := &m.lobby
	m.status = status{}
	switch l.field {
	case fieldCreate:
		title := strings.TrimSpace(l.in().title.Value())
		if title == "" {
			m.status = status{text: "Type a title for the workshop first.", warn: true}
			return nil
		}
		l.busy = "Creating “" + title + "”…"
		template := ""
		if len(l.templates) > 0 {
			template = l.templates[clamp(l.template, len(l.templates))].Name
		}
		return createWorkshop(m.opts.Manager, m.opts.Identity, title, template)
	case fieldJoin:
		code := strings.TrimSpace(l.in().code.Value())
		if code == "" {
			m.status = status{text: "Type the join code you were given.", warn: true}
			return nil
		}
		l.in().code.Reset()
		return m.startJoin(code)
	case fieldSettings:
		return m.changeSetting()
	case fieldList:
		if len(l.list) == 0 {
			return nil
		}
		return m.startJoin(l.list[clamp(l.cursor, len(l.list))].Code)
	}
	return nil
}

// whoami says who the viewer is: their name and a short form of their key.
func whoami(id session.Identity) string {
	if id.Guest {
		name := id.Name
		if name == "" {
			name = "guest"
		}
		return name + " (guest, no SSH key)"
	}
	name := id.Name
	if name == "" {
		name = "someone"
	}
	return fmt.Sprintf("%s (key %s)", name, truncate(id.ID, 20))
}

func (m *Model) viewLobby(w, h int) string {
	s := m.styles
	iw := max(1, w-2)
	header := []string{
		truncate(spread(s.Brand.Render("forwhom")+s.Faint.Render(" · Who's your customer?"), s.Faint.Render("lobby"), iw), iw),
		truncate(m.rule(iw), iw),
	}
	hint := "Create a workshop, join one with its code, or resume one of yours."
	if m.lobby.busy != "" {
		hint = m.lobby.busy
	}
	return m.page(w, h, header, nil, hint, m.lobbyBody)
}

func (m *Model) lobbyBody(w, h int) string {
	s := m.styles
	l := &m.lobby
	var out []string
	out = append(out, "You are "+s.Bold.Render(whoami(m.opts.Identity)), "")

	section := func(f lobbyField, title string) string {
		if l.field == f {
			return s.mark(true) + s.Heading.Render(title)
		}
		return s.mark(false) + s.Bold.Render(title)
	}

	// While `join CODE` is joining, the inputs are left out: they are
	// made only if the lobby is really used (most never see it).
	input := func(in func(*lobbyInputs) *textinput.Model) string {
		if l.inputs == nil && l.busy != "" {
			return ""
		}
		return "  " + in(l.in()).View()
	}
	out = append(out, section(fieldCreate, "Create a workshop"))
	if l.guest {
		out = append(out, s.Faint.Render("    Guests can't create workshops: connect with an SSH key to facilitate."))
	} else {
		out = append(out, input(func(in *lobbyInputs) *textinput.Model { return &in.title }))
		if len(l.templates) > 1 {
			out = append(out, m.templateLine(w))
		}
	}
	out = append(out, "")
	out = append(out, section(fieldJoin, "Join by code"))
	out = append(out, input(func(in *lobbyInputs) *textinput.Model { return &in.code }))
	out = append(out, "")
	out = append(out, section(fieldSettings, "Settings"))
	out = append(out, m.settingsLines()...)
	out = append(out, "")
	out = append(out, section(fieldList, "Your workshops"))

	rest := h - len(out)
	switch {
	case !l.loaded:
		out = append(out, s.Faint.Render("    Loading…"))
	case len(l.list) == 0:
		out = append(out, s.Faint.Render("    None yet. Workshops you create or join show up here."))
	default:
		codeW, phaseW, peopleW, roleW := 6, 10, 9, 11
		titleW := max(8, min(50, w-4-codeW-phaseW-peopleW-roleW-4))
		out = append(out, s.Faint.Render("    "+pad("Code", codeW)+" "+pad("Title", titleW)+" "+pad("Phase", phaseW)+" "+
			pad("People", peopleW)+" "+pad("Your role", roleW)))
		rest--
		items := make([][]string, len(l.list))
		for i, ws := range l.list {
			role := "participant"
			if ws.Role == session.RoleFacilitator {
				role = "facilitator"
			}
			row := ws.Code + " " + pad(ws.Title, titleW) + " " + pad(ws.Phase.Title(), phaseW) + " " +
				pad(plural(ws.Participants, "person", "people"), peopleW) + " " + pad(role, roleW)
			if l.field == fieldList && i == l.cursor {
				row = "  " + s.mark(true) + s.Current.Render(row)
			} else {
				row = "    " + row
			}
			items[i] = []string{row}
		}
		out = append(out, window(items, l.cursor, max(1, rest), s.Faint)...)
	}
	return strings.Join(out, "\n")
}

// templateLine shows the template a new workshop starts from, which
// ctrl+t changes while the title is being typed.
func (m *Model) templateLine(w int) string {
	s := m.styles
	l := &m.lobby
	t := l.templates[clamp(l.template, len(l.templates))]
	about := t.About
	if about == "" {
		about = "yours: " + plural(t.Questions.Len(), "question", "questions")
	}
	name := s.Bold.Render(t.Name)
	if l.field == fieldCreate {
		name = s.Current.Render(t.Name) + s.Faint.Render(" (ctrl+t)")
	}
	return truncate("    Questions from "+name+"  "+s.Faint.Render(about), w)
}
