package teahost

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// reported holds what the host reported as unsupported (see TestMain).
var reported = make(chan string, 64)

// TestMain fails the run if the host reported anything it does not
// support that no test asked for: a model relying on it would silently
// do nothing for SSH clients.
func TestMain(m *testing.M) {
	OnUnsupported(func(kind string) { reported <- kind })
	code := m.Run()
	close(reported)
	for kind := range reported {
		fmt.Fprintf(os.Stderr, "FAIL: the host reported, unasked: %s\n", kind)
		code = 1
	}
	os.Exit(code)
}

// msg is a command whose message is a doneMsg: its name.
func msg(name string) tea.Cmd { return func() tea.Msg { return doneMsg(name) } }

// slow is msg, taking its time: what comes after it in a sequence waits.
func slow(name string) tea.Cmd {
	return func() tea.Msg { time.Sleep(30 * time.Millisecond); return doneMsg(name) }
}

// order reports whether the names appear in p.seen() in this order.
func order(seen string, names ...string) bool {
	at := -1
	parts := strings.Split(seen, ", ")
	for _, n := range names {
		i := slicesIndexAfter(parts, n, at)
		if i < 0 {
			return false
		}
		at = i
	}
	return true
}

func slicesIndexAfter(parts []string, s string, after int) int {
	for i := after + 1; i < len(parts); i++ {
		if parts[i] == s {
			return i
		}
	}
	return -1
}

// Each kind of command the host supports, run as Init's command, does
// what it does under tea.Program.
func TestHostRunsEverySupportedCommand(t *testing.T) {
	tick := tea.Tick(time.Millisecond, func(time.Time) tea.Msg { return doneMsg("tick") })
	for _, tc := range []struct {
		name string
		cmd  tea.Cmd
		done func(p *probe, vt *vtTerm) bool // what shows it was done
		quit bool                            // Run returns
	}{
		{"a command", msg("a"),
			func(p *probe, _ *vtTerm) bool { return order(p.seen(), "a") }, false},
		{"a batch", tea.Batch(msg("a"), msg("b")),
			func(p *probe, _ *vtTerm) bool { return order(p.seen(), "a") && order(p.seen(), "b") }, false},
		{"a batch of sequences", tea.Batch(tea.Sequence(slow("a1"), msg("a2")), tea.Sequence(slow("b1"), msg("b2"))),
			func(p *probe, _ *vtTerm) bool { return order(p.seen(), "a1", "a2") && order(p.seen(), "b1", "b2") }, false},
		{"a sequence", tea.Sequence(slow("a"), msg("b"), slow("c"), msg("d")),
			func(p *probe, _ *vtTerm) bool { return order(p.seen(), "a", "b", "c", "d") }, false},
		{"a sequence waits for a batch in it", tea.Sequence(tea.Batch(slow("a"), msg("b")), msg("c")),
			func(p *probe, _ *vtTerm) bool { return order(p.seen(), "a", "c") && order(p.seen(), "b", "c") }, false},
		{"a sequence waits for a sequence in it", tea.Sequence(tea.Sequence(slow("a"), msg("b")), msg("c")),
			func(p *probe, _ *vtTerm) bool { return order(p.seen(), "a", "b", "c") }, false},
		{"a timer", tick,
			func(p *probe, _ *vtTerm) bool { return order(p.seen(), "tick") }, false},
		{"quit", tea.Quit, nil, true},
		{"a sequence that quits", tea.Sequence(slow("a"), tea.Quit),
			func(p *probe, _ *vtTerm) bool { return order(p.seen(), "a") }, true},
		{"the background colour asked of the terminal", tea.RequestBackgroundColor,
			func(_ *probe, vt *vtTerm) bool {
				return strings.Contains(strings.Join(vt.allWrites(), ""), ansi.RequestBackgroundColor)
			}, false},
		{"raw bytes, such as a bell", tea.Raw("\a"),
			func(_ *probe, vt *vtTerm) bool {
				return strings.Contains(strings.Join(vt.allWrites(), ""), "\a")
			}, false},
		{"the window size asked for", tea.RequestWindowSize,
			func(p *probe, _ *vtTerm) bool { return order(p.seen(), "size 40x5", "size 40x5") }, false},
		{"the screen cleared", tea.Sequence(msg("a"), tea.ClearScreen, msg("b")),
			func(p *probe, vt *vtTerm) bool {
				// The frame after the clear rewrites every row, the last
				// one too, though only the first changed.
				w := vt.allWrites()
				return order(p.seen(), "a", "b") && strings.Contains(w[len(w)-1], "\x1b[5;1H")
			}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _, vt, errc, _ := runModel(t, &probe{init: tc.cmd}, nil)
			if tc.done != nil {
				waitFor(t, func() bool { return tc.done(p, vt) }, tc.name+" (seen: "+p.seen()+")")
			}
			if !tc.quit {
				return
			}
			select {
			case err := <-errc:
				if err != nil {
					t.Fatalf("Run: %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Run did not return after tea.Quit")
			}
		})
	}
}

