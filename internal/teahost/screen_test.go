package teahost

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/hinshun/vt10x"
)

// term is a terminal emulator that also keeps what each write brought.
type vtTerm struct {
	mu     sync.Mutex
	vt     vt10x.Terminal
	writes []string
	gate   chan struct{} // when set, each write waits for a token
}

func newVT(w, h int) *vtTerm { return &vtTerm{vt: vt10x.New(vt10x.WithSize(w, h))} }

func (t *vtTerm) Write(p []byte) (int, error) {
	if t.gate != nil {
		<-t.gate
	}
	t.mu.Lock()
	t.writes = append(t.writes, string(p))
	t.mu.Unlock()
	return t.vt.Write(p)
}

func (t *vtTerm) lastWrite() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.writes) == 0 {
		return ""
	}
	return t.writes[len(t.writes)-1]
}

func (t *vtTerm) screen() string {
	lines := strings.Split(strings.TrimRight(t.vt.String(), "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

func frameOf(lines ...string) tea.View {
	v := tea.NewView(strings.Join(lines, "\n"))
	v.AltScreen = true
	return v
}

// waitWrites waits until the screen has written n times.
func waitWrites(t *testing.T, vt *vtTerm, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		vt.mu.Lock()
		got := len(vt.writes)
		vt.mu.Unlock()
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d writes, want %d", got, n)
		}
		time.Sleep(time.Millisecond) // polling a condition with a deadline
	}
}

func TestScreenDrawsFramesAndSendsOnlyChangedLines(t *testing.T) {
	vt := newVT(20, 4)
	s := NewScreen(vt)
	defer s.Close()
	s.Resize(20, 4)

	s.Draw(frameOf("title", "one", "two", "help"))
	waitWrites(t, vt, 1)
	if got, want := vt.screen(), "title\none\ntwo\nhelp"; got != want {
		t.Fatalf("screen:\n%s\nwant\n%s", got, want)
	}

	s.Draw(frameOf("title", "one", "TWO!", "help"))
	waitWrites(t, vt, 2)
	if got, want := vt.screen(), "title\none\nTWO!\nhelp"; got != want {
		t.Fatalf("screen after a change:\n%s\nwant\n%s", got, want)
	}
	w := vt.lastWrite()
	if !strings.Contains(w, "TWO!") || strings.Contains(w, "title") || strings.Contains(w, "one") || strings.Contains(w, "help") {
		t.Fatalf("the second frame sent more than its changed line: %q", w)
	}

	// A shorter frame clears the rows it no longer uses.
	s.Draw(frameOf("title", "one"))
	waitWrites(t, vt, 3)
	if got, want := vt.screen(), "title\none\n\n"; got != want {
		t.Fatalf("screen after shrinking:\n%q\nwant\n%q", got, want)
	}
}

// A line whose end changed is redrawn from the end of the styled runs it
// still shares with what the terminal shows, at the right cell even after
// wide characters; a line that changed early is redrawn whole.
func TestScreenRedrawsOnlyTheChangedEndOfALine(t *testing.T) {
	vt := newVT(30, 2)
	s := NewScreen(vt)
	defer s.Close()
	s.Resize(30, 2)
	red := func(t string) string { return "\x1b[31m" + t + ansi.ResetStyle }

	s.Draw(frameOf(red("ab")+" notes "+red("3")+" of "+red("9"), "second"))
	waitWrites(t, vt, 1)
	s.Draw(frameOf(red("ab")+" notes "+red("4")+" of "+red("9"), "second"))
	waitWrites(t, vt, 2)
	if got, want := vt.screen(), "ab notes 4 of 9\nsecond"; got != want {
		t.Fatalf("screen:\n%q\nwant\n%q", got, want)
	}
	if w := vt.lastWrite(); strings.Contains(w, "ab") || !strings.HasPrefix(w, ansi.CursorPosition(3, 1)) {
		t.Errorf("the change at the end sent more than the end: %q", w)
	}

	// After wide characters the column is counted in cells (vt10x gives
	// every character one cell, so the sequence is checked, not its
	// screen): "写作" takes cells 1-4, the changed run starts at cell 5.
	s.Draw(frameOf(red("写作")+" notes "+red("3"), "second"))
	waitWrites(t, vt, 3)
	s.Draw(frameOf(red("写作")+" notes "+red("4"), "second"))
	waitWrites(t, vt, 4)
	if w, want := vt.lastWrite(), ansi.CursorPosition(5, 1)+ansi.EraseLineRight+" notes "+red("4"); !strings.HasPrefix(w, want) {
		t.Errorf("after wide characters: %q, want it to start with %q", w, want)
	}

	s.Draw(frameOf("plain "+red("4")+" of "+red("9"), "second"))
	waitWrites(t, vt, 5)
	if got, want := vt.screen(), "plain 4 of 9\nsecond"; got != want {
		t.Fatalf("screen after a change at the start:\n%q\nwant\n%q", got, want)
	}

	// A line that only loses a trailing reset at the last column.
	full := strings.Repeat("x", 29) + red("y")
	s.Draw(frameOf(full, "second"))
	waitWrites(t, vt, 6)
	s.Draw(frameOf(strings.TrimSuffix(full, ansi.ResetStyle), "second"))
	waitWrites(t, vt, 7)
	if got, want := vt.screen(), strings.Repeat("x", 29)+"y\nsecond"; got != want {
		t.Fatalf("screen after a change that takes no cells:\n%q\nwant\n%q", got, want)
	}
}

func TestScreenRepaintsEverythingAfterAResize(t *testing.T) {
	vt := newVT(20, 3)
	s := NewScreen(vt)
	defer s.Close()
	s.Resize(20, 3)
	s.Draw(frameOf("a", "b", "c"))
	waitWrites(t, vt, 1)
	s.Resize(20, 3)
	s.Draw(frameOf("a", "b", "c"))
	waitWrites(t, vt, 2)
	if w := vt.lastWrite(); !strings.Contains(w, "a") || !strings.Contains(w, "c") {
		t.Fatalf("a resize did not repaint every line: %q", w)
	}
}

func TestScreenFarewellStaysOnTheMainScreen(t *testing.T) {
	out := &lockedBuffer{}
	s := NewScreen(out)
	s.Resize(20, 3)
	s.Draw(frameOf("a", "b", "c"))
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "\x1b[?1049h") && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond) // polling a condition with a deadline
	}
	s.Draw(tea.NewView("goodbye\n"))
	s.Close()
	got := out.String()
	leave := strings.LastIndex(got, "\x1b[?1049l")
	if leave < 0 || !strings.Contains(got[leave:], "goodbye\r\n") {
		t.Fatalf("the farewell is not written after leaving the alternate screen: %q", got)
	}
}

