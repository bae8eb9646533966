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
// connection that does not put itself to use in time. It counts at the
// TCP level (the server's ConnCallback), where a connection is known before
// any SSH work, and refuses in a session middleware, where the user can be
// told why.
type connLimiter struct {
	max      int // open connections in total; 0: no limit
	maxPerIP int // open connections from one address; 0: no limit
	// unused drops a connection that has not authenticated and started a
	// session this long after it was accepted, or after its last session
	// ended; 0: never.
	unused time.Duration
	log    *log.Logger

	mu    sync.Mutex
	total int
	open  map[string]int
}

func newConnLimiter(cfg Config, logger *log.Logger) *connLimiter {
	return &connLimiter{
		max:      cfg.MaxConns,
		maxPerIP: cfg.MaxConnsPerIP,
		unused:   cfg.HandshakeTimeout,
		log:      logger,
		open:     map[string]int{},
	}
}

// refusal, in the connection's context, is why a connection past a limit
// is refused.
type refusal struct{}

// track is the server's ConnCallback: it counts the connection until it
// closes and starts its watch. A connection past a limit is let through
// to be told so; one far past it (a flood) is dropped at once.
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
	if l.unused > 0 {
		w := &connWatch{unused: l.unused}
		// A deadline on c would not hold: the ssh package resets the
		// connection's deadline on every read and write (for its idle
		// timeout), and a client's keepalives would keep it alive. A
		// timer that closes the connection does hold.
		addr := c.RemoteAddr().String()
		w.timer = time.AfterFunc(l.unused, func() {
			if w.isAuthenticated() {
				l.log.Info("dropping a connection that started no session in time", "addr", addr, "timeout", l.unused)
			} else {
				l.log.Info("dropping a connection that did not authenticate in time", "addr", addr, "timeout", l.unused)
			}
			_ = c.Close()
		})
		cc.stop = w.closed
		ctx.SetValue(watchKey{}, w)
	}
	return cc
}

// watchKey finds a connection's watch in its context.
type watchKey struct{}

// connWatch closes a connection that is not in use: one that has not
// authenticated and started a session (a shell or a command) within its
// time of being accepted, or that has had no session for that long since
// its last one ended. Without it a client could hold a connection slot
// for the idle timeout (half an hour) by authenticating and doing nothing,
// or forever with keepalives: one address could take every slot.
type connWatch struct {
	unused time.Duration
	timer  *time.Timer

	mu       sync.Mutex
	authed   bool
	sessions int  // sessions running
	gone     bool // the connection has closed
}

func (w *connWatch) authenticated() {
	w.mu.Lock()
	w.authed = true
	w.mu.Unlock()
}

func (w *connWatch) isAuthenticated() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.authed
}

// started and ended bracket each session: the clock stops while one runs
// and starts again when the last one ends.
func (w *connWatch) started() {
	w.mu.Lock()
	w.sessions++
	w.timer.Stop()
	w.mu.Unlock()
}

func (w *connWatch) ended() {
	w.mu.Lock()
	if w.sessions--; w.sessions == 0 && !w.gone {
		w.timer.Reset(w.unused)
	}
	w.mu.Unlock()
}

// closed stops the watch for good: the connection has closed (a session
// may still be winding down, and must not start the clock again).
func (w *connWatch) closed() {
	w.mu.Lock()
	w.gone = true
	w.timer.Stop()
	w.mu.Unlock()
}

// serverConfig is the server's ServerConfigCallback: it learns from the
// authentication log when the client has authenticated, which the watch
// tells in its log.
func (l *connLimiter) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		// Called after every attempt; a nil error is the one that
		// succeeded (a public-key query, which only asks whether a key
		// would do, is not logged).
		AuthLogCallback: func(_ gossh.ConnMetadata, _ string, err error) {
			if err != nil {
				return
			}
			if w, ok := ctx.Value(watchKey{}).(*connWatch); ok {
				w.authenticated()
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

// middleware refuses sessions on a connection past a limit, and tells
// the connection's watch while a session runs.
func (l *connLimiter) middleware() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			if w, ok := s.Context().Value(watchKey{}).(*connWatch); ok {
				w.started()
				defer w.ended()
			}
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

// countedConn releases its count, and stops its watch, when closed.
type countedConn struct {
	net.Conn
	release func()
	stop    func() // the watch's closed; nil without one
}

func (c *countedConn) Close() error {
	if c.stop != nil {
		c.stop()
	}
	c.release()
	return c.Conn.Close()
}
