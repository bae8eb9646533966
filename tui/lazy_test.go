package tui

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"forwhom/internal/teahost"
	"forwhom/session"
)

// A participant who joins with `join CODE` never sees the lobby: its text
// inputs (~15 KiB a client) are not made until it is shown or typed in.
func TestTheLobbysInputsAreMadeOnlyWhenUsed(t *testing.T) {
	m := New(Options{Identity: session.Identity{ID: "x", Name: "X"}, Join: "ABCDEF"})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Update(tea.BackgroundColorMsg{})
	m.lobby.busy = "Joining ABCDEF…" // as Init's join sets it
	_ = m.View()
	if m.lobby.inputs != nil {
		t.Fatal("the lobby's inputs were made before the lobby was used")
	}
	m.lobby.busy = "" // the join failed: the lobby is for real
	if got := m.View().Content; got == "" || m.lobby.inputs == nil {
		t.Fatal("the lobby was drawn without its inputs")
	}
}

// Frame buffers are lent to one client at a time and kept for the next,
// across garbage collections (a sync.Pool would drop them at each, and
// every buffer made anew grows to a full frame by doubling); a buffer
// lent is made as large as the frame asked for, at once.
func TestFrameBuffersAreKeptAcrossCollections(t *testing.T) {
	const size = 12 << 10
	a := &Model{}
	if b := a.borrowFrame(size); cap(b) < size {
		t.Fatalf("lent a buffer of %d bytes for a frame of %d", cap(b), size)
	}
	a.releaseFrame()
	runtime.GC()
	runtime.GC()
	b := &Model{}
	if n := testing.AllocsPerRun(10, func() {
		b.borrowFrame(size)
		b.releaseFrame()
	}); n != 0 {
		t.Errorf("lending a frame buffer after two collections allocated %v times; want 0 (the buffer kept)", n)
	}
}

// The help bar is drawn on every frame from its cache: checking that the
// bindings it shows are still the ones enabled makes no new list of them.
func TestTheHelpBarsCacheCheckAllocatesNothing(t *testing.T) {
	for _, phase := range []session.Phase{session.PhaseAnswer, session.PhaseVote} {
		m, _, _ := frameRoom(t, phase)
		want := m.helpLines(118)
		if n := testing.AllocsPerRun(20, func() { m.helpLines(118) }); n != 0 {
			t.Errorf("%v: the help bar's cache check allocated %v times; want 0", phase, n)
		}
		if got := m.helpLines(118); len(got) != len(want) || got[0] != want[0] {
			t.Errorf("%v: help bar %q, then %q", phase, want, got)
		}
	}
}

// A model the host watches takes each change in its workshop written over
// the view before the one it shows: two views serve every change.
func TestAWatchedModelWritesChangesOverItsLastView(t *testing.T) {
	m, _, _ := frameRoom(t, session.PhaseAnswer)
	m.shareFrames, m.watched = true, true
	fac := session.Identity{ID: "fac", Name: "Fran"}
	other, err := m.opts.Manager.Join(context.Background(), m.ws.conn().Code(), fac)
	if err != nil {
		t.Fatal(err)
	}
	var seen []*session.View
	for i := range 4 {
		if err := other.Do(context.Background(), session.AddNote{Question: session.QuestionWho, Text: fmt.Sprint("note ", i)}); err != nil {
			t.Fatal(err)
		}
		_, _, view, _ := m.watching()
		m.Update(view())
		seen = append(seen, m.ws.view)
		if got, want := m.ws.view.NoteCounts, other.View().NoteCounts; got != want {
			t.Fatalf("after note %d the model shows counts %v, want %v", i, got, want)
		}
		_ = m.View()
		m.releaseFrame()
	}
	if seen[2] != seen[0] || seen[3] != seen[1] || seen[0] == seen[1] {
		t.Errorf("views taken: %p; want two, alternating", seen)
	}
	if n := testing.AllocsPerRun(10, func() { _, _, watchSink[0], watchSink[1] = m.watching() }); n != 0 {
		t.Errorf("asking what to wait on allocated %v times; want 0 (the host asks after every change)", n)
	}
}

// watchSink keeps what watching returns, as the host does.
var watchSink [2]func() tea.Msg

