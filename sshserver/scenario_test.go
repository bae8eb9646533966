package sshserver

// The workshop, end to end: a facilitator and two participants, each on
// their own SSH connection with their own key and terminal, take a
// workshop from the lobby to the export, through a server restart. Read
// TestWorkshopEndToEnd as the spec told as one story; the helpers below it
// say what a person does (presses, types) and what they see.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"forwhom/internal/termclient"
	"forwhom/session"
)

func TestWorkshopEndToEnd(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	srv := startServer(t, cfg)

	fran := newPerson(t, srv, "Fran", 120, 40) // the facilitator
	pat := newPerson(t, srv, "Pat", 80, 24)
	sam := newPerson(t, srv, "Sam", 100, 30)
	everyone := room{fran, pat, sam}

	// Lobby. Fran creates the workshop; the join code is alone on the
	// first line of what `new` prints.
	out := fran.mustRun(`new "Platform team"`)
	code, _, _ := strings.Cut(out, "\n")
	if !joinCode.MatchString(code) {
		t.Fatalf("new printed %q, want the join code alone on the first line", out)
	}
	fran.joins(code)
	fran.sees("Platform team", "join "+code)
	pat.joins(code)
	sam.joins(code)
	everyone.sees("● Lobby", "Who is here (3 people)", "● Fran", "● Pat", "● Sam")

	// Answer. Fran starts; every screen follows.
	fran.presses(">")
	everyone.sees("● Answer", "1 What do we do?", "What value do we", "Who do we deliver")

	// Each writes on their own, in every column.
	fran.answers(
		[]string{"Audit deploys"},
		[]string{"Compliance proof"},
		[]string{"Security office"})
	pat.answers(
		[]string{"Run CI runners"},
		[]string{"Faster releases"},
		[]string{"App developers", "Data scientists"})
	sam.answers(
		[]string{"Patch clusters"},
		[]string{"Less toil"},
		[]string{"Mobile team", "SRE on-call"})

	// Others' notes stay hidden while answering; the counts do not.
	pat.sees("3 notes, 2 hidden", "5 notes, 3 hidden")
	pat.doesNotSee("Patch clusters", "Less toil", "Mobile team", "SRE on-call", // Sam's
		"Audit deploys", "Compliance proof", "Security office") // Fran's
	fran.sees("5 notes, 4 hidden")
	fran.doesNotSee("Mobile team", "App developers")

	// Pat says they are done; Fran sees how many are still writing, not
	// who (the workshop is anonymous).
	pat.presses("space")
	pat.sees("You: done ✓")
	fran.sees("3 here · 2 writing", "Still writing: 2 of 3 here")

	// Group. Every note is revealed on every screen.
	fran.presses(">")
	everyone.sees("● Group", "Notes · 11 not in a segment", "Segments · 0",
		"Audit deploys", "Compliance proof", "Security office",
		"Run CI runners", "Faster releases", "App developers", "Data scientists",
		"Patch clusters", "Less toil", "Mobile team", "SRE on-call")

	// Pat makes "Developers" of two "who" notes.
	pat.picks("App developers", "Data scientists")
	pat.presses("s")
	pat.sees("New segment of 2 notes")
	pat.types("Developers")
	pat.presses("enter")
	everyone.sees("▸ Developers (2)")

	// Sam makes "Mobile & ops" of two others.
	sam.picks("Mobile team", "SRE on-call")
	sam.presses("s")
	sam.sees("New segment of 2 notes")
	sam.types("Mobile & ops")
	sam.presses("enter")
	everyone.sees("▸ Mobile & ops (2)")

	// Fran makes "Security" of the one note she highlights.
	fran.highlights("Security office")
	fran.presses("s")
	fran.sees("New segment of 1 note")
	fran.types("Security")
	fran.presses("enter")
	everyone.sees("▸ Security (1)", "Segments · 3")

	// Value notes are attached: enter on a segment puts the selected notes
	// there.
	sam.picks("Less toil")
	sam.switchesToSegments()
	sam.highlights("▸ Mobile & ops")
	sam.presses("enter")
	pat.picks("Faster releases")
	pat.switchesToSegments()
	pat.highlights("▸ Developers")
	pat.presses("enter")

	// Every screen converges on the same segments.
	developers := []string{"App developers", "Data scientists", "[value] Faster releases"}
	mobile := []string{"Mobile team", "SRE on-call", "[value] Less toil"}
	for _, p := range everyone {
		p.seesSegment("Developers", developers...)
		p.seesSegment("Mobile & ops", mobile...)
		p.seesSegment("Security", "Security office")
	}
	everyone.sees("Notes · 4 not in a segment") // the three "do" notes and Fran's value note

	// The server restarts on the same data directory. Every open screen is
	// told and its session ends.
	srv = restart(t, srv, cfg, everyone)

	// Everyone reconnects with the same key and finds the workshop as they
	// left it: the phase, the segments, their notes.
	for _, p := range everyone {
		p.reconnects(srv, code)
	}
	everyone.sees("● Group", "▸ Developers (2)", "▸ Mobile & ops (2)", "▸ Security (1)", "3 here")
	pat.seesSegment("Developers", developers...)
	sam.seesSegment("Mobile & ops", mobile...)
	fran.seesSegment("Security", "Security office")

	// Vote. Each has 5 dots, at most 3 on a segment; totals are hidden.
	fran.presses(">")
	everyone.sees("● Vote", "Dots left: 5 of 5", "totals hidden until revealed")

	pat.highlights("Mobile & ops (")
	pat.presses("+", "+", "+")
	pat.sees("Dots left: 2 of 5")
	pat.highlights("Developers (")
	pat.presses("+", "+")
	pat.sees("Dots left: 0 of 5", "All your dots are placed")
	pat.seesRow("Mobile & ops (", "●●●")
	pat.seesRow("Developers (", "●●○")

	sam.highlights("Mobile & ops (")
	sam.presses("+")
	sam.sees("Dots left: 4 of 5")
	sam.highlights("Security (")
	sam.presses("+")
	sam.sees("Dots left: 3 of 5")

	// Pat used every dot, so the room sees one voter done; nobody sees a
	// total yet.
	fran.sees("1 of 3 done")
	for _, p := range everyone {
		p.seesNoTotals()
	}

	// Fran reveals the totals: every screen ranks the segments by votes.
	fran.presses("R")
	for _, p := range everyone {
		p.seesInOrder("Mobile & ops (", "Developers (", "Security (")
		p.seesRow("Mobile & ops (", " 4")
		p.seesRow("Developers (", " 2")
		p.seesRow("Security (", " 1")
	}

	// Prioritize: the segments in vote order, with votes, voters, notes.
	fran.presses(">")
	everyone.sees("● Prioritize", "Insights")
	for _, p := range everyone {
		p.seesInOrder("1  Mobile & ops", "2  Developers", "3  Security")
		p.seesRanked("Mobile & ops", 4, 2, 2)
		p.seesRanked("Developers", 2, 1, 2)
		p.seesRanked("Security", 1, 1, 1)
	}

	// Everyone gathers insights with 1, 2 and 3.
	pat.picksInsight("Mobile & ops", "1")
	pat.picksInsight("Developers", "2")
	sam.picksInsight("Mobile & ops", "1")
	sam.picksInsight("Security", "3")
	fran.picksInsight("Developers", "1")
	fran.picksInsight("Developers", "2")

	// The winners are marked on every screen.
	for _, p := range everyone {
		p.seesMarked("Mobile & ops", "★ biggest")
		p.seesMarked("Developers", "◆ most valuable")
		p.seesMarked("Security", "▲ underserved")
	}
	fran.sees("Mobile & ops · 2 of 3 picks", "Developers · 2 of 2 picks", "Security · 1 of 1 pick")

	// Discuss. Fran walks the ranked segments with a spotlight that every
	// screen follows.
	fran.presses(">")
	everyone.sees("● Discuss", "#1 Mobile & ops", "◉ in the spotlight")

	// Pat looks at the next segment on his own; the room stays.
	pat.presses("n")
	pat.sees("#2 Developers", "looking around")
	sam.sees("#1 Mobile & ops", "◉ in the spotlight")
	fran.sees("#1 Mobile & ops", "◉ in the spotlight")

	// Fran moves the spotlight there too: everyone follows, Pat included.
	fran.presses("n")
	everyone.sees("#2 Developers", "◉ in the spotlight")
	pat.sees("Following the spotlight")

	// Fran says who Developers are.
	fran.presses("t")
	fran.sees("Customer type? 1 end user")
	fran.presses("1")
	fran.presses("r")
	fran.sees("Role? 1 primary customer")
	fran.presses("1")
	everyone.sees("Who it is: end user · primary customer")

	// Pat and Sam write next steps from their own terminals.
	pat.addsStep("1", "Interview two app teams", "", "2026-12-20")
	sam.addsStep("3", "Survey the data scientists", "Fran", "")
	everyone.sees("Next steps (2)")
	fran.sees("Talk to: Interview two app teams — Pat, due 2026-12-20", "Survey: Survey the data scientists — Fran")

	// Fran jumps to rank 3: Security is a stakeholder, not a customer.
	fran.presses("3")
	everyone.sees("#3 Security", "◉ in the spotlight")
	fran.presses("t")
	fran.sees("Customer type?")
	fran.presses("5")
	everyone.sees("Who it is: stakeholder")

	// The server restarts in the middle of Discuss: everyone comes back to
	// the same spotlight, with who the segments are and their next steps.
	srv = restart(t, srv, cfg, everyone)
	for _, p := range everyone {
		p.reconnects(srv, code)
	}
	everyone.sees("● Discuss", "#3 Security", "◉ in the spotlight", "Who it is: stakeholder", "3 here")
	fran.presses("2")
	everyone.sees("#2 Developers", "Who it is: end user · primary customer", "Next steps (2)")
	sam.sees("Talk to: Interview two app teams — Pat, due 2026-12-20")

	// A hypothesis for the top segment, written after the restart.
	fran.presses("1")
	everyone.sees("#1 Mobile & ops")
	fran.presses("a")
	fran.sees("Next step?")
	fran.presses("2")
	fran.sees("Hypothesis › We believe Mobile & ops need")
	fran.types("on-call dashboards")
	fran.presses("enter")
	fran.sees("Owner ›")
	fran.presses("ctrl+u", "enter")
	fran.sees("Due ›")
	fran.presses("enter")
	everyone.sees("Next steps (1)", "Hypothesis: We believe Mobile & ops need")
	fran.sees("Hypothesis: We believe Mobile & ops need on-call dashboards")

	// Done: customers in rank order with who they are and their next
	// steps, then stakeholders; Fran is shown how to export.
	fran.presses(">")
	everyone.sees("● Done", "Customer segments", "Stakeholders", "end user · primary customer")
	fran.sees("export "+code+" --format md", "export "+code+" --format csv", "export "+code+" --format json",
		"--table next-steps")
	pat.sees("Thank you for taking part")
	pat.doesNotSee("--format")

	// Fran exports the result as CSV: the customers ranked as voted and
	// picked, then the stakeholder without a rank.
	rows := parseCSV(t, fran.mustRun("export "+code+" --format csv"))
	want := [][]string{
		{"rank", "segment", "votes", "voters", "notes count", "insights"},
		{"1", "Mobile & ops", "4", "2", "2", "biggest"},
		{"2", "Developers", "2", "1", "2", "most valuable"},
		{"", "Security", "1", "1", "1", "underserved"},
	}
	if len(rows) != len(want) {
		t.Fatalf("the CSV export has %d rows, want %d:\n%q", len(rows), len(want), rows)
	}
	for i, w := range want {
		if got := rows[i][:6]; !slices.Equal(got, w) {
			t.Errorf("CSV row %d starts %q, want %q", i, got, w)
		}
	}
	for i, w := range []struct {
		notes, value []string
		typ, role    string
	}{
		{[]string{"Mobile team", "SRE on-call"}, []string{"Less toil"}, "", ""},
		{[]string{"App developers", "Data scientists"}, []string{"Faster releases"}, "end user", "primary customer"},
		{[]string{"Security office"}, nil, "stakeholder", ""},
	} {
		row := rows[i+1]
		if got := cellLines(row[6]); !slices.Equal(got, w.notes) {
			t.Errorf("CSV %s notes: %q, want %q", row[1], got, w.notes)
		}
		if got := cellLines(row[7]); !slices.Equal(got, w.value) {
			t.Errorf("CSV %s value notes: %q, want %q", row[1], got, w.value)
		}
		if row[9] != w.typ || row[10] != w.role {
			t.Errorf("CSV %s type and role: %q, %q; want %q, %q", row[1], row[9], row[10], w.typ, w.role)
		}
	}

	// The next steps as CSV, for an issue tracker: the top segment's
	// first, field by field.
	steps := parseCSV(t, fran.mustRun("export "+code+" --format csv --table next-steps"))
	wantSteps := [][]string{
		{"title", "description", "owner", "due", "segment", "kind"},
		{"Hypothesis: We believe Mobile & ops need on-call dashboards", "We believe Mobile & ops need on-call dashboards\n\nSegment: Mobile & ops, vote rank 1.", "", "", "Mobile & ops", "hypothesis"},
		{"Talk to: Interview two app teams", "Interview two app teams\n\nSegment: Developers (end user, primary customer), vote rank 2.", "Pat", "2026-12-20", "Developers", "talk to"},
		{"Survey: Survey the data scientists", "Survey the data scientists\n\nSegment: Developers (end user, primary customer), vote rank 2.", "Fran", "", "Developers", "survey"},
	}
	if len(steps) != len(wantSteps) {
		t.Fatalf("the next-steps CSV has %d rows, want %d:\n%q", len(steps), len(wantSteps), steps)
	}
	for i, w := range wantSteps {
		for j, cell := range w {
			got := steps[i][j]
			if j == 1 && i > 0 {
				// The description goes on to name the workshop.
				if !strings.HasPrefix(got, cell) || !strings.Contains(got, "“Platform team” ("+code+", ") {
					t.Errorf("next step %d description %q, want it to start %q and name the workshop", i, got, cell)
				}
				continue
			}
			if got != cell {
				t.Errorf("next step %d, column %s: %q, want %q", i, wantSteps[0][j], got, cell)
			}
		}
	}

	// The report has a canvas per customer segment, and the stakeholder
	// apart.
	md := fran.mustRun("export " + code + " --format md")
	for _, s := range []string{
		"# Platform team",
		"### 1. Mobile & ops — 4 votes from 2 voters [biggest]",
		"- Hypothesis: We believe Mobile & ops need on-call dashboards\n",
		"### 2. Developers — 2 votes from 1 voter [most valuable]\n\nWho:\n\n- App developers\n- Data scientists\n\n" +
			"Value they get:\n\n- Faster releases\n\n- Type and role: end user, primary customer\n- Insights: most valuable\n- Vote rank: 2\n\n" +
			"Next steps:\n\n- Talk to: Interview two app teams — owner Pat, due 2026-12-20\n- Survey: Survey the data scientists — owner Fran\n",
		"## Stakeholders\n\nA voice in the room, not the customer.\n\n### 1. Security — 1 vote from 1 voter [underserved]",
		"- Type and role: stakeholder\n",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("the md export lacks %q:\n%s", s, md)
		}
	}

	// The JSON carries all of it under stable names.
	type jsonStep struct {
		Kind    string `json:"kind"`
		Text    string `json:"text"`
		Owner   string `json:"owner"`
		Due     string `json:"due"`
		Segment string `json:"segment"`
	}
	type jsonSegment struct {
		Rank      int        `json:"rank"`
		VoteRank  int        `json:"vote_rank"`
		Name      string     `json:"name"`
		Type      string     `json:"type"`
		Role      string     `json:"role"`
		Votes     int        `json:"votes"`
		Insights  []string   `json:"insights"`
		NextSteps []jsonStep `json:"next_steps"`
	}
	var result struct {
		Title        string        `json:"title"`
		Phase        string        `json:"phase"`
		Segments     []jsonSegment `json:"segments"`
		Stakeholders []jsonSegment `json:"stakeholders"`
		NotServed    []jsonSegment `json:"not_served"`
	}
	if err := json.Unmarshal([]byte(fran.mustRun("export "+code+" --format json")), &result); err != nil {
		t.Fatalf("the json export does not parse: %v", err)
	}
	if result.Title != "Platform team" || result.Phase != "done" || len(result.Segments) != 2 ||
		len(result.Stakeholders) != 1 || result.NotServed == nil || len(result.NotServed) != 0 {
		t.Fatalf("the json export says %+v", result)
	}
	topSeg, devs, sec := result.Segments[0], result.Segments[1], result.Stakeholders[0]
	if topSeg.Name != "Mobile & ops" || topSeg.Rank != 1 || topSeg.VoteRank != 1 || topSeg.Votes != 4 ||
		!slices.Equal(topSeg.Insights, []string{"biggest"}) || topSeg.Type != "" || topSeg.Role != "" ||
		!slices.Equal(topSeg.NextSteps, []jsonStep{{"hypothesis", "We believe Mobile & ops need on-call dashboards", "", "", "Mobile & ops"}}) {
		t.Errorf("json: the first segment is %+v", topSeg)
	}
	if devs.Name != "Developers" || devs.Rank != 2 || devs.VoteRank != 2 || devs.Type != "end user" || devs.Role != "primary customer" ||
		!slices.Equal(devs.NextSteps, []jsonStep{
			{"talk to", "Interview two app teams", "Pat", "2026-12-20", "Developers"},
			{"survey", "Survey the data scientists", "Fran", "", "Developers"},
		}) {
		t.Errorf("json: the second segment is %+v", devs)
	}
	if sec.Name != "Security" || sec.Rank != 1 || sec.VoteRank != 3 || sec.Type != "stakeholder" || len(sec.NextSteps) != 0 {
		t.Errorf("json: the stakeholder is %+v", sec)
	}

	// Only a facilitator exports: Pat is refused, on stderr, with nothing
	// on stdout.
	r := pat.run("export " + code)
	if r.Status == 0 || r.Stdout != "" || !strings.Contains(r.Stderr, "facilitator") {
		t.Errorf("Pat's export: status %d, stdout %q, stderr %q; want a refusal on stderr only", r.Status, r.Stdout, r.Stderr)
	}

	// Presence follows the connections: Sam drops his connection without
	// saying goodbye, and Fran sees one fewer here.
	fran.sees("3 here")
	sam.dropsConnection()
	fran.sees("2 here")
}

