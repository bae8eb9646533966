package session_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"forwhom/session"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata instead of comparing with them")

// exportCode replaces the random join code, so golden files are stable.
const exportCode = "FWHM23"

// exportWorkshop runs a whole workshop whose texts are hostile to every
// export format — commas, double quotes, line breaks, Markdown
// metacharacters, wide characters — on a fixed clock, and returns its final
// snapshot with a fixed join code.
//
// The prioritized list it ends with, and why (ties share a rank and are
// said to be ties; within one the list goes by notes, then by name):
//
//  1. Builders        4 votes, 2 voters, 2 notes  (tied with Finance)
//  1. Finance         4 votes, 2 voters, 2 notes
//  3. Ops             2 votes, 1 voter,  2 notes  (tied with Analytics)
//  3. Analytics 数据  2 votes, 2 voters, 1 note
//  5. Security, …     1 vote,  1 voter,  1 note
//
// The polls: Builders is the biggest (2 picks to 1); Finance and Ops tie
// as the most valuable (1 pick each); nobody picked the underserved.
func exportWorkshop(t *testing.T, anonymous bool) *session.Snapshot {
	t.Helper()
	w := newWorkshop(t)
	w.do(w.fac, session.Retitle{Title: "Platform \"core\", team — Q3 *review*"})
	if !anonymous {
		w.do(w.fac, session.SetAnonymous{Anonymous: false})
	}
	ana := w.participant("ana", "Ana, the PM")
	bob := w.participant("bob", "Bob \"the builder\"")
	li := w.participant("li", "李雷")
	zoe := w.participant("zoe", "Zoë 🚀")

	w.phase(answer)
	who := func(c *session.Conn, text string) int64 { return w.note(c, session.QuestionWho, text) }
	developers := who(ana, "Developers, internal")
	scientists := who(bob, "Data \"scientists\"")
	data := who(li, "数据团队")
	ops := who(zoe, "Ops\non call")
	security := who(ana, "*Security* _team_ #1 [link](x) | `sec`")
	finance := who(bob, "Finance 💰")
	auditors := who(li, "Auditors")
	sres := who(zoe, "SREs")
	ci := w.note(ana, session.QuestionDo, "Run CI, CD and \"builds\"")
	platform := w.note(zoe, session.QuestionDo, "维护平台 🛠️")
	fast := w.note(bob, session.QuestionValue, "Fast\r\ndeploys")
	toil := w.note(li, session.QuestionValue, "Less <toil> & risk")

	w.phase(group)
	segSecurity := w.segment(w.fac, "Security, \"sec\" & *team*", security)
	segFinance := w.segment(bob, "Finance", finance, auditors)
	segBuilders := w.segment(ana, "Builders", developers, scientists)
	segAnalytics := w.segment(li, "Analytics 数据", data)
	segOps := w.segment(zoe, "Ops", ops, sres)
	w.do(ana, session.AttachNote{Note: ci, Segment: segBuilders})
	w.do(bob, session.AttachNote{Note: fast, Segment: segBuilders})
	w.do(zoe, session.AttachNote{Note: platform, Segment: segOps})
	w.do(li, session.AttachNote{Note: toil, Segment: segOps})

	w.phase(vote)
	cast := func(c *session.Conn, seg int64, n int) {
		for range n {
			w.do(c, session.CastDot{Segment: seg})
		}
	}
	cast(ana, segBuilders, 2)
	cast(bob, segBuilders, 2)
	cast(li, segFinance, 3)
	cast(zoe, segFinance, 1)
	cast(zoe, segOps, 2)
	cast(bob, segAnalytics, 1)
	cast(li, segAnalytics, 1)
	cast(zoe, segSecurity, 1)
	w.do(w.fac, session.RevealVotes{Revealed: true})

	w.phase(prioritize)
	pick := func(c *session.Conn, l session.Lens, seg int64) {
		w.do(c, session.PickInsight{Lens: l, Segment: seg})
	}
	pick(ana, session.LensBiggest, segBuilders)
	pick(bob, session.LensBiggest, segBuilders)
	pick(li, session.LensBiggest, segFinance)
	pick(ana, session.LensValuable, segFinance) // a tie: both are named
	pick(zoe, session.LensValuable, segOps)

	// Discuss: Finance is a stakeholder and Security not served, so both
	// leave the customer ranking; next steps as hostile as the notes.
	w.phase(discuss)
	w.do(w.fac, session.SetSegmentType{Segment: segBuilders, Type: session.TypeEndUser})
	w.do(w.fac, session.SetSegmentRole{Segment: segBuilders, Role: session.RolePrimary})
	w.do(w.fac, session.SetSegmentType{Segment: segFinance, Type: session.TypeStakeholder})
	w.do(w.fac, session.SetSegmentRole{Segment: segSecurity, Role: session.RoleNotServed})
	w.do(w.fac, session.SetSegmentType{Segment: segOps, Type: session.TypeInternalTeam})
	w.do(ana, session.AddNextStep{Segment: segBuilders, Kind: session.StepHypothesis,
		Text: "We believe *Builders* need \"fast\" CI; we'll know when | lead time < 1h", Owner: "the data lead", Due: "2026-04-01"})
	w.do(bob, session.AddNextStep{Segment: segOps, Kind: session.StepTalkTo,
		Text: "- ask on-call,\nor a proxy", Owner: "the SRE lead, \"Kim\""})
	w.do(li, session.AddNextStep{Segment: segFinance, Kind: session.StepSurvey, Text: "Survey 数据 auditors"})
	w.do(zoe, session.AddNextStep{Segment: segSecurity, Kind: session.StepObserve, Text: "=HYPERLINK(\"x\")", Due: "2026-05-02"})
	w.phase(done)

	d := w.snap().Data()
	d.Workshop.Code = exportCode
	return session.SnapshotOf(d)
}

