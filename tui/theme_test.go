package tui

import (
	"reflect"
	"testing"
)

// Every Ink draws text exactly as its lipgloss style would: the fast path
// may never change what a terminal shows.
func TestInkRendersAsItsStyle(t *testing.T) {
	texts := []string{"x", "Still writing: ", "4 notes, 2 hidden", "  padded  ", "東京 📱 wide", "a\nb", "\x1b[1mbold\x1b[m inside", ""}
	for _, dark := range []bool{true, false} {
		s := NewStyles(dark)
		v := reflect.ValueOf(s)
		for i := range v.NumField() {
			k, ok := v.Field(i).Interface().(Ink)
			if !ok {
				continue
			}
			name := v.Type().Field(i).Name
			for _, text := range texts {
				if got, want := k.Render(text), k.Style.Render(text); got != want {
					t.Errorf("dark=%v %s.Render(%q) = %q, lipgloss renders %q", dark, name, text, got, want)
				}
			}
		}
	}
}
