package sshserver

// A panic in one person's program ends that person's session and nothing
// else: the server keeps serving, everyone else in the same workshop keeps
// working and sees them leave, new clients connect, the person can come
// back, and the log says what happened.

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"

	"forwhom/tui"
)

// faultyModel is a session's model with a fault injected: ctrl+x panics in
// Update; ctrl+y returns a command that panics when the program runs it.
type faultyModel struct{ *tui.Model }

const (
	panicInUpdate  = "injected fault: a panic in Update"
	panicInCommand = "injected fault: a panic in a command"
)

func (f faultyModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "ctrl+x":
			panic(panicInUpdate)
		case "ctrl+y":
			return f, func() tea.Msg { panic(panicInCommand) }
		}
	}
	m, cmd := f.Model.Update(msg)
	return faultyModel{m.(*tui.Model)}, cmd
}

func TestAPanicEndsOnlyThatSession(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  string
	}{
		{"a panic in the program's Update", "\x18"},       // ctrl+x
		{"a panic in a command the program runs", "\x19"}, // ctrl+y
	} {
		t.Run(tc.name, func(t *testing.T) {
			orig := programModel
			programModel = func(m *tui.Model) tea.Model { return faultyModel{m} }
			t.Cleanup(func() { programModel = orig })

			logs := &syncBuffer{}
			logger := log.NewWithOptions(logs, log.Options{Level: log.DebugLevel})
			srv, err := startTest(testConfig(t.TempDir()), logger)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := srv.Close(); err != nil {
					t.Errorf("stopping the server: %v", err)
				}
				if t.Failed() {
					t.Logf("server log:\n%s", logs.String())
				}
			})

			ana, bob := newUser(t, srv, "ana"), newUser(t, srv, "bob")
			code := ana.newWorkshop("Team A")
			a := ana.open("join " + code)
			waitScreen(t, a, "Who is here")
			b := bob.open("join " + code)
			waitScreen(t, b, "Who is here")
			waitScreen(t, a, "2 here")
			typeKeys(t, a, ">")
			waitScreen(t, b, "● Answer")

			// Bob's program panics: his session, and only his, ends.
			typeKeys(t, b, tc.key)
			waitEnded(t, b)
			pollUntil(t, "Bob's program to leave the registry", func() bool { return srv.programs.count() == 1 })

			// Ana, in the same workshop, sees him leave and keeps working.
			waitScreen(t, a, "1 here")
			typeKeys(t, a, "a")
			waitScreen(t, a, "New note")
			typeKeys(t, a, "Still standing", "enter")
			waitScreen(t, a, "Still standing")
			if r := ana.run("list"); r.Status != 0 || !strings.Contains(r.Stdout, code) {
				t.Errorf("list after the panic: status %d, stdout %q, stderr %q", r.Status, r.Stdout, r.Stderr)
			}

			// Someone new connects, and Bob comes back as himself.
			c := newUser(t, srv, "cleo").open("join " + code)
			waitScreen(t, c, "● Answer")
			b = bob.open("join " + code)
			waitScreen(t, b, "● Answer")
			waitScreen(t, a, "3 here")
			typeKeys(t, b, "a")
			waitScreen(t, b, "New note")
			typeKeys(t, b, "Back again", "enter")
			waitScreen(t, b, "Back again")

			// The log says a session's program panicked.
			pollUntil(t, "the panic in the log", func() bool {
				return strings.Contains(logs.String(), "program panicked")
			})
		})
	}
}

// pollUntil polls until ok holds, failing the test after screenTimeout.
func pollUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(screenTimeout)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}
