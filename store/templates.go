package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"forwhom/session"
)

// questionsColumn is a workshop's questions as the questions column keeps
// them: NULL for Heffernan's three, else their JSON.
func questionsColumn(qs session.QuestionSet) (sql.NullString, error) {
	if qs.Default() {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(qs)
	if err != nil {
		return sql.NullString{}, fmt.Errorf("questions: %w", err)
	}
	return sql.NullString{String: string(b), Valid: true}, nil
}

func fromQuestionsColumn(c sql.NullString) (session.QuestionSet, error) {
	var qs session.QuestionSet
	if !c.Valid {
		return qs, nil
	}
	err := json.Unmarshal([]byte(c.String), &qs)
	return qs, err
}

func nullText(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// Templates implements session.TemplateStore: the owner's templates by name.
func (s *Store) Templates(ctx context.Context, owner string) ([]session.Template, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT name, questions, anonymous, hide_notes, dot_budget,
			max_per_segment, created_at
		FROM templates WHERE owner = ? ORDER BY name`, owner)
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	defer rows.Close()
	var out []session.Template
	for rows.Next() {
		t := session.Template{Owner: owner}
		var questions string
		var created sql.NullInt64
		if err := rows.Scan(&t.Name, &questions, &t.Anonymous, &t.HideNotes, &t.DotBudget,
			&t.MaxPerSegment, &created); err != nil {
			return nil, fmt.Errorf("list templates: %w", err)
		}
		if t.Questions, err = fromQuestionsColumn(sql.NullString{String: questions, Valid: true}); err != nil {
			return nil, fmt.Errorf("list templates: template %s: %w", t.Name, err)
		}
		t.CreatedAt = fromMillis(created)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	return out, nil
}

// SaveTemplate implements session.TemplateStore.
func (s *Store) SaveTemplate(ctx context.Context, t session.Template) error {
	questions, err := json.Marshal(t.Questions)
	if err != nil {
		return fmt.Errorf("save template %s: %w", t.Name, err)
	}
	if _, err := s.write.ExecContext(ctx, `INSERT INTO templates (owner, name, questions, anonymous,
			hide_notes, dot_budget, max_per_segment, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (owner, name) DO UPDATE SET questions = excluded.questions,
			anonymous = excluded.anonymous, hide_notes = excluded.hide_notes,
			dot_budget = excluded.dot_budget, max_per_segment = excluded.max_per_segment,
			created_at = excluded.created_at`,
		t.Owner, t.Name, string(questions), t.Anonymous, t.HideNotes, t.DotBudget, t.MaxPerSegment,
		millis(t.CreatedAt)); err != nil {
		return fmt.Errorf("save template %s: %w", t.Name, err)
	}
	return nil
}

// DeleteTemplate implements session.TemplateStore.
func (s *Store) DeleteTemplate(ctx context.Context, owner, name string) error {
	if _, err := s.write.ExecContext(ctx, `DELETE FROM templates WHERE owner = ? AND name = ?`, owner, name); err != nil {
		return fmt.Errorf("delete template %s: %w", name, err)
	}
	return nil
}
