package plain

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"forwhom/session"
)

// questionName is a question of the workshop's set as plain mode names
// it: its short name, capitalised ("Do", "Primary"), which is also what
// commands take.
func questionName(qs session.QuestionSet, q session.Question) string {
	short := qs.Short(q)
	r, n := utf8.DecodeRuneInString(short)
	return string(unicode.ToUpper(r)) + short[n:]
}

// questionNumbers are how many questions a workshop asks, in words.
var questionNumbers = [...]string{"no", "one", "two", "three", "four", "five"}

// questionCount is "three questions", "four questions".
func questionCount(qs session.QuestionSet) string {
	if n := qs.Len(); n < len(questionNumbers) {
		return questionNumbers[n] + " questions"
	}
	return plural(qs.Len(), "question", "questions")
}

// questionPrompts is "Do: What do we do? Value: ..." for every question.
func questionPrompts(qs session.QuestionSet) string {
	var parts []string
	for _, q := range qs.List() {
		parts = append(parts, questionName(qs, q)+": "+qs.Prompt(q))
	}
	return strings.Join(parts, " ")
}

// lensName is a lens as commands take it.
func lensName(l session.Lens) string {
	switch l {
	case session.LensBiggest:
		return "biggest"
	case session.LensValuable:
		return "valuable"
	case session.LensUnderserved:
		return "underserved"
	}
	return l.String()
}

// welcome is what a client is told on joining: where the workshop is and
// what they can do now.
func (c *client) welcome(v *session.View) []string {
	role := "a participant"
	if v.Facilitator() {
		role = "a facilitator"
	}
	out := []string{
		fmt.Sprintf("You joined %q (code %s) as %s.", v.Workshop.Title, v.Workshop.Code, role),
		fmt.Sprintf("%s here: %s.", plural(v.Here, "person is", "people are"), names(v.People)),
	}
	return append(out, phaseIntro(v)...)
}

// names lists who is online.
func names(people []session.Person) string {
	var on []string
	for _, p := range people {
		if p.Online {
			on = append(on, p.Name)
		}
	}
	return strings.Join(on, ", ")
}

// phaseIntro says what the phase is about and what to type.
func phaseIntro(v *session.View) []string {
	w := v.Workshop
	switch w.Phase {
	case session.PhaseLobby:
		s := "Phase Lobby: waiting for the facilitator to start."
		if v.Facilitator() {
			s = "Phase Lobby: type next to start answering when everyone is here."
		}
		return []string{s}
	case session.PhaseAnswer:
		qs := w.Questions
		who := qs.Short(qs.Who())
		return []string{
			"Phase Answer: write notes for " + questionCount(qs) + ".",
			questionPrompts(qs),
			fmt.Sprintf("Type add %s and your note, for example: add %s Product engineers. Type done when you have finished.", who, who),
		}
	case session.PhaseGroup:
		total := 0
		for _, n := range v.NoteCounts {
			total += n
		}
		s := fmt.Sprintf("Phase Group: all %s are revealed. Group the %s notes into customer segments: type notes, segments, make, move, rename.",
			plural(total, "note", "notes"), questionName(w.Questions, w.Questions.Who()))
		if w.Settings.GroupingLocked && !v.Facilitator() {
			s += " Grouping is locked: only the facilitator groups."
		}
		return []string{s}
	case session.PhaseVote:
		return []string{fmt.Sprintf("Voting opened: you have %s, at most %d on one segment. Type segments to list them, vote and a segment number to place a dot.",
			plural(w.Settings.DotBudget, "dot", "dots"), w.Settings.MaxPerSegment)}
	case session.PhasePrioritize:
		out := []string{"Phase Prioritize: the segments are ranked by votes. Pick insights: type pick biggest, pick valuable or pick underserved and a segment."}
		return append(out, ranking(v)...)
	case session.PhaseDiscuss:
		out := []string{"Phase Discuss: the room talks about each segment in turn and agrees next steps: type steps to list them, step to add one."}
		if seg, ok := v.Segment(v.Spotlight); ok && v.Spotlight != 0 {
			out = append(out, spotlightSentence(seg))
		}
		return out
	case session.PhaseDone:
		out := []string{"The workshop is done. The segments, ranked:"}
		return append(out, ranking(v)...)
	}
	return nil
}

// ranking is one sentence per segment, in rank order, when totals are
// visible.
func ranking(v *session.View) []string {
	if !v.TotalsVisible {
		return nil
	}
	var out []string
	for _, s := range v.Segments {
		out = append(out, segmentTotals(s))
	}
	return out
}