func TestExportGolden(t *testing.T) {
	for _, variant := range []struct {
		name      string
		anonymous bool
	}{{"anonymous", true}, {"named", false}} {
		snap := exportWorkshop(t, variant.anonymous)
		for _, f := range session.Formats {
			t.Run(variant.name+"."+string(f), func(t *testing.T) {
				out, err := session.Export(snap, f)
				if err != nil {
					t.Fatalf("exporting %s: %v", f, err)
				}
				checkGolden(t, "export_"+variant.name+"."+string(f), out)
			})
		}
		t.Run(variant.name+".next-steps.csv", func(t *testing.T) {
			out, err := session.ExportTable(snap, session.FormatCSV, session.TableNextSteps)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "export_"+variant.name+".next-steps.csv", out)
		})
	}
}

// checkGolden compares out with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, out []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the golden file (create it with -update): %v", err)
	}
	if bytes.Equal(out, want) {
		return
	}
	got, exp := strings.Split(string(out), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(got), len(exp)) {
		var g, e string
		if i < len(got) {
			g = got[i]
		}
		if i < len(exp) {
			e = exp[i]
		}
		if g != e {
			t.Fatalf("%s differs from the export at line %d (review, then rerun with -update):\n got %q\nwant %q", path, i+1, g, e)
		}
	}
}

func TestExportCSVReadsBack(t *testing.T) {
	for _, variant := range []struct {
		name      string
		anonymous bool
		by        func(name string) string // how an author's name follows a note
	}{
		{"anonymous", true, func(string) string { return "" }},
		{"named", false, func(name string) string { return " (" + name + ")" }},
	} {
		t.Run(variant.name, func(t *testing.T) {
			out, err := session.Export(exportWorkshop(t, variant.anonymous), session.FormatCSV)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasSuffix(out, []byte("\r\n")) || bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
				t.Error("CSV lines do not end in CRLF (RFC 4180)")
			}
			rd := csv.NewReader(bytes.NewReader(out))
			rd.FieldsPerRecord = len(session.CSVHeader)
			rows, err := rd.ReadAll()
			if err != nil {
				t.Fatalf("the CSV does not parse: %v", err)
			}
			if !slices.Equal(rows[0], session.CSVHeader) {
				t.Errorf("header = %q", rows[0])
			}
			by := variant.by
			// Notes are in the order they were written where authors are
			// named, and by text where they are not.
			lines := func(notes ...string) string {
				if variant.anonymous {
					slices.SortFunc(notes, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
				}
				return strings.Join(notes, "\n")
			}
			// The customer segments ranked, then the stakeholder and the
			// segment not served, without a rank.
			want := [][]string{
				{"1", "Builders", "4", "2", "2", "biggest",
					lines("Developers, internal"+by("Ana, the PM"), "Data \"scientists\""+by("Bob \"the builder\"")),
					"Fast deploys" + by("Bob \"the builder\""), "", "end user", "primary customer"},
				{"2", "Ops", "2", "1", "2", "most valuable (tie)",
					lines("Ops on call"+by("Zoë 🚀"), "SREs"+by("Zoë 🚀")),
					"Less <toil> & risk" + by("李雷"), "Analytics 数据", "internal team", ""},
				{"2", "Analytics 数据", "2", "2", "1", "", "数据团队" + by("李雷"), "", "Ops", "", ""},
				{"", "Finance", "4", "2", "2", "most valuable (tie)",
					lines("Finance 💰"+by("Bob \"the builder\""), "Auditors"+by("李雷")), "", "", "stakeholder", ""},
				{"", "Security, \"sec\" & *team*", "1", "1", "1", "",
					"*Security* _team_ #1 [link](x) | `sec`" + by("Ana, the PM"), "", "", "", "not served by us"},
			}
			if len(rows)-1 != len(want) {
				t.Fatalf("%d segment rows, want %d", len(rows)-1, len(want))
			}
			for i, w := range want {
				if got := rows[i+1]; !slices.Equal(got, w) {
					for j := range w {
						if got[j] != w[j] {
							t.Errorf("row %d, column %q = %q, want %q", i+1, session.CSVHeader[j], got[j], w[j])
						}
					}
				}
			}
		})
	}
}

