package tui_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"forwhom/internal/teahost"
	"forwhom/session"
	"forwhom/suggest"
	"forwhom/tui"
)

// TestMain fails the run if the screens asked the terminal runtime for
// anything it does not do: for an SSH client, it would not happen.
func TestMain(m *testing.M) {
	var mu sync.Mutex
	var asked []string
	teahost.OnUnsupported(func(kind string) {
		mu.Lock()
		asked = append(asked, kind)
		mu.Unlock()
	})
	code := m.Run()
	mu.Lock()
	for _, kind := range asked {
		fmt.Fprintf(os.Stderr, "FAIL: a screen asked the terminal runtime for what it does not do: %s\n", kind)
		code = 1
	}
	mu.Unlock()
	os.Exit(code)
}

// The harness runs the real interface (tui.New) on the terminal runtime,
// internal/teahost, as an SSH client gets it (or on a Bubble Tea program,
// through teatest) against a real session.Manager over a memory store,
// with a fixed clock. Rooms are filled through the session API, the same
// calls the interface makes; the interface is driven with key presses.

// now is the fixed clock of every test: timers and dates never move.
var now = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

func clock() time.Time { return now }

// exportHint is how the test clients reach the server.
const exportHint = "ssh -p 23234 forwhom.example"

// codeStandIn replaces the random join code in golden files.
const codeStandIn = "CODE00"

var (
	fran = session.Identity{ID: "SHA256:FranFranFranFranFranFranFranFranFranFranFra", Name: "Fran"}
	pat  = session.Identity{ID: "SHA256:PatPatPatPatPatPatPatPatPatPatPatPatPatPatPat", Name: "Pat"}
	sam  = session.Identity{ID: "SHA256:SamSamSamSamSamSamSamSamSamSamSamSamSamSamSam", Name: "Sam"}
	kim  = session.Identity{ID: "SHA256:KimKimKimKimKimKimKimKimKimKimKimKimKimKimKim", Name: "Kim"}
)

// room is one workshop run by a real session.Manager.
type room struct {
	t     *testing.T
	mgr   *session.Manager
	code  string
	conns map[string]*session.Conn
}

// newRoom creates a workshop facilitated by Fran. It suggests no
// segments, so that screens do not change with the suggestion engine; the
// tests of suggestions make their rooms with newSuggestingRoom.
func newRoom(t *testing.T) *room {
	t.Helper()
	return newRoomWith(t, func([]suggest.Note, []suggest.Segment) []suggest.Suggestion { return nil })
}

// newSuggestingRoom creates a workshop that suggests segments.
func newSuggestingRoom(t *testing.T) *room {
	t.Helper()
	return newRoomWith(t, nil)
}

func newRoomWith(t *testing.T, suggester session.Suggester) *room {
	t.Helper()
	mgr := session.NewManager(session.NewMemoryStore(), session.Options{Now: clock, Suggest: suggester})
	t.Cleanup(mgr.Close)
	code, err := mgr.Create(context.Background(), fran, "Platform team: who are our customers?")
	if err != nil {
		t.Fatal(err)
	}
	return &room{t: t, mgr: mgr, code: code, conns: map[string]*session.Conn{}}
}

// conn returns who's connection, joining the workshop the first time.
func (r *room) conn(who session.Identity) *session.Conn {
	r.t.Helper()
	if c, ok := r.conns[who.ID]; ok {
		return c
	}
	c, err := r.mgr.Join(context.Background(), r.code, who)
	if err != nil {
		r.t.Fatalf("%s joins: %v", who.Name, err)
	}
	r.t.Cleanup(c.Close)
	r.conns[who.ID] = c
	return c
}

// leave closes who's connection: they are away.
func (r *room) leave(who session.Identity) {
	r.conn(who).Close()
	delete(r.conns, who.ID)
}

