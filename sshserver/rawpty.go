package sshserver

import (
	"bytes"
	"maps"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// A session with a PTY writes through charmbracelet/ssh's PTY emulation
// (there is no real PTY on this server), which copies every write twice to
// turn "\n" into "\r\n". The screen's frames have no "\n" (rows are placed
// by cursor moves), so for them both copies are the same bytes again:
// garbage on every change, for every participant, that the collector then
// has to catch up with while the next change is fanned out. A write with no
// "\n" goes to the session's channel as it is, which is exactly what the
// emulation would have sent; any other write still goes through it.

// channelKey finds a session's SSH channel in its context.
type channelKey struct{}

// keepSessionChannels is a server option: each session's context also
// holds the session's own channel, under channelKey.
func keepSessionChannels(srv *ssh.Server) error {
	handlers := maps.Clone(srv.ChannelHandlers)
	if handlers == nil {
		handlers = maps.Clone(ssh.DefaultChannelHandlers)
	}
	next := handlers["session"]
	if next == nil {
		next = ssh.DefaultSessionHandler
	}
	handlers["session"] = func(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
		// The connection's context is shared by all its sessions; each
		// session gets its own layer on it, holding its channel.
		c := &sessionContext{Context: ctx}
		next(srv, conn, acceptInto{NewChannel: nc, ctx: c}, c)
	}
	srv.ChannelHandlers = handlers
	return nil
}

// sessionContext is a connection's context with one session's channel.
type sessionContext struct {
	ssh.Context
	channel gossh.Channel // set on accepting, before any handler runs
}

func (c *sessionContext) Value(key any) any {
	if key == (channelKey{}) {
		return c.channel
	}
	return c.Context.Value(key)
}

// acceptInto keeps the channel it accepts in ctx.
type acceptInto struct {
	gossh.NewChannel
	ctx *sessionContext
}

func (a acceptInto) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := a.NewChannel.Accept()
	a.ctx.channel = ch
	return ch, reqs, err
}

// sessionChannel is sess's own channel, or nil if the server did not keep
// it (see keepSessionChannels).
func sessionChannel(sess ssh.Session) gossh.Channel {
	ch, _ := sess.Context().Value(channelKey{}).(gossh.Channel)
	return ch
}

// sessionWriter writes to a session, past its PTY emulation when that
// would not change the bytes.
type sessionWriter struct {
	sess    ssh.Session
	channel gossh.Channel // nil: every write goes through sess
}

func (w sessionWriter) Write(p []byte) (int, error) {
	if w.channel != nil && bytes.IndexByte(p, '\n') < 0 {
		return w.channel.Write(p)
	}
	return w.sess.Write(p)
}
