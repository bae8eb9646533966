package session

import (
	"context"
	"errors"
)

// Preferences are one person's display settings (theme, motion, bell),
// kept under their key and applied on every connection, in any workshop.
// The session does not interpret them: the screens do.
type Preferences struct {
	Theme         string // a theme's name; empty for the default
	ReducedMotion bool
	Bell          bool // ring the terminal bell when the phase timer ends
}

// MaxThemeLen bounds a stored theme name.
const MaxThemeLen = 32

// PreferenceStore is a Store that also keeps people's preferences. A
// store without it keeps none: preferences then last one connection.
type PreferenceStore interface {
	// Preferences returns what was saved for a key, and whether anything
	// was.
	Preferences(ctx context.Context, id string) (Preferences, bool, error)
	// SavePreferences saves them for a key, replacing what was there.
	SavePreferences(ctx context.Context, id string, p Preferences) error
}

// ErrNotSaved says preferences cannot be kept: for a guest (there is no
// key to keep them under) or on a server that keeps none.
var ErrNotSaved = errors.New("preferences are not saved")

// Preferences returns the viewer's saved preferences; the zero value if
// none were saved, for a guest, or when the store keeps none.
func (m *Manager) Preferences(ctx context.Context, who Identity) (Preferences, error) {
	ps, ok := m.store.(PreferenceStore)
	if !ok || who.Guest || who.ID == "" {
		return Preferences{}, nil
	}
	p, _, err := ps.Preferences(ctx, who.ID)
	if err != nil {
		m.logf("loading preferences failed", "id", who.ID, "err", err)
		return Preferences{}, errors.New("your saved settings could not be loaded; the defaults apply")
	}
	return p, nil
}

// SavePreferences keeps the viewer's preferences under their key. A
// guest's are refused with ErrNotSaved (they still apply to the
// connection: the caller keeps them).
func (m *Manager) SavePreferences(ctx context.Context, who Identity, p Preferences) error {
	if who.Guest || who.ID == "" {
		return refuse(ErrNotSaved, "settings last for this connection only: guests have no key to keep them under")
	}
	ps, ok := m.store.(PreferenceStore)
	if !ok {
		return refuse(ErrNotSaved, "settings last for this connection only: this server keeps no data")
	}
	p.Theme = Sanitize(p.Theme, MaxThemeLen)
	ctx, cancel := context.WithTimeout(ctx, m.commitTimeout)
	defer cancel()
	if err := ps.SavePreferences(ctx, who.ID, p); err != nil {
		m.logf("saving preferences failed", "id", who.ID, "err", err)
		return errors.New("your settings could not be saved; they apply to this connection")
	}
	return nil
}

// Preferences implements PreferenceStore.
func (m *MemoryStore) Preferences(_ context.Context, id string) (Preferences, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.prefs[id]
	return p, ok, nil
}

// SavePreferences implements PreferenceStore.
func (m *MemoryStore) SavePreferences(_ context.Context, id string, p Preferences) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.prefs == nil {
		m.prefs = map[string]Preferences{}
	}
	m.prefs[id] = p
	return nil
}
