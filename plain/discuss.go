package plain

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"forwhom/session"
)

// typeArgs is the customer types as the type command takes them.
const typeArgs = "enduser|buyer|decisionmaker|internal|stakeholder|partner"

// word is s lower-cased with spaces, hyphens, underscores and slashes
// dropped, so that "end user", "end-user" and "EndUser" read alike.
func word(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '/':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

// parseCustomerType reads a customer type by its name or its first word;
// none clears it.
func parseCustomerType(s string) (session.CustomerType, bool) {
	w := word(s)
	if w == "none" {
		return session.TypeUnknown, true
	}
	for _, t := range session.CustomerTypes {
		first, _, _ := strings.Cut(strings.ReplaceAll(t.String(), "/", " "), " ")
		if w == word(t.String()) || w == first || (t == session.TypeBuyer && w == "payer") {
			return t, true
		}
	}
	return 0, false
}

// parseSegmentRole reads a segment's role by its name or its first
// words; none clears it.
func parseSegmentRole(s string) (session.SegmentRole, bool) {
	switch word(s) {
	case "none":
		return session.RoleUnknown, true
	case "primary", "primarycustomer":
		return session.RolePrimary, true
	case "supporting", "supportingcustomer":
		return session.RoleSupporting, true
	case "notserved", "notservedbyus":
		return session.RoleNotServed, true
	}
	return 0, false
}

func (c *client) setType(ctx context.Context, args string) {
	ss, ts, _ := strings.Cut(args, " ")
	if ss == "" || strings.TrimSpace(ts) == "" {
		c.usage("type")
		return
	}
	t, ok := parseCustomerType(ts)
	if !ok {
		c.out.say(fmt.Sprintf("There is no customer type %q: use %s, or none.", clip(strings.TrimSpace(ts), 40), strings.ReplaceAll(typeArgs, "|", ", ")))
		return
	}
	if seg, ok := c.segmentArg(ss); ok {
		c.do(ctx, session.SetSegmentType{Segment: seg.ID, Type: t})
	}
}

func (c *client) setRole(ctx context.Context, args string) {
	ss, rs, _ := strings.Cut(args, " ")
	if ss == "" || strings.TrimSpace(rs) == "" {
		c.usage("role")
		return
	}
	r, ok := parseSegmentRole(rs)
	if !ok {
		c.out.say(fmt.Sprintf("There is no role %q: use primary, supporting, notserved, or none.", clip(strings.TrimSpace(rs), 40)))
		return
	}
	if seg, ok := c.segmentArg(ss); ok {
		c.do(ctx, session.SetSegmentRole{Segment: seg.ID, Role: r})
	}
}

// stepArg reads a next step's number among those the viewer can see.
func (c *client) stepArg(s string) (session.NextStep, bool) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err == nil {
		for _, seg := range c.view.Segments {
			for _, st := range seg.NextSteps {
				if st.ID == id {
					return st, true
				}
			}
		}
	}
	c.out.say(fmt.Sprintf("There is no next step %s. Type steps to list them with their numbers.", clip(s, 20)))
	return session.NextStep{}, false
}

func (c *client) editStep(ctx context.Context, args string) {
	which, kind, text, ok := c.stepArgs("editstep", args)
	if !ok {
		return
	}
	st, ok := c.stepArg(which)
	if !ok {
		return
	}
	// The owner and due date stay as they were.
	c.do(ctx, session.EditNextStep{Step: st.ID, Kind: kind, Text: text, Owner: st.Owner, Due: st.Due})
}

func (c *client) deleteStep(ctx context.Context, args string) {
	if args == "" || strings.ContainsRune(args, ' ') {
		c.usage("deletestep")
		return
	}
	if st, ok := c.stepArg(args); ok {
		c.do(ctx, session.DeleteNextStep{Step: st.ID})
	}
}

func (c *client) timeBox(ctx context.Context, args string) {
	switch {
	case strings.EqualFold(args, "off") || args == "0":
		c.do(ctx, session.SetTimeBox{Duration: 0})
		return
	case args == "":
		c.usage("timebox")
		return
	}
	m, err := strconv.ParseFloat(args, 64)
	if err != nil || m <= 0 || m > session.MaxTimer.Minutes() {
		c.out.say(fmt.Sprintf("A time box is a number of minutes between 1 and %.0f, or type timebox off.", session.MaxTimer.Minutes()))
		return
	}
	c.do(ctx, session.SetTimeBox{Duration: time.Duration(m * float64(time.Minute))})
}

// onOff reads on or off (yes/no too), or tells the usage.
func (c *client) onOff(name, args string) (on, ok bool) {
	switch strings.ToLower(args) {
	case "on", "yes":
		return true, true
	case "off", "no":
		return false, true
	}
	c.usage(name)
	return false, false
}

func (c *client) openWho(ctx context.Context, args string) {
	if on, ok := c.onOff("openwho", args); ok {
		c.do(ctx, session.SetOpenWho{Open: on})
	}
}

func (c *client) anonymous(ctx context.Context, args string) {
	if on, ok := c.onOff("anonymous", args); ok {
		c.do(ctx, session.SetAnonymous{Anonymous: on})
	}
}

func (c *client) hideNotes(ctx context.Context, args string) {
	if on, ok := c.onOff("hidenotes", args); ok {
		c.do(ctx, session.SetHideNotes{Hidden: on})
	}
}

func (c *client) retitle(ctx context.Context, args string) {
	if args == "" {
		c.usage("retitle")
		return
	}
	c.do(ctx, session.Retitle{Title: args})
}

// personArg reads someone in the workshop by name (whole, or the start of
// one name), case ignored.
func (c *client) personArg(s string) (session.Person, bool) {
	p, n := byName(c.view.People, func(p session.Person) string { return p.Name }, s)
	switch {
	case n == 1:
		return p, true
	case n > 1:
		c.out.say(fmt.Sprintf("%q could be %d people; type more of the name. Type people to list them.", clip(s, 40), n))
	default:
		c.out.say(fmt.Sprintf("There is no one called %q here. Type people to list them.", clip(s, 40)))
	}
	return session.Person{}, false
}

func (c *client) removePerson(ctx context.Context, args string) {
	if args == "" {
		c.usage("remove")
		return
	}
	if p, ok := c.personArg(args); ok {
		c.do(ctx, session.RemoveParticipant{Participant: p.ID})
	}
}

func (c *client) setPersonRole(ctx context.Context, args string, role session.Role) {
	if args == "" {
		if role == session.RoleFacilitator {
			c.usage("cofacilitator")
		} else {
			c.usage("participant")
		}
		return
	}
	if p, ok := c.personArg(args); ok {
		c.do(ctx, session.SetRole{Participant: p.ID, Role: role})
	}
}
