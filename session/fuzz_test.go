package session_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"forwhom/session"
)

// FuzzWorkshop plays a script of commands by a facilitator, three
// participants and a guest through a real Manager over a MemoryStore, and
// after every step checks what must always hold: of the whole state (dots
// within budget, grouping consistent, someone steering) and of every
// participant's projection (ranking, hidden notes, anonymity, removal). Every
// twenty steps, and at the end, the workshop is closed and reopened from the
// store, which must give back exactly what was there.
//
// The seeds in testdata/fuzz/FuzzWorkshop are scripts of whole workshops;
// they run as ordinary tests.
//
// A script is bytes, read as steps. Each step is an actor, a command and the
// command's arguments:
//
//	actor    0 facilitator, 1 Pat, 2 Pia, 3 Pete, 4 the guest Gus
//	command  a letter from fuzzCommands, or Z to close and reopen the
//	         workshop (any other byte picks one by value)
//	numbers  one byte each: a digit is its value, other bytes count modulo
//	         the range
//	notes    0 none, n the n-th note that exists (by ID) or, beyond those,
//	         the ID n itself; 15 (a byte, not a digit) is -1
//	segments the same over the segments that exist, with 9 for -1
//	text     the bytes up to a newline
//
// Spaces and newlines between steps are skipped, so a seed reads as
// "0P1 1a2Developers\n": the facilitator opens Answer, Pat writes a "who"
// note.
func FuzzWorkshop(f *testing.F) {
	f.Fuzz(func(t *testing.T, script []byte) {
		r := newFuzzRoom(t)
		sc := &fuzzScript{b: script}
		for step := 1; step <= maxFuzzSteps && sc.more(); step++ {
			if sc.skipSpace() {
				break
			}
			actor := sc.num(len(fuzzCast))
			op := sc.command()
			if op.key == 'Z' {
				r.reopen()
				continue
			}
			cmd := op.build(sc, r.last)
			r.do(actor, cmd)
			if step%20 == 0 {
				r.reopen()
			}
		}
		r.reopen()
	})
}

// maxFuzzSteps bounds one script, so a long input cannot stall the fuzzer.
const maxFuzzSteps = 400

// fuzzCast is who takes part, by actor number.
var fuzzCast = []session.Identity{
	{ID: "SHA256:fran", Name: "Fran"},
	{ID: "SHA256:pat", Name: "Pat"},
	{ID: "SHA256:pia", Name: "Pia"},
	{ID: "SHA256:pete", Name: "Pete"},
	{ID: "guest:gus", Name: "Gus", Guest: true},
}

// fuzzScript reads a script's bytes. Reading past the end gives zeros, so
// every step a script starts is complete.
type fuzzScript struct {
	b []byte
	i int
}

func (s *fuzzScript) more() bool { return s.i < len(s.b) }

// skipSpace skips the spaces and newlines between steps; it reports whether
// the script ended.
func (s *fuzzScript) skipSpace() bool {
	for s.more() && (s.b[s.i] == ' ' || s.b[s.i] == '\n') {
		s.i++
	}
	return !s.more()
}

func (s *fuzzScript) byte() byte {
	if !s.more() {
		return 0
	}
	c := s.b[s.i]
	s.i++
	return c
}

// num reads a number in [0, n): a digit is its own value.
func (s *fuzzScript) num(n int) int {
	c := s.byte()
	if c >= '0' && c <= '9' {
		return int(c-'0') % n
	}
	return int(c) % n
}

// flag reads a boolean: '1' is true, '0' false.
func (s *fuzzScript) flag() bool { return s.byte()&1 == 1 }

// text reads the bytes up to a newline, as they are: escapes, invalid UTF-8
// and all. It is capped above the longest note, so cutting is exercised.
func (s *fuzzScript) text() string {
	start := s.i
	for s.more() && s.b[s.i] != '\n' && s.i-start < 2*session.MaxNoteLen {
		s.i++
	}
	t := string(s.b[start:s.i])
	if s.more() && s.b[s.i] == '\n' {
		s.i++
	}
	return t
}

// pick reads a reference to one of ids: 0 is none, 1..len(ids) the n-th,
// anything else the number itself, and the top of the range -1.
func (s *fuzzScript) pick(ids []int64, n int) int64 {
	v := s.num(n)
	switch {
	case v == n-1:
		return -1
	case v >= 1 && v <= len(ids):
		return ids[v-1]
	}
	return int64(v)
}

func (s *fuzzScript) note(snap *session.Snapshot) int64 {
	ids := make([]int64, len(snap.Notes))
	for i, n := range snap.Notes {
		ids[i] = n.ID
	}
	return s.pick(ids, 16)
}

