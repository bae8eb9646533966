package session

// Snapshot returns the newest state of the whole workshop, hidden parts
// included. Tests only: a connection's screen must see its View, never the
// whole state (Manager.Snapshot serves exports).
func (c *Conn) Snapshot() *Snapshot { return c.l.latest.Load() }
