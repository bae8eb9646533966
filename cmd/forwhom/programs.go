package main

import (
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/ssh"
)

// programs holds the running Bubble Tea program of every TUI session, so a
// stopping server can tell each one why before the connections close.
type programs struct {
	mu      sync.Mutex
	running map[ssh.Session]*tea.Program
	stop    tea.Msg // set once the server is stopping
}

func newPrograms() *programs {
	return &programs{running: map[ssh.Session]*tea.Program{}}
}

// add registers the program of a session. A program that starts while the
// server is stopping is told at once.
func (r *programs) add(s ssh.Session, p *tea.Program) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.running[s] = p
	if r.stop != nil {
		go p.Send(r.stop)
	}
}

func (r *programs) remove(s ssh.Session) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.running, s)
}

// stopAll sends msg to every program, now and to any that starts later.
// p.Send blocks until the program reads the message (or has ended), so each
// send runs on its own goroutine: one stalled client holds up nobody.
func (r *programs) stopAll(msg tea.Msg) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stop = msg
	for _, p := range r.running {
		go p.Send(msg)
	}
}

// count reports how many programs are running.
func (r *programs) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.running)
}
