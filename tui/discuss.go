package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The Discuss phase: the facilitator walks the ranked segments with a
// spotlight every screen follows. On the left the ranking, on the right
// the segment shown: its notes, votes and insight picks, who it is (type
// and role) and the next steps written for it. A participant may look at
// another segment on their own (n, p, a rank's digit) and snap back to the
// spotlight with f.

type discussState struct {
	free   bool  // the viewer looks around on their own
	own    int64 // the segment they look at while free
	cursor int   // the highlighted next step of the segment shown
	at     int64 // that step's ID, kept across updates
	choose choice
	draft  stepDraft // a next step being written or edited
}

// choice is a pick from a short numbered list, asked on the line under
// the screen: a customer type, a role, a next step's kind.
type choice int

const (
	chooseNone choice = iota
	chooseType
	chooseRole
	chooseKind
)

// stepDraft is a next step as it is being written: its kind is picked,
// then its text, owner and due date are asked one after the other.
type stepDraft struct {
	step    int64 // zero: a new step
	segment int64
	kind    session.StepKind
	text    string
	owner   string
	due     string
}

// discussShown is the segment on the viewer's screen: the spotlight,
// unless they look around.
func (m *Model) discussShown() (session.SegmentView, int, bool) {
	v := m.ws.view
	d := &m.ws.disc
	id := v.Spotlight
	if d.free && !v.Can.MoveSpotlight {
		id = d.own
	}
	for i, s := range v.Segments {
		if s.ID == id {
			return s, i, true
		}
	}
	if len(v.Segments) > 0 {
		return v.Segments[0], 0, true
	}
	return session.SegmentView{}, 0, false
}

func (m *Model) reconcileDiscuss() {
	d := &m.ws.disc
	v := m.ws.view
	if d.free {
		if _, ok := v.Segment(d.own); !ok || d.own == v.Spotlight {
			d.free = false // what they looked at is gone, or the room came to it
		}
	}
	seg, _, ok := m.discussShown()
	if !ok {
		d.cursor, d.at = 0, 0
		return
	}
	for i, st := range seg.NextSteps {
		if st.ID == d.at {
			d.cursor = i
			return
		}
	}
	d.cursor = clamp(d.cursor, len(seg.NextSteps))
	d.at = 0
	if len(seg.NextSteps) > 0 {
		d.at = seg.NextSteps[d.cursor].ID
	}
}

// discussStep is the highlighted next step of the segment shown.
func (m *Model) discussStep() (session.NextStep, bool) {
	seg, _, ok := m.discussShown()
	if !ok || len(seg.NextSteps) == 0 {
		return session.NextStep{}, false
	}
	return seg.NextSteps[clamp(m.ws.disc.cursor, len(seg.NextSteps))], true
}

func (m *Model) syncDiscussKeys() {
	k := &m.keys.discuss
	v := m.ws.view
	d := &m.ws.disc
	seg, _, ok := m.discussShown()
	st, hasStep := m.discussStep()
	fac := v.Can.MoveSpotlight
	k.Next.SetEnabled(ok)
	k.Prev.SetEnabled(ok)
	k.Rank.SetEnabled(ok)
	k.GoTo.SetEnabled(ok)
	if fac {
		k.Next.SetHelp("n/→", "spotlight next")
		k.Prev.SetHelp("p/←", "spotlight previous")
		k.Rank.SetHelp("1-9", "spotlight rank")
	} else {
		k.Next.SetHelp("n/→", "look at next")
		k.Prev.SetHelp("p/←", "look at previous")
		k.Rank.SetHelp("1-9", "look at rank")
	}
	k.Follow.SetEnabled(d.free && !fac)
	k.Up.SetEnabled(hasStep)
	k.Down.SetEnabled(hasStep)
	k.Add.SetEnabled(ok && v.Can.AddNextSteps)
	k.Edit.SetEnabled(hasStep && v.CanChangeStep(st))
	k.Delete.SetEnabled(hasStep && v.CanChangeStep(st))
	k.Type.SetEnabled(ok && v.CanClassify(seg.ID))
	k.Role.SetEnabled(ok && v.CanClassify(seg.ID))
	k.OpenWho.SetEnabled(v.Facilitator())
	k.TimeBox.SetEnabled(v.Facilitator())
	if v.Workshop.Settings.OpenWho {
		k.OpenWho.SetHelp("O", "close who to the room")
	} else {
		k.OpenWho.SetHelp("O", "open who to the room")
	}
}

