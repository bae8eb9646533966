package sshserver

// Resource hygiene: what a connection takes (goroutines, memory,
// connection counts, programs) it gives back, however it ends; and a
// client that stops reading is evicted without holding anyone else up.

import (
	"fmt"
	"net"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"charm.land/log/v2"
	gossh "golang.org/x/crypto/ssh"

	"forwhom/internal/termclient"
)

// startLoggedServer is startServer with the log, at cfg.LogLevel, kept
// for the test to read.
func startLoggedServer(t *testing.T, cfg testCfg) (*testServer, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	srv, err := startTest(cfg, log.NewWithOptions(logs, log.Options{Level: cfg.LogLevel, ReportTimestamp: true}))
	if err != nil {
		t.Fatalf("starting the server: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("stopping the server: %v", err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return srv, logs
}

// How a client stops reading.
type freeze int

const (
	// freezeChannel: the client reads its connection but never its
	// session's output, as OpenSSH does when its terminal stops taking
	// output (XOFF, a hung terminal): the SSH channel's window (2 MiB with
	// this client) fills, and the server's writes wait for it to open.
	freezeChannel freeze = iota
	// freezeTCP: the client reads nothing at all, as a frozen process or
	// a dead network: the TCP window fills, and the server's writes block
	// in the kernel.
	freezeTCP
)

func (f freeze) String() string {
	return [...]string{"its channel's window fills", "its TCP window fills"}[f]
}

// freezableConn is a client's TCP connection that stops reading, for good,
// once frozen.
type freezableConn struct {
	net.Conn
	frozen    atomic.Bool
	closed    chan struct{}
	closeOnce sync.Once
}

func (c *freezableConn) Read(p []byte) (int, error) {
	if c.frozen.Load() {
		<-c.closed
		return 0, net.ErrClosed
	}
	return c.Conn.Read(p)
}

func (c *freezableConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

// frozenTerminal opens `join code` in a big terminal, reads the first of
// its output and then stops reading, the way f says. It keeps resizing its
// terminal until stop is closed, so that the server repaints everything,
// again and again, and the window fills fast.
func frozenTerminal(t *testing.T, u *user, code string, f freeze, stop <-chan struct{}) {
	t.Helper()
	tcp, err := net.DialTimeout("tcp", u.addr, screenTimeout)
	if err != nil {
		t.Fatal(err)
	}
	if f == freezeTCP {
		// A small receive buffer: the kernel's would take a while to fill.
		_ = tcp.(*net.TCPConn).SetReadBuffer(4096)
	}
	conn := &freezableConn{Conn: tcp, closed: make(chan struct{})}
	t.Cleanup(func() { _ = conn.Close() })
	sc, chans, reqs, err := gossh.NewClientConn(conn, u.addr, &gossh.ClientConfig{
		User:            u.name,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(u.signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		t.Fatal(err)
	}
	c := gossh.NewClient(sc, chans, reqs)
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	const rows, cols = 80, 250
	if err := s.RequestPty("xterm-256color", rows, cols, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
		t.Fatal(err)
	}
	// A pipe that is read once: with a nil Stdout the client would copy
	// the output away and keep the window open.
	out, err := s.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start("join " + code); err != nil {
		t.Fatal(err)
	}
	// The first output means the program runs. Resizing only from then
	// on keeps clear of a data race inside the ssh package (its request
	// loop writes the window size that Session.Pty reads, unguarded),
	// which the session's start-up reads would hit under -race.
	if _, err := out.Read(make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	if f == freezeTCP {
		conn.frozen.Store(true)
	}
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond): // a resizing pace, not a wait for a condition
			}
			if err := s.WindowChange(rows, cols-i%2); err != nil {
				return // the server hung up
			}
		}
	}()
}

// A client that stops reading is disconnected after --stall-timeout, and
// while its output is blocked the others' screens keep changing.
func TestAClientThatStopsReadingIsEvicted(t *testing.T) {
	for _, f := range []freeze{freezeTCP, freezeChannel} {
		t.Run(f.String(), func(t *testing.T) {
			if f == freezeTCP && raceEnabled {
				// Under -race the server renders some 100 KiB a second
				// and either window takes about 2 MiB to fill: a quarter
				// of a minute each. The channel's case, the subtler one
				// (the connection must keep reading for the eviction to
				// end the blocked write), covers eviction there.
				t.Skip("slow under -race; runs without it")
			}
			testEviction(t, f)
		})
	}
}

func testEviction(t *testing.T, f freeze) {
	cfg := testConfig(t.TempDir())
	cfg.StallTimeout = time.Second
	cfg.Limits.ActionsPerSecond = 0 // ana acts for as long as eviction takes
	cfg.Limits.NotesPerParticipant = 0
	srv, logs := startLoggedServer(t, cfg)
	ana := newUser(t, srv, "ana")
	code, fac := answering(t, srv, ana)

	stop := make(chan struct{})
	defer close(stop)
	frozenTerminal(t, newUser(t, srv, "zed"), code, f, stop)
	waitScreen(t, fac, "2 here")

	// ana writes notes, each seen on her own screen before the next,
	// until zed has been evicted. (Her screen is small and the list shows
	// its first notes, so she reads the column's count.)
	typeKeys(t, fac, "a")
	count := func(n int) string {
		if n == 1 {
			return " 1 note"
		}
		return fmt.Sprintf(" %d notes", n)
	}
	notes := 0
	evicted := func() bool { return strings.Contains(logs.String(), "disconnecting a client that stopped reading") }
	deadline := time.Now().Add(4 * screenTimeout)
	for !evicted() {
		if time.Now().After(deadline) {
			t.Fatalf("the frozen client was never evicted; ana wrote %d notes meanwhile", notes)
		}
		time.Sleep(50 * time.Millisecond) // ana's pace: a person types, not a loop
		text := fmt.Sprintf("idea %03d", notes)
		typeKeys(t, fac, text, "enter")
		notes++
		waitScreen(t, fac, count(notes))
	}
	t.Logf("ana wrote %d notes, and saw each, while zed was frozen", notes)

	// Everything zed held is given back; ana carries on.
	eventually(t, "only ana's connection is left", func() bool { return srv.conns.Total() == 1 })
	eventually(t, "only ana's program is left", func() bool { return srv.programs.count() == 1 })
	waitScreen(t, fac, "1 here") // zed is no longer shown online
	typeKeys(t, fac, "after the eviction", "enter")
	waitScreen(t, fac, count(notes+1))
}

// goroutinesSettle waits until the goroutine count is at most want.
func goroutinesSettle(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(2 * screenTimeout)
	for {
		n := runtime.NumGoroutine()
		if n <= want {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("%d goroutines, want at most %d; their stacks:\n%s", n, want, buf)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition, with a deadline
	}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC() // the second cycle frees what the first one's finalizers released
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// cycle is one way a connection comes and goes.
type cycle struct {
	name string
	run  func(u *user, code string) error
}

// cycles are the ways people connect and leave: a command; the workshop
// screen left with ctrl+c, by closing the session, or by the network
// dropping (the TCP connection closed under SSH); and a connection that
// never gets past the handshake.
var cycles = []cycle{
	{"an exec command", func(u *user, _ string) error {
		c, err := termclient.Dial(u.addr, u.name, u.signer)
		if err != nil {
			return err
		}
		defer c.Close()
		r, err := termclient.Exec(c, "list")
		if err == nil && r.Status != 0 {
			err = fmt.Errorf("list exited %d: %s", r.Status, r.Stderr)
		}
		return err
	}},
	{"the workshop screen, quit with ctrl+c", func(u *user, code string) error {
		c, term, err := openWorkshop(u, code, nil)
		if err != nil {
			return err
		}
		defer c.Close()
		if err := term.Press("ctrl+c"); err != nil {
			return err
		}
		select {
		case <-term.Done():
			return nil
		case <-time.After(screenTimeout):
			return fmt.Errorf("ctrl+c did not end the session")
		}
	}},
	{"the workshop screen, session closed by the client", func(u *user, code string) error {
		c, term, err := openWorkshop(u, code, nil)
		if err != nil {
			return err
		}
		defer c.Close()
		return term.Close()
	}},
	{"the workshop screen, TCP dropped under SSH", func(u *user, code string) error {
		var raw net.Conn
		c, _, err := openWorkshop(u, code, &raw)
		if raw != nil {
			defer raw.Close()
		}
		if err != nil {
			return err
		}
		// The SSH client is never closed: its connection just goes, as
		// when a laptop leaves the network. (Closing raw ends the
		// client's goroutines too.)
		_ = c
		return raw.Close()
	}},
	{"a connection that never finishes the handshake", func(u *user, _ string) error {
		raw, err := net.Dial("tcp", u.addr)
		if err != nil {
			return err
		}
		_, _ = raw.Write([]byte("SSH-2.0-hygiene\r\n"))
		return raw.Close()
	}},
}

// openWorkshop connects u and opens the workshop screen, waiting until it
// shows. With raw set, it dials TCP itself and keeps the connection there,
// so the caller can drop it without SSH noticing.
func openWorkshop(u *user, code string, raw *net.Conn) (*gossh.Client, *termclient.Term, error) {
	var c *gossh.Client
	var err error
	if raw == nil {
		c, err = termclient.Dial(u.addr, u.name, u.signer)
	} else {
		c, err = dialRaw(u, raw)
	}
	if err != nil {
		return nil, nil, err
	}
	term, err := termclient.Open(c, "join "+code, 80, 24)
	if err != nil {
		_ = c.Close()
		return nil, nil, err
	}
	if _, err := term.WaitText(screenTimeout, "join "+code, "One idea per note"); err != nil {
		_ = c.Close()
		return nil, nil, fmt.Errorf("the workshop screen never showed: %w\n%s", err, term.Screen())
	}
	return c, term, nil
}

// dialRaw is termclient.Dial over a TCP connection the caller holds.
func dialRaw(u *user, raw *net.Conn) (*gossh.Client, error) {
	conn, err := net.DialTimeout("tcp", u.addr, screenTimeout)
	if err != nil {
		return nil, err
	}
	*raw = conn
	sc, chans, reqs, err := gossh.NewClientConn(conn, u.addr, &gossh.ClientConfig{
		User:            u.name,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(u.signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         screenTimeout,
	})
	if err != nil {
		return nil, err
	}
	return gossh.NewClient(sc, chans, reqs), nil
}

// hygieneCycles is how many connections come and go. The full thousand
// runs everywhere, -race included; -short runs a tenth for a quick check.
func hygieneCycles() int {
	if testing.Short() {
		return 100
	}
	return 1000
}

// runCycles runs n cycles, the kinds in turn, eight at a time: each of
// the people runs one after another.
func runCycles(t *testing.T, people []*user, code string, n int) {
	t.Helper()
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	for _, u := range people {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || failed.Load() > 0 {
					return
				}
				c := cycles[i%len(cycles)]
				if err := c.run(u, code); err != nil {
					failed.Add(1)
					t.Errorf("cycle %d, %s: %v", i, c.name, err)
				}
			}
		})
	}
	wg.Wait()
}

func TestAThousandConnectionsLeaveNothingBehind(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.ConnRate = 0 // one address opens a thousand sessions in seconds
	// A log kept in memory would grow with the connections and count
	// as heap: warnings only.
	cfg.LogLevel = log.WarnLevel
	srv, _ := startLoggedServer(t, cfg)
	ana := newUser(t, srv, "ana")
	code, _ := answering(t, srv, ana)
	// A few people, each coming back many times: the workshop has a
	// handful of participants, so growth would be the connections'.
	people := make([]*user, 8)
	for i := range people {
		people[i] = newUser(t, srv, fmt.Sprintf("p%d", i))
	}

	// Warm up, so that what is made once and kept is in the baseline:
	// the workshop's loop, pools, and the TUI's cache of measured lines
	// (bounded, and filled by the first screens of each kind).
	runCycles(t, people, code, 100)
	// ana's terminal stays; everyone else has left.
	eventually(t, "the warm-up's connections are released", func() bool { return srv.conns.Total() == 1 })
	eventually(t, "the warm-up's programs end", func() bool { return srv.programs.count() == 1 })
	baseG := runtime.NumGoroutine()
	baseHeap := heapInUse()

	n := hygieneCycles()
	start := time.Now()
	runCycles(t, people, code, n)
	if t.Failed() {
		return
	}
	t.Logf("%d cycles in %v", n, time.Since(start).Round(time.Millisecond))

	// Teardown is asynchronous (the server learns of a dropped connection
	// when its read fails): poll, with a deadline.
	eventually(t, "every connection but ana's is released", func() bool { return srv.conns.Total() == 1 })
	eventually(t, "every program but ana's ends", func() bool { return srv.programs.count() == 1 })
	const slack = 5 // timers and runtime helpers that come and go
	goroutinesSettle(t, baseG+slack)
	const heapSlack = 8 << 20
	heap := heapInUse()
	if heap > baseHeap+heapSlack {
		t.Errorf("heap in use grew from %d KiB to %d KiB after %d connections (bound: +%d KiB)",
			baseHeap>>10, heap>>10, n, heapSlack>>10)
	}
	t.Logf("goroutines: %d before, %d after; heap in use: %d KiB before, %d KiB after",
		baseG, runtime.NumGoroutine(), baseHeap>>10, heap>>10)
	// And ana's screen still works.
	waitScreen(t, ana.open("join "+code), "One idea per note")
}
