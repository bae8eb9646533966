package sshserver

// Hostile text, end to end. Mallory connects over SSH with her own key and
// terminal and submits a corpus of terminal attacks everywhere she can
// write: her SSH user name, a workshop title (exec `new`), her display
// name, notes in every column and segment names, each typed key by key and
// again as a bracketed paste. Victor, on his own terminal, records every
// byte the server sends him from before Mallory starts until her text is on
// his screen. None of her escape sequences, controls, bidirectional
// overrides or invisible characters may reach him; her plain words must;
// his screen must keep its layout and its window title; and the exports of
// the workshop must be plain text that no spreadsheet or Markdown renderer
// reads as anything but her words.
//
// Three ways in, three filters before session.Sanitize: typed text passes
// Bubble Tea's key parser, which consumes whole escape sequences as
// (unknown) keys; pasted text passes the text input, which drops C0 and C1
// controls but leaves the rest of a sequence ("\x1b]0;pwned\x07" arrives as
// "]0;pwned", inert); the SSH user name and the title of `new` reach the
// session raw. Bidirectional and zero-width characters pass the first two
// and only Sanitize stops them.

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"charm.land/log/v2"
	"github.com/hinshun/vt10x"
	gossh "golang.org/x/crypto/ssh"

	"forwhom/internal/termclient"
	"forwhom/session"
)

// hostileUserName is the SSH user name Mallory dials with: it becomes her
// display name wherever she joins.
const hostileUserName = "mal\x1b[31mlory\x1b]0;pwned\x07\u202e\u200b"

// hostileText is one entry of the corpus: a payload, and whether it can be
// typed key by key. Some cannot: a trailing ESC is the esc key (it closes
// the input), a paste marker would swallow the enter that follows. Every
// entry is also pasted.
type hostileText struct {
	name  string
	text  string
	typed bool
	// suffix puts the marker that identifies each submission after the
	// text instead of before it, for payloads whose first character is
	// the attack (formulas, Markdown).
	suffix bool
}