func (m *Model) discussKey(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	ws := m.ws
	d := &ws.disc
	v := ws.view
	k := m.keys.discuss
	if d.choose != chooseNone {
		return true, m.choiceKey(msg)
	}
	seg, idx, ok := m.discussShown()
	goTo := m.discussGo
	moveStep := func(delta int) {
		d.cursor = clamp(d.cursor+delta, len(seg.NextSteps))
		if len(seg.NextSteps) > 0 {
			d.at = seg.NextSteps[d.cursor].ID
		}
	}
	switch {
	case key.Matches(msg, k.Next):
		return true, goTo(idx + 1)
	case key.Matches(msg, k.Prev):
		return true, goTo(idx - 1)
	case key.Matches(msg, k.Rank):
		return true, goTo(int(msg.String()[0] - '1'))
	case key.Matches(msg, k.GoTo):
		return true, m.openPrompt(&prompt{kind: promptRank, label: "Go to rank"}, "", fmt.Sprintf("1 to %d", len(v.Segments)), 4)
	case key.Matches(msg, k.Follow):
		d.free = false
		m.reconcileDiscuss()
	case key.Matches(msg, k.Up):
		moveStep(-1)
	case key.Matches(msg, k.Down):
		moveStep(1)
	case ok && key.Matches(msg, k.Add):
		d.draft = stepDraft{segment: seg.ID}
		d.choose = chooseKind
	case pressed(msg, k.Edit):
		st, ok := m.discussStep()
		switch {
		case !ok:
		case !v.CanChangeStep(st):
			// The session says why not.
			return true, ws.run(session.EditNextStep{Step: st.ID, Kind: st.Kind, Text: st.Text, Owner: st.Owner, Due: st.Due})
		default:
			d.draft = stepDraft{step: st.ID, segment: st.Segment, kind: st.Kind, text: st.Text, owner: st.Owner, due: st.Due}
			d.choose = chooseKind
		}
	case pressed(msg, k.Delete):
		st, ok := m.discussStep()
		switch {
		case !ok:
		case !v.CanChangeStep(st):
			return true, ws.run(session.DeleteNextStep{Step: st.ID})
		default:
			ws.confirm = &confirm{question: "Remove the next step “" + truncate(st.Text, 40) + "”?", cmd: session.DeleteNextStep{Step: st.ID}}
		}
	case ok && pressed(msg, k.Type):
		if !v.CanClassify(seg.ID) {
			// The session says why not.
			return true, ws.run(session.SetSegmentType{Segment: seg.ID, Type: seg.Type})
		}
		d.choose = chooseType
	case ok && pressed(msg, k.Role):
		if !v.CanClassify(seg.ID) {
			return true, ws.run(session.SetSegmentRole{Segment: seg.ID, Role: seg.Role})
		}
		d.choose = chooseRole
	case pressed(msg, k.OpenWho):
		return true, ws.run(session.SetOpenWho{Open: !v.Workshop.Settings.OpenWho})
	case key.Matches(msg, k.TimeBox):
		return true, m.openTimeBox()
	default:
		return false, nil
	}
	return true, nil
}

// openTimeBox asks the facilitator for the minutes per segment.
func (m *Model) openTimeBox() tea.Cmd {
	cur := ""
	if tb := m.ws.view.Workshop.Settings.TimeBox; tb > 0 {
		cur = clock(tb)
	}
	return m.openPrompt(&prompt{kind: promptTimeBox, label: "Minutes per segment"}, cur, "such as 5 or 2:30; 0 turns it off", 8)
}

