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
	case key.Matches(msg, k.Again):
		return true, m.openPrompt(&prompt{kind: promptAgain, label: "Follow-up title"},
			m.ws.view.Workshop.Title, "same questions and settings; answers start blind", session.MaxTitleLen)
	default:
		return false, nil
	}
	return true, nil
}

func (m *Model) doneHint() string {
	if m.ws.view.Can.Facilitate {
		return "The workshop is done. Copy an export command; A starts a follow-up."
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
	out = append(out, fmt.Sprintf("%s export %s --format csv --table %s", hint, code, session.TableNextSteps))
	return out
}

func (m *Model) doneContent(w int) string {
	s := m.styles
	v := m.ws.view
	var out []string
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
	// Each list in rank order: a segment's row, who it is, its next steps.
	list := func(heading, about string, which session.Listing) {
		// Places in the list: as many votes share one ("2="), as in
		// the whole ranking, but only with segments of the same list.
		votes := map[int]int{}
		var first []string // the segments sharing first place, if they do
		top := -1
		for _, seg := range v.Segments {
			if seg.Listing() != which {
				continue
			}
			votes[seg.Votes]++
			if top < 0 {
				top = seg.Votes
			}
			if seg.Votes == top {
				first = append(first, seg.Name)
			}
		}
		line := s.Heading.Render(heading) + s.Faint.Render(about)
		if which == session.ListCustomers && len(first) > 1 {
			line = s.Heading.Render(heading) + s.Faint.Render(" · a tie for first place: ") + s.Bold.Render(strings.Join(first, ", "))
		}
		out = append(out, truncate(line, w))
		n, place, last := 0, 0, -1
		for _, seg := range v.Segments {
			if seg.Listing() != which {
				continue
			}
			n++
			if seg.Votes != last {
				place, last = n, seg.Votes
			}
			f := 0.0
			if maxVotes > 0 {
				f = float64(seg.Votes) / float64(maxVotes)
			}
			num := "     "
			if which == session.ListCustomers {
				p := fmt.Sprint(place, ".")
				if votes[seg.Votes] > 1 {
					p = fmt.Sprint(place, "=")
				}
				num = fmt.Sprintf("%4s ", p)
			}
			line := num + pad(seg.Name, nameW) + " " + m.bar(f, barW) +
				s.Bold.Render(" "+pad(plural(seg.Votes, "vote", "votes"), 9))
			if len(seg.Marks) > 0 {
				line += "  " + s.Mark.Render(m.marksText(seg.Marks, true))
			}
			out = append(out, truncate(line, w))
			if who := whoText(seg); who != "" {
				out = append(out, truncate("     "+s.Faint.Render(who), w))
			}
			for _, st := range seg.NextSteps {
				for i, l := range wrapMax(stepText(st), max(1, w-9), 2) {
					lead := "     → "
					if i > 0 {
						lead = "       "
					}
					out = append(out, truncate(s.Tag.Render(lead)+l, w))
				}
			}
		}
		if n == 0 && which == session.ListCustomers {
			out = append(out, s.Faint.Render("  No customer segments."))
		}
		out = append(out, "")
	}
	list("Customer segments", " · ranked, with who they are and what we do next", session.ListCustomers)
	for _, l := range []struct {
		which          session.Listing
		heading, about string
	}{
		{session.ListStakeholders, "Stakeholders", " · a voice, not the customer"},
		{session.ListNotServed, "Not served by us", ""},
	} {
		for _, seg := range v.Segments {
			if seg.Listing() == l.which {
				list(l.heading, l.about, l.which)
				break
			}
		}
	}
	out = append(out, s.Heading.Render("Insights"))
	for _, l := range session.Lenses {
		sym, _ := lensMark(l)
		winner := s.Faint.Render("no pick")
		if len(v.Insights[l].Leaders) > 0 {
			winner = s.Bold.Render(m.leadersText(v.Insights[l]))
		}
		out = append(out, truncate("  "+s.Mark.Render(sym)+" "+pad(lensTitle(l), 23)+" "+winner, w))
	}
	if len(v.Movement) > 0 {
		out = append(out, "")
		out = append(out, m.movementLines(w)...)
	}
	if v.Can.Facilitate {
		out = append(out, "", s.Heading.Render("Export")+s.Faint.Render(" · copy one of these into a terminal"))
		for _, c := range m.exportCommands() {
			out = append(out, "  "+s.Command.Render(c))
		}
	}
	return strings.Join(out, "\n")
}
