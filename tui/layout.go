package tui

import (
	"fmt"
	"hash/maphash"
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"

	"forwhom/internal/cellwidth"
)

// Everything here measures terminal cells, never bytes or runes: a CJK
// character or an emoji takes two cells, and styled text carries escape
// sequences that take none.

// truncate cuts s to at most w cells, ending in "…" when it had to cut.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	// No character takes more cells than it has bytes.
	if len(s) <= w || cellWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// pad cuts or fills s to exactly w cells.
func pad(s string, w int) string {
	s = truncate(s, w)
	if n := w - cellWidth(s); n > 0 {
		s += strings.Repeat(" ", n)
	}
	return s
}

// spread puts left at the start and right at the end of a line w cells
// wide; when both do not fit, left gives way first.
func spread(left, right string, w int) string {
	rw := cellWidth(right)
	if rw >= w {
		return truncate(right, w)
	}
	left = truncate(left, w-rw-1)
	gap := w - cellWidth(left) - rw
	return left + strings.Repeat(" ", max(1, gap)) + right
}

// wrap breaks s into lines of at most w cells, at spaces where it can and
// inside long words where it must.
func wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	lines := strings.Split(ansi.Wrap(s, w, " -"), "\n")
	for i, l := range lines {
		lines[i] = truncate(strings.TrimRight(l, " "), w)
	}
	return lines
}

// wrapMax wraps s to w cells and keeps at most n lines, ending the last
// with "…" when text was left out. The lines are shared (see wraps): read
// them, never change them.
func wrapMax(s string, w, n int) []string {
	k := wrapKey{s: s, w: w, n: n}
	if ls, ok := wraps.get(k); ok {
		return ls
	}
	ls := wrapMaxUncached(s, w, n)
	wraps.put(k, ls)
	return ls
}

func wrapMaxUncached(s string, w, n int) []string {
	lines := wrap(s, w)
	if n <= 0 || len(lines) <= n {
		return lines
	}
	lines = lines[:n]
	last := lines[n-1]
	if cellWidth(last)+1 > w {
		last = ansi.Truncate(last, w-1, "")
	}
	lines[n-1] = last + "…"
	return lines
}

