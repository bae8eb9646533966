package session_test

import (
	"context"
	"errors"
	"testing"

	"forwhom/session"
)

// Preferences are kept per key; a guest's are refused (they have no key),
// and nothing saved for one key shows for another.
func TestPreferencesPerKey(t *testing.T) {
	ctx := context.Background()
	m := session.NewManager(session.NewMemoryStore(), session.Options{})
	defer m.Close()
	ada := session.Identity{ID: "SHA256:ada", Name: "Ada"}
	want := session.Preferences{Theme: "mono\x1b[31m", ReducedMotion: true, Bell: true}
	if err := m.SavePreferences(ctx, ada, want); err != nil {
		t.Fatal(err)
	}
	got, err := m.Preferences(ctx, ada)
	if err != nil || got.Theme != "mono" || !got.ReducedMotion || !got.Bell {
		t.Errorf("Ada's preferences: %+v, %v; want them saved, sanitized", got, err)
	}
	if got, _ := m.Preferences(ctx, session.Identity{ID: "SHA256:bob"}); got != (session.Preferences{}) {
		t.Errorf("Bob sees %+v; want nothing saved", got)
	}
	guest := session.Identity{ID: "guest-1", Guest: true}
	if err := m.SavePreferences(ctx, guest, want); !errors.Is(err, session.ErrNotSaved) {
		t.Errorf("a guest's save: %v; want ErrNotSaved", err)
	}
}