func (s *fuzzScript) segment(snap *session.Snapshot) int64 {
	ids := make([]int64, len(snap.Segments))
	for i, seg := range snap.Segments {
		ids[i] = seg.ID
	}
	slices.Sort(ids)
	return s.pick(ids, 10)
}

func (s *fuzzScript) step(snap *session.Snapshot) int64 {
	ids := make([]int64, len(snap.NextSteps))
	for i, st := range snap.NextSteps {
		ids[i] = st.ID
	}
	return s.pick(ids, 10)
}

// due reads a due date: a digit picks a day (0 none, 9 not a date), any
// other byte starts a text up to a newline.
func (s *fuzzScript) due() string {
	if !s.more() {
		return ""
	}
	c := s.byte()
	switch {
	case c == '0':
		return ""
	case c == '9':
		return "2026-02-30"
	case c >= '1' && c <= '8':
		return fmt.Sprintf("2026-0%c-1%c", c, c)
	}
	s.i--
	return s.text()
}

// who reads a participant ID: the cast, someone unknown, or nobody.
func (s *fuzzScript) who() string {
	v := s.num(len(fuzzCast) + 2)
	switch {
	case v < len(fuzzCast):
		return fuzzCast[v].ID
	case v == len(fuzzCast):
		return "SHA256:stranger"
	}
	return ""
}

// minutes reads a timer: a digit is that many 5-minute steps, any other
// byte a signed number of them (beyond MaxTimer either way).
func (s *fuzzScript) minutes() time.Duration {
	c := s.byte()
	if c >= '0' && c <= '9' {
		return time.Duration(c-'0') * 5 * time.Minute
	}
	return time.Duration(int8(c)) * 5 * time.Minute
}

// command reads which command comes next.
func (s *fuzzScript) command() fuzzCommand {
	c := s.byte()
	for _, op := range fuzzCommands {
		if op.key == c {
			return op
		}
	}
	return fuzzCommands[int(c)%len(fuzzCommands)]
}

// fuzzCommand is one command a script can name, by its letter.
type fuzzCommand struct {
	key   byte
	build func(s *fuzzScript, snap *session.Snapshot) session.Command
}

