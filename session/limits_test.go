package session_test

import (
	"errors"
	"fmt"
	"testing"

	"forwhom/session"
)

// The action rate is per participant, not per connection: opening a second
// connection (a second terminal, a reconnect before the old one closed)
// must not double what one person may do.
func TestAParticipantsConnectionsShareOneActionAllowance(t *testing.T) {
	lim := testLimits()
	lim.ActionsPerSecond, lim.ActionBurst = 1, 3
	w := newWorkshop(t, lim)
	pat := session.Identity{ID: "SHA256:pat", Name: "Pat"}
	first, second := w.join(pat), w.join(pat)
	pia := w.participant("pia", "Pia")

	steps := []struct {
		name string
		by   *session.Conn
		want error
	}{
		{"pat's first action, on the first connection", first, nil},
		{"pat's second action, on the second connection", second, nil},
		{"pat's third action, on the first again", first, nil},
		{"a fourth on the second connection is too fast: the burst is shared", second, session.ErrTooFast},
		{"and on the first connection too", first, session.ErrTooFast},
		{"another participant is not slowed by it", pia, nil},
	}
	for i, s := range steps {
		err := s.by.Do(w.ctx, session.Rename{Name: fmt.Sprint("Name ", i)})
		if !errors.Is(err, s.want) {
			t.Fatalf("step %d, %s: got %v, want %v", i, s.name, err, s.want)
		}
	}

	// A connection that joins later still shares what is left.
	third := w.join(pat)
	if err := third.Do(w.ctx, session.Rename{Name: "Third"}); !errors.Is(err, session.ErrTooFast) {
		t.Errorf("a third connection of the same participant: got %v, want %v", err, session.ErrTooFast)
	}
}
