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
)

type lobby struct {
	guest  bool
	field  lobbyField
	title  textinput.Model
	code   textinput.Model
	list   []session.Summary
	loaded bool
	cursor int
	busy   string // what is under way, such as "Joining ABC234…"
}

func newLobby(who session.Identity) lobby {
	l := lobby{guest: who.Guest}
	l.title = textinput.New()
	l.title.Prompt = "› "
	l.title.Placeholder = "title, e.g. Platform team — who are our customers?"
	l.title.CharLimit = session.MaxTitleLen
	l.title.KeyMap.Paste.SetEnabled(false) // it would read the server's clipboard
	l.code = textinput.New()
	l.code.Prompt = "› "
	l.code.Placeholder = "join code, e.g. K7QX2M"
	l.code.CharLimit = 12
	l.code.KeyMap.Paste.SetEnabled(false)
	l.field = fieldCreate
	if l.guest {
		l.field = fieldJoin
	}
	l.focus()
	return l
}

func (l *lobby) setStyles(s *Styles) {
	l.title.SetStyles(s.Input)
	l.code.SetStyles(s.Input)
}

func (l *lobby) setWidth(w int) {
	l.title.SetWidth(max(1, w-6))
	l.code.SetWidth(max(1, w-6))
}

// fields lists the parts of the lobby tab moves through.
func (l *lobby) fields() []lobbyField {
	var out []lobbyField
	if !l.guest {
		out = append(out, fieldCreate)
	}
	out = append(out, fieldJoin)
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
	l.title.Blur()
	l.code.Blur()
	switch l.field {
	case fieldCreate:
		return l.title.Focus()
	case fieldJoin:
		return l.code.Focus()
	}
	return nil
}

func (l *lobby) input() *textinput.Model {
	switch l.field {
	case fieldCreate:
		return &l.title
	case fieldJoin:
		return &l.code
	}
	return nil
}

func (m *Model) syncLobbyKeys() {
	k := &m.keys.lobby
	l := &m.lobby
	typing := l.input() != nil
	onList := l.field == fieldList && len(l.list) > 0
	k.Up.SetEnabled(onList)
	k.Down.SetEnabled(onList)
	k.Help.SetEnabled(!typing) // while typing, "?" is a character
	k.Clear.SetEnabled(typing && l.input().Value() != "")
	k.Next.SetEnabled(len(l.fields()) > 1)
	k.Prev.SetEnabled(len(l.fields()) > 1)
	switch l.field {
	case fieldCreate:
		k.Submit.SetHelp("enter", "create")
	case fieldJoin:
		k.Submit.SetHelp("enter", "join")
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
		return nil
	case createdMsg:
		if msg.err != nil {
			l.busy = ""
			m.warn(msg.err)
			return nil
		}
		l.title.Reset()
		return m.startJoin(msg.code)
	case tea.KeyPressMsg:
		k := m.keys.lobby
		switch {
		case key.Matches(msg, k.Next):
			return l.move(1)
		case key.Matches(msg, k.Prev):
			return l.move(-1)
		case key.Matches(msg, k.Up):
			l.cursor = clamp(l.cursor-1, len(l.list))
			return nil
		case key.Matches(msg, k.Down):
			l.cursor = clamp(l.cursor+1, len(l.list))
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
	if in := l.input(); in != nil {
		var cmd tea.Cmd
		*in, cmd = in.Update(msg)
		return cmd
	}
	return nil
}

func (m *Model) lobbySubmit() tea.Cmd {
	l := &m.lobby
	m.status = status{}
	switch l.field {
	case fieldCreate:
		title := strings.TrimSpace(l.title.Value())
		if title == "" {
			m.status = status{text: "Type a title for the workshop first.", warn: true}
			return nil
		}
		l.busy = "Creating “" + title + "”…"
		return createWorkshop(m.opts.Manager, m.opts.Identity, title)
	case fieldJoin:
		code := strings.TrimSpace(l.code.Value())
		if code == "" {
			m.status = status{text: "Type the join code you were given.", warn: true}
			return nil
		}
		l.code.Reset()
		return m.startJoin(code)
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
			return s.Cursor.Render("› ") + s.Heading.Render(title)
		}
		return "  " + s.Bold.Render(title)
	}

	out = append(out, section(fieldCreate, "Create a workshop"))
	if l.guest {
		out = append(out, s.Faint.Render("    Guests can't create workshops: connect with an SSH key to facilitate."))
	} else {
		out = append(out, "  "+l.title.View())
	}
	out = append(out, "")
	out = append(out, section(fieldJoin, "Join by code"))
	out = append(out, "  "+l.code.View())
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
				row = s.Cursor.Render("  › ") + s.Current.Render(row)
			} else {
				row = "    " + row
			}
			items[i] = []string{row}
		}
		out = append(out, window(items, l.cursor, max(1, rest), s.Faint)...)
	}
	return strings.Join(out, "\n")
}
