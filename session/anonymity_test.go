package session_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"forwhom/session"
)

// The runs three people write, one after another. Listed as written, each
// person's notes would sit together; the room must not see that.
var runs = map[string][]string{
	"ana": {"Accountants", "designers", "Growth hackers", "Journalists", "marketers", "Product owners"},
	"bob": {"Bankers", "Engineers", "hospitals", "Kitchens", "Nurses", "Quants"},
	"cy":  {"clerks", "Farmers", "Investors", "Lawyers", "Opticians", "Retailers"},
}

// doRuns are each person's two "do" notes.
var doRuns = map[string][]string{
	"ana": {"Audit books", "Design screens"},
	"bob": {"Build pipelines", "Enable teams"},
	"cy":  {"Counsel clients", "Fix invoices"},
}

func TestAnonymousNotesAreListedWithoutAuthorshipOrTime(t *testing.T) {
	w := newWorkshop(t)
	people := map[string]*session.Conn{}
	author := map[string]string{} // note text → who wrote it
	for _, name := range []string{"ana", "bob", "cy"} {
		people[name] = w.participant(name, name)
	}
	w.do(w.fac, session.SetHideNotes{Hidden: false})
	w.phase(session.PhaseAnswer)
	for i, name := range []string{"ana", "bob", "cy"} {
		for _, text := range runs[name] {
			w.note(people[name], session.QuestionWho, text)
			author[text] = name
		}
		for _, text := range doRuns[name] {
			w.note(people[name], session.QuestionDo, text)
			author[text] = name
		}
		// A minute between people, so times would tell them apart.
		w.clock.Advance(time.Duration(i+1) * time.Minute)
	}
	viewers := []*session.Conn{w.fac, people["ana"], people["bob"], people["cy"]}
	checkViews := func(phase string) {
		t.Helper()
		for _, c := range viewers {
			v := c.View()
			for _, q := range session.Questions {
				checkOrder(t, phase+": "+c.ID()+"'s "+q.String()+" notes", texts(v.NotesFor(q)), author)
			}
			for _, sv := range v.Segments {
				checkOrder(t, phase+": "+c.ID()+"'s segment "+sv.Name, texts(sv.Notes), author)
				checkOrder(t, phase+": "+c.ID()+"'s segment "+sv.Name+" (attached)", texts(sv.Attached), author)
			}
			for _, n := range v.Notes {
				if n.Author != "" || n.AuthorName != "" || !n.CreatedAt.IsZero() {
					t.Errorf("%s: %s sees note %q with author %q (%q), written at %v", phase, c.ID(), n.Text, n.Author, n.AuthorName, n.CreatedAt)
				}
			}
		}
	}
	checkViews("Answer, notes shown")

	w.phase(session.PhaseGroup)
	// Segments made of notes from every run, in the order written.
	var who, do []int64
	for _, n := range w.snap().Notes {
		if n.Question == session.QuestionWho && len(who) < 9 {
			who = append(who, n.ID)
		} else if n.Question == session.QuestionDo && len(do) < 4 {
			do = append(do, n.ID)
		}
	}
	seg := w.segment(w.fac, "Mixed", who...)
	for _, id := range do {
		w.do(w.fac, session.AttachNote{Note: id, Segment: seg})
	}
	checkViews("Group")

	// An unnamed segment is named after its first note as listed (by
	// text), not the first written: that would tell which came first.
	w.phase(session.PhaseAnswer)
	first := w.note(people["cy"], session.QuestionWho, "Zookeepers")
	second := w.note(people["ana"], session.QuestionWho, "Apiarists")
	author["Zookeepers"], author["Apiarists"] = "cy", "ana"
	w.phase(session.PhaseGroup)
	w.do(w.fac, session.CreateSegment{Notes: []int64{first, second}})
	if segs := w.fac.View().Segments; segs[len(segs)-1].Name != "Apiarists" {
		t.Errorf("an unnamed segment of Zookeepers (written first) and Apiarists is named %q, want the first as listed", segs[len(segs)-1].Name)
	}

	w.phase(session.PhaseDone)
	checkViews("Done")

	snap := w.snap()
	for _, f := range session.Formats {
		out, err := session.Export(snap, f)
		if err != nil {
			t.Fatal(err)
		}
		for i, list := range exportedLists(t, f, out, author) {
			checkOrder(t, string(f)+" export, list "+string(rune('A'+i)), list, author)
		}
	}
	checkJSONCarriesNothingButText(t, snap)
}