// person is someone taking part: their key, their connection and the
// terminal they look at.
type person struct {
	*user
	cols, rows int
	client     *gossh.Client
	term       *termclient.Term
	opts       termclient.Options // the terminal type and environment sent
}

func newPerson(t *testing.T, srv *testServer, name string, cols, rows int) *person {
	t.Helper()
	return &person{user: newUser(t, srv, name), cols: cols, rows: rows}
}

// joins opens `join CODE` in the person's terminal, as
// `ssh -t HOST join CODE` does.
func (p *person) joins(code string) {
	p.t.Helper()
	c, err := termclient.Dial(p.addr, p.name, p.signer)
	if err != nil {
		p.t.Fatal(err)
	}
	term, err := termclient.OpenWith(c, "join "+code, p.cols, p.rows, p.opts)
	if err != nil {
		_ = c.Close()
		p.t.Fatal(err)
	}
	p.client, p.term = c, term
	p.t.Cleanup(func() {
		_ = term.Close()
		_ = c.Close()
	})
}

// reconnects joins again, with the same key, on a restarted server.
func (p *person) reconnects(srv *testServer, code string) {
	p.t.Helper()
	p.user = p.at(srv)
	p.joins(code)
}

// dropsConnection closes the SSH connection without leaving the program,
// as a laptop lid or a lost network would.
func (p *person) dropsConnection() {
	p.t.Helper()
	if err := p.client.Close(); err != nil {
		p.t.Fatal(err)
	}
}

