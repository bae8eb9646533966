package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// Follow-up workshops on screen: Done offers a facilitator to start one
// (A); a follow-up's Lobby lists what came out last time, for the
// facilitator to mark done, still open or dropped; its Prioritize and
// Done show how the segments moved (M, and a section in Done's summary).

// againMsg reports a follow-up started from Done.
type againMsg struct {
	code string
	err  error
}

func startAgain(m *session.Manager, who session.Identity, code, title string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
		defer cancel()
		c, err := m.Again(ctx, who, code, title)
		return againMsg{code: c, err: err}
	}
}

// tookAgain moves the facilitator into the follow-up they started.
func (m *Model) tookAgain(msg againMsg) tea.Cmd {
	if msg.err != nil {
		m.warn(msg.err)
		return nil
	}
	l := m.ws.link
	m.ws = nil
	m.status = status{}
	return tea.Batch(leave(l), m.startJoin(msg.code))
}

// nextReview is the review after r, as space cycles through them.
func nextReview(r session.Review) session.Review {
	if r >= session.ReviewDropped {
		return session.ReviewNone
	}
	return r + 1
}

// reviewMark draws a review: "✓ done", "… still open", "✗ dropped".
func (m *Model) reviewMark(r session.Review) string {
	s := m.styles
	switch r {
	case session.ReviewDone:
		return s.Good.Render("✓ done")
	case session.ReviewOpen:
		return s.Warn.Render("○ still open")
	case session.ReviewDropped:
		return s.Faint.Render("✗ dropped")
	}
	return s.Faint.Render("· not reviewed")
}

// reviewItem is one line the Lobby's review walks: one of the earlier
// workshop's next steps when it agreed any, else one of its segments
// (step 0).
type reviewItem struct {
	seg, step int64
	status    session.Review
}

