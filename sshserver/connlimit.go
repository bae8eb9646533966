package sshserver

import (
	"fmt"
	"net"
	"sync"
	"time"

	"charm.land/log/v2"
	"charm.land/wish/v2"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// connLimiter guards connections before any SSH work is done for them: it
// counts open connections, in total and per remote address, and drops a
// connection that does not finish the handshake in time. It counts at the
// TCP level (the server's ConnCallback), where a connection is known before
// any SSH work, and refuses in a session middleware, where the user can be
// told why.
type connLimiter struct {
	max       int           // open connections in total; 0: no limit
	maxPerIP  int           // open connections from one address; 0: no limit
	handshake time.Duration // to finish the handshake and authenticate; 0: no limit
	log       *log.Logger

	mu    sync.Mutex
	total int
	open  map[string]int
}

func newConnLimiter(cfg Config, logger *log.Logger) *connLimiter {
	return &connLimiter{
		max:       cfg.MaxConns,
		maxPerIP:  cfg.MaxConnsPerIP,
		handshake: cfg.HandshakeTimeout,
		log:       logger,
		open:      map[string]int{},
	}
}

// refusal, in the connection's context, is why a connection past a limit
// is refused.
type refusal struct{}

// handshakeTimer, in the connection's context, is the timer that drops the
// connection unless it authenticates first.
type handshakeTimer struct{}

// track is the server's ConnCallback: it counts the connection until it
// closes and starts its handshake deadline. A connection past a limit is
// let through to be told so; one far past it (a flood) is dropped at once.
func (l *connLimiter) track(ctx ssh.Context, c net.Conn) net.Conn {
	ip := addrKey(c.RemoteAddr())
	l.mu.Lock()
	l.total++
	l.open[ip]++
	total, n := l.total, l.open[ip]
	l.mu.Unlock()
	release := sync.OnceFunc(func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.total--
		if l.open[ip]--; l.open[ip] <= 0 {
			delete(l.open, ip)
		}
	})
	if (l.maxPerIP > 0 && n > 2*l.maxPerIP) || (l.max > 0 && total > 2*l.max) {
		release()
		return nil
	}
	switch {
	case l.maxPerIP > 0 && n > l.maxPerIP:
		ctx.SetValue(refusal{}, fmt.Sprintf("too many connections from your address (at most %d); close one and try again", l.maxPerIP))
	case l.max > 0 && total > l.max:
		ctx.SetValue(refusal{}, fmt.Sprintf("the server is full (%d connections); try again in a few minutes", l.max))
	}
	cc := &countedConn{Conn: c, release: release}
	if l.handshake > 0 {
		// A deadline on c would not hold: the ssh package resets the
		// connection's deadline on every read and write (for its idle
		// timeout). A timer that closes the connection does hold; it is
		// stopped once the client has authenticated (handshakeDone), or
		// when the connection closes first.
		addr := c.RemoteAddr().String()
		t := time.AfterFunc(l.handshake, func() {
			l.log.Info("dropping a connection that did not authenticate in time", "addr", addr, "timeout", l.handshake)
			_ = c.Close()
		})
		cc.stop = t.Stop
		ctx.SetValue(handshakeTimer{}, t)
	}
	return cc
}

// serverConfig is the server's ServerConfigCallback: it learns from the
// authentication log when the client has authenticated, which is the end of
// the handshake, and lifts the handshake deadline.
func (l *connLimiter) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		// Called after every attempt; a nil error is the one that
		// succeeded (a public-key query, which only asks whether a key
		// would do, is not logged).
		AuthLogCallback: func(_ gossh.ConnMetadata, _ string, err error) {
			if err != nil {
				return
			}
			if t, ok := ctx.Value(handshakeTimer{}).(*time.Timer); ok {
				t.Stop()
			}
		},
	}
}

// Open reports the connections open from the address of addr.
func (l *connLimiter) Open(addr net.Addr) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open[addrKey(addr)]
}

// Total reports the connections open in total.
func (l *connLimiter) Total() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

// middleware refuses sessions on a connection past a limit.
func (l *connLimiter) middleware() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			if why, ok := s.Context().Value(refusal{}).(string); ok {
				wish.Fatalln(s, why)
				return
			}
			next(s)
		}
	}
}

// addrKey is the address a limit applies to: the IP, without the port.
func addrKey(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok {
		return tcp.IP.String()
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// countedConn releases its count, and stops its handshake timer, when
// closed.
type countedConn struct {
	net.Conn
	release func()
	stop    func() bool // the handshake timer's Stop; nil without one
}

func (c *countedConn) Close() error {
	if c.stop != nil {
		c.stop()
	}
	c.release()
	return c.Conn.Close()
}
