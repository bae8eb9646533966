package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"forwhom/session"
)

// Settings are kept per key, replaced on save, and survive reopening.
func TestSettingsAreKeptPerKeyAcrossReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "forwhom.db")
	s := openAt(t, path)
	if _, ok, err := s.Preferences(ctx, "SHA256:alice"); ok || err != nil {
		t.Fatalf("settings before any were saved: ok %v, err %v", ok, err)
	}
	alice := session.Preferences{Theme: "mono", ReducedMotion: true, Bell: true}
	for _, p := range []session.Preferences{{Theme: "light"}, alice} { // the second replaces the first
		if err := s.SavePreferences(ctx, "SHA256:alice", p); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SavePreferences(ctx, "SHA256:bob", session.Preferences{Theme: "high-contrast"}); err != nil {
		t.Fatal(err)
	}
	closeStore(t, s)

	s = openAt(t, path)
	defer closeStore(t, s)
	for id, want := range map[string]session.Preferences{"SHA256:alice": alice, "SHA256:bob": {Theme: "high-contrast"}} {
		got, ok, err := s.Preferences(ctx, id)
		if err != nil || !ok || got != want {
			t.Errorf("%s: %+v, %v, %v; want %+v", id, got, ok, err, want)
		}
	}
}
