package tui_test

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// vtTerm is a terminal emulator for what the runtime's Screen sends: text
// by grapheme, each as wide as lipgloss measures it (so wide characters
// take two cells, as on a real terminal), cursor positioning, erasing to
// the end of the line, the alternate screen, and new lines on the main
// screen. Styles, titles and modes take no cells and are skipped. It is
// the client's terminal of the tests that run the screens on the runtime.
type vtTerm struct {
	mu       sync.Mutex
	w, h     int
	main     [][]string // the main screen's cells; "" continues a wide cell
	alt      [][]string
	inAlt    bool
	x, y     int
	saved    [2]int // the cursor, saved on entering the alternate screen
	pending  []byte // the start of a sequence or character still arriving
	overflow string // a line written past the last column, if any
	parser   *ansi.Parser
	bells    int  // BEL received as a control (not ending an OSC)
	shown    bool // the cursor is visible
}

func newVT(w, h int) *vtTerm {
	t := &vtTerm{w: w, h: h, parser: ansi.NewParser()}
	t.main, t.alt = t.blank(), t.blank()
	return t
}

func (t *vtTerm) blank() [][]string {
	g := make([][]string, t.h)
	for y := range g {
		g[y] = make([]string, t.w)
		for x := range g[y] {
			g[y][x] = " "
		}
	}
	return g
}

func (t *vtTerm) grid() [][]string {
	if t.inAlt {
		return t.alt
	}
	return t.main
}

// resize is the terminal resized: what it showed is kept where it fits.
func (t *vtTerm) resize(w, h int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	old := [2][][]string{t.main, t.alt}
	t.w, t.h = w, h
	t.main, t.alt = t.blank(), t.blank()
	for i, g := range [2][][]string{t.main, t.alt} {
		for y := range min(h, len(old[i])) {
			copy(g[y], old[i][y])
		}
	}
	t.x, t.y = min(t.x, w-1), min(t.y, h-1)
}

func (t *vtTerm) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending = append(t.pending, p...)
	b := t.pending
	// A character cut by the writer's chunking waits for its other bytes.
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				b = b[:i]
			}
			break
		}
	}
	held := t.pending[len(b):]
	var state byte
	for len(b) > 0 {
		seq, width, n, newState := ansi.DecodeSequence(b, state, t.parser)
		if newState != ansi.NormalState && n == len(b) {
			break // a sequence cut by the writer's chunking: wait for the rest
		}
		state = newState
		b = b[n:]
		t.apply(seq, width)
	}
	t.pending = append(append([]byte(nil), b...), held...)
	return len(p), nil
}

func (t *vtTerm) apply(seq []byte, width int) {
	g := t.grid()
	switch {
	case width > 0:
		if t.x+width > t.w {
			if t.inAlt {
				t.overflow = string(seq)
				return
			}
			t.x = 0 // the main screen wraps long lines
			t.newline(g)
		}
		if t.x > 0 && g[t.y][t.x] == "" {
			g[t.y][t.x-1] = " " // half of a wide character written over
		}
		g[t.y][t.x] = string(seq)
		for i := 1; i < width; i++ {
			g[t.y][t.x+i] = ""
		}
		if end := t.x + width; end < t.w && g[t.y][end] == "" {
			g[t.y][end] = " "
		}
		t.x += width
	case len(seq) == 1 && seq[0] == '\r':
		t.x = 0
	case len(seq) == 1 && seq[0] == '\n':
		t.newline(g)
	case len(seq) == 1 && seq[0] == '\a':
		t.bells++
	case ansi.HasCsiPrefix(seq):
		t.csi()
	}
}

// newline moves the cursor a line down, scrolling at the bottom.
func (t *vtTerm) newline(g [][]string) {
	if t.y++; t.y >= t.h {
		copy(g, g[1:])
		g[t.h-1] = t.blank()[0]
		t.y = t.h - 1
	}
}

func (t *vtTerm) csi() {
	cmd := ansi.Cmd(t.parser.Command())
	params := ansi.Params(t.parser.Params())
	switch {
	case cmd.Final() == 'H' && cmd.Prefix() == 0:
		row, _, _ := params.Param(0, 1)
		col, _, _ := params.Param(1, 1)
		t.y, t.x = min(max(row, 1), t.h)-1, min(max(col, 1), t.w)-1
	case cmd.Final() == 'K' && cmd.Prefix() == 0:
		if mode, _, _ := params.Param(0, 0); mode == 0 {
			row := t.grid()[t.y]
			for x := t.x; x < t.w; x++ {
				row[x] = " "
			}
		}
	case (cmd.Final() == 'h' || cmd.Final() == 'l') && cmd.Prefix() == '?':
		if mode, _, _ := params.Param(0, 0); mode == 25 {
			t.shown = cmd.Final() == 'h'
		}
		if mode, _, _ := params.Param(0, 0); mode == 1049 {
			// As xterm: the cursor is saved on entering the alternate
			// screen and restored on leaving it.
			t.inAlt = cmd.Final() == 'h'
			if t.inAlt {
				t.alt = t.blank()
				t.saved = [2]int{t.x, t.y}
			} else {
				t.x, t.y = t.saved[0], t.saved[1]
			}
		}
	}
}

// screen is what the terminal shows, each line without its trailing
// blanks.
func (t *vtTerm) screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := make([]string, len(t.grid()))
	for y, row := range t.grid() {
		lines[y] = strings.TrimRight(strings.Join(row, ""), " ")
	}
	return strings.Join(lines, "\n")
}

// overflowed is a character written past the last column, if any: a line
// of a frame wider than the terminal.
func (t *vtTerm) overflowed() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.overflow
}

// rung counts the bells the terminal received.
func (t *vtTerm) rung() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.bells
}

// cursor is where the cursor is, and whether it is shown.
func (t *vtTerm) cursor() (x, y int, shown bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.x, t.y, t.shown
}