// fit makes s exactly h lines of at most w cells: longer lines are cut,
// missing lines added empty, extra lines dropped. Every screen passes
// through it, so no view can ever draw outside its box.
func fit(s string, w, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = truncate(l, w)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// lines splits rendered text into its lines.
func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// window picks which lines of a list of items to show in h lines, keeping
// item sel fully visible (as far as it fits). Items are blocks of one or
// more lines. When items are cut off above or below, a line says how many.
func window(items [][]string, sel, h int, more Ink) []string {
	return windowN(len(items), sel, h, more,
		func(i int) int { return len(items[i]) },
		func(i int) []string { return items[i] }, nil)
}

// windowN is window for n items given by their heights and a function
// that draws one: only the items that show are drawn, and heights are
// asked only as far as the choice needs them. Lines are appended to out.
func windowN(n, sel, h int, more Ink, height func(i int) int, item func(i int) []string, out []string) []string {
	if h <= 0 || n == 0 {
		return out
	}
	// fits reports whether items from..n-1 take at most room lines.
	fits := func(from, room int) bool {
		total := 0
		for i := from; i < n; i++ {
			total += height(i)
			if total > room {
				return false
			}
		}
		return true
	}
	if fits(0, h) {
		for i := range n {
			out = append(out, item(i)...)
		}
		return out
	}
	sel = max(0, min(sel, n-1))
	if h < 3 {
		// No room for "more" lines: the selection alone.
		ls := item(sel)
		if len(ls) > h {
			ls = ls[:h]
		}
		return append(out, ls...)
	}

	// The first item shown is the earliest one that still leaves room for
	// everything up to and including the selection.
	upto := 0 // lines of items start..sel
	for i := 0; i <= sel; i++ {
		upto += height(i)
	}
	start := 0
	for start < sel {
		used := upto
		if start > 0 {
			used++ // "↑ n more"
		}
		if sel < n-1 {
			used++ // "↓ n more"
		}
		if used <= h {
			break
		}
		upto -= height(start)
		start++
	}

	base := len(out)
	if start > 0 {
		out = append(out, more.Render(fmt.Sprintf("  ↑ %d more", start)))
	}
	for i := start; i < n; i++ {
		avail := h - (len(out) - base)
		if fits(i, avail) {
			for ; i < n; i++ {
				out = append(out, item(i)...)
			}
			break
		}
		// Not everything fits: keep a line for "↓ n more".
		if height(i) <= avail-1 {
			out = append(out, item(i)...)
			continue
		}
		if i == sel && avail > 1 {
			out = append(out, item(i)[:avail-1]...)
			i++
		}
		if i < n {
			out = append(out, more.Render(fmt.Sprintf("  ↓ %d more", n-i)))
		}
		break
	}
	if len(out)-base > h {
		out = out[:base+h]
	}
	return out
}

// column stacks blocks of text vertically into exactly h lines of w cells.
func column(w, h int, parts ...string) string {
	return fit(strings.Join(parts, "\n"), w, h)
}

// boxInner is the width of the text inside a box w cells wide: a border
// and one cell of space on each side.
func boxInner(w int) int { return max(1, w-4) }

// box draws lines inside a border, exactly w cells wide and h lines tall.
// The border is drawn here, piece by piece, rather than by rendering the
// whole block through the style: every line is already padded to the
// width, and re-measuring them all is the costliest part of a frame.
func box(style Pane, content []string, w, h int) string {
	iw, ih := boxInner(w), max(0, h-2)
	var out strings.Builder
	out.WriteString(style.edge(true, iw))
	for i := range ih {
		line := ""
		if i < len(content) {
			line = content[i]
		}
		out.WriteString("\n")
		out.WriteString(style.left)
		out.WriteByte(' ')
		out.WriteString(pad(line, iw))
		out.WriteByte(' ')
		out.WriteString(style.right)
	}
	out.WriteString("\n" + style.edge(false, iw))
	return out.String()
}

// edge is the top or bottom border of a box with iw cells inside.
func (p Pane) edge(top bool, iw int) string {
	b := p.border
	if top {
		return p.paint.Render(b.TopLeft + strings.Repeat(b.Top, iw+2) + b.TopRight)
	}
	return p.paint.Render(b.BottomLeft + strings.Repeat(b.Bottom, iw+2) + b.BottomRight)
}

// plural says "1 note" or "3 notes".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// clamp keeps i within [0, n-1], or 0 when n is 0.
func clamp(i, n int) int {
	if n <= 0 {
		return 0
	}
	return max(0, min(i, n-1))
}

// cellWidth is the width of s in terminal cells (see cellwidth.Of).
func cellWidth(s string) int { return cellwidth.Of(s) }

// wrapCache remembers wrapMax's lines by text, width and line limit,
// shared by all clients: everyone's screen wraps the same notes to the
// same few widths. Like widthCache, a full shard is emptied. The lines
// are shared: nobody may change them.
type wrapCache struct {
	seed   maphash.Seed
	shards [16]struct {
		mu sync.Mutex
		m  map[wrapKey][]string
	}
}

type wrapKey struct {
	s    string
	w, n int
}

const wrapShardCap = 1024

var wraps = &wrapCache{seed: maphash.MakeSeed()}

func (c *wrapCache) shard(k wrapKey) int {
	return int((maphash.String(c.seed, k.s) + uint64(k.w)*31 + uint64(k.n)) % uint64(len(c.shards)))
}

func (c *wrapCache) get(k wrapKey) ([]string, bool) {
	sh := &c.shards[c.shard(k)]
	sh.mu.Lock()
	ls, ok := sh.m[k]
	sh.mu.Unlock()
	return ls, ok
}

func (c *wrapCache) put(k wrapKey, ls []string) {
	if len(k.s) > 1024 {
		return
	}
	sh := &c.shards[c.shard(k)]
	sh.mu.Lock()
	if sh.m == nil || len(sh.m) >= wrapShardCap {
		sh.m = make(map[wrapKey][]string, wrapShardCap/4)
	}
	sh.m[k] = ls
	sh.mu.Unlock()
}