func (p *person) presses(keys ...string) {
	p.t.Helper()
	if err := p.term.Press(keys...); err != nil {
		p.t.Fatalf("%s pressing %q: %v", p.name, keys, err)
	}
}

func (p *person) types(text string) {
	p.t.Helper()
	if err := p.term.Type(text); err != nil {
		p.t.Fatalf("%s typing %q: %v", p.name, text, err)
	}
}

// seesThat waits until ok holds for the person's screen.
func (p *person) seesThat(what string, ok func(screen string) bool) string {
	p.t.Helper()
	screen, err := p.term.WaitFor(screenTimeout, ok)
	if err != nil {
		p.t.Fatalf("%s never saw %s: %v\n%s's last screen (%dx%d):\n%s", p.name, what, err, p.name, p.cols, p.rows, screen)
	}
	return screen
}

// sees waits until the screen shows every one of texts.
func (p *person) sees(texts ...string) string {
	p.t.Helper()
	return p.seesThat(strings.Join(quoteAll(texts), ", "), func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// doesNotSee checks the screen as it is now: call it after a sees that
// proves the screen is up to date.
func (p *person) doesNotSee(texts ...string) {
	p.t.Helper()
	screen := p.term.Screen()
	for _, x := range texts {
		if strings.Contains(screen, x) {
			p.t.Errorf("%s sees %q, which should be hidden from them:\n%s", p.name, x, screen)
		}
	}
}

// answers writes notes in the Answer phase, column by column: a opens the
// note input, enter adds a note and keeps the input open, esc closes it,
// tab moves to the next column.
func (p *person) answers(columns ...[]string) {
	p.t.Helper()
	for col, notes := range columns {
		p.seesThat("column "+strconv.Itoa(col+1)+" focused", func(s string) bool { return focusedColumn(s) == col })
		p.presses("a")
		p.sees("New note")
		for _, n := range notes {
			p.types(n)
			p.presses("enter")
			p.sees("• " + n) // in the column, as the person's own
		}
		p.presses("esc")
		p.seesThat("the note input close", func(s string) bool { return !strings.Contains(s, "New note") })
		if col < len(columns)-1 {
			p.presses("tab")
		}
	}
}

// addsStep writes a next step in Discuss by keys: a, the kind's digit,
// the text, the owner (empty keeps the prefilled writer's own name) and
// the due date (empty for none).
func (p *person) addsStep(kind, text, owner, due string) {
	p.t.Helper()
	p.presses("a")
	p.sees("Next step? 1 talk to")
	p.presses(kind)
	p.seesThat("the next step's text input", func(s string) bool {
		return strings.Contains(s, "Talk to ›") || strings.Contains(s, "Hypothesis ›") ||
			strings.Contains(s, "Survey ›") || strings.Contains(s, "Observe ›")
	})
	p.types(text)
	p.presses("enter")
	p.sees("Owner ›")
	if owner != "" {
		p.presses("ctrl+u")
		p.types(owner)
	}
	p.presses("enter")
	p.sees("Due ›")
	p.types(due)
	p.presses("enter")
	p.seesThat("the due date input close", func(s string) bool { return !strings.Contains(s, "Due ›") })
}

// highlights moves the cursor (j/k) until the highlighted row shows text,
// one step at a time, each step seen on the screen before the next.
func (p *person) highlights(text string) {
	p.t.Helper()
	for range 40 {
		screen := p.term.Screen()
		at, cur, _, ok := cursorRow(screen)
		if !ok {
			p.t.Fatalf("%s sees no highlighted row:\n%s", p.name, screen)
		}
		if strings.Contains(cur, text) {
			return
		}
		target := -1
		for i, l := range strings.Split(screen, "\n") {
			if i >= headerLines && i != at && strings.Contains(l, text) {
				target = i
				break
			}
		}
		if target < 0 {
			p.t.Fatalf("%s cannot find %q to highlight:\n%s", p.name, text, screen)
		}
		key := "j"
		if target < at {
			key = "k"
		}
		p.presses(key)
		p.seesThat("the cursor move", func(s string) bool {
			at2, cur2, _, _ := cursorRow(s)
			return at2 != at || cur2 != cur
		})
	}
	p.t.Fatalf("%s could not highlight %q:\n%s", p.name, text, p.term.Screen())
}

// picks selects notes in the Group phase with space.
func (p *person) picks(notes ...string) {
	p.t.Helper()
	for i, n := range notes {
		p.highlights(n)
		p.presses("space")
		selected := "1 note selected"
		if i > 0 {
			selected = strconv.Itoa(i+1) + " notes selected"
		}
		p.sees(selected)
	}
}

// switchesToSegments moves to the segments pane with tab.
func (p *person) switchesToSegments() {
	p.t.Helper()
	p.presses("tab")
	p.seesThat("the segments pane focused", func(s string) bool {
		_, _, pane, ok := cursorRow(s)
		return ok && pane == 1
	})
}

// seesSegment waits until the segments pane shows the segment with its
// notes under it.
func (p *person) seesSegment(name string, notes ...string) {
	p.t.Helper()
	p.seesThat("segment "+name+" with "+strings.Join(quoteAll(notes), ", "), func(s string) bool {
		block := segmentBlock(s, name)
		for _, n := range notes {
			if !strings.Contains(block, n) {
				return false
			}
		}
		return block != ""
	})
}

// seesRow waits until the row that shows name also shows (or ends with,
// for a leading space) what.
func (p *person) seesRow(name, what string) {
	p.t.Helper()
	p.seesThat("the row "+name+" with "+what, func(s string) bool {
		row := strings.TrimRight(lineWith(s, name), " ")
		if strings.HasPrefix(what, " ") {
			return strings.HasSuffix(row, what)
		}
		return strings.Contains(row, what)
	})
}

// seesInOrder waits until texts appear on the screen in that order.
func (p *person) seesInOrder(texts ...string) {
	p.t.Helper()
	p.seesThat("in this order: "+strings.Join(quoteAll(texts), ", "), func(s string) bool {
		last := -1
		for _, x := range texts {
			i := strings.Index(s, x)
			if i <= last {
				return false
			}
			last = i
		}
		return true
	})
}

// seesNoTotals checks the Vote screen hides the totals: no Votes column.
func (p *person) seesNoTotals() {
	p.t.Helper()
	screen := p.sees("totals hidden until revealed")
	if head := lineWith(screen, "Yours"); strings.Contains(head, "Votes") {
		p.t.Errorf("%s sees totals before they are revealed:\n%s", p.name, screen)
	}
}

// seesRanked waits until a segment's row on the Prioritize screen shows
// its votes, voters and notes (the row's last three columns).
func (p *person) seesRanked(name string, votes, voters, notes int) {
	p.t.Helper()
	want := []string{strconv.Itoa(votes), strconv.Itoa(voters), strconv.Itoa(notes)}
	p.seesThat("the row "+name+" with votes, voters, notes "+strings.Join(want, ", "), func(s string) bool {
		f := strings.Fields(lineWith(s, "  "+name))
		return len(f) >= 3 && slices.Equal(f[len(f)-3:], want)
	})
}

// picksInsight highlights a segment and picks it for a lens (1, 2 or 3).
func (p *person) picksInsight(segment, lens string) {
	p.t.Helper()
	p.highlights("  " + segment)
	p.presses(lens)
	p.seesThat("their pick for "+lens+": "+segment, func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), lens+" ") && strings.Contains(l, "yours: "+segment) {
				return true
			}
		}
		return false
	})
}

