package tui_test

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"forwhom/session"
	"forwhom/tui"
)

// Each test reads as a user's session: what they press, what they see,
// and what the workshop holds afterwards (checked through the session, not
// only on the screen).

// eventually polls cond until it holds or a deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("never happened: %s", what)
}

func notesBy(snap *session.Snapshot, who session.Identity) []string {
	var out []string
	for _, n := range snap.Notes {
		if n.Author == who.ID {
			out = append(out, n.Text)
		}
	}
	return out
}

// answerOpen is the room just after the facilitator started answering.
func answerOpen(r *room) {
	gathered(r)
	r.do(fran, session.SetPhase{Phase: session.PhaseAnswer})
}

func TestTypingANoteAndEnterAddsIt(t *testing.T) {
	r := newRoom(t)
	answerOpen(r)
	tt := start(t, r.options(pat), 120, 40)
	tt.waitText("● Answer", "no notes yet")

	tt.press("a")
	tt.waitText("New note ›")
	tt.typeText("Run the build farm")
	tt.press("enter")
	eventually(t, "Pat's note is stored", func() bool {
		return strings.Join(notesBy(r.snapshot(), pat), "|") == "Run the build farm"
	})
	// The input stays open for the next note.
	tt.typeText("Keep runners patched")
	tt.press("enter")
	eventually(t, "Pat's second note is stored", func() bool { return len(notesBy(r.snapshot(), pat)) == 2 })
	tt.waitText("• Run the build farm", "• Keep runners patched", "2 notes")
	for _, n := range r.snapshot().Notes {
		if n.Question != session.QuestionDo {
			t.Errorf("note %q went to question %v, want do", n.Text, n.Question)
		}
	}
}

func TestEscClosesTheNoteInputWithoutAdding(t *testing.T) {
	r := newRoom(t)
	answerOpen(r)
	tt := start(t, r.options(pat), 80, 24)
	tt.waitText("● Answer")

	tt.press("tab", "tab", "a")
	tt.waitText("New note ›")
	tt.typeText("Half a thought")
	tt.waitText("Half a thought")
	tt.press("esc")
	tt.waitFor("the input to close", func(s string) bool {
		return !strings.Contains(s, "Half a thought") && strings.Contains(s, "a add")
	})
	if got := notesBy(r.snapshot(), pat); len(got) != 0 {
		t.Fatalf("esc stored notes %q", got)
	}
}

func TestOthersNotesStayHiddenWhileAnswering(t *testing.T) {
	r := newRoom(t)
	answering(r)
	tt := start(t, r.options(pat), 120, 40)
	screen := ansi.Strip(tt.waitText("● Answer", "App developers"))
	for _, hidden := range []string{"Keep the Kubernetes clusters healthy", "Mobile team", "Security & compliance office"} {
		if strings.Contains(screen, hidden) {
			t.Errorf("Pat sees another participant's hidden note %q while answering", hidden)
		}
	}
	if !strings.Contains(screen, "4 notes, 2 hidden") {
		t.Errorf("the who column does not count the hidden notes:\n%s", screen)
	}

	r.do(fran, session.SetPhase{Phase: session.PhaseGroup})
	tt.waitText("● Group", "Keep the Kubernetes clusters healthy", "Mobile team 📱 in 東京", "Security & compliance office")
}

func TestFacilitatorCanShowNotesWhileAnswering(t *testing.T) {
	r := newRoom(t)
	answering(r)
	tt := start(t, r.options(pat), 120, 40)
	tt.waitText("● Answer", "4 notes, 2 hidden")
	r.do(fran, session.SetHideNotes{Hidden: false})
	tt.waitText("◦ Mobile team 📱 in 東京", "4 notes")
}

