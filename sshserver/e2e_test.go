package sshserver

// The end-to-end harness: a real server on 127.0.0.1:0 over a temporary data
// directory, and users who reach it the way people do, over SSH with their
// own keys (internal/termclient). Exec commands come back as stdout, stderr
// and exit status; screens are read through a terminal emulator. The
// workshop scenarios build on these helpers.

import (
	"bytes"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"charm.land/log/v2"
	gossh "golang.org/x/crypto/ssh"

	"forwhom/internal/termclient"
)

// screenTimeout bounds every wait for a screen; generous, because -race
// slows everything down.
const screenTimeout = 15 * time.Second

// testConfig is the configuration of a test server: loopback, any port,
// data in dir.
func testConfig(dir string) testCfg {
	cfg := defaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = dir
	cfg.Host = "localhost"
	cfg.LogLevel = log.DebugLevel
	cfg.ShutdownTimeout = 5 * time.Second
	return cfg
}

// startServer starts a server and stops it when the test ends. Its log is
// shown if the test fails.
func startServer(t *testing.T, cfg testCfg) *testServer {
	t.Helper()
	srv, err := startTest(cfg, testLogger(t))
	if err != nil {
		t.Fatalf("starting the server: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("stopping the server: %v", err)
		}
	})
	return srv
}

// startTestServer starts a server with the defaults over a fresh directory.
func startTestServer(t *testing.T) *testServer {
	t.Helper()
	return startServer(t, testConfig(t.TempDir()))
}

// testLogger logs into a buffer that is printed if the test fails. Server
// goroutines may still log after the test ends; the buffer takes it.
func testLogger(t *testing.T) *log.Logger {
	t.Helper()
	buf := &syncBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", buf.String())
		}
	})
	return log.NewWithOptions(buf, log.Options{Level: log.DebugLevel, ReportTimestamp: true})
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// user is one person: a name and, unless a guest, their own ed25519 key.
type user struct {
	t      *testing.T
	name   string
	addr   string
	signer gossh.Signer // nil for a guest
}

// newUser makes a person with a fresh key, who will connect to srv.
func newUser(t *testing.T, srv *testServer, name string) *user {
	t.Helper()
	signer, err := termclient.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	return &user{t: t, name: name, addr: srv.Addr().String(), signer: signer}
}

// newGuest makes a person without a key.
func newGuest(t *testing.T, srv *testServer, name string) *user {
	return &user{t: t, name: name, addr: srv.Addr().String()}
}

// at is the same person connecting to another server (after a restart).
func (u *user) at(srv *testServer) *user {
	v := *u
	v.addr = srv.Addr().String()
	return &v
}

// dial opens a connection, closed when the test ends.
func (u *user) dial() *gossh.Client {
	u.t.Helper()
	c, err := termclient.Dial(u.addr, u.name, u.signer)
	if err != nil {
		u.t.Fatal(err)
	}
	u.t.Cleanup(func() { _ = c.Close() })
	return c
}

// run runs an exec command on a connection of its own, as `ssh HOST cmd`
// does.
func (u *user) run(cmd string) termclient.Result {
	u.t.Helper()
	c, err := termclient.Dial(u.addr, u.name, u.signer)
	if err != nil {
		u.t.Fatal(err)
	}
	defer c.Close()
	r, err := termclient.Exec(c, cmd)
	if err != nil {
		u.t.Fatal(err)
	}
	return r
}

// mustRun runs cmd and fails the test unless it exits 0.
func (u *user) mustRun(cmd string) string {
	u.t.Helper()
	r := u.run(cmd)
	if r.Status != 0 {
		u.t.Fatalf("%s: %q exited %d\nstdout: %s\nstderr: %s", u.name, cmd, r.Status, r.Stdout, r.Stderr)
	}
	return r.Stdout
}

// newWorkshop creates a workshop and returns its join code.
func (u *user) newWorkshop(title string) string {
	u.t.Helper()
	out := u.mustRun("new " + title)
	code, _, _ := strings.Cut(out, "\n")
	return code
}