// Every Bubble Tea command or View field the host does not support is
// reported, once per kind, not silently dropped; and the model is not
// handed what was meant for the program.
func TestHostReportsWhatItDoesNotSupport(t *testing.T) {
	for _, tc := range []struct {
		cmd   tea.Cmd
		dress func(*tea.View)
		kind  string
	}{
		{cmd: tea.Println("above"), kind: "printLineMessage"},
		{cmd: tea.Printf("%s", "above"), kind: "printLineMessage"},
		{cmd: tea.ExecProcess(exec.Command("true"), nil), kind: "execMsg"},
		{cmd: tea.SetClipboard("x"), kind: "setClipboardMsg"},
		{cmd: tea.ReadClipboard, kind: "readClipboardMsg"},
		{cmd: tea.SetPrimaryClipboard("x"), kind: "setPrimaryClipboardMsg"},
		{cmd: tea.ReadPrimaryClipboard, kind: "readPrimaryClipboardMsg"},
		{cmd: tea.RequestForegroundColor, kind: "foregroundColorMsg"},
		{cmd: tea.RequestCursorColor, kind: "cursorColorMsg"},
		{cmd: tea.RequestCursorPosition, kind: "requestCursorPosMsg"},
		{cmd: tea.RequestTerminalVersion, kind: "terminalVersion"},
		{cmd: tea.RequestCapability("RGB"), kind: "requestCapabilityMsg"},
		{cmd: tea.Suspend, kind: "SuspendMsg"},
		{cmd: tea.Interrupt, kind: "InterruptMsg"},
		{dress: func(v *tea.View) { v.MouseMode = tea.MouseModeCellMotion }, kind: "View.MouseMode"},
		{dress: func(v *tea.View) { v.ReportFocus = true }, kind: "View.ReportFocus"},
		{dress: func(v *tea.View) { v.DisableBracketedPasteMode = true }, kind: "View.DisableBracketedPasteMode"},
		{dress: func(v *tea.View) { v.KeyboardEnhancements.ReportEventTypes = true }, kind: "View.KeyboardEnhancements"},
		{dress: func(v *tea.View) { v.BackgroundColor = ansi.Red }, kind: "View.BackgroundColor"},
		{dress: func(v *tea.View) { v.ForegroundColor = ansi.Red }, kind: "View.ForegroundColor"},
		{dress: func(v *tea.View) { v.ProgressBar = tea.NewProgressBar(tea.ProgressBarDefault, 50) }, kind: "View.ProgressBar"},
		{dress: func(v *tea.View) { v.OnMouse = func(tea.MouseMsg) tea.Cmd { return nil } }, kind: "View.OnMouse"},
		{dress: func(v *tea.View) { v.Cursor = tea.NewCursor(0, 0); v.Cursor.Shape = tea.CursorBar }, kind: "View.Cursor"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			unsupported.seen.Clear()
			p := &probe{init: tc.cmd, dress: tc.dress}
			if tc.cmd == nil {
				p.init = msg("drawn")
			}
			runModel(t, p, nil)
			select {
			case kind := <-reported:
				if !strings.Contains(kind, tc.kind) {
					t.Errorf("reported %q, want %s", kind, tc.kind)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("%s was not reported", tc.kind)
			}
			if seen := p.seen(); strings.Contains(seen, "tea.") {
				t.Errorf("the model was handed the program's message: %s", seen)
			}
		})
	}
}

// A kind is reported once per process, however many clients use it.
func TestHostReportsAKindOnce(t *testing.T) {
	unsupported.seen.Clear()
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() { reportUnsupported("a test's kind") })
	}
	wg.Wait()
	if got := <-reported; got != "a test's kind" {
		t.Fatalf("reported %q", got)
	}
	select {
	case again := <-reported:
		t.Errorf("reported again: %q", again)
	default:
	}
}