// fuzzCommands covers every command, plus Z: close and reopen the workshop.
var fuzzCommands = []fuzzCommand{
	{'a', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		q := session.Question(s.num(4)) // 3 is no question
		return session.AddNote{Question: q, Text: s.text()}
	}},
	{'e', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		n := s.note(snap)
		return session.EditNote{Note: n, Text: s.text()}
	}},
	{'d', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		return session.DeleteNote{Note: s.note(snap)}
	}},
	{'s', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		notes := make([]int64, s.num(4))
		for i := range notes {
			notes[i] = s.note(snap)
		}
		return session.CreateSegment{Notes: notes, Name: s.text()}
	}},
	{'m', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		n := s.note(snap)
		return session.MoveNote{Note: n, Segment: s.segment(snap)}
	}},
	{'r', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		seg := s.segment(snap)
		return session.RenameSegment{Segment: seg, Name: s.text()}
	}},
	{'g', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		from := s.segment(snap)
		return session.MergeSegments{From: from, Into: s.segment(snap)}
	}},
	{'t', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		n := s.note(snap)
		return session.AttachNote{Note: n, Segment: s.segment(snap)}
	}},
	{'L', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		return session.LockGrouping{Locked: s.flag()}
	}},
	{'V', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		budget := s.num(session.MaxDotBudget + 3)
		return session.SetVoteSettings{Budget: budget, MaxPerSegment: s.num(session.MaxDotBudget + 3)}
	}},
	{'c', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		return session.CastDot{Segment: s.segment(snap)}
	}},
	{'x', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		return session.RetractDot{Segment: s.segment(snap)}
	}},
	{'R', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		return session.RevealVotes{Revealed: s.flag()}
	}},
	{'i', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		l := session.Lens(s.num(4)) // 3 is no lens
		return session.PickInsight{Lens: l, Segment: s.segment(snap)}
	}},
	{'P', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		p := s.num(9) // 7 is no phase, 8 stands for -1
		if p == 8 {
			p = -1
		}
		return session.SetPhase{Phase: session.Phase(p)}
	}},
	{'T', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		return session.SetTimer{Duration: s.minutes()}
	}},
	{'A', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		return session.SetAnonymous{Anonymous: s.flag()}
	}},
	{'H', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		return session.SetHideNotes{Hidden: s.flag()}
	}},
	{'W', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		return session.Retitle{Title: s.text()}
	}},
	{'X', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		return session.RemoveParticipant{Participant: s.who()}
	}},
	{'O', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		who := s.who()
		return session.SetRole{Participant: who, Role: session.Role(s.num(3))} // 2 is no role
	}},
	{'h', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		return session.HandOver{Participant: s.who()}
	}},
	{'n', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		return session.Rename{Name: s.text()}
	}},
	{'y', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		return session.SetReady{Ready: s.flag()}
	}},
	{'I', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		// Two equal answers: suggestions to accept and reject.
		q := session.Question(s.num(4)) // 3 is no question
		text := s.text()
		return session.ImportNotes{Source: "survey", Answers: []session.ImportedAnswer{
			{Line: 2, Question: q, Text: text}, {Line: 3, Question: q, Text: text}}}
	}},
	{'G', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		list := snap.Suggestions()
		if k := s.num(len(list) + 1); k < len(list) {
			sg := list[k]
			sg.Name = s.text()
			return session.AcceptSuggestion{Suggestion: sg}
		}
		return session.AcceptAllSuggestions{Suggestions: list}
	}},
	{'J', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		list := snap.Suggestions()
		if k := s.num(len(list) + 1); k < len(list) {
			return session.RejectSuggestion{Key: list[k].Key}
		}
		return session.RejectSuggestion{Key: s.text()}
	}},
	{'S', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		return session.Spotlight{Segment: s.segment(snap)}
	}},
	{'k', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		seg := s.segment(snap)
		return session.SetSegmentType{Segment: seg, Type: session.CustomerType(s.num(9) - 1)} // -1 and 7 are no type
	}},
	{'o', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		seg := s.segment(snap)
		return session.SetSegmentRole{Segment: seg, Role: session.SegmentRole(s.num(6) - 1)} // -1 and 4 are no role
	}},
	{'B', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		return session.SetTimeBox{Duration: s.minutes()}
	}},
	{'w', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		return session.SetOpenWho{Open: s.flag()}
	}},
	{'N', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		seg := s.segment(snap)
		kind := session.StepKind(s.num(6) - 1) // -1 and 4 are no kind
		return session.AddNextStep{Segment: seg, Kind: kind, Text: s.text(), Owner: s.text(), Due: s.due()}
	}},
	{'E', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		step := s.step(snap)
		kind := session.StepKind(s.num(6) - 1)
		return session.EditNextStep{Step: step, Kind: kind, Text: s.text(), Owner: s.text(), Due: s.due()}
	}},
	{'D', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		return session.DeleteNextStep{Step: s.step(snap)}
	}},
	{'Q', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		defs := make([]session.QuestionDef, s.num(7)) // 0, 1 and 6 are too few or many
		for i := range defs {
			defs[i] = session.QuestionDef{Short: s.text(), Prompt: s.text()}
		}
		return session.SetQuestions{Questions: defs, Who: s.num(7) - 1}
	}},
	{'Y', func(s *fuzzScript, _ *session.Snapshot) session.Command {
		all := session.BuiltInTemplates()
		return session.ApplyTemplate{Template: all[s.num(len(all))]}
	}},
	{'u', func(s *fuzzScript, snap *session.Snapshot) session.Command {
		return session.ReviewEarlier{Segment: s.segment(snap), Status: session.Review(s.num(5))} // 4 is no review
	}},
	{'Z', nil},
}

// refusalKinds are the kinds every refusal must match one of.
var refusalKinds = []error{
	session.ErrNotFacilitator, session.ErrWrongPhase, session.ErrNotYours, session.ErrNotFound,
	session.ErrInvalid, session.ErrNoDotsLeft, session.ErrSegmentCap, session.ErrBudgetBelowSpent,
	session.ErrGroupingLocked, session.ErrRemoved, session.ErrGuest, session.ErrLimit,
	session.ErrTooFast, session.ErrLastFacilitator,
}

// fuzzRoom is the workshop a script plays in.
type fuzzRoom struct {
	t     *testing.T
	ctx   context.Context
	store *session.MemoryStore
	clock *clock
	opts  session.Options
	m     *session.Manager
	code  string
	conns []*session.Conn // by actor; nil for someone removed after a reopen
	last  *session.Snapshot

	// anonymous holds the notes that have existed while the workshop was
	// anonymous: their authors must never be shown.
	anonymous map[int64]bool
	clean     map[fuzzText]bool // texts checkText passed
}

func newFuzzRoom(t *testing.T) *fuzzRoom {
	r := &fuzzRoom{
		t:         t,
		ctx:       context.Background(),
		store:     session.NewMemoryStore(),
		clock:     newClock(),
		conns:     make([]*session.Conn, len(fuzzCast)),
		anonymous: map[int64]bool{},
		clean:     map[fuzzText]bool{},
	}
	// No rate limit: the clock stands still, and scripts are about rules.
	r.opts = session.Options{Limits: testLimits(), Now: r.clock.Now}
	r.m = session.NewManager(r.store, r.opts)
	t.Cleanup(func() { r.m.Close() })
	code, err := r.m.Create(r.ctx, fuzzCast[0], "Platform team")
	if err != nil {
		t.Fatalf("creating the workshop: %v", err)
	}
	r.code = code
	r.joinAll()
	r.check(func() string { return "everyone joined" })
	return r
}