// A host-run participant's whole turn after someone else adds a note —
// taking the change, updating, drawing the frame and working out what the
// terminal needs — allocates nothing once the room's lines are drawn:
// hundreds of screens take every change, and their garbage is what makes
// the collector run while the next one is on its way.
func TestAWatchedParticipantsFrameAllocatesNothing(t *testing.T) {
	first, conn, _ := frameRoom(t, session.PhaseAnswer)
	ctx := context.Background()
	mgr, code := first.opts.Manager, conn.Code()
	second := New(Options{Manager: mgr, Identity: session.Identity{ID: "p1", Name: "Person 1"}})
	second.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	second.Update(joinWorkshop(mgr, code, session.Identity{ID: "p1", Name: "Person 1"})())
	other, err := mgr.Join(ctx, code, session.Identity{ID: "p2", Name: "Person 2"})
	if err != nil {
		t.Fatal(err)
	}
	var screens [2]*teahost.Screen
	for i := range screens {
		screens[i] = teahost.NewScreen(io.Discard)
		screens[i].Resize(120, 40)
		t.Cleanup(screens[i].Close)
	}
	turn := func(i int, m *Model) {
		m.LendFrames()
		m.Watch()
		_, _, view, _ := m.Watching()
		m.Update(view())
		screens[i].Draw(m.View())
		m.ReleaseFrame()
	}
	// Half a note typed, as in the load tool: the prompt is drawn too.
	second.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
	for _, r := range "half a" {
		second.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	var before, after runtime.MemStats
	// The counts are the whole process's: another goroutine (the session's
	// loop, a screen's writer) may allocate during a turn now and then. A
	// turn that allocates does so every time, so count the turns that did.
	var allocating int
	const changes = 20
	for i := range changes + 8 {
		if err := other.Do(ctx, session.AddNote{Question: session.QuestionWho, Text: fmt.Sprint("note ", i)}); err != nil {
			t.Fatal(err)
		}
		turn(0, first) // the room's new count line is drawn once, here
		runtime.ReadMemStats(&before)
		turn(1, second)
		runtime.ReadMemStats(&after)
		if i >= 8 && after.Mallocs != before.Mallocs { // the first turns grow the reused views and buffers
			allocating++
		}
	}
	if got := second.ws.view.NoteCounts[session.QuestionWho]; got != first.ws.view.NoteCounts[session.QuestionWho] || got < changes {
		t.Fatalf("the second participant shows %d who-notes, the first %d", got, first.ws.view.NoteCounts[session.QuestionWho])
	}
	if allocating > changes/4 {
		t.Errorf("%d of %d turns allocated; want none", allocating, changes)
	}
}

// Lists of people draw only the rows that show: a room of hundreds fills
// one join at a time, and every join redraws every screen already in it.
func TestPeopleListsDrawOnlyWhatShows(t *testing.T) {
	ctx := context.Background()
	mgr := session.NewManager(session.NewMemoryStore(), session.Options{})
	t.Cleanup(mgr.Close)
	fran := session.Identity{ID: "fran", Name: "Fran"}
	code, err := mgr.Create(ctx, fran, "Company-wide")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		c, err := mgr.Join(ctx, code, session.Identity{ID: fmt.Sprint("p", i), Name: fmt.Sprint("Person ", i)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
	}
	m := New(Options{Manager: mgr, Identity: fran})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Update(joinWorkshop(mgr, code, fran)())
	people := m.ws.view.People

	list := strings.Split(ansi.Strip(strings.Join(m.presenceList(people, 12), "\n")), "\n")
	if len(list) != 12 || list[0] != "Who is here (301 people)" ||
		list[1] != "● Fran · you, facilitator" || list[11] != "  ↓ 291 more" {
		t.Fatalf("the presence list in 12 lines:\n%s", strings.Join(list, "\n"))
	}
	if n := testing.AllocsPerRun(10, func() { m.presenceList(people, 12) }); n > 100 {
		t.Errorf("12 lines of a presence list of 301 allocated %v times; want the shown rows' worth, not every person's", n)
	}
	body := m.peopleBody(118, 14)
	if rows := strings.Split(body, "\n"); len(rows) != 14 || !strings.Contains(body, "Person 0") || strings.Contains(body, "Person 299") {
		t.Fatalf("the people screen in 14 lines:\n%s", body)
	}
	if n := testing.AllocsPerRun(10, func() { m.peopleBody(118, 14) }); n > 300 {
		t.Errorf("14 lines of the people screen with 301 people allocated %v times; want the shown rows' worth", n)
	}
}
