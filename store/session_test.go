package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"forwhom/session"
	"forwhom/store"
)

// A whole workshop run through the session over a file-backed store comes
// back field for field after the process "restarts" (store closed, file
// reopened, a new Manager).
func TestWorkshopSurvivesRestartFieldByField(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "forwhom.db")
	clock := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	opts := session.Options{Limits: session.DefaultLimits(), Now: func() time.Time { return clock }}

	st := openAt(t, path)
	m := session.NewManager(st, opts)
	fac := session.Identity{ID: "SHA256:fac", Name: "Fran"}
	code, err := m.Create(ctx, fac, "Platform team")
	if err != nil {
		t.Fatal(err)
	}
	f := join(t, m, code, fac)
	ps := make([]*session.Conn, 3)
	for i := range ps {
		ps[i] = join(t, m, code, session.Identity{ID: fmt.Sprintf("SHA256:p%d", i), Name: fmt.Sprintf("P%d", i)})
	}
	do(t, f, session.SetVoteSettings{Budget: 4, MaxPerSegment: 2})
	do(t, f, session.SetTimer{Duration: 5 * time.Minute})
	do(t, f, session.SetPhase{Phase: session.PhaseAnswer})
	for i, p := range ps {
		do(t, p, session.AddNote{Question: session.QuestionWho, Text: fmt.Sprintf("who %d", i)})
		do(t, p, session.AddNote{Question: session.QuestionValue, Text: fmt.Sprintf("value %d", i)})
	}
	do(t, ps[0], session.SetReady{Ready: true})
	do(t, f, session.SetPhase{Phase: session.PhaseGroup})
	do(t, ps[1], session.CreateSegment{Name: "Devs", Notes: []int64{1, 3}})
	do(t, ps[2], session.CreateSegment{Notes: []int64{5}})
	do(t, f, session.AttachNote{Note: 2, Segment: 1})
	do(t, f, session.LockGrouping{Locked: true})
	do(t, f, session.SetPhase{Phase: session.PhaseVote})
	do(t, ps[0], session.CastDot{Segment: 1})
	do(t, ps[0], session.CastDot{Segment: 1})
	do(t, ps[1], session.CastDot{Segment: 2})
	do(t, f, session.RevealVotes{Revealed: true})
	do(t, f, session.RemoveParticipant{Participant: "SHA256:p2"})
	do(t, f, session.SetPhase{Phase: session.PhasePrioritize})
	do(t, ps[0], session.PickInsight{Lens: session.LensBiggest, Segment: 1})
	do(t, ps[1], session.PickInsight{Lens: session.LensUnderserved, Segment: 2})
	do(t, f, session.SetTimeBox{Duration: 3 * time.Minute})
	do(t, f, session.SetOpenWho{Open: true})
	do(t, f, session.SetPhase{Phase: session.PhaseDiscuss})
	do(t, f, session.Spotlight{Segment: 2})
	do(t, ps[1], session.SetSegmentType{Segment: 2, Type: session.TypeStakeholder})
	do(t, f, session.SetSegmentRole{Segment: 1, Role: session.RolePrimary})
	do(t, ps[0], session.AddNextStep{Segment: 1, Kind: session.StepTalkTo, Text: "Ask the app teams", Owner: "p1", Due: "2026-12-01"})
	do(t, ps[1], session.AddNextStep{Segment: 2, Kind: session.StepSurvey, Text: "Survey the data folks", Owner: "their lead"})

	before, err := m.Snapshot(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(ps, f) {
		c.Close()
	}
	m.Close()
	closeStore(t, st)

	st2 := openAt(t, path)
	defer closeStore(t, st2)
	m2 := session.NewManager(st2, opts)
	defer m2.Close()
	after, err := m2.Snapshot(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if d := after.Data(); d.Workshop.Phase != session.PhaseDiscuss || d.Workshop.Spotlight != 2 ||
		len(d.NextSteps) != 2 || d.NextSteps[0].OwnerID != "SHA256:p1" || d.Segments[1].Type != session.TypeStakeholder {
		t.Fatalf("after restart the Discuss state is %+v", d)
	}
	if !reflect.DeepEqual(normalize(before.Data()), normalize(after.Data())) {
		t.Fatalf("after restart:\n%+v\nbefore:\n%+v", after.Data(), before.Data())
	}
	want, _ := session.Export(before, session.FormatJSON)
	got, _ := session.Export(after, session.FormatJSON)
	if string(got) != string(want) {
		t.Fatalf("export after restart differs:\n%s\nwant\n%s", got, want)
	}
	if _, err := m2.Join(ctx, code, session.Identity{ID: "SHA256:p2"}); err == nil {
		t.Fatal("a removed participant rejoined after a restart")
	}
}

// 200 participants write and vote at once over the file-backed store; the
// budgets hold and a reload from the file shows exactly the same state.
func TestConcurrentParticipantsOverFileStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "forwhom.db")
	st := openAt(t, path)
	m := session.NewManager(st, session.Options{})
	fac := session.Identity{ID: "SHA256:fac", Name: "Fran"}
	code, err := m.Create(ctx, fac, "Concurrency")
	if err != nil {
		t.Fatal(err)
	}
	f := join(t, m, code, fac)
	do(t, f, session.SetPhase{Phase: session.PhaseAnswer})

	const n = 200
	conns := make([]*session.Conn, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c, err := m.Join(ctx, code, session.Identity{ID: fmt.Sprintf("SHA256:%03d", i), Name: fmt.Sprintf("p%d", i)})
			if err != nil {
				t.Error(err)
				return
			}
			conns[i] = c
			if err := c.Do(ctx, session.AddNote{Question: session.QuestionWho, Text: fmt.Sprintf("who %d", i)}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	do(t, f, session.SetPhase{Phase: session.PhaseGroup})
	for s := range 4 {
		var ids []int64
		for id := int64(s + 1); id <= n; id += 4 {
			ids = append(ids, id)
		}
		do(t, f, session.CreateSegment{Name: fmt.Sprintf("S%d", s), Notes: ids})
	}
	do(t, f, session.SetPhase{Phase: session.PhaseVote})
	for i := range n {
		wg.Go(func() {
			for k := range 8 { // more attempts than the budget of 5
				_ = conns[i].Do(ctx, session.CastDot{Segment: int64(1 + (i+k)%2)})
			}
		})
	}
	wg.Wait()

	snap, err := m.Snapshot(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	spent := map[string]int{}
	for _, v := range snap.Votes {
		spent[v.Participant] += v.Dots
		if v.Dots > snap.Workshop.Settings.MaxPerSegment {
			t.Errorf("%s has %d dots on segment %d, cap %d", v.Participant, v.Dots, v.Segment, snap.Workshop.Settings.MaxPerSegment)
		}
	}
	for p, d := range spent {
		if d > snap.Workshop.Settings.DotBudget {
			t.Errorf("%s spent %d dots, budget %d", p, d, snap.Workshop.Settings.DotBudget)
		}
	}
	if len(spent) != n {
		t.Errorf("%d participants voted, want %d", len(spent), n)
	}
	for _, c := range append(conns, f) {
		c.Close()
	}
	m.Close()
	closeStore(t, st)

	st2 := openAt(t, path)
	defer closeStore(t, st2)
	d, err := st2.Load(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if got := session.SnapshotOf(d).Data(); !reflect.DeepEqual(normalize(got), normalize(snap.Data())) {
		g, w := normalize(got), normalize(snap.Data())
		t.Fatalf("the reloaded workshop differs from the one in memory: participants %v notes %v segments %v votes %v picks %v workshop %v",
			reflect.DeepEqual(g.Participants, w.Participants), reflect.DeepEqual(g.Notes, w.Notes), reflect.DeepEqual(g.Segments, w.Segments),
			reflect.DeepEqual(g.Votes, w.Votes), reflect.DeepEqual(g.Picks, w.Picks), reflect.DeepEqual(g.Workshop, w.Workshop))
	}
}

func join(t *testing.T, m *session.Manager, code string, who session.Identity) *session.Conn {
	t.Helper()
	c, err := m.Join(context.Background(), code, who)
	if err != nil {
		t.Fatalf("join %s: %v", who.ID, err)
	}
	return c
}

func do(t *testing.T, c *session.Conn, cmd session.Command) {
	t.Helper()
	if err := c.Do(context.Background(), cmd); err != nil {
		t.Fatalf("%T%+v: %v", cmd, cmd, err)
	}
}

// normalize makes empty and nil slices compare equal.
func normalize(d *session.Data) *session.Data {
	out := *d
	if len(out.Votes) == 0 {
		out.Votes = nil
	}
	if len(out.Picks) == 0 {
		out.Picks = nil
	}
	if len(out.Notes) == 0 {
		out.Notes = nil
	}
	if len(out.Segments) == 0 {
		out.Segments = nil
	}
	if len(out.NextSteps) == 0 {
		out.NextSteps = nil
	}
	return &out
}

var _ session.Store = (*store.Store)(nil)

// Committed commands per second through the whole session path (plan,
// commit to the SQLite file, apply, publish) on a file-backed store: one
// participant adding notes, a fresh workshop every 1,000 notes so every
// commit sees a realistic workshop size.
func BenchmarkDoAddNoteFileStore(b *testing.B) {
	ctx := context.Background()
	st := openAt(b, filepath.Join(b.TempDir(), "forwhom.db"))
	b.Cleanup(func() { _ = st.Close() })
	m := session.NewManager(st, session.Options{})
	b.Cleanup(m.Close)
	open := func(i int) *session.Conn {
		who := session.Identity{ID: fmt.Sprintf("SHA256:bench%d", i), Name: "Bench"}
		code, err := m.Create(ctx, who, "Benchmark")
		if err != nil {
			b.Fatal(err)
		}
		c, err := m.Join(ctx, code, who)
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Do(ctx, session.SetPhase{Phase: session.PhaseAnswer}); err != nil {
			b.Fatal(err)
		}
		return c
	}
	c := open(0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i > 0 && i%1000 == 0 {
			c.Close()
			c = open(i)
		}
		if err := c.Do(ctx, session.AddNote{Question: session.Questions[i%3], Text: "Platform engineers"}); err != nil {
			b.Fatal(err)
		}
	}
	c.Close()
}