// do runs commands as who and fails the test on a refusal.
func (r *room) do(who session.Identity, cmds ...session.Command) {
	r.t.Helper()
	for _, cmd := range cmds {
		if err := r.conn(who).Do(context.Background(), cmd); err != nil {
			r.t.Fatalf("%s: %T%+v: %v", who.Name, cmd, cmd, err)
		}
	}
}

// note finds a note by its text.
func (r *room) note(text string) session.NoteView {
	r.t.Helper()
	for _, n := range r.conn(fran).View().Notes {
		if n.Text == text {
			return n
		}
	}
	r.t.Fatalf("no note %q visible to Fran", text)
	return session.NoteView{}
}

// segment finds a segment by its name.
func (r *room) segment(name string) session.SegmentView {
	r.t.Helper()
	for _, s := range r.conn(fran).View().Segments {
		if s.Name == name {
			return s
		}
	}
	r.t.Fatalf("no segment %q", name)
	return session.SegmentView{}
}

// snapshot is the whole workshop as stored.
func (r *room) snapshot() *session.Snapshot {
	r.t.Helper()
	snap, err := r.mgr.Snapshot(context.Background(), r.code)
	if err != nil {
		r.t.Fatal(err)
	}
	return snap
}

// options are the interface's options for who, joining this room.
func (r *room) options(who session.Identity) tui.Options {
	return tui.Options{Manager: r.mgr, Identity: who, Join: r.code, ExportHint: exportHint, Now: clock}
}

// probeMsg asks the running program for its current screen. The program's
// filter answers it from inside the event loop, the only place the model
// may be read while the program runs.
type probeMsg struct{ reply chan string }

func probeFilter(m tea.Model, msg tea.Msg) tea.Msg {
	if p, ok := msg.(probeMsg); ok {
		p.reply <- m.View().Content
		return nil
	}
	return msg
}

// term is one running interface: on the terminal runtime, as an SSH
// client gets it (start), or on a Bubble Tea program (startProgram).
type term struct {
	t    *testing.T
	w, h int
	tm   *teatest.TestModel // on a program
	rt   *hosted            // on the runtime
}

// hosted is the interface on the runtime: its model on a teahost.Host,
// drawing through a teahost.Screen on an emulated terminal, reading keys
// as the bytes a terminal sends.
type hosted struct {
	vt      *vtTerm
	screen  *teahost.Screen
	host    *teahost.Host
	keys    *io.PipeWriter
	resized chan [2]int
	ended   chan error
	closed  sync.Once
	model   *tui.Model
}

// start runs the interface in a w×h terminal on the terminal runtime, as
// sshserver runs it for an SSH client: the screen is read off the
// terminal, the keys are typed as a terminal sends them.
func start(t *testing.T, opts tui.Options, w, h int) *term {
	t.Helper()
	m := tui.New(opts)
	rt := &hosted{vt: newVT(w, h), resized: make(chan [2]int), ended: make(chan error, 1), model: m}
	rt.screen = teahost.NewScreen(rt.vt)
	rt.host = teahost.NewHost(m, rt.screen)
	in, keys := io.Pipe()
	rt.keys = keys
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		rt.ended <- teahost.Run(ctx, rt.host, teahost.Terminal[[2]int]{
			In: in, Screen: rt.screen, Width: w, Height: h, Profile: colorprofile.TrueColor,
			Resized: rt.resized, Size: func(s [2]int) (int, int) { return s[0], s[1] },
		})
	}()
	t.Cleanup(func() {
		cancel()
		rt.finish(t)
		_ = keys.Close()
	})
	return &term{t: t, w: w, h: h, rt: rt}
}

// finish waits for Run to return, then ends the session as sshserver
// does: the model leaves its workshop, the screen draws its last frame
// and gives the terminal back.
func (rt *hosted) finish(t *testing.T) {
	t.Helper()
	rt.closed.Do(func() {
		select {
		case err := <-rt.ended:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("the program did not end")
		}
		rt.model.Close()
		rt.screen.Close()
	})
}

