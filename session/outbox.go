package session

import (
	"context"
	"time"
)

// The outbox: a connection's commands, run in the order they were made.
//
// A screen must never wait on the session (its loop would stop drawing),
// so it cannot call Do itself; and commands each run on a goroutine of
// their own would race to the workshop's loop, so that three notes typed
// in one go could be stored in any order. Submit queues a command and
// returns at once; one drainer per connection, started when the queue
// fills and gone when it empties, runs the queue one command at a time,
// each only once the one before it is answered. The answers wait in
// order, and the connection's Changed channel says when there are some.

// MaxQueued is how many commands one connection may have waiting: more
// than any typist or paste makes, few enough to bound what a client that
// floods the server costs it.
const MaxQueued = 256

// Answer is the session's reply to one submitted command.
type Answer struct {
	Seq uint64  // what Submit returned for it
	Cmd Command // the command
	Err error   // nil once committed (or when it changed nothing), else the refusal
}

// outbox is a connection's queue of commands and their answers; guarded
// by Conn.outMu.
type outbox struct {
	seq      uint64        // the last sequence number handed out
	queue    []queued      // waiting to run, oldest first
	answers  []Answer      // answered, not yet taken
	draining bool          // a drainer is running
	idle     chan struct{} // when set, closed when the drainer stops (see Close)
}

type queued struct {
	seq uint64
	cmd Command
}

// Submit queues cmd to run as this connection's participant once every
// command submitted before it has been answered, and returns at once with
// the command's sequence number. Its answer comes through Answers, in
// order; Changed fires when it is ready. Submit refuses at once (and the
// command never runs) when the connection is closed or too many commands
// are waiting.
func (c *Conn) Submit(cmd Command) (uint64, error) {
	c.outMu.Lock()
	defer c.outMu.Unlock()
	o := &c.out
	if c.closing || c.closed.Load() {
		return 0, ErrClosed
	}
	if len(o.queue) >= MaxQueued {
		return 0, refuse(ErrTooFast, "slow down: %d actions are still waiting to be done", len(o.queue))
	}
	o.seq++
	o.queue = append(o.queue, queued{seq: o.seq, cmd: cmd})
	if !o.draining {
		o.draining = true
		go c.drain()
	}
	return o.seq, nil
}

// Answers appends the answers that are ready to dst, oldest first, and
// forgets them. With none ready it returns dst and allocates nothing.
func (c *Conn) Answers(dst []Answer) []Answer {
	c.outMu.Lock()
	defer c.outMu.Unlock()
	if len(c.out.answers) == 0 {
		return dst
	}
	dst = append(dst, c.out.answers...)
	clear(c.out.answers)
	c.out.answers = c.out.answers[:0]
	return dst
}

// drain runs the queue until it is empty.
func (c *Conn) drain() {
	for {
		c.outMu.Lock()
		o := &c.out
		if len(o.queue) == 0 {
			o.draining = false
			if o.idle != nil {
				close(o.idle)
				o.idle = nil
			}
			c.outMu.Unlock()
			return
		}
		q := o.queue[0]
		o.queue[0] = queued{}
		o.queue = o.queue[1:]
		if len(o.queue) == 0 {
			o.queue = o.queue[:0:0] // let the array go; the next burst makes its own
		}
		c.outMu.Unlock()

		err := c.doQueued(q.cmd)

		c.outMu.Lock()
		o.answers = append(o.answers, Answer{Seq: q.seq, Cmd: q.cmd, Err: err})
		c.outMu.Unlock()
		select {
		case c.notify <- struct{}{}:
		default:
		}
	}
}

// doQueued runs one command from the queue, bounded like a commit.
func (c *Conn) doQueued(cmd Command) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*c.l.m.commitTimeout)
	defer cancel()
	return c.Do(ctx, cmd)
}

// finishQueue lets the commands already queued run before the connection
// closes (they were made before it left), waiting at most a commit
// timeout; whatever is left after that is refused as closed.
func (c *Conn) finishQueue() {
	c.outMu.Lock()
	c.closing = true
	if !c.out.draining {
		c.outMu.Unlock()
		return
	}
	if c.out.idle == nil {
		c.out.idle = make(chan struct{})
	}
	idle := c.out.idle
	c.outMu.Unlock()
	t := time.NewTimer(c.l.m.commitTimeout)
	defer t.Stop()
	select {
	case <-idle:
	case <-t.C:
	case <-c.l.done:
	}
}