func texts(notes []session.NoteView) []string {
	out := make([]string, len(notes))
	for i, n := range notes {
		out[i] = n.Text
	}
	return out
}

// checkOrder fails if a list of notes is not in order of text, or if one
// person's notes sit together more often than in a random order.
func checkOrder(t *testing.T, what string, list []string, author map[string]string) {
	t.Helper()
	if !slices.IsSortedFunc(list, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) {
		t.Errorf("%s are not listed by text: %q", what, list)
	}
	if len(list) < 2 {
		return
	}
	adjacent := 0
	count := map[string]int{}
	for i, text := range list {
		count[author[text]]++
		if i > 0 && author[text] == author[list[i-1]] {
			adjacent++
		}
	}
	// In a random order, two neighbours are by the same person with
	// probability Σ c(c-1) / n(n-1).
	n := len(list)
	same := 0
	for _, c := range count {
		same += c * (c - 1)
	}
	expected := float64(n-1) * float64(same) / float64(n*(n-1))
	if float64(adjacent) > expected {
		t.Errorf("%s: %d neighbours by the same person, a random order would have %.1f: %q", what, adjacent, expected, list)
	}
}

// exportedLists reads each list of notes out of an export.
func exportedLists(t *testing.T, f session.Format, out []byte, author map[string]string) [][]string {
	t.Helper()
	var lists [][]string
	switch f {
	case session.FormatJSON:
		var r session.Result
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatal(err)
		}
		add := func(notes []session.ResultNote) {
			var l []string
			for _, n := range notes {
				l = append(l, n.Text)
			}
			lists = append(lists, l)
		}
		add(r.Answers["do"])
		add(r.Answers["who"])
		for _, s := range r.Segments {
			add(s.Notes)
			add(s.Of("do"))
		}
	case session.FormatCSV:
		rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows[1:] {
			lists = append(lists, strings.Split(row[6], "\n"))
		}
	case session.FormatMarkdown:
		var l []string
		for _, line := range strings.Split(string(out), "\n") {
			text, ok := strings.CutPrefix(line, "- ")
			if _, note := author[text]; ok && note {
				l = append(l, text)
				continue
			}
			if len(l) > 0 {
				lists = append(lists, l)
				l = nil
			}
		}
	}
	if len(lists) < 2 {
		t.Fatalf("the %s export holds %d lists of notes", f, len(lists))
	}
	return lists
}

// checkJSONCarriesNothingButText fails if a note in the JSON export
// carries anything but its text and segment: an ID, an author, a time.
func checkJSONCarriesNothingButText(t *testing.T, snap *session.Snapshot) {
	t.Helper()
	out, err := session.Export(snap, session.FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if _, isNote := v["text"]; isNote {
				for k := range v {
					if k != "text" && k != "segment" {
						t.Errorf("a note at %s carries %q: %v", path, k, v)
					}
				}
			}
			for k, x := range v {
				walk(path+"."+k, x)
			}
		case []any:
			for _, x := range v {
				walk(path+"[]", x)
			}
		case string:
			if _, err := time.Parse(time.RFC3339, v); err == nil {
				t.Errorf("%s is a time: %q", path, v)
			}
		}
	}
	walk("", doc)
}

func TestWhoIsDoneWritingIsHiddenOnlyInAnonymousWorkshops(t *testing.T) {
	for _, anonymous := range []bool{true, false} {
		w := newWorkshop(t)
		w.do(w.fac, session.SetAnonymous{Anonymous: anonymous})
		pat, pia := w.participant("pat", "Pat"), w.participant("pia", "Pia")
		w.phase(session.PhaseAnswer)
		w.do(pat, session.SetReady{Ready: true})
		v := pia.View()
		i := slices.IndexFunc(v.People, func(p session.Person) bool { return p.ID == pat.ID() })
		if seen := v.People[i].Ready; seen == anonymous || v.ReadyHidden != anonymous {
			t.Errorf("anonymous %v: Pia sees Pat done %v (hidden %v)", anonymous, seen, v.ReadyHidden)
		}
		if v.Busy != 2 {
			t.Errorf("anonymous %v: %d still writing, want Fran and Pia", anonymous, v.Busy)
		}
	}
}