// discussGo shows the segment at place i of the ranking: the facilitator
// moves the room's spotlight there, anyone else looks at it alone.
func (m *Model) discussGo(i int) tea.Cmd {
	ws := m.ws
	v := ws.view
	d := &ws.disc
	if i < 0 || i >= len(v.Segments) {
		return nil
	}
	target := v.Segments[i].ID
	if v.Can.MoveSpotlight {
		return ws.run(session.Spotlight{Segment: target})
	}
	d.free, d.own = target != v.Spotlight, target
	d.cursor, d.at = 0, 0
	m.reconcileDiscuss()
	return nil
}

// choiceOptions are the numbered options of a choice, in order; the
// first is picked with 1.
func choiceOptions(c choice) (title string, options []string) {
	switch c {
	case chooseType:
		for _, t := range session.CustomerTypes {
			options = append(options, t.String())
		}
		return "Customer type", options
	case chooseRole:
		for _, r := range session.SegmentRoles {
			options = append(options, r.String())
		}
		return "Role", options
	case chooseKind:
		for _, k := range session.StepKinds {
			options = append(options, k.String())
		}
		return "Next step", options
	}
	return "", nil
}

// choiceKey takes a digit for the open choice; esc closes it.
func (m *Model) choiceKey(msg tea.KeyPressMsg) tea.Cmd {
	ws := m.ws
	d := &ws.disc
	k := m.keys.choice
	c := d.choose
	if key.Matches(msg, k.Cancel) {
		d.choose = chooseNone
		return nil
	}
	if !key.Matches(msg, k.Pick) {
		return nil
	}
	n := int(msg.String()[0] - '0') // 0 clears a type or role
	_, options := choiceOptions(c)
	if n > len(options) || (n == 0 && c == chooseKind) {
		return nil
	}
	d.choose = chooseNone
	seg, _, ok := m.discussShown()
	if !ok {
		return nil
	}
	switch c {
	case chooseType:
		t := session.TypeUnknown
		if n > 0 {
			t = session.CustomerTypes[n-1]
		}
		return ws.run(session.SetSegmentType{Segment: seg.ID, Type: t})
	case chooseRole:
		r := session.RoleUnknown
		if n > 0 {
			r = session.SegmentRoles[n-1]
		}
		return ws.run(session.SetSegmentRole{Segment: seg.ID, Role: r})
	case chooseKind:
		d.draft.kind = session.StepKinds[n-1]
		text := d.draft.text
		if text == "" && d.draft.kind == session.StepHypothesis {
			text = "We believe " + seg.Name + " need "
		}
		return m.openPrompt(&prompt{kind: promptStepText, label: stepLabel(d.draft.kind)}, text,
			stepPlaceholder(d.draft.kind), session.MaxNoteLen)
	}
	return nil
}

func stepLabel(k session.StepKind) string {
	return strings.ToUpper(k.String()[:1]) + k.String()[1:]
}

func stepPlaceholder(k session.StepKind) string {
	switch k {
	case session.StepTalkTo:
		return "who, or a proxy when the real customer is out of reach"
	case session.StepHypothesis:
		return "We believe … need …; we'll know when …"
	case session.StepSurvey:
		return "what to ask, and whom"
	}
	return "what to watch, and where"
}

// submitStepPrompt takes the answer to one of a next step's prompts and
// asks the next, or sends the step.
func (m *Model) submitStepPrompt(p *prompt, value string) tea.Cmd {
	ws := m.ws
	d := &ws.disc.draft
	switch p.kind {
	case promptStepText:
		if value == "" {
			m.status = status{text: "Type what the team will do, or press esc.", warn: true}
			return nil
		}
		d.text = value
		owner := d.owner
		if d.step == 0 && owner == "" {
			owner = ws.view.Me.Name
		}
		return m.openPrompt(&prompt{kind: promptStepOwner, label: "Owner"}, owner, "a name; empty for nobody yet", session.MaxNameLen)
	case promptStepOwner:
		d.owner = value
		return m.openPrompt(&prompt{kind: promptStepDue, label: "Due"}, d.due, "YYYY-MM-DD, or empty", 10)
	case promptStepDue:
		due, err := session.ParseDue(value)
		if err != nil {
			m.warn(err)
			return nil
		}
		d.due = due
		ws.prompt = nil
		if d.step != 0 {
			return ws.run(session.EditNextStep{Step: d.step, Kind: d.kind, Text: d.text, Owner: d.owner, Due: d.due})
		}
		return ws.run(session.AddNextStep{Segment: d.segment, Kind: d.kind, Text: d.text, Owner: d.owner, Due: d.due})
	}
	return nil
}