// joinAll connects the cast; someone removed must be refused.
func (r *fuzzRoom) joinAll() {
	t := r.t
	snap := r.snapshot()
	for i, who := range fuzzCast {
		c, err := r.m.Join(r.ctx, r.code, who)
		removed := slices.ContainsFunc(snap.Participants, func(p session.Participant) bool { return p.ID == who.ID && p.Removed })
		switch {
		case removed && !errors.Is(err, session.ErrRemoved):
			t.Fatalf("%s, who was removed, joined again: %v", who.Name, err)
		case !removed && err != nil:
			t.Fatalf("%s joining: %v", who.Name, err)
		}
		r.conns[i] = c
	}
}

func (r *fuzzRoom) snapshot() *session.Snapshot {
	s, err := r.m.Snapshot(r.ctx, r.code)
	if err != nil {
		r.t.Fatalf("snapshot: %v", err)
	}
	return s
}

// do runs one command as an actor and checks the workshop afterwards.
func (r *fuzzRoom) do(actor int, cmd session.Command) {
	t := r.t
	c := r.conns[actor]
	if c == nil {
		return // removed, and not let back in
	}
	before := r.last
	err := c.Do(r.ctx, cmd)
	if err != nil {
		if err.Error() == "" {
			t.Fatalf("%s: %T%+v was refused without a message", fuzzCast[actor].Name, cmd, cmd)
		}
		if !slices.ContainsFunc(refusalKinds, func(k error) bool { return errors.Is(err, k) }) {
			t.Fatalf("%s: %T%+v was refused with %q, which is no kind of refusal", fuzzCast[actor].Name, cmd, cmd, err)
		}
	}
	r.check(func() string { return fmt.Sprintf("%s: %T%+v (error: %v)", fuzzCast[actor].Name, cmd, cmd, err) })
	if err != nil && r.last.Version != before.Version {
		t.Fatalf("%s: %T%+v was refused (%v) but published version %d (was %d)",
			fuzzCast[actor].Name, cmd, cmd, err, r.last.Version, before.Version)
	}
}

// reopen closes the manager and opens the workshop again from the store:
// the state must come back exactly as it was.
func (r *fuzzRoom) reopen() {
	t := r.t
	want := r.snapshot().Data()
	for _, c := range r.conns {
		if c != nil {
			c.Close()
		}
	}
	r.m.Close()
	r.m = session.NewManager(r.store, r.opts)
	got := r.snapshot().Data()
	compareData(t, want, got)
	r.joinAll()
	compareData(t, want, r.snapshot().Data())
	if t.Failed() {
		t.FailNow()
	}
	r.check(func() string { return "reopening" })
}

// check asserts every invariant of the newest state and of every
// participant's view of it after a step, and keeps the state for the next.
func (r *fuzzRoom) check(after func() string) {
	t := r.t
	s := r.snapshot()
	r.last = s
	r.checkState(s)
	r.checkAnonymity(s)
	for i, who := range fuzzCast {
		var v *session.View
		if c := r.conns[i]; c != nil {
			v = c.View()
		} else {
			v = s.ViewFor(who.ID)
		}
		checkView(t, s, who.ID, v)
	}
	if t.Failed() {
		t.Fatalf("after %s", after())
	}
}

// checkAnonymity: once a note has existed in an anonymous workshop, the
// workshop stays anonymous while the note exists.
func (r *fuzzRoom) checkAnonymity(s *session.Snapshot) {
	exists := map[int64]bool{}
	for _, n := range s.Notes {
		exists[n.ID] = true
		if s.Workshop.Settings.Anonymous {
			r.anonymous[n.ID] = true
		} else if r.anonymous[n.ID] {
			r.t.Errorf("note %d was written anonymously, but the workshop is no longer anonymous", n.ID)
		}
	}
	for id := range r.anonymous {
		if !exists[id] {
			delete(r.anonymous, id)
		}
	}
}

