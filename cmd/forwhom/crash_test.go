package main

// Crash safety: the real binary, killed with SIGKILL while fifty people
// are writing notes and then while they are voting, loses nothing any of
// them saw happen, and comes back consistent.
//
// The store runs SQLite in WAL mode with synchronous=NORMAL: a commit is
// in the WAL file (the operating system's page cache) when Commit returns,
// and the session publishes only after that, so a killed process loses
// nothing anyone was shown. Only an operating-system crash or a power cut
// can lose the last commits, which this test cannot produce.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"forwhom/internal/termclient"
	"forwhom/session"
	"forwhom/store"
)

// buildServer builds the forwhom binary into a temporary directory.
func buildServer(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "forwhom")
	// Without -race: the server under test runs at its real speed.
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("building forwhom: %v\n%s", err, out)
	}
	return bin
}

// process is one run of the binary.
type process struct {
	cmd  *exec.Cmd
	addr string
	log  *syncBuffer
	done chan struct{} // closed when it has exited
	err  error         // its exit, once done is closed
}

// startProcess runs the binary on the data directory, listening on a free
// loopback port, and returns once it serves. The process is killed when
// the test ends, if it is still running.
func startProcess(t *testing.T, bin, dir string) *process {
	t.Helper()
	cmd := exec.Command(bin, "--listen", "127.0.0.1:0", "--data", dir, "--host", "localhost",
		"--conn-rate", "0", "--log-level", "info")
	// The host's own FORWHOM_ settings must not reach the test's server.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, envPrefix) {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, log: &syncBuffer{}, done: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	serving := regexp.MustCompile(`serving addr=(\S+)`)
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			p.log.Write([]byte(line + "\n"))
			if m := serving.FindStringSubmatch(line); m != nil {
				addr <- m[1]
			}
		}
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			t.Logf("forwhom's log (pid %d):\n%s", cmd.Process.Pid, p.log.String())
		}
	})
	select {
	case p.addr = <-addr:
	case <-p.done:
		t.Fatalf("forwhom exited at start: %v\n%s", p.err, p.log.String())
	case <-time.After(screenTimeout):
		t.Fatalf("forwhom did not start serving\n%s", p.log.String())
	}
	return p
}

// kill ends the process at once, as a crash or the OOM killer does: no
// shutdown, no flush, nothing.
func (p *process) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop asks the process to stop, as the host's Ctrl-C does.
func (p *process) stop(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		if p.err != nil {
			t.Errorf("forwhom exited with %v after SIGTERM", p.err)
		}
	case <-time.After(screenTimeout):
		t.Fatal("forwhom did not stop on SIGTERM")
	}
}

// attendee is one participant of the crash test, with their own key.
type attendee struct {
	n      int
	signer gossh.Signer
	client *gossh.Client
	term   *termclient.Term
}

func (p *attendee) id() string { return gossh.FingerprintSHA256(p.signer.PublicKey()) }

// enter connects p to the server at addr and opens the workshop, waiting
// until its screen shows cue.
func (p *attendee) enter(addr, code, cue string) error {
	c, err := termclient.Dial(addr, fmt.Sprintf("p%02d", p.n), p.signer)
	if err != nil {
		return err
	}
	term, err := termclient.Open(c, "join "+code, 80, 24)
	if err != nil {
		_ = c.Close()
		return err
	}
	p.client, p.term = c, term
	if _, err := term.WaitText(2*screenTimeout, cue); err != nil {
		return fmt.Errorf("p%02d: %w\n%s", p.n, err, term.Screen())
	}
	return nil
}

// leave closes p's connection.
func (p *attendee) leave() {
	if p.client != nil {
		_ = p.client.Close()
	}
	p.client, p.term = nil, nil
}

