package teahost

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// readAll feeds chunks to an input, one Read each, then ends its input,
// and returns the messages it sent once it has read everything (the end
// of input reads whatever was waiting as it stands).
func readAll(t *testing.T, chunks ...string) []tea.Msg {
	t.Helper()
	var got []tea.Msg // only the reader appends, until done
	r, w := io.Pipe()
	in := &input{send: func(m tea.Msg) bool { got = append(got, m); return true }}
	done := make(chan struct{})
	go func() {
		defer close(done)
		in.read(r)
	}()
	for _, c := range chunks {
		if _, err := w.Write([]byte(c)); err != nil {
			t.Fatal(err)
		}
	}
	_ = w.Close()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the input did not finish reading")
	}
	in.stop()
	return got
}

// readUntil feeds an input chunks, one Read each, then waits (bounded) for
// it to send n messages, without ending its input: what arrives comes from
// the input's own timer, not from the end of input.
func readUntil(t *testing.T, n int, chunks ...string) []tea.Msg {
	t.Helper()
	got := make(chan tea.Msg, 64)
	r, w := io.Pipe()
	t.Cleanup(func() { _ = w.Close() })
	stop := readInput(r, func(m tea.Msg) bool { got <- m; return true })
	t.Cleanup(stop)
	for _, c := range chunks {
		if _, err := w.Write([]byte(c)); err != nil {
			t.Fatal(err)
		}
	}
	var msgs []tea.Msg
	for len(msgs) < n {
		select {
		case m := <-got:
			msgs = append(msgs, m)
		case <-time.After(5 * time.Second):
			t.Fatalf("%d messages arrived (%s), want %d", len(msgs), describe(msgs), n)
		}
	}
	return msgs
}

func describe(msgs []tea.Msg) string {
	var parts []string
	for _, m := range msgs {
		switch m := m.(type) {
		case tea.KeyPressMsg:
			parts = append(parts, m.String())
		case tea.PasteMsg:
			parts = append(parts, fmt.Sprintf("paste(%q)", m.Content))
		case tea.BackgroundColorMsg:
			parts = append(parts, fmt.Sprintf("background(dark=%v)", m.IsDark()))
		default:
			parts = append(parts, fmt.Sprintf("%T", m))
		}
	}
	return strings.Join(parts, " ")
}

func TestInputDecodesWhatTerminalsSend(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chunks []string
		want   string
	}{
		{"typed text and enter", []string{"hi\r"}, "h i enter"},
		{"arrows and tab", []string{"\x1b[A\x1b[B\t\x1b[Z"}, "up down tab shift+tab"},
		{"a sequence split across reads", []string{"\x1b[", "A"}, "up"},
		{"a lone escape, at the end of input", []string{"\x1b"}, "esc"},
		{"alt and a key", []string{"\x1bx"}, "alt+x"},
		{"ctrl keys", []string{"\x03\x15"}, "ctrl+c ctrl+u"},
		{"backspace and delete", []string{"\x7f\x1b[3~"}, "backspace delete"},
		{"a bracketed paste across reads", []string{"\x1b[200~one\r", "two \x1b[31mred\x1b[20", "1~x"}, "paste(\"one\\rtwo \\x1b[31mred\") x"},
		{"the background colour reply", []string{"\x1b]11;rgb:0000/0000/0000\x07"}, "background(dark=true)"},
		{"a light background", []string{"\x1b]11;rgb:ffff/ffff/ffff\x1b\\"}, "background(dark=false)"},
		{"CJK and emoji", []string{"写👍"}, "写 👍"},
		{"unknown sequences are dropped", []string{"\x1b[999;999q" + "a"}, "a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := describe(readAll(t, tc.chunks...)); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// A lone ESC is read as the escape key once escTimeout has passed with
// nothing after it, though the input goes on.
func TestInputReadsALoneEscapeAfterTheTimeout(t *testing.T) {
	if got := describe(readUntil(t, 1, "\x1b")); got != "esc" {
		t.Errorf("got %s, want esc", got)
	}
	if got := describe(readUntil(t, 1, "\x1b[")); got != "alt+[" {
		t.Errorf("the start of a sequence that never ends: got %s, want alt+[", got)
	}
}

// probe is a model that records what it is told and does what a key says.
type probe struct {
	mu    sync.Mutex
	msgs  []string
	views int

	init  tea.Cmd         // Init's command, when set
	dress func(*tea.View) // sets View fields, when set
}

type doneMsg string

func (p *probe) Init() tea.Cmd {
	if p.init != nil {
		return p.init
	}
	return tea.Batch(tea.RequestBackgroundColor, func() tea.Msg { return doneMsg("init") })
}

func (p *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		p.msgs = append(p.msgs, "key "+msg.String())
		switch msg.String() {
		case "s":
			return p, tea.Sequence(
				func() tea.Msg { time.Sleep(20 * time.Millisecond); return doneMsg("first") },
				func() tea.Msg { return doneMsg("second") })
		case "q":
			return p, tea.Sequence(func() tea.Msg { return doneMsg("leaving") }, tea.Quit)
		case "!":
			panic("boom in Update")
		case "?":
			return p, func() tea.Msg { panic("boom in a command") }
		}
	case tea.WindowSizeMsg:
		p.msgs = append(p.msgs, fmt.Sprintf("size %dx%d", msg.Width, msg.Height))
	case tea.ColorProfileMsg:
		p.msgs = append(p.msgs, "profile "+msg.Profile.String())
	case doneMsg:
		p.msgs = append(p.msgs, string(msg))
	case tea.BackgroundColorMsg:
		p.msgs = append(p.msgs, fmt.Sprintf("dark %v", msg.IsDark()))
	}
	return p, nil
}

func (p *probe) View() tea.View {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.views++
	v := frameOf(fmt.Sprintf("seen %d", len(p.msgs)))
	if p.dress != nil {
		p.dress(&v)
	}
	return v
}

func (p *probe) seen() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.msgs, ", ")
}

