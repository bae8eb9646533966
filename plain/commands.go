package plain

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"forwhom/session"
)

// A typed command: its name, what help says of it, and what it does.
type command struct {
	name, args, help string
	facilitator      bool // listed for facilitators only (the session decides)
	lobby            bool // works outside a workshop
	workshop         bool // needs a workshop
	run              func(c *client, ctx context.Context, args string)
}

var commands []command

func init() {
	commands = []command{
		{name: "help", help: "list the commands", lobby: true, run: (*client).help},
		{name: "workshops", help: "list the workshops you are in", lobby: true, run: (*client).workshops},
		{name: "join", args: "CODE", help: "join a workshop", lobby: true, run: (*client).joinCmd},
		{name: "new", args: "TITLE", help: "make a workshop and join it as its facilitator", lobby: true, run: (*client).newCmd},
		{name: "status", help: "say where the workshop stands", workshop: true, run: (*client).status},
		{name: "people", help: "list who is in the workshop", workshop: true, run: (*client).people},
		{name: "notes", args: "[do|value|who]", help: "list the notes you can see, with their numbers", workshop: true, run: (*client).notes},
		{name: "add", args: "do|value|who TEXT", help: "add a note to a question (Answer)", workshop: true, run: (*client).add},
		{name: "edit", args: "NOTE TEXT", help: "change one of your notes (Answer)", workshop: true, run: (*client).edit},
		{name: "delete", args: "NOTE", help: "delete one of your notes (Answer)", workshop: true, run: (*client).deleteNote},
		{name: "done", help: "say you have finished writing or voting", workshop: true, run: func(c *client, ctx context.Context, _ string) { c.ready(ctx, true) }},
		{name: "undone", help: "take back done", workshop: true, run: func(c *client, ctx context.Context, _ string) { c.ready(ctx, false) }},
		{name: "segments", help: "list the segments, with their numbers, notes and votes", workshop: true, run: (*client).segments},
		{name: "make", args: "NOTE... NAME", help: "make a segment of Who notes, for example: make 4 7 Product engineers (Group)", workshop: true, run: (*client).makeSegment},
		{name: "rename", args: "SEGMENT NAME", help: "rename a segment, for example: rename 2 Developers (Group)", workshop: true, run: (*client).rename},
		{name: "move", args: "NOTE SEGMENT|none", help: "put a note in a segment, or take it out (Group)", workshop: true, run: (*client).move},
		{name: "merge", args: "SEGMENT into SEGMENT", help: "merge one segment into another (Group)", workshop: true, run: (*client).merge},
		{name: "vote", args: "SEGMENT [DOTS]", help: "put one dot (or DOTS) on a segment (Vote)", workshop: true, run: func(c *client, ctx context.Context, a string) { c.vote(ctx, a, true) }},
		{name: "unvote", args: "SEGMENT [DOTS]", help: "take a dot (or DOTS) back from a segment (Vote)", workshop: true, run: func(c *client, ctx context.Context, a string) { c.vote(ctx, a, false) }},
		{name: "pick", args: "biggest|valuable|underserved SEGMENT|none", help: "pick a segment for an insight (Prioritize)", workshop: true, run: (*client).pick},
		{name: "insights", help: "say what the room picked for each insight", workshop: true, run: (*client).insights},
		{name: "steps", help: "list the next steps agreed for each segment, with their numbers (Discuss)", workshop: true, run: (*client).steps},
		{name: "step", args: "SEGMENT talk|hypothesis|survey|observe TEXT", help: "add a next step to a segment, for example: step 2 talk Call three app teams (Discuss)", workshop: true, run: (*client).addStep},
		{name: "editstep", args: "STEP talk|hypothesis|survey|observe TEXT", help: "rewrite a next step: your own, or any as facilitator (Discuss)", workshop: true, run: (*client).editStep},
		{name: "deletestep", args: "STEP", help: "remove a next step: your own, or any as facilitator (Discuss)", workshop: true, run: (*client).deleteStep},
		{name: "type", args: "SEGMENT " + typeArgs + "|none", help: "say what kind of customer a segment is (Discuss)", workshop: true, run: (*client).setType},
		{name: "role", args: "SEGMENT primary|supporting|notserved|none", help: "say what a segment is to the team (Discuss)", workshop: true, run: (*client).setRole},
		{name: "spotlight", args: "SEGMENT", help: "put a segment in the spotlight (Discuss)", facilitator: true, workshop: true, run: (*client).spotlight},
		{name: "next", help: "move the workshop to the next phase", facilitator: true, workshop: true, run: func(c *client, ctx context.Context, _ string) { c.phaseStep(ctx, 1) }},
		{name: "back", help: "move the workshop back one phase", facilitator: true, workshop: true, run: func(c *client, ctx context.Context, _ string) { c.phaseStep(ctx, -1) }},
		{name: "reveal", help: "show everyone the vote totals (Vote)", facilitator: true, workshop: true, run: func(c *client, ctx context.Context, _ string) { c.do(ctx, session.RevealVotes{Revealed: true}) }},
		{name: "conceal", help: "hide the vote totals again (Vote)", facilitator: true, workshop: true, run: func(c *client, ctx context.Context, _ string) { c.do(ctx, session.RevealVotes{Revealed: false}) }},
		{name: "lock", help: "only facilitators may group (Group)", facilitator: true, workshop: true, run: func(c *client, ctx context.Context, _ string) { c.do(ctx, session.LockGrouping{Locked: true}) }},
		{name: "unlock", help: "everyone may group again (Group)", facilitator: true, workshop: true, run: func(c *client, ctx context.Context, _ string) { c.do(ctx, session.LockGrouping{Locked: false}) }},
		{name: "timer", args: "MINUTES|off", help: "start a countdown for the phase, or stop it", facilitator: true, workshop: true, run: (*client).timer},
		{name: "dots", args: "BUDGET [PER-SEGMENT]", help: "set each person's dots, and how many may go on one segment", facilitator: true, workshop: true, run: (*client).dots},
		{name: "timebox", args: "MINUTES|off", help: "set how long the room discusses each segment, or turn that off", facilitator: true, workshop: true, run: (*client).timeBox},
		{name: "openwho", args: "on|off", help: "let participants set the type and role of the segment in the spotlight, or not (Discuss)", facilitator: true, workshop: true, run: (*client).openWho},
		{name: "retitle", args: "TITLE", help: "rename the workshop", facilitator: true, workshop: true, run: (*client).retitle},
		{name: "anonymous", args: "on|off", help: "hide or show who wrote each note", facilitator: true, workshop: true, run: (*client).anonymous},
		{name: "hidenotes", args: "on|off", help: "hide or show others' notes while the room answers", facilitator: true, workshop: true, run: (*client).hideNotes},
		{name: "remove", args: "PERSON", help: "take someone out of the workshop for good", facilitator: true, workshop: true, run: (*client).removePerson},
		{name: "cofacilitator", args: "PERSON", help: "make someone a co-facilitator", facilitator: true, workshop: true, run: func(c *client, ctx context.Context, a string) { c.setPersonRole(ctx, a, session.RoleFacilitator) }},
		{name: "participant", args: "PERSON", help: "make a co-facilitator a participant again", facilitator: true, workshop: true, run: func(c *client, ctx context.Context, a string) { c.setPersonRole(ctx, a, session.RoleParticipant) }},
		{name: "leave", help: "leave the workshop for the lobby", workshop: true, run: (*client).leaveCmd},
		{name: "quit", help: "end the connection", lobby: true, run: func(c *client, _ context.Context, _ string) { c.out.say("Bye from forwhom."); c.quit = true }},
	}
}

