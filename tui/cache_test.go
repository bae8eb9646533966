package tui

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"forwhom/session"
)

// TestCachedFramesMatchFreshOnes changes, between frames, each thing a
// kept part of the frame depends on (the title, counts, who is done, the
// timer, the width, the theme, the cursor, notes, dots, totals) and checks
// every frame against one drawn with nothing kept. A cache that served a
// stale part would fail here.
func TestCachedFramesMatchFreshOnes(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	now := start
	mgr := session.NewManager(session.NewMemoryStore(), session.Options{Now: func() time.Time { return start }})
	t.Cleanup(mgr.Close)
	fran := session.Identity{ID: "fran", Name: "Fran"}
	pat := session.Identity{ID: "pat", Name: "Pat"}
	code, err := mgr.Create(ctx, fran, "Platform team")
	if err != nil {
		t.Fatal(err)
	}
	conns := map[string]*session.Conn{}
	do := func(who session.Identity, cmds ...session.Command) {
		t.Helper()
		c, ok := conns[who.ID]
		if !ok {
			if c, err = mgr.Join(ctx, code, who); err != nil {
				t.Fatal(err)
			}
			conns[who.ID] = c
			t.Cleanup(c.Close)
		}
		for _, cmd := range cmds {
			if err := c.Do(ctx, cmd); err != nil {
				t.Fatalf("%s: %T: %v", who.Name, cmd, err)
			}
		}
	}
	others := make([]session.Identity, 12)
	for i := range others {
		others[i] = session.Identity{ID: fmt.Sprint("p", i), Name: fmt.Sprint("Person ", i)}
		do(others[i])
	}
	do(fran, session.SetPhase{Phase: session.PhaseAnswer})

	m := New(Options{Manager: mgr, Identity: pat, Now: func() time.Time { return now }})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Update(joinWorkshop(mgr, code, pat)())
	conn := m.ws.conn()
	step := 0
	check := func(what string) {
		t.Helper()
		step++
		m.Update(viewMsg{conn: conn, view: conn.View()})
		got := m.View().Content
		fresh := *m
		fresh.cache = nil
		if m.ws != nil && m.ws.prompt != nil {
			ws, p := *m.ws, *m.ws.prompt
			p.view.ok = false
			ws.prompt = &p
			fresh.ws = &ws
		}
		if want := fresh.View().Content; got != want {
			t.Fatalf("step %d (%s): the frame differs from one drawn afresh:\n%s\nwant:\n%s", step, what, got, want)
		}
	}
	key := func(k tea.KeyPressMsg) { m.Update(k) }
	resize := func(w, h int) { m.Update(tea.WindowSizeMsg{Width: w, Height: h}) }
	theme := func(dark bool) {
		bg := lipgloss.Color("#ffffff")
		if dark {
			bg = lipgloss.Color("#000000")
		}
		m.Update(tea.BackgroundColorMsg{Color: bg})
	}
	down := tea.KeyPressMsg{Code: tea.KeyDown}
	tab := tea.KeyPressMsg{Code: tea.KeyTab}

	check("first frame")
	do(others[0], session.AddNote{Question: session.QuestionWho, Text: "hidden from Pat"})
	check("a hidden note: the count")
	do(pat, session.AddNote{Question: session.QuestionWho, Text: "my own note, long enough to wrap in its column"})
	check("an own note")
	do(pat, session.AddNote{Question: session.QuestionWho, Text: "another"})
	check("another own note")
	key(down)
	check("the cursor")
	key(tab)
	check("the focus")
	do(fran, session.Retitle{Title: "Platform team, renamed"})
	check("the title")
	do(others[1], session.SetReady{Ready: true})
	check("who is writing")
	do(pat, session.SetReady{Ready: true})
	check("the viewer is done")
	do(fran, session.SetTimer{Duration: 5 * time.Minute})
	check("a timer")
	now = now.Add(90 * time.Second)
	check("the timer runs")
	now = now.Add(time.Hour)
	check("time's up")
	resize(100, 30)
	check("narrower")
	resize(60, 20)
	check("one column")
	resize(120, 40)
	check("wide again")
	theme(false)
	check("a light theme")
	theme(true)
	check("dark again")
	do(fran, session.SetHideNotes{Hidden: false})
	check("notes shown")
	do(others[2], session.AddNote{Question: session.QuestionWho, Text: "now visible"})
	check("a visible note")
	do(others[2], session.EditNote{Note: m.ws.view.Notes[len(m.ws.view.Notes)-1].ID, Text: "edited"})
	check("an edited note")
	key(tea.KeyPressMsg{Code: '?', Text: "?"})
	check("full help")
	key(tea.KeyPressMsg{Code: '?', Text: "?"})
	check("short help")
	m.Update(resultMsg{conn: conn, err: errors.New("refused")})
	check("a warning")
	key(tea.KeyPressMsg{Code: 'a', Text: "a"})
	check("the note prompt")
	for _, r := range "hello" {
		key(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	check("typed into the prompt")
	key(tea.KeyPressMsg{Code: tea.KeyBackspace})
	key(tea.KeyPressMsg{Code: 'p', Text: "p"})
	check("a different text, the cursor where it was")
	key(tea.KeyPressMsg{Code: tea.KeyLeft})
	check("the prompt's cursor")
	do(others[4], session.AddNote{Question: session.QuestionWho, Text: "while Pat types"})
	check("a change while the prompt is open")
	resize(90, 30)
	check("a narrower prompt")
	theme(false)
	check("a light prompt")
	theme(true)
	resize(120, 40)
	key(tea.KeyPressMsg{Code: tea.KeyHome})
	check("the cursor at the start")
	key(tea.KeyPressMsg{Code: tea.KeyEnter})
	check("a note sent: the prompt empty again, the cursor still at the start")
	key(tea.KeyPressMsg{Code: tea.KeyEscape})
	check("the prompt closed")

	do(fran, session.SetPhase{Phase: session.PhaseGroup})
	check("group")
	var who []int64
	for _, n := range conns[fran.ID].View().Notes {
		if n.Question == session.QuestionWho {
			who = append(who, n.ID)
		}
	}
	for i, id := range who {
		do(fran, session.CreateSegment{Name: fmt.Sprint("Segment ", i), Notes: []int64{id}})
	}
	check("segments")
	do(fran, session.SetPhase{Phase: session.PhaseVote})
	check("vote")
	segs := conns[fran.ID].View().Segments
	do(pat, session.CastDot{Segment: segs[0].ID})
	check("a dot of the viewer's")
	do(fran, session.RevealVotes{Revealed: true})
	check("totals revealed")
	for i, p := range others {
		do(p, session.CastDot{Segment: segs[i%len(segs)].ID})
		check("someone's dot")
	}
	key(down)
	check("the vote cursor")
	do(others[3], session.SetReady{Ready: true})
	check("voters done")
	resize(80, 24)
	check("smaller")
	theme(false)
	check("light vote")
	do(fran, session.SetVoteSettings{Budget: 6, MaxPerSegment: 4})
	check("vote settings")
	do(fran, session.RevealVotes{Revealed: false})
	check("totals hidden")
}
