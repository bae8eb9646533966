package sshserver

import (
	"bytes"
	"crypto/ed25519"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// recorder is a session or a channel that keeps what was written to it.
type recorder struct {
	ssh.Session // nil: only Write is used
	got         bytes.Buffer
}

func (r *recorder) Write(p []byte) (int, error) { return r.got.Write(p) }

type channelRecorder struct {
	gossh.Channel // nil: only Write is used
	got           bytes.Buffer
}

func (r *channelRecorder) Write(p []byte) (int, error) { return r.got.Write(p) }

// A write with no "\n" goes straight to the channel; one with "\n" goes
// through the session (and its PTY emulation), as does every write when
// the channel is not known.
func TestSessionWriterPassesThePTYEmulationOnlyWhenItWouldChangeNothing(t *testing.T) {
	sess, ch := &recorder{}, &channelRecorder{}
	w := sessionWriter{sess: sess, channel: ch}
	frame := "\x1b[3;1H\x1b[K2 notes\x1b[m"
	if _, err := io.WriteString(w, frame); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(w, "bye\nfor now"); err != nil {
		t.Fatal(err)
	}
	if ch.got.String() != frame || sess.got.String() != "bye\nfor now" {
		t.Errorf("channel got %q, session got %q; want the frame on the channel, the lines on the session", ch.got.String(), sess.got.String())
	}

	alone := &recorder{}
	if _, err := io.WriteString(sessionWriter{sess: alone}, frame); err != nil || alone.got.String() != frame {
		t.Errorf("without a channel the session got %q (%v); want the frame", alone.got.String(), err)
	}
}

// Over real SSH with a PTY: the server keeps each session's channel, and
// what the client receives is what the PTY emulation would have sent,
// whichever way each write went.
func TestSessionChannelsAreKeptAndOutputIsUnchanged(t *testing.T) {
	seen := make(chan bool, 1)
	srv := &ssh.Server{Handler: func(sess ssh.Session) {
		w := sessionWriter{sess: sess, channel: sessionChannel(sess)}
		seen <- w.channel != nil
		_, _ = io.WriteString(w, "\x1b[1;1Hframe")
		_, _ = io.WriteString(w, " two\nlines\r\n")
		_ = sess.Exit(0)
	}}
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	srv.AddHostKey(signer)
	if err := srv.SetOption(keepSessionChannels); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })

	client, err := gossh.Dial("tcp", ln.Addr().String(), &gossh.ClientConfig{
		User:            "ana",
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	s, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm", 24, 80, nil); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	s.Stdout = &out
	if err := s.Run(""); err != nil {
		t.Fatal(err)
	}
	if !<-seen {
		t.Error("the session's context holds no channel")
	}
	if want := "\x1b[1;1Hframe two\r\nlines\r\n"; out.String() != want {
		t.Errorf("the client got %q; want %q", out.String(), want)
	}
}

// The server's screens write past the PTY emulation.
func TestTheServersScreensKnowTheirChannel(t *testing.T) {
	srv := startTestServer(t)
	ana := newUser(t, srv, "ana")
	code := ana.newWorkshop("Team A")
	waitScreen(t, ana.open("join "+code), "Team A")

	srv.programs.mu.Lock()
	defer srv.programs.mu.Unlock()
	if len(srv.programs.running) != 1 {
		t.Fatalf("%d programs running; want 1", len(srv.programs.running))
	}
	for sess := range srv.programs.running {
		g, ok := sess.(*stallGuard)
		if !ok {
			t.Fatalf("the program's session is a %T; want the stall guard", sess)
		}
		if g.out.channel == nil {
			t.Error("the screen's writes go through the PTY emulation: the server kept no channel for the session")
		}
	}
}
