// Package sshserver is forwhom's SSH server: the one middleware list
// every session goes through (server.go: logging, the stall guard, rate
// and connection limits, identity, the exec command router, the terminal
// check and the workshop screen), who a session is (identity.go), limits
// per address and in total (connlimit.go), the guard that disconnects a
// client that stopped reading (stall.go), the writer that sends frames
// past the PTY emulation (rawpty.go), the running screens (programs.go)
// and the exec commands (commands.go; local.go runs them for the host).
//
// It serves a session.Manager it is given, running each terminal
// session's tui.Model on the terminal runtime (internal/teahost); it opens
// no store and holds no rule of its own beyond one: only a facilitator of
// a workshop (as its snapshot says) may export it over SSH.
package sshserver