// open starts cmd ("" for the lobby) in an 80x24 terminal, as
// `ssh -t HOST cmd` does; the session ends with the test.
func (u *user) open(cmd string) *termclient.Term {
	u.t.Helper()
	term, err := termclient.Open(u.dial(), cmd, 80, 24)
	if err != nil {
		u.t.Fatal(err)
	}
	u.t.Cleanup(func() { _ = term.Close() })
	return term
}

// waitScreen waits until the screen shows contains and returns the screen;
// it fails the test, showing the last screen, if it never does.
func waitScreen(t *testing.T, term *termclient.Term, contains string) string {
	t.Helper()
	screen, err := term.WaitText(screenTimeout, contains)
	if err != nil {
		t.Fatalf("waiting for %q on the screen: %v\nlast screen:\n%s", contains, err, screen)
	}
	return screen
}

// typeKeys sends keys by name ("enter", "tab", "ctrl+c", …) or as text.
func typeKeys(t *testing.T, term *termclient.Term, keys ...string) {
	t.Helper()
	if err := term.Press(keys...); err != nil {
		t.Fatal(err)
	}
}

// waitEnded waits until the server ends the terminal's session.
func waitEnded(t *testing.T, term *termclient.Term) {
	t.Helper()
	select {
	case <-term.Done():
	case <-time.After(screenTimeout):
		t.Fatalf("the session did not end; last screen:\n%s", term.Screen())
	}
}

func TestJoinOpensTheWorkshopInATerminal(t *testing.T) {
	srv := startTestServer(t)
	ana := newUser(t, srv, "ana")
	code := ana.newWorkshop("Team A")

	term := ana.open("join " + code)
	waitScreen(t, term, "Team A")
	waitScreen(t, term, code)

	typeKeys(t, term, "ctrl+c")
	waitEnded(t, term)
}

func TestASessionWithoutACommandOpensTheLobby(t *testing.T) {
	srv := startTestServer(t)
	term := newGuest(t, srv, "gus").open("")
	// The lobby's own words ("forwhom" would match a refusal too).
	waitScreen(t, term, "Join by code")
	waitScreen(t, term, "You are gus (guest, no SSH key)")
}

func TestStoppingTheServerTellsOpenScreens(t *testing.T) {
	cfg := testConfig(t.TempDir())
	// Far beyond the waits below: the session must end because its program
	// was told, not because the deadline cut the connection.
	cfg.ShutdownTimeout = time.Minute
	srv := startServer(t, cfg)
	ana := newUser(t, srv, "ana")
	code := ana.newWorkshop("Team A")
	c := ana.dial()
	term, err := termclient.Open(c, "join "+code, 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	waitScreen(t, term, "Team A")

	closed := make(chan error, 1)
	go func() { closed <- srv.Close() }()
	// The program hears ShutdownMsg and ends the session; the client then
	// leaves, as ssh does when its session ends.
	waitEnded(t, term)
	_ = c.Close()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatalf("Close: %v", err)
		}
	case <-time.After(screenTimeout):
		t.Fatal("Close did not return")
	}
	if n := srv.programs.count(); n != 0 {
		t.Errorf("%d programs still registered after Close", n)
	}
}

// Each Bubble Tea program would otherwise install its own SIGINT handler
// and quit on the server's Ctrl-C, on its own, before the server can say
// why.
func TestASignalToTheServerDoesNotEndSessionsByItself(t *testing.T) {
	srv := startTestServer(t)
	term := newUser(t, srv, "ana").open("")
	waitScreen(t, term, "Join by code")

	caught := make(chan os.Signal, 1)
	signal.Notify(caught, syscall.SIGINT) // so the test process survives it
	defer signal.Stop(caught)
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	<-caught
	// Absence can only be checked for a while: a program with a handler
	// quits within milliseconds.
	select {
	case <-term.Done():
		t.Fatal("a SIGINT to the server process ended a session")
	case <-time.After(time.Second):
	}
}