// seesMarked waits until the line under a segment's row on the Prioritize
// screen shows an insight mark.
func (p *person) seesMarked(segment, mark string) {
	p.t.Helper()
	p.seesThat(segment+" marked "+mark, func(s string) bool {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			if strings.Contains(l, "  "+segment+" ") && i+1 < len(lines) {
				return strings.Contains(lines[i+1], mark)
			}
		}
		return false
	})
}

// room is everyone in the workshop.
type room []*person

// sees waits until every screen shows every one of texts.
func (r room) sees(texts ...string) {
	r[0].t.Helper()
	for _, p := range r {
		p.sees(texts...)
	}
}

// restart stops the server under open screens, waits until each is told
// and closes its connection, as ssh does when its session ends, and starts
// a new server on the same data directory, on the same port if it is
// still free.
func restart(t *testing.T, old *testServer, cfg testCfg, r room) *testServer {
	t.Helper()
	// The farewell is printed as the program leaves the alternate screen
	// and is then cleared by vt10x, which takes the kitty keyboard
	// protocol's "CSI < u" for "restore the cursor": read it from the
	// bytes instead.
	farewells := make([]*syncBuffer, len(r))
	for i, p := range r {
		farewells[i] = &syncBuffer{}
		p.term.Record(farewells[i])
	}
	closed := make(chan error, 1)
	go func() { closed <- old.Close() }()
	for i, p := range r {
		select {
		case <-p.term.Done():
		case <-time.After(screenTimeout):
			t.Fatalf("%s's session did not end when the server stopped; last screen:\n%s", p.name, p.term.Screen())
		}
		if got := farewells[i].String(); !strings.Contains(got, "The forwhom server is shutting down") {
			t.Errorf("%s was not told the server is shutting down; the last bytes were %q", p.name, got)
		}
		_ = p.client.Close()
	}
	if err := <-closed; err != nil {
		t.Fatalf("stopping the server: %v", err)
	}

	cfg.Listen = old.Addr().String()
	srv, err := startTest(cfg, testLogger(t))
	if err != nil {
		t.Logf("the port cannot be reused (%v): the new server listens on another", err)
		cfg.Listen = "127.0.0.1:0"
		srv, err = startTest(cfg, testLogger(t))
	}
	if err != nil {
		t.Fatalf("restarting the server: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("stopping the server: %v", err)
		}
	})
	return srv
}

