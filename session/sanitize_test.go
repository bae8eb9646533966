package session_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"forwhom/session"
)

func TestSanitize(t *testing.T) {
	const note = session.MaxNoteLen
	cases := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"plain text is kept", "Platform engineers", note, "Platform engineers"},
		{"an empty string stays empty", "", note, ""},
		{"a zero cap keeps nothing", "abc", 0, ""},

		// CSI: colours, cursor movement, screen and mode changes.
		{"colour codes are removed", "\x1b[31mred\x1b[0m", note, "red"},
		{"256-colour and truecolour codes are removed", "\x1b[38;5;196ma\x1b[48;2;1;2;3mb", note, "ab"},
		{"cursor movement is removed", "a\x1b[10;20Hb\x1b[2Jc\x1b[1A", note, "abc"},
		{"mode switches are removed", "x\x1b[?1049h\x1b[?25ly", note, "xy"},
		{"an unterminated CSI is removed", "ok\x1b[1;2", note, "ok"},

		// OSC: clipboard, window title, hyperlinks.
		{"an OSC 52 clipboard write ended by BEL is removed", "\x1b]52;c;cm0gLXJmIH4=\x07ok", note, "ok"},
		{"an OSC 52 clipboard write ended by ST is removed", "\x1b]52;c;cm0gLXJmIH4=\x1b\\ok", note, "ok"},
		{"an OSC 0 window title is removed", "\x1b]0;you have been hacked\x07x", note, "x"},
		{"an OSC 2 window title ended by ST is removed", "x\x1b]2;title\x1b\\y", note, "xy"},
		{"an OSC 8 hyperlink keeps only its text", "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", note, "click"},
		{"an unterminated OSC takes nothing with it but itself", "ok\x1b]0;title that never ends", note, "ok"},

		// DCS, APC, PM, SOS.
		{"a DCS string is removed", "\x1bP1$r0m\x1b\\x", note, "x"},
		{"an APC string (kitty graphics) is removed", "\x1b_Gf=100,a=T;AAAA\x1b\\x", note, "x"},
		{"a PM string is removed", "\x1b^private\x1b\\x", note, "x"},
		{"an SOS string is removed", "\x1bXstart of string\x1b\\x", note, "x"},

		// Bare ESC and two-byte escapes.
		{"a trailing bare ESC is removed", "ok\x1b", note, "ok"},
		{"a full reset (ESC c) is removed", "a\x1bcb", note, "ab"},
		{"save and restore cursor (ESC 7, ESC 8) are removed", "a\x1b7b\x1b8", note, "ab"},
		{"an escape split by an invalid byte is still removed", "\x1b\xff[31mx", note, "x"},

		// C0 controls and DEL.
		{"BEL is removed", "ding\x07dong", note, "dingdong"},
		{"backspace is removed", "abc\b\b\bxyz", note, "abcxyz"},
		{"carriage return becomes a space", "fake\rreal", note, "fake real"},
		{"NUL is removed", "a\x00b", note, "ab"},
		{"DEL is removed", "a\x7fb", note, "ab"},
		{"form feed and vertical tab are white space", "a\fb\vc", note, "a b c"},
		{"other C0 controls are removed", "a\x01\x02\x0e\x0f\x1a\x1c\x1fb", note, "ab"},

		// C1 controls, as UTF-8 and as raw bytes.
		{"a C1 CSI as UTF-8 is removed", "a\u009b31mb", note, "a31mb"},
		{"C1 DCS, OSC and ST as UTF-8 are removed", "x\u0090q\u009cy\u009d0;t\u009cz", note, "xqy0;tz"},
		{"every C1 control as UTF-8 is removed", c1Controls() + "x", note, "x"},
		{"NEL is white space", "a\u0085b", note, "a b"},
		{"a raw C1 CSI byte is removed", "a\x9b31mb", note, "a31mb"},

		// Bidirectional and invisible format characters.
		{"a right-to-left override is removed", "abc\u202edcba", note, "abcdcba"},
		{"every bidi embedding and override is removed", "\u202aa\u202bb\u202cc\u202dd\u202ee", note, "abcde"},
		{"bidi isolates are removed", "\u2066a\u2067b\u2068c\u2069", note, "abc"},
		{"directional marks are removed", "a\u200eb\u200fc\u061cd", note, "abcd"},
		{"a zero-width space is removed", "pass\u200bword", note, "password"},
		{"zero-width joiner and non-joiner are removed", "a\u200db\u200cc", note, "abc"},
		{"a byte-order mark is removed", "\ufeffhello", note, "hello"},
		{"word joiner and soft hyphen are removed", "a\u2060b\u00adc", note, "abc"},
		{"tag characters are removed", "a\U000E0041\U000E007Fb", note, "ab"},

		// What terminals draw as nothing, or as wide as they like, while
		// the server counts cells for it (issue 19): each would shift a
		// row on everyone else's screen.
		{"tag characters past the first are removed", "a\U000E0002\U000E001F\U000E0080b", note, "ab"},
		{"unassigned ignorable code points are removed", "a\U000E01F0\u2065\ufff0\ufff8b", note, "ab"},
		{"an unassigned code point is removed", "a\u0378b\U0003FFFDc", note, "abc"},
		{"noncharacters are removed", "a\ufdd0\ufffe\U0001FFFFb", note, "ab"},
		{"the Hangul fillers are removed", "a\u115f\u1160\u3164\uffa0b", note, "ab"},
		{"the combining grapheme joiner is removed", "a\u034fb", note, "ab"},
		{"the Khmer inherent vowels are removed", "ក\u17b4\u17b5ខ", note, "កខ"},
		{"Mongolian variation selectors are removed", "ᠠ\u180b\u180c\u180d\u180fᠡ", note, "ᠠᠡ"},
		{"ideographic variation selectors are removed", "葛\U000E0100城", note, "葛城"},
		{"private-use characters are removed", "a\ue000\uf8ff\U000F0000\U0010FFFDb", note, "ab"},
		{"a lone regional indicator is removed", "a\U0001F1E9b", note, "ab"},
		{"a third regional indicator is removed", "🇩🇪\U0001F1EB", note, "🇩🇪"},
		{"a skin tone after a letter is removed", "a\U0001F3FDb", note, "ab"},
		{"a skin tone after a space is removed", "👍 \U0001F3FD", note, "👍"},
		{"a skin tone after an emoji is kept", "👍\U0001F3FD", note, "👍\U0001F3FD"},
		{"Hangul syllables and combining jamo are kept", "한글 \u1100\u1161\u11a8", note, "한글 \u1100\u1161\u11a8"},

		// Invalid UTF-8.
		{"invalid bytes are removed", "a\xffb\xc0\xafc", note, "abc"},
		{"a truncated sequence is removed", "ok\xe6\x97", note, "ok"},
		{"an encoded surrogate is removed", "a\xed\xa0\x80b", note, "ab"},
		{"a literal replacement character is removed", "a\ufffdb", note, "ab"},

		// White space.
		{"runs of white space fold to one space", "a  \t\n\r\n  b", note, "a b"},
		{"leading and trailing white space is trimmed", " \t\n a b \n\t ", note, "a b"},
		{"no-break and ideographic spaces fold", "a\u00a0\u00a0b\u3000c", note, "a b c"},
		{"line and paragraph separators fold", "a\u2028b\u2029c", note, "a b c"},
		{"white space around a removed escape folds", "a \x1b[31m b", note, "a b"},
		{"nothing but white space and escapes is empty", " \x1b[0m \u200b \n", note, ""},

		// Wide characters stay whole.
		{"CJK is kept", "日本語のチーム", note, "日本語のチーム"},
		{"wide emoji are kept", "🚀 launch 👍🏽 🇩🇪🇫🇷", note, "🚀 launch 👍🏽 🇩🇪🇫🇷"},
		{"emoji with a text form lose their variation selector", "1️⃣ ✈️ ❤️", note, "1\u20e3 ✈ ❤"},
		{"combining accents are kept", "cafe\u0301 nai\u0308ve", note, "cafe\u0301 nai\u0308ve"},
		{"a ZWJ sequence falls apart into its emoji", "👩\u200d💻", note, "👩💻"},
		{"Hangul is kept", "한국어 팀", note, "한국어 팀"},

		// Length caps, in characters.
		{"10,000 letters are cut to the note cap", strings.Repeat("a", 10000), note, strings.Repeat("a", note)},
		{"10,000 CJK characters are cut to the note cap", strings.Repeat("字", 10000), note, strings.Repeat("字", note)},
		{"10,000 emoji are cut to the note cap", strings.Repeat("😀", 10000), note, strings.Repeat("😀", note)},
		{"10,000 characters are cut to the name cap", strings.Repeat("ü", 10000), session.MaxNameLen, strings.Repeat("ü", session.MaxNameLen)},
		{"text at the cap is kept whole", strings.Repeat("x", note), note, strings.Repeat("x", note)},
		{"escapes do not count towards the cap", strings.Repeat("\x1b[31m", 1000) + "ok", 2, "ok"},
		{"a cut does not leave a trailing space", "ab ab ab ab", 9, "ab ab ab"},
		{"a cut never splits an emoji", "ab👍🏽", 3, "ab"},
		{"a cut never splits a flag", "a🇩🇪🇫🇷", 3, "a🇩🇪"},
		{"a cut never splits an accent from its letter", "abcde\u0301", 5, "abcd"},
		{"combining marks cannot grow a character without bound", "a" + strings.Repeat("\u0301", 10000) + "b", 3, ""},
		{"a pile of combining marks counts against the cap", "ok " + "a" + strings.Repeat("\u0301", 50), 40, "ok"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := session.Sanitize(tc.in, tc.max)
			if got != tc.want {
				t.Errorf("Sanitize(%s, %d)\n got %s\nwant %s", short(tc.in), tc.max, short(got), short(tc.want))
			}
			checkSanitized(t, tc.in, tc.max, got)
		})
	}
}

