package session_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"forwhom/session"
)

// drucker are test questions whose "who" is the first.
var drucker = []session.QuestionDef{
	{Short: "primary", Prompt: "Who is our primary customer?"},
	{Short: "supporting", Prompt: "Who are our supporting customers?"},
	{Short: "value", Prompt: "What does the customer value?"},
}

func TestQuestionsAreEditableOnlyInTheLobbyByFacilitatorsBeforeAnyAnswer(t *testing.T) {
	set := session.SetQuestions{Questions: drucker, Who: 0}
	t.Run("a participant is refused", func(t *testing.T) {
		w := newWorkshop(t)
		pat := w.participant("pat", "Pat")
		w.refused(pat, set, session.ErrNotFacilitator)
		if !w.snap().Workshop.Questions.Default() {
			t.Error("a participant's refused edit changed the questions")
		}
	})
	t.Run("a guest is refused", func(t *testing.T) {
		w := newWorkshop(t)
		w.refused(w.guest("gus", "Gus"), set, session.ErrNotFacilitator)
	})
	for _, p := range []session.Phase{session.PhaseAnswer, session.PhaseGroup} {
		t.Run("the facilitator is refused in "+p.Title(), func(t *testing.T) {
			w := newWorkshop(t)
			w.phase(p)
			w.refused(w.fac, set, session.ErrWrongPhase)
		})
	}
	t.Run("the facilitator is refused back in the Lobby once someone answered", func(t *testing.T) {
		w := newWorkshop(t)
		w.phase(session.PhaseAnswer)
		w.note(w.fac, session.QuestionDo, "Run CI")
		w.phase(session.PhaseLobby)
		w.refused(w.fac, set, session.ErrWrongPhase)
	})
	t.Run("the facilitator changes them in the Lobby", func(t *testing.T) {
		w := newWorkshop(t)
		pat := w.participant("pat", "Pat")
		w.do(w.fac, set)
		qs := pat.View().Workshop.Questions
		if qs.Len() != 3 || qs.Prompt(0) != "Who is our primary customer?" || qs.Who() != 0 || qs.Short(1) != "supporting" {
			t.Errorf("the participant sees questions %+v who %d", qs.Defs(), qs.Who())
		}
	})
}

func TestQuestionSetRules(t *testing.T) {
	long := strings.Repeat("x", session.MaxQuestionLen+1)
	two := []session.QuestionDef{{Prompt: "Who uses this?"}, {Prompt: "What for?"}}
	for _, tc := range []struct {
		name string
		defs []session.QuestionDef
		who  int
		want string // part of the refusal; empty: accepted
	}{
		{"two questions are enough", two, 0, ""},
		{"five questions are allowed", append(drucker, session.QuestionDef{Prompt: "Why?"}, session.QuestionDef{Prompt: "How?"}), 0, ""},
		{"one question is too few", two[:1], 0, "2 to 5 questions"},
		{"six questions are too many", append(drucker, drucker...), 0, "2 to 5 questions"},
		{"no who question is refused", two, -1, "exactly one"},
		{"a who question past the end is refused", two, 2, "exactly one"},
		{"an empty prompt is refused", []session.QuestionDef{{Prompt: "Who?"}, {Prompt: " \x1b[31m "}}, 0, "question 2 needs some text"},
		{"a long prompt is refused", []session.QuestionDef{{Prompt: "Who?"}, {Prompt: long}}, 0, "too long"},
		{"two questions may not share a short name", []session.QuestionDef{{Short: "who", Prompt: "Who?"}, {Short: "WHO", Prompt: "Who else?"}}, 0, "same short name"},
		{"a short name may not be an export field", []session.QuestionDef{{Short: "notes", Prompt: "Who?"}, {Prompt: "Why?"}}, 0, "exports use that name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			qs, err := session.NewQuestionSet(tc.defs, tc.who)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, session.ErrInvalid)):
				t.Fatalf("got %v, want a refusal saying %q", err, tc.want)
			case tc.want == "" && qs.Len() != len(tc.defs):
				t.Fatalf("%d questions kept of %d", qs.Len(), len(tc.defs))
			}
		})
	}
	t.Run("short names are made from the prompt when left out", func(t *testing.T) {
		qs, err := session.NewQuestionSet(two, 1)
		if err != nil {
			t.Fatal(err)
		}
		if qs.Short(0) != "who-uses" || qs.Short(1) != "what-for" {
			t.Errorf("short names %q, %q", qs.Short(0), qs.Short(1))
		}
		if q, ok := qs.Lookup("2"); !ok || q != 1 {
			t.Errorf("lookup by place: %v %v", q, ok)
		}
		if q, ok := qs.Lookup("What-For"); !ok || q != 1 {
			t.Errorf("lookup by short name: %v %v", q, ok)
		}
		if _, ok := qs.Lookup("3"); ok {
			t.Error("lookup found a third question")
		}
	})
	t.Run("Heffernan's three are the default set", func(t *testing.T) {
		qs, err := session.NewQuestionSet(session.DefaultQuestions().Defs(), int(session.QuestionWho))
		if err != nil || !qs.Default() || qs != session.DefaultQuestions() {
			t.Errorf("Heffernan's questions as typed: %+v, %v", qs, err)
		}
	})
	t.Run("a set survives JSON", func(t *testing.T) {
		qs, _ := session.NewQuestionSet(drucker, 0)
		b, err := json.Marshal(qs)
		if err != nil {
			t.Fatal(err)
		}
		var back session.QuestionSet
		if err := json.Unmarshal(b, &back); err != nil || back != qs {
			t.Errorf("round trip %s: %+v, %v", b, back, err)
		}
	})
}

