// Package throttle limits how often something may happen per key (an
// address, an SSH key's fingerprint): a burst at once, then one every so
// often. It tells a refused caller how long to wait, so a person can be
// told. It is built on golang.org/x/time/rate and knows nothing of SSH or
// workshops.
package throttle

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Allowance is a burst of Burst at once, then one every Every. A zero
// Burst or Every means no limit.
type Allowance struct {
	Burst int
	Every time.Duration
}

// Unlimited reports whether a imposes no limit.
func (a Allowance) Unlimited() bool { return a.Burst <= 0 || a.Every <= 0 }

// maxKeys bounds the keys remembered: keys whose allowance is whole again
// are forgotten first; past that, an arbitrary one (it then starts afresh).
const maxKeys = 1 << 16

// Keyed holds one allowance per key. The zero of *Keyed (nil) limits
// nothing. It is safe for concurrent use.
type Keyed struct {
	a Allowance

	mu        sync.Mutex
	lims      map[string]*rate.Limiter
	lastSweep time.Time
}

// New returns a Keyed with allowance a for every key; nil if a is
// unlimited.
func New(a Allowance) *Keyed {
	if a.Unlimited() {
		return nil
	}
	return &Keyed{a: a, lims: map[string]*rate.Limiter{}}
}

// Wait reports how long key must wait, at now, before it may take one;
// zero if it may now. It takes nothing.
func (k *Keyed) Wait(key string, now time.Time) time.Duration {
	if k == nil {
		return 0
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	l, ok := k.lims[key]
	if !ok {
		return 0
	}
	tokens := l.TokensAt(now)
	if tokens >= 1 {
		return 0
	}
	return time.Duration((1 - tokens) * float64(k.a.Every))
}

// Take takes one from key's allowance at now (a failure, a creation) and
// reports whether there was one to take.
func (k *Keyed) Take(key string, now time.Time) bool {
	if k == nil {
		return true
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	l, ok := k.lims[key]
	if !ok {
		k.makeRoom(now)
		l = rate.NewLimiter(rate.Every(k.a.Every), k.a.Burst)
		k.lims[key] = l
	}
	return l.AllowN(now, 1)
}

// makeRoom keeps the map under maxKeys: it forgets keys whose allowance
// has refilled (they are as good as new), at most once a second, and
// otherwise one arbitrary key.
func (k *Keyed) makeRoom(now time.Time) {
	if len(k.lims) < maxKeys {
		return
	}
	if now.Sub(k.lastSweep) >= time.Second {
		k.lastSweep = now
		for key, l := range k.lims {
			if l.TokensAt(now) >= float64(k.a.Burst) {
				delete(k.lims, key)
			}
		}
	}
	for key := range k.lims {
		if len(k.lims) < maxKeys {
			break
		}
		delete(k.lims, key)
	}
}

// Len reports how many keys are remembered.
func (k *Keyed) Len() int {
	if k == nil {
		return 0
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.lims)
}

// Seconds is a wait as a person reads it: whole seconds, rounded up, at
// least one.
func Seconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(1, s)
}