// command runs one typed line.
func (c *client) command(ctx context.Context, line string) {
	line = strings.TrimSpace(line)
	if line == "" {
		return
	}
	name, args, _ := strings.Cut(line, " ")
	name = strings.ToLower(name)
	args = strings.TrimSpace(args)
	for _, cmd := range commands {
		if cmd.name != name {
			continue
		}
		if cmd.workshop && c.conn == nil {
			c.out.say(fmt.Sprintf("%s works in a workshop: type join and a code first.", cmd.name))
			return
		}
		if cmd.args == "" && args != "" {
			c.out.say(fmt.Sprintf("%s takes nothing after it: type %s alone.", cmd.name, cmd.name))
			return
		}
		cmd.run(c, ctx, args)
		return
	}
	c.out.say(fmt.Sprintf("There is no command %q. Type help for the list.", clip(name, 40)))
}

// clip cuts s to n runes, for echoing input back.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func (c *client) usage(name string) {
	for _, cmd := range commands {
		if cmd.name == name {
			args, help := c.describe(cmd)
			c.out.say(fmt.Sprintf("Usage: %s %s: %s.", cmd.name, args, help))
			return
		}
	}
}

// describe is a command's arguments and help in the workshop's own
// questions: "do|value|who" become its short names, "Who notes" its "who"
// question's notes. Outside a workshop, Heffernan's are shown.
func (c *client) describe(cmd command) (args, help string) {
	qs := c.questions()
	if qs.Default() {
		return cmd.args, cmd.help
	}
	var shorts []string
	for _, q := range qs.List() {
		shorts = append(shorts, qs.Short(q))
	}
	args = strings.ReplaceAll(cmd.args, "do|value|who", strings.Join(shorts, "|"))
	help = strings.ReplaceAll(cmd.help, "Who notes", questionName(qs, qs.Who())+" notes")
	return args, help
}

