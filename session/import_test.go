package session_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"forwhom/session"
)

func question(q session.Question) *session.Question { return &q }

// Every kind of bad input is refused with the line it is on, and nothing
// comes back to import.
func TestParseImportRefusesBadInputNamingTheLine(t *testing.T) {
	long := strings.Repeat("x", session.MaxNoteLen+1)
	tests := []struct {
		name     string
		input    string
		question *session.Question
		says     string
	}{
		{"a header without a text column", "question,answer\nwho,Parents\n", nil, "line 1 names no text column"},
		{"a header without a question column", "text,segment\nParents,families\n", nil, "line 1 names no question column"},
		{"a header naming neither", "a,b\nwho,Parents\n", nil, "line 1 names no question and no text column"},
		{"an empty file", "", nil, "the file is empty"},
		{"a header and nothing else", "question,text\n", nil, "the file has no answers"},
		{"an unknown question", "question,text\nwho,Parents\nwhy,Because\n", nil, `line 3: unknown question "why"`},
		{"a question number out of range", "question,text\n4,Parents\n", nil, `line 2: unknown question "4"`},
		{"an empty answer in CSV", "question,text\nwho,Parents\nwho,  \n", nil, "line 3 is empty"},
		{"a row too short for the text column", "question,segment,text\nwho,x,Parents\nwho\n", nil, "line 3 has 1 columns"},
		{"an over-long answer in CSV", "question,text\nwho,Parents\nwho," + long + "\n", nil, fmt.Sprintf("line 3 is %d characters long", session.MaxNoteLen+1)},
		{"a broken quote in CSV", "question,text\nwho,Parents\nwho,\"Kids\n", nil, "line 3 is not valid CSV"},
		{"invalid UTF-8 in CSV", "question,text\nwho,Parents\nwho,Kids \xff\n", nil, "line 3 is not valid UTF-8"},
		{"an empty line between answers", "Parents\n\nKids\n", question(session.QuestionWho), "line 2 is empty"},
		{"an over-long line", "Parents\n" + long + "\n", question(session.QuestionWho), "line 2 is 281 characters long"},
		{"invalid UTF-8 in a plain list", "Parents\nKids\n\xc3\x28 teens\n", question(session.QuestionWho), "line 3 is not valid UTF-8"},
		{"a line of nothing but control characters", "Parents\n\x1b[2J\x07\n", question(session.QuestionWho), "line 2 is empty"},
		{"a plain list with no lines", "\n\n", question(session.QuestionWho), "the file has no answers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := session.ParseImport([]byte(tt.input), tt.question)
			if err == nil || got != nil {
				t.Fatalf("ParseImport accepted it: %+v", got)
			}
			if !errors.Is(err, session.ErrInvalid) || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("refused with %q; want it to say %q", err, tt.says)
			}
		})
	}
}