// checkState asserts what must hold of a workshop's whole state.
func (r *fuzzRoom) checkState(s *session.Snapshot) {
	t, now, limits, checkText := r.t, r.clock.Now(), r.opts.Limits, r.checkText
	w := s.Workshop
	set := w.Settings
	if !w.Phase.Valid() {
		t.Errorf("the workshop is in %v", w.Phase)
	}
	checkText("the title", w.Title, session.MaxTitleLen)
	if set.DotBudget < 1 || set.DotBudget > session.MaxDotBudget || set.MaxPerSegment < 1 || set.MaxPerSegment > set.DotBudget {
		t.Errorf("vote settings out of bounds: budget %d, at most %d per segment", set.DotBudget, set.MaxPerSegment)
	}
	if d := set.TimerDeadline; !d.IsZero() && (!d.After(now) || d.After(now.Add(session.MaxTimer))) {
		t.Errorf("the timer ends at %v, now is %v", d, now)
	}

	people := map[string]session.Participant{}
	facilitators := 0
	for _, p := range s.Participants {
		if _, dup := people[p.ID]; dup {
			t.Errorf("participant %s is listed twice", p.ID)
		}
		people[p.ID] = p
		checkText("a name", p.Name, session.MaxNameLen)
		if p.Facilitator() {
			facilitators++
		}
		if p.Guest && p.Role == session.RoleFacilitator {
			t.Errorf("guest %s is a facilitator", p.ID)
		}
		if p.Removed && (p.Role != session.RoleParticipant || p.Ready) {
			t.Errorf("removed participant %s still has role %v, ready %v", p.ID, p.Role, p.Ready)
		}
	}
	if facilitators == 0 {
		t.Errorf("nobody facilitates the workshop: %+v", s.Participants)
	}

	segs := map[int64]session.Segment{}
	positions := map[int]bool{}
	for _, seg := range s.Segments {
		if seg.ID <= 0 {
			t.Errorf("segment %d has no valid ID", seg.ID)
		}
		if _, dup := segs[seg.ID]; dup {
			t.Errorf("segment %d is listed twice", seg.ID)
		}
		if positions[seg.Position] {
			t.Errorf("segment %d shares position %d", seg.ID, seg.Position)
		}
		segs[seg.ID], positions[seg.Position] = seg, true
		checkText("a segment name", seg.Name, session.MaxSegmentLen)
	}

	who := map[int64]int{}
	notesBy := map[string]int{}
	var prev int64
	for _, n := range s.Notes {
		if n.ID <= prev {
			t.Errorf("note IDs are not ascending and unique: %d after %d", n.ID, prev)
		}
		prev = n.ID
		if !s.Workshop.Questions.Valid(n.Question) {
			t.Errorf("note %d answers %v", n.ID, n.Question)
		}
		checkText("a note", n.Text, session.MaxNoteLen)
		if n.Source != "" {
			// Imported: nobody's, marked with where it came from.
			if n.Author != "" {
				t.Errorf("imported note %d is by %q", n.ID, n.Author)
			}
			checkText("a note's source", n.Source, session.MaxSourceLen)
		} else if _, ok := people[n.Author]; !ok {
			t.Errorf("note %d is by %q, who is not in the workshop", n.ID, n.Author)
		} else {
			notesBy[n.Author]++
		}
		if n.Segment == 0 {
			continue
		}
		if _, ok := segs[n.Segment]; !ok {
			t.Errorf("note %d is in segment %d, which does not exist", n.ID, n.Segment)
		}
		if s.Workshop.Questions.IsWho(n.Question) {
			who[n.Segment]++
		}
	}
	for id, n := range notesBy {
		if max := limits.NotesPerParticipant; max > 0 && n > max {
			t.Errorf("%s wrote %d notes, more than the limit of %d", id, n, max)
		}
	}
	for _, seg := range s.Segments {
		if who[seg.ID] == 0 {
			t.Errorf("segment %d (%q) has no \"who\" note", seg.ID, seg.Name)
		}
	}

	spent := map[string]int{}
	for _, v := range s.Votes {
		if p, ok := people[v.Participant]; !ok || p.Removed {
			t.Errorf("%d dots on segment %d by %q, who is not (or no longer) in the workshop", v.Dots, v.Segment, v.Participant)
		}
		if _, ok := segs[v.Segment]; !ok {
			t.Errorf("%s has %d dots on segment %d, which does not exist", v.Participant, v.Dots, v.Segment)
		}
		if v.Dots < 1 || v.Dots > set.MaxPerSegment {
			t.Errorf("%s has %d dots on segment %d; at most %d are allowed", v.Participant, v.Dots, v.Segment, set.MaxPerSegment)
		}
		spent[v.Participant] += v.Dots
	}
	for id, n := range spent {
		if n > set.DotBudget {
			t.Errorf("%s placed %d dots, more than the budget of %d", id, n, set.DotBudget)
		}
	}
	if tb := set.TimeBox; tb < 0 || tb > session.MaxTimer {
		t.Errorf("the time box is %v", tb)
	}
	for _, seg := range s.Segments {
		if !seg.Type.Valid() || !seg.Role.Valid() {
			t.Errorf("segment %d is %v, %v", seg.ID, seg.Type, seg.Role)
		}
	}
	stepsBy, stepsIn := map[string]int{}, map[int64]int{}
	prev = 0
	for _, st := range s.NextSteps {
		if st.ID <= prev {
			t.Errorf("next step IDs are not ascending and unique: %d after %d", st.ID, prev)
		}
		prev = st.ID
		if _, ok := segs[st.Segment]; !ok {
			t.Errorf("next step %d is for segment %d, which does not exist", st.ID, st.Segment)
		}
		if _, ok := people[st.Author]; !ok {
			t.Errorf("next step %d is by %q, who is not in the workshop", st.ID, st.Author)
		}
		if !st.Kind.Valid() {
			t.Errorf("next step %d is of kind %v", st.ID, st.Kind)
		}
		checkText("a next step", st.Text, session.MaxNoteLen)
		if st.Owner != "" {
			checkText("a next step's owner", st.Owner, session.MaxNameLen)
		}
		if d, err := session.ParseDue(st.Due); err != nil || d != st.Due {
			t.Errorf("next step %d is due %q", st.ID, st.Due)
		}
		if st.OwnerID != "" && people[st.OwnerID].ID == "" {
			t.Errorf("next step %d is owned by %q, who is not in the workshop", st.ID, st.OwnerID)
		}
		stepsBy[st.Author]++
		stepsIn[st.Segment]++
	}
	for id, n := range stepsBy {
		if max := limits.NotesPerParticipant; max > 0 && n > max {
			t.Errorf("%s wrote %d next steps, more than the limit of %d", id, n, max)
		}
	}
	for seg, n := range stepsIn {
		// A merge keeps both segments' steps: twice the cap at most per
		// merge, bounded by what everyone may write.
		if max := limits.NotesPerParticipant * len(fuzzCast); max > 0 && n > max {
			t.Errorf("segment %d has %d next steps", seg, n)
		}
	}
	for _, p := range s.Picks {
		if q, ok := people[p.Participant]; !ok || q.Removed {
			t.Errorf("pick of segment %d by %q, who is not (or no longer) in the workshop", p.Segment, p.Participant)
		}
		if !p.Lens.Valid() {
			t.Errorf("%s picked for %v", p.Participant, p.Lens)
		}
		if _, ok := segs[p.Segment]; !ok {
			t.Errorf("%s picked segment %d for %v, which does not exist", p.Participant, p.Segment, p.Lens)
		}
	}
}