func TestExportJSONReadsBack(t *testing.T) {
	for _, anonymous := range []bool{true, false} {
		out, err := session.Export(exportWorkshop(t, anonymous), session.FormatJSON)
		if err != nil {
			t.Fatal(err)
		}
		var r session.Result
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("the JSON does not parse into a Result: %v", err)
		}
		if r.Code != exportCode || r.Title != "Platform \"core\", team — Q3 *review*" || r.Phase != "done" ||
			r.Date != "2026-03-14" || r.Anonymous != anonymous || r.Participants != 5 || r.DotBudget != 5 || r.MaxPerSeg != 3 {
			t.Errorf("anonymous=%v: header fields = %+v", anonymous, r)
		}
		if len(r.Answers["do"]) != 2 || len(r.Answers["value"]) != 2 || len(r.Answers["who"]) != 8 {
			t.Errorf("answers: %d do, %d value, %d who; want 2, 2, 8", len(r.Answers["do"]), len(r.Answers["value"]), len(r.Answers["who"]))
		}
		var names []string
		var ranks, votes, voters, voteRanks []int
		var tied [][]string
		lists := slices.Concat(r.Segments, r.Stakeholders, r.NotServed)
		for _, s := range lists {
			names, votes, voters = append(names, s.Name), append(votes, s.Votes), append(voters, s.Voters)
			ranks, tied, voteRanks = append(ranks, s.Rank), append(tied, s.TiedWith), append(voteRanks, s.VoteRank)
		}
		// Each list ranked on its own: ties (as many votes) share a rank
		// within a list; a tie with a segment in another list is none.
		if want := []int{1, 2, 2, 1, 1}; !slices.Equal(ranks, want) {
			t.Errorf("ranks = %v, want %v (ties share a rank)", ranks, want)
		}
		wantTied := [][]string{{}, {"Analytics 数据"}, {"Ops"}, {}, {}}
		if !slices.EqualFunc(tied, wantTied, slices.Equal) {
			t.Errorf("tied with = %q, want %q", tied, wantTied)
		}
		if len(r.Segments) != 3 || len(r.Stakeholders) != 1 || len(r.NotServed) != 1 {
			t.Errorf("%d customer segments, %d stakeholders, %d not served; want 3, 1, 1", len(r.Segments), len(r.Stakeholders), len(r.NotServed))
		}
		if want := []string{"Builders", "Ops", "Analytics 数据", "Finance", "Security, \"sec\" & *team*"}; !slices.Equal(names, want) {
			t.Errorf("segments listed %q, want %q", names, want)
		}
		if want := []int{4, 2, 2, 4, 1}; !slices.Equal(votes, want) {
			t.Errorf("votes = %v, want %v", votes, want)
		}
		if want := []int{2, 1, 2, 2, 1}; !slices.Equal(voters, want) {
			t.Errorf("voters = %v, want %v", voters, want)
		}
		if want := []int{1, 3, 3, 1, 5}; !slices.Equal(voteRanks, want) {
			t.Errorf("vote ranks = %v, want %v", voteRanks, want)
		}
		if b := r.Segments[0]; b.Type != "end user" || b.Role != "primary customer" || len(b.NextSteps) != 1 ||
			b.NextSteps[0] != (session.ResultStep{Kind: "hypothesis", Text: "We believe *Builders* need \"fast\" CI; we'll know when | lead time < 1h",
				Owner: "the data lead", Due: "2026-04-01", Segment: "Builders"}) {
			t.Errorf("Builders' canvas = %+v", b)
		}
		b := r.Segments[0]
		if !slices.Equal(b.Insights, []string{"biggest"}) || len(b.Notes) != 2 || len(b.Of("do")) != 1 || len(b.Of("value")) != 1 ||
			b.Of("do")[0].Text != "Run CI, CD and \"builds\"" || b.Of("value")[0].Text != "Fast deploys" {
			t.Errorf("first segment = %+v", b)
		}
		wantInsights := []session.ResultInsight{
			{Lens: "biggest", Question: session.LensBiggest.Prompt(), Segment: "Builders", Segments: []string{"Builders"}, Picks: 2},
			{Lens: "most valuable", Question: session.LensValuable.Prompt(), Segments: []string{"Finance", "Ops"}, Tie: true, Picks: 1},
			{Lens: "underserved", Question: session.LensUnderserved.Prompt(), Segments: []string{}, Picks: 0},
		}
		if !reflect.DeepEqual(r.Insights, wantInsights) {
			t.Errorf("insights = %+v, want %+v", r.Insights, wantInsights)
		}
		// Every note, wherever it is listed, names its author exactly when
		// the workshop is not anonymous.
		authors := map[string]string{}
		all := slices.Concat(r.Answers["do"], r.Answers["value"], r.Answers["who"])
		for _, s := range lists {
			all = slices.Concat(all, s.Notes, s.Of("do"), s.Of("value"))
		}
		for _, n := range all {
			if anonymous && n.Author != "" {
				t.Errorf("anonymous export names %q as the author of %q", n.Author, n.Text)
			}
			if !anonymous && n.Author == "" {
				t.Errorf("named export has no author for %q", n.Text)
			}
			authors[n.Text] = n.Author
		}
		if !anonymous && (authors["Ops on call"] != "Zoë 🚀" || authors["Data \"scientists\""] != "Bob \"the builder\"") {
			t.Errorf("authors = %v", authors)
		}
		if anonymous && bytes.Contains(out, []byte("Ana, the PM")) {
			t.Error("anonymous JSON mentions a participant's name")
		}
		for _, n := range r.Answers["who"] {
			if n.Text == "Ops on call" && n.Segment != "Ops" {
				t.Errorf("answer %q lists segment %q, want Ops", n.Text, n.Segment)
			}
		}
	}
}

