package session

import (
	"cmp"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
)

// state is a live workshop's mutable state. Only the workshop's apply loop
// touches it; everyone else reads immutable Snapshots.
type state struct {
	info     WorkshopInfo
	parts    map[string]Participant
	order    []string // participant IDs by (JoinedAt, ID)
	notes    map[int64]Note
	segments map[int64]Segment
	votes    map[string]map[int64]int // participant → segment → dots
	picks    map[pickKey]int64
	rejected map[string]bool // keys of rejected suggestions
	steps    map[int64]NextStep
	earlier  map[int64]EarlierSegment
	nextNote int64
	nextSeg  int64
	nextPos  int
	nextStep int64

	// last is the latest snapshot, and dirty what apply changed since:
	// the next snapshot shares everything else with it. A change in a
	// room of hundreds (a note, a dot) then copies only what it touched,
	// not every participant.
	last  *Snapshot
	dirty dirty
	gen   uint64 // snapshots taken

	suggester Suggester // for the snapshots' suggestions; nil: suggest.Suggest
}

// dirty says which parts of the state changed. names is the part of
// participants that notes show: who is in the roster and what they are
// called (a join or a rename, not someone getting ready).
type dirty struct {
	workshop, participants, names, notes, segments, votes, picks, rejected, steps, earlier bool
}

// parts says when each part of a snapshot's state last changed: the
// generation of the snapshot that first had it as it is.
type parts struct {
	workshop, participants, names, online, notes, segments, votes, picks, rejected, steps, earlier uint64
}

type pickKey struct {
	participant string
	lens        Lens
}

func newState(d *Data) *state {
	st := &state{
		info:     d.Workshop,
		parts:    make(map[string]Participant, len(d.Participants)),
		notes:    make(map[int64]Note, len(d.Notes)),
		segments: make(map[int64]Segment, len(d.Segments)),
		votes:    make(map[string]map[int64]int),
		picks:    make(map[pickKey]int64),
		rejected: make(map[string]bool, len(d.Rejected)),
		steps:    make(map[int64]NextStep, len(d.NextSteps)),
		earlier:  make(map[int64]EarlierSegment),
		nextNote: 1,
		nextSeg:  1,
		nextStep: 1,
	}
	st.apply(&Changes{
		Participants: d.Participants,
		Segments:     d.Segments,
		Notes:        d.Notes,
		Votes:        d.Votes,
		Picks:        d.Picks,
		Rejected:     d.Rejected,
		NextSteps:    d.NextSteps,
		Earlier:      d.Earlier,
	})
	return st
}

// apply makes committed changes part of the state. It is the only way the
// state changes, so memory and the store can never disagree.
func (st *state) apply(ch *Changes) {
	d := &st.dirty
	if ch.Workshop != nil {
		st.info = *ch.Workshop
		d.workshop = true
	}
	d.participants = d.participants || len(ch.Participants) > 0
	d.notes = d.notes || len(ch.Notes) > 0 || len(ch.DeletedNotes) > 0
	d.segments = d.segments || len(ch.Segments) > 0 || len(ch.DeletedSegments) > 0
	d.votes = d.votes || len(ch.Votes) > 0
	d.picks = d.picks || len(ch.Picks) > 0
	d.rejected = d.rejected || len(ch.Rejected) > 0
	for _, k := range ch.Rejected {
		st.rejected[k] = true
	}
	d.steps = d.steps || len(ch.NextSteps) > 0 || len(ch.DeletedNextSteps) > 0
	d.earlier = d.earlier || len(ch.Earlier) > 0
	for _, e := range ch.Earlier {
		st.earlier[e.ID] = e
	}
	joined := false
	for _, p := range ch.Participants {
		was, ok := st.parts[p.ID]
		if !ok {
			st.order = append(st.order, p.ID)
			joined = true
		}
		d.names = d.names || !ok || was.Name != p.Name
		st.parts[p.ID] = p
	}
	if joined {
		// Join order is by (JoinedAt, ID), the order the store loads them
		// in, so a reloaded workshop lists people exactly as before.
		slices.SortStableFunc(st.order, func(a, b string) int {
			return cmp.Or(st.parts[a].JoinedAt.Compare(st.parts[b].JoinedAt), cmp.Compare(a, b))
		})
	}
	for _, s := range ch.Segments {
		st.segments[s.ID] = s
		st.nextSeg = max(st.nextSeg, s.ID+1)
		st.nextPos = max(st.nextPos, s.Position+1)
	}
	for _, n := range ch.Notes {
		st.notes[n.ID] = n
		st.nextNote = max(st.nextNote, n.ID+1)
	}
	for _, v := range ch.Votes {
		mine := st.votes[v.Participant]
		if v.Dots == 0 {
			delete(mine, v.Segment)
			if len(mine) == 0 {
				delete(st.votes, v.Participant)
			}
			continue
		}
		if mine == nil {
			mine = make(map[int64]int)
			st.votes[v.Participant] = mine
		}
		mine[v.Segment] = v.Dots
	}
	for _, p := range ch.Picks {
		k := pickKey{p.Participant, p.Lens}
		if p.Segment == 0 {
			delete(st.picks, k)
		} else {
			st.picks[k] = p.Segment
		}
	}
	for _, n := range ch.NextSteps {
		st.steps[n.ID] = n
		st.nextStep = max(st.nextStep, n.ID+1)
	}
	for _, id := range ch.DeletedNextSteps {
		delete(st.steps, id)
	}
	for _, id := range ch.DeletedNotes {
		delete(st.notes, id)
	}
	for _, id := range ch.DeletedSegments {
		delete(st.segments, id)
	}
}

