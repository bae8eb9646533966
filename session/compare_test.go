package session_test

import (
	"encoding/json"
	"errors"
	"testing"

	"forwhom/session"
)

// team makes a workshop of the given segments on w's manager, ranked as
// their votes say, and returns its snapshot under a stable code.
func (w *workshop) team(code, title string, segs ...seg) *session.Snapshot {
	w.t.Helper()
	c, err := w.m.Create(w.ctx, facilitator, title)
	if err != nil {
		w.t.Fatal(err)
	}
	t := &workshop{t: w.t, ctx: w.ctx, store: w.store, clock: w.clock, m: w.m, code: c}
	t.fac = t.join(facilitator)
	t.ranked(segs...)
	d := t.snap().Data()
	d.Workshop.Code = code
	return session.SnapshotOf(d)
}

// teams are three teams' answers with known rankings: A and B name
// developers and ops (B's ops by other words, the same notes), C ranks
// finance first.
func teams(t *testing.T) (a, b, c *session.Snapshot) {
	w := newWorkshop(t)
	a = w.team("TEAMAA", "Team A", seg{"Developers", 6, []string{"App developers"}},
		seg{"Ops", 4, []string{"On-call engineers", "SREs"}}, seg{"Finance", 2, nil})
	b = w.team("TEAMBB", "Team B", seg{"Site reliability", 5, []string{"SREs", "on-call engineers"}},
		seg{"developers", 3, nil}, seg{"Data scientists", 1, nil})
	c = w.team("TEAMCC", "Team C", seg{"Finance", 7, []string{"Controllers"}},
		seg{"Developers", 2, nil}, seg{"Security", 1, nil})
	return a, b, c
}

func TestCompareGolden(t *testing.T) {
	a, b, c := teams(t)
	for _, tc := range []struct {
		name  string
		snaps []*session.Snapshot
	}{{"two", []*session.Snapshot{a, b}}, {"three", []*session.Snapshot{a, b, c}}} {
		cmp := session.Compare(tc.snaps...)
		for _, f := range []session.Format{session.FormatMarkdown, session.FormatJSON} {
			t.Run(tc.name+"."+string(f), func(t *testing.T) {
				out, err := cmp.Render(f)
				if err != nil {
					t.Fatal(err)
				}
				checkGolden(t, "compare_"+tc.name+"."+string(f), out)
			})
		}
	}
}

func TestCompareMatchesAndRanks(t *testing.T) {
	a, b, c := teams(t)
	cmp := session.Compare(a, b, c)
	type row struct {
		name    string
		namedBy int
		spread  int
		ranks   [3]int
	}
	var got []row
	for _, s := range cmp.Segments {
		r := row{name: s.Name, namedBy: s.NamedBy, spread: s.Spread}
		for i, e := range s.In {
			r.ranks[i] = e.Rank
		}
		got = append(got, r)
	}
	want := []row{
		{"Developers", 3, 1, [3]int{1, 2, 2}},
		{"Ops", 2, 3, [3]int{2, 1, 0}},     // B's "Site reliability", by its notes; C has 3 segments: 4th
		{"Finance", 2, 3, [3]int{3, 0, 1}}, // B has 3 segments: 4th
		{"Data scientists", 1, 1, [3]int{0, 3, 0}},
		{"Security", 1, 1, [3]int{0, 0, 3}},
	}
	if len(got) != len(want) {
		t.Fatalf("segments %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("segment %d = %+v, want %+v", i+1, got[i], want[i])
		}
	}
	if d := cmp.Disagreements; len(d) == 0 || d[0].Spread != 3 {
		t.Errorf("disagreements %+v", d)
	}
	if _, err := cmp.Render(session.FormatCSV); !errors.Is(err, session.ErrInvalid) {
		t.Errorf("a comparison as CSV: %v", err)
	}
	// JSON field names are stable.
	js, _ := cmp.Render(session.FormatJSON)
	var raw map[string][]map[string]any
	if err := json.Unmarshal(js, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"name", "named_by", "spread", "in"} {
		if _, ok := raw["segments"][0][k]; !ok {
			t.Errorf("a segment has no %q field: %v", k, raw["segments"][0])
		}
	}
}

func TestCompareIsForTheFacilitatorOfEach(t *testing.T) {
	w := newWorkshop(t)
	bob := session.Identity{ID: "SHA256:bob", Name: "Bob"}
	other, err := w.m.Create(w.ctx, bob, "Bob's team")
	if err != nil {
		t.Fatal(err)
	}
	// Fran takes part in Bob's workshop, as a participant.
	w.tryJoin(other, facilitator)
	if _, err := w.m.Compare(w.ctx, facilitator, []string{w.code, other}); !errors.Is(err, session.ErrNotFacilitator) {
		t.Errorf("comparing a workshop Fran does not facilitate: %v", err)
	}
	mine, _ := w.m.Create(w.ctx, facilitator, "Fran's other team")
	if _, err := w.m.Compare(w.ctx, facilitator, []string{w.code, mine}); err != nil {
		t.Errorf("comparing Fran's two workshops: %v", err)
	}
	if _, err := w.m.Compare(w.ctx, facilitator, []string{w.code}); !errors.Is(err, session.ErrInvalid) {
		t.Errorf("comparing one workshop: %v", err)
	}
	if _, err := w.m.Compare(w.ctx, facilitator, []string{w.code, w.code}); !errors.Is(err, session.ErrInvalid) {
		t.Errorf("comparing a workshop with itself: %v", err)
	}
}
