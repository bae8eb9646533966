package main

import (
	"fmt"
	"net"
	"sync"

	"charm.land/wish/v2"
	"github.com/charmbracelet/ssh"
)

// connLimiter counts open connections per remote address. It counts at the
// TCP level (the server's ConnCallback), where a connection is known before
// any SSH work, and refuses in a session middleware, where the user can be
// told why.
type connLimiter struct {
	max int // 0: no limit

	mu   sync.Mutex
	open map[string]int
}

func newConnLimiter(max int) *connLimiter {
	return &connLimiter{max: max, open: map[string]int{}}
}

// overLimit marks, in the connection's context, a connection past the limit.
type overLimit struct{}

// track is the server's ConnCallback: it counts the connection until it
// closes. A connection past the limit is let through to be told so; one far
// past it (a flood) is dropped at once.
func (l *connLimiter) track(ctx ssh.Context, c net.Conn) net.Conn {
	if l.max <= 0 {
		return c
	}
	ip := addrKey(c.RemoteAddr())
	l.mu.Lock()
	l.open[ip]++
	n := l.open[ip]
	l.mu.Unlock()
	release := sync.OnceFunc(func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.open[ip]--; l.open[ip] <= 0 {
			delete(l.open, ip)
		}
	})
	if n > 2*l.max {
		release()
		return nil
	}
	if n > l.max {
		ctx.SetValue(overLimit{}, true)
	}
	return &countedConn{Conn: c, release: release}
}

// Open reports the connections open from the address of addr.
func (l *connLimiter) Open(addr net.Addr) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open[addrKey(addr)]
}

// middleware refuses sessions on a connection past the limit.
func (l *connLimiter) middleware() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			if s.Context().Value(overLimit{}) != nil {
				wish.Fatalln(s, fmt.Sprintf("too many connections from your address (at most %d); close one and try again", l.max))
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

// countedConn releases its count when closed.
type countedConn struct {
	net.Conn
	release func()
}

func (c *countedConn) Close() error {
	c.release()
	return c.Conn.Close()
}
