// Package session is the heart of forwhom: the workshop model, its phases
// and rules, the per-workshop apply loop that commits every accepted command
// before anyone sees it, the fan-out of new state to connected participants,
// the per-participant projection, ranking, and export rendering.
//
// It knows nothing about SSH, SQL or terminals: it must not import the tui or
// store packages, database/sql, or any SSH or Bubble Tea package. Storage is
// reached through the small Store interface declared in store.go; screens
// reach the session through Manager and Conn.
package session
