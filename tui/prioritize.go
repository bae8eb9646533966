package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The Prioritize phase: segments ranked by votes, drawn as bars, with their
// notes on demand; and the three insight polls, where everyone picks one
// segment per lens and the winners are marked on the list.

// minVoteSteps are the values "v" cycles the minimum-votes filter through.
var minVoteSteps = []int{0, 1, 2, 3, 5}

type prioState struct {
	cursor   int
	at       int64 // the highlighted segment, kept across updates
	open     map[int64]bool
	filter   string
	minVotes int
}

func newPrioState() prioState { return prioState{open: map[int64]bool{}} }

// lensMark is each lens's symbol and words, so a mark never depends on
// colour alone.
func lensMark(l session.Lens) (symbol, words string) {
	switch l {
	case session.LensBiggest:
		return "★", "biggest"
	case session.LensValuable:
		return "◆", "most valuable"
	}
	return "▲", "underserved"
}

// lensTitle is a lens as a short heading.
func lensTitle(l session.Lens) string {
	switch l {
	case session.LensBiggest:
		return "Biggest customer group"
	case session.LensValuable:
		return "Most valuable to us"
	}
	return "Underserved by us"
}

func (m *Model) prioRows() []session.SegmentView {
	p := &m.ws.prio
	return session.FilterSegments(m.ws.view.Segments, p.filter, p.minVotes)
}

func (m *Model) reconcilePrio() {
	followSegment(m.prioRows(), &m.ws.prio.cursor, &m.ws.prio.at)
}

func (m *Model) prioCurrent() (session.SegmentView, bool) {
	rows := m.prioRows()
	if len(rows) == 0 {
		return session.SegmentView{}, false
	}
	return rows[clamp(m.ws.prio.cursor, len(rows))], true
}

func (m *Model) syncPrioKeys() {
	k := &m.keys.prioritize
	p := &m.ws.prio
	seg, ok := m.prioCurrent()
	k.Expand.SetEnabled(ok)
	if ok && p.open[seg.ID] {
		k.Expand.SetHelp("enter", "close")
	} else {
		k.Expand.SetHelp("enter", "open")
	}
	pick := ok && m.ws.view.Can.PickInsights
	k.Biggest.SetEnabled(pick)
	k.Valuable.SetEnabled(pick)
	k.Underserved.SetEnabled(pick)
	filtered := p.filter != "" || p.minVotes > 0
	k.Cancel.SetEnabled(filtered)
	k.Back.SetEnabled(!filtered)
	next := minVoteSteps[(minVoteIndex(p.minVotes)+1)%len(minVoteSteps)]
	k.MinVotes.SetHelp("v", fmt.Sprintf("min votes → %d", next))
}

func minVoteIndex(n int) int {
	for i, v := range minVoteSteps {
		if v == n {
			return i
		}
	}
	return 0
}

func (m *Model) prioKey(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	ws := m.ws
	p := &ws.prio
	k := m.keys.prioritize
	seg, ok := m.prioCurrent()
	move := func(d int) {
		rows := m.prioRows()
		p.cursor = clamp(p.cursor+d, len(rows))
		if len(rows) > 0 {
			p.at = rows[p.cursor].ID
		}
	}
	pick := func(l session.Lens) tea.Cmd {
		target := seg.ID
		if ws.wanted().picks[l] == seg.ID {
			target = 0 // picking the same segment again takes the pick back
		}
		return ws.run(session.PickInsight{Lens: l, Segment: target})
	}
	switch {
	case key.Matches(msg, k.Up):
		move(-1)
	case key.Matches(msg, k.Down):
		move(1)
	case ok && key.Matches(msg, k.Expand):
		p.open[seg.ID] = !p.open[seg.ID]
	case ok && key.Matches(msg, k.Biggest):
		return true, pick(session.LensBiggest)
	case ok && key.Matches(msg, k.Valuable):
		return true, pick(session.LensValuable)
	case ok && key.Matches(msg, k.Underserved):
		return true, pick(session.LensUnderserved)
	case key.Matches(msg, k.Filter):
		return true, m.openPrompt(&prompt{kind: promptPrioFilter, label: "Filter segments"},
			p.filter, "text in a name or note · esc clears", 80)
	case key.Matches(msg, k.MinVotes):
		p.minVotes = minVoteSteps[(minVoteIndex(p.minVotes)+1)%len(minVoteSteps)]
		m.reconcilePrio()
	case key.Matches(msg, k.Cancel):
		p.filter, p.minVotes = "", 0
		m.reconcilePrio()
	default:
		return false, nil
	}
	return true, nil
}

