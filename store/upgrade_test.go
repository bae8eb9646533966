package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// A database made before migration 0005 opens with its workshops asking
// Heffernan's three questions, following none, and with no templates.
func TestWorkshopsFromBefore0005KeepHeffernansQuestions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "forwhom.db")
	ms, err := readMigrations(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	var before []migration
	for _, m := range ms {
		if m.version < 5 {
			before = append(before, m)
		}
	}
	db, err := sql.Open("sqlite", dsn(path, "_pragma", "foreign_keys(ON)", "_txlock", "immediate"))
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, before); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO workshops (code, title, phase, anonymous, hide_notes, grouping_locked,
		votes_revealed, dot_budget, max_per_segment, created_by) VALUES ('OLD234', 'Old', 0, 1, 1, 0, 0, 5, 3, 'SHA256:a')`); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s, err := Open(path)
	if err != nil {
		t.Fatalf("opening a database from before 0005: %v", err)
	}
	defer s.Close()
	d, err := s.Load(ctx, "OLD234")
	if err != nil {
		t.Fatal(err)
	}
	if !d.Workshop.Questions.Default() || d.Workshop.Follows != "" || len(d.Earlier) != 0 {
		t.Errorf("the old workshop: questions %+v, follows %q, earlier %+v", d.Workshop.Questions.Defs(), d.Workshop.Follows, d.Earlier)
	}
	if ts, err := s.Templates(ctx, "SHA256:a"); err != nil || len(ts) != 0 {
		t.Errorf("templates: %+v, %v", ts, err)
	}
}