// startProgram runs the interface in a w×h terminal on a Bubble Tea
// program, through teatest.
func startProgram(t *testing.T, opts tui.Options, w, h int) *term {
	t.Helper()
	tm := teatest.NewTestModel(t, tui.New(opts),
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithFilter(probeFilter)))
	t.Cleanup(func() {
		_ = tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	})
	return &term{t: t, tm: tm, w: w, h: h}
}

// starts are both ways to run the interface: golden screens are the same
// on either.
var starts = []func(t *testing.T, opts tui.Options, w, h int) *term{start, startProgram}

// screen is what the terminal shows now: on the runtime, the emulated
// terminal's text; on a program, the model's view, with styles.
func (tt *term) screen() string {
	tt.t.Helper()
	if tt.rt != nil {
		if c := tt.rt.vt.overflowed(); c != "" {
			tt.t.Fatalf("a line of a frame ran past the terminal's last column (at %q):\n%s", c, tt.rt.vt.screen())
		}
		return tt.rt.vt.screen()
	}
	reply := make(chan string, 1)
	go tt.tm.Send(probeMsg{reply: reply})
	select {
	case s := <-reply:
		return s
	case <-time.After(5 * time.Second):
		tt.t.Fatal("the program did not answer: has it quit?")
		return ""
	}
}

// text is the screen without styles.
func (tt *term) text() string { return ansi.Strip(tt.screen()) }

// waitFor polls the screen until cond holds, and returns the screen.
func (tt *term) waitFor(what string, cond func(text string) bool) string {
	tt.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		last = tt.screen()
		if cond(ansi.Strip(last)) {
			return last
		}
		time.Sleep(10 * time.Millisecond)
	}
	tt.t.Fatalf("waiting for %s; the screen is:\n%s", what, ansi.Strip(last))
	return ""
}

// waitText waits until the screen contains every one of the texts.
func (tt *term) waitText(texts ...string) string {
	tt.t.Helper()
	return tt.waitFor(strings.Join(texts, ", "), func(s string) bool {
		for _, want := range texts {
			if !strings.Contains(s, want) {
				return false
			}
		}
		return true
	})
}

// send hands the model a message, as the server does (a shutdown).
func (tt *term) send(msg tea.Msg) {
	if tt.rt != nil {
		tt.rt.host.Send(msg)
		return
	}
	tt.tm.Send(msg)
}

// paste pastes text, as a terminal does with bracketed paste on.
func (tt *term) paste(text string) {
	if tt.rt != nil {
		tt.write("\x1b[200~" + text + "\x1b[201~")
		return
	}
	tt.tm.Send(tea.PasteMsg{Content: text})
}

// finalScreen waits for the program to end and returns what is left on
// the terminal.
func (tt *term) finalScreen() string {
	tt.t.Helper()
	if tt.rt != nil {
		tt.rt.finish(tt.t)
		return tt.rt.vt.screen()
	}
	tt.tm.WaitFinished(tt.t, teatest.WithFinalTimeout(5*time.Second))
	out, err := io.ReadAll(tt.tm.FinalOutput(tt.t))
	if err != nil {
		tt.t.Fatal(err)
	}
	return string(out)
}

// write types bytes on the terminal's keyboard.
func (tt *term) write(b string) {
	tt.t.Helper()
	if _, err := io.WriteString(tt.rt.keys, b); err != nil {
		tt.t.Fatalf("typing: %v", err)
	}
}

// press sends key presses, named as Bubble Tea names them ("enter",
// "space", "ctrl+c") or as single characters.
func (tt *term) press(keys ...string) {
	for _, k := range keys {
		if tt.rt != nil {
			tt.write(keyBytes(k))
			continue
		}
		tt.tm.Send(keyPress(k))
	}
}

// typeText types text one character at a time.
func (tt *term) typeText(s string) {
	if tt.rt != nil {
		tt.write(s)
		return
	}
	tt.tm.Type(s)
}

