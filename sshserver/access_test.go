package sshserver

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"forwhom/internal/termclient"
)

// colourUse lists the SGR colour parameters in raw terminal output: 30–38,
// 40–48, 90–97 and 100–107 (38 and 48 open 256- and 24-bit colours; 39 and
// 49, the default colours, are no colour). basic counts 4-bit ones, wide
// lists every 38 or 48 found, other lists every other colour parameter.
type colourUse struct {
	sgr   int      // SGR sequences seen
	basic int      // 4-bit colour parameters
	wide  []string // sequences with 38 or 48
}

func scanColours(raw string) colourUse {
	var u colourUse
	for i := 0; i < len(raw); i++ {
		if raw[i] != 0x1b || i+1 >= len(raw) || raw[i+1] != '[' {
			continue
		}
		j := i + 2
		for j < len(raw) && raw[j] >= 0x30 && raw[j] <= 0x3f {
			j++ // parameter bytes
		}
		for j < len(raw) && raw[j] >= 0x20 && raw[j] <= 0x2f {
			j++ // intermediate bytes
		}
		if j >= len(raw) {
			break
		}
		params, final := raw[i+2:j], raw[j]
		i = j
		if final != 'm' || (params != "" && strings.ContainsAny(params[:1], "<=>?")) {
			continue // not SGR (a private "CSI > … m" sets key modes)
		}
		u.sgr++
		// Colon sub-parameters belong to their parameter (38:2::r:g:b).
		for _, p := range strings.Split(params, ";") {
			head, _, _ := strings.Cut(p, ":")
			n, err := strconv.Atoi(head)
			if err != nil {
				continue
			}
			switch {
			case n == 38 || n == 48:
				u.wide = append(u.wide, strconv.Quote("\x1b["+params+"m"))
			case n >= 30 && n <= 37, n >= 40 && n <= 47, n >= 90 && n <= 97, n >= 100 && n <= 107:
				u.basic++
			}
		}
	}
	return u
}

func TestScanColours(t *testing.T) {
	for _, c := range []struct {
		raw         string
		basic, wide int
		sgr         int
	}{
		{"\x1b[1mbold\x1b[m", 0, 0, 2},
		{"\x1b[1;38;5;99mx", 0, 1, 1},
		{"\x1b[38:2::1:2:3mx", 0, 1, 1},
		{"\x1b[91;40mx\x1b[39;49m", 2, 0, 2},
		{"\x1b[>4;2m\x1b[2J\x1b[12;1H", 0, 0, 0},
	} {
		u := scanColours(c.raw)
		if u.basic != c.basic || len(u.wide) != c.wide || u.sgr != c.sgr {
			t.Errorf("scanColours(%q) = %+v, want %d basic, %d wide, %d SGR", c.raw, u, c.basic, c.wide, c.sgr)
		}
	}
}