func TestSpaceSelectsNotesAndSMakesASegment(t *testing.T) {
	r := newRoom(t)
	answering(r)
	r.do(fran, session.SetPhase{Phase: session.PhaseGroup})
	tt := start(t, r.options(pat), 120, 40)
	tt.waitText("● Group", "App developers")

	// The loose "who" notes come first: App developers, Data scientists…
	tt.press("space", "space")
	tt.waitText("✓ App developers", "✓ Data scientists", "2 notes selected")
	tt.press("s")
	tt.waitText("New segment of 2 notes, named")
	tt.typeText("Builders")
	tt.press("enter")

	eventually(t, "the segment is stored", func() bool {
		snap := r.snapshot()
		if len(snap.Segments) != 1 || snap.Segments[0].Name != "Builders" {
			return false
		}
		in := 0
		for _, n := range snap.Notes {
			if n.Segment == snap.Segments[0].ID {
				in++
			}
		}
		return in == 2
	})
	tt.waitFor("the selection to clear and the segment to show", func(s string) bool {
		return strings.Contains(s, "▸ Builders (2)") && !strings.Contains(s, "✓")
	})
}

func TestEnterPutsSelectedNotesIntoASegmentAndUTakesOneOut(t *testing.T) {
	r := newRoom(t)
	grouping(r)
	tt := start(t, r.options(pat), 120, 40)
	tt.waitText("● Group", "▸ Developers (2)")
	dev := r.segment("Developers").ID

	// Left pane: Mobile team (who), then the loose do and value notes,
	// each by text (the room is anonymous). Space selects and moves on.
	tt.press("space", "space")
	tt.waitText("✓ Mobile team", "✓ [do] Keep the Kubernetes")
	tt.press("tab", "enter") // the first row on the right is Developers
	tt.waitText("▸ Developers (3)")
	snap := r.snapshot()
	for _, n := range snap.Notes {
		switch n.Text {
		case "Mobile team 📱 in 東京", "Keep the Kubernetes clusters healthy":
			if n.Segment != dev {
				t.Errorf("%q is in segment %d, want Developers (%d)", n.Text, n.Segment, dev)
			}
		}
	}

	// Developers, App developers, Data scientists, Mobile team: take it out.
	tt.press("down", "down", "down", "u")
	tt.waitText("▸ Developers (2)")
	eventually(t, "Mobile team leaves the segment", func() bool {
		for _, n := range r.snapshot().Notes {
			if n.Text == "Mobile team 📱 in 東京" {
				return n.Segment == 0
			}
		}
		return false
	})
}

func TestMergingTwoSegments(t *testing.T) {
	r := newRoom(t)
	grouping(r)
	tt := start(t, r.options(pat), 120, 40)
	tt.waitText("● Group", "▸ Security & compliance office (1)")
	into := r.segment("Developers").ID

	tt.press("tab")
	// Rows: Developers, App developers, Data scientists, Faster…, Security.
	tt.press("down", "down", "down", "down", "m")
	tt.waitText("[merging]")
	tt.press("up", "up", "up", "up", "m")
	tt.waitText("▸ Developers (3)")
	snap := r.snapshot()
	if len(snap.Segments) != 1 || snap.Segments[0].ID != into {
		t.Fatalf("segments after merge: %+v", snap.Segments)
	}
}

func TestPlusCastsADotAndDotsLeftChange(t *testing.T) {
	r := newRoom(t)
	grouping(r)
	r.do(fran, session.SetPhase{Phase: session.PhaseVote})
	tt := start(t, r.options(pat), 80, 24)
	tt.waitText("● Vote", "Dots left: 5 of 5")

	tt.press("+")
	tt.waitText("Dots left: 4 of 5", "●○○")
	eventually(t, "the dot is stored", func() bool {
		snap := r.snapshot()
		return len(snap.Votes) == 1 && snap.Votes[0].Participant == pat.ID && snap.Votes[0].Dots == 1
	})
	tt.press("-")
	tt.waitText("Dots left: 5 of 5")
}

func TestARefusedActionShowsTheSessionsSentence(t *testing.T) {
	r := newRoom(t)
	gathered(r)
	tt := start(t, r.options(pat), 80, 24)
	tt.waitText("● Lobby")
	if strings.Contains(tt.text(), "> start") {
		t.Error("the help bar offers a participant the facilitator's > key")
	}

	tt.press(">")
	tt.waitText("! only a facilitator can change the phase")
	if got := r.snapshot().Workshop.Phase; got != session.PhaseLobby {
		t.Fatalf("phase = %v after a participant pressed >", got)
	}
}

