package sshserver

import (
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"forwhom/internal/termclient"
)

func TestFirstRunCreatesThePrivateDataDirectory(t *testing.T) {
	dir := t.TempDir() + "/data"
	startServer(t, testConfig(dir))

	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o700 {
		t.Errorf("data directory mode = %v, want 0700", perm)
	}
	for _, f := range []string{dbPath(dir), hostKeyPath(dir)} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("first run did not create %s: %v", f, err)
		}
	}
	key, err := os.Stat(hostKeyPath(dir))
	if err == nil && key.Mode().Perm()&0o077 != 0 {
		t.Errorf("host key mode = %v, want it private to the owner", key.Mode().Perm())
	}
}

// hostKeyOf dials srv and returns the host key it presents.
func hostKeyOf(t *testing.T, srv *testServer) string {
	t.Helper()
	signer, err := termclient.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	var seen string
	cfg := &gossh.ClientConfig{
		User: "ana",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			seen = gossh.FingerprintSHA256(key)
			return nil
		},
	}
	c, err := gossh.Dial("tcp", srv.Addr().String(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	_ = c.Close()
	return seen
}

func TestTheHostKeyIsKeptAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	first := startServer(t, testConfig(dir))
	before := hostKeyOf(t, first)
	keyFile, err := os.ReadFile(hostKeyPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	second := startServer(t, testConfig(dir))
	if after := hostKeyOf(t, second); after != before {
		t.Errorf("host key changed across a restart: %s, then %s", before, after)
	}
	again, err := os.ReadFile(hostKeyPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(keyFile) {
		t.Error("the host key file was rewritten on restart")
	}
}

func TestWorkshopsSurviveARestart(t *testing.T) {
	dir := t.TempDir()
	first := startServer(t, testConfig(dir))
	ana := newUser(t, first, "ana")
	code := ana.newWorkshop("Team A")
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	second := startServer(t, testConfig(dir))
	out := ana.at(second).mustRun("list")
	if !strings.Contains(out, code) || !strings.Contains(out, "Team A") {
		t.Errorf("after a restart, list shows:\n%s\nwant %s Team A", out, code)
	}
	// And the same key is still its facilitator.
	if r := ana.at(second).run("export " + code + " -f csv"); r.Status != 0 {
		t.Errorf("export after a restart: status %d, stderr %q", r.Status, r.Stderr)
	}
}

func TestNoGuestsRefusesClientsWithoutAKey(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.NoGuests = true
	srv := startServer(t, cfg)

	var told []string
	_, err := gossh.Dial("tcp", srv.Addr().String(), &gossh.ClientConfig{
		User: "gus",
		Auth: []gossh.AuthMethod{gossh.KeyboardInteractive(
			func(_, instruction string, _ []string, _ []bool) ([]string, error) {
				told = append(told, instruction)
				return nil, nil
			})},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err == nil {
		t.Fatal("a client without a key got in with --no-guests")
	}
	if len(told) == 0 || !strings.Contains(told[0], "only clients with an SSH key") {
		t.Errorf("the client was told %q, want why it was refused", told)
	}

	// Keys still work.
	newUser(t, srv, "ana").mustRun("help")
}

func TestGuestsAreAdmittedByDefault(t *testing.T) {
	srv := startTestServer(t)
	if out := newGuest(t, srv, "gus").mustRun("list"); !strings.Contains(out, "no workshops") {
		t.Errorf("a guest's list = %q", out)
	}
}

func TestASessionWithoutATerminalIsToldWhatToDo(t *testing.T) {
	srv := startTestServer(t)
	c := newUser(t, srv, "ana").dial()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var stderr strings.Builder
	s.Stderr = &stderr
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	err = s.Wait()
	exit, ok := err.(*gossh.ExitError)
	if !ok || exit.ExitStatus() != 1 {
		t.Errorf("a shell without a terminal ended with %v, want exit status 1", err)
	}
	if !strings.Contains(stderr.String(), "needs a terminal") || !strings.Contains(stderr.String(), "help") {
		t.Errorf("stderr = %q", stderr.String())
	}
}

func TestConnectionsPerAddressAreLimited(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.MaxConnsPerIP = 2
	srv := startServer(t, cfg)
	ana := newUser(t, srv, "ana")
	first, second := ana.dial(), ana.dial()

	r := ana.run("help")
	if r.Status != 1 || !strings.Contains(r.Stderr, "too many connections from your address (at most 2)") {
		t.Errorf("a third connection: status %d, stderr %q", r.Status, r.Stderr)
	}

	// Closed connections no longer count.
	_ = first.Close()
	_ = second.Close()
	loopback := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}
	deadline := time.Now().Add(screenTimeout)
	for srv.conns.Open(loopback) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections still counted after all closed", srv.conns.Open(loopback))
		}
		time.Sleep(10 * time.Millisecond) // polling the count, with a deadline
	}
	ana.mustRun("help")
}

func TestNewSessionsPerAddressAreRateLimited(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.ConnRate = 0.001 // no refill during the test
	cfg.ConnBurst = 2
	srv := startServer(t, cfg)
	ana := newUser(t, srv, "ana")
	ana.mustRun("help")
	ana.mustRun("help")
	if r := ana.run("help"); r.Status == 0 || !strings.Contains(r.Stderr, "rate limit exceeded") {
		t.Errorf("a third session at once: status %d, stderr %q", r.Status, r.Stderr)
	}
}

// fakeSession is the part of a session identify reads.
type fakeSession struct {
	ssh.Session
	user  string
	key   ssh.PublicKey
	perms map[string]string
}

func (f fakeSession) User() string { return f.user }
func (f fakeSession) RemoteAddr() net.Addr {
	return &net.TCPAddr{IP: net.ParseIP("2001:db8:1:2:3:4:5:6"), Port: 40000}
}
func (f fakeSession) PublicKey() ssh.PublicKey { return f.key }
func (f fakeSession) Permissions() ssh.Permissions {
	return ssh.Permissions{Permissions: &gossh.Permissions{Extensions: f.perms}}
}

func TestIdentityIsTheKeyThatAuthenticated(t *testing.T) {
	offered, used := mustKey(t), mustKey(t)
	fp := gossh.FingerprintSHA256(used.PublicKey())
	tests := []struct {
		name    string
		s       fakeSession
		wantID  string
		guest   bool
		refused bool
	}{
		{"the authenticated key's fingerprint",
			fakeSession{user: "ana", key: used.PublicKey(), perms: map[string]string{extFingerprint: fp}},
			fp, false, false},
		{"a key other than the one the callback accepted is refused",
			fakeSession{user: "ana", key: used.PublicKey(), perms: map[string]string{extFingerprint: gossh.FingerprintSHA256(offered.PublicKey())}},
			"", false, true},
		{"a guest is its connection's guest ID",
			fakeSession{user: "gus", perms: map[string]string{extGuest: "guest:abc"}},
			"guest:abc", true, false},
		{"a guest ID never overrides a key",
			fakeSession{user: "ana", key: used.PublicKey(), perms: map[string]string{extFingerprint: fp, extGuest: "guest:abc"}},
			fp, false, false},
		{"neither key nor guest is refused",
			fakeSession{user: "who"},
			"", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			who, err := identify(tt.s)
			if tt.refused {
				if err == nil {
					t.Fatalf("identify = %+v, want a refusal", who)
				}
				return
			}
			if err != nil || who.ID != tt.wantID || who.Guest != tt.guest || who.Name != tt.s.user {
				t.Errorf("identify = %+v, %v; want ID %q, guest %v, name %q", who, err, tt.wantID, tt.guest, tt.s.user)
			}
			if want := "2001:db8:1:2::/64"; who.Addr != want {
				t.Errorf("identify's address for limits is %q, want %q", who.Addr, want)
			}
		})
	}
}

