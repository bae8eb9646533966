package tui

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/charmbracelet/colorprofile"
)

// Every Ink draws text exactly as its lipgloss style would: the fast path
// may never change what a terminal shows.
func TestInkRendersAsItsStyle(t *testing.T) {
	texts := []string{"x", "Still writing: ", "4 notes, 2 hidden", "  padded  ", "東京 📱 wide", "a\nb", "\x1b[1mbold\x1b[m inside", ""}
	for _, dark := range []bool{true, false} {
		s := NewStyles(dark, colorprofile.TrueColor)
		v := reflect.ValueOf(s)
		inks := 0
		defer func() {
			if inks < 25 {
				t.Errorf("only %d Ink fields checked: the test no longer sees the theme", inks)
			}
		}()
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			k, ok := v.Field(i).Interface().(Ink)
			if !ok {
				continue
			}
			inks++
			name := v.Type().Field(i).Name
			for _, text := range texts {
				if got, want := k.Render(text), k.Style.Render(text); got != want {
					t.Errorf("dark=%v %s.Render(%q) = %q, lipgloss renders %q", dark, name, text, got, want)
				}
			}
		}
	}
}

// A theme built for a terminal's colour profile draws exactly what the
// full-colour theme drawn through colorprofile's downsampling writer
// would: frames go to each client without a conversion pass.
func TestThemesPerProfileMatchDownsampling(t *testing.T) {
	texts := []string{"x", "4 notes, 2 hidden"}
	for _, dark := range []bool{true, false} {
		full := reflect.ValueOf(NewStyles(dark, colorprofile.TrueColor))
		for _, p := range []colorprofile.Profile{colorprofile.ANSI256, colorprofile.ANSI} {
			conv := reflect.ValueOf(NewStyles(dark, p))
			for i := range full.NumField() {
				if !full.Type().Field(i).IsExported() {
					continue
				}
				fk, ok := full.Field(i).Interface().(Ink)
				if !ok {
					continue
				}
				ck := conv.Field(i).Interface().(Ink)
				for _, text := range texts {
					var want strings.Builder
					w := &colorprofile.Writer{Forward: &want, Profile: p}
					_, _ = w.Write([]byte(fk.Render(text)))
					if got := ck.Render(text); got != want.String() {
						t.Errorf("dark=%v %v %s: %q, downsampled %q", dark, p, full.Type().Field(i).Name, got, want.String())
					}
				}
			}
		}
	}
}

// A terminal without colours gets none (bold and the like stay).
func TestThemeWithoutColours(t *testing.T) {
	v := reflect.ValueOf(NewStyles(true, colorprofile.Ascii))
	for i := range v.NumField() {
		if !v.Type().Field(i).IsExported() {
			continue
		}
		if k, ok := v.Field(i).Interface().(Ink); ok {
			if r := k.Render("x"); strings.Contains(r, "38;") || strings.Contains(r, "48;") || strings.Contains(r, "[3") {
				t.Errorf("%s draws a colour for a terminal without colours: %q", v.Type().Field(i).Name, r)
			}
		}
	}
}

// Count lines are drawn once per theme and kept, a bounded number of them,
// each what drawing it afresh gives.
func TestCountLinesAreSharedAndBounded(t *testing.T) {
	s := NewStyles(true, colorprofile.TrueColor)
	for _, c := range [][3]int{{0, 0, 30}, {1, 1, 30}, {4, 1, 30}, {4, 1, 6}, {12, 0, 40}} {
		want := truncate(s.Faint.Render(countLine(c[0], c[1])), c[2])
		if got := s.countLine(c[0], c[1], c[2]); got != want {
			t.Errorf("%v: %q; want %q", c, got, want)
		}
		if again := s.countLine(c[0], c[1], c[2]); unsafe.StringData(again) != unsafe.StringData(s.countLine(c[0], c[1], c[2])) {
			t.Errorf("%v: drawn again, not kept", c)
		}
	}
	for i := range 2 * maxSharedLines {
		s.countLine(i, 0, 30)
	}
	if n := len(s.shared.counts); n > maxSharedLines {
		t.Errorf("%d count lines kept; want at most %d", n, maxSharedLines)
	}
}