// hostileNotes is the corpus Mallory writes as notes.
var hostileNotes = []hostileText{
	{name: "CSI erase display", text: "clr\x1b[2Jscr", typed: true},
	{name: "CSI colours", text: "red\x1b[31mtxt\x1b[0m\x1b[41;5mblink", typed: true},
	{name: "CSI cursor moves", text: "mv\x1b[10;10fcur\x1b[999;999Hfar\x1b[3Dleft\x1b[2Kkill", typed: true},
	{name: "CSI scroll region and insert line", text: "reg\x1b[1;3r\x1b[5Lins", typed: true},
	{name: "OSC 0 window title, BEL", text: "\x1b]0;pwned\x07ttl", typed: true},
	{name: "OSC 2 window title, ST", text: "\x1b]2;x\x1b\\ttl2", typed: true},
	{name: "OSC 52 clipboard", text: "\x1b]52;c;cGF3bmVk\x07clip", typed: true},
	{name: "OSC 8 hyperlink", text: "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\", typed: true},
	{name: "DCS XTGETTCAP", text: "\x1bP+q544e\x1b\\dcs", typed: true},
	{name: "APC", text: "\x1b_Gpwned\x1b\\apc", typed: true},
	{name: "PM and SOS", text: "\x1b^pm\x1b\\\x1bXsos\x1b\\ps", typed: true},
	{name: "RIS full reset", text: "reset\x1bcdone", typed: true},
	{name: "bare ESC", text: "bare\x1b esc", typed: true},
	{name: "bare ESC at the end", text: "\x1bbare\x1b"},
	{name: "BEL", text: "ding\x07dong", typed: true},
	{name: "carriage return overwrite", text: "safe\rEVIL", typed: true},
	{name: "backspace overwrite", text: "abc\b\b\bXYZ", typed: true},
	{name: "DEL", text: "del\x7f\x7fDD", typed: true},
	{name: "NUL", text: "nul\x00byte", typed: true},
	{name: "other C0 controls", text: "c0\x0b\x0c\x0e\x0f\x1c\x1d\x1e\x1fend", typed: true},
	{name: "C1 CSI in UTF-8", text: "\u009b31mc1csi\u009b2J", typed: true},
	{name: "C1 OSC in UTF-8", text: "\u009d0;pwned\u009cc1osc\u0090dcs\u009c\u0085nel", typed: true},
	{name: "C1 as raw bytes", text: "raw\x9b31m\x9d0;pwned\x07end", typed: true},
	{name: "bidi overrides and isolates", text: "\u202eexe.txt\u202c \u202dlro\u202c \u2066iso\u2069 \u2067rli\u2069 \u2068fsi\u2069 \u200frlm", typed: true},
	{name: "zero-width characters", text: "zero\u200bwidth\u200djoin\ufeffbom\u2060wj\u00adshy", typed: true},
	{name: "line and paragraph separators", text: "line\u2028sep\u2029para", typed: true},
	{name: "invalid UTF-8", text: "bad\xff\xfeutf8\xc0\xaf\xed\xa0\x80end", typed: true},
	// Pasted whole; typed, a thousand keys are as many as the input takes
	// (and ten thousand take longer than a -race run should wait).
	{name: "ten thousand characters", text: strings.Repeat("long ", 2000)},
	{name: "a thousand characters", text: strings.Repeat("many ", 200), typed: true},
	{name: "wide emoji and CJK", text: "🙂🚀 日本語テキスト 中文 한국어", typed: true},
	{name: "HTML", text: "<script>alert(1)</script> & <b>", typed: true},
	{name: "a paste that ends itself early", text: "pre\x1b[201~post"},
}

// hostileWhoNotes, formulas and Markdown, are "who" notes: they become
// segments, so they reach every column of the CSV.
var hostileWhoNotes = []hostileText{
	{name: "CSV formula =", text: `=HYPERLINK("http://x","click")`, typed: true, suffix: true},
	{name: "CSV formula +", text: "+1+1", typed: true, suffix: true},
	{name: "CSV formula -", text: "-2+3", typed: true, suffix: true},
	{name: "CSV formula @", text: "@SUM(A1:A9)", typed: true, suffix: true},
	{name: "Markdown list item", text: "- dash", typed: true, suffix: true},
	{name: "Markdown ordered item", text: "1. one", typed: true, suffix: true},
	{name: "Markdown heading", text: "# hash", typed: true, suffix: true},
	{name: "Markdown table", text: "| pipe | x |", typed: true, suffix: true},
	{name: "Markdown rule", text: "---", typed: true, suffix: true},
	{name: "Markdown fence", text: "~~~ fence", typed: true, suffix: true},
	{name: "OSC 52 in a who note", text: "\x1b]52;c;cGF3bmVk\x07who", typed: true},
	{name: "bidi in a who note", text: "\u202ewho", typed: true},
	{name: "wide who note", text: "顧客 🙂 team", typed: true},
}

// hostileSegmentNames are what Mallory names segments (at most 40 characters).
var hostileSegmentNames = []hostileText{
	{name: "CSI colours", text: "red\x1b[31mseg", typed: true},
	{name: "OSC 0 window title", text: "\x1b]0;pwned\x07seg", typed: true},
	{name: "bidi override", text: "\u202egesdrow", typed: true},
	{name: "CSV formula =", text: `=HYPERLINK("http://x")`, typed: true, suffix: true},
	{name: "CSV formula -", text: "-2+3", typed: true, suffix: true},
	{name: "CSV formula @", text: "@SUM(A1)", typed: true, suffix: true},
	{name: "CSV formula +", text: "+1", suffix: true},
	{name: "OSC 52 clipboard", text: "\x1b]52;c;cGF3bmVk\x07seg"},
	{name: "DCS", text: "\x1bP+q544e\x1b\\seg"},
	{name: "C1 and zero width", text: "\u009b31m\u200bseg"},
	{name: "carriage return", text: "safe\rEVIL"},
	{name: "wide", text: "日本語🙂"},
}

// hostileDisplayNames are what Mallory renames herself to (at most 40).
var hostileDisplayNames = []hostileText{
	{name: "CSI colours and cursor", text: "red\x1b[31mname\x1b[1;1H", typed: true},
	{name: "OSC title and bidi", text: "\x1b]2;x\x1b\\\u202eeman", typed: true},
	{name: "OSC 52 and C1", text: "\x1b]52;c;cGF3bmVk\x07\u009b31mname"},
	{name: "zero width, BEL, NUL", text: "na\u200bme\x07\x00"},
	{name: "wide", text: "マロリー 🙂"},
}

// dangerousSequences are byte sequences of the corpus that a terminal would
// act on. The program's own output never contains them (its escape sequences are
// its own colours, cursor moves and window title), so finding one in
// Victor's bytes means Mallory's text reached his terminal as control.
// Their printable remains ("]0;pwned" once the ESC is gone) are inert text
// and may appear.
var dangerousSequences = []string{
	"\x1b[2Jscr", "\x1b[31mtxt", "\x1b[41;5m", "\x1b[10;10f", "\x1b[999;999H", "\x1b[3Dleft", "\x1b[2Kkill",
	"\x1b[1;3r", "\x1b[5Lins", "\x1b[31mseg", "\x1b[31mname",
	"\x1b]0;pwned", "\x1b]2;x", "\x1b]52;", "\x1b]8;;http", "\x1bP+q544e", "\x1b_G", "\x1b^pm", "\x1bXsos",
	"\x1bc", "bare\x1b", "\x1bbare", "ding\x07", "\x07dong", "safe\rEVIL", "abc\b", "\bXYZ", "del\x7f",
	"nul\x00", "\x00", "\x7f", "\x0b", "\x0c", "\x0e", "\x0f", "\x1c", "\x1d", "\x1e", "\x1f",
	"\u009b", "\u009d", "\u009c", "\u0090", "\u0085",
	"\u202e", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f",
	"\u200b", "\u200d", "\ufeff", "\u2060", "\u00ad", "\u2028", "\u2029", "\x1b[201~", "\x1b[200~",
}

// plainSurvivors are plain words of the corpus that must reach Victor.
var plainSurvivors = []string{
	"clr", "scr", "txt", "click", "safe", "EVIL", "XYZ", "byte", "exe.txt", "zerowidthjoinbomwjshy",
	"日本語テキスト", "🙂🚀", "한국어", "<script>alert(1)</script>", "=HYPERLINK", "マロリー",
}

func TestHostileTextReachesOthersOnlyAsPlainText(t *testing.T) {
	srv, logs := hostileServer(t)
	ctx := context.Background()
	fran := newUser(t, srv, "fran")
	mallory := newUser(t, srv, hostileUserName)
	victor := newUser(t, srv, "victor")

	// Fran facilitates. What she does is not under test, so she acts
	// through the session directly; Mallory and Victor are on SSH.
	code := fran.newWorkshop("Customer day")
	facilitator, err := srv.manager.Join(ctx, code, session.Identity{ID: keyFingerprint(fran), Name: "fran"})
	if err != nil {
		t.Fatal(err)
	}
	defer facilitator.Close()
	steer := func(cmd session.Command) {
		t.Helper()
		if err := facilitator.Do(ctx, cmd); err != nil {
			t.Fatalf("the facilitator's %T: %v", cmd, err)
		}
	}
	// Named, so Mallory's display name follows every note of hers.
	steer(session.SetAnonymous{Anonymous: false})

	// Victor is in the workshop and recording before Mallory arrives.
	const cols, rows = 200, 110
	v := victor.openWithSize("", cols, rows)
	// Record hands the buffer to the terminal's reader; Record(nil) takes
	// it back before it is read.
	var raw bytes.Buffer
	waitScreen(t, v, "Join by code")
	v.Record(&raw)
	typeKeys(t, v, "tab", code, "enter")
	waitScreen(t, v, "Who is here")

	// Mallory joins under her hostile SSH user name, and renames herself.
	m := mallory.openWithSize("join "+code, 120, 40)
	waitScreen(t, m, "Who is here")
	mal := keyFingerprint(mallory)
	st := waitWorkshop(t, srv, code, "Mallory in the workshop", func(s *session.Snapshot) bool {
		_, ok := participantIn(s, mal)
		return ok
	})
	if p, _ := participantIn(st, mal); p.Name != "mallory" {
		t.Errorf("Mallory joined as %q, want her user name without its escapes", p.Name)
	}
	// (What Victor's terminal received is checked once, at the end, byte
	// by byte; here he only has to see that she is here.)
	waitScreen(t, v, "Who is here (3 people)")
	for i, a := range hostileDisplayNames {
		for _, paste := range []bool{false, true} {
			if !paste && !a.typed {
				continue
			}
			marker := fmt.Sprintf("n%d%c", i, how(paste))
			typeKeys(t, m, "r", "ctrl+u")
			enterText(t, m, marker+a.text, paste)
			waitWorkshop(t, srv, code, "Mallory renamed "+marker, func(s *session.Snapshot) bool {
				p, _ := participantIn(s, mal)
				return strings.Contains(p.Name, marker)
			})
			waitScreen(t, v, marker)
		}
	}

	// Answer: notes in every column, typed and pasted.
	steer(session.SetPhase{Phase: session.PhaseAnswer})
	waitScreen(t, m, "● Answer")
	var markers []string
	n := 0
	write := func(a hostileText, paste bool) {
		t.Helper()
		n++
		marker := fmt.Sprintf("k%02d:", n)
		text := marker + a.text
		if a.suffix {
			text = a.text + " " + marker
		}
		markers = append(markers, marker)
		enterText(t, m, text, paste)
		waitWorkshop(t, srv, code, fmt.Sprintf("note %s (%s)", marker, a.name), func(s *session.Snapshot) bool {
			return slices.ContainsFunc(s.Notes, func(n session.Note) bool {
				return n.Author == mal && strings.Contains(n.Text, marker)
			})
		})
	}
	// The input is seen open or closed before the next key, so that keys
	// never run together (esc and tab at once read as alt+tab).
	openNote := func() {
		t.Helper()
		typeKeys(t, m, "a")
		waitScreen(t, m, "New note")
	}
	closeNote := func() {
		t.Helper()
		typeKeys(t, m, "esc")
		if s, err := m.WaitFor(screenTimeout, func(s string) bool { return !strings.Contains(s, "New note") }); err != nil {
			t.Fatalf("the note input did not close: %v\n%s", err, s)
		}
	}
	openNote() // "What do we do?": the corpus, typed
	for _, a := range hostileNotes {
		if a.typed {
			write(a, false)
		}
	}
	closeNote()
	typeKeys(t, m, "tab")
	openNote() // "What value do we deliver?": the corpus, pasted
	for _, a := range hostileNotes {
		write(a, true)
	}
	closeNote()
	typeKeys(t, m, "tab")
	openNote() // "Who do we deliver this value for?": formulas and Markdown
	for _, a := range hostileWhoNotes {
		if a.typed {
			write(a, false)
		}
		write(a, true)
	}
	closeNote()

	// The facilitator shows everyone's notes: all of Mallory's reach
	// Victor's screen.
	steer(session.SetHideNotes{Hidden: false})
	waitScreenAll(t, v, "Mallory's notes in Answer", markers)

	// Group: Mallory names segments, typed and pasted.
	steer(session.SetPhase{Phase: session.PhaseGroup})
	waitScreen(t, m, "● Group")
	// The highlight starts where Mallory left it while answering, on one
	// of her "do" notes; her "who" notes are at the top of the list.
	typeKeys(t, m, strings.Repeat("\x1b[A", 120))
	waitScreen(t, m, "›   =HYPERLINK")
	var segMarkers []string
	for i, a := range hostileSegmentNames {
		for _, paste := range []bool{false, true} {
			if !paste && !a.typed {
				continue
			}
			marker := fmt.Sprintf("s%02d%c", i, how(paste))
			text := marker + a.text
			if a.suffix {
				text = a.text + " " + marker
			}
			segMarkers = append(segMarkers, marker)
			// "s" makes a segment of the highlighted note: Mallory's screen
			// must have caught up with the last one first.
			st, err := srv.manager.Snapshot(ctx, code)
			if err != nil {
				t.Fatal(err)
			}
			waitScreen(t, m, fmt.Sprintf("Notes · %d not in a segment", notesOutsideSegments(st)))
			typeKeys(t, m, "s")
			waitScreen(t, m, "New segment of 1 note")
			enterText(t, m, text, paste)
			waitWorkshop(t, srv, code, "segment "+marker, func(s *session.Snapshot) bool {
				return slices.ContainsFunc(s.Segments, func(g session.Segment) bool { return strings.Contains(g.Name, marker) })
			})
		}
	}
	// "? more" ends the help bar, the last row: the whole frame has arrived.
	screen := waitScreenAll(t, v, "Mallory's segments and notes in Group", append(append(segMarkers, markers...), "? more"))
	v.Record(nil)
	stream := raw.Bytes()

	// Nothing of Mallory's acted on Victor's terminal.
	for _, p := range auditTerminalBytes(stream, "Customer day") {
		t.Error(p)
	}
	for _, d := range dangerousSequences {
		if i := bytes.Index(stream, []byte(d)); i >= 0 {
			t.Errorf("Victor's terminal received %q: %q", d, bytesAround(stream, i))
		}
	}
	// Her plain words did reach him.
	for _, s := range plainSurvivors {
		if !bytes.Contains(stream, []byte(s)) {
			t.Errorf("Victor never received the plain text %q", s)
		}
	}
	// His screen kept its frame and its title.
	checkWorkshopFrame(t, screen, cols, rows, "Customer day", code, "● Group")
	if title := windowTitleAfter(stream, cols, rows); title != "forwhom · Customer day" {
		t.Errorf("Victor's window title is %q, want %q", title, "forwhom · Customer day")
	}

	// The exports are plain text, and no spreadsheet or Markdown renderer
	// reads Mallory's words as anything else.
	for _, f := range session.Formats {
		out := fran.mustRun("export " + code + " --format " + string(f))
		checkPlainExport(t, f, []byte(out))
	}

	// The server's own log never carried her escapes either (a log is
	// read on a terminal too).
	for _, d := range []string{"\x1b[31m", "\x1b]0;", "\u202e", "\u200b", "\x07"} {
		if strings.Contains(logs.String(), d) {
			t.Errorf("the server log contains %q", d)
		}
	}
}

// The two ways in that bypass the screen's text inputs entirely: the SSH
// user name and the title given to `new`. Both go straight to the session
// with their raw bytes.
func TestHostileTitleAndUserNameReachOthersOnlyAsPlainText(t *testing.T) {
	srv, logs := hostileServer(t)
	mallory := newUser(t, srv, hostileUserName)
	victor := newUser(t, srv, "victor")

	title := "Evil\x1b[2J\x1b]0;pwned\x07 \u009b31mtitle\u202e\u200b\x1b]52;c;cGF3bmVk\x07 \x1bP+q544e\x1b\\日本語"
	r := mallory.run("new " + title)
	if r.Status != 0 {
		t.Fatalf("new: status %d, stderr %q", r.Status, r.Stderr)
	}
	code, _, _ := strings.Cut(r.Stdout, "\n")
	st, err := srv.manager.Snapshot(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	clean := st.Workshop.Title
	if clean != session.Sanitize(clean, session.MaxTitleLen) || !strings.Contains(clean, "Evil") || !strings.Contains(clean, "日本語") {
		t.Errorf("the stored title is %q", clean)
	}
	name := st.Participants[0].Name
	if name != "mallory" {
		t.Errorf("Mallory's stored name is %q, want her user name without its escapes", name)
	}

	const cols, rows = 120, 40
	v := victor.openWithSize("", cols, rows)
	waitScreen(t, v, "Join by code")
	var raw bytes.Buffer
	v.Record(&raw)
	typeKeys(t, v, "tab", code, "enter")
	// Victor sees Mallory's workshop; what his terminal received is
	// checked byte by byte below.
	screen := waitScreenAll(t, v, "the workshop's whole frame", []string{"facilitator, away", "? more"})
	v.Record(nil)
	stream := raw.Bytes()

	for _, p := range auditTerminalBytes(stream, clean) {
		t.Error(p)
	}
	for _, d := range []string{"\x1b[2J", "\x1b]0;pwned", "\u009b", "\u202e", "\u200b", "\x1b]52;", "\x1bP+q", "\x1b[31m"} {
		if i := bytes.Index(stream, []byte(d)); i >= 0 {
			t.Errorf("Victor's terminal received %q: %q", d, bytesAround(stream, i))
		}
	}
	checkWorkshopFrame(t, screen, cols, rows, clean, code, "● Lobby")
	if got, want := windowTitleAfter(stream, cols, rows), "forwhom · "+clean; got != want {
		t.Errorf("Victor's window title is %q, want %q", got, want)
	}

	// Victor's own list shows the title too, on his terminal.
	out := victor.mustRun("list")
	if !strings.Contains(out, clean) {
		t.Errorf("list does not show the title %q:\n%s", clean, out)
	}
	for _, p := range auditTerminalBytes([]byte(out), clean) {
		t.Errorf("list: %s", p)
	}
	if strings.ContainsRune(out, 0x1b) {
		t.Errorf("list printed an escape: %q", out)
	}
	for _, d := range []string{"\x1b", "\u202e", "\u200b", "\x07", "\u009b"} {
		if strings.Contains(logs.String(), d) {
			t.Errorf("the server log contains %q", d)
		}
	}
}

// Exports neutralize what a spreadsheet or a Markdown renderer would act
// on, and keep the participants' words readable.
func TestExportsKeepHostileTextInert(t *testing.T) {
	ctx := context.Background()
	m := session.NewManager(session.NewMemoryStore(), session.Options{})
	t.Cleanup(m.Close)
	fac := session.Identity{ID: "SHA256:fac", Name: "Fran"}
	code, err := m.Create(ctx, fac, "Q3 <review> & ~plans~")
	if err != nil {
		t.Fatal(err)
	}
	join := func(who session.Identity) *session.Conn {
		c, err := m.Join(ctx, code, who)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
		return c
	}
	do := func(c *session.Conn, cmd session.Command) {
		t.Helper()
		if err := c.Do(ctx, cmd); err != nil {
			t.Fatalf("%T: %v", cmd, err)
		}
	}
	f := join(fac)
	mal := join(session.Identity{ID: "SHA256:mal", Name: "-Mallory"})
	do(f, session.SetAnonymous{Anonymous: false})
	do(f, session.SetPhase{Phase: session.PhaseAnswer})
	whos := []string{
		`=HYPERLINK("http://x","click")`, "+1+1", "-2+3", "@SUM(A1:A9)",
		"- dash", "1. one", "2) two", "# hash", "| pipe | x |", "> quote", "+ plus", "---", "~~~ fence", "```",
		"<script>alert(1)</script>",
	}
	for _, w := range whos {
		do(mal, session.AddNote{Question: session.QuestionWho, Text: w})
	}
	do(mal, session.AddNote{Question: session.QuestionValue, Text: "=1+2 value"})
	do(f, session.SetPhase{Phase: session.PhaseGroup})
	st, err := m.Snapshot(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, n := range st.Notes {
		ids[n.Text] = n.ID
	}
	do(mal, session.CreateSegment{Name: "=cmd|' /C calc'!A0", Notes: []int64{ids[whos[0]]}})
	do(mal, session.CreateSegment{Name: "@SUM(1+1)", Notes: []int64{ids["- dash"]}})
	do(mal, session.CreateSegment{Name: "- list", Notes: []int64{ids["1. one"]}})
	st, _ = m.Snapshot(ctx, code)
	do(mal, session.AttachNote{Note: ids["=1+2 value"], Segment: st.Segments[0].ID})
	st, _ = m.Snapshot(ctx, code)

	t.Run("csv", func(t *testing.T) {
		out, err := session.Export(st, session.FormatCSV)
		if err != nil {
			t.Fatal(err)
		}
		checkPlainExport(t, session.FormatCSV, out)
		rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][2]string{ // segment → its name and notes cells
			"=cmd": {`'=cmd|' /C calc'!A0`, `'=HYPERLINK("http://x","click") (-Mallory)`},
			"@SUM": {"'@SUM(1+1)", "'- dash (-Mallory)"},
			"- li": {"'- list", "1. one (-Mallory)"},
		}
		for _, row := range rows[1:] {
			name := strings.TrimPrefix(row[1], "'")
			w, ok := want[name[:4]]
			if !ok {
				t.Errorf("unexpected segment %q", row[1])
				continue
			}
			if row[1] != w[0] || row[6] != w[1] {
				t.Errorf("segment cells %q, %q; want %q, %q", row[1], row[6], w[0], w[1])
			}
			if name[:4] == "=cmd" && row[7] != "'=1+2 value (-Mallory)" {
				t.Errorf("value notes cell %q, want it quoted", row[7])
			}
		}
	})
	t.Run("md", func(t *testing.T) {
		out, err := session.Export(st, session.FormatMarkdown)
		if err != nil {
			t.Fatal(err)
		}
		checkPlainExport(t, session.FormatMarkdown, out)
		md := string(out)
		for _, want := range []string{
			"# Q3 \\<review\\> & \\~plans\\~\n",
			"- \\- dash — _\\-Mallory_\n", "- 1\\. one — ", "- 2\\) two — ", "- \\# hash — ", "- \\| pipe \\| x \\| — ",
			"- \\> quote — ", "- \\+ plus — ", "- \\--- — ", "- \\~\\~\\~ fence — ", "- \\`\\`\\` — ",
			"- \\<script\\>alert(1)\\</script\\> — ", "- =HYPERLINK(\"http://x\",\"click\") — ",
			"### 1. \\- list — 0 votes",
		} {
			if !strings.Contains(md, want) {
				t.Errorf("the report lacks %q:\n%s", want, md)
			}
		}
	})
	t.Run("json", func(t *testing.T) {
		out, err := session.Export(st, session.FormatJSON)
		if err != nil {
			t.Fatal(err)
		}
		checkPlainExport(t, session.FormatJSON, out)
		for _, want := range []string{`"title": "Q3 <review> & ~plans~"`, `"text": "<script>alert(1)</script>"`} {
			if !bytes.Contains(out, []byte(want)) {
				t.Errorf("the JSON lacks %s", want)
			}
		}
		if bytes.Contains(out, []byte(`\u003c`)) || bytes.Contains(out, []byte(`\u0026`)) {
			t.Error("the JSON escapes < or & for HTML")
		}
	})
}

// A participant the facilitator removed is out of that workshop for good,
// whatever they try over SSH; their key still works everywhere else. Only
// facilitators export, and a removed co-facilitator is no longer one.
// (Strangers and guests exporting are covered in commands_test.go.)
func TestARemovedParticipantStaysOutOverSSH(t *testing.T) {
	srv := startTestServer(t)
	fran, bob, cleo := newUser(t, srv, "fran"), newUser(t, srv, "bob"), newUser(t, srv, "cleo")
	teamA := fran.newWorkshop("Team A")
	teamB := fran.newWorkshop("Team B")

	f := fran.open("join " + teamA)
	waitScreen(t, f, "Who is here")
	b := bob.open("join " + teamA)
	waitScreen(t, b, "Who is here")
	c := cleo.open("join " + teamA)
	waitScreen(t, c, "Who is here")
	waitScreen(t, f, "3 here")

	refusedExport := func(u *user, why string) {
		t.Helper()
		r := u.run("export " + teamA + " --format csv")
		if r.Status == 0 || r.Stdout != "" || !strings.Contains(r.Stderr, why) {
			t.Errorf("%s exported %s: status %d, stdout %q, stderr %q", u.name, teamA, r.Status, r.Stdout, r.Stderr)
		}
	}
	// A participant of the workshop is not a facilitator of it.
	refusedExport(bob, "only a facilitator of "+teamA+" can export it")

	// Fran makes Cleo a co-facilitator, who may then export.
	typeKeys(t, f, "P")
	waitScreen(t, f, "People · 3 in the workshop")
	typeKeys(t, f, "down", "down")
	waitScreen(t, f, "› ● cleo")
	typeKeys(t, f, "c")
	waitPeopleRow(t, f, "cleo", "facilitator")
	cleo.mustRun("export " + teamA)

	// Fran removes Cleo, and then Bob, whom the highlight falls on.
	for _, who := range []string{"cleo", "bob"} {
		waitScreen(t, f, "› ● "+who)
		typeKeys(t, f, "x")
		waitScreen(t, f, "Remove "+who+"?")
		typeKeys(t, f, "y")
		if s, err := f.WaitFor(screenTimeout, func(s string) bool { return !strings.Contains(s, "● "+who) }); err != nil {
			t.Fatalf("%s is still listed after the removal: %v\n%s", who, err, s)
		}
	}
	waitScreen(t, b, "You were removed from this workshop")
	waitScreen(t, c, "You were removed from this workshop")
	// Removed, Cleo may no longer see the workshop: she is answered as
	// about a code that does not exist.
	refusedExport(cleo, "you have no workshop with the code "+teamA)

	// Bob tries to come back: from the screen he was removed on, and in a
	// new session. Each time he is told why, and stays in the lobby.
	typeKeys(t, b, "enter")
	waitScreen(t, b, "Join by code")
	typeKeys(t, b, "tab", teamA, "enter")
	waitScreen(t, b, "you were removed from this workshop")
	again := bob.open("join " + teamA)
	screen := waitScreen(t, again, "you were removed from this workshop")
	if !strings.Contains(screen, "Join by code") {
		t.Errorf("a refused join left Bob somewhere other than the lobby:\n%s", screen)
	}
	st, err := srv.manager.Snapshot(context.Background(), teamA)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := participantIn(st, keyFingerprint(bob)); !p.Removed || st.Online[p.ID] != 0 {
		t.Errorf("after trying to come back, Bob is %+v, online %d times", p, st.Online[p.ID])
	}
	if out := bob.mustRun("list"); strings.Contains(out, teamA) {
		t.Errorf("Bob's list still shows the workshop he was removed from:\n%s", out)
	}

	// His key still joins other workshops.
	typeKeys(t, again, "tab", teamB, "enter")
	waitScreen(t, again, "forwhom · Team B")
}

// The auditor itself: what a terminal would act on is flagged, the
// program's own sequences are not.
func TestTheByteAuditFlagsWhatATerminalWouldActOn(t *testing.T) {
	for _, tc := range []struct {
		in      string
		flagged bool
	}{
		{"\x1b[38;5;141;1mtitle\x1b[m\r\n\x1b[12;80H\x1b[84X\x1b[?2026h", false},
		{"\x1b]2;forwhom · T\x07", false},
		{"\x1b]2;forwhom\x1b\\", false},
		{"日本語 🙂 ─│╭", false},
		{"\x1b]2;forwhom · other\x07", true},
		{"\x1b]0;pwned\x07", true},
		{"\x1b]52;c;cGF3bmVk\x07", true},
		{"\x1bP+q544e\x1b\\", true},
		{"\x1b_Gx\x1b\\", true},
		{"\x1bc", true},
		{"ding\x07", true},
		{"nul\x00", true},
		{"del\x7f", true},
		{"\x0c", true},
		{"\u009b31m", true},
		{"\u202eevil", true},
		{"zero\u200bwidth", true},
		{"bad\xff", true},
		{"\x1b]0;unterminated", true},
	} {
		got := auditTerminalBytes([]byte(tc.in), "T")
		if flagged := len(got) > 0; flagged != tc.flagged {
			t.Errorf("audit of %q: %q; want flagged %v", tc.in, got, tc.flagged)
		}
	}
}

// checkPlainExport checks that an export is plain text in its format: valid
// UTF-8 without control or format characters (only the line breaks of the
// format), every CSV cell safe from formula evaluation, every Markdown
// heading the report's own, and JSON that parses.
func checkPlainExport(t *testing.T, f session.Format, out []byte) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Errorf("%s export is not valid UTF-8", f)
	}
	for i, r := range string(out) {
		switch {
		case r == '\n':
		case r == '\r' && f == session.FormatCSV && i+1 < len(out) && out[i+1] == '\n':
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0, unicode.Is(unicode.Cf, r), r == '\u2028', r == '\u2029':
			t.Errorf("%s export has %U at byte %d: %q", f, r, i, bytesAround(out, i))
		}
	}
	switch f {
	case session.FormatCSV:
		rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("the CSV does not parse: %v", err)
		}
		for _, row := range rows[1:] {
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("CSV cell %q would be read as a formula", cell)
				}
			}
		}
	case session.FormatMarkdown:
		for _, line := range strings.Split(string(out), "\n") {
			switch {
			case strings.HasPrefix(line, "#"):
				ok := strings.HasPrefix(line, "# ") && !strings.HasPrefix(line, "# #") ||
					slices.Contains([]string{"## Insights", "## Prioritized segments", "## Stakeholders", "## Not served by us", "## Answers"}, line) ||
					regexp.MustCompile(`^### (\d+\. .* — \d+ votes? from|What do we do\?$|What value do we deliver\?$|Who do we deliver this value for\?$)`).MatchString(line)
				if !ok {
					t.Errorf("Markdown heading that is not the report's: %q", line)
				}
			case strings.HasPrefix(line, "- "):
				item := strings.TrimPrefix(line, "- ")
				if regexp.MustCompile(`^([-+*>#|]|\d+[.)]|~~~|` + "```" + `)`).MatchString(item) {
					t.Errorf("Markdown list item whose text is structure: %q", line)
				}
			}
		}
	case session.FormatJSON:
		var r session.Result
		if err := json.Unmarshal(out, &r); err != nil {
			t.Errorf("the JSON does not parse: %v", err)
		}
	}
}

