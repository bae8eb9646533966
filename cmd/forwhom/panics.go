package main

import (
	"runtime/debug"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
)

// logPanics logs a panic in a participant's program, with its stack, to
// the server's log before Bubble Tea's own recovery ends that one program
// (which only says that a panic happened).
func logPanics(m tea.Model, logger *log.Logger) tea.Model {
	return &panicLogger{Model: m, log: logger}
}

type panicLogger struct {
	tea.Model
	log *log.Logger
}

func (p *panicLogger) logged() {
	if r := recover(); r != nil {
		p.log.Error("a participant's program panicked; ending that session", "panic", r, "stack", string(debug.Stack()))
		panic(r)
	}
}

func (p *panicLogger) Init() tea.Cmd {
	defer p.logged()
	return p.Model.Init()
}

func (p *panicLogger) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	defer p.logged()
	var cmd tea.Cmd
	p.Model, cmd = p.Model.Update(msg)
	return p, cmd
}

func (p *panicLogger) View() tea.View {
	defer p.logged()
	return p.Model.View()
}