func TestLimitsCountAnIPv4AddressAloneAndAnIPv6AddressByItsSlash64(t *testing.T) {
	for addr, want := range map[string]string{
		"192.0.2.7:5000":        "192.0.2.7",
		"[2001:db8::1]:22":      "2001:db8::/64",
		"[2001:db8::ffff:1]:22": "2001:db8::/64",
		"[2001:db8:0:1::1]:22":  "2001:db8:0:1::/64",
		"[::ffff:192.0.2.7]:22": "192.0.2.7",
	} {
		a, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := limitAddr(a); got != want {
			t.Errorf("limitAddr(%s) = %q, want %q", addr, got, want)
		}
	}
}

func mustKey(t *testing.T) gossh.Signer {
	t.Helper()
	s, err := termclient.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestEachKeyIsItsOwnIdentity(t *testing.T) {
	srv := startTestServer(t)
	ana := newUser(t, srv, "ana")
	code := ana.newWorkshop("Team A")
	// Same user name, another key: another person.
	impostor := newUser(t, srv, "ana")
	if out := impostor.mustRun("list"); strings.Contains(out, code) {
		t.Errorf("another key under the same name sees ana's workshop:\n%s", out)
	}
}

func TestStartFailsCleanlyWhenTheAddressIsTaken(t *testing.T) {
	srv := startTestServer(t)
	cfg := testConfig(t.TempDir())
	cfg.Listen = srv.Addr().String()
	if second, err := startTest(cfg, testLogger(t)); err == nil {
		_ = second.Close()
		t.Fatal("a second server started on a taken address")
	}
	// The first one is unharmed.
	newUser(t, srv, "ana").mustRun("help")
}
