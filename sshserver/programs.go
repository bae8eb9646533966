package sshserver

import (
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/ssh"

	"forwhom/internal/teahost"
	"forwhom/tui"
)

// programs holds the running program of every TUI session, so a
// stopping server can tell each one why before the connections close.
type programs struct {
	mu      sync.Mutex
	running map[ssh.Session]program
	stop    tea.Msg       // set once the server is stopping
	stopped chan struct{} // closed once the server is stopping (plain sessions)
}

// program is one session's program (its host), its model and the screen
// it draws on.
type program struct {
	host   *teahost.Host
	m      *tui.Model
	screen *teahost.Screen
}

func newPrograms() *programs {
	return &programs{running: map[ssh.Session]program{}, stopped: make(chan struct{})}
}

// add registers the program of a session. A program that starts while the
// server is stopping is told at once.
func (r *programs) add(s ssh.Session, host *teahost.Host, m *tui.Model, screen *teahost.Screen) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.running[s] = program{host: host, m: m, screen: screen}
	if r.stop != nil {
		go host.Send(r.stop)
	}
}

// remove forgets a session whose program has ended and closes the model's
// workshop connections: when the SSH session ends under a program, the
// program quits without its model ever seeing a message, so presence would
// otherwise never learn the person left.
func (r *programs) remove(s ssh.Session) {
	r.mu.Lock()
	e, ok := r.running[s]
	delete(r.running, s)
	r.mu.Unlock()
	if ok {
		e.m.Close()
		e.screen.Close() // the last frame (a farewell) and the terminal given back
	}
}

// stopAll sends msg to every program, now and to any that starts later.
// Send blocks until the program reads the message (or has ended), so each
// send runs on its own goroutine: one stalled client holds up nobody.
func (r *programs) stopAll(msg tea.Msg) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stop == nil {
		close(r.stopped)
	}
	r.stop = msg
	for _, e := range r.running {
		go e.host.Send(msg)
	}
}

// count reports how many programs are running.
func (r *programs) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.running)
}

// stopping is closed once the server is stopping.
func (r *programs) stopping() <-chan struct{} { return r.stopped }