func TestFacilitatorMovesTheRoomToTheNextPhase(t *testing.T) {
	r := newRoom(t)
	gathered(r)
	fac := start(t, r.options(fran), 80, 24)
	part := start(t, r.options(pat), 80, 24)
	fac.waitText("● Lobby", "> start")
	part.waitText("● Lobby")

	fac.press(">")
	fac.waitText("● Answer")
	part.waitText("● Answer")
	fac.press("<")
	part.waitText("● Lobby")
}

func TestQuestionMarkTogglesTheFullHelp(t *testing.T) {
	r := newRoom(t)
	answerOpen(r)
	tt := start(t, r.options(pat), 80, 24)
	tt.waitText("● Answer", "? more")
	if strings.Contains(tt.text(), "previous column") {
		t.Fatal("the short help already shows the full help")
	}
	tt.press("?")
	tt.waitText("previous column", "back to lobby", "ctrl+c quit")
	tt.press("?")
	tt.waitFor("the short help again", func(s string) bool { return !strings.Contains(s, "previous column") })
}

func TestPickingAnInsightTwiceTakesItBack(t *testing.T) {
	r := newRoom(t)
	voting(r)
	r.do(fran, session.SetPhase{Phase: session.PhasePrioritize})
	tt := start(t, r.options(pat), 120, 40)
	tt.waitText("● Prioritize", "no picks yet")
	first := r.conn(pat).View().Segments[0]

	tt.press("1")
	tt.waitText("yours: " + first.Name)
	eventually(t, "the pick is stored", func() bool {
		picks := r.snapshot().Picks
		return len(picks) == 1 && picks[0].Segment == first.ID && picks[0].Lens == session.LensBiggest
	})
	tt.press("1")
	eventually(t, "the pick is taken back", func() bool { return len(r.snapshot().Picks) == 0 })
}

func TestFacilitatorRemovesAParticipantAfterConfirming(t *testing.T) {
	r := newRoom(t)
	gathered(r)
	tt := start(t, r.options(fran), 80, 24)
	tt.waitText("● Lobby")
	tt.press("P")
	tt.waitText("People", "Pat")
	// Fran, Kim, Pat, Sam in join order.
	tt.press("down", "down", "x")
	tt.waitText("Remove Pat?")
	tt.press("n")
	tt.waitFor("the question to go", func(s string) bool { return !strings.Contains(s, "Remove Pat") })
	tt.press("x")
	tt.waitText("Remove Pat?")
	tt.press("y")
	eventually(t, "Pat is removed", func() bool {
		for _, p := range r.snapshot().Participants {
			if p.ID == pat.ID {
				return p.Removed
			}
		}
		return false
	})
}

func TestEscFromAWorkshopGoesBackToTheLobbyAndLeaves(t *testing.T) {
	r := newRoom(t)
	gathered(r)
	tt := start(t, r.options(sam), 80, 24)
	tt.waitText("● Lobby")
	eventually(t, "Sam is online twice", func() bool { return r.snapshot().Online[sam.ID] == 2 })
	tt.press("esc")
	tt.waitText("Your workshops", "Platform team")
	eventually(t, "the interface's connection is closed", func() bool { return r.snapshot().Online[sam.ID] == 1 })
}

func TestJoiningAnUnknownCodeStaysInTheLobby(t *testing.T) {
	r := newRoom(t)
	opts := r.options(pat)
	opts.Join = ""
	tt := start(t, opts, 80, 24)
	tt.waitText("Join by code")
	tt.press("tab") // from "create" to "join"
	tt.typeText("zzzz22")
	tt.press("enter")
	tt.waitText("! no workshop has the code ZZZZ22")

	tt.typeText(strings.ToLower(r.code))
	tt.press("enter")
	tt.waitText("● Lobby", "Platform team")
}

func TestCreatingAWorkshopFromTheLobby(t *testing.T) {
	r := newRoom(t)
	opts := r.options(sam)
	opts.Join = ""
	tt := start(t, opts, 80, 24)
	tt.waitText("Create a workshop")
	tt.typeText("Data platform")
	tt.press("enter")
	tt.waitText("● Lobby", "Data platform", "you, facilitator")
}

