package sshserver

import (
	"net"
	"time"

	"forwhom/internal/throttle"
)

// Config is what the SSH server can be told. cmd/forwhom fills it from its
// flags and environment; DefaultConfig is a host that set nothing.
type Config struct {
	Listen string // TCP address of the SSH server
	// HostKeyPath is the server's host key, generated there (ed25519,
	// 0600) on first run and reused, so clients see the same key after a
	// restart.
	HostKeyPath string
	// NoGuests refuses clients without an SSH key.
	NoGuests bool
	// Host is the name users ssh to, for the hints the server prints; empty
	// means derived from Listen.
	Host string
	// IdleTimeout closes a connection that has been silent this long, in
	// both directions; zero means never. A screen the server is still
	// updating is not idle.
	IdleTimeout time.Duration
	// HandshakeTimeout drops a connection that has not finished the SSH
	// handshake, authenticated and started a session (a shell or a
	// command) this long after it was accepted, or that has had no session
	// for this long since its last one ended; zero means never. Without it
	// a client that opens TCP and sends nothing, or authenticates and
	// opens nothing, holds a connection slot (and goroutines) until the
	// idle timeout, or for ever with keepalives.
	HandshakeTimeout time.Duration
	// StallTimeout disconnects a client whose output has been blocked this
	// long: it stopped reading (a frozen terminal, a full TCP window). Zero
	// means never.
	StallTimeout time.Duration
	// MaxConns caps the open connections in total; zero means no cap.
	// Sized for a 500-person workshop where some people have a second
	// terminal open and facilitators run exec commands.
	MaxConns int
	// MaxConnsPerIP caps the open connections from one address; zero means
	// no cap. A whole room on one conference network may reach the server
	// from one NAT address, so the default lets 500 people in, one
	// terminal each. Connections past it are still let in to be told why
	// (up to as many again, then dropped unheard), so one address can
	// hold at most twice this: kept below MaxConns, the rest of the
	// server stays open to everyone else. ConnRate is what slows down a
	// guesser.
	MaxConnsPerIP int
	// ConnRate and ConnBurst limit new sessions per second from one
	// address. The burst lets a room behind one address join at once.
	ConnRate  float64
	ConnBurst int
	// NewGuests limits the guest identities one address may make (a
	// keyless connection is a new guest): a burst for a room behind one
	// address, then one every so often. Each guest may take a place in a
	// workshop, and costs its maker nothing.
	NewGuests throttle.Allowance
	// ShutdownTimeout is how long a stopping server waits for clients to
	// leave before it closes their connections.
	ShutdownTimeout time.Duration
}

// DefaultConfig is the configuration of a host that set nothing but where
// its host key goes: it must work on a fresh machine.
func DefaultConfig() Config {
	return Config{
		Listen:           ":23234",
		IdleTimeout:      30 * time.Minute,
		HandshakeTimeout: 15 * time.Second,
		StallTimeout:     30 * time.Second,
		MaxConns:         2000,
		MaxConnsPerIP:    500,
		ConnRate:         10,
		ConnBurst:        500,
		NewGuests:        throttle.Allowance{Burst: 100, Every: 2 * time.Second},
		ShutdownTimeout:  10 * time.Second,
	}
}

// HostFromListen is the name to show users when the host did not say: the
// listen address's host, or localhost when it listens on every interface.
func HostFromListen(listen string) string {
	host, _, err := net.SplitHostPort(listen)
	if err != nil || host == "" {
		return "localhost"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return "localhost"
	}
	return host
}