// rankOrder is the order of the prioritized list, stated apart from
// SortRanked so the two can be checked against each other: most votes
// first, then most "who" notes, then by name, then by creation.
func rankOrder(a, b session.SegmentView) int {
	return cmp.Or(
		cmp.Compare(b.Votes, a.Votes),
		cmp.Compare(len(b.Notes), len(a.Notes)),
		cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)),
		cmp.Compare(a.Name, b.Name),
		cmp.Compare(a.Position, b.Position),
	)
}

// checkText asserts that a stored text went through Sanitize. Texts seen
// before are not checked again: Sanitize is the most costly check.
func (r *fuzzRoom) checkText(what, s string, limit int) {
	k := fuzzText{s, limit}
	if r.clean[k] {
		return
	}
	if s == "" || session.Sanitize(s, limit) != s {
		r.t.Errorf("%s is not sanitized text: %q", what, s)
		return
	}
	r.clean[k] = true
}

type fuzzText struct {
	s     string
	limit int
}

// checkView asserts what must hold of one participant's projection.
func checkView(t *testing.T, s *session.Snapshot, id string, v *session.View) {
	w := s.Workshop
	if v.Version != s.Version {
		t.Errorf("%s's view is of version %d, the state of %d", id, v.Version, s.Version)
	}
	var me session.Participant
	for _, p := range s.Participants {
		if p.ID == id {
			me = p
		}
	}
	if me.ID == "" || me.Removed {
		if len(v.Notes) > 0 || len(v.Segments) > 0 || len(v.People) > 0 || v.NoteCounts != [session.MaxQuestions]int{} {
			t.Errorf("%s is not in the workshop but sees %d notes, %d segments, %d people, counts %v",
				id, len(v.Notes), len(v.Segments), len(v.People), v.NoteCounts)
		}
		return
	}

	// People: everyone not removed, in join order.
	var want []string
	for _, p := range s.Participants {
		if !p.Removed {
			want = append(want, p.ID)
		}
	}
	var got []string
	for _, p := range v.People {
		got = append(got, p.ID)
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s sees people %v, want %v", id, got, want)
	}

	// Notes: nothing hidden leaks, no author in an anonymous workshop.
	notes := map[int64]session.Note{}
	var counts [session.MaxQuestions]int
	var own []int64
	for _, n := range s.Notes {
		notes[n.ID] = n
		counts[n.Question]++
		if n.Author == id {
			own = append(own, n.ID)
		}
		if v.Mine(n.ID) != (n.Author == id) {
			t.Errorf("%s's view says note %d (by %s) is theirs: %v", id, n.ID, n.Author, v.Mine(n.ID))
		}
	}
	if v.NoteCounts != counts {
		t.Errorf("%s sees note counts %v, want %v", id, v.NoteCounts, counts)
	}
	hidden := w.Phase <= session.PhaseAnswer && w.Settings.HideNotes
	for _, nv := range allNotes(v) {
		n, ok := notes[nv.ID]
		switch {
		case !ok:
			t.Errorf("%s sees note %d, which does not exist", id, nv.ID)
			continue
		case nv.Text != n.Text || nv.Question != n.Question || nv.Segment != n.Segment:
			t.Errorf("%s sees note %d as %+v, but it is %+v", id, nv.ID, nv.Note, n)
		case hidden && n.Author != id:
			t.Errorf("%s sees note %d by %s while others' notes are hidden (phase %v)", id, n.ID, n.Author, w.Phase)
		}
		if w.Settings.Anonymous {
			if nv.Author != "" || nv.AuthorName != "" {
				t.Errorf("%s sees the author of note %d (%q, %q) in an anonymous workshop", id, nv.ID, nv.Author, nv.AuthorName)
			}
		} else if nv.Author != n.Author {
			t.Errorf("%s sees note %d by %q, but %s wrote it", id, nv.ID, nv.Author, n.Author)
		}
	}
	var seen []int64
	for _, nv := range v.Notes {
		seen = append(seen, nv.ID)
	}
	if w.Settings.Anonymous {
		slices.Sort(seen) // listed by text, which tells nothing of who wrote first
	}
	if hidden && !slices.Equal(seen, own) {
		t.Errorf("%s sees notes %v while notes are hidden; their own are %v", id, seen, own)
	}
	if !hidden && len(v.Notes) != len(s.Notes) {
		t.Errorf("%s sees %d of %d notes while nothing is hidden", id, len(v.Notes), len(s.Notes))
	}

	// Discuss: the spotlight is the workshop's, or the top-ranked segment;
	// every next step is shown once, under its segment, authors hidden
	// in an anonymous workshop.
	if want := w.Spotlight; !v.TotalsVisible || len(v.Segments) == 0 {
		if v.Spotlight != 0 {
			t.Errorf("%s sees segment %d in the spotlight while totals are hidden (it would tell the leader)", id, v.Spotlight)
		}
	} else {
		if !slices.ContainsFunc(s.Segments, func(g session.Segment) bool { return g.ID == want }) || want == 0 {
			want = v.Segments[0].ID
		}
		if v.Spotlight != want {
			t.Errorf("%s sees segment %d in the spotlight, want %d", id, v.Spotlight, want)
		}
	}
	stepsShown := 0
	for _, sv := range v.Segments {
		for _, st := range sv.NextSteps {
			stepsShown++
			if st.Segment != sv.ID {
				t.Errorf("%s sees next step %d of segment %d under segment %d", id, st.ID, st.Segment, sv.ID)
			}
			if w.Settings.Anonymous && st.Author != "" {
				t.Errorf("%s sees the author of next step %d in an anonymous workshop", id, st.ID)
			}
		}
	}
	if stepsShown != len(s.NextSteps) {
		t.Errorf("%s sees %d of %d next steps", id, stepsShown, len(s.NextSteps))
	}

	// Dots.
	mine := map[int64]int{}
	spent := 0
	totals := map[int64]int{}
	voters := map[int64]int{}
	for _, vote := range s.Votes {
		totals[vote.Segment] += vote.Dots
		voters[vote.Segment]++
		if vote.Participant == id {
			mine[vote.Segment] = vote.Dots
			spent += vote.Dots
		}
	}
	if want := max(0, w.Settings.DotBudget-spent); v.DotsLeft != want {
		t.Errorf("%s has %d dots left, want %d", id, v.DotsLeft, want)
	}

	// Segments: ranked when totals are visible, in creation order with no
	// totals when not.
	visible := (w.Settings.VotesRevealed && w.Phase >= session.PhaseVote) || w.Phase >= session.PhasePrioritize
	if v.TotalsVisible != visible || s.TotalsVisible() != visible {
		t.Errorf("%s's view says totals visible %v, the snapshot %v; revealed %v in %v",
			id, v.TotalsVisible, s.TotalsVisible(), w.Settings.VotesRevealed, w.Phase)
	}
	if len(v.Segments) != len(s.Segments) {
		t.Fatalf("%s sees %d of %d segments", id, len(v.Segments), len(s.Segments))
	}
	who := map[int64]int{}
	for _, n := range s.Notes {
		if s.Workshop.Questions.IsWho(n.Question) && n.Segment != 0 {
			who[n.Segment]++
		}
	}
	oracle := make([]session.SegmentView, len(s.Segments))
	for i, seg := range s.Segments {
		oracle[i] = session.SegmentView{Segment: seg, Votes: totals[seg.ID], Notes: make([]session.NoteView, who[seg.ID])}
	}
	if visible {
		slices.SortStableFunc(oracle, rankOrder)
	}
	for i, sv := range v.Segments {
		if sv.ID != oracle[i].ID || sv.Segment != oracle[i].Segment {
			t.Errorf("%s sees segment %+v at place %d, want %+v (totals visible %v)", id, sv.Segment, i+1, oracle[i].Segment, visible)
		}
		// Ranked as standings are: a place, or the place of the first of
		// the segments with as many votes, which are tied.
		wantRank, tied := i+1, false
		if visible {
			for j := range oracle {
				if oracle[j].Votes == oracle[i].Votes {
					if wantRank == i+1 && j < i {
						wantRank = j + 1
					}
					tied = tied || j != i
				}
			}
		}
		if sv.Rank != wantRank || sv.Tied != tied {
			t.Errorf("%s sees segment %d ranked %d (tied %v) at place %d, want %d (tied %v)", id, sv.ID, sv.Rank, sv.Tied, i+1, wantRank, tied)
		}
		if sv.MyDots != mine[sv.ID] {
			t.Errorf("%s sees %d of their dots on segment %d, want %d", id, sv.MyDots, sv.ID, mine[sv.ID])
		}
		for _, n := range sv.Notes {
			if !s.Workshop.Questions.IsWho(n.Question) || n.Segment != sv.ID {
				t.Errorf("%s sees note %d (%v, segment %d) as a member of segment %d", id, n.ID, n.Question, n.Segment, sv.ID)
			}
		}
		for _, n := range sv.Attached {
			if s.Workshop.Questions.IsWho(n.Question) || n.Segment != sv.ID {
				t.Errorf("%s sees note %d (%v, segment %d) attached to segment %d", id, n.ID, n.Question, n.Segment, sv.ID)
			}
		}
		if !hidden && len(sv.Notes) != who[sv.ID] {
			t.Errorf("%s sees %d notes in segment %d, which holds %d", id, len(sv.Notes), sv.ID, who[sv.ID])
		}
		if visible {
			if sv.Votes != totals[sv.ID] || sv.Voters != voters[sv.ID] {
				t.Errorf("%s sees %d votes from %d voters on segment %d, want %d from %d",
					id, sv.Votes, sv.Voters, sv.ID, totals[sv.ID], voters[sv.ID])
			}
			if i > 0 && sv.Votes > v.Segments[i-1].Votes {
				t.Errorf("%s sees segment %d (%d votes) ranked below segment %d (%d votes)",
					id, sv.ID, sv.Votes, v.Segments[i-1].ID, v.Segments[i-1].Votes)
			}
		} else if sv.Votes != 0 || sv.Voters != 0 || len(sv.Marks) != 0 {
			t.Errorf("%s sees %d votes, %d voters, marks %v on segment %d before totals are visible",
				id, sv.Votes, sv.Voters, sv.Marks, sv.ID)
		}
	}
	// While notes are hidden (back in Answer after votes were revealed) the
	// view keeps the room's ranking, which counts notes the viewer cannot
	// see, so SortRanked over the viewer's own notes may break ties
	// differently: the order there is checked against the room's only.
	if visible && !hidden {
		ranked := slices.Clone(v.Segments)
		session.SortRanked(ranked)
		for i := range ranked {
			if ranked[i].ID != v.Segments[i].ID {
				t.Errorf("%s's segments are not in SortRanked order: %d at place %d, want %d", id, v.Segments[i].ID, i+1, ranked[i].ID)
				break
			}
		}
	}

	// Insights: the viewer's own picks; no winner while totals are hidden.
	picks := map[session.Lens]int64{}
	for _, p := range s.Picks {
		if p.Participant == id {
			picks[p.Lens] = p.Segment
		}
	}
	for _, l := range session.Lenses {
		in := v.Insights[l]
		if in.Mine != picks[l] {
			t.Errorf("%s's pick for %v is %d, want %d", id, l, in.Mine, picks[l])
		}
		if !visible && len(in.Leaders) != 0 {
			t.Errorf("%s sees segments %v leading %v before totals are visible", id, in.Leaders, l)
		}
	}
}
