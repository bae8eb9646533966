package sshserver

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
			g := &stallGuard{Session: sess, out: sessionWriter{sess, sessionChannel(sess)}, timeout: timeout}
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

// stallGuard is a session whose writes are timed: when a write has been
// blocked for timeout with none finishing, the client is evicted.
// Everything that writes the session's output (the TUI's screen and the
// exec commands) writes through it.
type stallGuard struct {
	ssh.Session
	out     sessionWriter
	timeout time.Duration
	evict   func()

	// One timer per session, not one per write: a screen writes on every
	// change in its workshop.
	mu      sync.Mutex
	timer   *time.Timer
	writing int // writes under way
}

func (g *stallGuard) Write(p []byte) (int, error) { return g.timed(g.out.Write, p) }

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
// the timeout. A write that finishes shows the client is reading: the
// clock restarts for any other still under way.
func (g *stallGuard) timed(write func([]byte) (int, error), p []byte) (int, error) {
	if g.timeout <= 0 {
		return write(p)
	}
	g.mu.Lock()
	switch {
	case g.timer == nil:
		g.timer = time.AfterFunc(g.timeout, g.evict)
	case g.writing == 0:
		g.timer.Reset(g.timeout)
	}
	// else a write is already blocked: its clock keeps running.
	g.writing++
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		if g.writing--; g.writing == 0 {
			g.timer.Stop()
		} else {
			g.timer.Reset(g.timeout)
		}
		g.mu.Unlock()
	}()
	return write(p)
}