func TestRemovedParticipantGoesBackToTheLobby(t *testing.T) {
	r := newRoom(t)
	gathered(r)
	tt := start(t, r.options(pat), 80, 24)
	tt.waitText("● Lobby")
	r.do(fran, session.RemoveParticipant{Participant: pat.ID})
	tt.waitText("You were removed from this workshop")
	tt.press("enter")
	tt.waitText("Your workshops")
}

func TestShutdownShowsTheReasonAndQuits(t *testing.T) {
	r := newRoom(t)
	gathered(r)
	tt := start(t, r.options(pat), 80, 24)
	tt.waitText("● Lobby")
	tt.send(tui.ShutdownMsg{Reason: "back in five minutes"})
	out := tt.finalScreen()
	if !strings.Contains(out, "The forwhom server is shutting down: back in five minutes") {
		t.Fatalf("the reason is not on the terminal; output ends with %q", tail(string(out), 200))
	}
	eventually(t, "the connection is closed", func() bool { return r.snapshot().Online[pat.ID] == 1 })
}

func TestTheTimerCountsDown(t *testing.T) {
	r := newRoom(t)
	answering(r) // a five-minute timer from now
	c := &testClock{at: now}
	opts := r.options(pat)
	opts.Now = c.now
	tt := start(t, opts, 80, 24)
	tt.waitText("timer 5:00")
	c.set(now.Add(90 * time.Second))
	tt.waitText("timer 3:30") // redrawn by the program's own tick
	c.set(now.Add(6 * time.Minute))
	tt.waitText("time's up")
}

// testClock is a clock a test moves while the program reads it.
type testClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

func (c *testClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = t
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

func TestParticipantsAreNotOfferedFacilitatorControls(t *testing.T) {
	r := newRoom(t)
	grouping(r)
	tt := start(t, r.options(pat), 80, 24)
	tt.waitText("● Group")
	tt.press("?")
	screen := tt.waitText("ctrl+c quit")
	for _, fac := range []string{"facilitator menu", "lock grouping", "next phase", "delete note"} {
		if strings.Contains(screen, fac) {
			t.Errorf("a participant's help offers %q", fac)
		}
	}
	tt.press("F")
	if strings.Contains(tt.text(), "Facilitator menu") {
		t.Error("F opened the facilitator menu for a participant")
	}
}

func TestFacilitatorSetsATimerFromTheMenu(t *testing.T) {
	r := newRoom(t)
	answerOpen(r)
	tt := start(t, r.options(fran), 80, 24)
	tt.waitText("● Answer")
	tt.press("F")
	tt.waitText("Facilitator menu", "Set a timer")
	tt.press("t")
	tt.waitText("Timer, in minutes ›")
	tt.press("backspace")
	tt.typeText("2.5")
	tt.press("enter")
	tt.waitText("timer 2:30")
	if dl := r.snapshot().Workshop.Settings.TimerDeadline; !dl.Equal(now.Add(150 * time.Second)) {
		t.Fatalf("deadline = %v, want 2m30s from now", dl)
	}
}

func TestFilteringNotesWhileGrouping(t *testing.T) {
	r := newRoom(t)
	grouping(r)
	tt := start(t, r.options(pat), 120, 40)
	tt.waitText("● Group", "Mobile team 📱 in 東京")
	tt.press("/")
	tt.typeText("KUBE")
	tt.waitFor("only the matching note", func(s string) bool {
		return strings.Contains(s, "[do] Keep the Kubernetes") && !strings.Contains(s, "Mobile team") &&
			strings.Contains(s, "filter: KUBE (1)")
	})
	tt.press("enter") // keeps the filter
	tt.waitText("filter: KUBE (1)", "esc clear filter")
	tt.press("esc") // clears it
	tt.waitText("Mobile team 📱 in 東京", "5 not in a segment")
}

func TestMinimumVotesFilterWhilePrioritizing(t *testing.T) {
	r := newRoom(t)
	prioritizing(r) // votes: Mobile 4, Developers 3, Security 1
	tt := start(t, r.options(pat), 80, 24)
	tt.waitText("● Prioritize", "showing 3 of 3")
	tt.press("v", "v")
	tt.waitText("min votes: 2", "showing 2 of 3")
	if strings.Contains(tt.text(), "Security & compliance office  ") {
		t.Error("a segment under the minimum is still listed")
	}
	tt.press("esc")
	tt.waitText("min votes: 0", "showing 3 of 3")
}

func TestAPastedEscapeSequenceLeavesNoTailInTheNote(t *testing.T) {
	r := newRoom(t)
	answerOpen(r)
	tt := start(t, r.options(pat), 120, 40)
	tt.waitText("● Answer", "no notes yet")
	tt.press("a")
	tt.waitText("New note ›")
	tt.paste("\x1b[31mred\x1b[0m team\x1b]0;pwned\x07")
	tt.press("enter")
	eventually(t, "the pasted note is stored clean", func() bool {
		return strings.Join(notesBy(r.snapshot(), pat), "|") == "red team"
	})
}

func TestGroupOpensOnTheFirstWhoNote(t *testing.T) {
	r := newRoom(t)
	answerOpen(r)
	r.do(pat, session.AddNote{Question: session.QuestionDo, Text: "Run the CI"})
	r.do(sam, session.AddNote{Question: session.QuestionWho, Text: "Developers"})
	tt := start(t, r.options(pat), 120, 40)
	tt.waitText("● Answer", "Run the CI")
	r.do(fran, session.SetPhase{Phase: session.PhaseGroup})
	screen := tt.waitText("● Group", "Developers")
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, "›") && strings.Contains(line, "Run the CI") {
			t.Fatalf("Group opened on Pat's do note from Answer, not the first who note:\n%s", screen)
		}
	}
	tt.press("space", "s")
	tt.waitText("name")
	tt.press("enter")
	eventually(t, "a segment is made of the first who note", func() bool {
		s := r.snapshot()
		return len(s.Segments) == 1 && s.Segments[0].Name == "Developers"
	})
}

