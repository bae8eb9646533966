// Package forwhom holds no code: it is the module's root, and its test
// checks the layout the folders promise (docs/ARCHITECTURE.md):
//
//	session            the rules: model, phases, permissions, the serialized
//	                   apply loop per workshop, fan-out, views, exports
//	store              SQLite: the session's Store, versioned migrations
//	tui                the screens: Bubble Tea models and views
//	plain              plain mode: a line-oriented client for screen
//	                   readers, sentences out and typed commands in
//	sshserver          the SSH server: middleware, identity, limits, exec
//	                   commands; runs the screens on the terminal runtime
//	internal/teahost   the terminal runtime: runs any tea.Model on a given
//	                   terminal (host, screen, input)
//	internal/cellwidth text measured in terminal cells
//	internal/throttle  limits per key or address, saying how long to wait
//	suggest            suggested segments from the notes' words
//	cmd/forwhom        the binary: flags, opening the store, start, stop
package forwhom
