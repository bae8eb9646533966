// Command forwhom is the host's one binary: it serves "Who's your
// customer?" workshops over SSH (a Bubble Tea TUI and exec commands over one
// SQLite store), and `forwhom export` prints a workshop's result straight
// from the data directory.
//
// This package only wires things together, as soft-serve's cmd does: flags
// and environment (config.go), the SSH server and its one middleware list
// (server.go), identity from the authenticated key (identity.go), limits per
// address (connlimit.go), the running programs (programs.go) and the exec
// command router (commands.go). The rules live in session, the screens in
// tui, the SQL in store; the one check made here is that only a facilitator
// of a workshop (as its snapshot says) may export it over SSH.
package main