// The screen, read as text.

// joinCode is a join code: short, in the unambiguous alphabet.
var joinCode = regexp.MustCompile(`^[` + session.CodeAlphabet + `]{4,8}$`)

// headerLines are the workshop frame's title, phase stepper and rule; the
// stepper's "›" separators are not a cursor.
const headerLines = 3

// cursorRow finds the highlighted row ("› …") below the header: its line,
// its text up to the pane's border, and its pane (0 for the left or only
// one, 1 for the right).
func cursorRow(screen string) (line int, text string, pane int, ok bool) {
	for i, l := range strings.Split(screen, "\n") {
		if i < headerLines {
			continue
		}
		before, after, found := strings.Cut(l, "›")
		if !found {
			continue
		}
		if k := strings.IndexAny(after, "┃│"); k >= 0 {
			after = after[:k]
		}
		borders := strings.Count(before, "┃") + strings.Count(before, "│")
		return i, after, borders / 2, true
	}
	return -1, "", 0, false
}

// focusedColumn is the Answer column drawn with the heavy (focused)
// border, counted from 0; -1 if none.
func focusedColumn(screen string) int {
	for _, l := range strings.Split(screen, "\n") {
		if !strings.ContainsAny(l, "┏╭") {
			continue
		}
		n := 0
		for _, r := range l {
			switch r {
			case '┏':
				return n
			case '╭':
				n++
			}
		}
		return -1
	}
	return -1
}

