package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"forwhom/session"
)

func TestCustomQuestionsFollowsAndEarlierSegmentsSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "forwhom.db")
	qs, err := session.NewQuestionSet([]session.QuestionDef{
		{Short: "primary", Prompt: "Who is our primary customer?"},
		{Short: "value", Prompt: "What does the customer value?"},
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	d := fullWorkshop()
	d.Workshop.Questions = qs
	d.Workshop.Follows = "ABCDEF"
	d.Earlier = []session.EarlierSegment{
		{ID: 4, Name: "Developers", Rank: 1, Votes: 9, Voters: 4, Notes: []string{"App devs", "SREs"}, Status: session.ReviewOpen,
			Steps: []session.EarlierStep{
				{ID: 3, Kind: session.StepTalkTo, Text: "Pair with two app teams", Owner: "Sam", Due: "2025-03-28", Status: session.ReviewDone},
				{ID: 5, Kind: session.StepSurvey, Text: "Survey the 東京 team"},
			}},
		{ID: 2, Name: "Finance", Rank: 2, Votes: 3, Voters: 1, Notes: []string{}, Status: session.ReviewNone},
	}
	s := openAt(t, path)
	ch := changesFor(d)
	ch.Earlier = d.Earlier
	commit(t, s, d.Workshop.Code, ch)
	// A status changes alone, as the Lobby's review does.
	e := d.Earlier[1]
	e.Status = session.ReviewDropped
	d.Earlier[1] = e
	commit(t, s, d.Workshop.Code, &session.Changes{Earlier: []session.EarlierSegment{e}})
	// And a next step's.
	e = d.Earlier[0]
	e.Steps = slices.Clone(e.Steps)
	e.Steps[1].Status = session.ReviewOpen
	d.Earlier[0] = e
	commit(t, s, d.Workshop.Code, &session.Changes{Earlier: []session.EarlierSegment{e}})
	closeStore(t, s)

	s = openAt(t, path)
	defer closeStore(t, s)
	got := load(t, s, d.Workshop.Code)
	if got.Workshop.Questions != qs || got.Workshop.Follows != "ABCDEF" {
		t.Errorf("loaded questions %+v, follows %q", got.Workshop.Questions.Defs(), got.Workshop.Follows)
	}
	if !reflect.DeepEqual(got.Earlier, d.Earlier) {
		t.Errorf("loaded earlier segments\n got: %+v\nwant: %+v", got.Earlier, d.Earlier)
	}

	// Heffernan's questions are stored as no questions at all: the rows of
	// every workshop made before questions could change read the same.
	plain := fullWorkshop()
	plain.Workshop.Code = "PLAIN2"
	commit(t, s, plain.Workshop.Code, changesFor(plain))
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var stored sql.NullString
	if err := db.QueryRow(`SELECT questions FROM workshops WHERE code = 'PLAIN2'`).Scan(&stored); err != nil || stored.Valid {
		t.Errorf("default questions stored as %+v (%v), want NULL", stored, err)
	}
	if q := load(t, s, "PLAIN2").Workshop.Questions; !q.Default() {
		t.Errorf("a plain workshop loads with questions %+v", q.Defs())
	}
}

func TestTemplatesArePerOwner(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	qs, _ := session.NewQuestionSet([]session.QuestionDef{{Prompt: "Who decides?"}, {Prompt: "Why?"}}, 0)
	ana := session.Template{Name: "decide", Owner: "SHA256:ana", Questions: qs, Anonymous: true, DotBudget: 4, MaxPerSegment: 2, CreatedAt: at(1767225000001)}
	if err := s.SaveTemplate(ctx, ana); err != nil {
		t.Fatal(err)
	}
	bob := ana
	bob.Owner, bob.DotBudget = "SHA256:bob", 9
	if err := s.SaveTemplate(ctx, bob); err != nil {
		t.Fatal(err)
	}
	ana.HideNotes = true // saved again: replaced, not doubled
	if err := s.SaveTemplate(ctx, ana); err != nil {
		t.Fatal(err)
	}
	got, err := s.Templates(ctx, "SHA256:ana")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []session.Template{ana}) {
		t.Errorf("Ana's templates\n got: %+v\nwant: %+v", got, []session.Template{ana})
	}
	if err := s.DeleteTemplate(ctx, "SHA256:ana", "decide"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Templates(ctx, "SHA256:ana"); len(got) != 0 {
		t.Errorf("after deleting, Ana has %+v", got)
	}
	if got, _ := s.Templates(ctx, "SHA256:bob"); len(got) != 1 || got[0].DotBudget != 9 {
		t.Errorf("Ana's delete touched Bob's: %+v", got)
	}
}
