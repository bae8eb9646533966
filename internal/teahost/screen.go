package teahost

import (
	"hash/maphash"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"forwhom/internal/cellwidth"
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
// Frames are drawn (compared and turned into bytes) by the caller, at
// once, so the content of a frame is not used after frame returns; the
// bytes are written by the screen's own goroutine, so the caller never
// waits for a slow client. While a write is under way, a newer frame
// replaces the older one not yet sent: a client that falls behind skips to
// the newest frame.
type Screen struct {
	mu      sync.Mutex
	out     io.Writer
	width   int
	height  int
	queries string // terminal queries to send before the next frame
	pending []byte // what the terminal still needs, not yet taken by the writer
	cur     termState
	sent    termState // the terminal once the writer's bytes have arrived
	closing bool
	wake    chan struct{}
	done    chan struct{}
}

// termState is what the screen knows of its terminal.
type termState struct {
	lines []lineMarks // what each line on the terminal holds, by hash
	title string
	inAlt bool
	drawn bool
	shown bool   // the terminal's cursor is visible
	main  uint64 // hash of what was last written on the main screen
}

func (t *termState) copyFrom(o *termState) {
	lines := append(t.lines[:0], o.lines...)
	if o.lines == nil {
		lines = nil // nil means "repaint everything"
	}
	*t = *o
	t.lines = lines
}

// NewScreen starts drawing frames on out.
func NewScreen(out io.Writer) *Screen {
	s := &Screen{
		out:  chunked{out},
		wake: make(chan struct{}, 1),
		done: make(chan struct{}),
	}
	go s.run()
	return s
}

// Resize tells the screen its terminal's new size: the next frame repaints
// everything.
func (s *Screen) Resize(w, h int) {
	s.mu.Lock()
	s.width, s.height = w, h
	// Nothing on a resized terminal is known any more: the next frame
	// repaints everything, even one drawn against what the writer has
	// in flight.
	s.cur.lines, s.sent.lines = nil, nil
	s.mu.Unlock()
}

// Draw draws v: what changed since the last frame is queued for the
// client, replacing whatever of an older frame it has not taken yet. v's
// content is not kept.
func (s *Screen) Draw(v tea.View) {
	s.mu.Lock()
	defer s.poke()
	defer s.mu.Unlock()
	if s.closing {
		return
	}
	if len(s.pending) > 0 {
		// The writer is busy: draw against what it will have sent.
		s.pending = s.pending[:0]
		s.cur.copyFrom(&s.sent)
	}
	start := len(s.pending)
	s.pending = s.cur.draw(s.pending, v, s.width, s.height)
	if len(s.pending)-start > writeChunk {
		// A frame that reaches the client in several writes: terminals
		// that know synchronized output show it whole, not torn.
		s.pending = append(s.pending, ansi.ResetModeSynchronizedOutput...)
		s.pending = slices.Insert(s.pending, start, []byte(ansi.SetModeSynchronizedOutput)...)
	}
}

func (s *Screen) poke() {
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
	s.poke()
}

// Close sends what is left of the last frame, gives the terminal back as
// it was (main screen, cursor shown), and stops.
func (s *Screen) Close() {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		return
	}
	s.closing = true
	s.pending = s.cur.restore(s.pending)
	s.mu.Unlock()
	s.poke()
	<-s.done
}

// writeChunk is the most the screen hands its client's connection at
// once. An SSH channel and its transport each keep a buffer as large as
// the largest write they were given, for the life of the connection: a
// full repaint in one write would leave ~30 KiB per client behind.
const writeChunk = 2 << 10

// chunked writes to w at most writeChunk bytes at a time.
type chunked struct{ w io.Writer }