// hostileServer starts a server over a fresh directory whose rate and note
// limits stay out of the way of a long scripted hostileText, and returns its
// log.
func hostileServer(t *testing.T) (*testServer, *syncBuffer) {
	t.Helper()
	cfg := testConfig(t.TempDir())
	cfg.ConnRate = 0
	cfg.Limits.ActionsPerSecond = 0
	cfg.Limits.NotesPerParticipant = 0
	logs := &syncBuffer{}
	srv, err := startTest(cfg, log.NewWithOptions(logs, log.Options{Level: log.DebugLevel}))
	if err != nil {
		t.Fatalf("starting the server: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("stopping the server: %v", err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return srv, logs
}

// openWithSize starts cmd in a terminal of cols x rows.
func (u *user) openWithSize(cmd string, cols, rows int) *termclient.Term {
	u.t.Helper()
	term, err := termclient.Open(u.dial(), cmd, cols, rows)
	if err != nil {
		u.t.Fatal(err)
	}
	u.t.Cleanup(func() { _ = term.Close() })
	return term
}

func keyFingerprint(u *user) string { return gossh.FingerprintSHA256(u.signer.PublicKey()) }

func participantIn(s *session.Snapshot, id string) (session.Participant, bool) {
	for _, p := range s.Participants {
		if p.ID == id {
			return p, true
		}
	}
	return session.Participant{}, false
}

func notesOutsideSegments(s *session.Snapshot) int {
	n := 0
	for _, note := range s.Notes {
		if note.Segment == 0 {
			n++
		}
	}
	return n
}

// how says how a text was entered, for its marker: t typed, p pasted.
func how(paste bool) byte {
	if paste {
		return 'p'
	}
	return 't'
}

// enterText types text into the input in front, or pastes it as a terminal
// does with bracketed paste, and presses enter.
func enterText(t *testing.T, term *termclient.Term, text string, paste bool) {
	t.Helper()
	if paste {
		text = "\x1b[200~" + text + "\x1b[201~"
	}
	typeKeys(t, term, text)
	typeKeys(t, term, "enter")
}

// waitWorkshop waits until the workshop's state satisfies ok.
func waitWorkshop(t *testing.T, srv *testServer, code, what string, ok func(*session.Snapshot) bool) *session.Snapshot {
	t.Helper()
	deadline := time.Now().Add(screenTimeout)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		s, err := srv.manager.Snapshot(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: timed out", what)
		}
		<-tick.C
	}
}

// waitScreenAll waits until the screen shows every one of texts.
func waitScreenAll(t *testing.T, term *termclient.Term, what string, texts []string) string {
	t.Helper()
	screen, err := term.WaitText(screenTimeout, texts...)
	if err != nil {
		var missing []string
		for _, s := range texts {
			if !strings.Contains(screen, s) {
				missing = append(missing, s)
			}
		}
		t.Fatalf("waiting for %s: %v; missing %q\nlast screen:\n%s", what, err, missing, screen)
	}
	return screen
}

// auditTerminalBytes lists whatever in the bytes a terminal received could not
// have come from the program itself: invalid UTF-8; NUL, DEL and C0
// controls other than the program's own (ESC, CR, LF, BS, TAB, and BEL
// only to end its OSC); C1 controls; Unicode format characters (bidi
// controls, zero-width characters); and any OSC but the program's window
// title ("forwhom" or "forwhom · TITLE") and colour queries, or any DCS,
// SOS, PM or APC string at all.
func auditTerminalBytes(b []byte, title string) []string {
	var problems []string
	report := func(i int, format string, args ...any) {
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, args...)+fmt.Sprintf(" at byte %d: %q", i, bytesAround(b, i)))
		}
	}
	if !utf8.Valid(b) {
		i := 0
		for i < len(b) {
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		report(i, "invalid UTF-8")
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == 0x1b:
			n, p := auditEscape(b[i:], title)
			if p != "" {
				report(i, "%s", p)
			}
			i += n
			continue
		case r == '\r' || r == '\n' || r == '\b' || r == '\t':
		case r == 0x07:
			report(i, "BEL outside the window title")
		case r < 0x20 || r == 0x7f:
			report(i, "control character %U", r)
		case r >= 0x80 && r < 0xa0:
			report(i, "C1 control %U", r)
		case unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029':
			report(i, "format character %U", r)
		}
		i += size
	}
	return problems
}

