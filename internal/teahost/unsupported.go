package teahost

import (
	"log"
	"reflect"
	"sync"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"
)

// What the host does of Bubble Tea, beside running Init, Update and View:
//
//   - commands: any tea.Cmd, run off the loop, its message fed back;
//     tea.Batch (at once, each waited for), tea.Sequence (in order, each
//     message delivered before the next command runs, a nested Batch or
//     Sequence waited for), tea.Quit, tea.RequestBackgroundColor (the
//     query is sent; the reply comes back as tea.BackgroundColorMsg),
//     tea.RequestWindowSize (answered with the terminal's size),
//     tea.ClearScreen (the next frame repaints every line), tea.Raw
//     (written as it is before the next frame), and timers
//     (tea.Tick, tea.Every: ordinary commands).
//   - messages to the model: tea.WindowSizeMsg at start and on resize,
//     tea.ColorProfileMsg at start; tea.KeyPressMsg, tea.PasteMsg and
//     tea.BackgroundColorMsg from the terminal.
//   - View: Content, AltScreen, WindowTitle and Cursor's position.
//
// Everything else Bubble Tea offers (tea.Println, tea.Exec, the clipboard,
// tea.Suspend, tea.Interrupt, mouse modes, focus reports,
// keyboard enhancements, colours, the cursor's shape and colour, progress
// bars...) is not done: each kind is reported once per process (see
// OnUnsupported), so that a model relying on one is found out at once, in
// its tests and in the server's log, rather than silently doing nothing.

// teaPkg is Bubble Tea's package path: the messages of its own commands
// are its types.
var teaPkg = reflect.TypeFor[tea.QuitMsg]().PkgPath()

var unsupported struct {
	seen   sync.Map // kind -> struct{}
	report atomic.Pointer[func(kind string)]
}

// OnUnsupported sets where the host reports a Bubble Tea message, command
// or View field it does not support, once per kind for the life of the
// process (a server with hundreds of clients says it once). Until set, or
// with nil, reports go to the standard logger. Tests set it to fail.
func OnUnsupported(report func(kind string)) {
	if report == nil {
		unsupported.report.Store(nil)
		return
	}
	unsupported.report.Store(&report)
}

// reportUnsupported reports kind unless it was already.
func reportUnsupported(kind string) {
	if _, dup := unsupported.seen.LoadOrStore(kind, struct{}{}); dup {
		return
	}
	if r := unsupported.report.Load(); r != nil {
		(*r)(kind)
		return
	}
	log.Printf("teahost: %s is not supported by the terminal runtime; ignored", kind)
}

// cmdsType is the element type of tea.Sequence's and tea.Batch's messages.
var cmdsType = reflect.TypeFor[tea.Cmd]()

// sequenceOf is the commands of a tea.Sequence message. Bubble Tea does
// not export its type; what it documents is that the message is the
// commands to run in order, and that is how it is recognised: a slice of
// tea.Cmd of Bubble Tea's own (tea.BatchMsg is matched before). No name of
// an unexported type is relied on; if a Bubble Tea release changes the
// representation, the message is reported as unsupported (and the host's
// tests fail) rather than dropped.
func sequenceOf(msg tea.Msg) ([]tea.Cmd, bool) {
	t := reflect.TypeOf(msg)
	if t == nil || t.Kind() != reflect.Slice || t.Elem() != cmdsType || t.PkgPath() != teaPkg {
		return nil, false
	}
	v := reflect.ValueOf(msg)
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// forProgram reports whether msg is a request to the program rather than
// news for the model: a message of Bubble Tea's own package whose type is
// unexported (what its commands return), or one of the few exported
// requests. The host handles the ones it supports before asking.
func forProgram(msg tea.Msg) bool {
	switch msg.(type) {
	case tea.SuspendMsg, tea.InterruptMsg:
		return true
	}
	t := reflect.TypeOf(msg)
	if t == nil || t.PkgPath() != teaPkg {
		return false
	}
	name := t.Name()
	return name != "" && name[0] >= 'a' && name[0] <= 'z'
}

// checkView reports what v asks for that the screen does not draw.
func checkView(v *tea.View) {
	if v.Cursor != nil && (v.Cursor.Color != nil || v.Cursor.Shape != tea.CursorBlock || !v.Cursor.Blink) {
		reportUnsupported("View.Cursor's colour, shape or blink")
	}
	for _, f := range [...]struct {
		set  bool
		name string
	}{
		{v.OnMouse != nil, "View.OnMouse"},
		{v.MouseMode != tea.MouseModeNone, "View.MouseMode"},
		{v.BackgroundColor != nil, "View.BackgroundColor"},
		{v.ForegroundColor != nil, "View.ForegroundColor"},
		{v.ProgressBar != nil, "View.ProgressBar"},
		{v.ProgramStatus != nil, "View.ProgramStatus"},
		{v.ReportFocus, "View.ReportFocus"},
		{v.DisableBracketedPasteMode, "View.DisableBracketedPasteMode"},
		{v.KeyboardEnhancements != (tea.KeyboardEnhancements{}), "View.KeyboardEnhancements"},
	} {
		if f.set {
			reportUnsupported(f.name)
		}
	}
}