type size struct{ w, h int }

// runProbe runs a probe on a host over a pipe and a recorded screen.
func runProbe(t *testing.T, resized chan size) (*probe, *io.PipeWriter, *vtTerm, chan error, context.CancelFunc) {
	t.Helper()
	return runModel(t, &probe{}, resized)
}

// runModel runs p on a host over a pipe and a recorded 40x5 screen.
func runModel(t *testing.T, p *probe, resized chan size) (*probe, *io.PipeWriter, *vtTerm, chan error, context.CancelFunc) {
	t.Helper()
	vt := newVT(40, 5)
	screen := NewScreen(vt)
	t.Cleanup(screen.Close)
	in, keys := io.Pipe()
	t.Cleanup(func() { _ = keys.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	errc := make(chan error, 1)
	host := NewHost(p, screen)
	go func() {
		errc <- Run(ctx, host, Terminal[size]{
			In: in, Screen: screen, Width: 40, Height: 5, Profile: colorprofile.ANSI256,
			Resized: resized, Size: func(s size) (int, int) { return s.w, s.h },
		})
	}()
	return p, keys, vt, errc, cancel
}

func waitSeen(t *testing.T, p *probe, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(p.seen(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("never saw %q; saw: %s", want, p.seen())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestHostRunsAModelAsBubbleTeaWould(t *testing.T) {
	resized := make(chan size)
	p, keys, vt, errc, _ := runProbe(t, resized)

	// Size and profile first, then Init's commands: the batch runs, and
	// the background colour is asked of the terminal.
	waitSeen(t, p, "init")
	if got := p.seen(); !strings.HasPrefix(got, "size 40x5, profile ANSI256") {
		t.Errorf("first messages: %s", got)
	}
	waitFor(t, func() bool { return strings.Contains(strings.Join(vt.allWrites(), ""), "\x1b]11;?") }, "the background query")

	// The reply, keys, a resize.
	_, _ = io.WriteString(keys, "\x1b]11;rgb:ffff/ffff/ffff\x07ab")
	waitSeen(t, p, "dark false, key a, key b")
	resized <- size{60, 10}
	waitSeen(t, p, "size 60x10")

	// A sequence delivers in order, even when the first command is slow.
	_, _ = io.WriteString(keys, "s")
	waitSeen(t, p, "first, second")

	// The screen shows the newest frame.
	waitFor(t, func() bool {
		return strings.Contains(vt.screen(), fmt.Sprintf("seen %d", len(strings.Split(p.seen(), ", "))))
	}, "the newest frame")

	// Quit runs what comes before it, draws, and returns.
	_, _ = io.WriteString(keys, "q")
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after quit")
	}
	if !strings.Contains(p.seen(), "leaving") {
		t.Errorf("the command before quit did not run: %s", p.seen())
	}
}

func TestHostDrawsOnceForABurst(t *testing.T) {
	p, keys, _, _, _ := runProbe(t, nil)
	waitSeen(t, p, "init")
	p.mu.Lock()
	before := p.views
	p.mu.Unlock()
	_, _ = io.WriteString(keys, strings.Repeat("x", 12))
	waitSeen(t, p, strings.TrimSuffix(strings.Repeat("key x, ", 12), ", "))
	p.mu.Lock()
	frames := p.views - before
	p.mu.Unlock()
	// Twelve keys in one read reach the loop together: far fewer frames
	// than keys (the loop may wake before all twelve are queued).
	if frames >= 12 {
		t.Errorf("%d frames for 12 keys read at once", frames)
	}
}

func TestHostEndsOnAPanicAndOnItsContext(t *testing.T) {
	for _, key := range []string{"!", "?"} {
		t.Run(key, func(t *testing.T) {
			p, keys, _, errc, _ := runProbe(t, nil)
			waitSeen(t, p, "init")
			_, _ = io.WriteString(keys, key)
			select {
			case err := <-errc:
				if err == nil || !strings.Contains(err.Error(), "boom") || !strings.Contains(err.Error(), "goroutine") {
					t.Errorf("Run returned %v, want the panic with its stack", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Run did not return after a panic")
			}
		})
	}
	t.Run("context", func(t *testing.T) {
		resized := make(chan size)
		p, keys, _, errc, cancel := runProbe(t, resized)
		waitSeen(t, p, "init")
		close(resized) // a closed size channel is not a stream of sizes
		// Had the loop taken the closed channel for sizes, it would have
		// been reading zero sizes all the while until this key came.
		_, _ = io.WriteString(keys, "k")
		waitSeen(t, p, "key k")
		cancel()
		select {
		case err := <-errc:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return when its context ended")
		}
		if strings.Count(p.seen(), "size") != 1 {
			t.Errorf("a closed size channel was read as sizes: %s", p.seen())
		}
	})
}

func TestHostSendAfterStopReturns(t *testing.T) {
	h := NewHost(&probe{}, nil)
	h.stop()
	done := make(chan struct{})
	go func() { h.Send(doneMsg("late")); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Send blocked on a stopped host")
	}
}

// allWrites is everything the screen has written so far.
func (t *vtTerm) allWrites() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.writes...)
}

func waitFor(t *testing.T, ok func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A quit with keys still coming ends Run: the key reader, waiting to hand
// over a key nobody will take, is let go.
func TestHostQuitsWithKeysStillQueued(t *testing.T) {
	p, keys, _, errc, _ := runProbe(t, nil)
	waitSeen(t, p, "init")
	go func() { _, _ = io.WriteString(keys, "q"+strings.Repeat("a", 200)) }()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after quit with keys queued")
	}
}

// An escape sequence gets escTimeout from its first byte to arrive whole,
// not from the latest read: keys typed after a lone ESC are not held back
// for as long as typing goes on.
func TestInputEscapeTimeoutDoesNotRestartOnEachRead(t *testing.T) {
	var mu sync.Mutex
	var got []tea.Msg
	r, w := io.Pipe()
	defer w.Close()
	readInput(r, func(m tea.Msg) bool {
		mu.Lock()
		got = append(got, m)
		mu.Unlock()
		return true
	})
	_, _ = w.Write([]byte("\x1b"))
	// Keys keep coming, one every 10 ms, until the first message: were
	// the timeout restarted by each read, none would come while they do.
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no key arrived while keys kept coming after an ESC")
		}
		time.Sleep(10 * time.Millisecond) // a typist's pace, not a wait for a result
		_, _ = w.Write([]byte("x"))
	}
}

// Bytes that cannot be a sequence's start past maxPending are read as they
// stand, not kept waiting.
func TestInputDoesNotHoldAnEndlessSequence(t *testing.T) {
	msgs := readAll(t, "\x1b]"+strings.Repeat("y", 2*maxPending), "z")
	if !strings.HasSuffix(describe(msgs), "z") {
		t.Errorf("the key after an endless sequence never arrived: %s", describe(msgs))
	}
}

// A paste is kept up to maxPaste bytes; the keys after it still arrive.
func TestInputBoundsAPaste(t *testing.T) {
	msgs := readAll(t, "\x1b[200~"+strings.Repeat("p", 2*maxPaste)+"\x1b[201~z")
	var pastes []string
	for _, m := range msgs {
		if p, ok := m.(tea.PasteMsg); ok {
			pastes = append(pastes, p.Content)
		}
	}
	if len(pastes) != 1 || pastes[0] == "" || len(pastes[0]) > maxPaste {
		t.Fatalf("%d pastes (want one of 1 to %d bytes)", len(pastes), maxPaste)
	}
	if d := describe(msgs); !strings.HasSuffix(d, " z") {
		t.Errorf("the key after the paste did not arrive: ...%s", d[max(0, len(d)-20):])
	}
}

// goroutineID is the running goroutine's number, read from its stack.
func goroutineID() string {
	b := make([]byte, 64)
	b = b[:runtime.Stack(b, false)]
	id, _, _ := strings.Cut(strings.TrimPrefix(string(b), "goroutine "), " ")
	return id
}

// whereDrawn is a model that notes which goroutines run its Update and
// View.
type whereDrawn struct {
	mu    *sync.Mutex
	where map[string]bool
}

func (w whereDrawn) Init() tea.Cmd { return nil }
func (w whereDrawn) Update(tea.Msg) (tea.Model, tea.Cmd) {
	w.note()
	return w, nil
}
func (w whereDrawn) View() tea.View { w.note(); return frameOf("here") }
func (w whereDrawn) note() {
	w.mu.Lock()
	w.where[goroutineID()] = true
	w.mu.Unlock()
}

// Models are updated and drawn on a few goroutines that every host
// shares, not on each host's own: drawing goes deep, and a deep stack on
// every client's goroutine stays as large as its deepest frame.
func TestHostsDrawOnSharedGoroutines(t *testing.T) {
	var mu sync.Mutex
	where := map[string]bool{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const hosts = 40
	loops := make(chan string, hosts)
	var wg sync.WaitGroup
	for range hosts {
		screen := NewScreen(io.Discard)
		t.Cleanup(screen.Close)
		h := NewHost(whereDrawn{&mu, where}, screen)
		wg.Go(func() {
			loops <- goroutineID()
			_ = Run(ctx, h, Terminal[size]{In: strings.NewReader(""), Screen: screen, Width: 40, Height: 5})
		})
		h.Send(tea.KeyPressMsg{Code: 'x', Text: "x"}) // taken once the loop runs
	}
	cancel()
	wg.Wait()
	close(loops)
	mu.Lock()
	defer mu.Unlock()
	if len(where) > drawers {
		t.Errorf("%d hosts' models ran on %d goroutines; want at most the %d drawers", hosts, len(where), drawers)
	}
	for id := range loops {
		if where[id] {
			t.Errorf("a model ran on its host's own goroutine %s", id)
		}
	}
}

// A model that panics ends its own host only: the goroutine that drew it
// goes on drawing for the others.
func TestADrawerOutlivesAPanic(t *testing.T) {
	for range drawers + 1 {
		p, keys, _, errc, _ := runProbe(t, nil)
		waitSeen(t, p, "init")
		_, _ = io.WriteString(keys, "!")
		select {
		case err := <-errc:
			if err == nil || !strings.Contains(err.Error(), "boom in Update") {
				t.Fatalf("Run returned %v, want the panic", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return after a panic: no drawer left?")
		}
	}
}

// blocked is a model whose Update never returns until released: a broken
// session.
type blocked struct {
	started chan<- struct{}
	release <-chan struct{}
}

func (b blocked) Init() tea.Cmd { return nil }
func (b blocked) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		b.started <- struct{}{}
		<-b.release
	}
	return b, nil
}
func (b blocked) View() tea.View { return frameOf("blocked") }

// blockDrawers runs n hosts whose Update blocks, and returns once each
// holds a drawer. Calling unblock (also done at cleanup) lets them go;
// their hosts have ended when it returns.
func blockDrawers(t *testing.T, n int) (unblock func()) {
	t.Helper()
	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(context.Background())
	unblock = func() {
		once.Do(func() { close(release) })
		cancel()
		wg.Wait()
	}
	t.Cleanup(unblock)
	for range n {
		screen := NewScreen(io.Discard)
		t.Cleanup(screen.Close)
		h := NewHost(blocked{started, release}, screen)
		wg.Go(func() {
			_ = Run(ctx, h, Terminal[size]{In: strings.NewReader(""), Screen: screen, Width: 40, Height: 5})
		})
		h.Send(tea.KeyPressMsg{Code: 'x', Text: "x"})
		<-started
	}
	return unblock
}

func drawersRunning() int {
	pool.mu.Lock()
	defer pool.mu.Unlock()
	return len(pool.live)
}

// Sessions whose Update never returns hold as many drawers, and the pool
// starts others in their place: every other screen goes on being drawn.
// Once they return, the pool shrinks back.
func TestStuckDrawersAreReplaced(t *testing.T) {
	old := stuckAfter.Load()
	stuckAfter.Store(int64(50 * time.Millisecond))
	defer stuckAfter.Store(old)
	pool.start.Do(pool.open)
	before := drawersRunning()

	unblock := blockDrawers(t, before)
	// Every drawer of the pool as it was is now stuck.
	p, keys, _, _, _ := runProbe(t, nil)
	waitSeen(t, p, "init")
	_, _ = io.WriteString(keys, "a")
	waitSeen(t, p, "key a")
	waitDrawers(t, "with the first ones stuck", func(n int) bool { return n == before+drawers })

	unblock()
	waitDrawers(t, "once the stuck turns returned", func(n int) bool { return n == before })
}

func waitDrawers(t *testing.T, when string, want func(int) bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for n := drawersRunning(); !want(n); n = drawersRunning() {
		if time.Now().After(deadline) {
			t.Fatalf("%d drawers %s", n, when)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A session that ends while every drawer is busy returns without waiting
// for one, and its model is not run.
func TestAnEndedSessionDoesNotWaitForADrawer(t *testing.T) {
	pool.start.Do(pool.open)
	blockDrawers(t, drawersRunning())
	p := &probe{}
	screen := NewScreen(io.Discard)
	t.Cleanup(screen.Close)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Run(ctx, NewHost(p, screen), Terminal[size]{In: strings.NewReader(""), Screen: screen, Width: 40, Height: 5}); err != nil {
		t.Fatalf("Run: %v", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.views > 0 || len(p.msgs) > 0 {
		t.Errorf("the model of a session that had ended was run: %d views, messages %v", p.views, p.msgs)
	}
}

// A client's terminal size reaches the model clamped to MaxWidth ×
// MaxHeight, and a storm of size changes costs a few repaints, not one
// each: the last size always arrives.
func TestHostClampsAndPacesSizeChanges(t *testing.T) {
	p := &probe{}
	vt := newVT(40, 5)
	screen := NewScreen(vt)
	t.Cleanup(screen.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	resized := make(chan size)
	go func() {
		_ = Run(ctx, NewHost(p, screen), Terminal[size]{
			In: strings.NewReader(""), Screen: screen, Width: 65535, Height: 65535,
			Resized: resized, Size: func(s size) (int, int) { return s.w, s.h },
		})
	}()
	waitSeen(t, p, "init")
	if got := p.seen(); !strings.HasPrefix(got, fmt.Sprintf("size %dx%d", MaxWidth, MaxHeight)) {
		t.Errorf("a 65535x65535 terminal: the model was told %s", got)
	}
	const storm = 1000
	for i := range storm {
		if i%2 == 0 {
			resized <- size{65535, 65535}
		} else {
			resized <- size{30 + i%50, 10 + i%20}
		}
	}
	resized <- size{81, 25}
	waitSeen(t, p, "size 81x25")
	sizes := strings.Count(p.seen(), "size ")
	if sizes > storm/10 {
		t.Errorf("%d size changes reached the model for %d sent", sizes, storm+1)
	}
	for _, m := range strings.Split(p.seen(), ", ") {
		var w, h int
		if _, err := fmt.Sscanf(m, "size %dx%d", &w, &h); err == nil && (w > MaxWidth || h > MaxHeight) {
			t.Errorf("the model was told %s", m)
		}
	}
}
