package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"forwhom/session"
)

// Every participant's screen is drawn again on every change in the
// workshop, so a frame's cost times the number of people in the room sets
// how fast the server answers. Two things keep that cost down:
//
//   - frameBuf: a frame is written once, line by line, into one buffer
//     sized from the last frame, instead of being joined, split and fitted
//     again at every level of the layout.
//   - frameCache: the parts of a frame that most changes leave alone (the
//     header, the help bar, the status line, the Answer columns, the vote
//     rows) are kept from the last frame with everything they were drawn
//     from, their key, and drawn again only when the key differs. A key
//     holds every input of its part, never an identity that could outlive
//     what it stood for, so a cached part is always what drawing it afresh
//     would give (TestCachedFramesMatchFreshOnes checks this).

// frameBuf builds one screen. Every line starts with the one-cell left
// margin; at most limit lines are kept, and a body region (see region)
// always takes exactly its height.
type frameBuf struct {
	b         frameBytes
	n         int // lines started
	limit     int // lines the screen has
	regionEnd int // while a body is drawn: the line its region ends at
}

// frameBytes is where a frame is written: a strings.Builder whose buffer
// the model keeps from frame to frame (see Model.shareFrames).
type frameBytes struct{ buf []byte }

func (b *frameBytes) WriteString(s string) { b.buf = append(b.buf, s...) }
func (b *frameBytes) byte(c byte)          { b.buf = append(b.buf, c) }

// next starts a new line with its margin, or reports false when the
// screen or the body's region is full: the caller then drops the line.
func (f *frameBuf) next() bool {
	if !f.nextRaw() {
		return false
	}
	f.b.byte(' ')
	return true
}

// nextRaw starts a new line without a margin.
func (f *frameBuf) nextRaw() bool {
	if f.n >= f.limit || (f.regionEnd > 0 && f.n >= f.regionEnd) {
		return false
	}
	if f.n > 0 {
		f.b.byte('\n')
	}
	f.n++
	return true
}

// line writes a whole line already known to fit the width.
func (f *frameBuf) line(s string) {
	if f.next() {
		f.b.WriteString(s)
	}
}

// spaces writes n spaces into the current line.
func (f *frameBuf) spaces(n int) {
	for n > 0 {
		k := min(n, len(blanks))
		f.b.WriteString(blanks[:k])
		n -= k
	}
}

const blanks = "                                                                "

// fitted writes a line of the frame around the body, already cut to the
// width inside the margins. A line with line breaks in it becomes several,
// each cut to the screen's width w, as fitting the joined screen would.
func (f *frameBuf) fitted(l string, w int) {
	if strings.IndexByte(l, '\n') < 0 {
		f.line(l)
		return
	}
	l = " " + l
	for {
		piece, rest, more := strings.Cut(l, "\n")
		if !f.nextRaw() {
			return
		}
		f.b.WriteString(truncate(piece, w))
		if !more {
			return
		}
		l = rest
	}
}

// region starts a body of exactly h lines.
func (f *frameBuf) region(h int) { f.regionEnd = f.n + h }

// endRegion fills the body's region with empty lines, if it drew fewer.
func (f *frameBuf) endRegion() {
	for f.n < f.regionEnd && f.next() {
	}
	f.regionEnd = 0
}

// text writes a body drawn as text: each line cut to w cells, extra lines
// dropped (missing ones are added by endRegion).
func (f *frameBuf) text(s string, w int) {
	for {
		l, rest, more := strings.Cut(s, "\n")
		if !f.next() {
			return
		}
		f.b.WriteString(truncate(l, w))
		if !more {
			return
		}
		s = rest
	}
}

// frameCache is what a client keeps from one frame for the next. Each
// part is stored with its key: all it was drawn from.
type frameCache struct {
	buf    frameBuf  // the frame being drawn (see pageDraw)
	size   int       // the last frame's length, to size the next one's buffer
	title  [2]string // the workshop's title, and the window title made of it
	header struct {
		key   headerKey
		lines []string
		ok    bool
	}
	help struct {
		key   helpKey
		keys  []helpEntry
		lines []string
		ok    bool
		short []key.Binding // the keymap's short help, made afresh over the last
	}
	status struct {
		key  statusKey
		line string
		ok   bool
	}
	answer   [session.MaxQuestions]answerColumn
	headings struct {
		qs    session.QuestionSet
		texts [2][session.MaxQuestions]string // side by side; one at a time
		ok    bool
	}
	writing struct {
		styles  *Styles
		w       int
		ready   bool
		hidden  bool // names hidden: only how many (View.ReadyHidden)
		names   []string
		n, more int
		line    string
		ok      bool
	}
	vote voteCache
}

func (m *Model) frameCache() *frameCache {
	if m.cache == nil {
		m.cache = &frameCache{}
	}
	return m.cache
}

type statusKey struct {
	styles *Styles
	status status
	hint   string
	w      int
}

// headerKey is everything the workshop's header shows.
type headerKey struct {
	styles      *Styles
	w           int
	title, code string
	timer       int // seconds left; 0 with no timer, -1 once time is up
	phase       session.Phase
	removed     bool
	here, busy  int
}

// helpKey and helpEntry are what the help bar shows: its widths, whether
// it shows every key, and each enabled binding's key and words in order.
type helpKey struct {
	styles        *Styles
	barW, fitW, w int
	all           bool
}

type helpEntry struct {
	key, desc string
	group     int // the column of the full help
}

// helpLines is the help bar for the keys of the screen in front, each line
// cut to w cells; fitW is the width the short help keeps to.
func (m *Model) helpLines(w int) []string {
	return m.helpView(w, w)
}

func (m *Model) helpView(w, fitW int) []string {
	c := &m.frameCache().help
	km := m.currentKeys()
	k := helpKey{styles: m.styles, barW: max(0, m.width-2), fitW: fitW, w: w, all: m.showAllHelp}
	var groups [][]key.Binding
	if k.all {
		groups = km.FullHelp()
	} else {
		c.short = km.short(c.short[:0])
		groups = [][]key.Binding{c.short}
	}
	if c.ok && c.key == k && sameHelp(c.keys, groups) {
		return c.lines
	}
	hm := help.New()
	hm.Styles = m.styles.Help
	hm.ShowAll = k.all
	hm.SetWidth(k.barW)
	ls := lines(hm.View(fitted{km, fitW}))
	for i, l := range ls {
		ls[i] = truncate(l, w)
	}
	c.keys = c.keys[:0]
	for g, bs := range groups {
		for _, b := range bs {
			if b.Enabled() {
				c.keys = append(c.keys, helpEntry{b.Help().Key, b.Help().Desc, g})
			}
		}
	}
	c.key, c.lines, c.ok = k, ls, true
	return ls
}

// sameHelp reports whether groups has exactly the enabled bindings of es.
func sameHelp(es []helpEntry, groups [][]key.Binding) bool {
	i := 0
	for g, bs := range groups {
		for _, b := range bs {
			if !b.Enabled() {
				continue
			}
			if i >= len(es) {
				return false
			}
			h := b.Help()
			if e := es[i]; e.group != g || e.key != h.Key || e.desc != h.Desc {
				return false
			}
			i++
		}
	}
	return i == len(es)
}
