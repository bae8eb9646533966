package session

import (
	"time"

	"golang.org/x/time/rate"

	"forwhom/internal/throttle"
)

// Limits bound what one participant, key or workshop may use. A zero field
// means no limit. Defaults are sized for a 500-person workshop.
type Limits struct {
	ParticipantsPerWorkshop int // people with a key; guests have their own cap
	WorkshopsPerKey         int // workshops one key may facilitate
	TemplatesPerKey         int // templates one key may keep
	NotesPerParticipant     int
	// NotesPerWorkshop bounds a workshop's notes in all, whoever wrote or
	// imported them: what the room can read and group, and what the
	// suggestions are computed over.
	NotesPerWorkshop int
	// ActionsPerSecond is the sustained rate of actions per participant in
	// a workshop, shared by all of that participant's connections.
	ActionsPerSecond float64
	ActionBurst      int // actions allowed at once before the rate applies

	// GuestsPerWorkshop caps the guests in a workshop at once, apart from
	// ParticipantsPerWorkshop (which counts people with a key): guests
	// cost nothing to make, so they must not be able to fill a workshop
	// and keep its people out.
	GuestsPerWorkshop int

	// Wrong join codes (unknown, or of a workshop the asker may not see),
	// per key and per address: a burst for typos, then one every so
	// often, so that guessing a live workshop's code takes years.
	FailedJoinsPerKey  throttle.Allowance
	FailedJoinsPerAddr throttle.Allowance
	// New workshops per key and per address; keys cost nothing to make,
	// so the per-key cap (WorkshopsPerKey) alone bounds nothing.
	CreatesPerKey  throttle.Allowance
	CreatesPerAddr throttle.Allowance
}

// DefaultLimits are the limits of a server that was told nothing else.
func DefaultLimits() Limits {
	return Limits{
		ParticipantsPerWorkshop: 1000,
		WorkshopsPerKey:         100,
		TemplatesPerKey:         20,
		NotesPerParticipant:     60,
		NotesPerWorkshop:        5000,
		ActionsPerSecond:        10,
		ActionBurst:             30,
		GuestsPerWorkshop:       200,
		FailedJoinsPerKey:       throttle.Allowance{Burst: 10, Every: 10 * time.Second},
		FailedJoinsPerAddr:      throttle.Allowance{Burst: 20, Every: 5 * time.Second},
		CreatesPerKey:           throttle.Allowance{Burst: 10, Every: time.Minute},
		CreatesPerAddr:          throttle.Allowance{Burst: 30, Every: 20 * time.Second},
	}
}

// bucket is a participant's action allowance: a token bucket of burst
// actions, refilled at rate per second (golang.org/x/time/rate, on the
// manager's clock). nil, for no rate, allows every action.
type bucket struct{ lim *rate.Limiter }

func newBucket(perSecond float64, burst int) *bucket {
	if perSecond <= 0 {
		return nil
	}
	return &bucket{rate.NewLimiter(rate.Limit(perSecond), burst)}
}

func (b *bucket) allow(now time.Time) bool {
	return b == nil || b.lim.AllowN(now, 1)
}