// Colour preferences reach the server in the session's environment, as
// `ssh -o SetEnv=NO_COLOR=1` sends them: through a whole workshop, a
// client with NO_COLOR or FORWHOM_THEME=mono receives not one colour, and
// one with FORWHOM_THEME=high-contrast only 4-bit colours. Each still sees
// every cue: the cursor, their own notes, the dots, the marks.
func TestColourPreferencesReachTheServer(t *testing.T) {
	srv := startTestServer(t)
	raw := map[string]*syncBuffer{}
	person := func(name string, env ...string) *person {
		p := newPerson(t, srv, name, 110, 36)
		raw[name] = &syncBuffer{}
		p.opts = termclient.Options{Env: env, Record: raw[name]}
		return p
	}
	fran := person("Fran", "NO_COLOR=1")                              // the facilitator
	pat := person("Pat", "FORWHOM_THEME=mono")                        //
	sam := person("Sam", "FORWHOM_THEME=High Contrast")               // as a person might type it
	kim := person("Kim", "FORWHOM_THEME=dark", "COLORTERM=truecolor") // the default look, for contrast
	everyone := room{fran, pat, sam, kim}

	out := fran.mustRun(`new "Colours"`)
	code, _, _ := strings.Cut(out, "\n")
	for _, p := range everyone {
		p.joins(code)
	}
	everyone.sees("● Lobby", "Who is here (4 people)")

	fran.presses(">")
	everyone.sees("● Answer")
	fran.answers([]string{"Audit deploys"}, []string{"Compliance proof"}, []string{"Security office"})
	pat.answers([]string{"Run CI runners"}, []string{"Faster releases"}, []string{"App developers"})
	sam.answers([]string{"Patch clusters"}, []string{"Less toil"}, []string{"Mobile team"})
	pat.presses("space")
	pat.sees("You: done ✓")

	fran.presses(">")
	everyone.sees("● Group", "Mobile team")
	pat.picks("App developers")
	pat.presses("s")
	pat.sees("New segment of 1 note")
	pat.types("Developers")
	pat.presses("enter")
	// Every list settles before Sam moves in it: rows shift as notes
	// join a segment.
	everyone.sees("▸ Developers (1)")
	sam.picks("Mobile team")
	sam.presses("s")
	sam.sees("New segment of 1 note")
	sam.types("Mobile")
	sam.presses("enter")
	everyone.sees("▸ Developers (1)", "▸ Mobile (1)")

	fran.presses(">")
	everyone.sees("● Vote", "Dots left: 5 of 5")
	pat.highlights("Mobile (")
	pat.presses("+", "+")
	pat.sees("Dots left: 3 of 5")
	pat.seesRow("Mobile (", "●●○")
	sam.highlights("Developers (")
	sam.presses("+")
	sam.sees("Dots left: 4 of 5")
	fran.presses("R")
	for _, p := range everyone {
		p.seesInOrder("Mobile (", "Developers (")
	}

	fran.presses(">")
	everyone.sees("● Prioritize")
	pat.picksInsight("Mobile", "1")
	sam.picksInsight("Developers", "2")
	for _, p := range everyone {
		p.seesMarked("Mobile", "★ biggest")
	}
	fran.presses(">")
	everyone.sees("● Discuss", "◉ in the spotlight")
	fran.presses(">")
	everyone.sees("● Done", "Customer segments")

	for _, name := range []string{"Fran", "Pat"} {
		u := scanColours(raw[name].String())
		if u.sgr == 0 {
			t.Errorf("%s received no SGR sequence at all: the check sees nothing", name)
		}
		if u.basic != 0 || len(u.wide) != 0 {
			t.Errorf("%s (mono) received colours: %d 4-bit parameters, and %v", name, u.basic, u.wide[:min(5, len(u.wide))])
		}
	}
	hc := scanColours(raw["Sam"].String())
	if len(hc.wide) != 0 {
		t.Errorf("Sam (high-contrast) received colours beyond 4-bit: %v", hc.wide[:min(5, len(hc.wide))])
	}
	if hc.basic == 0 {
		t.Errorf("Sam (high-contrast) received no colour at all")
	}
	if def := scanColours(raw["Kim"].String()); len(def.wide) == 0 {
		t.Errorf("Kim (the default theme, truecolor) received no 24-bit colour: the test cannot tell themes apart")
	}
}

// Settings chosen in the lobby are saved under the key and applied on
// every connection: after a reconnect and after a restart, the mono theme
// chosen there sends no colour from the first frame on. Another key keeps
// the defaults.
func TestSettingsPersistAcrossReconnectAndRestart(t *testing.T) {
	cfg := testConfig(t.TempDir())
	srv := startServer(t, cfg)
	ada := newUser(t, srv, "Ada")
	lobby := func(u *user) (*termclient.Term, *syncBuffer) {
		t.Helper()
		raw := &syncBuffer{}
		term, err := termclient.OpenWith(u.dial(), "", 100, 30, termclient.Options{Env: []string{"COLORTERM=truecolor"}, Record: raw})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = term.Close() })
		waitScreen(t, term, "Settings")
		return term, raw
	}
	row := func(name, value string) string { return fmt.Sprintf("%-26s %s", name, value) }

	term, _ := lobby(ada)
	typeKeys(t, term, "tab", "tab")
	waitScreen(t, term, "› "+row("Theme", "auto"))
	for _, theme := range []string{"dark", "light", "high-contrast", "mono"} {
		typeKeys(t, term, "enter")
		waitScreen(t, term, "Theme: "+theme+". Saved for your key.")
	}
	typeKeys(t, term, "down", "enter")
	waitScreen(t, term, "Motion: reduced. Saved for your key.")
	typeKeys(t, term, "down", "enter")
	waitScreen(t, term, "Bell when the timer ends: on. Saved for your key.")
	_ = term.Close()

	check := func(when string, u *user) {
		t.Helper()
		term, raw := lobby(u)
		waitScreen(t, term, row("Theme", "mono"))
		waitScreen(t, term, row("Motion", "reduced"))
		waitScreen(t, term, row("Bell when the timer ends", "on"))
		if c := scanColours(raw.String()); c.basic+len(c.wide) != 0 || c.sgr == 0 {
			t.Errorf("%s: the lobby in mono sent %d SGR sequences with %d basic and %d wide colours; want some SGR, no colour", when, c.sgr, c.basic, len(c.wide))
		}
		_ = term.Close()
	}
	check("after reconnecting", ada)

	srv = restart(t, srv, cfg, nil)
	check("after a restart", ada.at(srv))

	bob := newUser(t, srv, "Bob")
	term, raw := lobby(bob)
	waitScreen(t, term, row("Theme", "auto"))
	if c := scanColours(raw.String()); len(c.wide) == 0 {
		t.Errorf("Bob, who saved nothing, got no 24-bit colour: %+v", c)
	}
}
