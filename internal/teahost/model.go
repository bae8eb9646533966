package teahost

import tea "charm.land/bubbletea/v2"

// FrameLender is a model whose frames are written into a buffer it reuses:
// View's Content is lent to the host, not given, so that no frame is
// allocated (on a busy server that was most of what the garbage collector
// had to do).
//
// The contract: NewHost calls LendFrames once, before any View. From then
// on the host reads the Content of a View only until it calls
// ReleaseFrame, which it does after every View, once the frame has been
// drawn (compared with the last one and turned into the bytes the
// terminal is sent, which are the host's own), and before the next Update
// or View. After ReleaseFrame the model may write over that Content; the
// host keeps no string of it (only hashes). A model that is never told
// LendFrames must give every View's Content for keeps, as Bubble Tea's
// renderer requires (it keeps the last frame).
type FrameLender interface {
	LendFrames()
	ReleaseFrame()
}

// Watcher is a model with events of its own that the host waits on beside
// its messages, on its loop, rather than the model keeping a command (a
// goroutine) waiting for each.
//
// NewHost calls Watch once, before Init: from then on the model need not
// wait for those events in commands. Before each wait the loop calls
// Watching, on the loop between turns, for what to wait on now: changed is
// ready when the model has news and ended when what it watches has ended;
// when one is ready the host calls the matching function on the drawer and
// hands its message to Update. Either channel may be nil (never ready).
type Watcher interface {
	Watch()
	Watching() (changed, ended <-chan struct{}, onChange, onEnd func() tea.Msg)
}