// questions is the workshop's set of questions; Heffernan's outside one.
func (c *client) questions() session.QuestionSet {
	if c.view == nil {
		return session.DefaultQuestions()
	}
	return c.view.Workshop.Questions
}

func (c *client) help(_ context.Context, _ string) {
	lines := []string{"Commands (NOTE and SEGMENT are the numbers that notes and segments list; a segment may also be named):"}
	fac := c.view != nil && c.view.Facilitator()
	for _, cmd := range commands {
		if (c.conn == nil && !cmd.lobby) || (cmd.facilitator && !fac) {
			continue
		}
		args, help := c.describe(cmd)
		head := cmd.name
		if args != "" {
			head += " " + args
		}
		lines = append(lines, head+": "+help+".")
	}
	c.out.say(lines...)
}

func (c *client) workshops(ctx context.Context, _ string) {
	ctx, cancel := context.WithTimeout(ctx, actionTimeout)
	defer cancel()
	list, err := c.opts.Manager.Workshops(ctx, c.opts.Identity)
	if err != nil {
		c.refused(err)
		return
	}
	if len(list) == 0 {
		c.out.say("You are in no workshop yet.")
		return
	}
	lines := []string{fmt.Sprintf("You are in %s:", plural(len(list), "workshop", "workshops"))}
	for _, w := range list {
		lines = append(lines, fmt.Sprintf("%s: %q, phase %s.", w.Code, w.Title, w.Phase.Title()))
	}
	c.out.say(lines...)
}

func (c *client) joinCmd(ctx context.Context, args string) {
	if args == "" || strings.ContainsRune(args, ' ') {
		c.usage("join")
		return
	}
	c.join(ctx, args)
}

func (c *client) newCmd(ctx context.Context, args string) {
	if args == "" {
		c.usage("new")
		return
	}
	cctx, cancel := context.WithTimeout(ctx, actionTimeout)
	code, err := c.opts.Manager.Create(cctx, c.opts.Identity, args)
	cancel()
	if err != nil {
		c.refused(err)
		return
	}
	c.out.say(fmt.Sprintf("Made workshop %s. Others join with: %s join %s", code, c.opts.ExportHint, code))
	c.join(ctx, code)
}

func (c *client) leaveCmd(_ context.Context, _ string) {
	c.leave()
	c.view = nil
	c.out.say("You left the workshop. Type join and a code to join one, or quit.")
}