// spent is how many dots the participant has placed in all.
func (st *state) spent(id string) int {
	n := 0
	for _, d := range st.votes[id] {
		n += d
	}
	return n
}

// notesOf counts the participant's notes.
func (st *state) notesOf(id string) int {
	n := 0
	for _, note := range st.notes {
		if note.Author == id {
			n++
		}
	}
	return n
}

// stepsOf counts the next steps the participant wrote.
func (st *state) stepsOf(id string) int {
	n := 0
	for _, s := range st.steps {
		if s.Author == id {
			n++
		}
	}
	return n
}

// activeParticipants counts participants who were not removed.
func (st *state) activeParticipants() int {
	n := 0
	for _, p := range st.parts {
		if !p.Removed {
			n++
		}
	}
	return n
}

// keyedParticipants counts participants with a key who were not removed:
// guests have a cap of their own (see join).
func (st *state) keyedParticipants() int {
	n := 0
	for _, p := range st.parts {
		if !p.Removed && !p.Guest {
			n++
		}
	}
	return n
}

// guestsOnline counts the guests connected now: a guest who left can
// never come back (their identity was their connection's), so only
// those here count against the workshop's guests.
func (st *state) guestsOnline(online map[string]int) int {
	n := 0
	for id := range online {
		if p := st.parts[id]; p.Guest && !p.Removed {
			n++
		}
	}
	return n
}

// Snapshot is one immutable version of a workshop's whole state, as the
// apply loop published it. Nothing in it may be modified: every subscriber
// shares it. Views for participants are projected from it by ViewFor.
type Snapshot struct {
	Version      uint64
	Workshop     WorkshopInfo
	Participants []Participant    // join order, removed ones included
	Notes        []Note           // by ID
	Segments     []Segment        // by Position
	Votes        []Vote           // by participant, then segment
	Picks        []Pick           // by participant, then lens
	Rejected     []string         // keys of rejected suggestions, sorted
	NextSteps    []NextStep       // by ID
	Earlier      []EarlierSegment // a follow-up's: the earlier workshop's segments, by rank
	Online       map[string]int

	parts     parts                 // when each part last changed
	seed      atomic.Pointer[board] // an earlier snapshot's board, to share from, until board is built
	boardOnce sync.Once
	board     atomic.Pointer[board] // set once built

	suggester Suggester
	sugSeed   atomic.Pointer[suggestions] // an earlier snapshot's, to share, until sug is built
	sugOnce   sync.Once
	sug       atomic.Pointer[suggestions] // set once built (see Suggestions)
}

