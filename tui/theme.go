package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles is the one theme of the interface. Each client gets its own,
// built for its own terminal's background: over SSH every participant's
// terminal is different, so nothing here may be a package global. Colours
// are written at full fidelity; Bubble Tea downsamples them to what each
// client's terminal can show. Nothing is told by colour alone: selections
// carry a marker, the current phase a dot, warnings a "!".
type Styles struct {
	Brand lipgloss.Style // "forwhom"
	Title lipgloss.Style // the workshop's title
	Faint lipgloss.Style // secondary text
	Bold  lipgloss.Style
	Rule  lipgloss.Style // horizontal rules

	StepPast    lipgloss.Style // phases already done
	StepCurrent lipgloss.Style // the phase the room is in
	StepNext    lipgloss.Style // phases still ahead

	Heading lipgloss.Style // section headings
	CodeBox lipgloss.Style // the big join code
	Command lipgloss.Style // shell commands to copy

	Cursor  lipgloss.Style // the "›" before the highlighted row
	Current lipgloss.Style // the highlighted row's text
	Picked  lipgloss.Style // the "✓" of a multi-selected note
	Mine    lipgloss.Style // the viewer's own notes
	Tag     lipgloss.Style // a note's question, such as "[value]"
	Badge   lipgloss.Style // states such as "grouping locked"
	Mark    lipgloss.Style // insight marks ★ ◆ ▲
	Dot     lipgloss.Style // the viewer's dots ●
	DotFree lipgloss.Style // dots still possible ○

	Warn lipgloss.Style // refusals and errors
	Good lipgloss.Style // confirmations
	Hint lipgloss.Style // the status line when there is nothing to report
	Key  lipgloss.Style // a key named in running text

	PaneActive lipgloss.Style // the focused column or pane
	PaneIdle   lipgloss.Style // the other columns and panes

	Online  lipgloss.Style // "●" of someone connected
	Offline lipgloss.Style // "○" of someone away

	BarFull  color.Color // vote and progress bars
	BarEmpty color.Color

	Help  help.Styles
	Input textinput.Styles
}

// NewStyles builds the theme for a dark or a light terminal background.
func NewStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	var (
		text   = ld(lipgloss.Color("#1F1F1F"), lipgloss.Color("#EDEDED"))
		faint  = ld(lipgloss.Color("#6E6E6E"), lipgloss.Color("#8F8F8F"))
		rule   = ld(lipgloss.Color("#C8C8C8"), lipgloss.Color("#444444"))
		accent = ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#A594FF"))
		warn   = ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF8A80"))
		good   = ld(lipgloss.Color("#1B7A3A"), lipgloss.Color("#7EE2A8"))
		gold   = ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#F5C451"))
		teal   = ld(lipgloss.Color("#00766C"), lipgloss.Color("#5FD7C6"))
		barOff = ld(lipgloss.Color("#D9D9D9"), lipgloss.Color("#3A3A3A"))
	)

	s := Styles{
		Brand: lipgloss.NewStyle().Bold(true).Foreground(accent),
		Title: lipgloss.NewStyle().Bold(true).Foreground(text),
		Faint: lipgloss.NewStyle().Foreground(faint),
		Bold:  lipgloss.NewStyle().Bold(true),
		Rule:  lipgloss.NewStyle().Foreground(rule),

		StepPast:    lipgloss.NewStyle().Foreground(faint),
		StepCurrent: lipgloss.NewStyle().Bold(true).Underline(true).Foreground(accent),
		StepNext:    lipgloss.NewStyle().Foreground(text),

		Heading: lipgloss.NewStyle().Bold(true).Foreground(accent),
		CodeBox: lipgloss.NewStyle().Bold(true).Foreground(accent).
			Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 2),
		Command: lipgloss.NewStyle().Foreground(teal),

		Cursor:  lipgloss.NewStyle().Bold(true).Foreground(accent),
		Current: lipgloss.NewStyle().Bold(true).Foreground(text),
		Picked:  lipgloss.NewStyle().Bold(true).Foreground(good),
		Mine:    lipgloss.NewStyle().Foreground(text),
		Tag:     lipgloss.NewStyle().Foreground(teal),
		Badge:   lipgloss.NewStyle().Bold(true).Foreground(warn),
		Mark:    lipgloss.NewStyle().Bold(true).Foreground(gold),
		Dot:     lipgloss.NewStyle().Foreground(accent),
		DotFree: lipgloss.NewStyle().Foreground(faint),

		Warn: lipgloss.NewStyle().Bold(true).Foreground(warn),
		Good: lipgloss.NewStyle().Foreground(good),
		Hint: lipgloss.NewStyle().Foreground(faint),
		Key:  lipgloss.NewStyle().Bold(true).Foreground(text),

		PaneActive: lipgloss.NewStyle().Border(lipgloss.ThickBorder()).BorderForeground(accent),
		PaneIdle:   lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(rule),

		Online:  lipgloss.NewStyle().Foreground(good),
		Offline: lipgloss.NewStyle().Foreground(faint),

		BarFull:  accent,
		BarEmpty: barOff,
	}

	s.Help = help.DefaultStyles(isDark)

	s.Input = textinput.DefaultStyles(isDark)
	s.Input.Focused.Prompt = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Input.Focused.Text = lipgloss.NewStyle().Foreground(text)
	s.Input.Blurred.Prompt = lipgloss.NewStyle().Foreground(faint)
	s.Input.Cursor.Color = accent
	// A steady cursor: a blinking one would redraw every client's screen
	// twice a second for nothing.
	s.Input.Cursor.Blink = false
	return s
}
