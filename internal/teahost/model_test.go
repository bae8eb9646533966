package teahost

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	tea "charm.land/bubbletea/v2"
)

// lender writes every frame into one buffer it lends, and scribbles over
// it when the host gives it back: a host that read a frame after
// ReleaseFrame would draw the scribble.
type lender struct {
	probe
	lent     bool // LendFrames was called
	buf      []byte
	out      bool // a frame is out on loan
	released int
}

func (l *lender) LendFrames() { l.lent = true }

func (l *lender) ReleaseFrame() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.buf {
		l.buf[i] = '#'
	}
	l.out = false
	l.released++
}

func (l *lender) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	l.probe.Update(msg)
	return l, nil
}

func (l *lender) View() tea.View {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.out {
		panic("View while the last frame is still on loan")
	}
	l.out = true
	l.buf = append(l.buf[:0], "frame "...)
	l.buf = append(l.buf, strings.Repeat("x", len(l.msgs))...)
	return frameOf(unsafe.String(unsafe.SliceData(l.buf), len(l.buf)))
}

// The host tells a FrameLender it may lend its frames, is done with each
// before the next View, and gives it back once drawn: what the terminal
// shows is the frame, never what the model wrote over it afterwards.
func TestHostKeepsTheFrameLendersContract(t *testing.T) {
	l := &lender{}
	vt := newVT(40, 5)
	screen := NewScreen(vt)
	t.Cleanup(screen.Close)
	h := NewHost(l, screen)
	if !l.lent {
		t.Fatal("NewHost did not call LendFrames")
	}
	runHost(t, h, screen)
	h.Send(tea.KeyPressMsg{Code: 'a', Text: "a"})
	h.Send(tea.KeyPressMsg{Code: 'b', Text: "b"})
	want := "frame " + strings.Repeat("x", 5) // size, profile, two keys and the probe's init
	waitFor(t, func() bool { return strings.Contains(vt.screen(), want) }, want+" on the screen")
	if s := vt.screen(); strings.Contains(s, "#") {
		t.Errorf("the screen drew a frame after it was given back:\n%s", s)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.released == 0 || l.out {
		t.Errorf("%d frames given back, one still out: %v", l.released, l.out)
	}
}

// watcher has two events of its own, which the host waits on.
type watcher struct {
	probe
	watched          int
	changed, ended   chan struct{}
	onChange, onDone func() tea.Msg
}

func (w *watcher) Watch() { w.watched++ }

func (w *watcher) Watching() (changed, ended <-chan struct{}, onChange, onEnd func() tea.Msg) {
	return w.changed, w.ended, w.onChange, w.onDone
}

func (w *watcher) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	w.probe.Update(msg)
	if msg == doneMsg("ended") {
		return w, tea.Quit
	}
	return w, nil
}

// A Watcher is told once, before Init, and its events reach Update as the
// messages it makes of them; the loop keeps waiting on them.
func TestHostWaitsOnAWatchersEvents(t *testing.T) {
	w := &watcher{changed: make(chan struct{}, 1), ended: make(chan struct{})}
	var mu sync.Mutex
	n := 0
	w.onChange = func() tea.Msg { mu.Lock(); defer mu.Unlock(); n++; return doneMsg("changed") }
	w.onDone = func() tea.Msg { return doneMsg("ended") }
	screen := NewScreen(newVT(40, 5))
	t.Cleanup(screen.Close)
	h := NewHost(w, screen)
	if w.watched != 1 {
		t.Fatalf("Watch called %d times by NewHost, want 1", w.watched)
	}
	errc := runHost(t, h, screen)
	for i := 1; i <= 3; i++ {
		w.changed <- struct{}{}
		waitFor(t, func() bool { return strings.Count(w.seen(), "changed") == i }, "a change reaching Update")
	}
	close(w.ended)
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the watcher's end did not reach Update")
	}
}

// runHost runs h on a 40x5 terminal whose input never ends, until the
// test does; Run's error comes on the channel.
func runHost(t *testing.T, h *Host, screen *Screen) <-chan error {
	t.Helper()
	in, keys := io.Pipe()
	t.Cleanup(func() { _ = keys.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	errc := make(chan error, 1)
	go func() {
		errc <- Run(ctx, h, Terminal[size]{In: in, Screen: screen, Width: 40, Height: 5})
	}()
	return errc
}