// auditEscape measures the escape sequence at the start of b and says
// what is wrong with it, if anything.
func auditEscape(b []byte, title string) (int, string) {
	if len(b) < 2 {
		return len(b), "a lone ESC"
	}
	switch b[1] {
	case '[': // CSI: parameters and intermediates, then a final byte
		for i := 2; i < len(b); i++ {
			if b[i] >= 0x40 && b[i] <= 0x7e {
				return i + 1, ""
			}
			if b[i] < 0x20 || b[i] > 0x7e {
				return i, fmt.Sprintf("a CSI sequence broken by %q", b[i])
			}
		}
		return len(b), "an unterminated CSI sequence"
	case ']', 'P', 'X', '^', '_': // strings, ended by BEL (OSC only) or ST
		for i := 2; i < len(b); i++ {
			end := 0
			switch {
			case b[i] == 0x07 && b[1] == ']':
				end = i + 1
			case b[i] == 0x1b && i+1 < len(b) && b[i+1] == '\\':
				end = i + 2
			}
			if end == 0 {
				continue
			}
			body := string(b[2:i])
			if b[1] != ']' {
				return end, fmt.Sprintf("a %q string %q", b[1], body)
			}
			switch {
			case body == "2;forwhom", body == "2;forwhom · "+title,
				body == "10;?", body == "11;?", body == "12;?":
				return end, ""
			}
			return end, fmt.Sprintf("an OSC %q that is not the program's", body)
		}
		return len(b), "an unterminated string sequence"
	case 'c':
		return 2, "RIS (full reset)"
	}
	return 2, ""
}

