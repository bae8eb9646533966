package session_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"forwhom/session"
)

// The harness drives a real Manager over a MemoryStore, the way the SSH
// layer does: people join with an Identity and act through Conn.Do. Tests
// read what a participant would see through Conn.View, and the whole state
// through Snapshot.

// clock is a fake time source for Options.Now: it only moves when a test
// says so. Safe for the apply loops and the test goroutine at once.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock {
	return &clock{now: time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// workshop is one running workshop with its facilitator connected.
type workshop struct {
	t     testing.TB
	ctx   context.Context
	store *session.MemoryStore
	clock *clock
	m     *session.Manager
	code  string
	fac   *session.Conn
}

// facilitator is who creates every test workshop.
var facilitator = session.Identity{ID: "SHA256:facilitator", Name: "Fran"}

// testLimits are generous: tests that exercise a limit set it themselves.
func testLimits() session.Limits {
	return session.Limits{ParticipantsPerWorkshop: 1000, WorkshopsPerKey: 100, NotesPerParticipant: 60}
}

// newWorkshop creates a workshop titled "Platform team" with the given
// limits (testLimits when omitted) and a fake clock, and joins its
// facilitator. Everything is closed when the test ends.
func newWorkshop(t testing.TB, limits ...session.Limits) *workshop {
	t.Helper()
	lim := testLimits()
	if len(limits) > 0 {
		lim = limits[0]
	}
	w := &workshop{t: t, ctx: context.Background(), store: session.NewMemoryStore(), clock: newClock()}
	w.m = session.NewManager(w.store, session.Options{Limits: lim, Now: w.clock.Now, Templates: w.store})
	t.Cleanup(w.m.Close)
	code, err := w.m.Create(w.ctx, facilitator, "Platform team")
	if err != nil {
		t.Fatalf("creating the workshop: %v", err)
	}
	w.code = code
	w.fac = w.join(facilitator)
	return w
}

// join connects someone to the workshop; the test fails if they are refused.
func (w *workshop) join(who session.Identity) *session.Conn {
	w.t.Helper()
	c, err := w.m.Join(w.ctx, w.code, who)
	if err != nil {
		w.t.Fatalf("%s joining: %v", who.Name, err)
	}
	w.t.Cleanup(c.Close)
	return c
}

// participant joins a participant with a key.
func (w *workshop) participant(id, name string) *session.Conn {
	w.t.Helper()
	return w.join(session.Identity{ID: "SHA256:" + id, Name: name})
}

// guest joins someone without a key.
func (w *workshop) guest(id, name string) *session.Conn {
	w.t.Helper()
	return w.join(session.Identity{ID: "guest:" + id, Name: name, Guest: true})
}

// do runs a command that must be accepted.
func (w *workshop) do(c *session.Conn, cmd session.Command) {
	w.t.Helper()
	if err := c.Do(w.ctx, cmd); err != nil {
		w.t.Fatalf("%s: %T%+v refused: %v", c.ID(), cmd, cmd, err)
	}
}

// refused runs a command that must be refused with the given kind.
func (w *workshop) refused(c *session.Conn, cmd session.Command, kind error) {
	w.t.Helper()
	err := c.Do(w.ctx, cmd)
	if !errors.Is(err, kind) {
		w.t.Fatalf("%s: %T%+v: got error %v, want %v", c.ID(), cmd, cmd, err, kind)
	}
}

// phase moves the room forward, one phase at a time, to p. Moving to Vote
// needs a segment; the test makes one first.
func (w *workshop) phase(p session.Phase) {
	w.t.Helper()
	for cur := w.snap().Workshop.Phase; cur < p; cur++ {
		w.do(w.fac, session.SetPhase{Phase: cur + 1})
	}
	if cur := w.snap().Workshop.Phase; cur > p {
		w.do(w.fac, session.SetPhase{Phase: p})
	}
}

// note adds a note as c and returns its ID.
func (w *workshop) note(c *session.Conn, q session.Question, text string) int64 {
	w.t.Helper()
	w.do(c, session.AddNote{Question: q, Text: text})
	var id int64
	for _, n := range w.snap().Notes {
		if n.Author == c.ID() {
			id = max(id, n.ID)
		}
	}
	return id
}

// segment makes a segment of notes as c and returns its ID.
func (w *workshop) segment(c *session.Conn, name string, notes ...int64) int64 {
	w.t.Helper()
	w.do(c, session.CreateSegment{Name: name, Notes: notes})
	var id int64
	for _, s := range w.snap().Segments {
		id = max(id, s.ID)
	}
	return id
}

// snap is the workshop's whole newest state.
func (w *workshop) snap() *session.Snapshot {
	w.t.Helper()
	s, err := w.m.Snapshot(w.ctx, w.code)
	if err != nil {
		w.t.Fatalf("snapshot: %v", err)
	}
	return s
}

// noteByID finds a note in the whole state.
func (w *workshop) noteByID(id int64) (session.Note, bool) {
	w.t.Helper()
	s := w.snap()
	i := slices.IndexFunc(s.Notes, func(n session.Note) bool { return n.ID == id })
	if i < 0 {
		return session.Note{}, false
	}
	return s.Notes[i], true
}

// person finds a participant, removed or not, in the whole state.
func (w *workshop) person(id string) session.Participant {
	w.t.Helper()
	for _, p := range w.snap().Participants {
		if p.ID == id {
			return p
		}
	}
	w.t.Fatalf("no participant %s", id)
	return session.Participant{}
}

// hasSegment reports whether a segment exists.
func (w *workshop) hasSegment(id int64) bool {
	w.t.Helper()
	return slices.ContainsFunc(w.snap().Segments, func(s session.Segment) bool { return s.ID == id })
}

// dots is how many dots a participant has on a segment.
func (w *workshop) dots(participant string, seg int64) int {
	w.t.Helper()
	for _, v := range w.snap().Votes {
		if v.Participant == participant && v.Segment == seg {
			return v.Dots
		}
	}
	return 0
}

// room is the standard cast and board of the rule tables: a facilitator,
// two participants and a guest, each participant with notes, and from
// Group on two segments with one participant's "who" note in each.
type room struct {
	*workshop
	pat, pia, gus *session.Conn

	patWho, patWho2, piaWho int64 // "who" notes
	patDo, piaValue         int64 // a "do" and a "value" note
	segA, segB              int64 // segA holds patWho, segB piaWho (from Group on)
}

// newRoom builds the standard room in phase p. Notes are written in Answer;
// a Lobby room has been taken back there after answering.
func newRoom(t testing.TB, p session.Phase, limits ...session.Limits) *room {
	t.Helper()
	r := &room{workshop: newWorkshop(t, limits...)}
	r.pat = r.participant("pat", "Pat")
	r.pia = r.participant("pia", "Pia")
	r.gus = r.guest("gus", "Gus")
	r.phase(session.PhaseAnswer)
	r.patWho = r.note(r.pat, session.QuestionWho, "Developers")
	r.patWho2 = r.note(r.pat, session.QuestionWho, "Operators")
	r.piaWho = r.note(r.pia, session.QuestionWho, "Data scientists")
	r.patDo = r.note(r.pat, session.QuestionDo, "Run the CI")
	r.piaValue = r.note(r.pia, session.QuestionValue, "Fast deploys")
	switch {
	case p == session.PhaseLobby:
		r.phase(session.PhaseLobby)
	case p >= session.PhaseGroup:
		r.phase(session.PhaseGroup)
		r.segA = r.segment(r.fac, "Builders", r.patWho)
		r.segB = r.segment(r.fac, "Analysts", r.piaWho)
		r.phase(p)
	}
	if got := r.snap().Workshop.Phase; got != p {
		t.Fatalf("room is in %v, want %v", got, p)
	}
	return r
}

// ruleCase is one row of a rule table: in a room in some phase, someone
// does something, which is accepted (want nil) or refused with want.
type ruleCase struct {
	name   string
	phase  session.Phase
	limits *session.Limits
	prep   func(r *room)                 // more setup, optional
	by     func(r *room) *session.Conn   // who acts (with cmd)
	cmd    func(r *room) session.Command // what they do
	act    func(r *room) error           // or: an action other than a command
	want   error                         // nil: accepted
	check  func(t testing.TB, r *room)   // what must hold afterwards, optional
}

// runRules runs each case in a fresh room.
func runRules(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var r *room
			if tc.limits != nil {
				r = newRoom(t, tc.phase, *tc.limits)
			} else {
				r = newRoom(t, tc.phase)
			}
			if tc.prep != nil {
				tc.prep(r)
			}
			before := r.snap()
			var err error
			what := "the action"
			if tc.act != nil {
				err = tc.act(r)
			} else {
				cmd := tc.cmd(r)
				err, what = tc.by(r).Do(r.ctx, cmd), fmt.Sprintf("%T%+v", cmd, cmd)
			}
			switch {
			case tc.want == nil && err != nil:
				t.Fatalf("%s was refused: %v", what, err)
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Fatalf("%s: got error %v, want %v", what, err, tc.want)
			case tc.want != nil:
				// A refusal changes nothing.
				if after := r.snap(); after.Version != before.Version {
					t.Errorf("a refused action published version %d (was %d)", after.Version, before.Version)
				}
				if err.Error() == "" {
					t.Errorf("refusal %v has no message for the user", tc.want)
				}
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

// Who acts, for the tables.
func byFac(r *room) *session.Conn   { return r.fac }
func byPat(r *room) *session.Conn   { return r.pat }
func byGuest(r *room) *session.Conn { return r.gus }

// cmd wraps a command that needs nothing from the room.
func cmd(c session.Command) func(*room) session.Command {
	return func(*room) session.Command { return c }
}

// otherPhases lists every phase but the given ones.
func otherPhases(allowed ...session.Phase) []session.Phase {
	var out []session.Phase
	for _, p := range session.Phases {
		if !slices.Contains(allowed, p) {
			out = append(out, p)
		}
	}
	return out
}

// tryJoin joins someone as an action of a rule table.
func (w *workshop) tryJoin(code string, who session.Identity) error {
	c, err := w.m.Join(w.ctx, code, who)
	if c != nil {
		w.t.Cleanup(c.Close)
	}
	return err
}

// patNotes lists the IDs of Pat's notes, from the whole snapshot.
func (r *room) patNotes() []int64 {
	var ids []int64
	for _, n := range r.snap().Notes {
		if n.Author == r.pat.ID() {
			ids = append(ids, n.ID)
		}
	}
	return ids
}
