// Package cellwidth measures text in terminal cells, as lipgloss does,
// cheaply enough for a render path that measures every line of every
// screen of every client on every change. The screens lay out their
// frames by it and the terminal runtime finds where a changed line starts
// to differ by it, so both agree on what a frame's lines take.
package cellwidth

import (
	"hash/maphash"
	"strings"
	"sync"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Of is lipgloss.Width made cheap for the render path, which measures
// every line of every screen of every participant on every change. Text
// made of printable ASCII, the SGR sequences of our own styles and common
// one-cell symbols (box drawing, bullets, arrows, Latin letters) is
// measured in one pass; anything else (CJK, emoji, combining marks, other
// escape sequences) goes through lipgloss once and is remembered in a
// cache shared by all clients: the same lines (other people's notes,
// headers) recur across screens.
func Of(s string) int {
	if w, ok := quickWidth(s); ok {
		return w
	}
	return widths.get(s)
}

// quickWidth measures s when it is made only of what it knows to measure
// as lipgloss does; ok is false otherwise.
func quickWidth(s string) (w int, ok bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			w++
		case c == 0x1b && i+1 < len(s) && s[i+1] == '[':
			// A control sequence: parameter and intermediate bytes, then
			// a final byte. It takes no cells.
			j := i + 2
			for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f {
				j++
			}
			if j >= len(s) || s[j] < 0x40 || s[j] > 0x7e {
				return 0, false
			}
			i = j
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !narrowRune(r) {
				return 0, false
			}
			w++
			i += size - 1
		default:
			return 0, false
		}
	}
	return w, true
}

// narrowRanges are where the runes quickWidth may measure itself come
// from; narrowRune keeps only those lipgloss measures as one cell, alone
// and next to other text (so none joins a neighbour into one grapheme).
var narrowRanges = [][2]rune{
	{0xa0, 0x24f},    // Latin-1 Supplement, Latin Extended-A and -B
	{0x2010, 0x205e}, // General Punctuation: dashes, quotes, bullets, "…"
	{0x2190, 0x23ff}, // arrows, mathematical and technical symbols
	{0x2500, 0x27bf}, // box drawing, blocks, geometric shapes, symbols, dingbats
}

const narrowLimit = 0x27c0

var narrow struct {
	once sync.Once
	bits [narrowLimit / 64]uint64
}

func narrowRune(r rune) bool {
	if r >= narrowLimit {
		return false
	}
	narrow.once.Do(func() {
		for _, rg := range narrowRanges {
			for r := rg[0]; r <= rg[1]; r++ {
				c := string(r)
				if ansi.StringWidth(c) == 1 && ansi.StringWidth("a"+c) == 2 &&
					ansi.StringWidth(c+"a") == 2 && ansi.StringWidth(c+c) == 2 {
					narrow.bits[r/64] |= 1 << (r % 64)
				}
			}
		}
	})
	return narrow.bits[r/64]&(1<<(r%64)) != 0
}

// widthCache is a sharded map from string to width. A shard that grows past
// its cap is emptied: lines that still recur come back at once, and memory
// stays bounded whatever participants type.
type widthCache struct {
	seed   maphash.Seed
	shards [32]widthShard
}

type widthShard struct {
	mu sync.Mutex
	m  map[string]int
}

const widthShardCap = 2048

var widths = &widthCache{seed: maphash.MakeSeed()}

func (c *widthCache) get(s string) int {
	sh := &c.shards[maphash.String(c.seed, s)%uint64(len(c.shards))]
	sh.mu.Lock()
	w, ok := sh.m[s]
	sh.mu.Unlock()
	if ok {
		return w
	}
	w = lipgloss.Width(s)
	if len(s) > 1024 {
		return w // long blocks rarely recur; keep the cache small
	}
	sh.mu.Lock()
	if sh.m == nil || len(sh.m) >= widthShardCap {
		sh.m = make(map[string]int, widthShardCap/4)
	}
	// The key is a copy: s may be part of a frame, whose buffer is
	// written over by the next frame drawn (see Screen.frame).
	sh.m[strings.Clone(s)] = w
	sh.mu.Unlock()
	return w
}
