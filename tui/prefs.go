package tui

import (
	"fmt"
	"strings"
)

// Theme is the colour scheme a participant asked for.
type Theme string

// The themes. Auto follows the terminal's background; dark and light fix
// it; high-contrast uses only the 16 basic colours, in strong pairs; mono
// sends no colour at all (emphasis by bold, reverse, words and symbols).
const (
	ThemeAuto         Theme = "auto"
	ThemeDark         Theme = "dark"
	ThemeLight        Theme = "light"
	ThemeHighContrast Theme = "high-contrast"
	ThemeMono         Theme = "mono"
)

// Themes lists the themes in the order the settings screen offers them.
var Themes = []Theme{ThemeAuto, ThemeDark, ThemeLight, ThemeHighContrast, ThemeMono}

// ParseTheme reads a theme's name, as FORWHOM_THEME or a setting gives it
// (case and spaces ignored; "high contrast", "hc" and "none" are
// understood too).
func ParseTheme(s string) (Theme, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.NewReplacer(" ", "-", "_", "-").Replace(k)
	switch k {
	case "", "auto":
		return ThemeAuto, nil
	case "dark":
		return ThemeDark, nil
	case "light":
		return ThemeLight, nil
	case "high-contrast", "highcontrast", "hc", "contrast":
		return ThemeHighContrast, nil
	case "mono", "monochrome", "none", "no-color", "nocolor":
		return ThemeMono, nil
	}
	return ThemeAuto, fmt.Errorf("unknown theme %q: use auto, dark, light, high-contrast or mono", s)
}

// Prefs are a participant's display preferences: from their saved
// settings, overridden for one connection by its environment (NO_COLOR,
// FORWHOM_THEME).
type Prefs struct {
	Theme Theme
	// ReducedMotion: no spinner, the timer redrawn at most every 30 s and
	// at its end, bars redrawn only when their number changes.
	ReducedMotion bool
	// Bell rings the terminal bell when the phase timer ends.
	Bell bool
}

// EnvPrefs applies what a connection's environment asks for to p:
// NO_COLOR (any non-empty value, as no-color.org says) means mono;
// FORWHOM_THEME names a theme (an unknown name is ignored, and reported
// in the error). NO_COLOR wins over FORWHOM_THEME.
func EnvPrefs(p Prefs, environ []string) (Prefs, error) {
	var err error
	if p.Theme == "" {
		p.Theme = ThemeAuto
	}
	if v, ok := lookupEnv(environ, "FORWHOM_THEME"); ok && v != "" {
		var t Theme
		if t, err = ParseTheme(v); err == nil {
			p.Theme = t
		}
	}
	if v, ok := lookupEnv(environ, "NO_COLOR"); ok && v != "" {
		p.Theme = ThemeMono
	}
	return p, err
}

// lookupEnv is the last value of key in environ ("KEY=value" entries).
func lookupEnv(environ []string, key string) (string, bool) {
	val, found := "", false
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			val, found = v, true
		}
	}
	return val, found
}
