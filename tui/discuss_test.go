package tui_test

import (
	"strings"
	"testing"
	"time"

	"forwhom/session"
)

// The Discuss screen, as people use it: the facilitator moves the
// spotlight and every screen follows; a participant looks around alone and
// snaps back; next steps and who a segment is are set by keys.

// spotlightIs waits until the session has seg in the spotlight.
func spotlightIs(t *testing.T, r *room, seg int64) {
	t.Helper()
	eventually(t, "the spotlight on the segment", func() bool { return r.conn(fran).View().Spotlight == seg })
}

func TestTheSpotlightMovesEveryScreenAndALookerSnapsBack(t *testing.T) {
	r := newRoom(t)
	discussing(r)
	fac := start(t, r.options(fran), 120, 40)
	par := start(t, r.options(pat), 80, 24)
	fac.waitText("#2 Developers", "◉ in the spotlight")
	par.waitText("#2 Developers", "Following the spotlight")

	// Fran moves the spotlight to the next segment with n, then jumps to
	// rank 1 with its digit: Pat's screen follows both times.
	fac.press("n")
	spotlightIs(t, r, r.segment("Security & compliance office").ID)
	par.waitText("#3 Security & compliance office", "◉ in the spotlight")
	fac.press("1")
	spotlightIs(t, r, r.segment("Mobile team 📱 in 東京").ID)
	par.waitText("#1 Mobile team", "◉ in the spotlight")

	// Pat looks at the next segment on his own: the room's spotlight stays.
	par.press("n")
	par.waitText("#2 Developers", "looking around")
	fac.waitText("#1 Mobile team")
	if got := r.conn(fran).View().Spotlight; got != r.segment("Mobile team 📱 in 東京").ID {
		t.Fatalf("a participant moved the spotlight to %d", got)
	}
	// While he looks around, the spotlight moves on; f brings him to it.
	fac.press("3")
	spotlightIs(t, r, r.segment("Security & compliance office").ID)
	par.waitText("#2 Developers", "looking around")
	par.press("f")
	par.waitText("#3 Security & compliance office", "Following the spotlight")

	// g asks for any rank, past the digits.
	fac.press("g")
	fac.waitText("Go to rank ›")
	fac.typeText("9")
	fac.press("enter")
	fac.waitText("Type a rank from 1 to 3.")
	fac.press("backspace")
	fac.typeText("1")
	fac.press("enter")
	spotlightIs(t, r, r.segment("Mobile team 📱 in 東京").ID)
	par.waitText("#1 Mobile team", "◉ in the spotlight")
}

func TestANextStepIsAddedByKeysAndShownToTheRoom(t *testing.T) {
	r := newRoom(t)
	discussing(r)
	par := start(t, r.options(sam), 120, 40)
	fac := start(t, r.options(fran), 120, 40)
	par.waitText("#2 Developers", "Next steps (2)")

	par.press("a")
	par.waitText("Next step? 1 talk to · 2 hypothesis · 3 survey · 4 observe")
	par.press("4")
	par.waitText("Observe ›")
	par.typeText("Watch a team deploy on Friday")
	par.press("enter")
	par.waitText("Owner ›")
	// The owner is the writer unless changed: Sam clears it and names Kim.
	for range len("Sam") {
		par.press("backspace")
	}
	par.typeText("kim")
	par.press("enter")
	par.waitText("Due ›")
	par.typeText("friday")
	par.press("enter")
	par.waitText("a due date is a day written as YYYY-MM-DD", "Due ›") // nothing lost: the prompt stays
	for range len("friday") {
		par.press("backspace")
	}
	par.typeText("2025-03-21")
	par.press("enter")

	fac.waitText("Next steps (3)", "Observe: Watch a team deploy on Friday — Kim, due 2025-03-21")
	var found session.NextStep
	for _, st := range r.snapshot().NextSteps {
		if st.Text == "Watch a team deploy on Friday" {
			found = st
		}
	}
	if found.Kind != session.StepObserve || found.Owner != "Kim" || found.OwnerID != kim.ID || found.Due != "2025-03-21" || found.Author != sam.ID {
		t.Errorf("the stored step is %+v", found)
	}
}

