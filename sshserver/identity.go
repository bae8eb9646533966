package sshserver

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"time"

	"charm.land/log/v2"
	"charm.land/wish/v2"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"forwhom/internal/throttle"
	"forwhom/session"
)

// Permission extensions the auth callbacks record for the session. The ssh
// package keeps the extensions of the attempt that succeeded.
const (
	extFingerprint = "forwhom-fingerprint" // the key the public-key callback accepted
	extGuest       = "forwhom-guest"       // a guest's ID, made at keyboard-interactive auth
)

// acceptKey admits every public key: a key is an identity, not a
// permission. It records the fingerprint so the identity check can compare
// it with the key the session reports.
func acceptKey(ctx ssh.Context, key ssh.PublicKey) bool {
	perms := ctx.Permissions()
	if perms.Extensions == nil {
		perms.Extensions = map[string]string{}
	}
	perms.Extensions[extFingerprint] = gossh.FingerprintSHA256(key)
	return true
}

// admitGuests lets a client without a key in, with no questions asked, as
// a guest with an ID for this connection only; so many new guests per
// address (limit), since each costs nothing to make.
func admitGuests(limit *throttle.Keyed) func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool {
	return func(ctx ssh.Context, challenge gossh.KeyboardInteractiveChallenge) bool {
		addr, now := limitAddr(ctx.RemoteAddr()), time.Now()
		if wait := limit.Wait(addr, now); wait > 0 || !limit.Take(addr, now) {
			if ctx.Value(toldNoGuests{}) == nil {
				ctx.SetValue(toldNoGuests{}, true)
				n := throttle.Seconds(max(wait, time.Second))
				_, _ = challenge("", fmt.Sprintf(tooManyGuestsMessage, n), nil, nil)
			}
			return false
		}
		return admitGuest(ctx, challenge)
	}
}

// tooManyGuestsMessage is what a keyless client is told past its
// address's new guests.
const tooManyGuestsMessage = "Too many new guests from your address: try again in %d seconds,\n" +
	"or connect with an SSH key (create one with: ssh-keygen -t ed25519)."

// admitGuest lets a client without a key in as a guest.
func admitGuest(ctx ssh.Context, challenge gossh.KeyboardInteractiveChallenge) bool {
	// Zero questions: OpenSSH continues without prompting.
	if _, err := challenge("", "", nil, nil); err != nil {
		return false
	}
	perms := ctx.Permissions()
	if perms.Extensions == nil {
		perms.Extensions = map[string]string{}
	}
	perms.Extensions[extGuest] = "guest:" + rand.Text()[:16]
	return true
}

// noGuestsMessage is what a keyless client is told when guests are off.
const noGuestsMessage = "This forwhom server admits only clients with an SSH key.\n" +
	"Create one with: ssh-keygen -t ed25519, then connect again."

// toldNoGuests marks a connection that was already told it cannot be a
// guest: a client retries keyboard-interactive up to three times.
type toldNoGuests struct{}

// refuseGuest is the keyboard-interactive handler when guests are off: it
// refuses, but first tells the client why (OpenSSH prints the instruction),
// once per connection.
func refuseGuest(ctx ssh.Context, challenge gossh.KeyboardInteractiveChallenge) bool {
	if ctx.Value(toldNoGuests{}) == nil {
		ctx.SetValue(toldNoGuests{}, true)
		_, _ = challenge("", noGuestsMessage, nil, nil)
	}
	return false
}

// limitAddr is the address the session's limits per address count
// against: the IP, and for IPv6 its /64, which one host is commonly given
// whole (counting single IPv6 addresses would give it 2^64 allowances).
func limitAddr(a net.Addr) string {
	ip := net.ParseIP(addrKey(a))
	if ip == nil {
		return addrKey(a)
	}
	if ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return ip.String()
}

var errNoIdentity = errors.New("the session has neither an authenticated key nor a guest ID")

// identify returns who the session is. The identity comes from the key
// that actually authenticated (s.PublicKey()), never from what the
// public-key callback saw: the callback is also shown keys the client
// offers and then does not use. The fingerprint the callback recorded must
// match; if it does not, something is wrong and the session is refused.
func identify(s ssh.Session) (session.Identity, error) {
	ext := s.Permissions().Extensions
	if key := s.PublicKey(); key != nil {
		fp := gossh.FingerprintSHA256(key)
		if recorded := ext[extFingerprint]; recorded != fp {
			return session.Identity{}, fmt.Errorf("the authenticated key %s is not the key %q the callback accepted", fp, recorded)
		}
		return session.Identity{ID: fp, Name: session.Sanitize(s.User(), session.MaxNameLen), Addr: limitAddr(s.RemoteAddr())}, nil
	}
	if id := ext[extGuest]; id != "" {
		return session.Identity{ID: id, Name: session.Sanitize(s.User(), session.MaxNameLen), Guest: true, Addr: limitAddr(s.RemoteAddr())}, nil
	}
	return session.Identity{}, errNoIdentity
}

// checkIdentity refuses a session whose identity cannot be established.
func checkIdentity(logger *log.Logger) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			if _, err := identify(s); err != nil {
				logger.Warn("identity check failed", "addr", s.RemoteAddr().String(), "err", err)
				wish.Fatalln(s, "forwhom could not tell who you are; connect again with your SSH key")
				return
			}
			next(s)
		}
	}
}
