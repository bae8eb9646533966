package tui

import (
	"strings"
	"sync"
	"time"
	"unsafe"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"forwhom/session"
)

// Options is what one client's program needs.
type Options struct {
	Manager  *session.Manager
	Identity session.Identity
	// Join is a join code to open straight away; empty opens the lobby.
	Join string
	// ExportHint is how this client reaches the server with ssh, such as
	// "ssh -p 23234 localhost": the done screen shows facilitators the
	// export command built from it.
	ExportHint string
	// Prefs are the participant's display preferences (theme, motion,
	// bell); the zero value is the default look.
	Prefs Prefs
	// Notice, if set, is shown on the status line at start, as a warning
	// (an unknown FORWHOM_THEME).
	Notice string
	// Now is the clock for timers; nil means time.Now.
	Now func() time.Time
}

// ShutdownMsg tells a program the server is stopping; it shows the reason
// and quits.
type ShutdownMsg struct{ Reason string }

// Model is one client's whole interface: the lobby, or one workshop.
type Model struct {
	opts Options

	width, height int
	dark          bool
	profile       colorprofile.Profile // the colours the terminal shows
	styles        *Styles              // shared with every client of the same theme: read only
	showAllHelp   bool                 // the help bar shows every key, not one line
	keys          keyMaps

	status status
	lobby  lobby
	ws     *workshop // nil while in the lobby

	// links are every workshop connection this model opened, so Close can
	// make sure none is left open.
	links []*link

	// farewell, once set, is the last thing shown: the program is quitting.
	farewell string

	// cache keeps parts of the last frame for the next (see frameCache);
	// nil until the first frame.
	cache *frameCache

	// shareFrames makes frames be written into buffers lent from a free list
	// shared by all clients, each given back with ReleaseFrame: no frame
	// is allocated (on a busy server that was most of what the garbage
	// collector had to do), and no client keeps a frame's worth of memory
	// between changes. Only a caller done with a frame when it releases it
	// may set it: teahost.Host does (LendFrames; its Screen.Draw reads a
	// frame before it returns); Bubble Tea's renderer keeps the last
	// frame, so a tea.Program must not.
	shareFrames bool
	lent        *[]byte     // the frame buffer out on loan, until releaseFrame
	cursor      *tea.Cursor // the frame's cursor, reused with shareFrames (cursor.go)

	// watched is set when the program running the model waits for the
	// workshop's changes itself (teahost.Host, through Watching): then no
	// command is left waiting for the next change on a goroutine of its
	// own.
	watched bool
}

// waitForView is the command that waits for the workshop's next change,
// unless the host watches for it.
func (m *Model) waitForView(l *link) tea.Cmd {
	if m.watched {
		return nil
	}
	return waitForView(l)
}

// watching is what the host waits on for a watched model: the workshop's
// next change and its end, and the messages that tell the model of each.
// With no workshop open, both channels are nil.
func (m *Model) watching() (changed, done <-chan struct{}, view, ended func() tea.Msg) {
	if m.ws == nil || m.farewell != "" {
		// Quitting: the workshop's end, once seen, is not news again.
		return nil, nil, nil, nil
	}
	ws := m.ws
	c := ws.conn()
	return c.Changed(), c.Done(), ws.nextView, ws.connDone
}

// freeFrames holds the frame buffers no client is drawing into, for every
// client: a frame is drawn, handed to its screen and its buffer given back
// at once, so a few buffers serve hundreds of clients. A list, not a
// sync.Pool: a pool is emptied by every garbage collection, and each
// buffer made anew grows to a full frame (~10 KiB) by doubling.
var freeFrames struct {
	sync.Mutex
	list []*[]byte
}

const (
	maxFreeFrames = 64       // more are drawn at once only in bursts
	maxFrameKept  = 64 << 10 // a larger frame's buffer is not kept
)

// borrowFrame lends a buffer for one frame of about size bytes.
func (m *Model) borrowFrame(size int) []byte {
	if m.lent == nil {
		freeFrames.Lock()
		if n := len(freeFrames.list); n > 0 {
			m.lent = freeFrames.list[n-1]
			freeFrames.list = freeFrames.list[:n-1]
		}
		freeFrames.Unlock()
		if m.lent == nil {
			m.lent = new([]byte)
		}
	}
	if cap(*m.lent) < size {
		*m.lent = make([]byte, 0, size)
	}
	return (*m.lent)[:0]
}

// releaseFrame gives the last frame's buffer back: its content must not
// be used any more.
func (m *Model) releaseFrame() {
	if m.lent == nil {
		return
	}
	b := m.lent
	m.lent = nil
	if cap(*b) > maxFrameKept {
		return
	}
	freeFrames.Lock()
	if len(freeFrames.list) < maxFreeFrames {
		freeFrames.list = append(freeFrames.list, b)
	}
	freeFrames.Unlock()
}

// status is the line above the help bar: the outcome of the last action.
type status struct {
	text string
	warn bool
}

