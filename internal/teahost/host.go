package teahost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// Host runs one client's model on its terminal, in place of a tea.Program.
//
// Why: a workshop keeps hundreds of participants connected to one server,
// so what each connection costs decides how many fit. A tea.Program per
// client brings its own input key table (~130 KiB), a renderer, and five
// goroutines beside the connection's own; Host runs the same tea.Model
// with one goroutine for its loop and one reading keys, draws through
// Screen, and keeps Bubble Tea's contract for models: Init, Update with
// every message, commands run off the loop and their messages fed back,
// and the commands listed in unsupported.go (what it does not do is
// reported, not dropped). The loop hands each turn (Update, then View) to
// a few goroutines that every host shares (see onDrawer).
type Host struct {
	model   tea.Model
	watched Watcher // model, when the host waits on its events itself
	screen  *Screen
	msgs    chan tea.Msg
	done    chan struct{}
	once    sync.Once
	failed  chan error // a command that panicked
	turn    turn       // what the loop hands a drawer (see onDrawer)
	job     drawJob    // the loop's job for a drawer, reused
	// takeTurnFn is takeTurn, made once: a new method value per turn
	// would be an allocation per change per client.
	takeTurnFn func()
	// size is the terminal's, as the model was last told.
	size tea.WindowSizeMsg
}

// Terminal is one client's terminal: its keystrokes, its screen, its size
// and colours, and where its size changes come from.
type Terminal[W any] struct {
	In     io.Reader
	Screen *Screen
	// Width and Height are the size at start. It, and every change, is
	// clamped to MaxWidth × MaxHeight before the model or the screen
	// sees it.
	Width, Height int
	Profile       colorprofile.Profile
	// Resized delivers size changes; Size reads one. The loop takes them
	// as they come, so a client's resizes never wait for its output, and
	// paces the repaints they cause (see resizeEvery).
	Resized <-chan W
	Size    func(W) (width, height int)
}

// NewHost returns a host for m drawing on screen.
func NewHost(m tea.Model, screen *Screen) *Host {
	h := &Host{
		model:  m,
		screen: screen,
		msgs:   make(chan tea.Msg, 16),
		done:   make(chan struct{}),
		failed: make(chan error, 1),
	}
	h.job.done = make(chan error, 1)
	h.takeTurnFn = h.takeTurn
	// Each frame is drawn by Screen.Draw before the next is asked for,
	// so frames may share their buffer; and the loop waits for the
	// model's events itself, rather than a goroutine per event per
	// client (see FrameLender and Watcher).
	if l, ok := m.(FrameLender); ok {
		l.LendFrames()
	}
	if w, ok := m.(Watcher); ok {
		w.Watch()
		h.watched = w
	}
	return h
}

// Send hands the model a message; it waits until the loop takes it, or
// returns at once if the host has stopped.
func (h *Host) Send(msg tea.Msg) { h.send(msg) }

func (h *Host) send(msg tea.Msg) bool {
	select {
	case h.msgs <- msg:
		return true
	case <-h.done:
		return false
	}
}

// Run runs the model until it quits, ctx ends or it panics (then the
// panic and its stack are the error). Messages and commands work as in
// Bubble Tea; the model is drawn after the messages ready at once have
// all been taken, so a burst of typed keys costs one frame.
func Run[W any](ctx context.Context, h *Host, t Terminal[W]) (err error) {
	stopInput := readInput(t.In, h.send)
	defer func() {
		// Senders stop waiting first: the key reader may be waiting to
		// hand over a key the loop will never take.
		h.stop()
		stopInput()
	}()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("teahost: the program panicked: %v\n%s", r, debug.Stack())
		}
	}()

	width, height := ClampSize(t.Width, t.Height)
	if err := h.onDrawer(ctx, func() {
		h.update(tea.WindowSizeMsg{Width: width, Height: height})
		h.update(tea.ColorProfileMsg{Profile: t.Profile})
		h.exec(h.model.Init())
	}); err != nil {
		return ignoreStopped(err)
	}
	resized := t.Resized
	// A size change repaints the whole screen, so size changes are paced
	// (see resizeEvery): one that comes too soon after the last is kept,
	// replacing any kept before it, and applied when its time comes.
	var (
		lastResize time.Time
		pending    tea.WindowSizeMsg
		paced      <-chan time.Time // fires when pending may be applied
	)
	for {
		var changed, gone <-chan struct{}
		var view, ended func() tea.Msg
		if h.watched != nil {
			changed, gone, view, ended = h.watched.Watching()
		}
		tn := &h.turn
		*tn = turn{}
		resize := false
		select {
		case <-ctx.Done():
			return nil
		case <-changed:
			tn.next = view
		case <-gone:
			tn.next = ended
		case err := <-h.failed:
			return err
		case w, ok := <-resized:
			if !ok {
				resized = nil // the session's requests ended
				continue
			}
			pw, ph := ClampSize(t.Size(w))
			pending = tea.WindowSizeMsg{Width: pw, Height: ph}
			if paced != nil {
				continue // applied when the timer fires
			}
			if pending.Width == width && pending.Height == height {
				continue // nothing changed: no repaint
			}
			if wait := resizeEvery - time.Since(lastResize); wait > 0 {
				paced = time.After(wait)
				continue
			}
			tn.msg, resize = pending, true
		case <-paced:
			paced = nil
			if pending.Width == width && pending.Height == height {
				continue
			}
			tn.msg, resize = pending, true
		case msg := <-h.msgs:
			tn.msg = msg
		}
		if resize {
			width, height, lastResize = pending.Width, pending.Height, time.Now()
		}
		if err := h.onDrawer(ctx, h.takeTurnFn); err != nil {
			return ignoreStopped(err)
		}
		if tn.quit {
			return nil
		}
	}
}

