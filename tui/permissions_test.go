package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The screen learns what the viewer may do from the view's permissions
// and never works a rule out itself. These tests hand the model views
// whose permissions say the opposite of what the viewer's role would
// suggest: a screen that decided on its own (by role, phase or lock)
// would offer the wrong keys.

type permFixture struct {
	t    *testing.T
	m    *Model
	conn *session.Conn
}

// permModel puts Pat (a participant) and Fran (the facilitator), each
// with a "who" note, in phase; the model is who's.
func permModel(t *testing.T, who string, phase session.Phase) *permFixture {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	mgr := session.NewManager(session.NewMemoryStore(), session.Options{Now: func() time.Time { return at }})
	t.Cleanup(mgr.Close)
	fran := session.Identity{ID: "fran", Name: "Fran"}
	pat := session.Identity{ID: "pat", Name: "Pat"}
	code, err := mgr.Create(ctx, fran, "Platform team")
	if err != nil {
		t.Fatal(err)
	}
	conns := map[string]*session.Conn{}
	for _, id := range []session.Identity{fran, pat} {
		c, err := mgr.Join(ctx, code, id)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
		conns[id.ID] = c
	}
	do := func(c *session.Conn, cmds ...session.Command) {
		t.Helper()
		for _, cmd := range cmds {
			if err := c.Do(ctx, cmd); err != nil {
				t.Fatalf("%T%+v: %v", cmd, cmd, err)
			}
		}
	}
	do(conns["fran"], session.SetPhase{Phase: session.PhaseAnswer}, session.SetHideNotes{Hidden: false})
	do(conns["fran"], session.AddNote{Question: session.QuestionWho, Text: "Fran's note"})
	do(conns["pat"], session.AddNote{Question: session.QuestionWho, Text: "Pat's note"})
	if phase >= session.PhaseGroup {
		do(conns["fran"], session.SetPhase{Phase: session.PhaseGroup})
	}
	me := pat
	if who == "fran" {
		me = fran
	}
	m := New(Options{Manager: mgr, Identity: me, Now: func() time.Time { return at }})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Update(joinWorkshop(mgr, code, me)())
	return &permFixture{t: t, m: m, conn: m.ws.conn()}
}

// show hands the model the newest view with its permissions changed.
func (f *permFixture) show(change func(c *session.Permissions)) {
	v := f.conn.View()
	change(&v.Can)
	f.m.Update(viewMsg{conn: f.conn, view: v})
}

func (f *permFixture) helpBar() string {
	f.m.showAllHelp = true
	defer func() { f.m.showAllHelp = false }()
	return f.m.View().Content
}

func TestTheAnswerScreenOffersDeleteAsTheViewSays(t *testing.T) {
	// Pat, on Fran's note (the first in the column).
	f := permModel(t, "pat", session.PhaseAnswer)
	f.m.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	f.m.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	f.show(func(*session.Permissions) {})
	if f.m.keys.answer.Delete.Enabled() {
		t.Fatalf("a participant is offered to delete someone else's note")
	}
	f.show(func(c *session.Permissions) { c.DeleteAnyNote = true })
	if !f.m.keys.answer.Delete.Enabled() || !strings.Contains(f.helpBar(), "delete") {
		t.Errorf("the view lets Pat delete Fran's note, but the screen does not offer it")
	}

	// Fran, a facilitator, is offered no delete when the view says no.
	f = permModel(t, "fran", session.PhaseAnswer)
	f.m.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	f.m.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	f.m.Update(tea.KeyPressMsg{Code: tea.KeyDown}) // Pat's note
	f.show(func(*session.Permissions) {})
	if !f.m.keys.answer.Delete.Enabled() {
		t.Fatalf("the facilitator is not offered to delete a note")
	}
	f.show(func(c *session.Permissions) { c.DeleteAnyNote = false })
	if f.m.keys.answer.Delete.Enabled() {
		t.Errorf("the view says the facilitator may not delete Pat's note, but the screen offers it")
	}
}

func TestTheFrameOffersPhasesAndTheMenuAsTheViewSays(t *testing.T) {
	f := permModel(t, "pat", session.PhaseAnswer)
	f.show(func(c *session.Permissions) {
		c.Facilitate = true
		c.MoveTo = 1 << session.PhaseGroup
	})
	if !f.m.frame().NextPhase.Enabled() || !f.m.frame().Facilitate.Enabled() {
		t.Errorf("the view lets Pat move on and facilitate, the screen does not offer it")
	}
	if f.m.frame().PrevPhase.Enabled() {
		t.Errorf("the view does not let Pat move back, the screen offers it")
	}

	f = permModel(t, "fran", session.PhaseAnswer)
	f.show(func(c *session.Permissions) { c.Facilitate, c.MoveTo = false, 0 })
	if f.m.frame().NextPhase.Enabled() || f.m.frame().PrevPhase.Enabled() || f.m.frame().Facilitate.Enabled() {
		t.Errorf("the view lets Fran do none of it, the screen offers phases or the menu")
	}
	// The menu lists only the phases the view allows.
	f.show(func(c *session.Permissions) { c.MoveTo = 1 << session.PhaseLobby })
	f.m.Update(tea.KeyPressMsg{Code: 'F', Text: "F"})
	menu := f.m.View().Content
	if strings.Contains(menu, "Next phase") || !strings.Contains(menu, "previous phase: Lobby") {
		t.Errorf("the menu does not follow the phases the view allows:\n%s", menu)
	}
}

func TestTheGroupScreenFollowsTheViewOnLocking(t *testing.T) {
	// Grouping is open, but the view says Pat may not group: the screen
	// offers no grouping key and says it is locked.
	f := permModel(t, "pat", session.PhaseGroup)
	f.show(func(c *session.Permissions) { c.Group = false })
	k := f.m.keys.group
	if k.Select.Enabled() || k.Create.Enabled() {
		t.Errorf("the view does not let Pat group, the screen offers select or new segment")
	}
	if !strings.Contains(f.m.View().Content, "locked grouping") {
		t.Errorf("the screen does not say grouping is closed to Pat")
	}
	// And when the view lets Pat group, the keys are there.
	f = permModel(t, "pat", session.PhaseGroup)
	f.show(func(c *session.Permissions) { c.Group = true })
	if k := f.m.keys.group; !k.Select.Enabled() || !k.Create.Enabled() {
		t.Errorf("the view lets Pat group, the screen does not offer it")
	}
}
