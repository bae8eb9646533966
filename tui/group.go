package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The Group phase: notes on the left (ungrouped "who" notes first, then
// "do" and "value" notes not attached to any segment), segments on the
// right with their notes. Several notes can be selected and put into a
// segment at once. Everyone groups at the same time, so the highlighted
// row is remembered by what it is, not by its position.

type groupState struct {
	pane    int // 0 notes, 1 segments
	cursor  [2]int
	at      [2]rowKey // the highlighted row's key, kept across updates
	picked  map[int64]bool
	merging int64 // the segment marked to be merged
	filter  string

	// The suggested segment shown, by its place in the view's list and
	// its key (kept across updates, as the rows are); the viewer's last
	// accepted suggestion, for undo, and the one on its way.
	sug                 int
	sugAt               string
	lastAccept, sending *accepted
}

// accepted is a suggestion the viewer accepted: its notes, and the
// segment they went into (zero while a new segment has no ID yet).
type accepted struct {
	key     string
	notes   []int64
	segment int64
}

func newGroupState() groupState { return groupState{picked: map[int64]bool{}} }

type rowKind int

const (
	rowNote     rowKind = iota // a note in the left pane
	rowSegment                 // a segment's heading
	rowMember                  // a "who" note in a segment
	rowAttached                // a "do" or "value" note attached to a segment
)

type groupRow struct {
	kind rowKind
	note session.NoteView
	seg  session.SegmentView
}

// rowKey names a row by what it shows: a segment or a note. The zero
// value names no row.
type rowKey struct {
	kind byte // 's' a segment, 'n' a note
	id   int64
}

func (r groupRow) key() rowKey {
	if r.kind == rowSegment {
		return rowKey{'s', r.seg.ID}
	}
	return rowKey{'n', r.note.ID}
}

func (r groupRow) isNote() bool { return r.kind != rowSegment }

// groupLeft lists the notes not yet in or attached to any segment.
func (m *Model) groupLeft() []groupRow {
	v := m.ws.view
	notes := session.FilterNotes(v.Notes, m.ws.group.filter)
	var out []groupRow
	qs := v.Workshop.Questions
	for _, q := range append([]session.Question{qs.Who()}, qs.Attached()...) {
		for _, n := range notes {
			if n.Question == q && n.Segment == 0 {
				out = append(out, groupRow{kind: rowNote, note: n})
			}
		}
	}
	return out
}

// groupRight lists the segments, each followed by its notes.
func (m *Model) groupRight() []groupRow {
	var out []groupRow
	for _, seg := range m.ws.view.Segments {
		out = append(out, groupRow{kind: rowSegment, seg: seg})
		for _, n := range seg.Notes {
			out = append(out, groupRow{kind: rowMember, note: n, seg: seg})
		}
		for _, n := range seg.Attached {
			out = append(out, groupRow{kind: rowAttached, note: n, seg: seg})
		}
	}
	return out
}

func (m *Model) groupRows(pane int) []groupRow {
	if pane == 0 {
		return m.groupLeft()
	}
	return m.groupRight()
}

// groupCurrent is the highlighted row of the focused pane.
func (m *Model) groupCurrent() (groupRow, bool) {
	g := &m.ws.group
	rows := m.groupRows(g.pane)
	if len(rows) == 0 {
		return groupRow{}, false
	}
	return rows[clamp(g.cursor[g.pane], len(rows))], true
}

// reconcileGroup finds the highlighted rows again after the notes changed,
// and forgets selected notes that are gone.
func (m *Model) reconcileGroup() {
	ws := m.ws
	g := &ws.group
	for p := range 2 {
		rows := m.groupRows(p)
		found := false
		for i, r := range rows {
			if r.key() == g.at[p] {
				g.cursor[p], found = i, true
				break
			}
		}
		if !found {
			g.cursor[p] = clamp(g.cursor[p], len(rows))
		}
		if len(rows) > 0 {
			g.at[p] = rows[g.cursor[p]].key()
		}
	}
	if len(g.picked) > 0 {
		exists := map[int64]bool{}
		for _, n := range ws.view.Notes {
			exists[n.ID] = true
		}
		for id := range g.picked {
			if !exists[id] {
				delete(g.picked, id)
			}
		}
	}
	if g.merging != 0 {
		if _, ok := ws.view.Segment(g.merging); !ok {
			g.merging = 0
		}
	}
	sugs := ws.view.Suggestions
	g.sug = clamp(g.sug, len(sugs))
	for i, sg := range sugs {
		if sg.Key == g.sugAt {
			g.sug = i
			break
		}
	}
	g.sugAt = ""
	if len(sugs) > 0 {
		g.sugAt = sugs[g.sug].Key
	}
}

// suggestion is the suggested segment shown.
func (m *Model) suggestion() (session.SuggestedSegment, bool) {
	sugs := m.ws.view.Suggestions
	if len(sugs) == 0 {
		return session.SuggestedSegment{}, false
	}
	return sugs[clamp(m.ws.group.sug, len(sugs))], true
}

// stepSuggestion shows the next (or previous) suggestion, round the list.
func (m *Model) stepSuggestion(delta int) {
	g := &m.ws.group
	sugs := m.ws.view.Suggestions
	if len(sugs) == 0 {
		return
	}
	g.sug = ((clamp(g.sug, len(sugs))+delta)%len(sugs) + len(sugs)) % len(sugs)
	g.sugAt = sugs[g.sug].Key
}

// acceptSuggestion sends the accept, remembered for undo once it is done.
func (m *Model) acceptSuggestion(sg session.SuggestedSegment) tea.Cmd {
	g := &m.ws.group
	a := &accepted{key: sg.Key, segment: sg.Segment}
	for _, n := range sg.Notes {
		a.notes = append(a.notes, n.ID)
	}
	g.sending = a
	return m.ws.send(afterAccept, session.AcceptSuggestion{Suggestion: sg})
}

// undoAccept takes the last accepted suggestion's notes out again.
func (m *Model) undoAccept() tea.Cmd {
	g := &m.ws.group
	a := g.lastAccept
	g.lastAccept = nil
	seg := a.segment
	for _, n := range m.ws.view.Notes {
		if seg == 0 && n.Segment != 0 && slices.Contains(a.notes, n.ID) {
			seg = n.Segment // the new segment the accept made
		}
	}
	g.sugAt = a.key // shown again when it comes back
	m.note("Accept undone.")
	return m.ws.run(session.UndoAccept{Notes: a.notes, Segment: seg})
}

func (m *Model) groupMove(delta int) {
	g := &m.ws.group
	rows := m.groupRows(g.pane)
	g.cursor[g.pane] = clamp(g.cursor[g.pane]+delta, len(rows))
	if len(rows) > 0 {
		g.at[g.pane] = rows[g.cursor[g.pane]].key()
	}
}

func (m *Model) syncGroupKeys() {
	k := &m.keys.group
	ws := m.ws
	g := &ws.group
	can := ws.view.Can
	row, ok := m.groupCurrent()
	onSeg := ok && g.pane == 1 && can.Group
	k.Select.SetEnabled(ok && row.isNote() && can.Group)
	k.Into.SetEnabled(onSeg && (len(g.picked) > 0 || g.merging != 0))
	k.Into.SetHelp("enter", "put selected here")
	k.Out.SetEnabled(ok && (row.kind == rowMember || row.kind == rowAttached) && can.Group)
	k.Rename.SetEnabled(onSeg)
	k.Merge.SetEnabled(onSeg)
	k.Create.SetEnabled(can.Group && m.groupSegmentNotes() != nil)
	k.Delete.SetEnabled(ok && row.isNote() && ws.view.CanDelete(row.note))
	k.Lock.SetEnabled(can.Facilitate)
	sg, sugOK := m.suggestion()
	k.Accept.SetEnabled(sugOK)
	k.Reject.SetEnabled(sugOK)
	k.EditName.SetEnabled(sugOK && sg.Segment == 0)
	k.NextSug.SetEnabled(len(ws.view.Suggestions) > 1)
	k.PrevSug.SetEnabled(len(ws.view.Suggestions) > 1)
	k.Undo.SetEnabled(g.lastAccept != nil)
	cancel := g.merging != 0 || len(g.picked) > 0 || g.filter != ""
	k.Cancel.SetEnabled(cancel)
	k.Back.SetEnabled(!cancel)
	switch {
	case g.merging != 0:
		// enter and m both merge: one entry in the help says so.
		k.Into.SetHelp("enter/m", "merge into this")
		k.Merge.SetEnabled(false)
		k.Cancel.SetHelp("esc", "cancel merge")
	case len(g.picked) > 0:
		k.Merge.SetHelp("m", "merge")
		k.Cancel.SetHelp("esc", "clear selection")
	default:
		k.Merge.SetHelp("m", "merge")
		k.Cancel.SetHelp("esc", "clear filter")
	}
	if ws.view.Workshop.Settings.GroupingLocked {
		k.Lock.SetHelp("L", "unlock grouping")
	} else {
		k.Lock.SetHelp("L", "lock grouping")
	}
}

// groupSegmentNotes are the notes a new segment would be made of: the
// selected ones ("do" and "value" notes among them are attached to it),
// or else the highlighted "who" note; nil when that holds no "who" note,
// which a segment needs. The first is a "who" note, which names it.
func (m *Model) groupSegmentNotes() []int64 {
	ws := m.ws
	var ids []int64
	who := -1
	for _, n := range ws.view.Notes {
		if ws.group.picked[n.ID] {
			if who < 0 && ws.view.Workshop.Questions.IsWho(n.Question) {
				who = len(ids)
			}
			ids = append(ids, n.ID)
		}
	}
	if who >= 0 {
		ids[0], ids[who] = ids[who], ids[0]
		return ids
	}
	if len(ids) > 0 {
		return nil
	}
	if row, ok := m.groupCurrent(); ok && row.isNote() && ws.view.Workshop.Questions.IsWho(row.note.Question) {
		return []int64{row.note.ID}
	}
	return nil
}

func (m *Model) groupKey(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	ws := m.ws
	g := &ws.group
	k := m.keys.group
	v := ws.view
	row, ok := m.groupCurrent()
	switch {
	case key.Matches(msg, k.Up):
		m.groupMove(-1)
	case key.Matches(msg, k.Down):
		m.groupMove(1)
	case key.Matches(msg, k.Pane):
		g.pane = 1 - g.pane
	case key.Matches(msg, k.Select):
		if g.picked[row.note.ID] {
			delete(g.picked, row.note.ID)
		} else {
			g.picked[row.note.ID] = true
		}
		m.groupMove(1)
	case key.Matches(msg, k.Create):
		ids := m.groupSegmentNotes()
		first := ""
		for _, n := range v.Notes {
			if n.ID == ids[0] {
				first = n.Text
			}
		}
		return true, m.openPrompt(&prompt{kind: promptNewSegment, notes: ids,
			label: fmt.Sprintf("New segment of %s, named", plural(len(ids), "note", "notes"))},
			"", truncate(first, 40)+" (enter keeps this)", session.MaxSegmentLen)
	case g.pane == 1 && ok && (key.Matches(msg, k.Into) || g.merging != 0 && pressed(msg, k.Merge)):
		if g.merging != 0 {
			from := g.merging
			g.merging = 0
			if from == row.seg.ID {
				m.note("Merge cancelled.")
				return true, nil
			}
			return true, ws.run(session.MergeSegments{From: from, Into: row.seg.ID})
		}
		return true, m.groupPutInto(row.seg.ID)
	case key.Matches(msg, k.Merge):
		g.merging = row.seg.ID
	case key.Matches(msg, k.Out):
		if row.kind == rowMember {
			return true, ws.run(session.MoveNote{Note: row.note.ID, Segment: 0})
		}
		return true, ws.run(session.AttachNote{Note: row.note.ID, Segment: 0})
	case key.Matches(msg, k.Rename):
		return true, m.openPrompt(&prompt{kind: promptRenameSegment, segment: row.seg.ID, label: "Rename segment"},
			row.seg.Name, "", session.MaxSegmentLen)
	case key.Matches(msg, k.Filter):
		return true, m.openPrompt(&prompt{kind: promptGroupFilter, label: "Filter notes"},
			g.filter, "text to look for · esc clears", 80)
	case ok && row.isNote() && pressed(msg, k.Delete):
		return true, ws.run(session.DeleteNote{Note: row.note.ID})
	case pressed(msg, k.Lock):
		return true, ws.run(session.LockGrouping{Locked: !ws.wanted().settings.GroupingLocked})
	case key.Matches(msg, k.Accept):
		sg, _ := m.suggestion()
		return true, m.acceptSuggestion(sg)
	case key.Matches(msg, k.Reject):
		sg, _ := m.suggestion()
		m.note("Suggestion rejected: it will not be offered again.")
		return true, ws.run(session.RejectSuggestion{Key: sg.Key})
	case key.Matches(msg, k.EditName):
		sg, _ := m.suggestion()
		return true, m.openPrompt(&prompt{kind: promptSuggestionName, suggestion: sg,
			label: fmt.Sprintf("Accept as a new segment of %s, named", plural(len(sg.Notes), "note", "notes"))},
			sg.Name, "", session.MaxSegmentLen)
	case key.Matches(msg, k.NextSug):
		m.stepSuggestion(1)
	case key.Matches(msg, k.PrevSug):
		m.stepSuggestion(-1)
	case key.Matches(msg, k.Undo):
		return true, m.undoAccept()
	case key.Matches(msg, k.Cancel):
		switch {
		case g.merging != 0:
			g.merging = 0
		case len(g.picked) > 0:
			g.picked = map[int64]bool{}
		default:
			g.filter = ""
			m.reconcileGroup()
		}
	default:
		return false, nil
	}
	return true, nil
}

// groupPutInto moves the selected "who" notes into a segment and attaches
// the selected "do" and "value" notes to it: one command, however many
// notes, done whole or refused whole.
func (m *Model) groupPutInto(seg int64) tea.Cmd {
	ws := m.ws
	var ids []int64
	for _, n := range ws.view.Notes {
		if ws.group.picked[n.ID] {
			ids = append(ids, n.ID)
		}
	}
	return ws.send(afterClearPicks, session.GroupNotes{Segment: seg, Notes: ids})
}

func (m *Model) groupHint() string {
	ws := m.ws
	g := &ws.group
	switch {
	case g.merging != 0:
		seg, _ := ws.view.Segment(g.merging)
		return "Merging “" + seg.Name + "”: highlight the target, then m or enter."
	case len(g.picked) > 0:
		return fmt.Sprintf("%s selected: s makes a segment, enter on a segment puts them there.", plural(len(g.picked), "note", "notes"))
	case !ws.view.Can.Group:
		return "The facilitator has locked grouping: watch the segments take shape."
	case len(ws.view.Suggestions) > 0:
		return "A segment is suggested: y accepts it, n rejects it, e edits its name; ] shows the next."
	}
	return "Select “who” notes with space, then s for a new segment or enter on a segment."
}

func (m *Model) groupBody(w, h int) string {
	s := m.styles
	ws := m.ws
	g := &ws.group
	v := ws.view

	gap := 1
	leftW := (w - gap) / 2
	rightW := w - gap - leftW
	narrow := w < narrowWidth
	if narrow {
		// One pane at a time; tab switches.
		leftW, rightW = w, w
	}
	var top string
	if sg, ok := m.suggestion(); ok && h >= 10 {
		top = m.suggestionBox(sg, w)
		h -= strings.Count(top, "\n") + 1
	}
	withTop := func(body string) string {
		if top == "" {
			return body
		}
		return top + "\n" + body
	}
	iwL, iwR := boxInner(leftW), boxInner(rightW)

	// Left: notes to group.
	left := m.groupLeft()
	titleL := s.Bold.Render("Notes") + s.Faint.Render(fmt.Sprintf(" · %d not in a segment", len(left)))
	if g.filter != "" {
		titleL = s.Bold.Render("Notes") + s.Faint.Render(" · filter: ") + s.Tag.Render(g.filter) +
			s.Faint.Render(fmt.Sprintf(" (%d)", len(left)))
	}
	itemsL := make([][]string, len(left))
	for i, r := range left {
		itemsL[i] = m.groupNoteBlock(r, iwL, g.pane == 0 && i == clamp(g.cursor[0], len(left)))
	}
	if len(left) == 0 {
		msg := "Every note is in a segment."
		if g.filter != "" {
			msg = "No note matches the filter."
		}
		itemsL = [][]string{{s.Faint.Render(msg)}}
	}
	contentL := []string{titleL, ""}
	contentL = append(contentL, window(itemsL, g.cursor[0], h-2-2, s.Faint)...)

	// Right: segments.
	right := m.groupRight()
	titleR := s.Bold.Render("Segments") + s.Faint.Render(fmt.Sprintf(" · %d", len(v.Segments)))
	if v.Workshop.Settings.GroupingLocked {
		titleR += "  " + s.Badge.Render("[grouping locked]")
	}
	itemsR := make([][]string, len(right))
	for i, r := range right {
		sel := g.pane == 1 && i == clamp(g.cursor[1], len(right))
		if r.kind == rowSegment {
			itemsR[i] = []string{m.segmentHeading(r.seg, iwR, sel)}
		} else {
			itemsR[i] = m.groupNoteBlock(r, iwR, sel)
		}
	}
	if len(right) == 0 {
		itemsR = [][]string{{s.Faint.Render("No segments yet: select “who” notes and press s.")}}
	}
	contentR := []string{titleR, ""}
	contentR = append(contentR, window(itemsR, g.cursor[1], h-2-2, s.Faint)...)

	styleL, styleR := s.PaneIdle, s.PaneActive
	if g.pane == 0 {
		styleL, styleR = s.PaneActive, s.PaneIdle
	}
	if narrow {
		if g.pane == 0 {
			return withTop(box(styleL, contentL, leftW, h))
		}
		return withTop(box(styleR, contentR, rightW, h))
	}
	boxL := lines(box(styleL, contentL, leftW, h))
	boxR := lines(box(styleR, contentR, rightW, h))
	out := make([]string, h)
	for i := range h {
		l, r := "", ""
		if i < len(boxL) {
			l = boxL[i]
		}
		if i < len(boxR) {
			r = boxR[i]
		}
		out[i] = l + strings.Repeat(" ", gap) + r
	}
	return withTop(strings.Join(out, "\n"))
}

// suggestionBox is the suggested segment shown, in two lines above the
// panes: what it would do, and the notes it would put together.
func (m *Model) suggestionBox(sg session.SuggestedSegment, w int) string {
	s := m.styles
	v := m.ws.view
	head := s.Heading.Render(fmt.Sprintf("✦ Suggested %d of %d:", clamp(m.ws.group.sug, len(v.Suggestions))+1, len(v.Suggestions)))
	what := " a new segment “" + sg.Name + "” of " + plural(len(sg.Notes), "note", "notes")
	if sg.Segment != 0 {
		what = " " + plural(len(sg.Notes), "note", "notes") + " more for “" + sg.Name + "”"
	}
	texts := make([]string, len(sg.Notes))
	for i, n := range sg.Notes {
		texts[i] = n.Text
	}
	return truncate(head+what+s.Faint.Render("  y accept · n reject"), w) + "\n" +
		truncate("  "+s.Faint.Render(strings.Join(texts, " · ")), w)
}

// segmentHeading is a segment's row: "▸ Name (3)", marked when it is the
// one being merged. The name gives way before the count does.
func (m *Model) segmentHeading(seg session.SegmentView, w int, selected bool) string {
	s := m.styles
	cur := s.mark(selected)
	count := s.Faint.Render(fmt.Sprintf(" (%d)", len(seg.Notes)))
	mark := ""
	if m.ws.group.merging == seg.ID {
		mark = " " + s.Badge.Render("[merging]")
	}
	nameW := max(1, w-2-cellWidth(count)-cellWidth(mark))
	name := truncate("▸ "+seg.Name, nameW)
	if selected {
		name = s.Current.Render(name)
	} else {
		name = s.Bold.Render(name)
	}
	return truncate(cur+name+count+mark, w)
}

// groupNoteBlock draws a note in either pane: cursor, selection mark,
// question tag for "do" and "value" notes, text.
func (m *Model) groupNoteBlock(r groupRow, w int, selected bool) []string {
	s := m.styles
	cur := s.mark(selected)
	indent := ""
	if r.kind != rowNote {
		indent = "  "
	}
	pick := "  "
	if m.ws.group.picked[r.note.ID] {
		pick = s.Picked.Render("✓ ")
	}
	tag := ""
	switch r.kind {
	case rowMember:
		tag = s.Faint.Render("· ")
	case rowAttached:
		tag = s.Faint.Render("+ ")
	}
	if qs := m.ws.view.Workshop.Questions; !qs.IsWho(r.note.Question) {
		tag = s.Tag.Render("[" + qs.Short(r.note.Question) + "] ")
	}
	lead := cur + indent + pick
	leadW := cellWidth(cur + indent + pick)
	text := r.note.Text
	if r.note.AuthorName != "" {
		text += " — " + r.note.AuthorName
	}
	text += sourceTag(r.note)
	limit := 1
	if selected {
		limit = 4
	}
	wrapped := wrapMax(tag+text, max(1, w-leadW), limit)
	out := make([]string, len(wrapped))
	for i, l := range wrapped {
		if selected {
			l = s.Current.Render(l)
		}
		if i == 0 {
			out[i] = lead + l
		} else {
			out[i] = strings.Repeat(" ", leadW) + l
		}
	}
	return out
}