func TestExportMarkdownAuthors(t *testing.T) {
	anon, err := session.Export(exportWorkshop(t, true), session.FormatMarkdown)
	if err != nil {
		t.Fatal(err)
	}
	named, err := session.Export(exportWorkshop(t, false), session.FormatMarkdown)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Ana, the PM", "李雷", "Zoë 🚀"} {
		if bytes.Contains(anon, []byte(name)) {
			t.Errorf("anonymous report names %q", name)
		}
		if !bytes.Contains(named, []byte(name)) {
			t.Errorf("named report does not name %q", name)
		}
	}
	// A participant's Markdown stays text: no heading, emphasis or link of
	// theirs survives unescaped.
	for _, raw := range []string{"*Security*", "_team_", "[link](x)", "| `sec`", " #1", "<toil>"} {
		if bytes.Contains(anon, []byte(raw)) {
			t.Errorf("report contains unescaped %q", raw)
		}
	}
}

// Every heading of the Markdown report stands after a blank line, as
// Markdown readers and people expect, whether or not the workshop has
// segments yet.
func TestExportMarkdownHeadingsFollowABlankLine(t *testing.T) {
	empty := newWorkshop(t)
	for name, snap := range map[string]*session.Snapshot{
		"no segments yet":  empty.snap(),
		"a whole workshop": exportWorkshop(t, false),
	} {
		out, err := session.Export(snap, session.FormatMarkdown)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(out), "\n")
		for i, line := range lines[1:] {
			if strings.HasPrefix(line, "#") && lines[i] != "" {
				t.Errorf("%s: heading %q follows %q, not a blank line", name, line, lines[i])
			}
		}
	}
}

func TestParseFormat(t *testing.T) {
	cases := []struct {
		in   string
		want session.Format
		err  error
	}{
		{"md", session.FormatMarkdown, nil},
		{"markdown", session.FormatMarkdown, nil},
		{" CSV ", session.FormatCSV, nil},
		{"json", session.FormatJSON, nil},
		{"xml", "", session.ErrInvalid},
		{"\x1b[31mcsv", "", session.ErrInvalid},
	}
	for _, tc := range cases {
		got, err := session.ParseFormat(tc.in)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q, %v", tc.in, got, err, tc.want, tc.err)
		}
		if err != nil && strings.Contains(err.Error(), "\x1b") {
			t.Errorf("ParseFormat(%q) echoes an escape sequence: %q", tc.in, err)
		}
	}
	if _, err := session.Export(session.SnapshotOf(&session.Data{}), "xml"); !errors.Is(err, session.ErrInvalid) {
		t.Errorf("exporting as xml: %v, want ErrInvalid", err)
	}
}
