// Package termclient is a real SSH client for forwhom's end-to-end tests and
// load tool: it dials with its own key (or as a keyless guest), runs exec
// commands, and opens PTY sessions whose output it feeds into a terminal
// emulator, so callers read what a person would see on the screen.
//
// It must not import the server's packages: it sees forwhom only over SSH.
package termclient

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/hinshun/vt10x"
	"github.com/mattn/go-runewidth"
	"github.com/rivo/uniseg"
	"golang.org/x/crypto/ssh"
)

// NewKey returns a fresh ed25519 signer: one identity.
func NewKey() (ssh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating a key: %w", err)
	}
	return ssh.NewSignerFromKey(priv)
}

// Dial connects to addr as user. With a nil signer the client offers no key
// and answers keyboard-interactive with nothing, as a guest would.
func Dial(addr, user string, signer ssh.Signer) (*ssh.Client, error) {
	auth := []ssh.AuthMethod{ssh.KeyboardInteractive(
		func(string, string, []string, []bool) ([]string, error) { return nil, nil },
	)}
	if signer != nil {
		auth = []ssh.AuthMethod{ssh.PublicKeys(signer)}
	}
	cfg := &ssh.ClientConfig{
		User:            user,
		Auth:            auth,
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), // tests dial their own loopback server
		Timeout:         15 * time.Second,
	}
	// ClientConfig.Timeout bounds only the TCP connect: a deadline on the
	// connection bounds the handshake and login too.
	conn, err := net.DialTimeout("tcp", addr, cfg.Timeout)
	if err != nil {
		return nil, fmt.Errorf("dialing %s as %s: %w", addr, user, err)
	}
	_ = conn.SetDeadline(time.Now().Add(cfg.Timeout))
	sc, chans, reqs, err := ssh.NewClientConn(conn, addr, cfg)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("dialing %s as %s: %w", addr, user, err)
	}
	_ = conn.SetDeadline(time.Time{})
	return ssh.NewClient(sc, chans, reqs), nil
}

// Result is what an exec command printed and its exit status.
type Result struct {
	Stdout, Stderr string
	Status         int
}

// Exec runs one command without a PTY, as `ssh HOST cmd` does.
func Exec(c *ssh.Client, cmd string) (Result, error) { return ExecWithInput(c, cmd, nil) }

// ExecWithInput is Exec with stdin read from in, as
// `ssh HOST cmd < FILE` does: the server reads in to its end.
func ExecWithInput(c *ssh.Client, cmd string, in io.Reader) (Result, error) {
	s, err := c.NewSession()
	if err != nil {
		return Result{}, fmt.Errorf("opening a session: %w", err)
	}
	defer s.Close()
	var out, errOut bytes.Buffer
	s.Stdin, s.Stdout, s.Stderr = in, &out, &errOut
	err = s.Run(cmd)
	r := Result{Stdout: out.String(), Stderr: errOut.String()}
	var exit *ssh.ExitError
	switch {
	case errors.As(err, &exit):
		r.Status = exit.ExitStatus()
	case err != nil:
		return r, fmt.Errorf("running %q: %w", cmd, err)
	}
	return r, nil
}

// Term is an interactive session with a PTY whose output is read through a
// terminal emulator.
type Term struct {
	sess  *ssh.Session
	stdin io.WriteCloser
	vt    vt10x.Terminal

	read    atomic.Int64
	changed chan struct{} // one-slot: something new arrived
	done    chan struct{} // the session's output ended

	mu  sync.Mutex
	tee io.Writer
}

// Open starts cmd ("" for a shell) in a PTY of cols x rows.
func Open(c *ssh.Client, cmd string, cols, rows int) (*Term, error) {
	return OpenWith(c, cmd, cols, rows, Options{})
}

// Options are what a client may tell the server about its terminal.
type Options struct {
	// Term is the terminal type sent with the PTY request; empty means
	// xterm-256color.
	Term string
	// Env is sent as environment variables ("KEY=value"), as
	// `ssh -o SetEnv=KEY=value` does.
	Env []string
	// Record, if set, gets every byte received from the start (see
	// Term.Record).
	Record io.Writer
}

// OpenWith is Open with a terminal type and environment of the caller's.
func OpenWith(c *ssh.Client, cmd string, cols, rows int, o Options) (*Term, error) {
	s, err := c.NewSession()
	if err != nil {
		return nil, fmt.Errorf("opening a session: %w", err)
	}
	for _, kv := range o.Env {
		k, v, _ := strings.Cut(kv, "=")
		if err := s.Setenv(k, v); err != nil {
			s.Close()
			return nil, fmt.Errorf("setting %s: %w", k, err)
		}
	}
	term := o.Term
	if term == "" {
		term = "xterm-256color"
	}
	modes := ssh.TerminalModes{ssh.ECHO: 0}
	if err := s.RequestPty(term, rows, cols, modes); err != nil {
		s.Close()
		return nil, fmt.Errorf("requesting a pty: %w", err)
	}
	stdin, err := s.StdinPipe()
	if err != nil {
		s.Close()
		return nil, err
	}
	stdout, err := s.StdoutPipe()
	if err != nil {
		s.Close()
		return nil, err
	}
	t := &Term{
		sess: s, stdin: stdin,
		vt:      vt10x.New(vt10x.WithSize(cols, rows)),
		changed: make(chan struct{}, 1),
		done:    make(chan struct{}),
		tee:     o.Record,
	}
	if cmd == "" {
		err = s.Shell()
	} else {
		err = s.Start(cmd)
	}
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("starting %q: %w", cmd, err)
	}
	go t.pump(stdout)
	return t, nil
}