// allAtOnce runs f for every attendee at once, at most limit at a time, and
// fails the test with the first error.
func allAtOnce(t *testing.T, people []*attendee, limit int, f func(p *attendee) error) {
	t.Helper()
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	errs := make(chan error, len(people))
	for _, p := range people {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := f(p); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// actUntilKilled has every attendee act, each action seen on their own
// screen before the next, and kills the server once `at` actions have been
// seen in all. It returns when every connection has ended. Each attendee's
// screen then shows all they saw take effect: the screens only ever gain
// what these actions add.
func actUntilKilled(t *testing.T, srv *process, people []*attendee, at int, act func(p *attendee, i int) (seen func(screen string) bool, err error), actions int) {
	t.Helper()
	var seen atomic.Int64
	killed := make(chan struct{})
	var killOnce sync.Once
	kill := func() { killOnce.Do(func() { srv.kill(); close(killed) }) }
	var wg sync.WaitGroup
	for _, p := range people {
		wg.Go(func() {
			for i := range actions {
				ok, err := act(p, i)
				if err != nil {
					return // the server is gone
				}
				if _, err := p.term.WaitFor(2*screenTimeout, ok); err != nil {
					return // the server is gone (or never showed it: checked below)
				}
				if seen.Add(1) >= int64(at) {
					kill()
				}
			}
		})
	}
	wg.Wait()
	kill() // had everyone finished first, the test would prove nothing: checked by the caller
	for _, p := range people {
		select {
		case <-p.term.Done():
		case <-time.After(screenTimeout):
			t.Fatalf("p%02d's session did not end when the server was killed", p.n)
		}
	}
	if n := seen.Load(); n < int64(at) || n >= int64(len(people)*actions) {
		t.Fatalf("%d actions seen before the kill, want at least %d and fewer than all %d", n, at, len(people)*actions)
	}
}

// facilitate runs commands as the facilitator straight on the data
// directory's store, while no server runs: the setup between the phases.
func facilitate(t *testing.T, dir, code string, fac session.Identity, cmds ...session.Command) {
	t.Helper()
	st, err := store.Open(dbPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m := session.NewManager(st, session.Options{})
	defer m.Close()
	ctx := context.Background()
	c, err := m.Join(ctx, code, fac)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, cmd := range cmds {
		if err := c.Do(ctx, cmd); err != nil {
			t.Fatalf("%T%+v: %v", cmd, cmd, err)
		}
	}
}

// loadData reads the workshop straight from the data directory's store.
func loadData(t *testing.T, dir, code string) *session.Data {
	t.Helper()
	st, err := store.Open(dbPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := st.Load(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// exportJSON is the facilitator's `export CODE --format json`.
func exportJSON(t *testing.T, addr string, fac gossh.Signer, code string) session.Result {
	t.Helper()
	c, err := termclient.Dial(addr, "fran", fac)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := termclient.Exec(c, "export "+code+" --format json")
	if err != nil || r.Status != 0 {
		t.Fatalf("export: %v, status %d, stderr %q", err, r.Status, r.Stderr)
	}
	var res session.Result
	if err := json.Unmarshal([]byte(r.Stdout), &res); err != nil {
		t.Fatalf("the export is not JSON: %v\n%s", err, r.Stdout)
	}
	return res
}

var (
	ownNote  = regexp.MustCompile(`• (c(\d\d) n(\d\d))\b`)
	dotsLeft = regexp.MustCompile(`Dots left: (\d+) of (\d+)`)
)

func TestACrashLosesNothingAnyoneSaw(t *testing.T) {
	const (
		people = 50
		notes  = 6 // each, in the Answer phase
		budget = 5 // dots each, the default
	)
	bin := buildServer(t)
	dir := t.TempDir()

	// The workshop, made on the data directory before the server starts:
	// in the Answer phase, with the default settings (others' notes
	// hidden, so each screen shows its own notes only).
	facKey, err := termclient.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	fac := session.Identity{ID: gossh.FingerprintSHA256(facKey.PublicKey()), Name: "fran"}
	var code string
	func() {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		st, err := store.Open(dbPath(dir))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		m := session.NewManager(st, session.Options{})
		defer m.Close()
		if code, err = m.Create(context.Background(), fac, "Crash test"); err != nil {
			t.Fatal(err)
		}
	}()
	facilitate(t, dir, code, fac, session.SetPhase{Phase: session.PhaseAnswer})

	crowd := make([]*attendee, people)
	for i := range crowd {
		k, err := termclient.NewKey()
		if err != nil {
			t.Fatal(err)
		}
		crowd[i] = &attendee{n: i, signer: k}
	}
	start := time.Now()

	// 1. Everyone writes notes; the server is killed midway.
	srv := startProcess(t, bin, dir)
	allAtOnce(t, crowd, 10, func(p *attendee) error {
		if err := p.enter(srv.addr, code, "One idea per note"); err != nil {
			return err
		}
		return p.term.Press("a") // the note prompt stays open for the next
	})
	t.Logf("%d people in the Answer phase after %v", people, time.Since(start).Round(time.Millisecond))
	actUntilKilled(t, srv, crowd, people*notes*2/5, func(p *attendee, i int) (func(string) bool, error) {
		text := fmt.Sprintf("c%02d n%02d", p.n, i)
		return func(s string) bool { return strings.Contains(s, "• "+text) }, p.term.Press(text, "enter")
	}, notes)
	sawNotes := map[string]bool{}
	for _, p := range crowd {
		for _, m := range ownNote.FindAllStringSubmatch(p.term.Screen(), -1) {
			if n, _ := strconv.Atoi(m[2]); n != p.n {
				t.Errorf("p%02d's screen shows %q, someone else's hidden note", p.n, m[1])
			}
			sawNotes[m[1]] = true
		}
		p.leave()
	}
	t.Logf("killed with %d notes seen, after %v", len(sawNotes), time.Since(start).Round(time.Millisecond))

	// It comes back with every note anyone saw, each once, and nothing
	// nobody wrote.
	srv = startProcess(t, bin, dir)
	res := exportJSON(t, srv.addr, facKey, code)
	if res.Phase != session.PhaseAnswer.String() {
		t.Errorf("after the crash the workshop is in %s, want %s", res.Phase, session.PhaseAnswer)
	}
	stored := map[string]int{}
	for _, n := range res.Answers["do"] {
		stored[n.Text]++
		if !ownNote.MatchString("• "+n.Text) || stored[n.Text] > 1 {
			t.Errorf("after the crash: note %q (%d times), which nobody wrote once", n.Text, stored[n.Text])
		}
	}
	for text := range sawNotes {
		if stored[text] == 0 {
			t.Errorf("note %q was on its author's screen before the crash and is gone after it", text)
		}
	}
	t.Logf("%d notes stored, %d of them seen before the crash", len(stored), len(sawNotes))
	srv.stop(t)

	// 2. The facilitator makes three segments and opens the vote; everyone
	// votes, and the server is killed midway again.
	var who []session.Command
	for _, name := range []string{"Platform teams", "Data teams", "Mobile teams"} {
		who = append(who, session.AddNote{Question: session.QuestionWho, Text: name})
	}
	facilitate(t, dir, code, fac, append(who, session.SetPhase{Phase: session.PhaseGroup})...)
	var segs []session.Command
	for _, n := range loadData(t, dir, code).Notes {
		if n.Question == session.QuestionWho {
			segs = append(segs, session.CreateSegment{Notes: []int64{n.ID}})
		}
	}
	facilitate(t, dir, code, fac, append(segs, session.SetPhase{Phase: session.PhaseVote})...)

	srv = startProcess(t, bin, dir)
	allAtOnce(t, crowd, 10, func(p *attendee) error {
		return p.enter(srv.addr, code, fmt.Sprintf("Dots left: %d of %d", budget, budget))
	})
	// Three dots on the first segment (the most one may put there), two
	// on the second: the whole budget.
	actUntilKilled(t, srv, crowd, people*budget*2/5, func(p *attendee, i int) (func(string) bool, error) {
		keys := []string{"+"}
		if i == 3 {
			keys = []string{"down", "+"}
		}
		left := fmt.Sprintf("Dots left: %d of", budget-i-1)
		return func(s string) bool { return strings.Contains(s, left) }, p.term.Press(keys...)
	}, budget)
	sawDots := map[string]int{}
	for _, p := range crowd {
		if m := dotsLeft.FindStringSubmatch(p.term.Screen()); m != nil {
			left, _ := strconv.Atoi(m[1])
			sawDots[p.id()] = budget - left
		}
		p.leave()
	}

	// It comes back with every dot anyone saw placed, within every budget.
	srv = startProcess(t, bin, dir)
	res = exportJSON(t, srv.addr, facKey, code)
	srv.stop(t)
	d := loadData(t, dir, code)
	segments := map[int64]bool{}
	for _, s := range d.Segments {
		segments[s.ID] = true
	}
	for _, n := range d.Notes {
		if n.Segment != 0 && !segments[n.Segment] {
			t.Errorf("note %q is in segment %d, which does not exist", n.Text, n.Segment)
		}
	}
	spent := map[string]int{}
	voters := map[int64]int{}
	total := 0
	for _, v := range d.Votes {
		if !segments[v.Segment] {
			t.Errorf("%d dots on segment %d, which does not exist", v.Dots, v.Segment)
		}
		if v.Dots > d.Workshop.Settings.MaxPerSegment {
			t.Errorf("%s has %d dots on one segment, more than the cap of %d", v.Participant, v.Dots, d.Workshop.Settings.MaxPerSegment)
		}
		spent[v.Participant] += v.Dots
		voters[v.Segment]++
		total += v.Dots
	}
	for id, n := range spent {
		if n > d.Workshop.Settings.DotBudget {
			t.Errorf("%s placed %d dots, more than the budget of %d", id, n, d.Workshop.Settings.DotBudget)
		}
	}
	seenTotal := 0
	for id, n := range sawDots {
		seenTotal += n
		if spent[id] < n {
			t.Errorf("%s saw %d of their dots placed before the crash; %d are left after it", id, n, spent[id])
		}
	}
	exported := 0
	for _, s := range res.Segments {
		exported += s.Votes
	}
	if exported != total {
		t.Errorf("the export counts %d dots, the store %d", exported, total)
	}
	// And the notes of the first crash are all still there.
	after := map[string]bool{}
	for _, n := range d.Notes {
		after[n.Text] = true
	}
	for text := range sawNotes {
		if !after[text] {
			t.Errorf("note %q is gone after the second crash", text)
		}
	}
	t.Logf("%d dots stored, %d of them seen before the crash; %v in all", total, seenTotal, time.Since(start).Round(time.Millisecond))
}
