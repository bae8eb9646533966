package tui

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// sgrColour finds colour parameters in SGR sequences: 30–38, 40–48,
// 90–97, 100–107.
var sgrColour = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

func colourParams(s string) (basic, wide int) {
	for _, m := range sgrColour.FindAllStringSubmatch(s, -1) {
		for _, p := range strings.Split(m[1], ";") {
			switch {
			case p == "38" || p == "48" || strings.HasPrefix(p, "38:") || strings.HasPrefix(p, "48:"):
				wide++
			case len(p) == 2 && (p[0] == '3' || p[0] == '4' || p[0] == '9') && p[1] <= '7',
				len(p) == 3 && p[:2] == "10" && p[2] <= '7':
				basic++
			}
		}
	}
	return basic, wide
}

// Every part of a theme: its inks, panes, help and input styles.
func themeSamples(s Styles) []string {
	var out []string
	v := reflect.ValueOf(s)
	for i := range v.NumField() {
		if !v.Type().Field(i).IsExported() {
			continue
		}
		switch f := v.Field(i).Interface().(type) {
		case Ink:
			out = append(out, f.Render("x"))
		case Pane:
			out = append(out, f.Render("x"), f.left, f.right)
		}
	}
	h := s.Help
	for _, st := range []string{h.ShortKey.Render("k"), h.ShortDesc.Render("d"), h.ShortSeparator.Render("•"), h.FullKey.Render("k"), h.FullDesc.Render("d")} {
		out = append(out, st)
	}
	for _, st := range []string{s.Input.Focused.Prompt.Render(">"), s.Input.Focused.Text.Render("t"), s.Input.Focused.Placeholder.Render("p"), s.Input.Blurred.Prompt.Render(">")} {
		out = append(out, st)
	}
	return out
}

// Mono sends no colour on any terminal, for either background; but it
// still emphasises (bold, reverse).
func TestMonoThemeHasNoColour(t *testing.T) {
	for _, dark := range []bool{true, false} {
		for _, p := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI256, colorprofile.ANSI} {
			s := stylesFor(ThemeMono, dark, p)
			all := strings.Join(themeSamples(*s), "")
			if b, w := colourParams(all); b+w != 0 {
				t.Errorf("dark=%v %v: mono draws %d colour parameters: %q", dark, p, b+w, all)
			}
			if !strings.Contains(s.Current.Render("x"), "7") || !strings.Contains(s.Cursor.Render("x"), "\x1b[1") {
				t.Errorf("dark=%v %v: mono's highlighted row is not emphasised: %q %q", dark, p, s.Cursor.Render("x"), s.Current.Render("x"))
			}
		}
	}
}

// High-contrast uses only the 16 basic colours, even on a true-colour
// terminal.
func TestHighContrastThemeUsesBasicColours(t *testing.T) {
	for _, dark := range []bool{true, false} {
		s := stylesFor(ThemeHighContrast, dark, colorprofile.TrueColor)
		all := strings.Join(themeSamples(*s), "")
		b, w := colourParams(all)
		if w != 0 {
			t.Errorf("dark=%v: high-contrast draws %d 256- or 24-bit colours: %q", dark, w, all)
		}
		if b < 10 {
			t.Errorf("dark=%v: high-contrast draws only %d basic colours", dark, b)
		}
	}
	d, l := stylesFor(ThemeDark, false, colorprofile.TrueColor), stylesFor(ThemeLight, true, colorprofile.TrueColor)
	if d.Title.Render("x") != stylesFor(ThemeAuto, true, colorprofile.TrueColor).Title.Render("x") ||
		l.Title.Render("x") != stylesFor(ThemeAuto, false, colorprofile.TrueColor).Title.Render("x") {
		t.Errorf("dark and light do not override the terminal's background")
	}
}

func TestEnvPrefs(t *testing.T) {
	for _, c := range []struct {
		env  []string
		want Theme
		err  bool
	}{
		{nil, ThemeAuto, false},
		{[]string{"NO_COLOR=1"}, ThemeMono, false},
		{[]string{"NO_COLOR=true", "FORWHOM_THEME=high-contrast"}, ThemeMono, false},
		{[]string{"NO_COLOR="}, ThemeAuto, false}, // empty means unset
		{[]string{"FORWHOM_THEME=High Contrast"}, ThemeHighContrast, false},
		{[]string{"FORWHOM_THEME=light"}, ThemeLight, false},
		{[]string{"FORWHOM_THEME=purple"}, ThemeAuto, true},
	} {
		p, err := EnvPrefs(Prefs{}, c.env)
		if p.Theme != c.want || (err != nil) != c.err {
			t.Errorf("EnvPrefs(%q) = %q, %v; want %q (error %v)", c.env, p.Theme, err, c.want, c.err)
		}
	}
	// A saved theme stays unless the environment names another.
	if p, _ := EnvPrefs(Prefs{Theme: ThemeLight}, []string{"TERM=xterm"}); p.Theme != ThemeLight {
		t.Errorf("the saved theme was lost: %q", p.Theme)
	}
}