func (c *client) status(_ context.Context, _ string) {
	v := c.view
	w := v.Workshop
	var counts []string
	for _, q := range w.Questions.List() {
		counts = append(counts, fmt.Sprintf("%d %s", v.NoteCounts[q], questionName(w.Questions, q)))
	}
	lines := []string{
		fmt.Sprintf("%q, code %s, phase %s. %s here, %d still busy.", w.Title, w.Code, w.Phase.Title(), plural(v.Here, "person", "people"), v.Busy),
		fmt.Sprintf("Notes: %s. %s.", strings.Join(counts, ", "), plural(len(v.Segments), "segment", "segments")),
	}
	if w.Phase == session.PhaseVote {
		lines = append(lines, fmt.Sprintf("You have %s left of %d. %d of %d have finished voting.", plural(v.DotsLeft, "dot", "dots"), w.Settings.DotBudget, v.VotersDone, v.VotersTotal))
	}
	if dl := w.Settings.TimerDeadline; !dl.IsZero() && c.opts.Now().Before(dl) {
		lines = append(lines, "Time left: "+duration(dl.Sub(c.opts.Now()))+".")
	}
	c.out.say(lines...)
}

func (c *client) people(_ context.Context, _ string) {
	v := c.view
	lines := []string{plural(len(v.People), "person", "people") + ":"}
	for _, p := range v.People {
		var tags []string
		if p.ID == v.Me.ID {
			tags = append(tags, "you")
		}
		if p.Role == session.RoleFacilitator {
			tags = append(tags, "facilitator")
		}
		if p.Online {
			tags = append(tags, "here")
		} else {
			tags = append(tags, "away")
		}
		if p.Ready {
			tags = append(tags, "done")
		}
		lines = append(lines, p.Name+" ("+strings.Join(tags, ", ")+").")
	}
	c.out.say(lines...)
}

// questionArg reads one of the workshop's questions by its short name or
// number, or says which there are.
func (c *client) questionArg(s string) (session.Question, bool) {
	qs := c.questions()
	if q, ok := qs.Lookup(s); ok {
		return q, true
	}
	c.out.say(fmt.Sprintf("There is no question %q: use %s.", clip(s, 40), qs.Names()))
	return 0, false
}

func (c *client) notes(_ context.Context, args string) {
	v := c.view
	set := v.Workshop.Questions
	qs := set.List()
	if args != "" {
		q, ok := c.questionArg(args)
		if !ok {
			return
		}
		qs = []session.Question{q}
	}
	var lines []string
	for _, q := range qs {
		notes := v.NotesFor(q)
		hidden := v.NoteCounts[q] - len(notes)
		head := fmt.Sprintf("%s (%s): %s", questionName(set, q), set.Prompt(q), plural(v.NoteCounts[q], "note", "notes"))
		if hidden > 0 {
			head += fmt.Sprintf(", %d hidden until Group", hidden)
		}
		lines = append(lines, head+".")
		for _, n := range notes {
			lines = append(lines, c.noteLine(n))
		}
	}
	c.out.say(lines...)
}

// noteLine is a note as listed: its number, text, author, whose and where.
func (c *client) noteLine(n session.NoteView) string {
	v := c.view
	s := fmt.Sprintf("Note %d: %s", n.ID, n.Text)
	var tags []string
	if v.Mine(n.ID) {
		tags = append(tags, "yours")
	} else if n.AuthorName != "" {
		tags = append(tags, "by "+n.AuthorName)
	}
	if seg, ok := v.Segment(n.Segment); ok && n.Segment != 0 {
		tags = append(tags, "in "+seg.Name)
	}
	if len(tags) > 0 {
		s += " (" + strings.Join(tags, ", ") + ")"
	}
	return s + "."
}

func (c *client) add(ctx context.Context, args string) {
	// An unknown question gets the usage, which names the workshop's.
	qs, text, _ := strings.Cut(args, " ")
	q, ok := c.questions().Lookup(qs)
	if !ok || strings.TrimSpace(text) == "" {
		c.usage("add")
		return
	}
	c.do(ctx, session.AddNote{Question: q, Text: text})
}

// noteArg reads a note number the viewer can see.
func (c *client) noteArg(s string) (session.NoteView, bool) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err == nil {
		for _, n := range c.view.Notes {
			if n.ID == id {
				return n, true
			}
		}
	}
	c.out.say(fmt.Sprintf("There is no note %s. Type notes to list them with their numbers.", clip(s, 20)))
	return session.NoteView{}, false
}

