package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The Done phase: a read-only summary of the result, scrollable; the
// facilitator also sees the commands that export it.

type doneState struct {
	vp viewport.Model
}

func newDoneState() doneState {
	vp := viewport.New()
	vp.KeyMap = viewport.KeyMap{} // keys come from doneKeys
	return doneState{vp: vp}
}

// sizeDone gives the viewport the body's size and the current summary.
func (m *Model) sizeDone(w, h int) *viewport.Model {
	vp := &m.ws.done.vp
	vp.SetWidth(w)
	vp.SetHeight(h)
	vp.SetContent(m.doneContent(w))
	return vp
}

// doneBodySize is the body's size as viewWorkshop lays it out.
func (m *Model) doneBodySize() (int, int) {
	helpLines := len(m.helpView(max(1, m.width-2), m.width-2))
	return max(1, m.width-2), max(1, m.height-3-1-helpLines)
}

func (m *Model) doneKey(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := m.keys.done
	vp := m.sizeDone(m.doneBodySize())
	switch {
	case key.Matches(msg, k.Up):
		vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		vp.PageUp()
	case key.Matches(msg, k.PageDn):
		vp.PageDown()
	default:
		return false, nil
	}
	return true, nil
}

func (m *Model) doneHint() string {
	if m.ws.view.Can.Facilitate {
		return "The workshop is done. Copy an export command to keep the result."
	}
	return "The workshop is done. Thank you for taking part!"
}

func (m *Model) doneBody(w, h int) string {
	// A copy: View must not change the model.
	vp := m.ws.done.vp
	vp.SetWidth(w)
	vp.SetHeight(h)
	vp.SetContent(m.doneContent(w))
	return vp.View()
}

// exportCommands are the commands a facilitator runs to export the result.
func (m *Model) exportCommands() []string {
	hint := strings.TrimSpace(m.opts.ExportHint)
	if hint == "" {
		hint = "ssh HOST"
	}
	code := m.ws.view.Workshop.Code
	var out []string
	for _, f := range session.Formats {
		out = append(out, fmt.Sprintf("%s export %s --format %s", hint, code, f))
	}
	return out
}

func (m *Model) doneContent(w int) string {
	s := m.styles
	v := m.ws.view
	var out []string
	heading := s.Heading.Render("Prioritized segments")
	if len(v.Segments) > 1 && v.Segments[0].Tied {
		names := []string{v.Segments[0].Name}
		for _, o := range v.TiedWith(v.Segments[0]) {
			names = append(names, o.Name)
		}
		heading += s.Faint.Render(" · a tie for first place: ") + s.Bold.Render(strings.Join(names, ", "))
	}
	out = append(out, truncate(heading, w))
	if len(v.Segments) == 0 {
		out = append(out, s.Faint.Render("  No segments were made."))
	}
	maxVotes := 0
	for _, seg := range v.Segments {
		maxVotes = max(maxVotes, seg.Votes)
	}
	barW := min(20, max(6, w/5))
	marksW := 0
	for _, seg := range v.Segments {
		marksW = max(marksW, cellWidth(m.marksText(seg.Marks, true)))
	}
	nameW := max(10, min(40, w-5-1-barW-10-2-marksW))
	for _, seg := range v.Segments {
		f := 0.0
		if maxVotes > 0 {
			f = float64(seg.Votes) / float64(maxVotes)
		}
		place := rankText(seg)
		if !seg.Tied {
			place += "."
		}
		line := fmt.Sprintf("%4s ", place) + pad(seg.Name, nameW) + " " + m.bar(f, barW) +
			s.Bold.Render(" "+pad(plural(seg.Votes, "vote", "votes"), 9))
		if len(seg.Marks) > 0 {
			line += "  " + s.Mark.Render(m.marksText(seg.Marks, true))
		}
		out = append(out, truncate(line, w))
	}
	out = append(out, "", s.Heading.Render("Insights"))
	for _, l := range session.Lenses {
		sym, _ := lensMark(l)
		winner := s.Faint.Render("no pick")
		if len(v.Insights[l].Leaders) > 0 {
			winner = s.Bold.Render(m.leadersText(v.Insights[l]))
		}
		out = append(out, truncate("  "+s.Mark.Render(sym)+" "+pad(lensTitle(l), 23)+" "+winner, w))
	}
	if v.Can.Facilitate {
		out = append(out, "", s.Heading.Render("Export")+s.Faint.Render(" · copy one of these into a terminal"))
		for _, c := range m.exportCommands() {
			out = append(out, "  "+s.Command.Render(c))
		}
	}
	return strings.Join(out, "\n")
}
