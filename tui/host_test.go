package tui_test

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"forwhom/internal/teahost"
	"forwhom/session"
	"forwhom/tui"
)

// The model takes up both of the runtime's offers.
var (
	_ teahost.FrameLender = (*tui.Model)(nil)
	_ teahost.Watcher     = (*tui.Model)(nil)
)

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

// Under Host, a Model waits for its workshop's changes on the host's own
// loop (no goroutine per client waiting for the next change), every
// change reaches the screen, and the workshop's end ends Run.
func TestHostWatchesTheWorkshopOfARealModel(t *testing.T) {
	ctx := context.Background()
	mgr := session.NewManager(session.NewMemoryStore(), session.Options{})
	fran := session.Identity{ID: "fran", Name: "Fran"}
	code, err := mgr.Create(ctx, fran, "Title 0")
	if err != nil {
		t.Fatal(err)
	}
	fc, err := mgr.Join(ctx, code, fran)
	if err != nil {
		t.Fatal(err)
	}
	// The drawers every host shares start with the first host of the
	// process: start them with a host of their own, so that alone (as with
	// -run) this test counts only its client's goroutines.
	warm := newVT(10, 3)
	warmScreen := teahost.NewScreen(warm)
	if err := teahost.Run(ctx, teahost.NewHost(quitAtOnce{}, warmScreen), teahost.Terminal[struct{}]{In: strings.NewReader(""), Screen: warmScreen, Width: 10, Height: 3}); err != nil {
		t.Fatal(err)
	}
	warmScreen.Close()
	before := runtime.NumGoroutine()

	vt := newVT(100, 30)
	screen := teahost.NewScreen(vt)
	defer screen.Close()
	in, keys := io.Pipe()
	defer keys.Close()
	m := tui.New(tui.Options{Manager: mgr, Identity: session.Identity{ID: "pat", Name: "Pat"}, Join: code})
	errc := make(chan error, 1)
	go func() {
		errc <- teahost.Run(ctx, teahost.NewHost(m, screen), teahost.Terminal[struct{}]{In: in, Screen: screen, Width: 100, Height: 30})
	}()
	waitFor(t, func() bool { return strings.Contains(vt.screen(), "Title 0") }, "the workshop on the screen")

	for i := 1; i <= 30; i++ {
		if err := fc.Do(ctx, session.Retitle{Title: fmt.Sprint("Title ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, func() bool { return strings.Contains(vt.screen(), "Title 30") }, "the last change on the screen")
	// The host's loop, its key reader and the screen's writer: nothing
	// else of this client's stays running between changes.
	waitFor(t, func() bool { return runtime.NumGoroutine()-before <= 3 }, "no goroutine left waiting per change")

	mgr.Close() // the workshop stops: the model is told and quits
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not end with the workshop")
	}
}

// quitAtOnce is a model that quits as it starts.
type quitAtOnce struct{}

func (quitAtOnce) Init() tea.Cmd                         { return tea.Quit }
func (q quitAtOnce) Update(tea.Msg) (tea.Model, tea.Cmd) { return q, nil }
func (quitAtOnce) View() tea.View                        { return tea.NewView("") }
