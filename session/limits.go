package session

import (
	"sync"
	"time"
)

// Limits bound what one participant, key or workshop may use. A zero field
// means no limit. Defaults are sized for a 500-person workshop.
type Limits struct {
	ParticipantsPerWorkshop int
	WorkshopsPerKey         int // workshops one key may facilitate
	NotesPerParticipant     int
	// ActionsPerSecond is the sustained rate of actions per participant in
	// a workshop, shared by all of that participant's connections.
	ActionsPerSecond float64
	ActionBurst      int // actions allowed at once before the rate applies
}

// DefaultLimits are the limits of a server that was told nothing else.
func DefaultLimits() Limits {
	return Limits{
		ParticipantsPerWorkshop: 1000,
		WorkshopsPerKey:         100,
		NotesPerParticipant:     60,
		ActionsPerSecond:        10,
		ActionBurst:             30,
	}
}

// bucket is a token bucket: it holds up to burst tokens, refilled at rate
// per second; each action takes one.
type bucket struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func newBucket(rate float64, burst int) *bucket {
	return &bucket{rate: rate, burst: float64(burst), tokens: float64(burst)}
}

func (b *bucket) allow(now time.Time) bool {
	if b == nil || b.rate <= 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.last.IsZero() {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