// leaderNames names the segments leading an insight: "A" or "A and B".
func leaderNames(v *session.View, in session.InsightView) string {
	var names []string
	for _, id := range in.Leaders {
		if seg, ok := v.Segment(id); ok {
			names = append(names, seg.Name)
		}
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// segmentTotals is "Product engineers: 7 votes, rank 1." (or "tied for
// rank 1") with the insights it leads.
func segmentTotals(s session.SegmentView) string {
	rank := fmt.Sprintf("rank %d", s.Rank)
	if s.Tied {
		rank = "tied for " + rank
	}
	line := fmt.Sprintf("%s: %s, %s", s.Name, plural(s.Votes, "vote", "votes"), rank)
	if len(s.Marks) > 0 {
		var ms []string
		for _, m := range s.Marks {
			ms = append(ms, m.String())
		}
		line += "; chosen as " + strings.Join(ms, " and ")
	}
	return line + "."
}

// changes says in sentences what differs from old to v, in a fixed order:
// the phase first (with what it means), then people, notes, segments,
// votes, insights and the timer.
func changes(old, v *session.View, now time.Time) []string {
	if old == nil {
		return nil
	}
	var out []string
	say := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	ow, nw := old.Workshop, v.Workshop
	phaseChanged := ow.Phase != nw.Phase
	if phaseChanged {
		say("The workshop moved to %s.", nw.Phase.Title())
		out = append(out, phaseIntro(v)...)
	}
	if ow.Title != nw.Title {
		say("The workshop is now called %q.", nw.Title)
	}
	if !old.Me.Removed && v.Me.Removed {
		say("A facilitator removed you from this workshop. Type leave, then join another.")
	}
	if old.Me.Role != v.Me.Role {
		if v.Facilitator() {
			say("You are now a facilitator: type help for the facilitator's commands.")
		} else {
			say("You are no longer a facilitator.")
		}
	}

	// People.
	was := map[string]session.Person{}
	for _, p := range old.People {
		was[p.ID] = p
	}
	for _, p := range v.People {
		o, known := was[p.ID]
		me := p.ID == v.Me.ID
		switch {
		case !known && p.Online:
			say("%s joined.", p.Name)
		case known && o.Online && !p.Online && !me:
			say("%s left.", p.Name)
		case known && !o.Online && p.Online && !me:
			say("%s is back.", p.Name)
		}
		if known && o.Name != p.Name {
			say("%s is now called %s.", o.Name, p.Name)
		}
		if known && o.Role != p.Role && !me {
			if p.Role == session.RoleFacilitator {
				say("%s is now a facilitator.", p.Name)
			} else {
				say("%s is no longer a facilitator.", p.Name)
			}
		}
		if known && !o.Ready && p.Ready && !phaseChanged {
			who := p.Name + " is"
			if me {
				who = "You are"
			}
			what := "done writing"
			if nw.Phase == session.PhaseVote {
				what = "done voting"
			}
			say("%s %s.", who, what)
		}
		if known && o.Ready && !p.Ready && !phaseChanged && me {
			say("You are no longer marked done.")
		}
	}
	present := map[string]bool{}
	for _, p := range v.People {
		present[p.ID] = true
	}
	for _, p := range old.People {
		// A guest who goes is dropped from the list; anyone else gone was
		// removed.
		if !present[p.ID] && p.ID != v.Me.ID {
			if p.Guest {
				if p.Online {
					say("%s left.", p.Name)
				}
			} else {
				say("%s was removed from the workshop.", p.Name)
			}
		}
	}
	if ow.Settings.Anonymous != nw.Settings.Anonymous {
		if nw.Settings.Anonymous {
			say("Notes are now anonymous: no one sees who wrote them.")
		} else {
			say("Notes now show who wrote them.")
		}
	}
	if ow.Settings.HideNotes != nw.Settings.HideNotes {
		if nw.Settings.HideNotes {
			say("Others' notes are now hidden until Group.")
		} else {
			say("Everyone's notes are now shown while the room answers.")
		}
	}

	// Notes: counts per question, and the visible notes themselves.
	oldNotes := map[int64]session.NoteView{}
	for _, n := range old.Notes {
		oldNotes[n.ID] = n
	}
	qs := nw.Questions
	if !phaseChanged {
		for _, q := range qs.List() {
			before, after := old.NoteCounts[q], v.NoteCounts[q]
			var mine []string
			for _, n := range v.Notes {
				if _, ok := oldNotes[n.ID]; !ok && n.Question == q && v.Mine(n.ID) {
					mine = append(mine, n.Text)
				}
			}
			others := after - before - len(mine)
			for _, t := range mine {
				say("Your note %q was added to %s (%s).", t, questionName(qs, q), plural(after, "note", "notes"))
			}
			switch {
			case others == 1:
				say("A note was added to %s (%s).", questionName(qs, q), plural(after, "note", "notes"))
			case others > 1:
				say("%d notes were added to %s (%s).", others, questionName(qs, q), plural(after, "note", "notes"))
			case after < before:
				say("%s removed from %s (%s).", plural(before-after, "note was", "notes were"), questionName(qs, q), plural(after, "note", "notes"))
			}
		}
		for _, n := range v.Notes {
			if o, ok := oldNotes[n.ID]; ok && o.Text != n.Text {
				say("Note %d now reads %q.", n.ID, n.Text)
			}
		}
	}

	// Segments: made, renamed, removed; notes moved.
	oldSegs := map[int64]session.SegmentView{}
	for _, s := range old.Segments {
		oldSegs[s.ID] = s
	}
	newSegs := map[int64]bool{}
	for _, s := range v.Segments {
		o, ok := oldSegs[s.ID]
		if !ok {
			newSegs[s.ID] = true
			say("Segment %d, %q, was made with %s.", s.ID, s.Name, noteTexts(s.Notes))
			continue
		}
		if o.Name != s.Name {
			say("Segment %q was renamed %q.", o.Name, s.Name)
		}
	}
	kept := map[int64]bool{}
	for _, s := range v.Segments {
		kept[s.ID] = true
	}
	for _, s := range old.Segments {
		if !kept[s.ID] {
			say("Segment %q was removed.", s.Name)
		}
	}
	if !phaseChanged {
		for _, n := range v.Notes {
			o, ok := oldNotes[n.ID]
			if !ok || o.Segment == n.Segment || newSegs[n.Segment] {
				continue
			}
			verb := "moved to"
			if !qs.IsWho(n.Question) {
				verb = "was attached to"
			}
			if n.Segment == 0 {
				say("Note %q is no longer in a segment.", n.Text)
			} else if seg, ok := v.Segment(n.Segment); ok {
				if verb == "moved to" {
					say("Note %q moved to %s.", n.Text, seg.Name)
				} else {
					say("Note %q %s %s.", n.Text, verb, seg.Name)
				}
			}
		}
	}
	if !ow.Settings.GroupingLocked && nw.Settings.GroupingLocked {
		say("The facilitator locked grouping.")
	} else if ow.Settings.GroupingLocked && !nw.Settings.GroupingLocked {
		say("The facilitator unlocked grouping.")
	}

	// Votes.
	if !phaseChanged && (ow.Settings.DotBudget != nw.Settings.DotBudget || ow.Settings.MaxPerSegment != nw.Settings.MaxPerSegment) {
		say("Each person now has %s, at most %d on one segment.", plural(nw.Settings.DotBudget, "dot", "dots"), nw.Settings.MaxPerSegment)
	}
	for _, s := range v.Segments {
		o, ok := oldSegs[s.ID]
		if ok && o.MyDots != s.MyDots {
			say("You have %s on %s; %s left.", plural(s.MyDots, "dot", "dots"), s.Name, plural(v.DotsLeft, "dot", "dots"))
		}
	}
	if nw.Phase == session.PhaseVote && !phaseChanged && old.VotersDone != v.VotersDone {
		say("%d of %d have finished voting.", v.VotersDone, v.VotersTotal)
	}
	switch {
	case !old.TotalsVisible && v.TotalsVisible && !phaseChanged:
		say("The vote totals were revealed:")
		out = append(out, ranking(v)...)
	case old.TotalsVisible && !v.TotalsVisible:
		say("The vote totals are hidden again.")
	case v.TotalsVisible && !phaseChanged:
		for _, s := range v.Segments {
			if o, ok := oldSegs[s.ID]; ok && (o.Votes != s.Votes || o.Rank != s.Rank) {
				out = append(out, segmentTotals(s))
			}
		}
	}

	// Insights.
	for _, l := range session.Lenses {
		o, n := old.Insights[l], v.Insights[l]
		if o.Mine != n.Mine {
			if seg, ok := v.Segment(n.Mine); ok {
				say("You picked %s as %s.", seg.Name, l)
			} else if n.Mine == 0 {
				say("You took back your pick for %s.", l)
			}
		}
		if !slices.Equal(o.Leaders, n.Leaders) || (len(n.Leaders) > 0 && o.Picks() != n.Picks()) {
			if names := leaderNames(v, n); names != "" {
				verb := "now leads"
				if n.Tie() {
					verb = "now tie for"
				}
				say("%s %s %s, with %s.", names, verb, l, plural(n.Picks(), "pick", "picks"))
			}
		}
	}

	// Discuss: the spotlight and next steps.
	if nw.Phase == session.PhaseDiscuss && !phaseChanged && old.Spotlight != v.Spotlight {
		if seg, ok := v.Segment(v.Spotlight); ok {
			out = append(out, spotlightSentence(seg))
		}
	}
	if ow.Settings.TimeBox != nw.Settings.TimeBox {
		if nw.Settings.TimeBox == 0 {
			say("The time box was turned off.")
		} else {
			say("The time box is now %s per segment.", duration(nw.Settings.TimeBox))
		}
	}
	if ow.Settings.OpenWho != nw.Settings.OpenWho {
		if nw.Settings.OpenWho {
			say("Everyone may now set the type and role of the segment in the spotlight.")
		} else {
			say("Only facilitators set segments' type and role now.")
		}
	}
	for _, seg := range v.Segments {
		o, ok := oldSegs[seg.ID]
		if !ok {
			continue
		}
		if o.Type != seg.Type {
			if seg.Type == session.TypeUnknown {
				say("%s has no customer type any more.", seg.Name)
			} else {
				say("Customer type of %s: %s.", seg.Name, seg.Type)
			}
		}
		if o.Role != seg.Role {
			if seg.Role == session.RoleUnknown {
				say("%s has no role any more.", seg.Name)
			} else {
				say("Role of %s: %s.", seg.Name, seg.Role)
			}
		}
	}
	stepsNow := map[int64]bool{}
	for _, seg := range v.Segments {
		for _, st := range seg.NextSteps {
			stepsNow[st.ID] = true
		}
	}
	for _, seg := range v.Segments {
		o := oldSegs[seg.ID]
		had := map[int64]session.NextStep{}
		for _, st := range o.NextSteps {
			had[st.ID] = st
		}
		for _, st := range seg.NextSteps {
			if was, ok := had[st.ID]; !ok {
				say("A next step was added to %s: %s %q%s.", seg.Name, st.Kind, st.Text, stepOwner(st))
			} else if was.Text != st.Text || was.Kind != st.Kind {
				say("A next step of %s now reads: %s %q.", seg.Name, st.Kind, st.Text)
			}
			delete(had, st.ID)
		}
		// Steps gone from a segment that stays, and from every other
		// segment (a merge carries them along), were removed.
		if len(had) > 0 && !phaseChanged {
			for _, st := range o.NextSteps {
				if _, gone := had[st.ID]; gone && !stepsNow[st.ID] {
					say("A next step was removed from %s: %s %q.", seg.Name, st.Kind, st.Text)
				}
			}
		}
	}

	// The timer.
	if dl := nw.Settings.TimerDeadline; !dl.Equal(ow.Settings.TimerDeadline) {
		switch {
		case dl.IsZero() && !phaseChanged && now.Before(ow.Settings.TimerDeadline):
			say("The timer was stopped.")
		case !dl.IsZero() && now.Before(dl):
			say("A timer was set: %s left.", duration(dl.Sub(now)))
		}
	}
	return out
}

// spotlightSentence says which segment the room discusses.
func spotlightSentence(seg session.SegmentView) string {
	return fmt.Sprintf("In the spotlight: %s (segment %d, %s).", seg.Name, seg.ID, plural(len(seg.NextSteps), "next step", "next steps"))
}

// noteTexts lists notes' texts in quotes: `2 notes: "a", "b"`.
func noteTexts(notes []session.NoteView) string {
	if len(notes) == 0 {
		return "no notes"
	}
	var q []string
	for _, n := range notes {
		q = append(q, fmt.Sprintf("%q", n.Text))
	}
	return plural(len(notes), "note", "notes") + ": " + strings.Join(q, ", ")
}

// stepOwner is ", owner Kim, due 2026-12-20" as far as known.
func stepOwner(st session.NextStep) string {
	s := ""
	if st.Owner != "" {
		s += ", owner " + st.Owner
	}
	if st.Due != "" {
		s += ", due " + st.Due
	}
	return s
}

// duration says a time left in words, rounded to the second.
func duration(d time.Duration) string {
	d = d.Round(time.Second)
	m, s := int(d/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case m == 0:
		return plural(s, "second", "seconds")
	case s == 0:
		return plural(m, "minute", "minutes")
	}
	return plural(m, "minute", "minutes") + " " + plural(s, "second", "seconds")
}
