package main

import (
	"io"
	"sync"
	"time"

	"charm.land/log/v2"
	"charm.land/wish/v2"
	"github.com/charmbracelet/ssh"
)

// evictStalled disconnects a client whose output has been blocked for
// longer than timeout: it stopped reading (a frozen terminal, a suspended
// ssh, a full TCP window), so every write to it waits for flow control
// that never comes.
//
// The session core never waits for a subscriber (each has a one-slot
// mailbox), so a stalled client cannot delay what the others see. What it
// does hold is its own Bubble Tea program, blocked mid-frame, with its
// goroutines, its memory and a connection that counts against the limits;
// without eviction those would stay until the idle timeout (half an hour by
// default). Closing the whole connection, not just the channel, is what
// unblocks the write: a close message cannot be sent past a full TCP
// window.
//
// With timeout zero nothing is evicted, but the session is still guarded
// (see Pty).
func evictStalled(timeout time.Duration, logger *log.Logger) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			g := &stallGuard{Session: sess, timeout: timeout}
			g.evict = sync.OnceFunc(func() {
				logger.Warn("disconnecting a client that stopped reading",
					"addr", sess.RemoteAddr().String(), "blocked", timeout)
				if c, ok := sess.Context().Value(ssh.ContextKeyConn).(io.Closer); ok {
					_ = c.Close()
				}
			})
			next(g)
		}
	}
}

// stallGuard is a session whose writes are timed: one that is still
// blocked after timeout evicts the client. Everything that writes the
// session's output (Bubble Tea's renderer, through bm.MakeOptions; the
// exec commands) writes through it.
type stallGuard struct {
	ssh.Session
	timeout time.Duration
	evict   func()

	winOnce sync.Once
	win     <-chan ssh.Window
}

func (g *stallGuard) Write(p []byte) (int, error) { return g.timed(g.Session.Write, p) }

// Stderr is timed too: it shares the channel's flow-control window, so a
// client that stops reading blocks error messages just as it blocks output.
func (g *stallGuard) Stderr() io.ReadWriter {
	return timedStderr{ReadWriter: g.Session.Stderr(), g: g}
}

type timedStderr struct {
	io.ReadWriter
	g *stallGuard
}

func (t timedStderr) Write(p []byte) (int, error) { return t.g.timed(t.ReadWriter.Write, p) }

// timed runs one write, evicting the client if it is still blocked after
// the timeout.
func (g *stallGuard) timed(write func([]byte) (int, error), p []byte) (int, error) {
	if g.timeout <= 0 {
		return write(p)
	}
	t := time.AfterFunc(g.timeout, g.evict)
	defer t.Stop()
	return write(p)
}

// Pty hands on the terminal's size changes through newest, so that the
// connection keeps reading whatever the program does. Without it, a
// program blocked on a stalled write stops taking sizes (bm forwards them
// with a blocking Send), the ssh package's request loop then blocks on its
// one-slot channel, and so does the connection's whole read loop, idle
// deadline and all: a client that stops reading and keeps resizing would
// leave a write that not even closing the connection can end, as the
// channel is only torn down by that read loop.
func (g *stallGuard) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	pty, in, ok := g.Session.Pty()
	if !ok || in == nil {
		return pty, in, ok
	}
	g.winOnce.Do(func() { g.win = newest(in) })
	return pty, g.win, ok
}

// newest takes every value from in at once and keeps only the newest for
// the reader. It ends when in is closed (the session's requests ended),
// and leaves its own channel open: the reader stops on the session's
// context, and a closed channel would read as endless zero sizes.
func newest(in <-chan ssh.Window) <-chan ssh.Window {
	out := make(chan ssh.Window, 1)
	go func() {
		for w := range in {
			select {
			case <-out: // a size the reader never took: replaced
			default:
			}
			out <- w // never blocks: this is the only sender, and out is empty
		}
	}()
	return out
}
