package tui

import (
	"fmt"
	"math"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The Vote phase: dot voting on segments. The viewer sees their own dots
// (●●○), how many they have left and how many people are done; totals
// appear as bars once the facilitator reveals them.

type voteState struct {
	cursor int
	at     int64 // the highlighted segment, kept across updates
}

func (m *Model) reconcileVote() {
	followSegment(m.ws.view.Segments, &m.ws.vote.cursor, &m.ws.vote.at)
}

// followSegment keeps a list's cursor on the segment it was on (at), as
// segments are added, removed or reordered; if that one is gone, the
// cursor stays in place (clamped) and follows the segment now there.
func followSegment(rows []session.SegmentView, cursor *int, at *int64) {
	for i, seg := range rows {
		if seg.ID == *at {
			*cursor = i
			return
		}
	}
	*cursor = clamp(*cursor, len(rows))
	if len(rows) > 0 {
		*at = rows[*cursor].ID
	}
}

func (m *Model) voteCurrent() (session.SegmentView, bool) {
	segs := m.ws.view.Segments
	if len(segs) == 0 {
		return session.SegmentView{}, false
	}
	return segs[clamp(m.ws.vote.cursor, len(segs))], true
}

func (m *Model) syncVoteKeys() {
	k := &m.keys.vote
	v := m.ws.view
	_, ok := m.voteCurrent()
	k.Add.SetEnabled(ok && v.Can.Vote)
	k.Remove.SetEnabled(ok && v.Can.Vote)
	k.Done.SetEnabled(v.Can.SayDone)
	k.Reveal.SetEnabled(v.Can.RevealVotes)
	k.Settings.SetEnabled(v.Can.VoteSettings)
	if v.Workshop.Settings.VotesRevealed {
		k.Reveal.SetHelp("R", "hide totals")
	} else {
		k.Reveal.SetHelp("R", "reveal totals")
	}
	if v.Me.Ready {
		k.Done.SetHelp("d", "not done")
	} else {
		k.Done.SetHelp("d", "done")
	}
}

func (m *Model) voteKey(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	ws := m.ws
	vs := &ws.vote
	k := m.keys.vote
	v := ws.view
	seg, ok := m.voteCurrent()
	move := func(d int) {
		vs.cursor = clamp(vs.cursor+d, len(v.Segments))
		if cur, ok := m.voteCurrent(); ok {
			vs.at = cur.ID
		}
	}
	switch {
	case key.Matches(msg, k.Up):
		move(-1)
	case key.Matches(msg, k.Down):
		move(1)
	case ok && key.Matches(msg, k.Add):
		return true, ws.run(session.CastDot{Segment: seg.ID})
	case ok && key.Matches(msg, k.Remove):
		return true, ws.run(session.RetractDot{Segment: seg.ID})
	case key.Matches(msg, k.Done):
		return true, ws.run(session.SetReady{Ready: !ws.wanted().ready})
	case pressed(msg, k.Reveal):
		return true, ws.run(session.RevealVotes{Revealed: !ws.wanted().settings.VotesRevealed})
	case key.Matches(msg, k.Settings):
		return true, m.openVoteSettings()
	default:
		return false, nil
	}
	return true, nil
}

func (m *Model) openVoteSettings() tea.Cmd {
	set := m.ws.view.Workshop.Settings
	return m.openPrompt(&prompt{kind: promptVoteSettings, label: "Dots per person, most on one segment"},
		fmt.Sprintf("%d %d", set.DotBudget, set.MaxPerSegment), "such as 5 3", 10)
}

func (m *Model) voteHint() string {
	v := m.ws.view
	switch {
	case v.Me.Ready:
		return "You're done voting. Press d if you want to change your dots."
	case v.DotsLeft == 0:
		return "All your dots are placed. Press d when you're done."
	case v.TotalsVisible:
		return "Totals are revealed. + puts a dot on a segment, - takes it back."
	}
	return "+ puts a dot on the highlighted segment, - takes it back."
}

// bar draws a static bar of w cells filled to fraction f.
func (m *Model) bar(f float64, w int) string {
	if w <= 0 {
		return ""
	}
	// Drawn per row on every frame for every participant: two painted
	// runs, not a progress.Model (whose construction alone costs two full
	// lipgloss renders).
	full := max(0, min(w, int(math.Round(float64(w)*max(0, min(1, f))))))
	out := ""
	if full > 0 {
		out = m.styles.BarOn.Render(strings.Repeat("█", full))
	}
	if full < w {
		out += m.styles.BarOff.Render(strings.Repeat("░", w-full))
	}
	return out
}

// dots draws the viewer's dots on a segment: ● for each placed, ○ for
// each they could still add.
func (m *Model) dots(mine, cap int) string {
	s := m.styles
	return s.Dot.Render(strings.Repeat("●", mine)) + s.DotFree.Render(strings.Repeat("○", max(0, cap-mine)))
}

func (m *Model) voteBody(f *frameBuf, w, h int) {
	v := m.ws.view
	set := v.Workshop.Settings
	top := m.voteTop(w)
	for _, l := range top {
		f.line(l)
	}

	// Columns: cursor, name, your dots, then the total when revealed.
	dotsW := max(5, set.MaxPerSegment+2)
	totalW := 0
	maxVotes := 0
	for _, seg := range v.Segments {
		maxVotes = max(maxVotes, seg.Votes)
	}
	if v.TotalsVisible {
		totalW = min(30, w/3)
	}
	nameW := max(8, min(48, w-2-dotsW-totalW-2))
	c := &m.frameCache().vote
	if !c.headOK || c.head.styles != m.styles || c.head.w != w || c.head.nameW != nameW || c.head.dotsW != dotsW || c.head.totals != v.TotalsVisible {
		s := m.styles
		head := "  " + pad("Segment", nameW) + " " + pad("Yours", dotsW)
		if v.TotalsVisible {
			head += " " + "Votes"
		}
		c.head = voteRowKey{styles: m.styles, w: w, nameW: nameW, dotsW: dotsW, totals: v.TotalsVisible}
		c.headLine, c.headOK = truncate(s.Faint.Render(truncate(head, w)), w), true
	}
	f.line(c.headLine)

	n := len(v.Segments)
	sel := clamp(m.ws.vote.cursor, n)
	if len(c.rows) < n {
		c.rows = append(c.rows, make([]voteRow, n-len(c.rows))...)
	}
	c.rows = c.rows[:n]
	row := func(i int) []string {
		seg := v.Segments[i]
		k := voteRowKey{
			styles: m.styles, name: seg.Name, notes: len(seg.Notes), mine: seg.MyDots,
			votes: seg.Votes, maxVotes: maxVotes, perSeg: set.MaxPerSegment,
			selected: i == sel, totals: v.TotalsVisible, nameW: nameW, dotsW: dotsW, totalW: totalW, w: w,
		}
		r := &c.rows[i]
		if !r.ok || r.key != k {
			r.key, r.ok = k, true
			r.line[0] = truncate(m.voteRow(k), w)
		}
		return r.line[:]
	}
	rest := max(1, h-len(top)-1)
	var out []string
	if n == 0 {
		out = window([][]string{{m.styles.Faint.Render("  No segments to vote on.")}}, sel, rest, m.styles.Faint)
	} else {
		out = windowN(n, sel, rest, m.styles.Faint, func(int) int { return 1 }, row, c.scratch[:0])
		c.scratch = out[:0]
	}
	for _, l := range out {
		f.line(truncate(l, w))
	}
}

// voteCache keeps the Vote screen's lines: its top lines, the column
// heading and each segment's row, each with everything it shows as key.
// A cast dot changes one or two rows (and the bars, when the largest
// total moves); the rest are reused.
type voteCache struct {
	top      voteTopKey
	topLines []string
	topOK    bool
	head     voteRowKey
	headLine string
	headOK   bool
	rows     []voteRow
	scratch  []string
}

type voteTopKey struct {
	styles                  *Styles
	w                       int
	left, budget, perSeg    int
	ready, totals           bool
	votersDone, votersTotal int
}

type voteRowKey struct {
	styles                       *Styles
	name                         string
	notes, mine, votes, maxVotes int
	perSeg                       int
	selected, totals             bool
	nameW, dotsW, totalW, w      int
}

type voteRow struct {
	key  voteRowKey
	line [1]string
	ok   bool
}

// voteTop is the Vote screen's first four lines, each cut to w cells:
// the viewer's dots, how many are done, and the column heading's gap.
func (m *Model) voteTop(w int) []string {
	v := m.ws.view
	set := v.Workshop.Settings
	c := &m.frameCache().vote
	k := voteTopKey{
		styles: m.styles, w: w, left: v.DotsLeft, budget: set.DotBudget, perSeg: set.MaxPerSegment,
		ready: v.Me.Ready, totals: v.TotalsVisible, votersDone: v.VotersDone, votersTotal: v.VotersTotal,
	}
	if c.topOK && c.top == k {
		return c.topLines
	}
	s := m.styles
	left := fmt.Sprintf("Dots left: %s of %d", s.Bold.Render(fmt.Sprint(v.DotsLeft)), set.DotBudget)
	left += s.Faint.Render(fmt.Sprintf(" · at most %d on one segment", set.MaxPerSegment))
	me := s.Faint.Render("You: voting (d when done)")
	if v.Me.Ready {
		me = s.Good.Render("You: done ✓")
	}
	doneText := fmt.Sprintf(" %d of %d done", v.VotersDone, v.VotersTotal)
	barW := min(40, max(10, w/2-cellWidth(doneText)))
	frac := 0.0
	if v.VotersTotal > 0 {
		frac = float64(v.VotersDone) / float64(v.VotersTotal)
	}
	secret := ""
	if !v.TotalsVisible {
		secret = s.Faint.Render("totals hidden until revealed")
	}
	top := left
	if cellWidth(left)+cellWidth(me)+2 <= w {
		top = spread(left, me, w)
	}
	c.top, c.topOK = k, true
	c.topLines = []string{
		truncate(top, w),
		truncate(spread(m.bar(frac, barW)+doneText, secret, w), w),
		"",
	}
	return c.topLines
}

// voteRow draws one segment's row.
func (m *Model) voteRow(k voteRowKey) string {
	s := m.styles
	cur := s.mark(k.selected)
	name := k.name
	if k.selected {
		name = s.Current.Render(name)
	}
	name += s.Faint.Render(" (" + plural(k.notes, "note", "notes") + ")")
	row := cur + pad(name, k.nameW) + " " + pad(m.dots(k.mine, k.perSeg), k.dotsW)
	if k.totals {
		f := 0.0
		if k.maxVotes > 0 {
			f = float64(k.votes) / float64(k.maxVotes)
		}
		num := fmt.Sprintf(" %d", k.votes)
		row += " " + m.bar(f, max(1, k.totalW-cellWidth(num))) + s.Bold.Render(num)
	}
	return row
}
