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
// does hold is its own screen's writer, blocked mid-frame, with its
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
// session's output (the TUI's screen and the exec commands) writes through it.
type stallGuard struct {
	ssh.Session
	timeout time.Duration
	evict   func()
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