// New returns the model for one client.
func New(opts Options) *Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	m := &Model{
		opts:    opts,
		width:   80,
		height:  24,
		dark:    true,                   // until the terminal tells us its background
		profile: colorprofile.TrueColor, // until the program tells us the terminal's
		keys:    newKeyMaps(),
	}
	m.lobby = newLobby(opts.Identity)
	if opts.Notice != "" {
		m.status = status{text: opts.Notice, warn: true}
	}
	m.applyStyles()
	m.resize()
	m.syncKeys()
	return m
}

// Init implements tea.Model: it asks the terminal for its background
// colour, lists the viewer's workshops, and joins Options.Join if set.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{
		tea.RequestBackgroundColor,
		loadWorkshops(m.opts.Manager, m.opts.Identity),
	}
	if m.opts.Join != "" {
		cmds = append(cmds, m.startJoin(m.opts.Join))
	}
	return tea.Batch(cmds...)
}

// Close leaves any workshop the model is still in. A program's Update
// closes connections itself whenever it leaves a workshop or quits; call
// Close after the program has exited for the cases Update never sees, such
// as the SSH session ending under it.
func (m *Model) Close() {
	for _, l := range m.links {
		l.close()
	}
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.syncKeys()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return nil
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.applyStyles()
		return nil
	case tea.ColorProfileMsg:
		m.profile = msg.Profile
		m.applyStyles()
		return nil
	case ShutdownMsg:
		text := "The forwhom server is shutting down."
		if r := strings.TrimSpace(msg.Reason); r != "" {
			text = "The forwhom server is shutting down: " + r
		}
		return m.quit(text)
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return m.quit("")
		}
	case tea.PasteMsg:
		if m.ws != nil && m.ws.prompt != nil && m.ws.prompt.kind == promptNote &&
			strings.ContainsAny(msg.Content, "\r\n") {
			return m.pasteNotes(msg.Content)
		}
		// The server sanitizes whatever is submitted; this only keeps a
		// pasted escape sequence from leaving its visible tail ("[31m")
		// in the input, since the input drops just the ESC byte.
		msg.Content = session.Sanitize(msg.Content, session.MaxNoteLen)
		return m.forward(msg)
	case joinedMsg:
		return m.joined(msg)
	case leftMsg:
		return nil
	}
	return m.forward(msg)
}

// forward hands a message to the screen that is showing.
func (m *Model) forward(msg tea.Msg) tea.Cmd {
	if m.ws != nil {
		return m.updateWorkshop(msg)
	}
	return m.updateLobby(msg)
}

// quit leaves the workshop, if any, and ends the program. A farewell is
// left on the terminal after it.
func (m *Model) quit(farewell string) tea.Cmd {
	m.farewell = farewell
	if m.farewell == "" {
		m.farewell = "Bye from forwhom."
	}
	var cmds []tea.Cmd
	if m.ws != nil {
		cmds = append(cmds, leave(m.ws.link))
	}
	return tea.Sequence(append(cmds, tea.Quit)...)
}

// startJoin asks the session to join a workshop.
func (m *Model) startJoin(code string) tea.Cmd {
	m.lobby.busy = "Joining " + strings.ToUpper(strings.TrimSpace(code)) + "…"
	return joinWorkshop(m.opts.Manager, code, m.opts.Identity)
}

// joined enters a workshop, or reports why it could not.
func (m *Model) joined(msg joinedMsg) tea.Cmd {
	m.lobby.busy = ""
	if msg.err != nil {
		m.warn(msg.err)
		return nil
	}
	l := newLink(msg.conn)
	// Known to Close before anything else: if the program ends before the
	// leave below runs, Close still takes this connection out of the room.
	m.links = append(m.links, l)
	if m.ws != nil || m.farewell != "" {
		// Already somewhere else: this join came too late.
		return leave(l)
	}
	m.ws = newWorkshop(l, msg.view)
	m.status = status{}
	if n := m.opts.Notice; n != "" {
		m.status = status{text: n, warn: true} // not lost to `join CODE`
		m.opts.Notice = ""
	}
	m.resize()
	return tea.Batch(m.waitForView(l), m.timerCmd())
}

// toLobby leaves the workshop for the lobby.
func (m *Model) toLobby() tea.Cmd {
	if m.ws == nil {
		return nil
	}
	l := m.ws.link
	m.ws = nil
	m.status = status{}
	return tea.Batch(leave(l), loadWorkshops(m.opts.Manager, m.opts.Identity), m.lobby.focus())
}

// warn shows a refusal or an error in the status line, exactly as the
// sentence the session wrote for the user.
func (m *Model) warn(err error) {
	m.status = status{text: err.Error(), warn: true}
}

// note shows a confirmation in the status line.
func (m *Model) note(text string) { m.status = status{text: text} }

func (m *Model) now() time.Time { return m.opts.Now() }

