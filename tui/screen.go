package tui

import (
	"bytes"
	"io"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// Screen draws one client's frames on its terminal, line by line, in place
// of Bubble Tea's cell renderer.
//
// Why: a workshop redraws every participant's screen on every change, so
// the per-client cost of a frame sets how many people one server can
// serve. Bubble Tea's renderer parses each whole frame into a grid of cells
// and diffs it against the last one, about 0.4 ms of CPU and two ~0.5 MiB
// cell buffers per client at 120x40. Every frame this package draws is
// already exactly the terminal's size, line for line (see fit), so
// comparing lines as strings finds what changed for a fraction of that,
// and only changed lines are sent.
//
// Frames are handed over without blocking: the program never waits for a
// slow client, and a client that falls behind skips to the newest frame.
type Screen struct {
	mu      sync.Mutex
	shared  *lockedWriter
	out     *colorprofile.Writer
	pending *tea.View
	width   int
	height  int
	resized bool
	closing bool
	wake    chan struct{}
	done    chan struct{}

	// Owned by the drawing goroutine.
	lines  []string
	title  string
	inAlt  bool
	drawn  bool
	shown  bool // the terminal's cursor is visible
	buf    bytes.Buffer
	failed bool
}

// NewScreen starts drawing frames on out.
func NewScreen(out io.Writer) *Screen {
	lw := &lockedWriter{w: out}
	s := &Screen{
		shared: lw,
		out:    &colorprofile.Writer{Forward: lw, Profile: colorprofile.ANSI256},
		wake:   make(chan struct{}, 1),
		done:   make(chan struct{}),
	}
	go s.run()
	return s
}

// Output is the writer the program itself must use (tea.WithOutput): its
// few writes (terminal queries, restoring modes on exit) then never
// interleave with a frame, and the SSH channel is never written from two
// goroutines at once.
func (s *Screen) Output() io.Writer { return s.shared }

// lockedWriter serializes writes to one client's terminal.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// Program returns a model that runs m and hands its frames to the screen.
// Run it with tea.WithoutRenderer.
func (s *Screen) Program(m tea.Model) tea.Model { return &screened{inner: m, screen: s} }

// screened wraps a model: after every update its view goes to the screen.
type screened struct {
	inner  tea.Model
	screen *Screen
}

func (f *screened) Init() tea.Cmd { return f.inner.Init() }

func (f *screened) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		f.screen.resize(msg.Width, msg.Height)
	case tea.ColorProfileMsg:
		f.screen.setProfile(msg.Profile)
	}
	var cmd tea.Cmd
	f.inner, cmd = f.inner.Update(msg)
	f.screen.frame(f.inner.View())
	return f, cmd
}

func (f *screened) View() tea.View { return tea.View{} }

func (s *Screen) setProfile(p colorprofile.Profile) {
	s.mu.Lock()
	s.out.Profile = p
	s.mu.Unlock()
}

func (s *Screen) resize(w, h int) {
	s.mu.Lock()
	s.width, s.height, s.resized = w, h, true
	s.mu.Unlock()
}

// frame hands over the newest frame; an older one not yet drawn is dropped.
func (s *Screen) frame(v tea.View) {
	s.mu.Lock()
	s.pending = &v
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Close draws the last frame, gives the terminal back as it was (main
// screen, cursor shown), and stops drawing.
func (s *Screen) Close() {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		return
	}
	s.closing = true
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	<-s.done
}

func (s *Screen) run() {
	defer close(s.done)
	for range s.wake {
		s.mu.Lock()
		v, w, h, resized, closing := s.pending, s.width, s.height, s.resized, s.closing
		s.pending, s.resized = nil, false
		s.mu.Unlock()
		s.buf.Reset()
		if resized {
			s.lines = nil // repaint everything at the new size
		}
		if v != nil {
			s.draw(*v, w, h)
		}
		if closing {
			s.restore()
		}
		s.flush()
		if closing {
			return
		}
	}
}

func (s *Screen) flush() {
	if s.buf.Len() == 0 || s.failed {
		return
	}
	s.mu.Lock()
	out := *s.out // the profile may change under us; the writer is tiny
	s.mu.Unlock()
	if _, err := out.Write(s.buf.Bytes()); err != nil {
		s.failed = true // the client is gone; nothing more to draw
	}
}

// draw writes what changed since the last frame into buf.
func (s *Screen) draw(v tea.View, w, h int) {
	if !v.AltScreen {
		// Drawn on the main screen, below the shell prompt, where it stays
		// after the program ends: only the farewell does this.
		s.leaveAlt()
		s.buf.WriteString(ansi.ShowCursor)
		s.buf.WriteString(strings.ReplaceAll(v.Content, "\n", "\r\n"))
		s.lines = nil
		return
	}
	if !s.inAlt {
		s.buf.WriteString(ansi.SetModeAltScreenSaveCursor)
		s.buf.WriteString(ansi.SetModeBracketedPaste)
		s.inAlt, s.lines = true, nil
	}
	rows := 0
	if !s.drawn || s.lines == nil {
		// A full repaint rewrites every row (no erase-screen sequence:
		// each row is erased as it is written), so nothing of an earlier
		// frame or size is left behind.
		s.buf.WriteString(ansi.HideCursor)
		s.drawn, s.shown = true, false
		rows = h
	}
	if v.WindowTitle != s.title {
		s.title = v.WindowTitle
		s.buf.WriteString(ansi.SetWindowTitle(s.title))
	}
	lines := strings.Split(v.Content, "\n")
	if h > 0 && len(lines) > h {
		lines = lines[:h]
	}
	for y := range max(len(lines), len(s.lines), rows) {
		var line string
		if y < len(lines) {
			line = lines[y]
		}
		if y < len(s.lines) && s.lines[y] == line {
			continue
		}
		// Erase first, then write: erasing after a line that fills the
		// last column would also erase its last character.
		s.buf.WriteString(ansi.CursorPosition(1, y+1))
		s.buf.WriteString(ansi.EraseEntireLine)
		s.buf.WriteString(line)
		s.buf.WriteString(ansi.ResetStyle)
	}
	s.lines = lines
	if c := v.Cursor; c != nil && c.X >= 0 && c.Y >= 0 && (w == 0 || c.X < w) {
		s.buf.WriteString(ansi.CursorPosition(c.X+1, c.Y+1))
		if !s.shown {
			s.buf.WriteString(ansi.ShowCursor)
			s.shown = true
		}
	} else if s.shown {
		s.buf.WriteString(ansi.HideCursor)
		s.shown = false
	}
}

func (s *Screen) leaveAlt() {
	if s.inAlt {
		s.buf.WriteString(ansi.ResetModeBracketedPaste)
		s.buf.WriteString(ansi.ResetModeAltScreenSaveCursor)
		s.inAlt = false
	}
}

// restore gives the terminal back: main screen, cursor visible.
func (s *Screen) restore() {
	s.leaveAlt()
	s.buf.WriteString(ansi.ShowCursor)
	if s.title != "" {
		s.buf.WriteString(ansi.SetWindowTitle(""))
	}
}