func (m *Model) prioHint() string {
	return "1 2 3 pick the highlighted segment; the same key again takes the pick back."
}

// marksText is a segment's insight marks in symbols and words; a lens it
// leads with others says so.
func (m *Model) marksText(marks []session.Lens, words bool) string {
	var parts []string
	for _, l := range marks {
		sym, w := lensMark(l)
		if m.ws.view.Insights[l].Tie() {
			w += " (tie)"
		}
		if words {
			parts = append(parts, sym+" "+w)
		} else {
			parts = append(parts, sym)
		}
	}
	return strings.Join(parts, " ")
}

// rankText is a segment's place: "1", or "1=" when it shares it.
func rankText(seg session.SegmentView) string {
	if seg.Tied {
		return fmt.Sprint(seg.Rank, "=")
	}
	return fmt.Sprint(seg.Rank)
}

// leadersText names the segments leading a poll: one, or every one of a
// tie ("tie: A, B").
func (m *Model) leadersText(in session.InsightView) string {
	names := make([]string, 0, len(in.Leaders))
	for _, id := range in.Leaders {
		if seg, ok := m.ws.view.Segment(id); ok {
			names = append(names, seg.Name)
		}
	}
	if len(names) > 1 {
		return "tie: " + strings.Join(names, ", ")
	}
	return strings.Join(names, "")
}

func (m *Model) prioBody(w, h int) string {
	s := m.styles
	ws := m.ws
	p := &ws.prio
	v := ws.view
	rows := m.prioRows()

	// The insight polls take the bottom lines, as many as the height
	// spares: the ranked list comes first.
	polls := m.insightLines(w)
	switch {
	case h < 10:
		polls = nil
	case h < 16:
		polls = polls[1:]
	}

	filter := s.Faint.Render("filter: ")
	if p.filter != "" {
		filter += s.Tag.Render(p.filter)
	} else {
		filter += s.Faint.Render("none")
	}
	filter += s.Faint.Render(fmt.Sprintf(" · min votes: %d · showing %d of %d", p.minVotes, len(rows), len(v.Segments)))

	maxVotes := 0
	for _, seg := range v.Segments {
		maxVotes = max(maxVotes, seg.Votes)
	}
	// Columns: cursor+rank, name, bar+votes, voters, notes.
	// The rank takes two cells ("12", "1=") unless a tie past the ninth
	// place needs three.
	rankW, votersW, notesW := 4, 7, 6
	for _, seg := range rows {
		rankW = max(rankW, 2+len(rankText(seg)))
	}
	barW := min(30, max(8, (w-rankW-votersW-notesW)/3))
	nameW := max(8, min(44, w-rankW-barW-votersW-notesW-5))
	head := pad("  #", rankW) + " " + pad("Segment", nameW) + " " + pad("Votes", barW) + "  " +
		pad("Voters", votersW) + " " + pad("Notes", notesW)

	out := []string{truncate(filter, w), "", s.Faint.Render(truncate(head, w))}
	if h < 12 {
		out = out[2:]
	}

	sel := clamp(p.cursor, len(rows))
	items := make([][]string, len(rows))
	for i, seg := range rows {
		cur := s.mark(i == sel)
		name := seg.Name
		if i == sel {
			name = s.Current.Render(name)
		}
		f := 0.0
		if maxVotes > 0 {
			f = float64(seg.Votes) / float64(maxVotes)
		}
		num := fmt.Sprintf(" %3d", seg.Votes)
		bar := m.bar(f, max(1, barW-cellWidth(num))) + s.Bold.Render(num)
		row := cur + pad(rankText(seg), rankW-2) + " " + pad(name, nameW) + " " + pad(bar, barW) + "  " +
			pad(fmt.Sprintf("%6d", seg.Voters), votersW) + " " + pad(fmt.Sprintf("%5d", len(seg.Notes)), notesW)
		block := []string{row}
		if len(seg.Marks) > 0 {
			block = append(block, strings.Repeat(" ", rankW+1)+s.Mark.Render(m.marksText(seg.Marks, true)))
		}
		if p.open[seg.ID] {
			block = append(block, m.segmentNotes(seg, w-rankW-1, rankW+1)...)
		}
		items[i] = block
	}
	if len(items) == 0 {
		msg := "  No segments."
		if len(v.Segments) > 0 {
			msg = "  No segment matches the filters (esc clears them)."
		}
		items = [][]string{{s.Faint.Render(msg)}}
	}
	gap := 1
	if len(polls) == 0 {
		gap = 0
	}
	listH := max(1, h-len(out)-len(polls)-gap)
	list := window(items, sel, listH, s.Faint)
	out = append(out, list...)
	for len(out) < h-len(polls) {
		out = append(out, "")
	}
	out = append(out, polls...)
	return strings.Join(out, "\n")
}