func (m *Model) applyStyles() {
	m.styles = stylesFor(m.opts.Prefs.Theme, m.dark, m.profile)
	m.lobby.setStyles(m.styles)
	if m.ws != nil && m.ws.prompt != nil {
		m.ws.prompt.input.SetStyles(m.styles.Input)
	}
}

// resize passes the window size to the components that need it.
func (m *Model) resize() {
	m.lobby.setWidth(m.width - 2)
	if m.ws != nil && m.ws.prompt != nil {
		m.ws.prompt.setWidth(m.width - 2)
	}
}

// syncKeys enables the bindings that apply to what is on screen now, so
// the help bar shows exactly the keys that work.
func (m *Model) syncKeys() {
	if m.ws == nil {
		m.syncLobbyKeys()
		return
	}
	m.syncWorkshopKeys()
}

// currentKeys is the keymap of the screen in front. (A pointer: a keymap
// copied into the interface would be allocated on every frame.)
func (m *Model) currentKeys() keyMap {
	if m.ws == nil {
		return &m.keys.lobby
	}
	return m.workshopKeys()
}

// View implements tea.Model.
func (m *Model) View() tea.View {
	if m.farewell != "" {
		// Drawn outside the alternate screen, so it stays on the terminal
		// after the program has ended.
		return tea.NewView(m.farewell + "\n")
	}
	w, h := max(1, m.width), max(1, m.height)
	var content string
	title := "forwhom"
	if m.ws != nil {
		content = m.viewWorkshop(w, h)
		t := &m.frameCache().title
		if t[0] != m.ws.view.Workshop.Title || t[1] == "" {
			t[0], t[1] = m.ws.view.Workshop.Title, "forwhom · "+m.ws.view.Workshop.Title
		}
		title = t[1]
	} else {
		content = m.viewLobby(w, h)
	}
	// Every screen comes from page, which already fits it to w×h.
	v := tea.NewView(content)
	v.AltScreen = true
	v.WindowTitle = title
	v.Cursor = m.focusCursor(content) // for screen readers (cursor.go)
	return v
}

// page lays out a whole screen: header lines, the body, optional lines
// under it (an input, a question), the status line and the help bar, with
// a one-cell margin left and right. The body gets whatever height is left.
// Header lines must already be cut to the width inside the margins.
func (m *Model) page(w, h int, header, under []string, hint string, body func(w, h int) string) string {
	return m.pageDraw(w, h, header, under, hint, func(f *frameBuf, w, h int) { f.text(body(w, h), w) })
}

// pageDraw is page for a body that writes its lines itself (see frameBuf).
func (m *Model) pageDraw(w, h int, header, under []string, hint string, body func(f *frameBuf, w, h int)) string {
	c := m.frameCache()
	iw := max(1, w-2)
	helpLines := m.helpLines(iw)
	bh := max(0, h-len(header)-len(under)-1-len(helpLines))
	// Kept in the cache, not on the stack: body takes its address, which
	// would move it to the heap on every frame.
	f := &c.buf
	*f = frameBuf{limit: h}
	if size := c.size + c.size/8 + 64; m.shareFrames {
		f.b.buf = m.borrowFrame(size)
	} else {
		f.b.buf = make([]byte, 0, size)
	}
	for _, l := range header {
		f.fitted(l, w)
	}
	if bh > 0 {
		f.region(bh)
		body(f, iw, bh)
		f.endRegion()
	}
	for _, l := range under {
		f.fitted(truncate(l, iw), w)
	}
	f.fitted(m.statusView(iw, hint), w)
	for _, l := range helpLines {
		f.fitted(l, w)
	}
	c.size = len(f.b.buf)
	var out string
	if m.shareFrames {
		*m.lent = f.b.buf
		out = unsafe.String(unsafe.SliceData(f.b.buf), len(f.b.buf))
	} else {
		out = unsafe.String(unsafe.SliceData(f.b.buf), len(f.b.buf)) // a new buffer per frame: nobody writes it again
	}
	*f = frameBuf{} // the buffer is the frame's now, not the cache's
	if w < 2 {
		// The margin alone fills the line: cut every line to the width,
		// as for any other screen.
		return fit(out, w, h)
	}
	return out
}

// statusView is the status line, cut to w cells: the last outcome, or a
// hint. It is kept for the next frame, which most often shows the same.
func (m *Model) statusView(w int, hint string) string {
	c := &m.frameCache().status
	k := statusKey{styles: m.styles, status: m.status, hint: hint, w: w}
	if c.ok && c.key == k {
		return c.line
	}
	s := m.styles
	var line string
	switch {
	case m.status.text != "" && m.status.warn:
		line = truncate(s.Warn.Render("! "+m.status.text), w)
	case m.status.text != "":
		line = truncate(s.Good.Render(m.status.text), w)
	default:
		line = truncate(s.Hint.Render(hint), w)
	}
	c.key, c.line, c.ok = k, line, true
	return line
}

// rule is a horizontal line w cells wide.
func (m *Model) rule(w int) string {
	return m.styles.Rule.Render(strings.Repeat("─", max(0, w)))
}
