package tui

import (
	"context"
	"fmt"
	"io"
	"testing"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"

	"forwhom/internal/teahost"
	"forwhom/session"
)

// BenchmarkFrame measures what one participant's screen costs when someone
// else acts in a 200-person workshop at 120x40: the model's Update and
// View after a note is added in Answer ("view") and after a dot is cast in
// Vote with totals revealed ("vote"), and the terminal renderer's parse
// and diff of the frame, as Bubble Tea does it per client ("flush"),
// against forwhom's line renderer, Screen ("lines").
func BenchmarkFrame(b *testing.B) {
	model, conn, views := frameRoom(b, session.PhaseAnswer)
	frame := func(i int) string {
		model.Update(viewMsg{conn: conn, view: views[i%len(views)]})
		return model.View().Content
	}
	b.Run("view", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			frame(i)
		}
	})
	b.Run("view-shared", func(b *testing.B) {
		// As a Host runs it: each frame written over the last one.
		model.shareFrames = true
		defer func() { model.shareFrames = false }()
		for i := 0; b.Loop(); i++ {
			frame(i)
			model.releaseFrame()
		}
	})
	b.Run("prompt", func(b *testing.B) {
		// As in the load tool's notes scenario: the viewer has the note
		// input open while the room changes.
		model, conn, views := frameRoom(b, session.PhaseAnswer)
		model.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
		for _, r := range "half a note" {
			model.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			model.Update(viewMsg{conn: conn, view: views[i%len(views)]})
			_ = model.View().Content
		}
	})
	b.Run("vote", func(b *testing.B) {
		model, conn, views := frameRoom(b, session.PhaseVote)
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			model.Update(viewMsg{conn: conn, view: views[i%len(views)]})
			_ = model.View().Content
		}
	})
	b.Run("flush", func(b *testing.B) {
		buf := uv.NewScreenBuffer(120, 40)
		scr := uv.NewTerminalRenderer(io.Discard, nil)
		scr.SetFullscreen(true)
		frames := make([]string, len(views))
		for i := range frames {
			frames[i] = frame(i)
		}
		for i := 0; b.Loop(); i++ {
			buf.Clear()
			uv.NewStyledString(frames[i%len(frames)]).Draw(buf, buf.Bounds())
			scr.Render(buf.RenderBuffer)
			_ = scr.Flush()
		}
	})
	b.Run("lines", func(b *testing.B) {
		frames := make([]tea.View, len(views))
		for i := range frames {
			model.Update(viewMsg{conn: conn, view: views[i]})
			frames[i] = model.View()
		}
		s := teahost.NewScreen(io.Discard)
		defer s.Close()
		s.Resize(120, 40)
		for i := 0; b.Loop(); i++ {
			s.Draw(frames[i%len(frames)])
		}
	})
}

// frameRoom is a 200-person workshop in the given phase (Answer or Vote),
// a model for one participant in it at 120x40, and 64 successive views of
// the room as others act: each adds a note (Answer) or casts a dot on a
// revealed vote (Vote). In Vote the workshop has eight segments and the
// viewer has dots on two of them.
func frameRoom(b testing.TB, phase session.Phase) (*Model, *session.Conn, []*session.View) {
	ctx := context.Background()
	m := session.NewManager(session.NewMemoryStore(), session.Options{})
	b.Cleanup(m.Close)
	fac := session.Identity{ID: "fac", Name: "Fran"}
	code, err := m.Create(ctx, fac, "Load")
	if err != nil {
		b.Fatal(err)
	}
	fc, _ := m.Join(ctx, code, fac)
	conns := make([]*session.Conn, 200)
	for i := range conns {
		conns[i], err = m.Join(ctx, code, session.Identity{ID: fmt.Sprint("p", i), Name: fmt.Sprint("Person ", i)})
		if err != nil {
			b.Fatal(err)
		}
	}
	do := func(c *session.Conn, cmd session.Command) {
		if err := c.Do(ctx, cmd); err != nil {
			b.Fatal(err)
		}
	}
	do(fc, session.SetPhase{Phase: session.PhaseAnswer})
	me := session.Identity{ID: "p0", Name: "Person 0"}
	for q := range 3 {
		do(conns[0], session.AddNote{Question: session.Question(q), Text: "one of my own notes, long enough to wrap in a column"})
	}
	var segs []session.SegmentView
	if phase == session.PhaseVote {
		for i := 1; i <= 24; i++ {
			do(conns[i], session.AddNote{Question: session.QuestionWho, Text: fmt.Sprint("a kind of customer, number ", i)})
		}
		do(fc, session.SetPhase{Phase: session.PhaseGroup})
		var who []int64
		for _, n := range fc.View().Notes {
			if n.Question == session.QuestionWho {
				who = append(who, n.ID)
			}
		}
		for i := range 8 {
			do(fc, session.CreateSegment{Name: fmt.Sprint("Segment ", i+1), Notes: who[i*3 : i*3+3]})
		}
		do(fc, session.SetPhase{Phase: session.PhaseVote})
		do(fc, session.RevealVotes{Revealed: true})
		segs = fc.View().Segments
		do(conns[0], session.CastDot{Segment: segs[1].ID})
		do(conns[0], session.CastDot{Segment: segs[1].ID})
		do(conns[0], session.CastDot{Segment: segs[4].ID})
	}

	model := New(Options{Manager: m, Identity: me})
	model.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	model.Update(joinWorkshop(m, code, me)())
	conn := model.ws.conn()

	// The session's work (commit, snapshot, board) is shared by every
	// participant and measured in session's benchmarks; here only what
	// each participant's program does.
	views := make([]*session.View, 64)
	for i := range views {
		c := conns[1+i%199]
		if phase == session.PhaseVote {
			do(c, session.CastDot{Segment: segs[i%len(segs)].ID})
		} else {
			do(c, session.AddNote{Question: session.QuestionWho, Text: "x"})
		}
		views[i] = conn.View()
	}
	return model, conn, views
}