// customWorkshop is a workshop asking drucker's questions, in Answer, with
// notes to each question by the facilitator.
func customWorkshop(t *testing.T) (w *workshop, primary, supporting, value int64) {
	t.Helper()
	w = newWorkshop(t)
	w.do(w.fac, session.SetQuestions{Questions: drucker, Who: 0})
	w.phase(session.PhaseAnswer)
	primary = w.note(w.fac, 0, "Data scientists")
	supporting = w.note(w.fac, 1, "Their managers")
	value = w.note(w.fac, 2, "Fresh data")
	return w, primary, supporting, value
}

func TestTheWhoQuestionsNotesBecomeSegments(t *testing.T) {
	w, primary, supporting, value := customWorkshop(t)
	if err := w.fac.Do(w.ctx, session.AddNote{Question: 3, Text: "no such question"}); !errors.Is(err, session.ErrInvalid) {
		t.Errorf("a note to a fourth question of three: %v", err)
	}
	w.phase(session.PhaseGroup)
	w.refused(w.fac, session.CreateSegment{Name: "Managers", Notes: []int64{supporting}}, session.ErrInvalid)
	seg := w.segment(w.fac, "Scientists", primary)
	w.do(w.fac, session.AttachNote{Note: value, Segment: seg})
	w.refused(w.fac, session.AttachNote{Note: primary, Segment: seg}, session.ErrInvalid)
	sv, _ := w.fac.View().Segment(seg)
	if len(sv.Notes) != 1 || sv.Notes[0].ID != primary || len(sv.Attached) != 1 || sv.Attached[0].ID != value {
		t.Errorf("segment notes %+v, attached %+v", sv.Notes, sv.Attached)
	}
	if c := w.fac.View().NoteCounts; c != [session.MaxQuestions]int{1, 1, 1} {
		t.Errorf("note counts %v", c)
	}
}

func TestExportsFollowTheWorkshopsQuestions(t *testing.T) {
	w, primary, supporting, value := customWorkshop(t)
	w.phase(session.PhaseGroup)
	seg := w.segment(w.fac, "Scientists", primary)
	w.do(w.fac, session.AttachNote{Note: value, Segment: seg})
	w.do(w.fac, session.AttachNote{Note: supporting, Segment: seg})
	snap := w.snap()

	md, _ := session.Export(snap, session.FormatMarkdown)
	for _, want := range []string{"### Who is our primary customer?", "### Who are our supporting customers?",
		"Who are our supporting customers?:\n\n- Their managers", "What does the customer value?:\n\n- Fresh data"} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if bytes.Contains(md, []byte("What we do for them")) {
		t.Errorf("markdown speaks of Heffernan's questions:\n%s", md)
	}

	csv, _ := session.Export(snap, session.FormatCSV)
	header, row, _ := strings.Cut(string(csv), "\r\n")
	if header != "rank,segment,votes,voters,notes count,insights,notes,supporting notes,value notes,tied with,type,role" {
		t.Errorf("csv header %q", header)
	}
	if !strings.HasPrefix(row, "1,Scientists,0,0,1,,Data scientists,Their managers,Fresh data") {
		t.Errorf("csv row %q", row)
	}
	if got := strings.Join(session.CSVHeaderFor(snap.Workshop.Questions), ","); got != header {
		t.Errorf("CSVHeaderFor = %q, the export's %q", got, header)
	}

	js, _ := session.Export(snap, session.FormatJSON)
	var r session.Result
	if err := json.Unmarshal(js, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Questions) != 3 || !r.Questions[0].Who || r.Questions[1].Short != "supporting" {
		t.Errorf("json questions %+v", r.Questions)
	}
	if len(r.Answers["primary"]) != 1 || len(r.Answers["supporting"]) != 1 || len(r.Answers["value"]) != 1 {
		t.Errorf("json answers %+v", r.Answers)
	}
	s := r.Segments[0]
	if len(s.Of("supporting")) != 1 || s.Of("value")[0].Text != "Fresh data" || len(s.Attached) != 2 {
		t.Errorf("json segment %+v", s)
	}
	if !bytes.Contains(js, []byte(`"supporting": [`)) {
		t.Errorf("json has no field for the supporting question:\n%s", js)
	}
}

