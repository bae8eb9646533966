package plain

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"forwhom/session"
)

// plainUser is a plain client in a test, with what it was last told.
type plainUser struct {
	t   *testing.T
	c   *client
	out *bytes.Buffer
}

func newPlainUser(t *testing.T, mgr *session.Manager, id session.Identity, code string) *plainUser {
	t.Helper()
	var out bytes.Buffer
	c := &client{opts: Options{Manager: mgr, Identity: id, Now: time.Now}, out: &output{w: &out}}
	c.join(context.Background(), code)
	if c.conn == nil {
		t.Fatalf("%s could not join: %s", id.Name, out.String())
	}
	t.Cleanup(c.leave)
	return &plainUser{t: t, c: c, out: &out}
}

// asks types line and checks that each wanted sentence was said once.
func (u *plainUser) asks(line string, want ...string) {
	u.t.Helper()
	u.out.Reset()
	u.c.command(context.Background(), line)
	u.said(line, want...)
}

// hears catches up with the room and checks each sentence was said once.
func (u *plainUser) hears(want ...string) {
	u.t.Helper()
	u.out.Reset()
	u.c.refresh()
	u.said("(refresh)", want...)
}

func (u *plainUser) said(line string, want ...string) {
	u.t.Helper()
	got := u.out.String()
	for _, w := range want {
		if n := strings.Count(got, w); n != 1 {
			u.t.Errorf("%s %q: %q said %d times in:\n%s", u.c.opts.Identity.Name, line, w, n, got)
		}
	}
}