// bytesAround shows the bytes around i, for a failure message.
func bytesAround(b []byte, i int) string {
	return string(b[max(0, i-40):min(len(b), i+40)])
}

// windowTitleAfter is the window title a terminal has after receiving b.
func windowTitleAfter(b []byte, cols, rows int) string {
	vt := vt10x.New(vt10x.WithSize(cols, rows))
	_, _ = vt.Write(b)
	return vt.Title()
}

// checkWorkshopFrame checks the workshop frame on a screen: the header with the
// title and join code in the first row, the phase stepper in the second, a
// rule in the third, the help bar in the last, and every body row between
// them starting (after the margin) with a box border or the phase's own
// first column, which a text that moved the cursor or returned the
// carriage would have overwritten.
func checkWorkshopFrame(t *testing.T, screen string, cols, rows int, title, code, phase string) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) != rows {
		t.Fatalf("the screen has %d rows, want %d", len(lines), rows)
	}
	if want := " forwhom · " + title; !strings.HasPrefix(lines[0], want) || !strings.HasSuffix(lines[0], "join "+code) {
		t.Errorf("header row = %q, want %q … join %s", lines[0], want, code)
	}
	if !strings.Contains(lines[1], phase) {
		t.Errorf("stepper row = %q, want %q in it", lines[1], phase)
	}
	if strings.Trim(lines[2], " ─") != "" {
		t.Errorf("rule row = %q", lines[2])
	}
	if last := lines[rows-1]; !strings.Contains(last, "? more") {
		t.Errorf("help bar row = %q", last)
	}
	if phase != "● Group" {
		return
	}
	border := func(r rune) bool { return r >= '─' && r <= '╿' } // box drawing
	for i := 3; i < rows-2; i++ {
		row := []rune(strings.TrimRight(lines[i], " "))
		if len(row) < 2 || !border(row[1]) || !border(row[len(row)-1]) {
			t.Errorf("body row %d does not run from border to border: %q", i, lines[i])
		}
	}
}

// waitPeopleRow waits until the people panel shows name's row with want
// in it.
func waitPeopleRow(t *testing.T, term *termclient.Term, name, want string) {
	t.Helper()
	_, err := term.WaitFor(screenTimeout, func(s string) bool {
		for _, line := range strings.Split(s, "\n") {
			if strings.Contains(line, "● "+name+" ") && strings.Contains(line, want) {
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("waiting for %s's row to show %q: %v\n%s", name, want, err, term.Screen())
	}
}