// snapshot copies the state into a new immutable Snapshot. What did not
// change since the last snapshot is shared with it, not copied.
func (st *state) snapshot(version uint64, online map[string]int) *Snapshot {
	st.gen++
	gen := st.gen
	s := &Snapshot{Version: version, Workshop: st.info, suggester: st.suggester}
	last, c := st.last, st.dirty
	if last == nil {
		c = dirty{true, true, true, true, true, true, true, true, true, true}
	} else {
		s.parts = last.parts
		// The board of the last snapshot (or, if nobody has drawn that
		// one yet, the one it was to start from) lends this one's
		// board whatever it can (see buildBoard). A board once built
		// lets go of its seed: so the board is looked at again if the
		// seed is gone.
		seed := last.board.Load()
		if seed == nil {
			seed = last.seed.Load()
		}
		if seed == nil {
			seed = last.board.Load()
		}
		s.seed.Store(seed)
		sug := last.sug.Load()
		if sug == nil {
			sug = last.sugSeed.Load()
		}
		if sug == nil {
			sug = last.sug.Load()
		}
		s.sugSeed.Store(sug)
	}
	st.last, st.dirty = s, dirty{}
	if c.workshop {
		s.parts.workshop = gen
	}
	if c.names {
		s.parts.names = gen
	}

	prev := cmp.Or(last, &Snapshot{})
	s.Participants = share(c.participants, prev.Participants, gen, &s.parts.participants, func() []Participant {
		out := make([]Participant, 0, len(st.order))
		for _, id := range st.order {
			out = append(out, st.parts[id])
		}
		return out
	})
	s.Notes = share(c.notes, prev.Notes, gen, &s.parts.notes, func() []Note {
		out := slices.Collect(maps.Values(st.notes))
		slices.SortFunc(out, func(a, b Note) int { return cmp.Compare(a.ID, b.ID) })
		return out
	})
	s.Segments = share(c.segments, prev.Segments, gen, &s.parts.segments, func() []Segment {
		out := slices.Collect(maps.Values(st.segments))
		slices.SortFunc(out, func(a, b Segment) int {
			return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.ID, b.ID))
		})
		return out
	})
	s.Votes = share(c.votes, prev.Votes, gen, &s.parts.votes, func() (out []Vote) {
		for pid, mine := range st.votes {
			for seg, dots := range mine {
				out = append(out, Vote{Participant: pid, Segment: seg, Dots: dots})
			}
		}
		slices.SortFunc(out, func(a, b Vote) int {
			return cmp.Or(cmp.Compare(a.Participant, b.Participant), cmp.Compare(a.Segment, b.Segment))
		})
		return out
	})
	s.Picks = share(c.picks, prev.Picks, gen, &s.parts.picks, func() (out []Pick) {
		for k, seg := range st.picks {
			out = append(out, Pick{Participant: k.participant, Lens: k.lens, Segment: seg})
		}
		slices.SortFunc(out, func(a, b Pick) int {
			return cmp.Or(cmp.Compare(a.Participant, b.Participant), cmp.Compare(a.Lens, b.Lens))
		})
		return out
	})
	s.Rejected = share(c.rejected, prev.Rejected, gen, &s.parts.rejected, func() []string {
		return slices.Sorted(maps.Keys(st.rejected))
	})
	s.NextSteps = share(c.steps, prev.NextSteps, gen, &s.parts.steps, func() []NextStep {
		out := slices.Collect(maps.Values(st.steps))
		slices.SortFunc(out, func(a, b NextStep) int { return cmp.Compare(a.ID, b.ID) })
		return out
	})
	s.Earlier = share(c.earlier, prev.Earlier, gen, &s.parts.earlier, func() []EarlierSegment {
		out := slices.Collect(maps.Values(st.earlier))
		sortEarlier(out)
		return out
	})
	// Who is online is the caller's to keep, not the state's: compared,
	// not tracked.
	if last != nil && sameOnline(last.Online, online) {
		s.Online = last.Online
	} else {
		s.parts.online = gen
		s.Online = make(map[string]int, len(online))
		for id, n := range online {
			if n > 0 {
				s.Online[id] = n
			}
		}
	}
	return s
}

// share is a part of a new snapshot: the last snapshot's when it did not
// change, else made anew, its version then the new snapshot's generation.
func share[T any](changed bool, last []T, gen uint64, version *uint64, make func() []T) []T {
	if !changed {
		return last
	}
	*version = gen
	return make()
}

// sameOnline reports whether a snapshot's Online (connections per
// participant, none zero) says what online does.
func sameOnline(snap, online map[string]int) bool {
	n := 0
	for id, k := range online {
		if k <= 0 {
			continue
		}
		if snap[id] != k {
			return false
		}
		n++
	}
	return n == len(snap)
}

// Data returns the snapshot's records, as a Store would hold them.
func (s *Snapshot) Data() *Data {
	return &Data{
		Workshop:     s.Workshop,
		Participants: slices.Clone(s.Participants),
		Notes:        slices.Clone(s.Notes),
		Segments:     slices.Clone(s.Segments),
		Votes:        slices.Clone(s.Votes),
		Picks:        slices.Clone(s.Picks),
		Rejected:     slices.Clone(s.Rejected),
		NextSteps:    slices.Clone(s.NextSteps),
		Earlier:      slices.Clone(s.Earlier),
	}
}

// SnapshotOf builds a snapshot from stored data, for reading a workshop
// without running it (exports from the host's data directory, tests).
func SnapshotOf(d *Data) *Snapshot {
	return newState(d).snapshot(0, nil)
}