// segmentArg reads a segment by number or by name (whole, or the start
// of one name), case ignored.
func (c *client) segmentArg(s string) (session.SegmentView, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(s, "#"))
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		if seg, ok := c.view.Segment(id); ok {
			return seg, true
		}
	}
	seg, n := byName(c.view.Segments, func(seg session.SegmentView) string { return seg.Name }, s)
	switch {
	case n == 1:
		return seg, true
	case n > 1:
		c.out.say(fmt.Sprintf("%q could be %d segments; use its number. Type segments to list them.", clip(s, 40), n))
	default:
		c.out.say(fmt.Sprintf("There is no segment %q. Type segments to list them with their numbers.", clip(s, 40)))
	}
	return session.SegmentView{}, false
}

// byName finds the item called s (case ignored), or else the only one
// whose name starts with s. It returns how many matched: 1 when found,
// more when s is ambiguous, 0 when nothing fits.
func byName[T any](items []T, name func(T) string, s string) (T, int) {
	var found T
	n := 0
	for _, it := range items {
		if strings.EqualFold(name(it), s) {
			return it, 1
		}
		if s != "" && strings.HasPrefix(strings.ToLower(name(it)), strings.ToLower(s)) {
			found = it
			n++
		}
	}
	if n != 1 {
		var zero T
		return zero, n
	}
	return found, 1
}

func (c *client) edit(ctx context.Context, args string) {
	ns, text, _ := strings.Cut(args, " ")
	if ns == "" || strings.TrimSpace(text) == "" {
		c.usage("edit")
		return
	}
	if n, ok := c.noteArg(ns); ok {
		c.do(ctx, session.EditNote{Note: n.ID, Text: text})
	}
}

func (c *client) deleteNote(ctx context.Context, args string) {
	if args == "" {
		c.usage("delete")
		return
	}
	if n, ok := c.noteArg(args); ok {
		c.do(ctx, session.DeleteNote{Note: n.ID})
	}
}

func (c *client) ready(ctx context.Context, ready bool) {
	c.do(ctx, session.SetReady{Ready: ready})
}

func (c *client) segments(_ context.Context, _ string) {
	v := c.view
	qs := v.Workshop.Questions
	if len(v.Segments) == 0 {
		c.out.say("There are no segments yet.")
		return
	}
	lines := []string{plural(len(v.Segments), "segment", "segments") + ":"}
	for _, s := range v.Segments {
		line := fmt.Sprintf("Segment %d: %s, %s", s.ID, s.Name, plural(len(s.Notes), "note", "notes")) + segmentWho(s)
		if v.TotalsVisible {
			rank := fmt.Sprintf("rank %d", s.Rank)
			if s.Tied {
				rank = "tied for " + rank
			}
			line += fmt.Sprintf(", %s, %s", plural(s.Votes, "vote", "votes"), rank)
		}
		if s.MyDots > 0 {
			line += fmt.Sprintf(", %s of yours", plural(s.MyDots, "dot", "dots"))
		}
		lines = append(lines, line+".")
		for _, n := range s.Notes {
			lines = append(lines, "  "+c.noteLine(n))
		}
		for _, n := range s.Attached {
			lines = append(lines, "  "+questionName(qs, n.Question)+" "+c.noteLine(n))
		}
	}
	var loose int
	for _, n := range v.Notes {
		if qs.IsWho(n.Question) && n.Segment == 0 {
			loose++
		}
	}
	if loose > 0 {
		who := questionName(qs, qs.Who())
		lines = append(lines, plural(loose, who+" note is", who+" notes are")+" in no segment yet.")
	}
	c.out.say(lines...)
}

func (c *client) makeSegment(ctx context.Context, args string) {
	fields := strings.Fields(args)
	var ids []int64
	i := 0
	for ; i < len(fields); i++ {
		if _, err := strconv.ParseInt(strings.TrimPrefix(fields[i], "#"), 10, 64); err != nil {
			break
		}
		n, ok := c.noteArg(fields[i])
		if !ok {
			return
		}
		ids = append(ids, n.ID)
	}
	name := strings.Join(fields[i:], " ")
	if len(ids) == 0 || name == "" {
		c.usage("make")
		return
	}
	c.do(ctx, session.CreateSegment{Name: name, Notes: ids})
}

