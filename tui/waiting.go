package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The workshop's Lobby phase: the room gathers. It shows the join code big
// enough to read off a shared screen, the command to join with, who is
// here, and what is ahead.

func (m *Model) waitingKey(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := m.keys.waiting
	switch {
	case key.Matches(msg, k.Rename):
		return true, m.openPrompt(&prompt{kind: promptRename, label: "Your name"},
			m.ws.view.Me.Name, "how the room sees you", session.MaxNameLen)
	case key.Matches(msg, k.Questions):
		m.ws.overlay = overlayQuestions
		m.ws.questions.cursor = 0
		return true, nil
	case key.Matches(msg, k.Up):
		m.ws.earlier = clamp(m.ws.earlier-1, len(reviewItems(m.ws.view.Earlier)))
		return true, nil
	case key.Matches(msg, k.Down):
		m.ws.earlier = clamp(m.ws.earlier+1, len(reviewItems(m.ws.view.Earlier)))
		return true, nil
	case key.Matches(msg, k.Review):
		if items := reviewItems(m.ws.view.Earlier); len(items) > 0 {
			it := items[clamp(m.ws.earlier, len(items))]
			return true, m.ws.run(session.ReviewEarlier{Segment: it.seg, Step: it.step, Status: nextReview(it.status)})
		}
	}
	return false, nil
}

func (m *Model) waitingHint() string {
	if v := m.ws.view; v.Can.EditQuestions {
		return "When everyone is here, press > to start answering. Q changes the questions."
	} else if v.Can.Facilitate {
		return "When everyone is here, press > to start answering."
	}
	return "Waiting for the facilitator to start. Press r to change your name."
}

// joinCommand is the command that joins this workshop, built from the
// way this client reached the server.
func (m *Model) joinCommand() string {
	code := m.ws.view.Workshop.Code
	hint := strings.TrimSpace(m.opts.ExportHint)
	if hint == "" {
		return "join " + code
	}
	// "ssh -p 23234 host" becomes "ssh -p 23234 -t host join CODE": -t
	// asks for a terminal, which the interface needs.
	fields := strings.Fields(hint)
	if len(fields) >= 2 && fields[0] == "ssh" {
		host := fields[len(fields)-1]
		opts := strings.Join(fields[1:len(fields)-1], " ")
		if opts != "" {
			opts += " "
		}
		return "ssh " + opts + "-t " + host + " join " + code
	}
	return hint + " join " + code
}

func (m *Model) waitingBody(w, h int) string {
	s := m.styles
	v := m.ws.view
	code := strings.Join(strings.Split(v.Workshop.Code, ""), " ")

	codeBox := s.CodeBox.Render(code)
	top := []string{s.Title.Render(v.Workshop.Title), "", s.Faint.Render("Join code")}
	top = append(top, lines(codeBox)...)
	top = append(top, s.Faint.Render("Join from any terminal:"), s.Command.Render(m.joinCommand()))

	// Who is here, and what is ahead, side by side when there is room.
	people := m.presenceList(v.People, max(1, h-len(top)-2))
	const aheadW = 40
	qs := v.Workshop.Questions
	ahead := []string{s.Heading.Render("The questions ahead")}
	for i, d := range qs.Defs() {
		text := d.Prompt
		if qs.IsWho(session.Question(i)) && !qs.Default() {
			text += " (who)"
		}
		for j, l := range wrapMax(text, aheadW-2, 2) {
			lead := fmt.Sprintf("%d ", i+1)
			if j > 0 {
				lead = "  "
			}
			ahead = append(ahead, lead+l)
		}
	}
	nq := len(ahead)
	if len(v.Earlier) > 0 {
		// A follow-up: what came out last time takes the place of how to
		// take part, which the room knows.
		ahead = append(ahead, "")
		ahead = append(ahead, m.earlierLines(aheadW, max(2, h-len(top)-len(ahead)-2))...)
	} else {
		ahead = append(ahead,
			"",
			s.Heading.Render("How to take part"),
			"Answer on your own: one idea per note.",
			"Then group the “who” answers into",
			"customer segments, vote with dots,",
			"and pick the segments that matter.",
		)
	}
	var out []string
	out = append(out, top...)
	out = append(out, "")
	if w >= 70 {
		leftW := w - aheadW - 2
		rows := max(len(people), len(ahead))
		for i := range rows {
			l, r := "", ""
			if i < len(people) {
				l = people[i]
			}
			if i < len(ahead) {
				r = ahead[i]
			}
			out = append(out, pad(l, leftW)+"  "+truncate(r, aheadW))
		}
	} else {
		out = append(out, people...)
		out = append(out, "")
		out = append(out, ahead[:nq]...)
	}
	return strings.Join(out, "\n")
}

// presenceList lists people as "● Name  facilitator", at most h lines.
func (m *Model) presenceList(people []session.Person, h int) []string {
	s := m.styles
	out := []string{s.Heading.Render("Who is here") + s.Faint.Render(" ("+plural(m.ws.view.Here, "person", "people")+")")}
	// Only the lines that show are drawn: a room of hundreds fills one
	// join at a time, and each join redraws every screen already in it.
	return windowN(len(people), 0, max(1, h-1), s.Faint,
		func(int) int { return 1 },
		func(i int) []string { return []string{m.personLine(people[i])} }, out)
}

// personLine is one person: presence dot, name, and what they are.
func (m *Model) personLine(p session.Person) string {
	s := m.styles
	dot := s.Online.Render("●")
	if !p.Online {
		dot = s.Offline.Render("○")
	}
	var tags []string
	if p.ID == m.ws.view.Me.ID {
		tags = append(tags, "you")
	}
	if p.Role == session.RoleFacilitator {
		tags = append(tags, "facilitator")
	}
	if p.Guest {
		tags = append(tags, "guest")
	}
	if !p.Online {
		tags = append(tags, "away")
	}
	out := dot + " " + p.Name
	if len(tags) > 0 {
		out += s.Faint.Render(" · " + strings.Join(tags, ", "))
	}
	return out
}