// The people panel counts everyone's notes in a named workshop; in an
// anonymous one each person sees only their own count.
func TestThePeoplePanelCountsNotesOnlyWhereAuthorsShow(t *testing.T) {
	for _, anonymous := range []bool{true, false} {
		r := newRoom(t)
		gathered(r)
		r.do(fran, session.SetAnonymous{Anonymous: anonymous})
		r.do(fran, session.SetPhase{Phase: session.PhaseAnswer})
		r.do(sam, session.AddNote{Question: session.QuestionWho, Text: "Mobile team"},
			session.AddNote{Question: session.QuestionDo, Text: "Run the clusters"})
		r.do(pat, session.AddNote{Question: session.QuestionWho, Text: "App developers"})
		tt := start(t, r.options(pat), 120, 40)
		tt.waitText("● Answer")
		tt.press("P")
		screen := tt.waitText("Pat (you)")
		samRow, patRow := lineWith(screen, "Sam"), lineWith(screen, "Pat (you)")
		if fields := strings.Fields(patRow); !slices.Contains(fields, "1") {
			t.Errorf("anonymous %v: Pat's own row %q does not count his note", anonymous, patRow)
		}
		counted := slices.Contains(strings.Fields(samRow), "2")
		if counted == anonymous {
			t.Errorf("anonymous %v: Sam's row reads %q", anonymous, samRow)
		}
		if anonymous && !strings.Contains(screen, "anonymous: others' note counts hidden") {
			t.Errorf("the anonymous panel does not say why counts are hidden:\n%s", screen)
		}
	}
}

// lineWith is the first line of screen that contains s.
func lineWith(screen, s string) string {
	for line := range strings.Lines(screen) {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}

func TestAParticipantPressingCoFacilitatorHearsTheRefusal(t *testing.T) {
	r := newRoom(t)
	gathered(r)
	tt := start(t, r.options(pat), 120, 40)
	tt.waitText("● Lobby")
	tt.press("P")
	tt.waitText("Fran")
	tt.press("c")
	tt.waitText("! only a facilitator can change roles")
}