// c1Controls is every C1 control character, U+0080 to U+009F, as UTF-8.
func c1Controls() string {
	var b strings.Builder
	for r := rune(0x80); r <= 0x9f; r++ {
		b.WriteRune(r)
	}
	return b.String()
}

// checkSanitized asserts what Sanitize promises of any output.
func checkSanitized(t *testing.T, in string, limit int, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("Sanitize(%s, %d) = %s: not valid UTF-8", short(in), limit, short(out))
	}
	for i, r := range out {
		switch {
		case r < 0x20:
			t.Fatalf("Sanitize(%s, %d) = %s: C0 control %U at %d", short(in), limit, short(out), r, i)
		case r >= 0x7f && r <= 0x9f:
			t.Fatalf("Sanitize(%s, %d) = %s: DEL or C1 control %U at %d", short(in), limit, short(out), r, i)
		case unicode.Is(unicode.Cf, r):
			t.Fatalf("Sanitize(%s, %d) = %s: format character %U at %d", short(in), limit, short(out), r, i)
		case unicode.IsSpace(r) && r != ' ':
			t.Fatalf("Sanitize(%s, %d) = %s: unfolded white space %U at %d", short(in), limit, short(out), r, i)
		case unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector):
			t.Fatalf("Sanitize(%s, %d) = %s: default-ignorable %U at %d", short(in), limit, short(out), r, i)
		case unicode.Is(unicode.Co, r):
			t.Fatalf("Sanitize(%s, %d) = %s: private-use %U at %d", short(in), limit, short(out), r, i)
		case !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs):
			t.Fatalf("Sanitize(%s, %d) = %s: unassigned %U at %d", short(in), limit, short(out), r, i)
		}
	}
	// Regional indicators come in pairs (flags), skin tones after a
	// two-cell emoji.
	rs := []rune(out)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r >= 0x1F1E6 && r <= 0x1F1FF:
			if i+1 >= len(rs) || rs[i+1] < 0x1F1E6 || rs[i+1] > 0x1F1FF {
				t.Fatalf("Sanitize(%s, %d) = %s: a lone regional indicator %U", short(in), limit, short(out), r)
			}
			i++
		case r >= 0x1F3FB && r <= 0x1F3FF:
			if i == 0 || uniseg.StringWidth(string(rs[i-1])) != 2 || !unicode.Is(unicode.So, rs[i-1]) {
				t.Fatalf("Sanitize(%s, %d) = %s: a skin tone %U after %q", short(in), limit, short(out), r, rs[max(i-1, 0)])
			}
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Fatalf("Sanitize(%s, %d) = %s: contains ESC", short(in), limit, short(out))
	}
	if strings.HasPrefix(out, " ") || strings.HasSuffix(out, " ") || strings.Contains(out, "  ") {
		t.Fatalf("Sanitize(%s, %d) = %s: white space not folded and trimmed", short(in), limit, short(out))
	}
	if n := utf8.RuneCountInString(out); n > max(limit, 0) {
		t.Fatalf("Sanitize(%s, %d) = %s: %d runes, more than the cap", short(in), limit, short(out), n)
	}
	if n := uniseg.GraphemeClusterCount(out); n > max(limit, 0) {
		t.Fatalf("Sanitize(%s, %d) = %s: %d characters, more than the cap", short(in), limit, short(out), n)
	}
	if again := session.Sanitize(out, limit); again != out {
		t.Fatalf("Sanitize is not idempotent: Sanitize(%s, %d) = %s, then %s", short(in), limit, short(out), short(again))
	}
}

// FuzzSanitize checks Sanitize's promises on any input, at the real caps
// and at a fuzzed one. The seeds in testdata/fuzz/FuzzSanitize run as
// ordinary tests.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"\x1b[31mred\x1b[0m",
		"\x1b]52;c;cm0gLXJmIH4=\x07",
		"a\u202eb\u2066c\u200b\ufeff",
		"\xff\xfe\x9b31m",
		"👩\u200d💻👍🏽🇩🇪",
		"a\u0301\u0301\u0301",
	} {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, s string, n uint8) {
		for _, limit := range []int{int(n), 1, session.MaxNameLen, session.MaxNoteLen} {
			checkSanitized(t, s, limit, session.Sanitize(s, limit))
		}
	})
}

// short quotes a string for a failure message, eliding the middle of a long
// one so a 10,000-character case stays readable.
func short(s string) string {
	const keep = 40
	if len(s) <= 2*keep {
		return fmt.Sprintf("%q", s)
	}
	head, tail := []byte(s[:keep]), []byte(s[len(s)-keep:])
	return fmt.Sprintf("%q…(%d bytes)…%q", head, len(s), tail)
}
