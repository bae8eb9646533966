package sshserver

// Each limit the server enforces, reached the way a user reaches it, over
// SSH: what they are told (stderr for a command, the screen for the TUI),
// and that the server carries on.

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"forwhom/internal/termclient"
)

func TestLimitDefaultsAreSizedForA500PersonWorkshop(t *testing.T) {
	cfg := defaultConfig()
	lim := cfg.Limits
	for _, c := range []struct {
		name string
		ok   bool
	}{
		{"a workshop admits 500 people", lim.ParticipantsPerWorkshop >= 500},
		{"the server admits 500 people with a second terminal each", cfg.MaxConns >= 1000},
		{"a room behind one NAT address fits, one terminal each", cfg.MaxConnsPerIP >= 500},
		// Past its limit an address is still let in to be told why, up
		// to twice the limit.
		{"one address cannot take the whole server", cfg.MaxConns == 0 || 2*cfg.MaxConnsPerIP < cfg.MaxConns},
		{"a room behind one NAT address can join at once", cfg.ConnBurst >= 500},
		{"a person may type a burst of notes", lim.ActionBurst >= 10 && lim.ActionsPerSecond >= 2},
		{"a slow network finishes its handshake", cfg.HandshakeTimeout >= 10*time.Second},
		{"a briefly frozen terminal is not evicted", cfg.StallTimeout >= 10*time.Second},
		{"a reader who watches for a while is not idle", cfg.IdleTimeout >= 10*time.Minute},
	} {
		if !c.ok {
			t.Errorf("%s: %+v", c.name, cfg)
		}
	}
}

// eventually polls cond until it holds or the screen timeout passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(screenTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(10 * time.Millisecond) // polling a condition, with a deadline
	}
}

func TestConnectionsInTotalAreLimited(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.MaxConns = 2
	srv := startServer(t, cfg)
	ana, bob := newUser(t, srv, "ana"), newUser(t, srv, "bob")
	first, second := ana.dial(), bob.dial()

	r := newUser(t, srv, "carl").run("help")
	if r.Status != 1 || !strings.Contains(r.Stderr, "the server is full (2 connections); try again in a few minutes") {
		t.Errorf("a third connection: status %d, stderr %q", r.Status, r.Stderr)
	}
	// Connections that close no longer count.
	_ = first.Close()
	_ = second.Close()
	eventually(t, "every closed connection is released", func() bool { return srv.conns.Total() == 0 })
	newUser(t, srv, "carl").mustRun("help")
}

// A client that opens TCP and never completes the SSH handshake is
// dropped after --handshake-timeout, and so is one that never
// authenticates; one that has authenticated is not.
func TestAHandshakeThatNeverFinishesIsDropped(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.HandshakeTimeout = 300 * time.Millisecond
	srv := startServer(t, cfg)

	// A client that has authenticated and started a session before the
	// deadline stays.
	ana := newUser(t, srv, "ana")
	authed := ana.dial()
	lobby, err := termclient.Open(authed, "", 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	defer lobby.Close()
	waitScreen(t, lobby, "Join by code")

	// Silent after TCP: the server sends its version line, then hangs up.
	raw, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	_ = raw.SetReadDeadline(time.Now().Add(screenTimeout))
	got, err := io.ReadAll(raw)
	if err != nil {
		t.Fatalf("a silent client was not disconnected: %v (read %q)", err, got)
	}
	if !strings.HasPrefix(string(got), "SSH-2.0-") {
		t.Errorf("the server sent %q", got)
	}

	// Key exchange done, then stuck at authentication (a client that
	// never answers the server's keyboard-interactive request): dropped
	// too, while the client is still stuck.
	stuck := make(chan struct{})
	conn, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	watched := &eofConn{Conn: conn, eof: make(chan struct{})}
	result := make(chan error, 1)
	go func() {
		_, _, _, err := gossh.NewClientConn(watched, srv.Addr().String(), &gossh.ClientConfig{
			User: "slow",
			Auth: []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
				<-stuck
				return nil, nil
			})},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		})
		result <- err
	}()
	select {
	case <-watched.eof:
	case <-time.After(screenTimeout):
		t.Fatal("a client stuck in authentication was not disconnected")
	}
	close(stuck)
	if err := <-result; err == nil {
		t.Fatal("a client stuck in authentication got in")
	}

	eventually(t, "the dropped connections are released", func() bool { return srv.conns.Total() == 1 })
	// Well past the deadline, the client in a session still works.
	time.Sleep(2 * cfg.HandshakeTimeout) // an absence can only be checked for a while
	if r, err := termclient.Exec(authed, "help"); err != nil || r.Status != 0 {
		t.Errorf("a connection in a session after the handshake deadline: %v, %+v", err, r)
	}
}

