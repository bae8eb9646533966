package session

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
)

// MemoryStore is a Store that keeps workshops in memory only: for tests and
// for trying forwhom out without a data directory. It keeps the same
// invariants as the SQL store (changes applied all or nothing).
type MemoryStore struct {
	mu        sync.Mutex
	workshops map[string]*state
	prefs     map[string]Preferences         // by participant ID (see preferences.go)
	templates map[string]map[string]Template // owner → name → template
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{workshops: map[string]*state{}, templates: map[string]map[string]Template{}}
}

// Templates implements TemplateStore.
func (m *MemoryStore) Templates(_ context.Context, owner string) ([]Template, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Collect(maps.Values(m.templates[owner]))
	slices.SortFunc(out, func(a, b Template) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}

// SaveTemplate implements TemplateStore.
func (m *MemoryStore) SaveTemplate(_ context.Context, t Template) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.templates[t.Owner] == nil {
		m.templates[t.Owner] = map[string]Template{}
	}
	m.templates[t.Owner][t.Name] = t
	return nil
}

// DeleteTemplate implements TemplateStore.
func (m *MemoryStore) DeleteTemplate(_ context.Context, owner, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.templates[owner], name)
	return nil
}

// Load implements Store.
func (m *MemoryStore) Load(_ context.Context, code string) (*Data, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st, ok := m.workshops[code]
	if !ok {
		return nil, fmt.Errorf("loading %s: %w", code, ErrUnknownWorkshop)
	}
	return st.snapshot(0, nil).Data(), nil
}

// Commit implements Store.
func (m *MemoryStore) Commit(_ context.Context, code string, ch *Changes) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	st, ok := m.workshops[code]
	if !ok {
		if ch.Workshop == nil {
			return fmt.Errorf("committing to %s: %w", code, ErrUnknownWorkshop)
		}
		st = newState(&Data{Workshop: *ch.Workshop})
		m.workshops[code] = st
	}
	st.apply(ch)
	return nil
}

// Workshops implements Store.
func (m *MemoryStore) Workshops(_ context.Context, participantID string) ([]Summary, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Summary
	for _, st := range m.workshops {
		p, ok := st.parts[participantID]
		if !ok || p.Removed {
			continue
		}
		out = append(out, Summary{
			Code: st.info.Code, Title: st.info.Title, Phase: st.info.Phase, Role: p.Role,
			Participants: st.activeParticipants(), CreatedAt: st.info.CreatedAt,
		})
	}
	slices.SortFunc(out, func(a, b Summary) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(a.Code, b.Code))
	})
	return out, nil
}