func (t *Term) pump(r io.Reader) {
	defer close(t.done)
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			t.mu.Lock()
			if t.tee != nil {
				_, _ = t.tee.Write(buf[:n])
			}
			t.mu.Unlock()
			_, _ = t.vt.Write(buf[:n])
			t.read.Add(int64(n))
			select {
			case t.changed <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// Record copies every byte received from now on to w (raw, escape
// sequences included).
func (t *Term) Record(w io.Writer) {
	t.mu.Lock()
	t.tee = w
	t.mu.Unlock()
}

// BytesRead counts the bytes received so far.
func (t *Term) BytesRead() int64 { return t.read.Load() }

// Done is closed when the server ends the session.
func (t *Term) Done() <-chan struct{} { return t.done }

// Screen returns what the terminal shows: one line per row, trailing spaces
// trimmed.
func (t *Term) Screen() string {
	lines := strings.Split(strings.TrimRight(t.vt.String(), "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// Line returns one row of the screen, trailing spaces trimmed: cheaper than
// Screen when only one row matters (the load tool reads one row per update).
func (t *Term) Line(y int) string {
	t.vt.Lock()
	defer t.vt.Unlock()
	cols, rows := t.vt.Size()
	if y < 0 || y >= rows {
		return ""
	}
	var b strings.Builder
	for x := range cols {
		b.WriteRune(t.vt.Cell(x, y).Char)
	}
	return strings.TrimRight(b.String(), " ")
}

// RowWidth is how many columns row y of the screen takes on a terminal
// that draws code point by code point (see Width), up to its last
// non-blank cell. The emulator gives every code point a cell of its own,
// so a row whose text a real terminal draws narrower or wider than the
// server planned shows here as a row of another width.
func (t *Term) RowWidth(y int) int {
	return Width(t.Line(y))
}

// Width is how wide a terminal that measures code point by code point
// (wcwidth, as xterm and VTE do) draws s, which has no escape sequences:
// go-runewidth's widths, with nothing for nonspacing and enclosing marks
// (wcwidth's rule, with Go's newer tables), default-ignorable code points
// (Unicode asks renderers to draw them as nothing), unassigned ones
// (glibc's wcwidth gives them no width) and private-use ones (issue 19 saw
// terminals draw all of these as nothing), and a skin tone joined to the
// emoji before it (as terminals that draw emoji sequences do).
func Width(s string) int {
	w := 0
	var prev rune
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cc, unicode.Cf, unicode.Co,
			unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector):
		case !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cs):
		case r >= 0x1F3FB && r <= 0x1F3FF && uniseg.StringWidth(string(prev)) == 2:
		default:
			w += runewidth.RuneWidth(r)
		}
		prev = r
	}
	return w
}

// Changed delivers a notice when new output has arrived (one slot: notices
// coalesce). Use it, or WaitFor, from one goroutine per Term.
func (t *Term) Changed() <-chan struct{} { return t.changed }

// keys maps key names to what a terminal sends.
var keys = map[string]string{
	"enter": "\r", "tab": "\t", "shift+tab": "\x1b[Z", "esc": "\x1b", "space": " ",
	"backspace": "\x7f", "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
	"ctrl+c": "\x03", "ctrl+u": "\x15", "delete": "\x1b[3~",
}

// Press sends named keys ("enter", "tab", "up", …); a name that is not a
// key is sent as typed text.
func (t *Term) Press(names ...string) error {
	for _, n := range names {
		seq, ok := keys[n]
		if !ok {
			seq = n
		}
		if _, err := io.WriteString(t.stdin, seq); err != nil {
			return fmt.Errorf("sending %q: %w", n, err)
		}
	}
	return nil
}

// Type sends text as if typed.
func (t *Term) Type(text string) error {
	_, err := io.WriteString(t.stdin, text)
	return err
}

// ErrTimeout is returned by WaitFor when the screen never matched.
var ErrTimeout = errors.New("timed out waiting for the screen")

// WaitFor waits until ok(screen) holds, re-checking whenever output arrives,
// and returns the matching screen. On timeout it returns the last screen.
func (t *Term) WaitFor(timeout time.Duration, ok func(screen string) bool) (string, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s := t.Screen()
		if ok(s) {
			return s, nil
		}
		select {
		case <-t.changed:
		case <-t.done:
			s = t.Screen()
			if ok(s) {
				return s, nil
			}
			return s, fmt.Errorf("the session ended: %w", io.EOF)
		case <-deadline.C:
			return s, ErrTimeout
		}
	}
}

// WaitText waits until the screen contains every one of the texts.
func (t *Term) WaitText(timeout time.Duration, texts ...string) (string, error) {
	return t.WaitFor(timeout, func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// Close ends the session.
func (t *Term) Close() error {
	_ = t.stdin.Close()
	return t.sess.Close()
}