// A client that authenticates and starts no session is dropped after
// --handshake-timeout, keepalives or not, and so is one whose last session
// has ended: otherwise each holds a connection slot until the idle timeout
// (half an hour), or for ever.
func TestAConnectionWithoutASessionIsDropped(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.HandshakeTimeout = 300 * time.Millisecond
	srv, logs := startLoggedServer(t, cfg)
	ana := newUser(t, srv, "ana")

	idle, err := termclient.Dial(srv.Addr().String(), "ana", ana.signer)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	// A keepalive now and then, as `ssh -o ServerAliveInterval` sends.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				_, _, _ = idle.SendRequest("keepalive@openssh.com", true, nil)
			}
		}
	}()
	waitClosed(t, idle, "an authenticated connection that opened no session")

	used, err := termclient.Dial(srv.Addr().String(), "ana", ana.signer)
	if err != nil {
		t.Fatal(err)
	}
	defer used.Close()
	if r, err := termclient.Exec(used, "help"); err != nil || r.Status != 0 {
		t.Fatalf("help: %v, %+v", err, r)
	}
	waitClosed(t, used, "a connection whose only session has ended")
	eventually(t, "the dropped connections are released", func() bool { return srv.conns.Total() == 0 })

	// A client whose network drops in the middle of a session is not
	// dropped again afterwards (nor logged as such) when the session
	// winds down: its watch ended with the connection.
	var raw net.Conn
	c, err := dialRaw(ana, &raw)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	lobby, err := termclient.Open(c, "", 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	waitScreen(t, lobby, "Join by code")
	_ = raw.Close()
	eventually(t, "the dropped connection is released", func() bool { return srv.conns.Total() == 0 })
	time.Sleep(3 * cfg.HandshakeTimeout) // an absence can only be checked for a while
	if n := strings.Count(logs.String(), "dropping a connection that started no session"); n != 2 {
		t.Errorf("%d connections logged as dropped for starting no session, want 2:\n%s", n, logs.String())
	}
}

// waitClosed waits until the server has closed c.
func waitClosed(t *testing.T, c *gossh.Client, what string) {
	t.Helper()
	closed := make(chan error, 1)
	go func() { closed <- c.Wait() }()
	select {
	case <-closed:
	case <-time.After(screenTimeout):
		t.Fatalf("%s was not closed", what)
	}
}

