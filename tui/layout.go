package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Everything here measures terminal cells, never bytes or runes: a CJK
// character or an emoji takes two cells, and styled text carries escape
// sequences that take none.

// truncate cuts s to at most w cells, ending in "…" when it had to cut.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if cellWidth(s) <= w {
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
// with "…" when text was left out.
func wrapMax(s string, w, n int) []string {
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
	if h <= 0 || len(items) == 0 {
		return nil
	}
	total := 0
	for _, it := range items {
		total += len(it)
	}
	if total <= h {
		out := make([]string, 0, total)
		for _, it := range items {
			out = append(out, it...)
		}
		return out
	}
	sel = max(0, min(sel, len(items)-1))
	if h < 3 {
		// No room for "more" lines: the selection alone.
		out := items[sel]
		if len(out) > h {
			out = out[:h]
		}
		return out
	}

	// The first item shown is the earliest one that still leaves room for
	// everything up to and including the selection.
	start := 0
	for start < sel {
		used := 0
		for i := start; i <= sel; i++ {
			used += len(items[i])
		}
		if start > 0 {
			used++ // "↑ n more"
		}
		if sel < len(items)-1 {
			used++ // "↓ n more"
		}
		if used <= h {
			break
		}
		start++
	}

	var out []string
	if start > 0 {
		out = append(out, more.Render(fmt.Sprintf("  ↑ %d more", start)))
	}
	for i := start; i < len(items); i++ {
		avail := h - len(out)
		rest := 0
		for _, it := range items[i:] {
			rest += len(it)
		}
		if rest <= avail {
			for _, it := range items[i:] {
				out = append(out, it...)
			}
			break
		}
		// Not everything fits: keep a line for "↓ n more".
		if len(items[i]) <= avail-1 {
			out = append(out, items[i]...)
			continue
		}
		if i == sel && avail > 1 {
			out = append(out, items[i][:avail-1]...)
			i++
		}
		if i < len(items) {
			out = append(out, more.Render(fmt.Sprintf("  ↓ %d more", len(items)-i)))
		}
		break
	}
	if len(out) > h {
		out = out[:h]
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
func box(style lipgloss.Style, content []string, w, h int) string {
	iw, ih := boxInner(w), max(0, h-2)
	b := style.GetBorderStyle()
	paint := ink(lipgloss.NewStyle().Foreground(style.GetBorderTopForeground())).Render
	left, right := paint(b.Left), paint(b.Right)
	var out strings.Builder
	out.WriteString(paint(b.TopLeft + strings.Repeat(b.Top, iw+2) + b.TopRight))
	for i := range ih {
		line := ""
		if i < len(content) {
			line = content[i]
		}
		out.WriteString("\n")
		out.WriteString(left)
		out.WriteByte(' ')
		out.WriteString(pad(line, iw))
		out.WriteByte(' ')
		out.WriteString(right)
	}
	out.WriteString("\n" + paint(b.BottomLeft+strings.Repeat(b.Bottom, iw+2)+b.BottomRight))
	return out.String()
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