// choiceView is the lines under the screen while a choice is open: as
// many as the options need at this width, so none is cut off.
func (m *Model) choiceView(w int) []string {
	s := m.styles
	c := m.ws.disc.choose
	title, options := choiceOptions(c)
	parts := make([]string, 0, len(options)+1)
	for i, o := range options {
		parts = append(parts, s.Key.Render(fmt.Sprint(i+1))+" "+o)
	}
	if c != chooseKind {
		parts = append(parts, s.Key.Render("0")+" not said")
	}
	sep := s.Faint.Render(" · ")
	head := s.Heading.Render(title+"?") + " "
	var lines []string
	line := head
	n := 0 // options on the line
	for _, p := range parts {
		next := line + p
		if n > 0 {
			next = line + sep + p
		}
		if n > 0 && cellWidth(next) > w {
			lines = append(lines, line)
			line, n = strings.Repeat(" ", cellWidth(head))+p, 1
			continue
		}
		line, n = next, n+1
	}
	lines = append(lines, line)
	for i, l := range lines {
		lines[i] = truncate(l, w)
	}
	return lines
}

func (m *Model) discussHint() string {
	v := m.ws.view
	d := &m.ws.disc
	switch {
	case d.choose != chooseNone:
		return "Press a number, or esc."
	case v.Can.MoveSpotlight:
		return "Everyone sees the segment in the spotlight. n/p move it, 1-9 jump to a rank."
	case d.free:
		return "You are looking around on your own. Press f to follow the spotlight again."
	}
	return "Following the spotlight. n/p look at other segments on your own; a adds a next step."
}

// whoText says who a segment is, or that the room has not said.
func whoText(seg session.SegmentView) string {
	var parts []string
	if seg.Type != session.TypeUnknown {
		parts = append(parts, seg.Type.String())
	}
	if seg.Role != session.RoleUnknown {
		parts = append(parts, seg.Role.String())
	}
	return strings.Join(parts, " · ")
}

// stepLine is a next step in one line: kind, text, owner and due date.
func stepText(st session.NextStep) string {
	out := stepLabel(st.Kind) + ": " + st.Text
	var tail []string
	if st.Owner != "" {
		tail = append(tail, st.Owner)
	}
	if st.Due != "" {
		tail = append(tail, "due "+st.Due)
	}
	if len(tail) > 0 {
		out += " — " + strings.Join(tail, ", ")
	}
	return out
}

