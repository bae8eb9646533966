package tui

import tea "charm.land/bubbletea/v2"

// The model's side of the terminal runtime's two contracts
// (internal/teahost: FrameLender and Watcher). A tea.Program knows
// neither, so under one the model allocates each frame and keeps a
// command waiting for its workshop's next change, as Bubble Tea expects.

// LendFrames makes frames be written into buffers lent from freeFrames:
// the host reads a frame's content only until it calls ReleaseFrame.
func (m *Model) LendFrames() { m.shareFrames = true }

// ReleaseFrame gives the last frame's buffer back to freeFrames.
func (m *Model) ReleaseFrame() { m.releaseFrame() }

// Watch tells the model that the host waits for its workshop's changes
// itself: no command is left waiting for the next one.
func (m *Model) Watch() { m.watched = true }

// Watching is what the host waits on: the workshop's next change and its
// end, and the messages that tell the model of each; nil channels with no
// workshop open.
func (m *Model) Watching() (changed, ended <-chan struct{}, onChange, onEnd func() tea.Msg) {
	return m.watching()
}
