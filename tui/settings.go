package tui

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The lobby's settings: theme, motion and the bell, changed with enter on
// the highlighted row, applied at once and saved under the viewer's key
// (a guest's last the connection).

// The settings rows, in order.
const (
	settingTheme = iota
	settingMotion
	settingBell
	settingCount
)

// PrefsFrom reads saved preferences; an unknown theme is the default.
func PrefsFrom(p session.Preferences) Prefs {
	t, err := ParseTheme(p.Theme)
	if err != nil {
		t = ThemeAuto
	}
	return Prefs{Theme: t, ReducedMotion: p.ReducedMotion, Bell: p.Bell}
}

// saved is p as the session keeps it.
func (p Prefs) saved() session.Preferences {
	return session.Preferences{Theme: string(p.theme()), ReducedMotion: p.ReducedMotion, Bell: p.Bell}
}

func (p Prefs) theme() Theme {
	if p.Theme == "" {
		return ThemeAuto
	}
	return p.Theme
}

// settingRow is one row of the settings: its name and its value in words.
func (m *Model) settingRow(i int) (name, value string) {
	p := m.opts.Prefs
	switch i {
	case settingTheme:
		return "Theme", string(p.theme())
	case settingMotion:
		if p.ReducedMotion {
			return "Motion", "reduced"
		}
		return "Motion", "normal"
	default:
		if p.Bell {
			return "Bell when the timer ends", "on"
		}
		return "Bell when the timer ends", "off"
	}
}

// changeSetting moves the highlighted setting to its next value, applies
// it and saves it.
func (m *Model) changeSetting() tea.Cmd {
	p := &m.opts.Prefs
	switch m.lobby.setting {
	case settingTheme:
		cur := p.theme()
		for i, t := range Themes {
			if t == cur {
				p.Theme = Themes[(i+1)%len(Themes)]
			}
		}
		m.applyStyles()
	case settingMotion:
		p.ReducedMotion = !p.ReducedMotion
	case settingBell:
		p.Bell = !p.Bell
	}
	name, value := m.settingRow(m.lobby.setting)
	return savePrefs(m.opts.Manager, m.opts.Identity, *p, fmt.Sprintf("%s: %s.", name, value))
}

// prefsSavedMsg reports a save of the settings.
type prefsSavedMsg struct {
	what string // the change, as a sentence
	err  error
}

func savePrefs(mgr *session.Manager, who session.Identity, p Prefs, what string) tea.Cmd {
	if mgr == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
		defer cancel()
		return prefsSavedMsg{what: what, err: mgr.SavePreferences(ctx, who, p.saved())}
	}
}

// prefsSaved tells how the change went: saved for the key, or for this
// connection only.
func (m *Model) prefsSaved(msg prefsSavedMsg) {
	switch {
	case msg.err == nil:
		m.note(msg.what + " Saved for your key.")
	case errors.Is(msg.err, session.ErrNotSaved):
		m.note(msg.what + " " + sentenceOf(msg.err.Error()))
	default:
		m.warn(msg.err)
	}
}

// sentenceOf capitalizes s and ends it with a stop.
func sentenceOf(s string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	if b[0] >= 'a' && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	}
	if b[len(b)-1] != '.' {
		b = append(b, '.')
	}
	return string(b)
}

// settingsLines draws the settings section's rows.
func (m *Model) settingsLines() []string {
	s := m.styles
	l := &m.lobby
	out := make([]string, 0, settingCount)
	for i := range settingCount {
		name, value := m.settingRow(i)
		sel := l.field == fieldSettings && l.setting == i
		row := pad(name, 26) + " " + value
		if sel {
			out = append(out, "  "+s.mark(true)+s.Current.Render(row))
		} else {
			out = append(out, "    "+row)
		}
	}
	return out
}