func TestParseImportReadsCSVAndPlainLists(t *testing.T) {
	csvIn := "\uFEFFSegment, Question ,TEXT\r\n" +
		"families,who,Parents of toddlers\r\n" +
		",1,\"We run the catalogue, and holds\"\r\n" +
		"x,value,\"Know when a book\nis ready\"\r\n" +
		"\r\n" + // a blank line in CSV is no record
		",3,Retirees\r\n"
	got, err := session.ParseImport([]byte(csvIn), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []session.ImportedAnswer{
		{Line: 2, Question: session.QuestionWho, Text: "Parents of toddlers"},
		{Line: 3, Question: session.QuestionDo, Text: "We run the catalogue, and holds"},
		{Line: 4, Question: session.QuestionValue, Text: "Know when a book is ready"},
		{Line: 7, Question: session.QuestionWho, Text: "Retirees"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("CSV read as\n%+v\nwant\n%+v", got, want)
	}

	got, err = session.ParseImport([]byte("Parents\r\n  Kids \nquestion,text\n\n\n"), question(session.QuestionValue))
	if err != nil {
		t.Fatal(err)
	}
	want = []session.ImportedAnswer{
		{Line: 1, Question: session.QuestionValue, Text: "Parents"},
		{Line: 2, Question: session.QuestionValue, Text: "Kids"},
		{Line: 3, Question: session.QuestionValue, Text: "question,text"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the plain list read as\n%+v\nwant\n%+v", got, want)
	}
}

// countingStore counts commits: one command, one transaction.
type countingStore struct {
	*session.MemoryStore
	commits atomic.Int64
}

func (s *countingStore) Commit(ctx context.Context, code string, ch *session.Changes) error {
	s.commits.Add(1)
	return s.MemoryStore.Commit(ctx, code, ch)
}

func answers(n int, q session.Question) []session.ImportedAnswer {
	out := make([]session.ImportedAnswer, n)
	for i := range out {
		out[i] = session.ImportedAnswer{Line: i + 2, Question: q, Text: fmt.Sprint("Answer ", i)}
	}
	return out
}

func TestImportAddsEveryAnswerInOneCommit(t *testing.T) {
	st := &countingStore{MemoryStore: session.NewMemoryStore()}
	m := session.NewManager(st, session.Options{Limits: session.DefaultLimits()})
	t.Cleanup(m.Close)
	ctx := context.Background()
	code, err := m.Create(ctx, facilitator, "Survey")
	if err != nil {
		t.Fatal(err)
	}
	before := st.commits.Load()
	if err := m.Do(ctx, code, facilitator, session.ImportNotes{Source: "survey", Answers: answers(500, session.QuestionWho)}); err != nil {
		t.Fatal(err)
	}
	if n := st.commits.Load() - before; n != 1 {
		t.Errorf("importing 500 answers took %d commits, want 1", n)
	}
	d, err := st.Load(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Notes) != 500 {
		t.Fatalf("%d notes stored, want 500", len(d.Notes))
	}
	for _, n := range d.Notes {
		if n.Source != "survey" || n.Author != "" || n.Question != session.QuestionWho {
			t.Fatalf("an imported note is stored as %+v; want source survey, no author", n)
		}
	}
}

func TestImportIsForFacilitatorsBeforeGrouping(t *testing.T) {
	w := newWorkshop(t)
	pat := w.participant("pat", "Pat")
	one := session.ImportNotes{Answers: answers(1, session.QuestionDo)}
	if err := w.m.Do(w.ctx, w.code, session.Identity{ID: "SHA256:pat"}, one); !errors.Is(err, session.ErrNotFacilitator) {
		t.Errorf("a participant's import: %v; want only a facilitator", err)
	}
	if err := w.m.Do(w.ctx, w.code, session.Identity{ID: "SHA256:stranger"}, one); err == nil {
		t.Error("someone outside the workshop imported answers")
	}
	w.do(w.fac, one) // Lobby
	w.phase(session.PhaseAnswer)
	w.do(w.fac, one)
	w.phase(session.PhaseGroup)
	w.refused(w.fac, one, session.ErrWrongPhase)
	if n := len(w.snap().Notes); n != 2 {
		t.Errorf("%d notes after two imports of one, want 2", n)
	}
	// An imported note is nobody's: no participant may edit it, and it
	// does not count against the importer's own notes.
	w.phase(session.PhaseAnswer)
	n := w.snap().Notes[0]
	w.refused(pat, session.EditNote{Note: n.ID, Text: "mine now"}, session.ErrNotYours)
	w.refused(w.fac, session.EditNote{Note: n.ID, Text: "mine now"}, session.ErrNotYours)
	if got, _ := w.fac.View().NotesBy(facilitator.ID); got != 0 {
		t.Errorf("the importer is counted %d notes of their own", got)
	}
}

func TestImportOverTheWorkshopsNoteLimitAddsNothing(t *testing.T) {
	lim := testLimits()
	lim.NotesPerWorkshop = 10
	w := newWorkshop(t, lim)
	w.phase(session.PhaseAnswer)
	for i := range 4 {
		w.note(w.fac, session.QuestionWho, fmt.Sprint("Mine ", i))
	}
	err := w.fac.Do(w.ctx, session.ImportNotes{Answers: answers(7, session.QuestionWho)})
	// Six fit; the seventh answer, on line 8, does not.
	if !errors.Is(err, session.ErrLimit) || !strings.Contains(err.Error(), "line 8 is over the workshop's note limit") {
		t.Fatalf("an import past the limit: %v; want it refused at line 8", err)
	}
	if n := len(w.snap().Notes); n != 4 {
		t.Fatalf("%d notes after a refused import, want the 4 written", n)
	}
	w.do(w.fac, session.ImportNotes{Answers: answers(6, session.QuestionWho)})
	w.refused(w.fac, session.AddNote{Question: session.QuestionDo, Text: "one more"}, session.ErrLimit)
}

// Imported notes say where they came from in every export, so the room
// can tell the customers' own words from the team's.
func TestExportsShowWhereImportedNotesCameFrom(t *testing.T) {
	w := newWorkshop(t)
	w.phase(session.PhaseAnswer)
	w.note(w.fac, session.QuestionWho, "Team guess")
	w.do(w.fac, session.ImportNotes{Source: "survey", Answers: []session.ImportedAnswer{
		{Line: 2, Question: session.QuestionWho, Text: "Parents of toddlers"},
		{Line: 3, Question: session.QuestionValue, Text: "Holds ready on time"},
	}})
	w.phase(session.PhaseGroup)
	var who, value int64
	for _, n := range w.snap().Notes {
		switch n.Text {
		case "Parents of toddlers":
			who = n.ID
		case "Holds ready on time":
			value = n.ID
		}
	}
	seg := w.segment(w.fac, "Families", who)
	w.do(w.fac, session.AttachNote{Note: value, Segment: seg})

	export := func(f session.Format) string {
		out, err := session.Export(w.snap(), f)
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	md := export(session.FormatMarkdown)
	for _, line := range []string{"- Parents of toddlers _(survey)_\n", "- Holds ready on time _(survey)_\n", "- Team guess\n"} {
		if !strings.Contains(md, line) {
			t.Errorf("the Markdown export lacks %q:\n%s", line, md)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(export(session.FormatCSV))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1][6] != "Parents of toddlers [survey]" || rows[1][7] != "Holds ready on time [survey]" {
		t.Errorf("the CSV export: %q; want the notes marked [survey]", rows)
	}
	var r session.Result
	if err := json.Unmarshal([]byte(export(session.FormatJSON)), &r); err != nil {
		t.Fatal(err)
	}
	// The workshop is anonymous: its notes are listed by text.
	sourceOf := map[string]string{}
	for _, n := range r.Answers["who"] {
		sourceOf[n.Text] = n.Source
	}
	if len(r.Segments) != 1 || r.Segments[0].Notes[0].Source != "survey" || r.Segments[0].Of("value")[0].Source != "survey" ||
		len(sourceOf) != 2 || sourceOf["Team guess"] != "" || sourceOf["Parents of toddlers"] != "survey" {
		t.Errorf("the JSON export: %+v; want sources on the imported notes only", r)
	}
	if !strings.Contains(export(session.FormatJSON), `"source": "survey"`) {
		t.Error(`the JSON export has no "source" field`)
	}
}