// reviewItems lists what the room reviews in a follow-up's Lobby: the
// earlier workshop's next steps, segment by segment in rank order, or its
// segments when it agreed no next step.
func reviewItems(es []session.EarlierSegment) []reviewItem {
	var out []reviewItem
	for _, e := range es {
		for _, st := range e.Steps {
			out = append(out, reviewItem{seg: e.ID, step: st.ID, status: st.Status})
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, e := range es {
		out = append(out, reviewItem{seg: e.ID, status: e.Status})
	}
	return out
}

// earlierLines lists the earlier workshop's next steps under their
// segments, or its top segments when it agreed no next step, for the
// Lobby, at most h lines of w cells.
func (m *Model) earlierLines(w, h int) []string {
	s := m.styles
	v := m.ws.view
	items := reviewItems(v.Earlier)
	steps := len(items) > 0 && items[0].step != 0
	head := s.Heading.Render("Last time")
	if steps {
		head = s.Heading.Render("Next steps from last time")
	}
	out := []string{head + s.Faint.Render(" ("+v.Workshop.Follows+")")}
	if len(v.Earlier) == 0 {
		return append(out, s.Faint.Render("No segments came out of it."))
	}
	cur := clamp(m.ws.earlier, len(items))
	fac := v.Can.ReviewEarlier
	var body []string
	var headOf []int // each line's segment line
	curLine := 0
	// line adds item i: lead, text on at most n lines, and its review.
	line := func(i int, lead, text string, r session.Review, n int) {
		mark := m.reviewMark(r)
		if fac {
			lead = s.mark(i == cur) + lead
		}
		if fac && i == cur {
			curLine = len(body)
		}
		for j, l := range wrapMax(text, max(4, w-cellWidth(lead)-cellWidth(mark)-2), n) {
			if fac && i == cur {
				l = s.Current.Render(l)
			}
			head := len(body)
			if steps {
				head = headOf[len(body)-1]
			}
			headOf = append(headOf, head)
			if j == 0 {
				body = append(body, spread(lead+l, mark, w))
			} else {
				body = append(body, truncate(strings.Repeat(" ", cellWidth(lead))+l, w))
			}
		}
	}
	i := 0
	for _, e := range v.Earlier {
		if !steps {
			line(i, fmt.Sprintf("%d ", e.Rank), e.Name, e.Status, 1)
			i++
			continue
		}
		if len(e.Steps) == 0 {
			continue
		}
		headOf = append(headOf, len(body))
		body = append(body, truncate(fmt.Sprintf("%d %s", e.Rank, e.Name), w))
		for _, st := range e.Steps {
			text := st.Text
			if st.Owner != "" {
				text += " · " + st.Owner
			}
			lead := "  "
			if fac {
				lead = "" // the cursor's column indents it
			}
			line(i, lead, text, st.Status, 2)
			i++
		}
	}
	// Keep the current line in sight.
	room := max(1, h-len(out))
	from := 0
	if curLine >= room {
		from = curLine - room + 1
	}
	// A step scrolled in without its segment: the segment's line takes
	// its place when more of the segment's steps follow, else the next
	// segment starts the list.
	if from > 0 && from != curLine && headOf[from] < from {
		if from+1 < len(body) && headOf[from+1] == headOf[from] {
			body[from] = body[headOf[from]]
		} else {
			from++
		}
	}
	body = body[from:]
	if len(body) > room {
		body = body[:room]
	}
	return append(out, body...)
}

// movementLines is the movement view: now and then, side by side.
func (m *Model) movementLines(w int) []string {
	s := m.styles
	v := m.ws.view
	out := []string{s.Heading.Render("Since last time") + s.Faint.Render(" ("+v.Workshop.Follows+")")}
	nameW := max(10, min(36, w-40))
	out = append(out, s.Faint.Render(truncate("  Now  Then  "+pad("Segment", nameW)+"  Votes now/then  Move", w)))
	for _, mv := range v.Movement {
		now, then := "  —", "  —"
		if mv.Rank > 0 {
			now = fmt.Sprintf("%3d", mv.Rank)
		}
		if mv.ThenRank > 0 {
			then = fmt.Sprintf("%3d", mv.ThenRank)
		}
		votes := "—"
		switch mv.Move {
		case session.MoveNew:
			votes = fmt.Sprintf("%d / —", mv.Votes)
		case session.MoveDropped:
			votes = fmt.Sprintf("— / %d", mv.ThenVotes)
		default:
			votes = fmt.Sprintf("%d / %d", mv.Votes, mv.ThenVotes)
		}
		var move string
		switch mv.Move {
		case session.MoveUp:
			move = s.Good.Render(fmt.Sprintf("▲ %d", mv.By))
		case session.MoveDown:
			move = s.Warn.Render(fmt.Sprintf("▼ %d", mv.By))
		case session.MoveNew:
			move = s.Mark.Render("new")
		case session.MoveDropped:
			move = s.Faint.Render("dropped")
		default:
			move = "="
		}
		if mv.Status != session.ReviewNone {
			move += s.Faint.Render(" (" + mv.Status.String() + ")")
		}
		name := mv.Name
		if mv.ThenName != "" && mv.ThenName != mv.Name {
			name += " (was " + mv.ThenName + ")"
		}
		out = append(out, truncate(fmt.Sprintf("  %s  %s   ", now, then)+pad(truncate(name, nameW), nameW)+"  "+pad(votes, 14)+"  "+move, w))
	}
	return out
}

func (m *Model) movementBody(w, h int) string {
	out := m.movementLines(w)
	if len(out) > h {
		out = out[:h]
	}
	return strings.Join(out, "\n")
}

// movementKeys: the movement view, which only shows.
type movementKeys struct {
	Close, Help, Quit key.Binding
}

func newMovementKeys() movementKeys {
	return movementKeys{
		Close: bind([]string{"M", "esc"}, "esc", "close"),
		Help:  bind([]string{"?"}, "?", "more"),
		Quit:  bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
	}
}

func (k movementKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k movementKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Close, k.Help, k.Quit)
}
func (k movementKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{enabled(k.Close, k.Help, k.Quit)}
}
