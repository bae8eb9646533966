// Package plain is forwhom's plain mode: a line-oriented interface for
// screen readers, braille displays and anyone who wants no full-screen
// program. It never moves the cursor and never redraws: it prints what
// changed in the workshop as sentences, each once, in order ("A note was
// added to Who (12 notes).", "Voting opened: you have 5 dots."), and takes
// typed commands (help lists them).
//
// It is a client of session like the TUI: every command goes through
// session.Conn, so the same rules apply to a plain participant and to the
// others in the room. It knows nothing of SSH: it reads lines from an
// io.Reader and writes sentences to an io.Writer.
package plain

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"forwhom/session"
)

// Options is what one plain client needs.
type Options struct {
	Manager  *session.Manager
	Identity session.Identity
	// Join is a join code to open straight away; empty starts in the
	// lobby, where join and new are typed.
	Join string
	In   io.Reader
	Out  io.Writer
	// Echo makes the client echo what is typed and handle backspace:
	// for a session with a PTY, whose terminal is in raw mode. Without a
	// PTY the client's own terminal echoes and edits the line.
	Echo bool
	// ExportHint is how this client reaches the server with ssh ("ssh -p
	// 23234 localhost"), for the export command shown at the end.
	ExportHint string
	// Stop, when closed, ends the client with StopReason: the server is
	// stopping.
	Stop       <-chan struct{}
	StopReason string
	// Now is the clock for timers; nil means time.Now.
	Now func() time.Time
}

// maxLine bounds one typed line; longer input is cut (notes are shorter).
const maxLine = 4096

// actionTimeout bounds one call into the session.
const actionTimeout = 15 * time.Second

// client is one plain participant's connection.
type client struct {
	opts Options
	out  *output
	conn *session.Conn // nil in the lobby
	view *session.View // the last view announced
	quit bool
}

