//go:build unix

package sshserver

// A client that announces an enormous terminal gets a frame of at most
// teahost.MaxWidth × teahost.MaxHeight, at pty-req and at every window-change;
// a storm of window-changes costs bounded work; and everyone else is
// served meanwhile.

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hinshun/vt10x"
	gossh "golang.org/x/crypto/ssh"

	"forwhom/internal/teahost"
	"forwhom/session"
)

// hugeSize is what the client announces: the most an SSH window-change
// can say in practice (the protocol's fields are uint32, OpenSSH's are
// 16-bit).
const hugeSize = 65535

func TestAHugeTerminalIsDrawnAtTheLargestSize(t *testing.T) {
	srv := startTestServer(t)
	ctx := context.Background()
	fran := newUser(t, srv, "fran")
	code := fran.newWorkshop("Huge terminals")
	fac, err := srv.manager.Join(ctx, code, session.Identity{ID: keyFingerprint(fran), Name: "fran"})
	if err != nil {
		t.Fatal(err)
	}
	defer fac.Close()
	// In Group, where a screen draws the most: every note, in boxes.
	for _, cmd := range []session.Command{
		session.SetAnonymous{Anonymous: false},
		session.SetPhase{Phase: session.PhaseAnswer},
		session.AddNote{Question: session.QuestionWho, Text: "platform engineers"},
		session.AddNote{Question: session.QuestionDo, Text: "run the build farm"},
		session.SetPhase{Phase: session.PhaseGroup},
	} {
		if err := fac.Do(ctx, cmd); err != nil {
			t.Fatalf("%T: %v", cmd, err)
		}
	}

	heapBefore := cpuAndHeap()
	mal := newUser(t, srv, "mallory")
	term := openRawPty(t, mal.dial(), "join "+code, hugeSize, hugeSize)
	// The frame fills a MaxWidth × MaxHeight terminal: the header's join
	// code ends in its last columns, the help bar is its last row.
	term.waitFor(t, "a whole frame at the largest size", func(vt vt10x.Terminal) bool {
		header, last := vtLine(vt, 0), vtLine(vt, teahost.MaxHeight-1)
		return strings.HasSuffix(header, "join "+code) && len([]rune(header)) >= teahost.MaxWidth-2 &&
			strings.Contains(last, "? more")
	})
	term.checkDrawnWithin(t, teahost.MaxWidth, teahost.MaxHeight)

	// A storm of window-changes, huge and small, ending huge.
	for i := range 2000 {
		w, h := hugeSize, hugeSize
		if i%2 == 1 {
			w, h = 20+i%300, 5+i%100
		}
		if err := term.sess.WindowChange(h, w); err != nil {
			t.Fatalf("window-change %d: %v", i, err)
		}
	}
	if err := term.sess.WindowChange(hugeSize, hugeSize); err != nil {
		t.Fatal(err)
	}
	// Someone else is served meanwhile.
	bob := newUser(t, srv, "bob")
	bob.mustRun("list")
	// The last size wins: a change after the storm is drawn on a whole
	// frame at the largest size (a full repaint rewrites every row, so
	// no smaller frame of the storm is left showing).
	if err := fac.Do(ctx, session.Rename{Name: "fran after the storm"}); err != nil {
		t.Fatal(err)
	}
	term.waitFor(t, "a whole frame after the storm", func(vt vt10x.Terminal) bool {
		header, last := vtLine(vt, 0), vtLine(vt, teahost.MaxHeight-1)
		return strings.HasSuffix(header, "join "+code) && len([]rune(header)) >= teahost.MaxWidth-2 &&
			strings.Contains(last, "? more") && strings.Contains(vt.String(), "after the storm")
	})
	term.checkDrawnWithin(t, teahost.MaxWidth, teahost.MaxHeight)
	bob.mustRun("list")

	// What all that cost, bounded generously: a frame of 65535×65535
	// cells is 4 G cells (issue 19 saw 6.1 GB and minutes of CPU).
	after := cpuAndHeap()
	if grew := int64(after.heap) - int64(heapBefore.heap); grew > 100<<20 {
		t.Errorf("the heap grew by %d MiB", grew>>20)
	}
	if cpu := after.cpu - heapBefore.cpu; cpu > 60*time.Second {
		t.Errorf("the huge terminal and its storm cost %v of CPU", cpu)
	}
}

type usage struct {
	heap uint64
	cpu  time.Duration
}

// cpuAndHeap is the heap in use, after a collection, and the CPU time
// this process has used so far.
func cpuAndHeap() usage {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return usage{heap: heapInUse(), cpu: cpu}
}

// rawPty is a PTY session that announces any size, read through a
// terminal emulator of at most the largest size the server draws.
type rawPty struct {
	sess *gossh.Session
	mu   sync.Mutex
	vt   vt10x.Terminal
	raw  bytes.Buffer
	news chan struct{}
}

func openRawPty(t *testing.T, c *gossh.Client, cmd string, cols, rows int) *rawPty {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.RequestPty("xterm-256color", rows, cols, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	out, err := s.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(cmd); err != nil {
		t.Fatal(err)
	}
	p := &rawPty{sess: s, news: make(chan struct{}, 1)}
	p.reset()
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			p.mu.Lock()
			p.raw.Write(buf[:n])
			_, _ = p.vt.Write(buf[:n])
			p.mu.Unlock()
			select {
			case p.news <- struct{}{}:
			default:
			}
			if err != nil {
				return
			}
		}
	}()
	return p
}

// reset starts a fresh emulator and record.
func (p *rawPty) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.vt = vt10x.New(vt10x.WithSize(teahost.MaxWidth, teahost.MaxHeight))
	p.raw.Reset()
}

func (p *rawPty) waitFor(t *testing.T, what string, ok func(vt10x.Terminal) bool) {
	t.Helper()
	deadline := time.After(2 * screenTimeout)
	for {
		p.mu.Lock()
		done := ok(p.vt)
		screen := p.vt.String()
		p.mu.Unlock()
		if done {
			return
		}
		select {
		case <-p.news:
		case <-deadline:
			t.Fatalf("waiting for %s: timed out; the screen:\n%s", what, screen)
		}
	}
}

var cursorTo = regexp.MustCompile(`\x1b\[(\d*);(\d*)H`)

// checkDrawnWithin checks that no cursor move sent so far went past
// cols × rows.
func (p *rawPty) checkDrawnWithin(t *testing.T, cols, rows int) {
	t.Helper()
	p.mu.Lock()
	raw := p.raw.String()
	p.mu.Unlock()
	for _, m := range cursorTo.FindAllStringSubmatch(raw, -1) {
		row, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		if row > rows || col > cols {
			t.Fatalf("the server drew at row %d, column %d: past %dx%d", row, col, cols, rows)
		}
	}
}

// vtLine is row y of vt, trailing blanks trimmed.
func vtLine(vt vt10x.Terminal, y int) string {
	cols, _ := vt.Size()
	var b strings.Builder
	for x := range cols {
		b.WriteRune(vt.Cell(x, y).Char)
	}
	return strings.TrimRight(b.String(), " \x00")
}