// A client that does not read holds up nobody: handing over frames never
// blocks, and when the client reads again it gets the newest frame, not
// every frame in between.
func TestScreenNeverBlocksOnASlowClientAndSkipsToTheNewest(t *testing.T) {
	vt := newVT(20, 2)
	vt.gate = make(chan struct{})
	s := NewScreen(vt)
	s.Resize(20, 2)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 1000 {
			s.Draw(frameOf("frame", strings.Repeat("x", i%20)))
		}
		s.Draw(frameOf("frame", "last"))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("handing frames to a stalled client blocked")
	}
	close(vt.gate)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(vt.screen(), "last") {
		if time.Now().After(deadline) {
			t.Fatalf("the client did not end on the newest frame:\n%s", vt.screen())
		}
		time.Sleep(time.Millisecond) // polling a condition with a deadline
	}
	s.Close()
	vt.mu.Lock()
	n := len(vt.writes)
	vt.mu.Unlock()
	if n > 10 {
		t.Fatalf("%d writes for 1001 frames: frames were queued, not coalesced", n)
	}
}

var _ io.Writer = (*vtTerm)(nil)

// lockedBuffer is a bytes.Buffer safe to read while the screen writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// A frame's content is read before frame returns: the model may write its
// next frame over the same buffer (Model.shareFrames) while the client is
// still being sent the last one.
func TestScreenDoesNotKeepAFramesContent(t *testing.T) {
	vt := newVT(20, 2)
	vt.gate = make(chan struct{}) // the client reads nothing yet
	s := NewScreen(vt)
	s.Resize(20, 2)
	buf := []byte("first\nframe")
	v := tea.NewView(unsafe.String(unsafe.SliceData(buf), len(buf)))
	v.AltScreen = true
	s.Draw(v)
	copy(buf, "XXXXX\nXXXXX") // the next frame, written over the last
	close(vt.gate)
	deadline := time.Now().Add(5 * time.Second)
	for vt.screen() != "first\nframe" {
		if time.Now().After(deadline) {
			t.Fatalf("the client shows %q, want the frame as it was handed over", vt.screen())
		}
		time.Sleep(time.Millisecond) // polling a condition with a deadline
	}
	s.Close()
}

// maxWriter records the largest single write.
type maxWriter struct {
	mu  sync.Mutex
	max int
	vt  *vtTerm
}

func (m *maxWriter) Write(p []byte) (int, error) {
	m.mu.Lock()
	m.max = max(m.max, len(p))
	m.mu.Unlock()
	return m.vt.Write(p)
}