// segmentNotes lists a segment's "who" notes and attached notes, indented.
func (m *Model) segmentNotes(seg session.SegmentView, w, indent int) []string {
	s := m.styles
	ind := strings.Repeat(" ", indent)
	var out []string
	for _, n := range seg.Notes {
		for i, l := range wrapMax(n.Text+sourceTag(n), max(1, w-2), 3) {
			lead := "· "
			if i > 0 {
				lead = "  "
			}
			out = append(out, ind+s.Faint.Render(lead)+l)
		}
	}
	for _, n := range seg.Attached {
		tag := "[" + m.ws.view.Workshop.Questions.Short(n.Question) + "] "
		for i, l := range wrapMax(tag+n.Text+sourceTag(n), max(1, w-2), 3) {
			lead := "+ "
			if i > 0 {
				lead = "  "
			}
			out = append(out, ind+s.Tag.Render(lead)+l)
		}
	}
	if len(out) == 0 {
		out = append(out, ind+s.Faint.Render("no notes"))
	}
	return out
}

// insightLines are the three polls: each lens's current winner, its picks
// and the viewer's own pick.
func (m *Model) insightLines(w int) []string {
	s := m.styles
	v := m.ws.view
	out := []string{s.Heading.Render("Insights") + s.Faint.Render(" · the room's picks; yours with 1, 2 or 3")}
	titleW := 0
	for _, l := range session.Lenses {
		titleW = max(titleW, cellWidth(lensTitle(l)))
	}
	for i, l := range session.Lenses {
		in := v.Insights[l]
		sym, _ := lensMark(l)
		total := 0
		for _, n := range in.Counts {
			total += n
		}
		winner := s.Faint.Render("no picks yet")
		if len(in.Leaders) > 0 {
			each := ""
			if in.Tie() {
				each = " each"
			}
			winner = s.Bold.Render(m.leadersText(in)) + s.Faint.Render(fmt.Sprintf(" · %d%s of %s", in.Picks(), each, plural(total, "pick", "picks")))
		}
		mine := ""
		if seg, ok := v.Segment(in.Mine); ok && in.Mine != 0 {
			mine = s.Faint.Render(" · yours: ") + seg.Name
		}
		line := s.Key.Render(fmt.Sprint(i+1)) + " " + s.Mark.Render(sym) + " " + pad(lensTitle(l), titleW) + "  " + winner + mine
		out = append(out, truncate(line, w))
	}
	return out
}