// One address, opening silent connections as fast as it can, holds at
// most twice its limit (those past the limit only until they are told
// why, or dropped), so others still get in, with the defaults' ratio of
// the per-address limit to the total.
func TestOneAddressCannotTakeEveryConnection(t *testing.T) {
	def := defaultConfig()
	cfg := testConfig(t.TempDir())
	cfg.MaxConns = 20
	cfg.MaxConnsPerIP = def.MaxConnsPerIP * cfg.MaxConns / def.MaxConns
	srv := startServer(t, cfg)

	// 127.0.0.1 opens three times the total, and says nothing.
	for range 3 * cfg.MaxConns {
		c, err := net.Dial("tcp", srv.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	held := min(2*cfg.MaxConnsPerIP, 3*cfg.MaxConns)
	eventually(t, "the server has counted or dropped every silent connection", func() bool {
		return srv.conns.Total() == held
	})

	// Someone at another address is served.
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}, Timeout: screenTimeout}
	conn, err := d.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Skipf("cannot dial from 127.0.0.2 on this machine: %v", err)
	}
	bob := newUser(t, srv, "bob")
	sc, chans, reqs, err := gossh.NewClientConn(conn, srv.Addr().String(), &gossh.ClientConfig{
		User: "bob", Auth: []gossh.AuthMethod{gossh.PublicKeys(bob.signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		t.Fatalf("bob, from another address: %v", err)
	}
	c := gossh.NewClient(sc, chans, reqs)
	defer c.Close()
	r, err := termclient.Exec(c, "help")
	if err != nil || r.Status != 0 {
		t.Errorf("bob, from another address, while 127.0.0.1 holds %d connections: %v, %+v", held, err, r)
	}
}

// eofConn closes eof when a read fails: the other side hung up.
type eofConn struct {
	net.Conn
	eof  chan struct{}
	once sync.Once
}

func (c *eofConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if err != nil {
		c.once.Do(func() { close(c.eof) })
	}
	return n, err
}

// A connection silent in both directions is closed after --idle-timeout:
// one that authenticated and opened nothing, and one whose screen nothing
// changes.
func TestAnIdleConnectionIsClosed(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.IdleTimeout = 500 * time.Millisecond
	srv := startServer(t, cfg)
	ana := newUser(t, srv, "ana")

	c, err := termclient.Dial(srv.Addr().String(), "ana", ana.signer)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	closed := make(chan error, 1)
	go func() { closed <- c.Wait() }()
	select {
	case <-closed:
	case <-time.After(screenTimeout):
		t.Fatal("an idle connection was not closed")
	}

	code := ana.newWorkshop("Team A")
	term := ana.open("join " + code)
	waitScreen(t, term, "press > to start")
	waitEnded(t, term) // nobody types, nothing changes
	eventually(t, "the idle connections are released", func() bool { return srv.conns.Total() == 0 })
}

func TestWorkshopsPerKeyAreLimited(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.Limits.WorkshopsPerKey = 2
	srv := startServer(t, cfg)
	ana := newUser(t, srv, "ana")
	ana.newWorkshop("One")
	ana.newWorkshop("Two")
	r := ana.run("new Three")
	if r.Status != 1 || !strings.Contains(r.Stderr, "you already facilitate 2 workshops, the most one key may") {
		t.Errorf("a third workshop: status %d, stderr %q", r.Status, r.Stderr)
	}
	// Another key is not affected.
	newUser(t, srv, "bob").newWorkshop("Three")
}

func TestParticipantsPerWorkshopAreLimited(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.Limits.ParticipantsPerWorkshop = 2 // the facilitator and one more
	srv := startServer(t, cfg)
	ana := newUser(t, srv, "ana")
	code := ana.newWorkshop("Team A")

	bob := newUser(t, srv, "bob").open("join " + code)
	waitScreen(t, bob, "join "+code)
	carl := newUser(t, srv, "carl").open("join " + code)
	waitScreen(t, carl, "this workshop is full (2 participants)")

	// Someone already in may come back on a second connection.
	waitScreen(t, ana.open("join "+code), "join "+code)
}

// answering opens the Answer phase of a new workshop of ana's and returns
// its code and ana's screen.
func answering(t *testing.T, srv *testServer, ana *user) (string, *termclient.Term) {
	t.Helper()
	code := ana.newWorkshop("Team A")
	fac := ana.open("join " + code)
	// Not "Team A": the lobby lists it too, before the join is done.
	waitScreen(t, fac, "press > to start")
	typeKeys(t, fac, ">")
	waitScreen(t, fac, "One idea per note")
	return code, fac
}

func TestNotesPerParticipantAreLimited(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.Limits.NotesPerParticipant = 2
	srv := startServer(t, cfg)
	ana := newUser(t, srv, "ana")
	code, _ := answering(t, srv, ana)

	pat := newUser(t, srv, "pat").open("join " + code)
	waitScreen(t, pat, "One idea per note")
	typeKeys(t, pat, "a")
	for _, text := range []string{"first idea", "second idea"} {
		typeKeys(t, pat, text, "enter")
		waitScreen(t, pat, "• "+text)
	}
	typeKeys(t, pat, "third idea", "enter")
	waitScreen(t, pat, "you have written 2 notes, the most one person may write here")
	if s := pat.Screen(); strings.Contains(s, "• third idea") {
		t.Errorf("a note past the limit is on the screen:\n%s", s)
	}
}

// The action rate is per participant: two terminals of one person share
// one allowance, and another person is not slowed by it.
func TestActionsPerSecondArePerParticipant(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.Limits.ActionsPerSecond = 0.001 // no refill during the test
	cfg.Limits.ActionBurst = 3
	srv := startServer(t, cfg)
	ana := newUser(t, srv, "ana")
	code, _ := answering(t, srv, ana)

	pat := newUser(t, srv, "pat")
	one := pat.open("join " + code)
	two := pat.open("join " + code)
	for _, term := range []*termclient.Term{one, two} {
		waitScreen(t, term, "You: writing")
	}
	// space says "done" and "not done" in turn. Both terminals show the
	// change before the next press, so each press is one action that
	// changes something.
	steps := []struct {
		term  *termclient.Term
		shows string
	}{
		{one, "You: done ✓"},
		{two, "You: writing"},
		{one, "You: done ✓"},
	}
	for _, s := range steps {
		typeKeys(t, s.term, "space")
		waitScreen(t, one, s.shows)
		waitScreen(t, two, s.shows)
	}
	// The fourth action, on the other terminal, is one too many.
	typeKeys(t, two, "space")
	waitScreen(t, two, "slow down: too many actions per second")
	if s := two.Screen(); !strings.Contains(s, "You: done ✓") {
		t.Errorf("a refused action changed the screen:\n%s", s)
	}

	sam := newUser(t, srv, "sam").open("join " + code)
	waitScreen(t, sam, "You: writing")
	typeKeys(t, sam, "space")
	waitScreen(t, sam, "You: done ✓")
}