func (c *client) rename(ctx context.Context, args string) {
	ss, name, _ := strings.Cut(args, " ")
	if ss == "" || strings.TrimSpace(name) == "" {
		c.usage("rename")
		return
	}
	if seg, ok := c.segmentArg(ss); ok {
		c.do(ctx, session.RenameSegment{Segment: seg.ID, Name: name})
	}
}

func (c *client) move(ctx context.Context, args string) {
	ns, rest, _ := strings.Cut(args, " ")
	rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), "to "))
	if ns == "" || rest == "" {
		c.usage("move")
		return
	}
	n, ok := c.noteArg(ns)
	if !ok {
		return
	}
	var to int64
	if !strings.EqualFold(rest, "none") && !strings.EqualFold(rest, "out") {
		seg, ok := c.segmentArg(rest)
		if !ok {
			return
		}
		to = seg.ID
	}
	if c.view.Workshop.Questions.IsWho(n.Question) {
		c.do(ctx, session.MoveNote{Note: n.ID, Segment: to})
		return
	}
	c.do(ctx, session.AttachNote{Note: n.ID, Segment: to})
}

func (c *client) merge(ctx context.Context, args string) {
	from, into, ok := strings.Cut(args, " into ")
	if !ok || strings.TrimSpace(from) == "" || strings.TrimSpace(into) == "" {
		c.usage("merge")
		return
	}
	a, ok := c.segmentArg(from)
	if !ok {
		return
	}
	b, ok := c.segmentArg(into)
	if !ok {
		return
	}
	c.do(ctx, session.MergeSegments{From: a.ID, Into: b.ID})
}

func (c *client) vote(ctx context.Context, args string, cast bool) {
	name := "vote"
	if !cast {
		name = "unvote"
	}
	if args == "" {
		c.usage(name)
		return
	}
	count := 1
	fields := strings.Fields(args)
	if len(fields) > 1 {
		if n, err := strconv.Atoi(fields[len(fields)-1]); err == nil {
			if n < 1 || n > session.MaxDotBudget {
				c.out.say(fmt.Sprintf("A number of dots is between 1 and %d.", session.MaxDotBudget))
				return
			}
			count = n
			args = strings.Join(fields[:len(fields)-1], " ")
		}
	}
	seg, ok := c.segmentArg(args)
	if !ok {
		return
	}
	for range count {
		var cmd session.Command = session.CastDot{Segment: seg.ID}
		if !cast {
			cmd = session.RetractDot{Segment: seg.ID}
		}
		if !c.do(ctx, cmd) {
			return
		}
	}
}

// parseLens reads an insight's name (or 1, 2, 3).
func parseLens(s string) (session.Lens, bool) {
	switch strings.ToLower(s) {
	case "biggest", "1":
		return session.LensBiggest, true
	case "valuable", "most-valuable", "2":
		return session.LensValuable, true
	case "underserved", "3":
		return session.LensUnderserved, true
	}
	return 0, false
}

func (c *client) pick(ctx context.Context, args string) {
	ls, rest, _ := strings.Cut(args, " ")
	l, ok := parseLens(ls)
	rest = strings.TrimSpace(rest)
	if !ok || rest == "" {
		c.usage("pick")
		return
	}
	var to int64
	if !strings.EqualFold(rest, "none") {
		seg, ok := c.segmentArg(rest)
		if !ok {
			return
		}
		to = seg.ID
	}
	c.do(ctx, session.PickInsight{Lens: l, Segment: to})
}

func (c *client) insights(_ context.Context, _ string) {
	v := c.view
	var lines []string
	for _, l := range session.Lenses {
		in := v.Insights[l]
		line := fmt.Sprintf("%s (pick %s):", l.Prompt(), lensName(l))
		if names := leaderNames(v, in); names != "" {
			verb := "leads"
			if in.Tie() {
				verb = "tie"
			}
			line += fmt.Sprintf(" %s %s with %s", names, verb, plural(in.Picks(), "pick", "picks"))
		} else {
			line += " no winner yet"
		}
		if seg, ok := v.Segment(in.Mine); ok && in.Mine != 0 {
			line += "; yours: " + seg.Name
		}
		lines = append(lines, line+".")
	}
	c.out.say(lines...)
}

