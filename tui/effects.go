package tui

import (
	"cmp"
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// Every call into the session happens here, inside a tea.Cmd, and comes
// back to Update as a message: Update itself never waits on the session,
// and no goroutine but Bubble Tea's own touches the model.

// actionTimeout bounds one call into the session; the session answers in
// milliseconds unless its store is in trouble.
const actionTimeout = 15 * time.Second

// workshopsMsg carries the viewer's workshops for the lobby.
type workshopsMsg struct {
	list      []session.Summary
	templates []session.Template
	err       error
}

// createdMsg reports a workshop created from the lobby.
type createdMsg struct {
	code string
	err  error
}

// joinedMsg reports the end of joining a workshop.
type joinedMsg struct {
	code string // as typed
	conn *session.Conn
	view *session.View
	err  error
}

// viewMsg is a newer state of the workshop, projected for the viewer,
// with the session's answers to the viewer's commands that came before it.
type viewMsg struct {
	conn    *session.Conn
	view    *session.View
	answers []session.Answer
}

// connDoneMsg says the workshop stopped serving (the server is stopping).
type connDoneMsg struct{ conn *session.Conn }

// after says what to do once a command succeeded.
type after int

const (
	afterNothing after = iota
	afterClearPicks
	afterAccept // a suggestion was accepted: it may be undone
)

// resultMsg reports a command the session would not even queue (the
// connection is closing, or too many commands are waiting).
type resultMsg struct {
	conn *session.Conn
	err  error
}

// sent is a command the viewer made that the session has not answered
// yet: it is in the connection's outbox (see session.Conn.Submit).
type sent struct {
	seq  uint64
	cmd  session.Command
	then after
}

// tickMsg redraws the phase timer.
type tickMsg struct{ conn *session.Conn }

// leftMsg says a workshop connection was closed.
type leftMsg struct{}

func loadWorkshops(m *session.Manager, who session.Identity) tea.Cmd {
	if m == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
		defer cancel()
		list, err := m.Workshops(ctx, who)
		if err != nil {
			return workshopsMsg{err: err}
		}
		templates, err := m.Templates(ctx, who)
		return workshopsMsg{list: list, templates: templates, err: err}
	}
}

func createWorkshop(m *session.Manager, who session.Identity, title, template string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
		defer cancel()
		code, err := m.CreateFrom(ctx, who, title, cmp.Or(template, session.DefaultTemplate))
		return createdMsg{code: code, err: err}
	}
}

func joinWorkshop(m *session.Manager, code string, who session.Identity) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
		defer cancel()
		conn, err := m.Join(ctx, code, who)
		if err != nil {
			return joinedMsg{code: code, err: err}
		}
		return joinedMsg{code: code, conn: conn, view: conn.View()}
	}
}

// link is the model's hold on one workshop connection: the connection and
// a channel that ends the wait for its next change once the model leaves.
type link struct {
	conn *session.Conn
	stop chan struct{}
	once sync.Once
}

func newLink(c *session.Conn) *link { return &link{conn: c, stop: make(chan struct{})} }

// close leaves the workshop; it may be called more than once.
func (l *link) close() {
	l.once.Do(func() {
		close(l.stop)
		l.conn.Close()
	})
}

// waitForView waits for the next change of the workshop, or answers to
// the viewer's commands, and returns them as a viewMsg; Update issues it
// again after each one. The answers are taken before the view, so that a
// command answered is in the view that comes with its answer.
func waitForView(l *link) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-l.conn.Changed():
			answers := l.conn.Answers(nil)
			return viewMsg{conn: l.conn, view: l.conn.View(), answers: answers}
		case <-l.conn.Done():
			return connDoneMsg{conn: l.conn}
		case <-l.stop:
			return nil
		}
	}
}

// leave closes a workshop connection, so everyone else sees the viewer go.
func leave(l *link) tea.Cmd {
	return func() tea.Msg {
		l.close()
		return leftMsg{}
	}
}

// tick asks for a redraw of the timer after d.
func tick(c *session.Conn, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return tickMsg{conn: c} })
}
