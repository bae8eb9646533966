package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// Options is what one client's program needs.
type Options struct {
	Manager  *session.Manager
	Identity session.Identity
	// Join is a join code to open straight away; empty opens the lobby.
	Join string
	// ExportHint is how this client reaches the server with ssh, such as
	// "ssh -p 23234 localhost": the done screen shows facilitators the
	// export command built from it.
	ExportHint string
	// Now is the clock for timers; nil means time.Now.
	Now func() time.Time
}

// ShutdownMsg tells a program the server is stopping; it shows the reason
// and quits.
type ShutdownMsg struct{ Reason string }

// Model is one client's whole interface.
type Model struct {
	opts Options
}

// New returns the model for one client.
func New(opts Options) *Model { return &Model{opts: opts} }

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
	case ShutdownMsg:
		return m, tea.Quit
	}
	return m, nil
}

// View implements tea.Model.
func (m *Model) View() tea.View {
	v := tea.NewView("forwhom — coming soon")
	v.AltScreen = true
	return v
}