// Suggested segments are listed by text too in an anonymous workshop: each
// suggestion's notes, and the suggestions by their first note. Listed by
// ID, as in a named workshop, they would show who wrote which run.
func TestAnonymousSuggestionsAreListedByText(t *testing.T) {
	// Three runs, written one after another, that the engine groups by
	// text whatever the case.
	suggestRuns := [][2]string{
		{"ana", "sre"}, {"ana", "teachers"},
		{"bob", "Nurses"}, {"bob", "SRE"}, {"bob", "Teachers"},
		{"cy", "nurses"}, {"cy", "Sre"},
	}
	want := map[bool][][]string{
		true:  {{"Nurses", "nurses"}, {"SRE", "Sre", "sre"}, {"Teachers", "teachers"}},
		false: {{"sre", "SRE", "Sre"}, {"teachers", "Teachers"}, {"Nurses", "nurses"}},
	}
	for _, anonymous := range []bool{true, false} {
		w := newWorkshop(t)
		w.do(w.fac, session.SetAnonymous{Anonymous: anonymous})
		people := map[string]*session.Conn{}
		for _, name := range []string{"ana", "bob", "cy"} {
			people[name] = w.participant(name, name)
		}
		w.phase(session.PhaseAnswer)
		for _, r := range suggestRuns {
			w.note(people[r[0]], session.QuestionWho, r[1])
		}
		w.phase(session.PhaseGroup)

		listed := func(list []session.SuggestedSegment) [][]string {
			var out [][]string
			for _, sg := range list {
				var l []string
				for _, n := range sg.Notes {
					l = append(l, n.Text)
				}
				out = append(out, l)
			}
			return out
		}
		for _, c := range []*session.Conn{w.fac, people["ana"], people["bob"], people["cy"]} {
			if got := listed(c.View().Suggestions); !slices.EqualFunc(got, want[anonymous], slices.Equal) {
				t.Errorf("anonymous %v: %s sees suggestions %q, want %q", anonymous, c.ID(), got, want[anonymous])
			}
		}

		// `suggest`, as JSON (with the notes' IDs) and as Markdown.
		snap, list, err := w.m.Suggestions(w.ctx, w.code, facilitator, false)
		if err != nil {
			t.Fatal(err)
		}
		js, err := session.FormatSuggestions(snap, list, session.FormatJSON)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Suggestions []struct {
				Notes []struct {
					ID   int64  `json:"id"`
					Text string `json:"text"`
				} `json:"notes"`
			} `json:"suggestions"`
		}
		if err := json.Unmarshal(js, &doc); err != nil {
			t.Fatal(err)
		}
		var fromJSON [][]string
		for _, sg := range doc.Suggestions {
			var l []string
			for _, n := range sg.Notes {
				if n.ID == 0 {
					t.Errorf("anonymous %v: a suggested note without its id: %s", anonymous, js)
				}
				l = append(l, n.Text)
			}
			fromJSON = append(fromJSON, l)
		}
		if !slices.EqualFunc(fromJSON, want[anonymous], slices.Equal) {
			t.Errorf("anonymous %v: suggest --format json lists %q, want %q:\n%s", anonymous, fromJSON, want[anonymous], js)
		}
		md, err := session.FormatSuggestions(snap, list, session.FormatMarkdown)
		if err != nil {
			t.Fatal(err)
		}
		var fromMD [][]string
		for _, line := range strings.Split(string(md), "\n") {
			if text, ok := strings.CutPrefix(line, "   - "); ok {
				fromMD[len(fromMD)-1] = append(fromMD[len(fromMD)-1], text)
			} else if strings.Contains(line, ". **") {
				fromMD = append(fromMD, nil)
			}
		}
		if !slices.EqualFunc(fromMD, want[anonymous], slices.Equal) {
			t.Errorf("anonymous %v: suggest --format md lists %q, want %q:\n%s", anonymous, fromMD, want[anonymous], md)
		}
	}
}