func TestWhoASegmentIsIsSetByTheFacilitatorAndRefusedToOthers(t *testing.T) {
	r := newRoom(t)
	discussing(r)
	fac := start(t, r.options(fran), 120, 40)
	par := start(t, r.options(pat), 120, 40)
	fac.waitText("#2 Developers")

	fac.press("t")
	fac.waitText("Customer type? 1 end user · 2 buyer/payer")
	fac.press("3")
	par.waitText("Who it is: decision maker · supporting customer")
	fac.press("r", "3")
	par.waitText("Who it is: decision maker · not served by us · not ranked as a customer")

	// Pat may not, until Fran opens it to the room; then only for the
	// segment in the spotlight.
	par.press("t")
	par.waitText("only a facilitator can set a segment's customer type")
	fac.press("O")
	par.waitText("everyone may say who it is")
	par.press("t")
	par.waitText("Customer type?")
	par.press("1")
	fac.waitText("Who it is: end user · not served by us")
	if seg := r.segment("Developers"); seg.Type != session.TypeEndUser || seg.Role != session.RoleNotServed {
		t.Errorf("the segment is %q, %q", seg.Type, seg.Role)
	}
}

func TestDoneListsCustomersThenStakeholders(t *testing.T) {
	r := newRoom(t)
	finished(r)
	tt := start(t, r.options(fran), 120, 40)
	screen := tt.waitText("Customer segments", "Stakeholders")
	text := normalize(screen, r.code)
	order := []string{"1. Mobile team", "end user · primary customer", "→ Survey: Survey the Tokyo mobile team — Kim",
		"2. Developers", "internal team · supporting customer", "→ Talk to: Pair with two app teams",
		"Stakeholders", "Security & compliance office", "--table next-steps"}
	last := -1
	for _, s := range order {
		i := strings.Index(text, s)
		if i <= last {
			t.Fatalf("%q is not after the one before it:\n%s", s, text)
		}
		last = i
	}
}

func TestATimeBoxRestartsTheTimerForEachSegment(t *testing.T) {
	r := newRoom(t)
	discussing(r)
	fac := start(t, r.options(fran), 120, 40)
	par := start(t, r.options(pat), 80, 24)
	fac.waitText("#2 Developers")
	fac.press("B")
	fac.waitText("Minutes per segment ›")
	fac.typeText("3")
	fac.press("enter")
	par.waitText("timer 3:00", "3:00 per segment")
	if tb := r.conn(fran).View().Workshop.Settings.TimeBox; tb != 3*time.Minute {
		t.Fatalf("the time box is %v", tb)
	}
	// The clock stands still in tests: the timer restarting at a move is
	// seen in the session, at the deadline it sets.
	r.do(fran, session.SetTimer{Duration: 0})
	par.waitFor("the timer cleared", func(s string) bool { return !strings.Contains(s, "timer 3:00") })
	fac.press("n")
	par.waitText("#3 Security", "timer 3:00")
}

// Someone who joins in the middle of Discuss lands on the spotlight with
// everything said so far.
func TestALateJoinerSeesTheSpotlightAndWhatWasSaid(t *testing.T) {
	r := newRoom(t)
	discussing(r)
	lee := session.Identity{ID: "SHA256:LeeLeeLeeLeeLeeLeeLeeLeeLeeLeeLeeLeeLeeLeeLee", Name: "Lee"}
	tt := start(t, r.options(lee), 120, 40)
	tt.waitText("● Discuss", "#2 Developers", "◉ in the spotlight", "Who it is: internal team · supporting customer",
		"Next steps (2)", "Talk to: Pair with two app teams on their next release — Sam, due 2025-03-28")
}

// A participant edits and removes their own next steps by keys; pressing
// the same keys on someone else's step shows the session's refusal.
func TestEditingAndRemovingNextStepsByKeys(t *testing.T) {
	r := newRoom(t)
	discussing(r)
	par := start(t, r.options(pat), 120, 40)
	par.waitText("› Talk to: Pair with two app teams") // Pat's own, highlighted
	par.press("e")
	par.waitText("Next step? 1 talk to")
	par.press("4")
	par.waitText("Observe › Pair with two app teams on their next release")
	for range len("Pair with two app teams on their next release") {
		par.press("backspace")
	}
	par.typeText("Sit with two app teams")
	par.press("enter")
	par.waitText("Owner › Sam")
	par.press("enter")
	par.waitText("Due › 2025-03-28")
	par.press("enter")
	par.waitText("› Observe: Sit with two app teams — Sam, due 2025-03-28")

	par.press("down")
	par.waitText("› Hypothesis: We believe Developers")
	par.press("d")
	par.waitText("you can remove only your own next steps")
	par.press("up", "d")
	par.waitText("Remove the next step “Sit with two app teams”?")
	par.press("y")
	par.waitText("Next steps (1)")
	for _, st := range r.snapshot().NextSteps {
		if st.Author == pat.ID {
			t.Errorf("Pat's step is still there: %+v", st)
		}
	}
}
