package session_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"forwhom/session"
)

// TestConcurrentWorkshop runs a 200-person workshop where everyone acts at
// once — joining, writing, grouping, voting and picking — and checks that
// the state that comes out is consistent, that each participant's own
// commands were judged exactly as the rules say, and that the workshop
// reloads from its store exactly as it was.
func TestConcurrentWorkshop(t *testing.T) {
	const people = 200
	w := newWorkshop(t)
	ctx := w.ctx

	// everyone runs f at once, one goroutine per participant, and the test
	// fails with the first error any of them reports.
	everyone := func(f func(i int) error) {
		t.Helper()
		var wg sync.WaitGroup
		errs := make(chan error, people)
		for i := range people {
			wg.Go(func() {
				if err := f(i); err != nil {
					errs <- fmt.Errorf("participant %d: %w", i, err)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}

	conns := make([]*session.Conn, people)
	everyone(func(i int) error {
		c, err := w.m.Join(ctx, w.code, session.Identity{ID: fmt.Sprintf("SHA256:p%03d", i), Name: fmt.Sprintf("Person %d", i)})
		conns[i] = c
		return err
	})
	for _, c := range conns {
		t.Cleanup(c.Close)
	}
	if n := len(w.snap().Participants); n != people+1 {
		t.Fatalf("%d participants joined, want %d", n, people+1)
	}

	// Answer: three notes each, all at once.
	w.phase(answer)
	everyone(func(i int) error {
		for _, q := range session.Questions {
			if err := conns[i].Do(ctx, session.AddNote{Question: q, Text: fmt.Sprintf("%v from %d", q, i)}); err != nil {
				return err
			}
		}
		return nil
	})
	snap := w.snap()
	if len(snap.Notes) != 3*people {
		t.Fatalf("%d notes, want %d", len(snap.Notes), 3*people)
	}
	whoOf := map[string]int64{} // participant → their "who" note
	doOf := map[string]int64{}
	for i, n := range snap.Notes {
		if n.ID != int64(i+1) {
			t.Fatalf("note IDs are not 1..%d: note %d has ID %d", len(snap.Notes), i, n.ID)
		}
		switch n.Question {
		case session.QuestionWho:
			whoOf[n.Author] = n.ID
		case session.QuestionDo:
			doOf[n.Author] = n.ID
		}
	}

	// Group: the facilitator makes ten segments, then everyone moves their
	// own "who" note and attaches their "do" note at once. Segments empty
	// and vanish under people's hands; that is a refusal, never a mess.
	w.phase(group)
	for s := range 10 {
		var ids []int64
		for i := s; i < people; i += 10 {
			ids = append(ids, whoOf[conns[i].ID()])
		}
		w.segment(w.fac, fmt.Sprintf("Segment %d", s), ids...)
	}
	everyone(func(i int) error {
		rng := rand.New(rand.NewPCG(uint64(i), 1))
		me := conns[i]
		for range 4 {
			segs := me.Snapshot().Segments
			seg := segs[rng.IntN(len(segs))].ID
			err := me.Do(ctx, session.MoveNote{Note: whoOf[me.ID()], Segment: seg})
			if err != nil && !errors.Is(err, session.ErrNotFound) {
				return fmt.Errorf("moving: %w", err)
			}
			err = me.Do(ctx, session.AttachNote{Note: doOf[me.ID()], Segment: seg})
			if err != nil && !errors.Is(err, session.ErrNotFound) {
				return fmt.Errorf("attaching: %w", err)
			}
		}
		return nil
	})
	checkGrouping(t, w)

	// Vote: more attempts than anyone has dots, casting and taking back at
	// random. Segments cannot change while voting, so each participant's
	// outcome depends on their own commands alone, and a model of their
	// dots predicts every answer.
	w.phase(vote)
	segs := w.snap().Segments
	set := w.snap().Workshop.Settings
	models := make([]map[int64]int, people)
	everyone(func(i int) error {
		rng := rand.New(rand.NewPCG(uint64(i), 2))
		me, mine, spent := conns[i], map[int64]int{}, 0
		for try := range 3 * set.DotBudget {
			seg := segs[rng.IntN(min(len(segs), 3))].ID // crowd a few segments to hit the cap
			var cmd session.Command = session.CastDot{Segment: seg}
			var want error
			switch {
			case rng.IntN(4) == 0:
				cmd = session.RetractDot{Segment: seg}
				if mine[seg] == 0 {
					want = session.ErrInvalid
				} else {
					mine[seg]--
					spent--
				}
			case spent >= set.DotBudget:
				want = session.ErrNoDotsLeft
			case mine[seg] >= set.MaxPerSegment:
				want = session.ErrSegmentCap
			default:
				mine[seg]++
				spent++
			}
			if err := me.Do(ctx, cmd); !errors.Is(err, want) {
				return fmt.Errorf("attempt %d, %T%+v: got %v, want %v", try, cmd, cmd, err, want)
			}
		}
		models[i] = mine
		return nil
	})
	snap = w.snap()
	spent := map[string]int{}
	for _, v := range snap.Votes {
		spent[v.Participant] += v.Dots
		if v.Dots < 1 || v.Dots > set.MaxPerSegment {
			t.Errorf("%s has %d dots on segment %d; the cap is %d", v.Participant, v.Dots, v.Segment, set.MaxPerSegment)
		}
	}
	for p, n := range spent {
		if n > set.DotBudget {
			t.Errorf("%s spent %d dots; the budget is %d", p, n, set.DotBudget)
		}
	}
	for i, c := range conns {
		want := map[int64]int{}
		for seg, n := range models[i] {
			if n > 0 {
				want[seg] = n
			}
		}
		got := map[int64]int{}
		for _, v := range snap.Votes {
			if v.Participant == c.ID() {
				got[v.Segment] = v.Dots
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s's dots are %v, want %v", c.ID(), got, want)
		}
		if left := c.View().DotsLeft; left != set.DotBudget-spent[c.ID()] {
			t.Errorf("%s sees %d dots left, has spent %d", c.ID(), left, spent[c.ID()])
		}
	}
	w.do(w.fac, session.RevealVotes{Revealed: true})
	inView, inSnap := 0, 0
	for _, s := range w.fac.View().Segments {
		inView += s.Votes
	}
	for _, v := range w.snap().Votes {
		inSnap += v.Dots
	}
	if inView != inSnap || inSnap == 0 {
		t.Errorf("the view counts %d votes, the snapshot %d", inView, inSnap)
	}

	// Prioritize: everyone picks at once.
	w.phase(prioritize)
	everyone(func(i int) error {
		rng := rand.New(rand.NewPCG(uint64(i), 3))
		for _, l := range session.Lenses {
			if err := conns[i].Do(ctx, session.PickInsight{Lens: l, Segment: segs[rng.IntN(len(segs))].ID}); err != nil {
				return err
			}
		}
		return nil
	})
	if n := len(w.snap().Picks); n != 3*people {
		t.Errorf("%d picks, want %d", n, 3*people)
	}

	// Reload: a new manager over the same store sees exactly what the
	// first one had.
	before := w.snap().Data()
	w.m.Close()
	m2 := session.NewManager(w.store, session.Options{Limits: testLimits(), Now: w.clock.Now})
	t.Cleanup(m2.Close)
	reloaded, err := m2.Snapshot(ctx, w.code)
	if err != nil {
		t.Fatalf("reloading: %v", err)
	}
	compareData(t, before, reloaded.Data())
}

// checkGrouping asserts the grouping invariants: every grouped or attached
// note points at a segment that exists, every segment holds at least one
// "who" note, and the view puts each note in exactly the segment it names.
func checkGrouping(t *testing.T, w *workshop) {
	t.Helper()
	snap := w.snap()
	exists := map[int64]bool{}
	for _, s := range snap.Segments {
		exists[s.ID] = true
	}
	who := map[int64]int{}
	for _, n := range snap.Notes {
		if n.Segment == 0 {
			continue
		}
		if !exists[n.Segment] {
			t.Errorf("note %d points at segment %d, which does not exist", n.ID, n.Segment)
		}
		if n.Question == session.QuestionWho {
			who[n.Segment]++
		}
	}
	for _, s := range snap.Segments {
		if who[s.ID] == 0 {
			t.Errorf("segment %d (%q) has no \"who\" note but was not deleted", s.ID, s.Name)
		}
	}
	in := map[int64]int64{} // note → the segment the view shows it in
	for _, s := range w.fac.View().Segments {
		for _, list := range [][]session.NoteView{s.Notes, s.Attached} {
			for _, n := range list {
				if prev, ok := in[n.ID]; ok {
					t.Errorf("note %d is shown in segments %d and %d", n.ID, prev, s.ID)
				}
				in[n.ID] = s.ID
			}
		}
	}
	for _, n := range snap.Notes {
		if in[n.ID] != n.Segment {
			t.Errorf("note %d belongs to segment %d but is shown in %d", n.ID, n.Segment, in[n.ID])
		}
	}
}

// compareData compares two stored workshops field by field, so a failure
// names what differs.
func compareData(t *testing.T, want, got *session.Data) {
	t.Helper()
	fields := []struct {
		name      string
		want, got any
	}{
		{"Workshop", want.Workshop, got.Workshop},
		{"Participants", want.Participants, got.Participants},
		{"Notes", want.Notes, got.Notes},
		{"Segments", want.Segments, got.Segments},
		{"Votes", want.Votes, got.Votes},
		{"Picks", want.Picks, got.Picks},
		{"Rejected", want.Rejected, got.Rejected},
	}
	for _, f := range fields {
		if reflect.DeepEqual(f.want, f.got) {
			continue
		}
		wv, gv := reflect.ValueOf(f.want), reflect.ValueOf(f.got)
		if wv.Kind() != reflect.Slice {
			t.Errorf("reloaded %s = %+v, want %+v", f.name, f.got, f.want)
			continue
		}
		if wv.Len() != gv.Len() {
			t.Errorf("reloaded %s has %d entries, want %d", f.name, gv.Len(), wv.Len())
			continue
		}
		for i := range wv.Len() {
			if !reflect.DeepEqual(wv.Index(i).Interface(), gv.Index(i).Interface()) {
				t.Errorf("reloaded %s[%d] = %+v, want %+v", f.name, i, gv.Index(i).Interface(), wv.Index(i).Interface())
				break
			}
		}
	}
}

// TestStalledSubscriberDoesNotBlockOthers: a connection that never reads
// its notices must not slow anyone down, and when it finally looks it sees
// the newest state, with one notice pending rather than a backlog.
func TestStalledSubscriberDoesNotBlockOthers(t *testing.T) {
	w := newWorkshop(t)
	stalled := w.participant("stalled", "Stan")
	pat := w.participant("pat", "Pat")

	// An attentive subscriber, reading every notice it gets.
	attentive := w.participant("attentive", "Ada")
	last := make(chan uint64, 1)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var seen uint64
		for {
			select {
			case <-attentive.Changed():
				seen = attentive.View().Version
				select {
				case <-last:
				default:
				}
				last <- seen
			case <-stop:
				return
			}
		}
	})
	t.Cleanup(func() { close(stop); wg.Wait() })
	start := w.snap().Version

	ctx, cancel := context.WithTimeout(w.ctx, 60*time.Second)
	defer cancel()
	const commands = 1000
	for i := range commands {
		if err := pat.Do(ctx, session.Rename{Name: fmt.Sprintf("Pat %d", i)}); err != nil {
			t.Fatalf("command %d while a subscriber stalls: %v", i, err)
		}
	}
	newest := w.snap().Version
	if newest != start+commands {
		t.Errorf("version went from %d to %d after %d commands", start, newest, commands)
	}

	if n := len(stalled.Changed()); n != 1 {
		t.Fatalf("the stalled connection has %d notices pending, want exactly 1", n)
	}
	<-stalled.Changed()
	v := stalled.View()
	if v.Version != newest {
		t.Errorf("the stalled connection sees version %d, want the newest %d", v.Version, newest)
	}
	for _, p := range v.People {
		if p.ID == pat.ID() && p.Name != fmt.Sprintf("Pat %d", commands-1) {
			t.Errorf("the stalled connection sees Pat named %q", p.Name)
		}
	}
	select {
	case <-stalled.Changed():
		t.Error("a second notice was pending: notices did not coalesce")
	default:
	}
	w.do(pat, session.Rename{Name: "Pat"})
	select {
	case <-stalled.Changed():
	default:
		t.Error("no notice after the next change, though Do returns only once everyone was told")
	}

	// The attentive subscriber catches up with the newest version.
	deadline := time.After(10 * time.Second)
	for want := w.snap().Version; ; {
		select {
		case got := <-last:
			if got == want {
				return
			}
			if got > want {
				t.Fatalf("attentive subscriber saw version %d, newer than the newest %d", got, want)
			}
		case <-deadline:
			t.Fatalf("the attentive subscriber never saw version %d", want)
		}
	}
}

// TestReloadKeepsEverything: after a restart the workshop is back exactly
// as it was — the same people in the same order (by when they joined, then
// by ID for those who joined within the same millisecond), and the same
// notes, segments, dots and picks.
func TestReloadKeepsEverything(t *testing.T) {
	r := newRoom(t, group) // the clock stands still: everyone so far joined at once
	same := r.participant("aaa-same-instant", "Sam")
	r.clock.Advance(time.Second)
	later := r.participant("000-later", "Lee")
	r.do(r.fac, session.AttachNote{Note: r.piaValue, Segment: r.segA})
	r.phase(vote)
	r.do(later, session.CastDot{Segment: r.segB})
	r.do(r.pat, session.CastDot{Segment: r.segA})
	r.phase(prioritize)
	r.do(r.pia, session.PickInsight{Lens: session.LensUnderserved, Segment: r.segA})
	r.do(r.fac, session.SetRole{Participant: r.pia.ID(), Role: session.RoleFacilitator})
	r.do(r.fac, session.RemoveParticipant{Participant: r.gus.ID()})

	before := r.snap().Data()
	var order []string
	for _, p := range before.Participants {
		order = append(order, p.ID)
	}
	want := []string{same.ID(), r.fac.ID(), r.pat.ID(), r.pia.ID(), r.gus.ID(), later.ID()}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("participants are listed %v, want %v", order, want)
	}

	r.m.Close()
	m2 := session.NewManager(r.store, session.Options{Limits: testLimits(), Now: r.clock.Now})
	t.Cleanup(m2.Close)
	reloaded, err := m2.Snapshot(r.ctx, r.code)
	if err != nil {
		t.Fatalf("reloading: %v", err)
	}
	compareData(t, before, reloaded.Data())
}
