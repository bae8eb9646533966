package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The people panel: everyone in the workshop, whether they are here and
// done, and for facilitators the moderation keys: remove someone, make
// them a co-facilitator, or hand facilitation over.

type peopleState struct {
	cursor int
}

func (m *Model) peopleCurrent() (session.Person, bool) {
	people := m.ws.view.People
	if len(people) == 0 {
		return session.Person{}, false
	}
	return people[clamp(m.ws.people.cursor, len(people))], true
}

func (m *Model) syncPeopleKeys() {
	k := &m.keys.people
	v := m.ws.view
	p, ok := m.peopleCurrent()
	other := ok && p.ID != v.Me.ID
	fac := v.Can.Facilitate
	k.Remove.SetEnabled(fac && other)
	k.CoFac.SetEnabled(fac && other)
	k.HandOver.SetEnabled(fac && other)
	if ok && p.Role == session.RoleFacilitator {
		k.CoFac.SetHelp("c", "make participant")
	} else {
		k.CoFac.SetHelp("c", "make co-facilitator")
	}
}

func (m *Model) peopleKey(msg tea.KeyPressMsg) tea.Cmd {
	ws := m.ws
	k := m.keys.people
	p, _ := m.peopleCurrent()
	switch {
	case key.Matches(msg, k.Up):
		ws.people.cursor = clamp(ws.people.cursor-1, len(ws.view.People))
	case key.Matches(msg, k.Down):
		ws.people.cursor = clamp(ws.people.cursor+1, len(ws.view.People))
	case key.Matches(msg, k.Close):
		ws.overlay = overlayNone
	case key.Matches(msg, k.Help):
		m.showAllHelp = !m.showAllHelp
	case key.Matches(msg, k.Remove):
		ws.confirm = &confirm{
			question: fmt.Sprintf("Remove %s? Their notes stay; they can't rejoin.", p.Name),
			cmd:      session.RemoveParticipant{Participant: p.ID},
		}
	case key.Matches(msg, k.HandOver):
		ws.confirm = &confirm{
			question: fmt.Sprintf("Hand facilitation to %s? You become a participant.", p.Name),
			cmd:      session.HandOver{Participant: p.ID},
		}
	case pressed(msg, k.CoFac): // sends at once: a participant hears the session's refusal
		role := session.RoleFacilitator
		if ws.wantedRole(p.ID, p.Role) == session.RoleFacilitator {
			role = session.RoleParticipant
		}
		return ws.run(session.SetRole{Participant: p.ID, Role: role})
	}
	return nil
}

func (m *Model) peopleHint() string {
	if m.ws.view.Can.Facilitate {
		return "● here  ○ away. Facilitators can remove people and share facilitation."
	}
	return "● here  ○ away."
}

// readyWord says what "ready" means in this phase.
func readyWord(phase session.Phase, ready bool) string {
	switch phase {
	case session.PhaseAnswer:
		if ready {
			return "done writing"
		}
		return "writing"
	case session.PhaseVote:
		if ready {
			return "done voting"
		}
		return "voting"
	}
	return ""
}

func (m *Model) peopleBody(w, h int) string {
	s := m.styles
	v := m.ws.view
	counts := fmt.Sprintf(" · %d in the workshop · %d here", len(v.People), v.Here)
	if v.Workshop.Settings.Anonymous {
		counts += " · anonymous: others' note counts hidden"
	}
	out := []string{
		s.Heading.Render("People") + s.Faint.Render(truncate(counts, max(0, w-6))),
		"",
	}
	nameW := max(10, min(30, w-50))
	head := "    " + pad("Name", nameW) + " " + pad("Role", 12) + " " + pad("Notes", 6) + " " + "Status"
	out = append(out, s.Faint.Render(truncate(head, w)))
	sel := clamp(m.ws.people.cursor, len(v.People))
	// Only the rows that show are drawn.
	row := func(i int) []string {
		p := v.People[i]
		cur := s.mark(i == sel)
		name := p.Name
		if p.ID == v.Me.ID {
			name += " (you)"
		}
		if i == sel {
			name = s.Current.Render(name)
		}
		dot := s.Online.Render("●")
		if !p.Online {
			dot = s.Offline.Render("○")
		}
		role := "participant"
		if p.Role == session.RoleFacilitator {
			role = "facilitator"
		}
		var state []string
		if !p.Online {
			state = append(state, "away")
		} else if p.ID == v.Me.ID {
			if w := readyWord(v.Workshop.Phase, v.Me.Ready); w != "" {
				state = append(state, w)
			}
		} else if w := readyWord(v.Workshop.Phase, p.Ready); w != "" && !v.ReadyHidden {
			state = append(state, w)
		}
		if p.Guest {
			state = append(state, "guest")
		}
		notes := "·" // anonymous: only one's own count is known
		if n, ok := v.NotesBy(p.ID); ok {
			notes = strconv.Itoa(n)
		}
		row := cur + dot + " " + pad(name, nameW) + " " + pad(role, 12) + " " + pad(notes, 6) + " " +
			s.Faint.Render(strings.Join(state, ", "))
		return []string{row}
	}
	out = windowN(len(v.People), sel, max(1, h-len(out)), s.Faint, func(int) int { return 1 }, row, out)
	return strings.Join(out, "\n")
}