// The Discuss and facilitator commands: each works for the facilitator,
// is refused to a participant where the session refuses, answers bad
// input with a sentence, and every plain client hears the change once.
func TestDiscussAndFacilitatorCommands(t *testing.T) {
	ctx := context.Background()
	mgr := session.NewManager(session.NewMemoryStore(), session.Options{})
	defer mgr.Close()
	fran := session.Identity{ID: "SHA256:fran", Name: "Fran"}
	pat := session.Identity{ID: "SHA256:pat", Name: "Pat"}
	code, err := mgr.Create(ctx, fran, "Discuss")
	if err != nil {
		t.Fatal(err)
	}
	f := newPlainUser(t, mgr, fran, code)
	p := newPlainUser(t, mgr, pat, code)
	f.hears()

	// Help lists the facilitator's commands to facilitators only.
	f.asks("help", "timebox MINUTES|off:", "retitle TITLE:", "cofacilitator PERSON:", "type SEGMENT enduser|", "editstep STEP ")
	p.asks("help", "type SEGMENT enduser|", "deletestep STEP:")
	if strings.Contains(p.out.String(), "retitle") {
		t.Errorf("a participant's help lists retitle:\n%s", p.out.String())
	}

	// Anonymity, before any note is written, and hiding notes.
	p.asks("anonymous off", "Refused: Only a facilitator can change anonymity.")
	f.asks("anonymous maybe", "Usage: anonymous on|off:")
	f.asks("anonymous off", "Notes now show who wrote them.")
	p.hears("Notes now show who wrote them.")
	f.asks("hidenotes off", "Everyone's notes are now shown while the room answers.")
	p.hears("Everyone's notes are now shown while the room answers.")
	p.asks("hidenotes on", "Refused:")

	// Retitle.
	p.asks("retitle Mine", "Refused: Only a facilitator can change the title.")
	f.asks("retitle", "Usage: retitle TITLE:")
	f.asks("retitle Platform team", `The workshop is now called "Platform team".`)
	p.hears(`The workshop is now called "Platform team".`)

	// The time box.
	p.asks("timebox 5", "Refused: Only a facilitator can set the time box.")
	f.asks("timebox soon", "A time box is a number of minutes between 1 and")
	f.asks("timebox 5", "The time box is now 5 minutes per segment.")
	p.hears("The time box is now 5 minutes per segment.")

	// To Discuss with one segment.
	f.asks("next")
	p.asks("add who Product engineers")
	f.asks("next")
	var who int64
	for _, n := range p.c.view.Notes {
		who = n.ID
	}
	f.asks(fmt.Sprintf("make %d Engineers", who), `"Engineers", was made`)
	f.asks("next")
	f.asks("next")
	f.asks("next", "The workshop moved to Discuss.")
	p.hears("The workshop moved to Discuss.")

	// Customer type and role: facilitators only until openwho.
	p.asks("type 1 buyer", "Refused: Only a facilitator can set a segment's customer type.")
	p.asks("role 1 primary", "Refused: Only a facilitator can set a segment's role.")
	f.asks("type 1 alien", `There is no customer type "alien": use enduser, buyer,`)
	f.asks("type 9 buyer", `There is no segment "9".`)
	f.asks("type 1", "Usage: type SEGMENT")
	f.asks("role 1 boss", `There is no role "boss": use primary, supporting, notserved, or none.`)
	f.asks("type 1 buyer", "Customer type of Engineers: buyer/payer.")
	p.hears("Customer type of Engineers: buyer/payer.")
	f.asks("role Eng not served", "Role of Engineers: not served by us.")
	p.hears("Role of Engineers: not served by us.")
	f.asks("role 1 none", "Engineers has no role any more.")
	p.hears("Engineers has no role any more.")
	p.asks("openwho on", "Refused: Only a facilitator can let participants say who a segment is.")
	f.asks("openwho sometimes", "Usage: openwho on|off:")
	f.asks("openwho on", "Everyone may now set the type and role of the segment in the spotlight.")
	p.hears("Everyone may now set the type and role of the segment in the spotlight.")
	p.asks("type 1 end user", "Customer type of Engineers: end user.")
	f.hears("Customer type of Engineers: end user.")
	f.asks("role 1 primary", "Role of Engineers: primary customer.")
	p.hears("Role of Engineers: primary customer.")
	p.asks("segments", "Segment 1: Engineers, 1 note, end user, primary customer, ")

	// Next steps: one's own, or any as facilitator.
	p.asks("step 1 talk Call three app teams", `A next step was added to Engineers: talk to "Call three app teams".`)
	f.asks("step 1 survey Ask the forum", `A next step was added to Engineers: survey "Ask the forum".`)
	p.hears(`A next step was added to Engineers: survey "Ask the forum".`)
	var mine, theirs int64
	for _, st := range p.c.view.Segments[0].NextSteps {
		if st.Author == pat.ID {
			mine = st.ID
		} else {
			theirs = st.ID
		}
	}
	if mine == 0 || theirs == 0 {
		t.Fatalf("steps not found: %+v", p.c.view.Segments[0].NextSteps)
	}
	p.asks("steps", "Engineers (segment 1, end user, primary customer): 2 next steps.", fmt.Sprintf("Step %d, talk to: Call three app teams.", mine))
	p.asks(fmt.Sprintf("editstep %d talk Mine now", theirs), "Refused: You can edit only your own next steps.")
	p.asks(fmt.Sprintf("deletestep %d", theirs), "Refused: You can remove only your own next steps.")
	p.asks(fmt.Sprintf("editstep %d talk", mine), "Usage: editstep STEP")
	p.asks(fmt.Sprintf("editstep %d dance Now", mine), `There is no kind of step "dance"`)
	p.asks("editstep 999 talk Hello", "There is no next step 999.")
	p.asks("deletestep 999", "There is no next step 999.")
	p.asks(fmt.Sprintf("editstep %d observe Watch two teams deploy", mine), `A next step of Engineers now reads: observe "Watch two teams deploy".`)
	f.hears(`A next step of Engineers now reads: observe "Watch two teams deploy".`)
	f.asks(fmt.Sprintf("deletestep %d", mine), `A next step was removed from Engineers: observe "Watch two teams deploy".`)
	p.hears(`A next step was removed from Engineers: observe "Watch two teams deploy".`)
	f.asks("timebox off", "The time box was turned off.")
	p.hears("The time box was turned off.")

	// Roles and removal.
	p.asks("cofacilitator Pat", "Refused: Only a facilitator can change roles.")
	f.asks("cofacilitator Nobody", `There is no one called "Nobody" here.`)
	f.asks("cofacilitator", "Usage: cofacilitator PERSON:")
	f.asks("cofacilitator pat", "Pat is now a facilitator.")
	p.hears("You are now a facilitator")
	f.asks("participant Pat", "Pat is no longer a facilitator.")
	p.hears("You are no longer a facilitator.")
	p.asks("remove Fran", "Refused: Only a facilitator can remove participants.")
	f.asks("remove Fran", "Refused: You cannot remove yourself")
	f.asks("remove Pat", "Pat was removed from the workshop.")
	p.hears("A facilitator removed you from this workshop.")
}
