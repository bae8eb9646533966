package tui

import (
	"hash/maphash"
	"sync"

	"charm.land/lipgloss/v2"
)

// cellWidth is lipgloss.Width made cheap for the render path, which measures
// every line of every screen of every participant on every change. Plain
// ASCII is measured by its length; anything else (styled text, box
// drawing, CJK, emoji) goes through lipgloss once and is remembered in a
// cache shared by all clients: the same lines (borders, other people's
// notes, headers) recur across screens.
func cellWidth(s string) int {
	if plainASCII(s) {
		return len(s)
	}
	return widths.get(s)
}

// plainASCII reports whether s is printable ASCII only: one cell per byte.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
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
	sh.m[s] = w
	sh.mu.Unlock()
	return w
}
