package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"forwhom/session"
	"forwhom/store"
)

// at is a stored time: whole milliseconds, UTC, as the session commits them.
func at(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// openAt opens the store at path; the test closes it.
func openAt(t testing.TB, path string) *store.Store {
	t.Helper()
	s, err := store.Open(path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	return s
}

// newStore opens a store in a fresh directory, closed when the test ends.
func newStore(t testing.TB) *store.Store {
	t.Helper()
	s := openAt(t, filepath.Join(t.TempDir(), "forwhom.db"))
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func closeStore(t testing.TB, s *store.Store) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// changesFor is the commit that creates everything in d.
func changesFor(d *session.Data) *session.Changes {
	w := d.Workshop
	return &session.Changes{
		Workshop:     &w,
		Participants: d.Participants,
		Segments:     d.Segments,
		Notes:        d.Notes,
		Votes:        d.Votes,
		Picks:        d.Picks,
		Rejected:     d.Rejected,
		NextSteps:    d.NextSteps,
	}
}

func commit(t testing.TB, s *store.Store, code string, ch *session.Changes) {
	t.Helper()
	if err := s.Commit(context.Background(), code, ch); err != nil {
		t.Fatalf("Commit: %v", err)
	}
}

func load(t testing.TB, s *store.Store, code string) *session.Data {
	t.Helper()
	d, err := s.Load(context.Background(), code)
	if err != nil {
		t.Fatalf("Load(%s): %v", code, err)
	}
	return d
}

// sameData reports each kind of record that Load did not return as wanted.
func sameData(t *testing.T, got, want *session.Data) {
	t.Helper()
	fields := []struct {
		name      string
		got, want any
	}{
		{"workshop", got.Workshop, want.Workshop},
		{"participants", got.Participants, want.Participants},
		{"notes", got.Notes, want.Notes},
		{"segments", got.Segments, want.Segments},
		{"votes", got.Votes, want.Votes},
		{"picks", got.Picks, want.Picks},
		{"rejected suggestions", got.Rejected, want.Rejected},
		{"next steps", got.NextSteps, want.NextSteps},
	}
	for _, f := range fields {
		if !reflect.DeepEqual(f.got, f.want) {
			t.Errorf("loaded %s differ\n got: %+v\nwant: %+v", f.name, f.got, f.want)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("loaded data differs") // a field the list above misses
	}
}

// fullWorkshop sets every field of every record, in the order Load returns
// them: participants by join time (no time first), then ID; notes, segments
// by ID; votes by participant and segment; picks by participant and lens.
func fullWorkshop() *session.Data {
	return &session.Data{
		Workshop: session.WorkshopInfo{
			Code:  "K7PQ2X",
			Title: `Platform team: "who's it for?"`,
			Phase: session.PhaseVote,
			Settings: session.Settings{
				Anonymous:      true,
				HideNotes:      true,
				GroupingLocked: true,
				VotesRevealed:  true,
				GuestsClosed:   true,
				DotBudget:      7,
				MaxPerSegment:  2,
				TimerDeadline:  at(1767225600123),
				TimeBox:        90 * time.Second,
				OpenWho:        true,
			},
			CreatedBy: "SHA256:alice",
			CreatedAt: at(1767225000001),
			Spotlight: 2,
		},
		Participants: []session.Participant{
			{ID: "SHA256:dave", Name: "Dave"}, // joined at the zero time
			{ID: "SHA256:alice", Name: "Alice", Role: session.RoleFacilitator, JoinedAt: at(1767225000001)},
			{ID: "SHA256:carol", Name: "Carol", Removed: true, JoinedAt: at(1767225000500)},
			{ID: "guest-1", Name: "Bob ✓", Guest: true, Ready: true, JoinedAt: at(1767225000500)}, // same time: by ID
		},
		Notes: []session.Note{
			{ID: 1, Question: session.QuestionDo, Text: "Run the CI; keep it green", Author: "SHA256:alice", Segment: 1, CreatedAt: at(1767225100000)},
			{ID: 2, Question: session.QuestionValue, Text: "Fast 'feedback'", Author: "guest-1", CreatedAt: at(1767225100001)},
			{ID: 3, Question: session.QuestionWho, Text: "App developers", Author: "SHA256:alice", Segment: 1},
			{ID: 5, Question: session.QuestionWho, Text: "Parents of toddlers", CreatedAt: at(1767225101000), Source: "survey"}, // imported: no author
			{ID: 7, Question: session.QuestionWho, Text: "ML folks 🤖", Author: "guest-1", Segment: 2, CreatedAt: at(1767225100999)},
		},
		Segments: []session.Segment{
			{ID: 1, Name: "Developers", Position: 0, Type: session.TypeEndUser, Role: session.RolePrimary},
			{ID: 2, Name: "Data scientists", Position: 1, Type: session.TypeStakeholder, Role: session.RoleNotServed},
			{ID: 3, Name: "Nobody yet", Position: 2},
		},
		Votes: []session.Vote{
			{Participant: "SHA256:alice", Segment: 1, Dots: 3},
			{Participant: "SHA256:alice", Segment: 2, Dots: 2},
			{Participant: "guest-1", Segment: 2, Dots: 1},
		},
		Picks: []session.Pick{
			{Participant: "SHA256:alice", Lens: session.LensBiggest, Segment: 1},
			{Participant: "SHA256:alice", Lens: session.LensUnderserved, Segment: 2},
			{Participant: "guest-1", Lens: session.LensValuable, Segment: 1},
		},
		Rejected: []string{"0:3,7", "2:1"},
		NextSteps: []session.NextStep{
			{ID: 1, Segment: 1, Kind: session.StepTalkTo, Text: "Ask two app teams", Owner: "Alice", OwnerID: "SHA256:alice",
				Due: "2026-12-20", Author: "guest-1", CreatedAt: at(1767225300000)},
			{ID: 4, Segment: 2, Kind: session.StepHypothesis, Text: "We believe \"ML folks\" need GPUs", Owner: "the data lead",
				Author: "SHA256:alice"},
			{ID: 5, Segment: 1, Kind: session.StepObserve, Text: "Sit with on-call", Author: "SHA256:alice", CreatedAt: at(1767225300001)},
		},
	}
}

func TestCommittedDataSurvivesReopen(t *testing.T) {
	tests := []struct {
		name string
		data *session.Data
	}{
		{"every field of every record comes back", fullWorkshop()},
		{"a new workshop with default settings and nothing in it comes back", &session.Data{
			Workshop: session.WorkshopInfo{
				Code: "NEW234", Title: "Fresh", Settings: session.DefaultSettings(),
				CreatedBy: "SHA256:alice", CreatedAt: at(1767225000000),
			},
		}},
		{"a workshop with every flag off, no timer and no times comes back", &session.Data{
			Workshop: session.WorkshopInfo{Code: "ZERO56", Phase: session.PhaseDone},
			Participants: []session.Participant{
				{ID: "SHA256:zed"},
			},
			Notes: []session.Note{{ID: 1, Author: "SHA256:zed"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "forwhom.db")
			s := openAt(t, path)
			commit(t, s, tt.data.Workshop.Code, changesFor(tt.data))
			closeStore(t, s)

			s = openAt(t, path)
			defer closeStore(t, s)
			sameData(t, load(t, s, tt.data.Workshop.Code), tt.data)
		})
	}
}

func TestCommitChangesStoredRecords(t *testing.T) {
	const code = "K7PQ2X"
	tests := []struct {
		name    string
		changes session.Changes
		want    func(d *session.Data) // edits fullWorkshop into what Load returns
	}{
		{
			name:    "a vote with no dots deletes the vote",
			changes: session.Changes{Votes: []session.Vote{{Participant: "SHA256:alice", Segment: 2, Dots: 0}}},
			want:    func(d *session.Data) { d.Votes = []session.Vote{d.Votes[0], d.Votes[2]} },
		},
		{
			name:    "a vote with no dots where there is no vote changes nothing",
			changes: session.Changes{Votes: []session.Vote{{Participant: "SHA256:carol", Segment: 1, Dots: 0}}},
			want:    func(d *session.Data) {},
		},
		{
			name:    "a vote with dots replaces the participant's dots on that segment",
			changes: session.Changes{Votes: []session.Vote{{Participant: "guest-1", Segment: 2, Dots: 3}}},
			want:    func(d *session.Data) { d.Votes[2].Dots = 3 },
		},
		{
			name:    "a pick with no segment deletes the pick",
			changes: session.Changes{Picks: []session.Pick{{Participant: "SHA256:alice", Lens: session.LensBiggest}}},
			want:    func(d *session.Data) { d.Picks = d.Picks[1:] },
		},
		{
			name:    "a pick with a segment replaces the participant's pick for that lens",
			changes: session.Changes{Picks: []session.Pick{{Participant: "guest-1", Lens: session.LensValuable, Segment: 3}}},
			want:    func(d *session.Data) { d.Picks[2].Segment = 3 },
		},
		{
			name:    "deleting a segment deletes its votes and picks and unhooks its notes",
			changes: session.Changes{DeletedSegments: []int64{1}},
			want: func(d *session.Data) {
				d.Segments = d.Segments[1:]
				d.Notes[0].Segment, d.Notes[2].Segment = 0, 0
				d.Votes = d.Votes[1:]
				d.Picks = []session.Pick{d.Picks[1]}
				d.NextSteps = []session.NextStep{d.NextSteps[1]}
			},
		},
		{
			name:    "deleting a segment deletes its next steps",
			changes: session.Changes{DeletedSegments: []int64{2}},
			want: func(d *session.Data) {
				d.Segments = []session.Segment{d.Segments[0], d.Segments[2]}
				for i := range d.Notes {
					if d.Notes[i].Segment == 2 {
						d.Notes[i].Segment = 0
					}
				}
				d.Votes = d.Votes[:1]
				d.Picks = []session.Pick{d.Picks[0], d.Picks[2]}
				d.NextSteps = []session.NextStep{d.NextSteps[0], d.NextSteps[2]}
			},
		},
		{
			name: "a next step is rewritten and another removed in one commit",
			changes: session.Changes{
				NextSteps:        []session.NextStep{{ID: 5, Segment: 1, Kind: session.StepSurvey, Text: "Survey on-call", Owner: "Dave", OwnerID: "SHA256:dave", Due: "2027-01-31", Author: "SHA256:alice", CreatedAt: at(1767225300001)}},
				DeletedNextSteps: []int64{1},
			},
			want: func(d *session.Data) {
				d.NextSteps = []session.NextStep{d.NextSteps[1],
					{ID: 5, Segment: 1, Kind: session.StepSurvey, Text: "Survey on-call", Owner: "Dave", OwnerID: "SHA256:dave", Due: "2027-01-31", Author: "SHA256:alice", CreatedAt: at(1767225300001)}}
			},
		},
		{
			name:    "saying who a segment is keeps its votes, picks, notes and next steps",
			changes: session.Changes{Segments: []session.Segment{{ID: 3, Name: "Nobody yet", Position: 2, Type: session.TypePartner, Role: session.RoleSupporting}}},
			want: func(d *session.Data) {
				d.Segments[2].Type, d.Segments[2].Role = session.TypePartner, session.RoleSupporting
			},
		},
		{
			name:    "deleting a note leaves the others",
			changes: session.Changes{DeletedNotes: []int64{2}},
			want:    func(d *session.Data) { d.Notes = append(d.Notes[:1], d.Notes[2:]...) },
		},
		{
			name:    "renaming a segment keeps its votes, picks and notes",
			changes: session.Changes{Segments: []session.Segment{{ID: 1, Name: "Product developers", Position: 0, Type: session.TypeEndUser, Role: session.RolePrimary}}},
			want:    func(d *session.Data) { d.Segments[0].Name = "Product developers" },
		},
		{
			name: "merging moves notes into one segment and deletes the other in one commit",
			changes: session.Changes{
				Notes:           []session.Note{{ID: 7, Question: session.QuestionWho, Text: "ML folks 🤖", Author: "guest-1", Segment: 1, CreatedAt: at(1767225100999)}},
				NextSteps:       []session.NextStep{{ID: 4, Segment: 1, Kind: session.StepHypothesis, Text: "We believe \"ML folks\" need GPUs", Owner: "the data lead", Author: "SHA256:alice"}},
				DeletedSegments: []int64{2},
			},
			want: func(d *session.Data) {
				d.Notes[4].Segment = 1
				d.Segments = []session.Segment{d.Segments[0], d.Segments[2]}
				d.Votes = d.Votes[:1]
				d.Picks = []session.Pick{d.Picks[0], d.Picks[2]}
				d.NextSteps[1].Segment = 1 // moved along, not cascaded away
			},
		},
		{
			name: "a new segment and the notes grouped into it land in one commit",
			changes: session.Changes{
				Segments: []session.Segment{{ID: 9, Name: "Ops", Position: 3}},
				Notes:    []session.Note{{ID: 8, Question: session.QuestionWho, Text: "SREs", Author: "SHA256:alice", Segment: 9, CreatedAt: at(1767225200000)}},
			},
			want: func(d *session.Data) {
				d.Segments = append(d.Segments, session.Segment{ID: 9, Name: "Ops", Position: 3})
				d.Notes = append(d.Notes, session.Note{ID: 8, Question: session.QuestionWho, Text: "SREs", Author: "SHA256:alice", Segment: 9, CreatedAt: at(1767225200000)})
			},
		},
		{
			name: "a phase change rewrites the workshop and clears readiness",
			changes: session.Changes{
				Workshop: func() *session.WorkshopInfo {
					w := fullWorkshop().Workshop
					w.Phase, w.Settings.TimerDeadline = session.PhasePrioritize, time.Time{}
					return &w
				}(),
				Participants: []session.Participant{{ID: "guest-1", Name: "Bob ✓", Guest: true, JoinedAt: at(1767225000500)}},
			},
			want: func(d *session.Data) {
				d.Workshop.Phase, d.Workshop.Settings.TimerDeadline = session.PhasePrioritize, time.Time{}
				d.Participants[3].Ready = false
			},
		},
		{
			name:    "a rejected suggestion joins the others, and one rejected again stays once",
			changes: session.Changes{Rejected: []string{"0:2,3", "2:1"}},
			want:    func(d *session.Data) { d.Rejected = []string{"0:2,3", "0:3,7", "2:1"} },
		},
		{
			name: "an imported note keeps its source when it is grouped",
			changes: session.Changes{
				Notes: []session.Note{{ID: 5, Question: session.QuestionWho, Text: "Parents of toddlers", Segment: 3, CreatedAt: at(1767225101000), Source: "survey"}},
			},
			want: func(d *session.Data) { d.Notes[3].Segment = 3 },
		},
		{
			name:    "empty changes change nothing",
			changes: session.Changes{},
			want:    func(d *session.Data) {},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			commit(t, s, code, changesFor(fullWorkshop()))
			commit(t, s, code, &tt.changes)
			want := fullWorkshop()
			tt.want(want)
			sameData(t, load(t, s, code), want)
		})
	}
}

func TestFailedCommitLeavesNothingBehind(t *testing.T) {
	const code = "K7PQ2X"
	// Each commit writes something valid before the part that fails.
	tests := []struct {
		name    string
		code    string
		changes session.Changes
	}{
		{"a note in a segment that does not exist", code, session.Changes{
			Participants: []session.Participant{{ID: "SHA256:erin", Name: "Erin"}},
			Segments:     []session.Segment{{ID: 1, Name: "Renamed"}},
			Notes:        []session.Note{{ID: 20, Author: "SHA256:erin", Question: session.QuestionWho, Segment: 99}},
		}},
		{"a vote on a segment that does not exist", code, session.Changes{
			Notes: []session.Note{{ID: 20, Author: "SHA256:alice"}},
			Votes: []session.Vote{{Participant: "SHA256:alice", Segment: 99, Dots: 1}},
		}},
		{"a pick of a segment that does not exist", code, session.Changes{
			DeletedNotes: []int64{1},
			Picks:        []session.Pick{{Participant: "guest-1", Lens: session.LensBiggest, Segment: 99}},
		}},
		{"a vote with negative dots", code, session.Changes{
			Votes: []session.Vote{{Participant: "SHA256:alice", Segment: 3, Dots: 1}, {Participant: "guest-1", Segment: 3, Dots: -1}},
		}},
		{"records for a workshop that does not exist", "NOPE22", session.Changes{
			Participants: []session.Participant{{ID: "SHA256:alice", Name: "Alice"}},
		}},
		{"a workshop row under another workshop's code", code, session.Changes{
			Workshop: &session.WorkshopInfo{Code: "OTHER3", Title: "Other"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" fails the whole commit", func(t *testing.T) {
			s := newStore(t)
			commit(t, s, code, changesFor(fullWorkshop()))
			if err := s.Commit(context.Background(), tt.code, &tt.changes); err == nil {
				t.Fatal("Commit succeeded, want an error")
			}
			sameData(t, load(t, s, code), fullWorkshop())
			for _, other := range []string{"NOPE22", "OTHER3"} {
				if _, err := s.Load(context.Background(), other); !errors.Is(err, session.ErrUnknownWorkshop) {
					t.Errorf("Load(%s) error = %v, want ErrUnknownWorkshop", other, err)
				}
			}
			// The writer is usable after the failure.
			commit(t, s, code, &session.Changes{DeletedNotes: []int64{2}})
		})
	}
}

func TestLoadUnknownCodeIsErrUnknownWorkshop(t *testing.T) {
	s := newStore(t)
	commit(t, s, "K7PQ2X", changesFor(fullWorkshop()))
	_, err := s.Load(context.Background(), "ZZZZZZ")
	if !errors.Is(err, session.ErrUnknownWorkshop) {
		t.Fatalf("Load(unknown) error = %v, want one wrapping ErrUnknownWorkshop", err)
	}
}

func TestWorkshopsListsMembershipsNewestFirst(t *testing.T) {
	s := newStore(t)
	member := func(id string, role session.Role, removed bool) session.Participant {
		return session.Participant{ID: id, Name: id, Role: role, Removed: removed}
	}
	workshops := []struct {
		code, title string
		phase       session.Phase
		created     int64
		members     []session.Participant
	}{
		{"OLD222", "Oldest", session.PhaseDone, 1000, []session.Participant{
			member("alice", session.RoleParticipant, false),
			member("bob", session.RoleFacilitator, false),
		}},
		{"MID333", "Middle", session.PhaseAnswer, 2000, []session.Participant{
			member("alice", session.RoleFacilitator, false),
			member("bob", session.RoleParticipant, true),
			member("carol", session.RoleParticipant, false),
			member("dave", session.RoleParticipant, false),
		}},
		{"NEW444", "Newest", session.PhaseLobby, 3000, []session.Participant{
			member("alice", session.RoleParticipant, true),
			member("bob", session.RoleParticipant, false),
		}},
	}
	for _, w := range workshops {
		commit(t, s, w.code, &session.Changes{
			Workshop:     &session.WorkshopInfo{Code: w.code, Title: w.title, Phase: w.phase, CreatedAt: at(w.created)},
			Participants: w.members,
		})
	}
	tests := []struct {
		participant string
		want        []session.Summary
	}{
		{"alice", []session.Summary{
			{Code: "MID333", Title: "Middle", Phase: session.PhaseAnswer, Role: session.RoleFacilitator, Participants: 3, CreatedAt: at(2000)},
			{Code: "OLD222", Title: "Oldest", Phase: session.PhaseDone, Role: session.RoleParticipant, Participants: 2, CreatedAt: at(1000)},
		}},
		{"bob", []session.Summary{
			{Code: "NEW444", Title: "Newest", Phase: session.PhaseLobby, Role: session.RoleParticipant, Participants: 1, CreatedAt: at(3000)},
			{Code: "OLD222", Title: "Oldest", Phase: session.PhaseDone, Role: session.RoleFacilitator, Participants: 2, CreatedAt: at(1000)},
		}},
		{"carol", []session.Summary{
			{Code: "MID333", Title: "Middle", Phase: session.PhaseAnswer, Role: session.RoleParticipant, Participants: 3, CreatedAt: at(2000)},
		}},
		{"nobody", nil},
	}
	for _, tt := range tests {
		t.Run(tt.participant+" sees their workshops, not those they were removed from", func(t *testing.T) {
			got, err := s.Workshops(context.Background(), tt.participant)
			if err != nil {
				t.Fatalf("Workshops: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Workshops(%s)\n got: %+v\nwant: %+v", tt.participant, got, tt.want)
			}
		})
	}
}

func TestMigrationsAreRecordedAndAppliedOnce(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations found: %v", err)
	}
	path := filepath.Join(t.TempDir(), "forwhom.db")
	applied := func() map[int]int64 {
		t.Helper()
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rows, err := db.Query("SELECT version, applied_at FROM schema_migrations")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		m := map[int]int64{}
		for rows.Next() {
			var v int
			var at int64
			if err := rows.Scan(&v, &at); err != nil {
				t.Fatal(err)
			}
			m[v] = at
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return m
	}

	s := openAt(t, path)
	commit(t, s, "K7PQ2X", changesFor(fullWorkshop()))
	closeStore(t, s)
	first := applied()
	if len(first) != len(files) {
		t.Fatalf("after the first Open, %d migrations are recorded, want %d (%v)", len(first), len(files), files)
	}
	for _, f := range files {
		var v int
		if _, err := fmt.Sscanf(filepath.Base(f), "%d_", &v); err != nil {
			t.Fatalf("migration %s: %v", f, err)
		}
		if _, ok := first[v]; !ok {
			t.Errorf("migration %s is not recorded", f)
		}
	}

	s = openAt(t, path)
	sameData(t, load(t, s, "K7PQ2X"), fullWorkshop())
	closeStore(t, s)
	if again := applied(); !reflect.DeepEqual(again, first) {
		t.Errorf("reopening changed the recorded migrations: %v, was %v", again, first)
	}
}

func TestOpenRefusesANewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "forwhom.db")
	closeStore(t, openAt(t, path))
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if s, err := store.Open(path); err == nil {
		s.Close()
		t.Fatal("Open succeeded on a database from a newer forwhom, want an error")
	} else if !strings.Contains(err.Error(), "9999") {
		t.Errorf("Open error = %v, want it to name version 9999", err)
	}
}

func TestOpenConfiguresConnections(t *testing.T) {
	tests := []struct {
		name       string
		opts       store.Options
		pragma     string
		wantWriter string
		wantReader string
	}{
		{"the file is in WAL mode", store.Options{}, "journal_mode", "wal", "wal"},
		{"the writer enforces foreign keys", store.Options{}, "foreign_keys", "1", "0"},
		{"both wait for locks instead of failing", store.Options{}, "busy_timeout", "5000", "5000"},
		{"the writer syncs NORMAL by default (readers never write)", store.Options{}, "synchronous", "1", "2"},
		{"the host may choose FULL", store.Options{Synchronous: "full"}, "synchronous", "2", "2"},
		{"readers cannot write", store.Options{}, "query_only", "0", "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := store.OpenWith(filepath.Join(t.TempDir(), "forwhom.db"), tt.opts)
			if err != nil {
				t.Fatalf("OpenWith: %v", err)
			}
			defer closeStore(t, s)
			w, r, err := s.Pragma(context.Background(), tt.pragma)
			if err != nil {
				t.Fatalf("PRAGMA %s: %v", tt.pragma, err)
			}
			if w != tt.wantWriter || r != tt.wantReader {
				t.Errorf("PRAGMA %s: writer %q, reader %q; want %q, %q", tt.pragma, w, r, tt.wantWriter, tt.wantReader)
			}
		})
	}
}

func TestOpenRejectsAnUnknownSynchronousLevel(t *testing.T) {
	s, err := store.OpenWith(filepath.Join(t.TempDir(), "forwhom.db"), store.Options{Synchronous: "NORMAL); DROP TABLE x; --"})
	if err == nil {
		s.Close()
		t.Fatal("OpenWith succeeded, want an error")
	}
}

func TestOpenHandlesPathsThatLookLikeURIs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a dir?with#odd%chars")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "forwhom.db")
	s := openAt(t, path)
	commit(t, s, "K7PQ2X", changesFor(fullWorkshop()))
	closeStore(t, s)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the database is not where it was asked to be: %v", err)
	}
}

func TestConcurrentCommitsAndLoadsAgree(t *testing.T) {
	s := newStore(t)
	const code, writers, notesEach = "K7PQ2X", 4, 25
	commit(t, s, code, changesFor(fullWorkshop()))
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 2*writers)
	for w := range writers {
		wg.Go(func() {
			for i := range notesEach {
				id := int64(100 + w*notesEach + i)
				n := session.Note{ID: id, Question: session.QuestionDo, Text: "note", Author: "SHA256:alice"}
				if err := s.Commit(ctx, code, &session.Changes{Notes: []session.Note{n}}); err != nil {
					errs <- err
					return
				}
			}
		})
		wg.Go(func() {
			for range notesEach {
				if _, err := s.Load(ctx, code); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, want := len(load(t, s, code).Notes), len(fullWorkshop().Notes)+writers*notesEach; got != want {
		t.Errorf("after concurrent commits, %d notes are stored, want %d", got, want)
	}
}

func BenchmarkCommitNote(b *testing.B) {
	s := newStore(b)
	const code = "K7PQ2X"
	commit(b, s, code, changesFor(fullWorkshop()))
	ctx := context.Background()
	ch := &session.Changes{Notes: make([]session.Note, 1)}
	for i := 0; b.Loop(); i++ {
		ch.Notes[0] = session.Note{
			ID: int64(100 + i), Question: session.QuestionWho, Text: "Internal app developers",
			Author: "SHA256:alice", Segment: 1, CreatedAt: at(1767225100000 + int64(i)),
		}
		if err := s.Commit(ctx, code, ch); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	s := newStore(b)
	const code, participants, segments, notes = "BIG777", 500, 30, 1500
	d := &session.Data{Workshop: session.WorkshopInfo{
		Code: code, Title: "Big", Phase: session.PhaseVote, Settings: session.DefaultSettings(),
		CreatedBy: "p0", CreatedAt: at(1767225000000),
	}}
	for i := range participants {
		d.Participants = append(d.Participants, session.Participant{
			ID: fmt.Sprintf("SHA256:participant-%03d", i), Name: fmt.Sprintf("Person %d", i), JoinedAt: at(1767225000000 + int64(i)),
		})
	}
	for i := range segments {
		d.Segments = append(d.Segments, session.Segment{ID: int64(i + 1), Name: fmt.Sprintf("Segment %d", i), Position: i})
	}
	for i := range notes {
		d.Notes = append(d.Notes, session.Note{
			ID: int64(i + 1), Question: session.Questions[i%3], Text: fmt.Sprintf("An idea of some typical length, number %d", i),
			Author: d.Participants[i%participants].ID, Segment: int64(i%segments + 1), CreatedAt: at(1767225100000 + int64(i)),
		})
	}
	commit(b, s, code, changesFor(d))
	ctx := context.Background()
	for b.Loop() {
		got, err := s.Load(ctx, code)
		if err != nil {
			b.Fatal(err)
		}
		if len(got.Notes) != notes {
			b.Fatalf("loaded %d notes, want %d", len(got.Notes), notes)
		}
	}
}

// A database written before Discuss existed (schema 0001 only) opens with
// its workshops where they were: a done workshop is still done (Discuss
// took the phase number Done had), its segments not yet said who they
// are, and no next steps.
func TestDiscussMigrationKeepsOlderWorkshops(t *testing.T) {
	path := filepath.Join(t.TempDir(), "forwhom.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	initSQL, err := os.ReadFile(filepath.Join("migrations", "0001_init.sql"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT`,
		string(initSQL),
		`INSERT INTO schema_migrations VALUES (1, 0)`,
		`INSERT INTO workshops VALUES ('DONE23', 'Old and done', 5, 1, 1, 0, 1, 5, 3, NULL, 'SHA256:alice', 1767225000000)`,
		`INSERT INTO workshops VALUES ('PRIO45', 'Old, prioritizing', 4, 1, 1, 0, 1, 5, 3, NULL, 'SHA256:alice', 1767225000000)`,
		`INSERT INTO segments VALUES ('DONE23', 1, 'Developers', 0)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("building a schema-1 database: %v", err)
		}
	}
	db.Close()

	s := openAt(t, path)
	defer closeStore(t, s)
	done := load(t, s, "DONE23")
	if done.Workshop.Phase != session.PhaseDone || done.Workshop.Spotlight != 0 || done.Workshop.Settings.TimeBox != 0 {
		t.Errorf("the done workshop loads in %v with spotlight %d, time box %v; want done, 0, 0",
			done.Workshop.Phase, done.Workshop.Spotlight, done.Workshop.Settings.TimeBox)
	}
	if want := []session.Segment{{ID: 1, Name: "Developers"}}; !reflect.DeepEqual(done.Segments, want) || len(done.NextSteps) != 0 {
		t.Errorf("segments %+v and next steps %+v; want %+v and none", done.Segments, done.NextSteps, want)
	}
	if p := load(t, s, "PRIO45").Workshop.Phase; p != session.PhasePrioritize {
		t.Errorf("the prioritizing workshop loads in %v", p)
	}
}
