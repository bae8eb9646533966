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
// code points whose width terminals and the server's layout would not
// agree on removed (see invisible and the emoji rules below); runs of white
// space folded to one space; trimmed; and cut to at most max characters.
// The cut falls between grapheme clusters, so an emoji is never cut in
// half, and counts code points, so a letter carrying thousands of
// combining marks cannot grow a note without bound. This is the one
// function every name, title, note and segment name passes through.
func Sanitize(s string, max int) string {
	s = strings.ToValidUTF8(s, "")
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	var last rune // the last rune written
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			continue
		case r == '\t' || r == '\n' || r == '\r' || unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			continue
		case r >= 0xa0 && invisible(r): // (ASCII is settled above)
			continue
		case isRegionalIndicator(r):
			// Two make a flag, two cells wide everywhere. One alone is
			// two cells to the server and one to most terminals; the
			// second of a pair is written with the first.
			if isRegionalIndicator(last) {
				last = 0
				continue
			}
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			if !isRegionalIndicator(next) {
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
			b.WriteRune(next)
			last = next
			continue
		case isEmojiModifier(r) && (space || !takesModifier(last)):
			// A skin tone joins the emoji before it into one two-cell
			// picture; after anything else the server counts it as part
			// of that character and terminals draw it as a two-cell
			// swatch of its own.
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
		last = r
	}
	return truncateGraphemes(b.String(), max)
}

// invisible reports the code points Sanitize removes wherever they are:
//
//   - controls (Cc) and format characters (Cf): the characters that can
//     reorder or hide text (bidirectional embeddings, overrides and
//     isolates, zero-width characters, the byte-order mark, tags);
//   - the rest of Default_Ignorable_Code_Point, which Unicode defines (in
//     DerivedCoreProperties.txt) as Other_Default_Ignorable_Code_Point +
//     Cf + Variation_Selector - White_Space - a few visible format
//     characters (we remove every Cf anyway): the Hangul fillers U+115F,
//     U+1160, U+3164 and U+FFA0, the combining grapheme joiner U+034F,
//     the Khmer inherent vowels U+17B4 and U+17B5, every variation
//     selector (U+180B..U+180F, U+FE00..U+FE0F, U+E0100..U+E01EF) and the
//     unassigned code points reserved as ignorable (U+2065, U+FFF0..U+FFF8,
//     U+E0000..U+E0FFF). Terminals draw them as nothing while the server's
//     width measure counts some as one or two cells each;
//   - private-use code points (Co): a font's own icons, one or two cells
//     as the terminal's font decides;
//   - code points unassigned in the Unicode version of Go's tables
//     (unicode.Version) and noncharacters: no one can know how a terminal
//     draws them. (Characters newer than Go's tables, such as the newest
//     emoji, are lost with them.)
//
// Removing variation selectors turns a few emoji that have a text form
// (✈️, ❤️, 1️⃣) into that form: with the selector, the server counts two
// cells and many terminals draw one.
func invisible(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) ||
		!assigned(r)
}

// assigned reports whether Go's tables give r a general category other
// than unassigned (Cn). (Go's unicode.C holds Cn as well as Cc, Cf, Co
// and Cs, so it cannot be used here.)
func assigned(r rune) bool {
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z,
		unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs)
}

func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

func isEmojiModifier(r rune) bool { return r >= 0x1F3FB && r <= 0x1F3FF }

// takesModifier reports whether a skin-tone modifier after r joins it:
// r is an emoji (a symbol drawn two cells wide), not a letter or another
// modifier.
func takesModifier(r rune) bool {
	return r >= 0x2600 && unicode.Is(unicode.So, r) && !isEmojiModifier(r) && !isRegionalIndicator(r) &&
		uniseg.StringWidth(string(r)) == 2
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
