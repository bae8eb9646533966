// Package store is forwhom's persistence: every workshop, participant, note,
// segment, vote and insight pick in one SQLite file, through the pure-Go
// modernc.org/sqlite driver.
//
// A *Store implements session.Store. The session commits each accepted
// command through Commit before anyone is told it happened, so Commit is on
// the path of every user action and is kept to one short transaction over
// statements prepared once. The schema is versioned: numbered SQL files in
// migrations/, embedded in the binary and applied in order by Open.
//
// store depends on session for its record types and nothing else of forwhom;
// it must not import tui or any SSH package.
package store