// A full repaint reaches the connection in small writes: an SSH channel
// keeps a buffer as large as its largest write for the connection's life.
func TestScreenWritesInSmallChunks(t *testing.T) {
	vt := newVT(120, 40)
	mw := &maxWriter{vt: vt}
	s := NewScreen(mw)
	s.Resize(120, 40)
	lines := make([]string, 40)
	for i := range lines {
		lines[i] = fmt.Sprintf("\x1b[38;2;1;2;3mrow %02d\x1b[m %s", i, strings.Repeat("x", 100))
	}
	s.Draw(frameOf(lines...))
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(vt.screen(), "row 39 "+strings.Repeat("x", 100)) {
		if time.Now().After(deadline) {
			t.Fatalf("the repaint did not arrive whole:\n%s", vt.screen())
		}
		time.Sleep(time.Millisecond) // polling a condition with a deadline
	}
	s.Close()
	mw.mu.Lock()
	defer mw.mu.Unlock()
	if mw.max > writeChunk {
		t.Errorf("a write of %d bytes, more than %d", mw.max, writeChunk)
	}
	// Sent in pieces, the repaint is one synchronized update.
	all := strings.Join(vt.writes, "")
	begin, end := strings.Index(all, ansi.SetModeSynchronizedOutput), strings.Index(all, ansi.ResetModeSynchronizedOutput)
	if rows := strings.Index(all, "row 00"); begin < 0 || end < 0 || !(begin < rows && rows < end) {
		t.Errorf("the repaint is not inside a synchronized update (begin %d, first row %d, end %d)", begin, rows, end)
	}
}

// The farewell is written once, however often the last frame is drawn,
// also after the first one has reached the client.
func TestScreenWritesTheFarewellOnce(t *testing.T) {
	var out lockedBuffer
	s := NewScreen(&out)
	s.Resize(20, 2)
	s.Draw(frameOf("a", "b"))
	bye := tea.NewView("Bye from forwhom.\n")
	s.Draw(bye)
	waitFor(t, func() bool { return strings.Contains(out.String(), "Bye") }, "the farewell")
	s.Draw(bye)
	s.Close()
	if n := strings.Count(out.String(), "Bye from forwhom."); n != 1 {
		t.Errorf("the farewell was written %d times", n)
	}
}

// writerTook waits until the writer has taken everything drawn so far.
func writerTook(t *testing.T, s *Screen) {
	t.Helper()
	waitFor(t, func() bool { s.mu.Lock(); defer s.mu.Unlock(); return len(s.pending) == 0 }, "the writer to take the frame")
}

// A frame that replaces one the writer never took is drawn against what
// the writer has in flight, not against the dropped one: here the newest
// frame equals the dropped one, and the terminal must still end on it.
func TestScreenDiffsAgainstWhatIsInFlight(t *testing.T) {
	vt := newVT(20, 2)
	vt.gate = make(chan struct{}) // the client reads nothing yet
	s := NewScreen(vt)
	s.Resize(20, 2)
	s.Draw(frameOf("a", "b"))
	writerTook(t, s)          // in flight: a, b
	s.Draw(frameOf("a", "X")) // waits, then is replaced
	s.Draw(frameOf("a", "X"))
	close(vt.gate)
	waitFor(t, func() bool { return vt.screen() == "a\nX" }, "the newest frame on the client")
	s.Close()
}

// A resize forgets what the terminal shows, also what a write in flight
// will have drawn: the next frame repaints every line.
func TestScreenResizeWhileAWriteIsInFlightRepaints(t *testing.T) {
	vt := newVT(20, 2)
	vt.gate = make(chan struct{})
	s := NewScreen(vt)
	s.Resize(20, 2)
	s.Draw(frameOf("a", "b"))
	writerTook(t, s)
	s.Draw(frameOf("a", "X"))
	s.Resize(20, 2)
	s.Draw(frameOf("a", "b"))
	s.mu.Lock()
	got := string(s.pending)
	s.mu.Unlock()
	close(vt.gate)
	s.Close()
	if !strings.Contains(got, ansi.CursorPosition(1, 1)+ansi.EraseLineRight+"a") || !strings.Contains(got, ansi.CursorPosition(1, 2)+ansi.EraseLineRight+"b") {
		t.Errorf("after a resize the frame was diffed against the in-flight one: %q", got)
	}
}

// The cursor moves a frame writes in place are ansi.CursorPosition's.
func TestCursorMovesAreCUPs(t *testing.T) {
	for _, col := range []int{-1, 0, 1, 2, 9, 10, 120, 1000} {
		for _, row := range []int{-1, 0, 1, 2, 40, 99, 100} {
			if got, want := string(appendCursorPosition([]byte("x"), col, row)), "x"+ansi.CursorPosition(col, row); got != want {
				t.Errorf("col %d, row %d: %q; want %q", col, row, got, want)
			}
		}
	}
}
