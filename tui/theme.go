package tui

import (
	"image/color"
	"strings"
	"sync"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// Styles is the one theme of the interface, for a dark or a light terminal
// background: over SSH every participant's terminal is different, so each
// client picks the theme for its own. A theme depends on nothing else, so
// each is built once (stylesFor) and shared, read-only, by every client
// that uses it; nothing here may be changed after it is built. Colours
// are converted once, when a theme is built, to what the client's
// terminal can show (its colour profile). Nothing is told by colour alone: selections
// carry a marker, the current phase a dot, warnings a "!".
type Styles struct {
	Brand Ink // "forwhom"
	Title Ink // the workshop's title
	Faint Ink // secondary text
	Bold  Ink
	Rule  Ink // horizontal rules

	StepPast    Ink // phases already done
	StepCurrent Ink // the phase the room is in
	StepNext    Ink // phases still ahead

	Heading Ink            // section headings
	CodeBox lipgloss.Style // the big join code
	Command Ink            // shell commands to copy

	Cursor  Ink    // the "›" before the highlighted row
	marked  string // "› " in Cursor, drawn once (see mark)
	Current Ink    // the highlighted row's text
	Picked  Ink    // the "✓" of a multi-selected note
	Mine    Ink    // the viewer's own notes
	Tag     Ink    // a note's question, such as "[value]"
	Badge   Ink    // states such as "grouping locked"
	Mark    Ink    // insight marks ★ ◆ ▲
	Dot     Ink    // the viewer's dots ●
	DotFree Ink    // dots still possible ○

	Warn Ink // refusals and errors
	Good Ink // confirmations
	Hint Ink // the status line when there is nothing to report
	Key  Ink // a key named in running text

	PaneActive Pane // the focused column or pane
	PaneIdle   Pane // the other columns and panes

	Online  Ink // "●" of someone connected
	Offline Ink // "○" of someone away

	BarFull  color.Color // vote and progress bars
	BarEmpty color.Color
	BarOn    Ink // the filled part of a bar
	BarOff   Ink // the empty part

	Help  help.Styles
	Input textinput.Styles

	shared *sharedLines
}

// sharedLines are lines every client with a theme draws alike, each made
// once: on every note, hundreds of screens show the same new count.
type sharedLines struct {
	mu     sync.Mutex
	counts map[countKey]string
}

type countKey struct{ total, visible, w int }

// maxSharedLines bounds the lines a theme keeps; past it, all are dropped
// and made again as they are drawn.
const maxSharedLines = 4096

// countLine is countLine(total, visible) in the faint style, cut to w
// cells.
func (s *Styles) countLine(total, visible, w int) string {
	draw := func() string { return truncate(s.Faint.Render(countLine(total, visible)), w) }
	c := s.shared
	if c == nil {
		return draw()
	}
	k := countKey{total, visible, w}
	c.mu.Lock()
	defer c.mu.Unlock()
	line, ok := c.counts[k]
	if !ok {
		if len(c.counts) >= maxSharedLines {
			clear(c.counts)
		}
		line = draw()
		c.counts[k] = line
	}
	return line
}

// Pane is the border style of a column or pane, with its border pieces
// painted once: box draws every row of every column on every frame.
type Pane struct {
	lipgloss.Style
	border      lipgloss.Border
	paint       Ink    // the border's colour
	left, right string // painted side pieces
}

func pane(st lipgloss.Style) Pane {
	b := st.GetBorderStyle()
	paint := ink(lipgloss.NewStyle().Foreground(st.GetBorderTopForeground()))
	return Pane{Style: st, border: b, paint: paint, left: paint.Render(b.Left), right: paint.Render(b.Right)}
}

// themeKey is what a theme depends on: the scheme asked for, the
// terminal's background and the colours it can show.
type themeKey struct {
	theme   Theme
	dark    bool
	profile colorprofile.Profile
}

// themes are the themes built so far: a few schemes times two
// backgrounds times the few colour profiles.
var themes sync.Map // themeKey → *Styles

// stylesFor returns the shared theme for a scheme, a background and a
// colour profile.
func stylesFor(t Theme, isDark bool, p colorprofile.Profile) *Styles {
	switch t {
	case "":
		t = ThemeAuto
	case ThemeDark:
		isDark = true
	case ThemeLight:
		isDark = false
	case ThemeMono:
		p = colorprofile.Ascii // one mono theme for every terminal
	}
	k := themeKey{t, isDark, p}
	if s, ok := themes.Load(k); ok {
		return s.(*Styles)
	}
	s := NewThemeStyles(t, isDark, p)
	got, _ := themes.LoadOrStore(k, &s)
	return got.(*Styles)
}

// Ink is a text style for single-line text, rendered cheaply: the escape
// sequences around a sample are worked out once, and plain text is wrapped
// in them without lipgloss measuring it again. Text with line breaks or
// escape sequences of its own goes through lipgloss as usual. Frames are
// drawn for every participant on every change, so this is the hot path.
type Ink struct {
	lipgloss.Style
	pre, post string
	fast      bool
}

func ink(st lipgloss.Style) Ink {
	const sample = "x"
	r := st.Render(sample)
	i := strings.LastIndex(r, sample)
	if i < 0 {
		return Ink{Style: st}
	}
	k := Ink{Style: st, pre: r[:i], post: r[i+len(sample):]}
	// Some styles treat spaces apart (underline, strikethrough): those
	// always go through lipgloss.
	const spaced = " x y "
	k.fast = st.Render(spaced) == k.pre+spaced+k.post
	return k
}

// Render styles text exactly as the lipgloss style would.
func (k Ink) Render(strs ...string) string {
	s := strings.Join(strs, " ")
	if !k.fast || strings.ContainsAny(s, "\n\x1b") || s == "" {
		return k.Style.Render(s)
	}
	return k.pre + s + k.post
}

// NewStyles builds the default theme for a dark or a light terminal
// background, in the colours profile p can show: frames then need no
// conversion on their way to each client (TrueColor, or a profile that
// can show every colour, keeps them as written).
func NewStyles(isDark bool, p colorprofile.Profile) Styles {
	return NewThemeStyles(ThemeAuto, isDark, p)
}

// palette is the few colours a theme is made of.
type palette struct {
	text, faint, rule, accent, warn, good, gold, teal, barOff color.Color
}

// NewThemeStyles builds theme t for a dark or a light background in the
// colours profile p can show. Mono sends no colour at all: its emphasis
// is bold and reverse, on top of the symbols every theme draws.
// High-contrast uses only the 16 basic colours (4-bit SGR), in pairs
// that stay legible on a black or a white background.
func NewThemeStyles(t Theme, isDark bool, p colorprofile.Profile) Styles {
	light := lipgloss.LightDark(isDark)
	ld := func(l, d color.Color) color.Color { return convert(p, light(l, d)) }
	if t == ThemeMono {
		p = colorprofile.Ascii
	}
	var pal palette
	if t == ThemeHighContrast {
		pal = palette{
			text:   ld(ansi.Black, ansi.BrightWhite),
			faint:  ld(ansi.Black, ansi.White),
			rule:   ld(ansi.Black, ansi.White),
			accent: ld(ansi.Blue, ansi.BrightCyan),
			warn:   ld(ansi.Red, ansi.BrightRed),
			good:   ld(ansi.Green, ansi.BrightGreen),
			gold:   ld(ansi.Magenta, ansi.BrightYellow),
			teal:   ld(ansi.Blue, ansi.BrightCyan),
			barOff: ld(ansi.BrightBlack, ansi.White),
		}
	} else {
		pal = palette{
			text:   ld(lipgloss.Color("#1F1F1F"), lipgloss.Color("#EDEDED")),
			faint:  ld(lipgloss.Color("#6E6E6E"), lipgloss.Color("#8F8F8F")),
			rule:   ld(lipgloss.Color("#C8C8C8"), lipgloss.Color("#444444")),
			accent: ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#A594FF")),
			warn:   ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF8A80")),
			good:   ld(lipgloss.Color("#1B7A3A"), lipgloss.Color("#7EE2A8")),
			gold:   ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#F5C451")),
			teal:   ld(lipgloss.Color("#00766C"), lipgloss.Color("#5FD7C6")),
			barOff: ld(lipgloss.Color("#D9D9D9"), lipgloss.Color("#3A3A3A")),
		}
	}
	var (
		text, faint, rule, accent = pal.text, pal.faint, pal.rule, pal.accent
		warn, good, gold, teal    = pal.warn, pal.good, pal.gold, pal.teal
		barOff                    = pal.barOff
	)

	s := Styles{
		Brand: ink(lipgloss.NewStyle().Bold(true).Foreground(accent)),
		Title: ink(lipgloss.NewStyle().Bold(true).Foreground(text)),
		Faint: ink(lipgloss.NewStyle().Foreground(faint)),
		Bold:  ink(lipgloss.NewStyle().Bold(true)),
		Rule:  ink(lipgloss.NewStyle().Foreground(rule)),

		StepPast:    ink(lipgloss.NewStyle().Foreground(faint)),
		StepCurrent: ink(lipgloss.NewStyle().Bold(true).Underline(true).Foreground(accent)),
		StepNext:    ink(lipgloss.NewStyle().Foreground(text)),

		Heading: ink(lipgloss.NewStyle().Bold(true).Foreground(accent)),
		CodeBox: lipgloss.NewStyle().Bold(true).Foreground(accent).
			Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 2),
		Command: ink(lipgloss.NewStyle().Foreground(teal)),

		Cursor:  ink(lipgloss.NewStyle().Bold(true).Foreground(accent)),
		Current: ink(lipgloss.NewStyle().Bold(true).Foreground(text)),
		Picked:  ink(lipgloss.NewStyle().Bold(true).Foreground(good)),
		Mine:    ink(lipgloss.NewStyle().Foreground(text)),
		Tag:     ink(lipgloss.NewStyle().Foreground(teal)),
		Badge:   ink(lipgloss.NewStyle().Bold(true).Foreground(warn)),
		Mark:    ink(lipgloss.NewStyle().Bold(true).Foreground(gold)),
		Dot:     ink(lipgloss.NewStyle().Foreground(accent)),
		DotFree: ink(lipgloss.NewStyle().Foreground(faint)),

		Warn: ink(lipgloss.NewStyle().Bold(true).Foreground(warn)),
		Good: ink(lipgloss.NewStyle().Foreground(good)),
		Hint: ink(lipgloss.NewStyle().Foreground(faint)),
		Key:  ink(lipgloss.NewStyle().Bold(true).Foreground(text)),

		PaneActive: pane(lipgloss.NewStyle().Border(lipgloss.ThickBorder()).BorderForeground(accent)),
		PaneIdle:   pane(lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(rule)),

		Online:  ink(lipgloss.NewStyle().Foreground(good)),
		Offline: ink(lipgloss.NewStyle().Foreground(faint)),

		BarFull:  accent,
		BarEmpty: barOff,
		BarOn:    ink(lipgloss.NewStyle().Foreground(accent)),
		BarOff:   ink(lipgloss.NewStyle().Foreground(barOff)),
	}

	if t == ThemeMono {
		// Without colour, the highlighted row stands out by reverse video
		// (its "›" says it too).
		s.Current = ink(lipgloss.NewStyle().Bold(true).Reverse(true))
	}

	h := help.DefaultStyles(isDark)
	for _, st := range []*lipgloss.Style{&h.Ellipsis, &h.ShortKey, &h.ShortDesc, &h.ShortSeparator, &h.FullKey, &h.FullDesc, &h.FullSeparator} {
		fg := st.GetForeground()
		if t == ThemeHighContrast {
			fg = faint // the bubbles' greys are 256-colour and faint
		}
		*st = st.Foreground(convert(p, fg))
	}
	if t == ThemeHighContrast {
		h.ShortKey = h.ShortKey.Bold(true).Foreground(text)
		h.FullKey = h.FullKey.Bold(true).Foreground(text)
	}
	s.Help = h
	s.marked = s.Cursor.Render("› ")

	s.Input = textinput.DefaultStyles(isDark)
	for _, st := range []*textinput.StyleState{&s.Input.Focused, &s.Input.Blurred} {
		for _, x := range []*lipgloss.Style{&st.Placeholder, &st.Suggestion, &st.Prompt, &st.Text} {
			*x = x.Foreground(convert(p, x.GetForeground()))
		}
	}
	if t == ThemeHighContrast {
		for _, st := range []*textinput.StyleState{&s.Input.Focused, &s.Input.Blurred} {
			st.Placeholder = st.Placeholder.Foreground(faint)
			st.Suggestion = st.Suggestion.Foreground(faint)
			st.Text = st.Text.Foreground(text)
		}
	}
	s.Input.Focused.Prompt = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Input.Focused.Text = lipgloss.NewStyle().Foreground(text)
	s.Input.Blurred.Prompt = lipgloss.NewStyle().Foreground(faint)
	s.Input.Cursor.Color = accent
	// A steady cursor: a blinking one would redraw every client's screen
	// twice a second for nothing.
	s.Input.Cursor.Blink = false
	s.shared = &sharedLines{counts: map[countKey]string{}}
	return s
}

// convert is c as profile p shows it; no colour stays no colour.
func convert(p colorprofile.Profile, c color.Color) color.Color {
	if c == nil {
		return nil
	}
	if _, none := c.(lipgloss.NoColor); none {
		return c
	}
	if r := p.Convert(c); r != nil {
		return r
	}
	return lipgloss.NoColor{} // a profile without colours
}

// mark is what stands before a row: "› " in the cursor's style when the
// row is highlighted, two spaces when not.
func (s *Styles) mark(selected bool) string {
	if selected {
		return s.marked
	}
	return "  "
}