// Run serves one plain client until it quits, its input ends or ctx ends.
func Run(ctx context.Context, o Options) error {
	if o.Now == nil {
		o.Now = time.Now
	}
	c := &client{opts: o, out: &output{w: o.Out, echo: o.Echo}}
	lines := make(chan string)
	inputDone := make(chan struct{})
	go func() {
		defer close(inputDone)
		c.out.readLines(o.In, func(l string) bool {
			select {
			case lines <- l:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	defer c.leave()

	c.out.say("forwhom, plain mode. Type help for the commands.")
	if o.Join != "" {
		c.join(ctx, o.Join)
	} else {
		c.out.say("Type join and a code to join a workshop, new and a title to make one, or workshops to list yours.")
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for !c.quit {
		var changed, done <-chan struct{}
		if c.conn != nil {
			changed, done = c.conn.Changed(), c.conn.Done()
		}
		c.armTimer(timer)
		select {
		case <-ctx.Done():
			return nil
		case <-o.Stop:
			c.out.say(o.StopReason)
			return nil
		case <-inputDone:
			return nil
		case l := <-lines:
			c.command(ctx, l)
		case <-changed:
			c.refresh()
		case <-done:
			c.out.say("The workshop closed: the server is stopping.")
			return nil
		case <-timer.C:
			c.timerEnded()
		}
	}
	return nil
}

func (c *client) leave() {
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
}

// join enters a workshop and tells where things stand.
func (c *client) join(ctx context.Context, code string) {
	ctx, cancel := context.WithTimeout(ctx, actionTimeout)
	defer cancel()
	conn, err := c.opts.Manager.Join(ctx, code, c.opts.Identity)
	if err != nil {
		c.refused(err)
		return
	}
	c.leave()
	c.conn = conn
	c.view = conn.View()
	c.out.say(c.welcome(c.view)...)
}

// refresh announces what changed since the last view, and says how many
// sentences that took.
func (c *client) refresh() int {
	if c.conn == nil {
		return 0
	}
	v := c.conn.View()
	said := changes(c.view, v, c.opts.Now())
	c.out.say(said...)
	c.view = v
	return len(said)
}

var errTimer = errors.New("no timer")

// deadline is the running timer's end.
func (c *client) deadline() (time.Time, error) {
	if c.view == nil {
		return time.Time{}, errTimer
	}
	dl := c.view.Workshop.Settings.TimerDeadline
	if dl.IsZero() {
		return time.Time{}, errTimer
	}
	return dl, nil
}

func (c *client) armTimer(t *time.Timer) {
	t.Stop()
	select {
	case <-t.C:
	default:
	}
	dl, err := c.deadline()
	if err != nil {
		return
	}
	if d := dl.Sub(c.opts.Now()); d > 0 {
		t.Reset(d)
	}
}

// timerEnded tells the room's deadline has passed, once.
func (c *client) timerEnded() {
	if dl, err := c.deadline(); err == nil && !c.opts.Now().Before(dl) {
		c.out.say("Time is up.")
		// Announced once: the deadline is forgotten until it changes.
		v := *c.view
		v.Workshop.Settings.TimerDeadline = time.Time{}
		c.view = &v
	}
}

// do runs a command in the workshop; a refusal is printed as the
// session's sentence. What it changed is announced by refresh, as for
// everyone else's changes.
func (c *client) do(ctx context.Context, cmd session.Command) bool {
	ctx, cancel := context.WithTimeout(ctx, actionTimeout)
	defer cancel()
	if err := c.conn.Do(ctx, cmd); err != nil {
		c.refused(err)
		return false
	}
	if c.refresh() == 0 {
		c.out.say("Nothing changed: it was so already.")
	}
	return true
}

func (c *client) refused(err error) {
	c.out.say("Refused: " + sentence(err.Error()))
}

// sentence makes a sentence of s: capital first letter, final stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.ContainsAny(s[len(s)-1:], ".!?") {
		s += "."
	}
	return s
}

// output writes sentences and, for a PTY, echoes what is being typed. A
// sentence that arrives while a line is half typed goes on a line of its
// own, and the half-typed line is written again after it: nothing is
// erased or redrawn.
type output struct {
	mu      sync.Mutex
	w       io.Writer
	echo    bool
	partial []rune
	failed  bool
}

func (o *output) write(s string) {
	if o.failed {
		return
	}
	if _, err := io.WriteString(o.w, s); err != nil {
		o.failed = true
	}
}

// say prints lines, each ending in a line break.
func (o *output) say(lines ...string) {
	if len(lines) == 0 {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	var b strings.Builder
	if o.echo && len(o.partial) > 0 {
		b.WriteString("\n")
	}
	for _, l := range lines {
		b.WriteString(clean(l))
		b.WriteString("\n")
	}
	if o.echo && len(o.partial) > 0 {
		b.WriteString(string(o.partial))
	}
	o.write(b.String())
}

// clean keeps control characters out of what is printed: every text in a
// view is sanitized by session already, this is belt and braces.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' {
			return ' '
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// readLines reads typed lines and hands each to line until it returns
// false or input ends. With echo, it echoes and edits as a terminal's line
// discipline would (backspace, ctrl+u), and ctrl+c or ctrl+d ends input.
func (o *output) readLines(in io.Reader, line func(string) bool) {
	buf := make([]byte, 1024)
	var pending []byte // bytes of an incomplete UTF-8 character
	esc := 0           // inside an escape sequence: 1 after ESC, 2 in CSI
	lastCR := false
	for {
		n, err := in.Read(buf)
		data := append(pending, buf[:n]...)
		pending = nil
		for len(data) > 0 {
			r, size := utf8.DecodeRune(data)
			if r == utf8.RuneError && size == 1 && !utf8.FullRune(data) {
				pending = append(pending, data...)
				break
			}
			data = data[size:]
			if esc == 1 {
				esc = 0
				if r == '[' || r == 'O' {
					esc = 2
				}
				continue
			}
			if esc == 2 {
				if r >= 0x40 && r <= 0x7e {
					esc = 0
				}
				continue
			}
			cr := lastCR
			lastCR = r == '\r'
			switch {
			case r == 0x1b:
				esc = 1
			case r == '\n' && cr:
				// the LF of a CRLF
			case r == '\r' || r == '\n':
				o.mu.Lock()
				l := string(o.partial)
				o.partial = o.partial[:0]
				if o.echo {
					o.write("\n")
				}
				o.mu.Unlock()
				if !line(l) {
					return
				}
			case r == 0x7f || r == 0x08:
				o.mu.Lock()
				if k := len(o.partial); k > 0 {
					o.partial = o.partial[:k-1]
					if o.echo {
						o.write("\b \b")
					}
				}
				o.mu.Unlock()
			case r == 0x15: // ctrl+u: forget the line
				o.mu.Lock()
				if o.echo && len(o.partial) > 0 {
					o.write("\n")
				}
				o.partial = o.partial[:0]
				o.mu.Unlock()
			case (r == 0x03 || r == 0x04) && o.echo:
				if !line("quit") {
					return
				}
			case unicode.IsControl(r):
			default:
				o.mu.Lock()
				if len(o.partial) < maxLine {
					o.partial = append(o.partial, r)
					if o.echo {
						o.write(string(r))
					}
				}
				o.mu.Unlock()
			}
		}
		if err != nil {
			return
		}
	}
}

// plural is "1 note" or "3 notes".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
