package sshserver

import (
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// suggestion is one entry of `suggest --format json`.
type suggestion struct {
	Name  string `json:"name"`
	Notes []struct {
		ID   int64  `json:"id"`
		Text string `json:"text"`
	} `json:"notes"`
	Segment *int64 `json:"segment"`
}

// key is what the suggestion would do: its segment and notes.
func (s suggestion) key() string {
	var b strings.Builder
	if s.Segment != nil {
		b.WriteString(strconv.FormatInt(*s.Segment, 10))
	}
	for _, n := range s.Notes {
		b.WriteString("," + strconv.FormatInt(n.ID, 10))
	}
	return b.String()
}

func (s suggestion) texts() []string {
	var out []string
	for _, n := range s.Notes {
		out = append(out, n.Text)
	}
	return out
}

// suggestions is `suggest CODE --format json`, as the person runs it.
func (u *user) suggestions(code string) []suggestion {
	u.t.Helper()
	var out struct {
		Suggestions []suggestion `json:"suggestions"`
	}
	js := u.mustRun("suggest " + code + " --format json")
	if err := json.Unmarshal([]byte(js), &out); err != nil {
		u.t.Fatalf("suggest --format json printed %q: %v", js, err)
	}
	return out.Suggestions
}

func keys(list []suggestion) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.key())
	}
	return out
}

// A facilitator imports a survey's answers, opens Group, accepts two
// suggested segments and rejects one by keys on screen; after a restart
// the segments are there and the rejected suggestion stays gone. What the
// engine suggests is read from `suggest`, not assumed: the survey has
// equal answers, which any engine puts together.
func TestImportedAnswersAreGroupedBySuggestionsOverSSH(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	srv := startServer(t, cfg)
	fran := newPerson(t, srv, "Fran", 120, 40)
	code := fran.newWorkshop("City library")

	survey, err := os.ReadFile("testdata/survey.csv")
	if err != nil {
		t.Fatal(err)
	}
	r := fran.runWithInput("import "+code+" --source survey", string(survey))
	if r.Status != 0 || r.Stdout != "added 15 notes to "+code+", marked \"survey\" (do 2, value 2, who 11)\n" {
		t.Fatalf("import: status %d, stdout %q, stderr %q", r.Status, r.Stdout, r.Stderr)
	}

	fran.joins(code)
	fran.sees("● Lobby")
	fran.presses(">")
	fran.sees("● Answer")
	fran.presses(">")
	fran.sees("● Group", "Parents of toddlers [survey]", "Notes · 15 not in a segment")

	before := fran.suggestions(code)
	if len(before) < 3 {
		t.Fatalf("%d suggestions for a survey with four pairs of equal answers: %+v", len(before), before)
	}

	// Accept the suggestion shown, twice: y on screen.
	var accepted []suggestion
	for i := range 2 {
		list := fran.suggestions(code)
		shown := list[0]
		fran.sees("✦ Suggested 1 of "+strconv.Itoa(len(list))+":", "“"+shown.Name+"”")
		fran.presses("y")
		fran.seesSegment(shown.Name, shown.texts()...)
		accepted = append(accepted, shown)
		if got := fran.suggestions(code); slices.Contains(keys(got), shown.key()) {
			t.Errorf("accept %d: %q is still suggested", i+1, shown.Name)
		}
	}

	// Reject the one shown next: n on screen.
	list := fran.suggestions(code)
	rejected := list[0]
	fran.sees("✦ Suggested 1 of "+strconv.Itoa(len(list))+":", "“"+rejected.Name+"”")
	fran.presses("n")
	fran.sees("Suggestion rejected")
	remaining := fran.suggestions(code)
	if want := keys(list[1:]); !slices.Equal(keys(remaining), want) {
		t.Errorf("after rejecting %q, suggested %v; want %v", rejected.Name, keys(remaining), want)
	}

	// The server restarts on the same data directory.
	srv = restart(t, srv, cfg, room{fran})
	fran.user = fran.at(srv)
	if got := fran.suggestions(code); !slices.Equal(keys(got), keys(remaining)) {
		t.Errorf("after the restart, suggested %v; want %v (the rejected %q gone)", keys(got), keys(remaining), rejected.key())
	}
	type exported struct {
		Name  string `json:"name"`
		Notes []struct {
			Text   string `json:"text"`
			Source string `json:"source"`
		} `json:"notes"`
	}
	var result struct {
		Segments []exported `json:"segments"`
	}
	if err := json.Unmarshal([]byte(fran.mustRun("export "+code+" --format json")), &result); err != nil {
		t.Fatal(err)
	}
	if len(result.Segments) != 2 {
		t.Fatalf("segments after the restart: %+v; want the two accepted", result.Segments)
	}
	for _, a := range accepted {
		i := slices.IndexFunc(result.Segments, func(s exported) bool { return s.Name == a.Name })
		if i < 0 {
			t.Errorf("no segment %q after the restart: %+v", a.Name, result.Segments)
			continue
		}
		var texts []string
		for _, n := range result.Segments[i].Notes {
			texts = append(texts, n.Text)
			if n.Source != "survey" {
				t.Errorf("note %q of %q has source %q", n.Text, a.Name, n.Source)
			}
		}
		slices.Sort(texts)
		if want := slices.Sorted(slices.Values(a.texts())); !slices.Equal(texts, want) {
			t.Errorf("segment %q holds %q; want %q", a.Name, texts, want)
		}
	}

	// On screen again, the same: the rejected suggestion is not offered.
	fran.joins(code)
	fran.seesSegment(accepted[0].Name, accepted[0].texts()...)
	fran.seesSegment(accepted[1].Name, accepted[1].texts()...)
	if len(remaining) > 0 {
		fran.sees("✦ Suggested 1 of "+strconv.Itoa(len(remaining))+":", "“"+remaining[0].Name+"”")
	} else {
		fran.seesThat("no suggestion", func(s string) bool { return !strings.Contains(s, "Suggested") })
	}
}
