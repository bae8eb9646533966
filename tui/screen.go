package tui

import (
	"bytes"
	"hash/maphash"
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
	out     *colorprofile.Writer
	pending *tea.View
	queries string // terminal queries to send before the next frame
	width   int
	height  int
	resized bool
	closing bool
	wake    chan struct{}
	done    chan struct{}

	// Owned by the drawing goroutine.
	lines  []uint64 // a hash of each line on the terminal: all a diff needs
	title  string
	inAlt  bool
	drawn  bool
	shown  bool // the terminal's cursor is visible
	buf    bytes.Buffer
	failed bool
}

// NewScreen starts drawing frames on out.
func NewScreen(out io.Writer) *Screen {
	s := &Screen{
		out:  &colorprofile.Writer{Forward: out, Profile: colorprofile.ANSI256},
		wake: make(chan struct{}, 1),
		done: make(chan struct{}),
	}
	go s.run()
	return s
}

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

// query sends a terminal query, such as a request for the background
// colour, ahead of the next frame.
func (s *Screen) query(seq string) {
	s.mu.Lock()
	s.queries += seq
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
		v, w, h, resized, closing, queries := s.pending, s.width, s.height, s.resized, s.closing, s.queries
		s.pending, s.resized, s.queries = nil, false, ""
		s.mu.Unlock()
		s.buf.Reset()
		s.buf.WriteString(queries)
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
		if s.buf.Cap() > 8<<10 {
			s.buf = bytes.Buffer{} // a full repaint's buffer: not kept between frames
		}
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
	// Lines are compared by hash: keeping the last frame's text instead
	// would hold ~20 KiB per client between changes.
	rest := v.Content
	y := 0
	for ; rest != "" || y < len(s.lines) || y < rows; y++ {
		if h > 0 && y >= h {
			break
		}
		line, more, _ := strings.Cut(rest, "\n")
		rest = more
		sum := maphash.String(lineSeed, line)
		if y < len(s.lines) {
			if s.lines[y] == sum && y >= rows {
				continue
			}
			s.lines[y] = sum
		} else {
			s.lines = append(s.lines, sum)
		}
		// Erase first, then write: erasing after a line that fills the
		// last column would also erase its last character.
		s.buf.WriteString(ansi.CursorPosition(1, y+1))
		s.buf.WriteString(ansi.EraseEntireLine)
		s.buf.WriteString(line)
		s.buf.WriteString(ansi.ResetStyle)
	}
	s.lines = s.lines[:y]
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

var lineSeed = maphash.MakeSeed()

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