func (c chunked) Write(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		k, err := c.w.Write(p[n:min(len(p), n+writeChunk)])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func (s *Screen) run() {
	defer close(s.done)
	var spare []byte
	failed := false
	for range s.wake {
		s.mu.Lock()
		buf := s.pending
		if s.queries != "" {
			buf = append([]byte(s.queries), buf...)
		}
		s.queries, s.pending = "", spare[:0]
		s.sent.copyFrom(&s.cur)
		closing := s.closing
		s.mu.Unlock()
		if len(buf) > 0 && !failed {
			if _, err := s.out.Write(buf); err != nil {
				failed = true // the client is gone; nothing more to send
			}
		}
		// The buffer just sent is the next one to fill, unless a full
		// repaint made it large: that one is not kept between frames.
		spare = buf[:0:cap(buf)]
		if cap(spare) > 4<<10 {
			spare = nil
		}
		if closing {
			return
		}
	}
}

// draw appends to b what changed on the terminal since the last frame.
func (t *termState) draw(b []byte, v tea.View, w, h int) []byte {
	if !v.AltScreen {
		// Drawn on the main screen, below the shell prompt, where it stays
		// after the program ends: only the farewell does this, once.
		sum := maphash.String(lineSeed, v.Content)
		if !t.inAlt && t.lines == nil && t.main == sum {
			return b
		}
		b = t.leaveAlt(b)
		b = append(b, ansi.ShowCursor...)
		b = append(b, strings.ReplaceAll(v.Content, "\n", "\r\n")...)
		t.lines, t.main = nil, sum
		return b
	}
	t.main = 0
	if !t.inAlt {
		b = append(b, ansi.SetModeAltScreenSaveCursor...)
		b = append(b, ansi.SetModeBracketedPaste...)
		t.inAlt, t.lines = true, nil
	}
	rows := 0
	if !t.drawn || t.lines == nil {
		// A full repaint rewrites every row (no erase-screen sequence:
		// each row is erased as it is written), so nothing of an earlier
		// frame or size is left behind.
		b = append(b, ansi.HideCursor...)
		t.drawn, t.shown = true, false
		rows = h
	}
	if v.WindowTitle != t.title {
		t.title = v.WindowTitle
		b = append(b, ansi.SetWindowTitle(t.title)...)
	}
	rest := v.Content
	y := 0
	for ; rest != "" || y < len(t.lines) || y < rows; y++ {
		if h > 0 && y >= h {
			break
		}
		line, more, _ := strings.Cut(rest, "\n")
		rest = more
		if y < len(t.lines) && y >= rows && t.lines[y].sum() == maphash.String(lineSeed, line) {
			continue // most lines of a frame are as they were
		}
		marks := markLine(line)
		from, col := 0, 0 // where the line starts to differ: byte, cell
		if y < len(t.lines) {
			old := &t.lines[y]
			if y >= rows {
				from = marks.sameUntil(old)
				col = cellwidth.Of(line[:from]) // measured only for a changed line
				if w > 0 && col >= w {
					// Only what takes no cells changed at the very end:
					// the cursor cannot stand past the last column.
					from, col = 0, 0
				}
			}
			*old = marks
		} else {
			t.lines = append(t.lines, marks)
		}
		// Erase first, then write: erasing after a line that fills the
		// last column would also erase its last character.
		b = appendCursorPosition(b, col+1, y+1)
		b = append(b, ansi.EraseLineRight...)
		b = append(b, line[from:]...)
		b = append(b, ansi.ResetStyle...)
	}
	if t.lines != nil {
		t.lines = t.lines[:y]
	}
	if c := v.Cursor; c != nil && c.X >= 0 && c.Y >= 0 && (w == 0 || c.X < w) {
		b = appendCursorPosition(b, c.X+1, c.Y+1)
		if !t.shown {
			b = append(b, ansi.ShowCursor...)
			t.shown = true
		}
	} else if t.shown {
		b = append(b, ansi.HideCursor...)
		t.shown = false
	}
	return b
}

// appendCursorPosition appends ansi.CursorPosition(col, row), written in
// place: a frame moves the cursor to every line it changes, and a string
// made for each move would be garbage at once.
func appendCursorPosition(b []byte, col, row int) []byte {
	if row <= 1 && col <= 1 {
		return append(b, ansi.CursorHomePosition...)
	}
	b = append(b, "\x1b["...)
	if row > 0 {
		b = strconv.AppendInt(b, int64(row), 10)
	}
	b = append(b, ';')
	if col > 0 {
		b = strconv.AppendInt(b, int64(col), 10)
	}
	return append(b, 'H')
}

var lineSeed = maphash.MakeSeed()

// lineMarks is what the screen keeps of a line it has drawn: hashes of
// the line up to the end of each of its first few styled runs, and where
// each run ends. A run ends at a style reset, after which the terminal is
// in its default style: when a line changes, it is redrawn from the end of
// the longest run-aligned prefix it shares with what was there, so a
// changed count at the end of a row costs a few dozen bytes, not the whole
// row. Hashes, not the text: a frame's text would cost ~10 KiB per client
// between changes; this is under 4 KiB.
type lineMarks struct {
	n     uint8
	marks [maxMarks]lineMark
}

type lineMark struct {
	sum uint64 // hash of the line up to end
	end uint16 // byte offset in the line
}

// maxMarks bounds the runs remembered per line; the last mark always ends
// the line.
const maxMarks = 6

// markLine marks a line's runs.
func markLine(line string) lineMarks {
	var m lineMarks
	var h maphash.Hash
	h.SetSeed(lineSeed)
	if len(line) > math.MaxUint16 {
		h.WriteString(line)
		m.marks[0] = lineMark{sum: h.Sum64()}
		m.n = 1
		return m
	}
	start := 0
	for start < len(line) && int(m.n) < maxMarks-1 {
		i := strings.Index(line[start:], ansi.ResetStyle)
		if i < 0 {
			break
		}
		end := start + i + len(ansi.ResetStyle)
		h.WriteString(line[start:end])
		m.marks[m.n] = lineMark{sum: h.Sum64(), end: uint16(end)}
		m.n++
		start = end
	}
	if start < len(line) || m.n == 0 {
		h.WriteString(line[start:])
		m.marks[m.n] = lineMark{sum: h.Sum64(), end: uint16(len(line))}
		m.n++
	}
	return m
}

// sum is the hash of the whole line (maphash.String of it).
func (m *lineMarks) sum() uint64 { return m.marks[m.n-1].sum }

// sameUntil is where m starts to differ from old, the line that was
// there: the byte offset in m's line at the end of the last run both
// share.
func (m *lineMarks) sameUntil(old *lineMarks) (from int) {
	for i := range min(m.n, old.n) {
		if m.marks[i].sum != old.marks[i].sum {
			break
		}
		from = int(m.marks[i].end)
	}
	return from
}

func (t *termState) leaveAlt(b []byte) []byte {
	if t.inAlt {
		b = append(b, ansi.ResetModeBracketedPaste...)
		b = append(b, ansi.ResetModeAltScreenSaveCursor...)
		t.inAlt = false
	}
	return b
}

// restore gives the terminal back: main screen, cursor visible.
func (t *termState) restore(b []byte) []byte {
	b = t.leaveAlt(b)
	b = append(b, ansi.ShowCursor...)
	if t.title != "" {
		b = append(b, ansi.SetWindowTitle("")...)
	}
	return b
}
