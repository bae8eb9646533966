package session_test

import (
	"context"
	"strings"
	"testing"

	"forwhom/session"
)

func TestWholeWorkshopSmoke(t *testing.T) {
	ctx := context.Background()
	m := session.NewManager(session.NewMemoryStore(), session.Options{Limits: session.DefaultLimits()})
	t.Cleanup(m.Close)
	fac := session.Identity{ID: "SHA256:fac", Name: "Fran"}
	code, err := m.Create(ctx, fac, "Platform team")
	if err != nil {
		t.Fatal(err)
	}
	f, err := m.Join(ctx, code, fac)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := m.Join(ctx, strings.ToLower(code), session.Identity{ID: "SHA256:p", Name: "Pat"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	do := func(c *session.Conn, cmd session.Command) {
		t.Helper()
		if err := c.Do(ctx, cmd); err != nil {
			t.Fatalf("%T: %v", cmd, err)
		}
	}
	do(f, session.SetPhase{Phase: session.PhaseAnswer})
	do(p, session.AddNote{Question: session.QuestionWho, Text: "Developers"})
	do(p, session.AddNote{Question: session.QuestionWho, Text: "Data scientists"})
	do(f, session.AddNote{Question: session.QuestionValue, Text: "fast deploys"})
	if got := len(f.View().Notes); got != 1 {
		t.Fatalf("facilitator sees %d notes while answering, want only their own 1", got)
	}
	do(f, session.SetPhase{Phase: session.PhaseGroup})
	v := f.View()
	if len(v.Notes) != 3 {
		t.Fatalf("after reveal sees %d notes, want 3", len(v.Notes))
	}
	// The workshop is anonymous: notes are listed by text.
	ids := []int64{}
	for _, text := range []string{"Developers", "Data scientists"} {
		for _, n := range v.Notes {
			if n.Text == text {
				ids = append(ids, n.ID)
			}
		}
	}
	do(p, session.CreateSegment{Name: "Builders", Notes: ids[:1]})
	do(p, session.CreateSegment{Notes: ids[1:]})
	v = p.View()
	if len(v.Segments) != 2 || v.Segments[1].Name != "Data scientists" {
		t.Fatalf("segments = %+v", v.Segments)
	}
	do(f, session.AttachNote{Note: v.NotesFor(session.QuestionValue)[0].ID, Segment: v.Segments[0].ID})
	do(f, session.SetPhase{Phase: session.PhaseVote})
	seg2 := v.Segments[1].ID
	for range 3 {
		do(p, session.CastDot{Segment: seg2})
	}
	if err := p.Do(ctx, session.CastDot{Segment: seg2}); err == nil {
		t.Fatal("a fourth dot on one segment was accepted")
	}
	if v := f.View(); v.Segments[1].Votes != 0 {
		t.Fatalf("totals visible before reveal: %+v", v.Segments[1])
	}
	do(f, session.RevealVotes{Revealed: true})
	if v := f.View(); v.Segments[0].Name != "Data scientists" || v.Segments[0].Votes != 3 {
		t.Fatalf("ranked = %+v", v.Segments)
	}
	do(f, session.SetPhase{Phase: session.PhasePrioritize})
	do(p, session.PickInsight{Lens: session.LensBiggest, Segment: seg2})
	do(f, session.SetPhase{Phase: session.PhaseDiscuss})
	do(f, session.SetPhase{Phase: session.PhaseDone})
	snap, err := m.Snapshot(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	out, err := session.Export(snap, session.FormatCSV)
	if err != nil {
		t.Fatal(err)
	}
	want := "rank,segment,votes,voters,notes count,insights,notes,value notes,tied with,type,role\r\n1,Data scientists,3,1,1,biggest,Data scientists,,,,\r\n2,Builders,0,0,1,,Developers,fast deploys,,,\r\n"
	if string(out) != want {
		t.Fatalf("csv:\n%q\nwant\n%q", out, want)
	}
}