func TestTemplates(t *testing.T) {
	ana := facilitator
	bob := session.Identity{ID: "SHA256:bob", Name: "Bob"}
	t.Run("the built-in ones are everyone's", func(t *testing.T) {
		w := newWorkshop(t)
		all, err := w.m.Templates(w.ctx, bob)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, tpl := range all {
			names = append(names, tpl.Name)
		}
		if strings.Join(names, " ") != "heffernan customer-now drucker" {
			t.Errorf("templates %q", names)
		}
		code, err := w.m.CreateFrom(w.ctx, bob, "Q3", "Drucker")
		if err != nil {
			t.Fatal(err)
		}
		snap, _ := w.m.Snapshot(w.ctx, code)
		qs := snap.Workshop.Questions
		if qs.Len() != 4 || qs.Prompt(0) != "Who is our primary customer?" || qs.Who() != 0 {
			t.Errorf("a workshop from drucker asks %+v", qs.Defs())
		}
	})
	t.Run("a facilitator's own are private to their key", func(t *testing.T) {
		w := newWorkshop(t)
		w.do(w.fac, session.SetQuestions{Questions: drucker, Who: 0})
		w.do(w.fac, session.SetVoteSettings{Budget: 7, MaxPerSegment: 2})
		w.do(w.fac, session.SetAnonymous{Anonymous: false})
		if _, err := w.m.SaveTemplate(w.ctx, ana, w.code, "Our Questions"); err != nil {
			t.Fatal(err)
		}
		code, err := w.m.CreateFrom(w.ctx, ana, "Again", "our-questions")
		if err != nil {
			t.Fatal(err)
		}
		snap, _ := w.m.Snapshot(w.ctx, code)
		if snap.Workshop.Questions != w.snap().Workshop.Questions || snap.Workshop.Settings.DotBudget != 7 || snap.Workshop.Settings.Anonymous {
			t.Errorf("the workshop from Ana's template: %+v", snap.Workshop)
		}

		all, _ := w.m.Templates(w.ctx, bob)
		for _, tpl := range all {
			if tpl.Name == "our-questions" {
				t.Error("Bob's templates list Ana's")
			}
		}
		if _, err := w.m.CreateFrom(w.ctx, bob, "Stolen", "our-questions"); !errors.Is(err, session.ErrNotFound) {
			t.Errorf("Bob creating from Ana's template: %v", err)
		}
		if _, err := w.m.SaveTemplate(w.ctx, bob, w.code, "copy"); !errors.Is(err, session.ErrNotFacilitator) {
			t.Errorf("Bob saving Ana's workshop as a template: %v", err)
		}
		if err := w.m.DeleteTemplate(w.ctx, bob, "our-questions"); !errors.Is(err, session.ErrNotFound) {
			t.Errorf("Bob deleting Ana's template: %v", err)
		}
		if err := w.m.DeleteTemplate(w.ctx, ana, "our-questions"); err != nil {
			t.Errorf("Ana deleting her template: %v", err)
		}
		if _, err := w.m.Template(w.ctx, ana, "our-questions"); !errors.Is(err, session.ErrNotFound) {
			t.Errorf("after deleting: %v", err)
		}
	})
	t.Run("a key keeps a limited number", func(t *testing.T) {
		lim := testLimits()
		lim.TemplatesPerKey = 2
		w := newWorkshop(t, lim)
		for _, name := range []string{"one", "two", "two"} {
			if _, err := w.m.SaveTemplate(w.ctx, ana, w.code, name); err != nil {
				t.Fatalf("saving %s: %v", name, err)
			}
		}
		_, err := w.m.SaveTemplate(w.ctx, ana, w.code, "three")
		if !errors.Is(err, session.ErrLimit) || !strings.Contains(err.Error(), "2 templates") {
			t.Errorf("a third template: %v", err)
		}
		if _, err := w.m.SaveTemplate(w.ctx, ana, w.code, "Drucker"); !errors.Is(err, session.ErrInvalid) {
			t.Errorf("a template named like a built-in one: %v", err)
		}
		if _, err := w.m.SaveTemplate(w.ctx, session.Identity{ID: "guest:x", Guest: true}, w.code, "g"); !errors.Is(err, session.ErrGuest) {
			t.Errorf("a guest's template: %v", err)
		}
	})
}

func TestImportFollowsTheWorkshopsQuestions(t *testing.T) {
	qs, err := session.NewQuestionSet(drucker, 0)
	if err != nil {
		t.Fatal(err)
	}
	got, err := session.ParseImportFor(qs, []byte("question,text\nPrimary,Data teams\n2,Their managers\nvalue,Fresh data\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Question != 0 || got[1].Question != 1 || got[2].Question != 2 {
		t.Errorf("imported %+v", got)
	}
	_, err = session.ParseImportFor(qs, []byte("question,text\nwho,Data teams\n"), nil)
	if !errors.Is(err, session.ErrInvalid) || !strings.Contains(err.Error(), "use primary, supporting or value (or 1 to 3)") {
		t.Errorf("a question the workshop does not ask: %v", err)
	}
	if q, err := session.ParseQuestionIn(qs, "SUPPORTING"); err != nil || q != 1 {
		t.Errorf("--question supporting: %v, %v", q, err)
	}
}
