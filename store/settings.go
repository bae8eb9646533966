package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"forwhom/session"
)

// Preferences implements session.PreferenceStore: the settings saved
// under a key, if any.
func (s *Store) Preferences(ctx context.Context, id string) (session.Preferences, bool, error) {
	var p session.Preferences
	err := s.read.QueryRowContext(ctx,
		`SELECT theme, reduced_motion, bell FROM settings WHERE participant = ?`, id).
		Scan(&p.Theme, &p.ReducedMotion, &p.Bell)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return session.Preferences{}, false, nil
	case err != nil:
		return session.Preferences{}, false, fmt.Errorf("load settings: %w", err)
	}
	return p, true, nil
}

// SavePreferences implements session.PreferenceStore.
func (s *Store) SavePreferences(ctx context.Context, id string, p session.Preferences) error {
	_, err := s.write.ExecContext(ctx,
		`INSERT INTO settings (participant, theme, reduced_motion, bell, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (participant) DO UPDATE SET theme = excluded.theme,
			reduced_motion = excluded.reduced_motion, bell = excluded.bell, updated_at = excluded.updated_at`,
		id, p.Theme, p.ReducedMotion, p.Bell, time.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}