// keyBytes is what a terminal sends for a key. Escape is sent as the
// kitty keyboard protocol does, "\x1b[27u": a lone ESC byte waits to be
// sure no sequence follows, and the next key pressed at once would make
// it alt+key.
func keyBytes(k string) string {
	switch k {
	case "enter":
		return "\r"
	case "esc":
		return "\x1b[27u"
	case "tab":
		return "\t"
	case "shift+tab":
		return "\x1b[Z"
	case "space":
		return " "
	case "up":
		return "\x1b[A"
	case "down":
		return "\x1b[B"
	case "right":
		return "\x1b[C"
	case "left":
		return "\x1b[D"
	case "backspace":
		return "\x7f"
	case "ctrl+c":
		return "\x03"
	}
	if len([]rune(k)) != 1 {
		panic("unknown key " + k)
	}
	return k
}

func keyPress(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)
	if len(r) != 1 {
		panic("unknown key " + k)
	}
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// normalize makes a screen comparable across runs: no styles, and the
// random join code replaced (also when drawn letter-spaced).
func normalize(screen, code string) string {
	s := ansi.Strip(screen)
	s = strings.ReplaceAll(s, code, codeStandIn)
	spaced := strings.Join(strings.Split(code, ""), " ")
	s = strings.ReplaceAll(s, spaced, strings.Join(strings.Split(codeStandIn, ""), " "))
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n") + "\n"
}

// requireFits checks that a screen fits its terminal: no line wider than
// w cells, no more than h lines.
func requireFits(t *testing.T, screen string, w, h int) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) > h {
		t.Errorf("%d lines, terminal has %d", len(lines), h)
	}
	for i, l := range lines {
		if got := lipgloss.Width(l); got > w {
			t.Errorf("line %d is %d cells wide, terminal has %d: %q", i+1, got, w, ansi.Strip(l))
		}
	}
}

// requireGolden compares the normalized screen with
// testdata/<test name>.golden (go test ./tui -update rewrites it). The
// screen is read again until it matches or a deadline passes, so a frame
// drawn while a last update was on its way cannot fail the test.
func requireGolden(t *testing.T, tt *term, code string, others ...string) {
	t.Helper()
	path := "testdata/" + t.Name() + ".golden"
	want, err := readFile(path)
	deadline := time.Now().Add(2 * time.Second)
	screen := func() string {
		s := tt.screen()
		for _, o := range others { // other workshops' codes, such as an earlier one's
			s = strings.ReplaceAll(s, o, "CODE01")
		}
		return normalize(s, code)
	}
	got := screen()
	for err == nil && got != want && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		got = screen()
	}
	golden.RequireEqual(t, got)
	if tt.rt != nil {
		requireFocusCursor(t, tt)
	}
}

// requireFocusCursor checks the terminal's real cursor is on the focused
// item, for screen readers: on the "›" of the highlighted row, or after
// it on an input's line; and hidden only when nothing is highlighted.
func requireFocusCursor(t *testing.T, tt *term) {
	t.Helper()
	lines := strings.Split(tt.text(), "\n")
	x, y, shown := tt.rt.vt.cursor()
	marked := -1 // the first row that starts with the mark
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimLeft(l, " │┃"), "› ") {
			marked = i
			break
		}
	}
	switch {
	case !shown && marked >= 0:
		t.Errorf("the cursor is hidden, but line %d is highlighted: %q", marked+1, lines[marked])
	case shown && (y >= len(lines) || !strings.Contains(lines[y], "›")):
		t.Errorf("the cursor is on line %d, which is not a highlighted row or an input", y+1)
	case shown:
		cells := []rune(lines[y]) // these screens' marked lines are narrow characters up to the mark
		if i := strings.Index(lines[y], "›"); i >= 0 && utf8.RuneCountInString(lines[y][:i]) > x {
			t.Errorf("the cursor is at column %d of line %d, before its mark: %q", x+1, y+1, string(cells))
		}
	}
}

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}