// segmentBlock is a segment's heading and the notes under it in the Group
// phase's segments pane, one per line; "" if the pane does not show it.
func segmentBlock(screen, name string) string {
	var block []string
	in := false
	for _, l := range strings.Split(screen, "\n") {
		cells := strings.FieldsFunc(l, func(r rune) bool { return r == '┃' || r == '│' })
		if len(cells) < 3 {
			continue
		}
		right := strings.TrimSpace(cells[len(cells)-1])
		if strings.Contains(right, "▸ ") {
			in = strings.Contains(right, "▸ "+name+" (")
		}
		if in {
			block = append(block, right)
		}
	}
	return strings.Join(block, "\n")
}

// lineWith is the first line below the header that contains text.
func lineWith(screen, text string) string {
	for i, l := range strings.Split(screen, "\n") {
		if i >= headerLines && strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// The exports, read as data.

func parseCSV(t *testing.T, out string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader([]byte(out))).ReadAll()
	if err != nil {
		t.Fatalf("the CSV export does not parse: %v\n%s", err, out)
	}
	return rows
}

// cellLines are the notes a CSV cell joins, one per line, sorted.
func cellLines(cell string) []string {
	if cell == "" {
		return nil
	}
	lines := strings.Split(cell, "\n")
	slices.Sort(lines)
	return lines
}

func quoteAll(texts []string) []string {
	out := make([]string, len(texts))
	for i, s := range texts {
		out[i] = `"` + s + `"`
	}
	return out
}