// The largest terminal a client is drawn for: wider or taller terminals
// get a frame of this size in their top-left corner. Every frame is drawn
// whole (every row padded to the width), so the work and memory of one
// frame grow with width × height: a client announcing 65535×65535 made
// the server draw 4 G cells per change (issue 19). 500×200 is more than
// a 4K screen at a small font holds.
const (
	MaxWidth  = 500
	MaxHeight = 200
)

// ClampSize is a client's terminal size as the server draws for it: at
// most MaxWidth × MaxHeight, and never negative.
func ClampSize(width, height int) (int, int) {
	return min(max(width, 0), MaxWidth), min(max(height, 0), MaxHeight)
}

// resizeEvery is the least time between two repaints for size changes:
// a person dragging a window's corner makes a few dozen a second and sees
// the last one within this; a client sending a storm of them costs one
// repaint per interval, not one per request.
const resizeEvery = 50 * time.Millisecond

// turn is one pass of the loop: a message (or where to get it), then
// whatever else was ready, then a frame.
type turn struct {
	msg  tea.Msg
	next func() tea.Msg // the message, when it is made on the drawer
	quit bool
}

// takeTurn takes the turn's message, what else was ready at once (only
// that: keys that keep coming must not hold back the frame, or the loop's
// other events), and draws.
func (h *Host) takeTurn() {
	t := &h.turn
	if t.next != nil {
		t.msg = t.next()
	}
	t.quit = h.update(t.msg)
	for n := len(h.msgs); !t.quit && n > 0; n-- {
		t.quit = h.update(<-h.msgs)
	}
	h.draw()
}

// onDrawer runs f, the host's model at work (Update and View), on one of
// a few goroutines shared by every host, and waits for it. A panic in f
// is returned, with its stack.
//
// Why: a goroutine's stack grows to the deepest call it makes, and stays
// that large until a collection finds it mostly unused. Drawing a frame
// goes deep (lipgloss passes its large styles by value), so when each
// host drew on its own goroutine every client kept a stack of tens of
// KiB; and since new goroutines start at the average stack size, so did
// every other goroutine of every connection. At N=200 stacks were 24 MB
// of the server's ~60 MB; drawing on shared goroutines, 8 MB. The cost is
// a handoff per turn, a few µs.
//
// If ctx ends while every drawer is busy, f does not run and onDrawer
// returns errStopped: a session that ends does not wait for a drawer.
// A turn that has started is waited for.
func (h *Host) onDrawer(ctx context.Context, f func()) error {
	pool.start.Do(pool.open)
	h.job.f = f
	select {
	case pool.jobs <- &h.job:
		return <-h.job.done
	case <-ctx.Done():
		return errStopped
	}
}

// errStopped is onDrawer's when the session ended before a drawer was
// free.
var errStopped = errors.New("teahost: stopped before a drawer was free")

// ignoreStopped is err, unless it says the session ended: Run returns
// nil then, as it does when ctx ends between turns.
func ignoreStopped(err error) error {
	if errors.Is(err, errStopped) {
		return nil
	}
	return err
}

// drawers is how many goroutines draw: as many as can run at once, and
// some more, so that a turn that waits (on a lock, or on a board another
// turn is building) does not hold the others.
var drawers = max(4, runtime.GOMAXPROCS(0))

// A drawer whose turn has run this long is taken to be stuck (a model
// whose Update never returns): the pool starts another in its place, so
// one broken session cannot stop every other screen. A turn takes µs to
// a few ms. It is a variable for tests.
var stuckAfter atomic.Int64

func init() { stuckAfter.Store(int64(time.Second)) }

// maxDrawers bounds the goroutines a run of stuck turns can leave behind.
const maxDrawers = 256

// pool is the drawers every host shares.
var pool = drawerPool{jobs: make(chan *drawJob)}

type drawerPool struct {
	start sync.Once
	jobs  chan *drawJob
	mu    sync.Mutex
	live  []*drawer // the drawers running
}

type drawJob struct {
	f    func()
	done chan error
}

// drawer is one drawing goroutine: when it started its turn (time since
// epoch, in ns), or 0 between turns.
type drawer struct{ since atomic.Int64 }

var epoch = time.Now()

