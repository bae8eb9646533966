package session

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// ErrClosed is returned once the server is shutting down.
var ErrClosed = errors.New("the server is shutting down")

// live is one loaded workshop: its state, owned by one goroutine (run) that
// applies commands one at a time, and its subscribers.
type live struct {
	m      *Manager
	code   string
	reqs   chan request
	done   chan struct{} // closed when run returns
	latest atomic.Pointer[Snapshot]

	// refs counts connections and readers holding this workshop loaded;
	// guarded by m.mu, so a workshop is unloaded only when nobody holds it.
	refs int

	// buckets hold each participant's allowance of actions, one per
	// participant however many connections they have open, so a second
	// connection does not double the rate. Checked before a command reaches
	// the loop, hence a mutex of its own rather than the loop's ownership.
	bucketsMu sync.Mutex
	buckets   map[string]*bucket

	// Owned by run.
	st      *state
	version uint64
	online  map[string]int
	subs    map[*Conn]struct{}
}

type request struct {
	conn  *Conn   // who asks (for a join, the new connection)
	as    string  // who asks without a connection (an exec command)
	host  bool    // the host asks, on its own data (a local command)
	cmd   Command // the command, or a join
	leave bool    // the connection is going away
	reply chan error
}

// hostActor is who a host's local command acts as: with a facilitator's
// rights, as nobody in the room.
var hostActor = Participant{Name: "host", Role: RoleFacilitator}

func newLive(m *Manager, code string, d *Data) *live {
	l := &live{
		m:      m,
		code:   code,
		reqs:   make(chan request, 64),
		done:   make(chan struct{}),
		st:     newState(d),
		online: map[string]int{},
		subs:   map[*Conn]struct{}{},

		buckets: map[string]*bucket{},
	}
	l.version = 1
	l.st.suggester = m.suggest
	l.latest.Store(l.st.snapshot(l.version, l.online).withSuggestions())
	return l
}

// run is the workshop's apply loop.
func (l *live) run() {
	defer close(l.done)
	idle := time.NewTimer(l.m.idleUnload)
	defer idle.Stop()
	for {
		select {
		case r := <-l.reqs:
			r.reply <- l.handle(r)
			if len(l.subs) == 0 {
				idle.Reset(l.m.idleUnload)
			}
		case <-idle.C:
			if l.m.unload(l) {
				return
			}
			idle.Reset(l.m.idleUnload)
		case <-l.m.closing:
			return
		}
	}
}

func (l *live) handle(r request) error {
	c := r.conn
	switch {
	case r.leave:
		delete(l.subs, c)
		l.online[c.id]--
		if l.online[c.id] <= 0 {
			delete(l.online, c.id)
		}
		l.publish()
		return nil
	case r.cmd == nil:
		return refuse(ErrInvalid, "nothing to do")
	}
	j, joining := r.cmd.(join)
	if joining && j.who.Guest {
		j.guestsHere = l.st.guestsOnline(l.online)
		r.cmd = j
	}
	id := r.as
	if c != nil {
		id = c.id
	}
	actor, ok := l.st.parts[id]
	if r.host {
		actor, ok = hostActor, true
	}
	if joining && c == nil {
		return refuse(ErrInvalid, "joining needs a connection")
	}
	if !joining && (!ok || actor.Removed) {
		return refuse(ErrRemoved, "you were removed from this workshop")
	}
	changed, err := l.commit(actor, r.cmd)
	if err != nil {
		return err
	}
	if joining {
		l.subs[c] = struct{}{}
		l.online[j.who.ID]++
		changed = true
	}
	if changed {
		l.publish()
	}
	return nil
}

// commit plans a command, commits its changes to the store and applies them:
// nothing is applied (or seen by anyone) unless the store has it.
func (l *live) commit(actor Participant, cmd Command) (changed bool, err error) {
	d := newDraft(l.st, actor, l.m.now(), l.m.limits)
	if err := cmd.plan(d); err != nil {
		return false, err
	}
	ch := d.changes()
	if ch.Empty() {
		return false, nil // nothing to save, nobody to wake
	}
	ctx, cancel := context.WithTimeout(context.Background(), l.m.commitTimeout)
	defer cancel()
	if err := l.m.store.Commit(ctx, l.code, ch); err != nil {
		l.m.logf("commit failed", "code", l.code, "err", err)
		return false, fmt.Errorf("that could not be saved, so nothing changed; try again: %w", err)
	}
	l.st.apply(ch)
	return true, nil
}