func (m *Model) discussBody(w, h int) string {
	s := m.styles
	v := m.ws.view
	d := &m.ws.disc
	seg, idx, ok := m.discussShown()
	if !ok {
		return column(w, h, s.Faint.Render("No segments to discuss. Go back to Group to make some."))
	}

	// The line on top: where the room is, and where the viewer is.
	top := s.Heading.Render(fmt.Sprintf("Segment %d of %d", idx+1, len(v.Segments)))
	switch {
	case seg.ID == v.Spotlight:
		top += s.Faint.Render(" · ") + s.Mark.Render("◉ in the spotlight")
	default:
		top += s.Faint.Render(" · ") + s.Warn.Render("looking around") + s.Faint.Render(" (f follows the spotlight)")
	}
	if tb := v.Workshop.Settings.TimeBox; tb > 0 {
		top += s.Faint.Render(" · " + clock(tb) + " per segment")
	}
	if v.Workshop.Settings.OpenWho {
		top += s.Faint.Render(" · everyone may say who it is")
	}

	// The ranking, on the left.
	listW := min(30, max(16, w/3))
	cardW := max(10, w-listW-3)
	items := make([][]string, 0, len(v.Segments))
	for i, sg := range v.Segments {
		lead := "  "
		if sg.ID == v.Spotlight {
			lead = s.Mark.Render("◉ ")
		}
		name := fmt.Sprintf("%d %s", sg.Rank, sg.Name)
		if i == idx {
			name = s.Current.Render(name)
		}
		tag := ""
		switch sg.Listing() {
		case session.ListStakeholders:
			tag = " ·s"
		case session.ListNotServed:
			tag = " ·×"
		}
		if len(sg.NextSteps) > 0 {
			tag += fmt.Sprintf(" →%d", len(sg.NextSteps))
		}
		items = append(items, []string{lead + pad(name, max(1, listW-2-cellWidth(tag))) + s.Faint.Render(tag)})
	}
	list := window(items, idx, h-1, s.Faint)

	// The segment, on the right.
	card := []string{
		truncate(s.Bold.Render(fmt.Sprintf("#%d %s", seg.Rank, seg.Name))+
			s.Faint.Render(fmt.Sprintf(" · %s from %s", plural(seg.Votes, "vote", "votes"), plural(seg.Voters, "voter", "voters"))), cardW),
	}
	var picks []string
	for _, l := range session.Lenses {
		if n := v.Insights[l].Counts[seg.ID]; n > 0 {
			sym, words := lensMark(l)
			picks = append(picks, sym+" "+words+" "+plural(n, "pick", "picks"))
		}
	}
	if len(picks) > 0 {
		card = append(card, truncate(s.Mark.Render(strings.Join(picks, " · ")), cardW))
	} else {
		card = append(card, s.Faint.Render("no insight picks"))
	}
	who := whoText(seg)
	if who == "" {
		who = s.Faint.Render("type and role not said yet")
	} else {
		who = s.Bold.Render(who)
	}
	if seg.Listing() != session.ListCustomers {
		who += s.Faint.Render(" · not ranked as a customer")
	}
	card = append(card, truncate(s.Faint.Render("Who it is: ")+who, cardW), "")

	steps := []string{s.Heading.Render(fmt.Sprintf("Next steps (%d)", len(seg.NextSteps)))}
	if len(seg.NextSteps) == 0 {
		steps = append(steps, s.Faint.Render("  none yet · a adds one"))
	}
	sel := clamp(d.cursor, len(seg.NextSteps))
	for i, st := range seg.NextSteps {
		mine := ""
		if v.MineStep(st.ID) {
			mine = s.Mine.Render(" (yours)")
		}
		lines := wrapMax(stepText(st), max(1, cardW-2), 2)
		for j, l := range lines {
			lead := "  "
			if j == 0 {
				lead = s.mark(i == sel)
			}
			if i == sel {
				l = s.Current.Render(l)
			}
			if j == len(lines)-1 {
				l += mine
			}
			steps = append(steps, truncate(lead+l, cardW))
		}
	}

	// Notes take what room the steps leave them.
	notes := []string{s.Heading.Render("Who, what we do, the value")}
	notes = append(notes, m.segmentNotes(seg, cardW, 0)...)
	room := h - 1 - len(card) - len(steps) - 1
	if room < 2 {
		notes = nil
	} else if len(notes) > room {
		notes = append(notes[:room-1], s.Faint.Render(fmt.Sprintf("  … %d more lines", len(notes)-room+1)))
	}
	if notes != nil {
		card = append(card, notes...)
		card = append(card, "")
	}
	card = append(card, steps...)

	out := []string{truncate(top, w)}
	bh := h - 1
	for i := range bh {
		left, right := "", ""
		if i < len(list) {
			left = list[i]
		}
		if i < len(card) {
			right = card[i]
		}
		out = append(out, pad(left, listW)+s.Faint.Render(" │ ")+truncate(right, cardW))
	}
	return strings.Join(out, "\n")
}
