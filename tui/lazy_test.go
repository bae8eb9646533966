package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// A participant who joins with `join CODE` never sees the lobby: its text
// inputs (~15 KiB a client) are not made until it is shown or typed in.
func TestTheLobbysInputsAreMadeOnlyWhenUsed(t *testing.T) {
	m := New(Options{Identity: session.Identity{ID: "x", Name: "X"}, Join: "ABCDEF"})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Update(tea.BackgroundColorMsg{})
	m.lobby.busy = "Joining ABCDEF…" // as Init's join sets it
	_ = m.View()
	if m.lobby.inputs != nil {
		t.Fatal("the lobby's inputs were made before the lobby was used")
	}
	m.lobby.busy = "" // the join failed: the lobby is for real
	if got := m.View().Content; got == "" || m.lobby.inputs == nil {
		t.Fatal("the lobby was drawn without its inputs")
	}
}
