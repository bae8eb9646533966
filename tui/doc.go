// Package tui is forwhom's terminal interface: Bubble Tea models and views
// for the lobby and every workshop phase, their keymaps, and the one theme.
//
// It talks to the session package only (Manager and Conn): it must not
// import store, database/sql or any SSH package, so every screen can be
// tested with teatest without a server.
package tui
