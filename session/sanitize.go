package session

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
)

// Length caps, in characters (grapheme clusters), for every kind of text.
const (
	MaxNoteLen    = 280
	MaxNameLen    = 40
	MaxTitleLen   = 120
	MaxSegmentLen = 40
)

// Sanitize makes a user-supplied string safe to draw on anyone's terminal:
// valid UTF-8; escape sequences (CSI, OSC, DCS, APC, …), C0 and C1 controls,
// DEL, bidirectional overrides and invisible format characters removed;
// runs of white space folded to one space; trimmed; and cut to at most max
// characters. The cut falls between grapheme clusters, so an emoji is never
// cut in half, and counts code points, so a letter carrying thousands of
// combining marks cannot grow a note without bound. This is the one
// function every name, title, note and segment name passes through.
func Sanitize(s string, max int) string {
	s = strings.ToValidUTF8(s, "")
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			continue
		case r == '\t' || r == '\n' || r == '\r' || unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			continue
		case invisible(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return truncateGraphemes(b.String(), max)
}

// invisible reports control and format characters: C0/C1 controls, and
// the characters that can reorder or hide text (bidirectional embeddings,
// overrides and isolates, zero-width characters, the byte-order mark).
func invisible(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf)
}

func truncateGraphemes(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	runes := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		runes += len(g.Runes())
		if runes > max {
			from, _ := g.Positions()
			return strings.TrimRight(s[:from], " ")
		}
	}
	return s
}
