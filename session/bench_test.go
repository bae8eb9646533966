package session_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"forwhom/session"
)

// Benchmarks of the session's hot paths. Run with
//
//	go test -run '^$' -bench . -count 5 ./session/
//
// benchAddNotes takes the store as a constructor so the same measurement
// can be repeated over the SQL store from a test in the store package.

// BenchmarkDoAddNote measures committed commands per second through
// Conn.Do on a MemoryStore: one connection writing notes one after another,
// and one workshop per CPU written to at once. Each workshop is replaced
// after notesPerWorkshop notes, so every commit sees a workshop of a
// realistic size rather than one that grows with b.N.
func BenchmarkDoAddNote(b *testing.B) {
	mem := func(testing.TB) session.Store { return session.NewMemoryStore() }
	b.Run("one connection", func(b *testing.B) { benchAddNotes(b, mem, false) })
	b.Run("a workshop per CPU", func(b *testing.B) { benchAddNotes(b, mem, true) })
}

const notesPerWorkshop = 1000

func benchAddNotes(b *testing.B, newStore func(testing.TB) session.Store, parallel bool) {
	ctx := context.Background()
	m := session.NewManager(newStore(b), session.Options{})
	b.Cleanup(m.Close)
	var seq atomic.Int64
	// open starts a fresh workshop in Answer and returns its facilitator.
	open := func() (*session.Conn, error) {
		who := session.Identity{ID: fmt.Sprintf("SHA256:bench%d", seq.Add(1)), Name: "Bench"}
		code, err := m.Create(ctx, who, "Benchmark")
		if err != nil {
			return nil, err
		}
		c, err := m.Join(ctx, code, who)
		if err != nil {
			return nil, err
		}
		return c, c.Do(ctx, session.SetPhase{Phase: session.PhaseAnswer})
	}
	write := func(c *session.Conn, i int) {
		if err := c.Do(ctx, session.AddNote{Question: session.Questions[i%3], Text: "Platform engineers"}); err != nil {
			b.Error(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	if parallel {
		b.RunParallel(func(pb *testing.PB) {
			c, err := open()
			for n := 0; err == nil && pb.Next(); n++ {
				if n == notesPerWorkshop {
					c.Close()
					if c, err = open(); err != nil {
						break
					}
					n = 0
				}
				write(c, n)
			}
			if err != nil {
				b.Error(err)
				return
			}
			c.Close()
		})
	} else {
		c, err := open()
		if err != nil {
			b.Fatal(err)
		}
		for i := range b.N {
			if i > 0 && i%notesPerWorkshop == 0 {
				b.StopTimer()
				c.Close()
				if c, err = open(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			write(c, i)
		}
		c.Close()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
}

// BenchmarkPublish500 measures one change reaching 500 connections: from
// the Do that makes it until every connection's goroutine has been told
// and has projected a View of the new version.
// The change is the facilitator's name (the roster changes) or, in Answer,
// a note edited (only the notes do).
func BenchmarkPublish500(b *testing.B) {
	b.Run("empty board", func(b *testing.B) { benchPublish(b, 0, "rename") })
	b.Run("1500 notes in 30 segments", func(b *testing.B) { benchPublish(b, 3, "rename") })
	b.Run("1500 notes, someone done", func(b *testing.B) { benchPublish(b, 3, "ready") })
	b.Run("a note in Answer", func(b *testing.B) { benchPublish(b, 0, "note") })
}

// benchPublish times one change (the facilitator's rename, a note edited
// in Answer, or a participant done and not done in Vote) reaching all 500
// subscribers' views.
func benchPublish(b *testing.B, notesEach int, kind string) {
	const subscribers = 500
	w := newWorkshop(b, session.Limits{})
	conns := make([]*session.Conn, subscribers)
	for i := range conns {
		conns[i] = w.participant(fmt.Sprintf("sub%03d", i), fmt.Sprintf("Sub %d", i))
	}
	if notesEach > 0 {
		fillBoard(b, w, conns, notesEach)
	}
	who := w.fac
	change := func(i int) session.Command { return session.Rename{Name: fmt.Sprint("Fran ", i%2)} }
	switch kind {
	case "note":
		w.phase(session.PhaseAnswer)
		id := w.note(w.fac, session.QuestionWho, "Testers")
		change = func(i int) session.Command {
			return session.EditNote{Note: id, Text: fmt.Sprint("Testers ", i)}
		}
	case "ready":
		w.phase(session.PhaseVote)
		who = conns[0]
		change = func(i int) session.Command { return session.SetReady{Ready: i%2 == 0} }
	}

	var target atomic.Uint64 // the version every subscriber must see
	var seen atomic.Int64    // how many have seen it
	all := make(chan struct{}, 1)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Go(func() {
			var counted uint64
			var view session.View // written over, as teahost.Host's models do
			for {
				select {
				case <-c.Changed():
					v := c.ViewInto(&view)
					if t := target.Load(); t != 0 && counted < t && v.Version >= t {
						counted = t
						if seen.Add(1) == subscribers {
							all <- struct{}{}
						}
					}
				case <-stop:
					return
				}
			}
		})
	}
	b.Cleanup(func() { close(stop); wg.Wait() })

	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		seen.Store(0)
		target.Store(who.Snapshot().Version + 1)
		if err := who.Do(w.ctx, change(i)); err != nil {
			b.Fatal(err)
		}
		<-all // a lost notice hangs here, and the test binary's -timeout reports it
	}
}

// fillBoard writes notesEach notes per connection and groups the "who"
// notes into 30 segments, leaving the room in Group.
func fillBoard(tb testing.TB, w *workshop, conns []*session.Conn, notesEach int) {
	tb.Helper()
	w.phase(session.PhaseAnswer)
	for i, c := range conns {
		for j := range notesEach {
			w.do(c, session.AddNote{Question: session.Questions[(i+j)%3], Text: fmt.Sprintf("note %d of %d", j, i)})
		}
	}
	w.phase(session.PhaseGroup)
	var who []int64
	for _, n := range w.snap().Notes {
		if n.Question == session.QuestionWho {
			who = append(who, n.ID)
		}
	}
	const segments = 30
	for s := range segments {
		var ids []int64
		for i := s; i < len(who); i += segments {
			ids = append(ids, who[i])
		}
		w.segment(w.fac, fmt.Sprintf("Segment %d", s), ids...)
	}
}

// BenchmarkViewFor measures the projection of a full workshop — 500
// participants, 1500 notes, 30 segments, every dot cast — for one
// participant: with the snapshot's shared board already built (every view
// after the first), and for the first view of a new snapshot.
func BenchmarkViewFor(b *testing.B) {
	for _, phase := range []session.Phase{session.PhaseAnswer, session.PhasePrioritize} {
		d := bigWorkshop(phase)
		ids := make([]string, len(d.Participants))
		for i, p := range d.Participants {
			ids[i] = p.ID
		}
		b.Run(phase.String()+"/shared board", func(b *testing.B) {
			s := session.SnapshotOf(d)
			s.ViewFor(ids[0])
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if v := s.ViewFor(ids[i%len(ids)]); len(v.Segments) != 30 {
					b.Fatalf("%d segments", len(v.Segments))
				}
			}
		})
		b.Run(phase.String()+"/first view", func(b *testing.B) {
			b.ReportAllocs()
			for i := range b.N {
				b.StopTimer()
				s := session.SnapshotOf(d)
				b.StartTimer()
				s.ViewFor(ids[i%len(ids)])
			}
		})
	}
}

// bigWorkshop is a 500-participant workshop in the given phase: three notes
// each (1500), the "who" notes grouped into 30 segments, a "do" and a
// "value" note attached to each segment, and all five dots of everyone cast.
func bigWorkshop(phase session.Phase) *session.Data {
	const people, segments = 500, 30
	at := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	d := &session.Data{Workshop: session.WorkshopInfo{
		Code: "BENCH2", Title: "Benchmark", Phase: phase, Settings: session.DefaultSettings(),
		CreatedBy: "SHA256:p000", CreatedAt: at,
	}}
	for s := range segments {
		d.Segments = append(d.Segments, session.Segment{ID: int64(s + 1), Name: fmt.Sprintf("Segment %d", s), Position: s})
	}
	id := int64(0)
	for p := range people {
		pid := fmt.Sprintf("SHA256:p%03d", p)
		role := session.RoleParticipant
		if p == 0 {
			role = session.RoleFacilitator
		}
		d.Participants = append(d.Participants, session.Participant{ID: pid, Name: fmt.Sprintf("Person %d", p), Role: role, JoinedAt: at})
		for _, q := range session.Questions {
			id++
			n := session.Note{ID: id, Question: q, Text: fmt.Sprintf("%v note of person %d", q, p), Author: pid, CreatedAt: at}
			switch {
			case q == session.QuestionWho:
				n.Segment = int64(p%segments + 1)
			case p < segments:
				n.Segment = int64(p + 1)
			}
			d.Notes = append(d.Notes, n)
		}
		d.Votes = append(d.Votes,
			session.Vote{Participant: pid, Segment: int64(p%segments + 1), Dots: 3},
			session.Vote{Participant: pid, Segment: int64((p+7)%segments + 1), Dots: 2},
		)
	}
	return d
}