func (p *drawerPool) open() {
	p.mu.Lock()
	for range drawers {
		p.spawn()
	}
	p.mu.Unlock()
	go p.watch()
}

// spawn starts a drawer; p.mu is held.
func (p *drawerPool) spawn() {
	d := &drawer{}
	p.live = append(p.live, d)
	go p.draw(d)
}

func (p *drawerPool) draw(d *drawer) {
	for job := range p.jobs {
		began := int64(time.Since(epoch))
		d.since.Store(began)
		err := runTurn(job.f)
		d.since.Store(0)
		job.done <- err
		if int64(time.Since(epoch))-began >= stuckAfter.Load() && p.retire(d) {
			return
		}
	}
}

// watch starts a drawer for each one stuck in a turn, so that as many as
// drawers are always free to draw.
func (p *drawerPool) watch() {
	for {
		time.Sleep(time.Duration(stuckAfter.Load()) / 2)
		p.mu.Lock()
		for free := len(p.live) - p.stuck(); free < drawers && len(p.live) < maxDrawers; free++ {
			p.spawn()
		}
		p.mu.Unlock()
	}
}

// stuck counts the drawers whose turn has run past stuckAfter; p.mu is
// held.
func (p *drawerPool) stuck() int {
	now, n := int64(time.Since(epoch)), 0
	for _, d := range p.live {
		if since := d.since.Load(); since != 0 && now-since >= stuckAfter.Load() {
			n++
		}
	}
	return n
}

// retire ends d, a drawer back from a turn so long it was taken to be
// stuck, if enough others are free without it.
func (p *drawerPool) retire(d *drawer) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.live)-1-p.stuck() < drawers {
		return false
	}
	p.live = slices.DeleteFunc(p.live, func(l *drawer) bool { return l == d })
	return true
}

// runTurn runs f, turning a panic into an error with f's stack.
func runTurn(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("teahost: the program panicked: %v\n%s", r, debug.Stack())
		}
	}()
	f()
	return nil
}

// draw hands the model's frame to the screen, which is done with it when
// frame returns: a FrameLender gets its buffer back.
func (h *Host) draw() {
	v := h.model.View()
	checkView(&v)
	h.screen.Draw(v)
	if l, ok := h.model.(FrameLender); ok {
		l.ReleaseFrame()
	}
}

// stop ends the host: senders stop waiting.
func (h *Host) stop() { h.once.Do(func() { close(h.done) }) }

// update handles one message and reports whether the program quits.
func (h *Host) update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case nil:
		return false
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		h.exec(func() tea.Msg { return msg })
		return false
	case tea.WindowSizeMsg:
		h.size = msg
		h.screen.Resize(msg.Width, msg.Height)
	case tea.RawMsg:
		// Written as it is, ahead of the next frame (a bell, a query).
		h.screen.query(fmt.Sprint(msg.Msg))
		return false
	}
	switch msg {
	case tea.RequestBackgroundColor():
		h.screen.query(ansi.RequestBackgroundColor)
		return false
	case tea.RequestWindowSize():
		// Answered at once: the host always knows the terminal's size.
		return h.update(h.size)
	case tea.ClearScreen():
		// Nothing on the terminal is trusted any more: the next frame
		// repaints every line.
		h.screen.Resize(h.size.Width, h.size.Height)
		return false
	}
	if _, ok := sequenceOf(msg); ok {
		h.exec(func() tea.Msg { return msg })
		return false
	}
	if forProgram(msg) {
		reportUnsupported(fmt.Sprintf("Bubble Tea's %T", msg))
		return false
	}
	var cmd tea.Cmd
	h.model, cmd = h.model.Update(msg)
	h.exec(cmd)
	return false
}

// exec runs a command off the loop and feeds its messages back (see run).
func (h *Host) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		defer h.recover()
		h.run(cmd)
	}()
}

// run runs cmd and hands its message to the loop, as Bubble Tea does: a
// tea.Batch's commands run at once and are all waited for, a
// tea.Sequence's run one after the other, each message delivered before
// the next command starts, and a Batch or Sequence inside either is
// waited for in its turn. It reports false once the host has stopped.
func (h *Host) run(cmd tea.Cmd) bool {
	if cmd == nil {
		return true
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		var wg sync.WaitGroup
		for _, c := range batch {
			if c != nil {
				wg.Go(func() {
					defer h.recover()
					h.run(c)
				})
			}
		}
		wg.Wait()
		return !h.stopped()
	}
	if seq, ok := sequenceOf(msg); ok {
		for _, c := range seq {
			if !h.run(c) {
				return false
			}
		}
		return true
	}
	return h.send(msg)
}

// stopped reports whether the host has stopped.
func (h *Host) stopped() bool {
	select {
	case <-h.done:
		return true
	default:
		return false
	}
}

// recover turns a command's panic into the host's end.
func (h *Host) recover() {
	if r := recover(); r != nil {
		select {
		case h.failed <- fmt.Errorf("teahost: a command panicked: %v\n%s", r, debug.Stack()):
		default:
		}
	}
}
