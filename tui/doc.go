// Package tui is forwhom's terminal interface: Bubble Tea models and views
// for the lobby and every workshop phase, their keymaps, and the one theme.
//
// It talks to the session package only (Manager and Conn): it must not
// import store, database/sql, any SSH package or the runtime that runs it
// (layout_test.go checks), so every screen can be tested without a
// server.
//
// The model is kept strictly Elm-shaped: Update changes the model and
// returns commands, and every call into the session that waits (joining,
// waiting for the next state) runs in a tea.Cmd that reports back with a
// message (effects.go); under the runtime the loop itself waits for the
// next state (Model.Watching), the one exception. The viewer's commands are
// queued in their connection's outbox from Update (Conn.Submit, which never
// waits), so they run in the order they were made; the answers come back
// with the next state, in that order (workshop.go: send, answered). The
// interface decides no permission itself: what the viewer may do comes
// with every view (session.View.Can), the session judges every command,
// and a refusal is shown as the session worded it.
//
// Files by job: model.go (the root: lobby or workshop, size, theme,
// shutdown), theme.go, keys.go (every keymap), layout.go (measuring and
// fitting text by terminal cells), lobby.go, workshop.go (the frame around
// every phase), one file per phase (waiting, answer, group, vote,
// prioritize, done), people.go, facilitator.go and prompt.go; frame.go
// (writing a frame once, and the parts kept between frames).
//
// For SSH clients the model does not run on a tea.Program but on the
// terminal runtime, internal/teahost (same contract for the model, a
// fraction of the memory per client; the README's Performance section
// says why, with figures). The model takes up the runtime's two offers in
// hosted.go: its frames are written into lent buffers, and the runtime
// waits for the workshop's changes itself.
package tui
