package session_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"forwhom/session"
)

// flakyStore is a MemoryStore whose commits fail while broken is set.
type flakyStore struct {
	*session.MemoryStore
	broken atomic.Bool
}

var errDiskFull = errors.New("disk full")

func (s *flakyStore) Commit(ctx context.Context, code string, ch *session.Changes) error {
	if s.broken.Load() {
		return errDiskFull
	}
	return s.MemoryStore.Commit(ctx, code, ch)
}

// TestFailedCommitChangesNothing: nothing is applied, or shown to anyone,
// unless the store has it.
func TestFailedCommitChangesNothing(t *testing.T) {
	ctx := context.Background()
	st := &flakyStore{MemoryStore: session.NewMemoryStore()}
	m := session.NewManager(st, session.Options{Limits: testLimits(), Log: func(string, ...any) {}})
	t.Cleanup(m.Close)
	code, err := m.Create(ctx, facilitator, "Platform team")
	if err != nil {
		t.Fatal(err)
	}
	fac, err := m.Join(ctx, code, facilitator)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fac.Close)
	before := fac.Snapshot()

	st.broken.Store(true)
	err = fac.Do(ctx, session.SetPhase{Phase: session.PhaseAnswer})
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("a failed commit returned %v, want it to wrap the store's error", err)
	}
	for _, kind := range []error{session.ErrInvalid, session.ErrWrongPhase, session.ErrNotFacilitator} {
		if errors.Is(err, kind) {
			t.Errorf("a failed commit reads as the refusal %v", kind)
		}
	}
	after := fac.Snapshot()
	if after.Version != before.Version || after.Workshop.Phase != session.PhaseLobby {
		t.Errorf("after a failed commit: version %d → %d, phase %v", before.Version, after.Version, after.Workshop.Phase)
	}
	if _, err := m.Join(ctx, code, session.Identity{ID: "SHA256:pat", Name: "Pat"}); !errors.Is(err, errDiskFull) {
		t.Errorf("joining while the store fails: %v", err)
	}
	if n := len(fac.Snapshot().Participants); n != 1 {
		t.Errorf("%d participants after a failed join, want 1", n)
	}

	st.broken.Store(false)
	if err := fac.Do(ctx, session.SetPhase{Phase: session.PhaseAnswer}); err != nil {
		t.Fatalf("once the store works again: %v", err)
	}
}

// TestIdleWorkshopUnloadsAndComesBack: a workshop nobody is in leaves
// memory, and the next person to join finds it as it was.
func TestIdleWorkshopUnloadsAndComesBack(t *testing.T) {
	ctx := context.Background()
	st := session.NewMemoryStore()
	m := session.NewManager(st, session.Options{Limits: testLimits(), IdleUnload: 10 * time.Millisecond})
	t.Cleanup(m.Close)
	code, err := m.Create(ctx, facilitator, "Platform team")
	if err != nil {
		t.Fatal(err)
	}
	fac, err := m.Join(ctx, code, facilitator)
	if err != nil {
		t.Fatal(err)
	}
	if err := fac.Do(ctx, session.SetPhase{Phase: session.PhaseAnswer}); err != nil {
		t.Fatal(err)
	}
	if err := fac.Do(ctx, session.AddNote{Question: session.QuestionWho, Text: "Developers"}); err != nil {
		t.Fatal(err)
	}
	fac.Close()

	deadline := time.Now().Add(10 * time.Second)
	for m.Loaded() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the idle workshop is still loaded")
		}
		time.Sleep(time.Millisecond) // a polling interval, not a guess at how long unloading takes
	}
	again, err := m.Join(ctx, code, facilitator)
	if err != nil {
		t.Fatalf("rejoining an unloaded workshop: %v", err)
	}
	t.Cleanup(again.Close)
	v := again.View()
	if v.Workshop.Phase != session.PhaseAnswer || len(v.Notes) != 1 || v.Notes[0].Text != "Developers" || !v.Mine(v.Notes[0].ID) {
		t.Errorf("after reloading: phase %v, notes %+v", v.Workshop.Phase, v.Notes)
	}
}
