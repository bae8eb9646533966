package cellwidth

import (
	"strings"
	"testing"
	"unsafe"

	"charm.land/lipgloss/v2"
)

// Widths are kept by the text they measured, and that text is the cache's
// own copy: a frame's lines are measured in a buffer that the next frame
// (perhaps another client's, on another drawer) is written over.
func TestWidthsAreKeptByACopyOfTheirText(t *testing.T) {
	text := "写 a note 👍 " + t.Name() // not measurable by quickWidth: cached
	buf := []byte(text)
	line := unsafe.String(&buf[0], len(buf))
	if got, want := Of(line), lipgloss.Width(text); got != want {
		t.Fatalf("width %d, want %d", got, want)
	}
	copy(buf, strings.Repeat("x", len(buf))) // the next frame
	kept := false
	for i := range widths.shards {
		sh := &widths.shards[i]
		sh.mu.Lock()
		for k := range sh.m {
			kept = kept || k == text
		}
		sh.mu.Unlock()
	}
	if !kept {
		t.Fatalf("the width of %q is not kept under its text once the frame it came from is written over", text)
	}
	if got, want := Of(text), lipgloss.Width(text); got != want {
		t.Errorf("width %d once the frame is written over, want %d", got, want)
	}
}