func (c *client) phaseStep(ctx context.Context, step int) {
	p := c.view.Workshop.Phase + session.Phase(step)
	if !p.Valid() {
		if step > 0 {
			c.out.say("The workshop is in its last phase already.")
		} else {
			c.out.say("The workshop is in its first phase already.")
		}
		return
	}
	c.do(ctx, session.SetPhase{Phase: p})
}

func (c *client) timer(ctx context.Context, args string) {
	switch {
	case strings.EqualFold(args, "off") || strings.EqualFold(args, "stop"):
		c.do(ctx, session.SetTimer{Duration: 0})
		return
	case args == "":
		c.usage("timer")
		return
	}
	m, err := strconv.ParseFloat(args, 64)
	if err != nil || m <= 0 || m > session.MaxTimer.Minutes() {
		c.out.say(fmt.Sprintf("A timer runs for a number of minutes between 1 and %.0f, or type timer off.", session.MaxTimer.Minutes()))
		return
	}
	c.do(ctx, session.SetTimer{Duration: time.Duration(m * float64(time.Minute))})
}

func (c *client) dots(ctx context.Context, args string) {
	f := strings.Fields(args)
	if len(f) == 0 || len(f) > 2 {
		c.usage("dots")
		return
	}
	budget, err := strconv.Atoi(f[0])
	// Unless given, the cap stays, lowered to a smaller budget.
	per := min(c.view.Workshop.Settings.MaxPerSegment, max(budget, 1))
	if err == nil && len(f) == 2 {
		per, err = strconv.Atoi(f[1])
	}
	if err != nil {
		c.usage("dots")
		return
	}
	c.do(ctx, session.SetVoteSettings{Budget: budget, MaxPerSegment: per})
}

func (c *client) steps(_ context.Context, _ string) {
	v := c.view
	var lines []string
	for _, seg := range v.Segments {
		if len(seg.NextSteps) == 0 {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s (segment %d%s): %s.", seg.Name, seg.ID, segmentWho(seg), plural(len(seg.NextSteps), "next step", "next steps")))
		for _, st := range seg.NextSteps {
			lines = append(lines, fmt.Sprintf("  Step %d, %s: %s%s.", st.ID, st.Kind, st.Text, stepOwner(st)))
		}
	}
	if len(lines) == 0 {
		lines = []string{"No next steps yet."}
	}
	c.out.say(lines...)
}

// parseStepKind reads a kind of next step by its first word.
func parseStepKind(s string) (session.StepKind, bool) {
	s = strings.ToLower(s)
	for _, k := range session.StepKinds {
		if first, _, _ := strings.Cut(k.String(), " "); s == first || s == k.String() {
			return k, true
		}
	}
	return 0, false
}

func (c *client) addStep(ctx context.Context, args string) {
	which, kind, text, ok := c.stepArgs("step", args)
	if !ok {
		return
	}
	seg, ok := c.segmentArg(which)
	if !ok {
		return
	}
	c.do(ctx, session.AddNextStep{Segment: seg.ID, Kind: kind, Text: text})
}

// stepArgs reads `WHICH KIND TEXT…` for the step commands, saying what
// is wrong when it is not.
func (c *client) stepArgs(command, args string) (which string, kind session.StepKind, text string, ok bool) {
	f := strings.Fields(args)
	if len(f) < 3 {
		c.usage(command)
		return "", 0, "", false
	}
	if kind, ok = parseStepKind(f[1]); !ok {
		c.out.say(fmt.Sprintf("There is no kind of step %q: use talk, hypothesis, survey or observe.", clip(f[1], 40)))
		return "", 0, "", false
	}
	return f[0], kind, strings.Join(f[2:], " "), true
}

func (c *client) spotlight(ctx context.Context, args string) {
	if args == "" {
		c.usage("spotlight")
		return
	}
	if seg, ok := c.segmentArg(args); ok {
		c.do(ctx, session.Spotlight{Segment: seg.ID})
	}
}

// segmentWho is ", buyer/payer, primary customer" as far as the room said
// who a segment is.
func segmentWho(s session.SegmentView) string {
	out := ""
	if s.Type != session.TypeUnknown {
		out += ", " + s.Type.String()
	}
	if s.Role != session.RoleUnknown {
		out += ", " + s.Role.String()
	}
	return out
}
