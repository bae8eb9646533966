package sshserver

import (
	"testing"
	"time"
)

// The guard's clock: a blocked write evicts; writes that finish do not,
// and cost no allocation each (a screen writes on every change).
func TestStallGuardTimesWrites(t *testing.T) {
	evicted := make(chan struct{})
	g := &stallGuard{timeout: 100 * time.Millisecond}
	g.evict = func() { close(evicted) }

	quick := func(p []byte) (int, error) { return len(p), nil }
	p := []byte("frame")
	if n := testing.AllocsPerRun(100, func() { _, _ = g.timed(quick, p) }); n != 0 {
		t.Errorf("a write allocates %v times; want 0", n)
	}
	for range 10 { // over twice the timeout in all, each write quick
		_, _ = g.timed(quick, p)
		time.Sleep(25 * time.Millisecond)
	}
	select {
	case <-evicted:
		t.Fatal("a client whose writes all finished was evicted")
	default:
	}

	release := make(chan struct{})
	blocked := func(p []byte) (int, error) { <-release; return len(p), nil }
	go func() { _, _ = g.timed(blocked, p) }()
	select {
	case <-evicted:
	case <-time.After(10 * time.Second):
		t.Fatal("a write blocked past the timeout did not evict the client")
	}
	close(release)
}

// Writes that start while one is blocked do not restart its clock: only
// a write that finishes shows the client is reading.
func TestStallGuardEvictsWhileWritesKeepStarting(t *testing.T) {
	evicted := make(chan struct{})
	g := &stallGuard{timeout: 100 * time.Millisecond}
	g.evict = func() { close(evicted) }
	release := make(chan struct{})
	defer close(release)
	blocked := func(p []byte) (int, error) { <-release; return len(p), nil }
	deadline := time.After(10 * time.Second)
	for {
		go func() { _, _ = g.timed(blocked, nil) }()
		select {
		case <-evicted:
			return
		case <-deadline:
			t.Fatal("a client whose writes all stayed blocked was never evicted while new ones kept starting")
		case <-time.After(20 * time.Millisecond): // a screen's pace of new frames
		}
	}
}
