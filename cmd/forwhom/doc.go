// Command forwhom is the host's one binary: it serves "Who's your
// customer?" workshops over SSH (a Bubble Tea TUI and exec commands over one
// SQLite store), and `forwhom export` prints a workshop's result straight
// from the data directory.
//
// This package only wires things together, as soft-serve's cmd does: flags
// and environment (config.go), opening the store and starting and stopping
// the SSH server over it (start.go), and main.go. The rules live in
// session, the screens in tui, the SSH server in sshserver, the terminal
// runtime in internal/teahost, the SQL in store.
package main