// publish makes the current state the latest snapshot and tells every
// subscriber. It never blocks: each subscriber has a one-slot mailbox, and
// one that has not yet read the last notice simply reads the newest state
// when it does.
func (l *live) publish() {
	l.version++
	l.latest.Store(l.st.snapshot(l.version, l.online).withSuggestions())
	for c := range l.subs {
		select {
		case c.notify <- struct{}{}:
		default:
		}
	}
}

// bucket returns the participant's action allowance, made on first use.
// Only joined participants get one, so the map is bounded by the
// workshop's participants.
func (l *live) bucket(id string) *bucket {
	l.bucketsMu.Lock()
	defer l.bucketsMu.Unlock()
	b, ok := l.buckets[id]
	if !ok {
		b = newBucket(l.m.limits.ActionsPerSecond, l.m.limits.ActionBurst)
		l.buckets[id] = b
	}
	return b
}

// send hands a request to the loop and waits for its answer.
func (l *live) send(ctx context.Context, r request) error {
	r.reply = make(chan error, 1)
	select {
	case l.reqs <- r:
	case <-l.done:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued, the request will be applied (commits are bounded by
	// the commit timeout): wait for its answer, so that the caller is never
	// told "failed" about a change that was saved, or left holding a join
	// it does not know about.
	select {
	case err := <-r.reply:
		return err
	case <-l.done:
		return ErrClosed
	}
}

// Conn is one connection's place in a workshop: it sends commands and is
// told when the workshop changes. Close it when the connection ends.
type Conn struct {
	l      *live
	id     string
	notify chan struct{}
	bucket *bucket // the participant's, shared by all their connections
	closed atomic.Bool

	outMu   sync.Mutex
	out     outbox // commands submitted, in order (see Submit)
	closing bool   // Close has begun: Submit refuses
}

// Do runs a command as this connection's participant. It returns once the
// command is committed and every subscriber has been told, or with a
// refusal whose text can be shown to the user as it is. Do waits, so it is
// for callers that make one command at a time; a screen, which must not
// wait, uses Submit, which also keeps its commands in order. (Do does not
// wait for submitted commands.)
func (c *Conn) Do(ctx context.Context, cmd Command) error {
	if c.closed.Load() {
		return ErrClosed
	}
	if !c.bucket.allow(c.l.m.now()) {
		return refuse(ErrTooFast, "slow down: too many actions per second")
	}
	return c.l.send(ctx, request{conn: c, cmd: cmd})
}

// Changed delivers a notice whenever a newer state is published or an
// answer to a submitted command is ready. Notices coalesce: after a burst
// of changes one notice is pending, View returns the newest state and
// Answers every answer ready. Take the answers before the view: a command
// answered is then always in the view.
func (c *Conn) Changed() <-chan struct{} { return c.notify }

// Done is closed when the workshop stops serving (server shutdown).
func (c *Conn) Done() <-chan struct{} { return c.l.done }

// View projects the newest state for this connection's participant.
func (c *Conn) View() *View { return c.l.latest.Load().ViewFor(c.id) }

// ViewInto is View written over v, for a caller that takes every change
// and no longer uses v or anything it held: its lists are reused, so a
// participant's view costs no allocation per change. Views that are kept
// come from View.
func (c *Conn) ViewInto(v *View) *View { return c.l.latest.Load().viewInto(v, c.id) }

// ID is the participant this connection acts as.
func (c *Conn) ID() string { return c.id }

// Code is the workshop's join code.
func (c *Conn) Code() string { return c.l.code }

// Close leaves the workshop: presence is updated for everyone else.
// Commands already submitted run first (for a commit timeout at most).
func (c *Conn) Close() {
	c.finishQueue()
	if c.closed.Swap(true) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.l.m.commitTimeout)
	defer cancel()
	_ = c.l.send(ctx, request{conn: c, leave: true})
	c.l.m.release(c.l)
}
