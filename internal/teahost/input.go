package teahost

import (
	"io"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// escTimeout is how long an escape sequence may take to arrive whole: a
// lone ESC, or the first bytes of a sequence, waits this long for the rest
// before it is read as typed. It is Bubble Tea's own default.
const escTimeout = 50 * time.Millisecond

// input turns one client's keystrokes into messages, in place of Bubble
// Tea's terminal reader. That reader builds its own lookup table of key
// sequences per program (about 130 KiB, once per participant); the
// decoder here is ultraviolet's, the same that reader uses, without the
// table, which only adds sequences of terminals that speak neither xterm's
// nor the kitty protocol.
type input struct {
	send func(tea.Msg) bool // false once nobody listens any more

	sendMu  sync.Mutex // held by the one feed that decodes and sends
	mu      sync.Mutex
	dec     uv.EventDecoder
	pending []byte // bytes that may be the start of a longer sequence
	paste   []byte // the bracketed paste being read; nil outside one
	inPaste bool
	timer   *time.Timer
	stopped bool
}

// readInput reads r until it fails or send reports that nobody listens,
// handing each event to send. It returns a function that stops the pending
// escape timer.
func readInput(r io.Reader, send func(tea.Msg) bool) (stop func()) {
	in := &input{send: send}
	go in.read(r)
	return in.stop
}

func (in *input) stop() {
	in.mu.Lock()
	in.stopped = true
	if in.timer != nil {
		in.timer.Stop()
	}
	in.mu.Unlock()
}

func (in *input) read(r io.Reader) {
	buf := make([]byte, 1024)
	for {
		n, err := r.Read(buf)
		if n > 0 && !in.feed(buf[:n], false) {
			return
		}
		if err != nil {
			in.feed(nil, true) // whatever was waiting is all there is
			return
		}
	}
}

// feed adds bytes and sends every event they complete. With expired set,
// an incomplete sequence is read as it stands.
func (in *input) feed(b []byte, expired bool) bool {
	// One feed sends at a time, so events keep their order; the state's
	// lock is not held while sending (a send waits for the program).
	in.sendMu.Lock()
	defer in.sendMu.Unlock()
	in.mu.Lock()
	if in.stopped {
		in.mu.Unlock()
		return false
	}
	in.pending = append(in.pending, b...)
	if len(in.pending) > maxPending {
		expired = true // no sequence is this long: read it as it stands
	}
	events, used := in.scan(in.pending, expired)
	in.pending = in.pending[:copy(in.pending, in.pending[used:])]
	switch {
	case len(in.pending) == 0 && in.timer != nil:
		in.timer.Stop()
		in.timer = nil
	case len(in.pending) > 0 && in.timer == nil:
		// The sequence started now; it has escTimeout to arrive whole,
		// however many reads bring it.
		in.timer = time.AfterFunc(escTimeout, in.expire)
	}
	in.mu.Unlock()
	for _, ev := range events {
		if !in.send(ev) {
			in.stop()
			return false
		}
	}
	return true
}

// expire reads whatever is waiting as it stands.
func (in *input) expire() {
	in.mu.Lock()
	in.timer = nil
	in.mu.Unlock()
	in.feed(nil, true)
}

// maxPending bounds the bytes kept waiting for the rest of a sequence, and
// maxPaste a bracketed paste (a note is at most a few hundred characters).
const (
	maxPending = 4 << 10
	maxPaste   = 64 << 10
)

// scan decodes buf into messages and reports how many bytes it used; it
// stops early at what may be the start of a longer sequence unless
// expired.
func (in *input) scan(buf []byte, expired bool) (msgs []tea.Msg, used int) {
	for used < len(buf) {
		rest := buf[used:]
		n, ev := in.dec.Decode(rest)
		if n == 0 {
			break
		}
		_, unknown := ev.(uv.UnknownEvent)
		if !expired && (unknown || rest[0] == ansi.ESC && n <= 2) {
			break // wait: the rest of the sequence may be on its way
		}
		used += n
		if in.inPaste {
			if _, end := ev.(uv.PasteEndEvent); !end {
				// Inside a paste everything is text, sequences included
				// (the model cleans pasted text).
				piece := rest[:n]
				if k, ok := ev.(uv.KeyPressEvent); ok && k.Text != "" {
					piece = []byte(k.Text)
				}
				if len(in.paste)+len(piece) <= maxPaste {
					in.paste = append(in.paste, piece...)
				}
				continue
			}
		}
		msgs = appendEvent(msgs, ev, in)
	}
	return msgs, used
}

// appendEvent adds the messages a decoded event stands for: the few kinds
// forwhom's screens use.
func appendEvent(msgs []tea.Msg, ev uv.Event, in *input) []tea.Msg {
	switch ev := ev.(type) {
	case uv.MultiEvent:
		for _, e := range ev {
			msgs = appendEvent(msgs, e, in)
		}
	case uv.KeyPressEvent:
		msgs = append(msgs, tea.KeyPressMsg(ev))
	case uv.PasteStartEvent:
		in.inPaste, in.paste = true, in.paste[:0]
	case uv.PasteEndEvent:
		in.inPaste = false
		msgs = append(msgs, tea.PasteMsg{Content: string(in.paste)})
	case uv.BackgroundColorEvent:
		msgs = append(msgs, tea.BackgroundColorMsg(ev))
	}
	return msgs
}
