package session

import "reflect"

// Snapshot returns the newest state of the whole workshop, hidden parts
// included. Tests only: a connection's screen must see its View, never the
// whole state (Manager.Snapshot serves exports).
func (c *Conn) Snapshot() *Snapshot { return c.l.latest.Load() }

// Afresh is what s should be: a snapshot of the workshop as the store has
// it, made from nothing (shared with no earlier one), with s's version and
// presence. Tests only.
func (s *Snapshot) Afresh(store *MemoryStore) *Snapshot {
	store.mu.Lock()
	defer store.mu.Unlock()
	st := *store.workshops[s.Workshop.Code]
	st.last, st.dirty = nil, dirty{}
	return st.snapshot(s.Version, s.Online)
}

// SharedWith names what s's board took over from a's, without copying
// (its board is built if it was not). Tests only.
func (s *Snapshot) SharedWith(a *Snapshot) []string {
	x, y := a.shared(), s.shared()
	var out []string
	same := func(name string, p, q any) {
		// Empty ones are not shared, though they may point alike.
		a, b := reflect.ValueOf(p), reflect.ValueOf(q)
		if a.Len() > 0 && b.Len() > 0 && a.UnsafePointer() == b.UnsafePointer() {
			out = append(out, name)
		}
	}
	same("participants", a.Participants, s.Participants)
	same("online", a.Online, s.Online)
	same("roster", x.names, y.names)
	same("notes", x.notes, y.notes)
	same("people", x.people, y.people)
	if len(x.byPosition) > 0 && len(y.byPosition) > 0 {
		same("segment notes", x.byPosition[0].Notes, y.byPosition[0].Notes)
	}
	return out
}

// HoldsSeed reports whether s still keeps the earlier board it was to
// share from. Tests only.
func (s *Snapshot) HoldsSeed() bool { return s.seed.Load() != nil }
