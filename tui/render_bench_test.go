package tui

import (
	"context"
	"fmt"
	"io"
	"testing"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"

	"forwhom/session"
)

// BenchmarkFrame measures what one participant's screen costs when someone
// else adds a note to a 200-person workshop at 120x40: the model's Update
// and View ("view"), and the terminal renderer's parse and diff of the
// frame, as Bubble Tea does it per client ("flush"), against forwhom's line
// renderer, Screen ("lines").
func BenchmarkFrame(b *testing.B) {
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
	if err := fc.Do(ctx, session.SetPhase{Phase: session.PhaseAnswer}); err != nil {
		b.Fatal(err)
	}
	me := session.Identity{ID: "p0", Name: "Person 0"}
	for q := range 3 {
		_ = conns[0].Do(ctx, session.AddNote{Question: session.Question(q), Text: "one of my own notes, long enough to wrap in a column"})
	}

	model := New(Options{Manager: m, Identity: me})
	model.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	model.Update(joinWorkshop(m, code, me)())
	conn := model.ws.conn()

	buf := uv.NewScreenBuffer(120, 40)
	scr := uv.NewTerminalRenderer(io.Discard, nil)
	scr.SetFullscreen(true)
	// The session's work (commit, snapshot, board) is shared by every
	// participant and measured in session's benchmarks; here only what
	// each participant's program does.
	views := make([]*session.View, 64)
	for i := range views {
		_ = conns[1+i%199].Do(ctx, session.AddNote{Question: session.QuestionWho, Text: "x"})
		views[i] = conn.View()
	}
	frame := func(i int) string {
		model.Update(viewMsg{conn: conn, view: views[i%len(views)]})
		return model.View().Content
	}
	b.Run("view", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			frame(i)
		}
	})
	b.Run("flush", func(b *testing.B) {
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
		scr := &Screen{}
		for i := 0; b.Loop(); i++ {
			scr.buf.Reset()
			scr.draw(frames[i%len(frames)], 120, 40)
		}
	})
}
