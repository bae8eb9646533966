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

// earlierLines lists the earlier workshop's top segments for the Lobby,
// at most h lines of w cells.
func (m *Model) earlierLines(w, h int) []string {
	s := m.styles
	v := m.ws.view
	out := []string{s.Heading.Render("Last time") + s.Faint.Render(" ("+v.Workshop.Follows+")")}
	cur := clamp(m.ws.earlier, len(v.Earlier))
	fac := v.Can.ReviewEarlier
	for i, e := range v.Earlier {
		if len(out) >= h {
			break
		}
		mark := m.reviewMark(e.Status)
		lead := fmt.Sprintf("%d ", e.Rank)
		if fac {
			lead = s.mark(i == cur) + lead
		}
		name := truncate(e.Name, max(4, w-cellWidth(lead)-cellWidth(mark)-2))
		if fac && i == cur {
			name = s.Current.Render(name)
		}
		out = append(out, spread(lead+name, mark, w))
	}
	if len(v.Earlier) == 0 {
		out = append(out, s.Faint.Render("No segments came out of it."))
	}
	return out
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
