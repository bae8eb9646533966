package main

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/ssh"

	"forwhom/internal/termclient"
)

// Config is one load run.
type Config struct {
	Addr            string
	Participants    int
	Workshops       int
	Actions         int
	Rate            float64
	Timeout         time.Duration
	MaxDuration     time.Duration
	PID             int
	ConnectParallel int
	Cols, Rows      int
	CPUProfile      string
	Scenario        string
}

// DefaultConfig is a small run against a server on the default port.
func DefaultConfig() Config {
	return Config{
		Addr: "127.0.0.1:23234", Participants: 50, Workshops: 1, Actions: 200, Rate: 20,
		Timeout: 5 * time.Second, MaxDuration: 10 * time.Minute, ConnectParallel: 16,
		Cols: 120, Rows: 40, Scenario: "notes",
	}
}

// Screen cues the load tool reads. They are what a person sees: the
// answer screen's hint line, each column's note count, and a segment's
// vote total at the end of its row once totals are revealed.
var (
	answerCue = "One idea per note"
	countRE   = regexp.MustCompile(`\b(no|\d+) notes?\b`)
	segment   = "LOADSEG"
	lastNumRE = regexp.MustCompile(`(\d+)\s*$`)
)

// scenario is what participants do and how an observer reads its effect: a
// number on one row of the screen that every action raises by one.
type scenario struct {
	name  string
	setup func(ws *workshop, until time.Time) error
	act   func(p *participant, k int) error
	row   func(screen string) int // the row to watch, or -1
	count func(line string) int   // the number on it, or -1
}

var scenarios = map[string]scenario{
	"notes": {
		name:  "notes",
		setup: setupNotes,
		act: func(p *participant, k int) error {
			return p.term.Type(fmt.Sprintf("load note %d\r", k))
		},
		row:   func(screen string) int { return rowWhere(screen, func(l string) bool { return whoCount(l) >= 0 }) },
		count: whoCount,
	},
	"votes": {
		name:  "votes",
		setup: setupVotes,
		act:   func(p *participant, _ int) error { return p.term.Press("+") },
		row: func(screen string) int {
			return rowWhere(screen, func(l string) bool { return strings.Contains(l, segment) })
		},
		count: voteTotal,
	},
}

func rowWhere(screen string, ok func(string) bool) int {
	for y, line := range strings.Split(screen, "\n") {
		if ok(line) {
			return y
		}
	}
	return -1
}

// voteTotal reads the revealed total at the end of the segment's row.
func voteTotal(line string) int {
	if !strings.Contains(line, segment) {
		return -1
	}
	m := lastNumRE.FindStringSubmatch(line)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// setupNotes opens the Answer phase; everyone goes to the "who" column and
// opens the note input.
func setupNotes(ws *workshop, until time.Time) error {
	if err := ws.facilitator.term.Press(">"); err != nil {
		return err
	}
	for _, p := range ws.members {
		if _, err := p.term.WaitText(time.Until(until), answerCue); err != nil {
			return fmt.Errorf("%s never saw the Answer phase: %w\n%s", p.name, err, p.term.Screen())
		}
		if err := p.term.Press("tab", "tab", "a"); err != nil {
			return err
		}
	}
	return nil
}

func shows(text string) func(string) bool {
	return func(s string) bool { return strings.Contains(s, text) }
}

// setupVotes walks the workshop to Vote with one segment, LOADSEG, made by
// the facilitator from one note, and totals revealed.
func setupVotes(ws *workshop, until time.Time) error {
	f := ws.facilitator.term
	// Each step waits for its effect, so that no key is read together
	// with the next (a lone esc followed at once by ">" reads as alt+>).
	steps := []struct {
		keys []string
		done func(screen string) bool
	}{
		{[]string{">"}, shows(answerCue)},
		{[]string{"tab", "tab", "a", "the load", "enter"}, shows("1 note")},
		{[]string{"esc"}, func(s string) bool { return !strings.Contains(s, "New note ›") }},
		{[]string{">"}, shows("not in a segment")},
		{[]string{"space", "s"}, shows("name")},
		{[]string{segment, "enter"}, shows(segment)},
		{[]string{">"}, shows("Dots left")},
		{[]string{"R"}, shows("revealed")},
	}
	for _, st := range steps {
		if err := f.Press(st.keys...); err != nil {
			return err
		}
		if _, err := f.WaitFor(time.Until(until), st.done); err != nil {
			return fmt.Errorf("setting up the vote after %q: %w\n%s", st.keys, err, f.Screen())
		}
	}
	for _, p := range ws.members {
		if _, err := p.term.WaitText(time.Until(until), segment, "Dots left"); err != nil {
			return fmt.Errorf("%s never saw the vote: %w\n%s", p.name, err, p.term.Screen())
		}
	}
	return nil
}

// whoCount reads the "who" column's note count off a line: the three
// columns' counts stand on one row, left to right.
func whoCount(line string) int {
	ms := countRE.FindAllStringSubmatch(line, -1)
	if len(ms) != 3 {
		return -1
	}
	n, _ := strconv.Atoi(ms[2][1]) // "no notes yet" reads as 0
	return n
}

type participant struct {
	name    string
	ws      int
	client  *ssh.Client
	term    *termclient.Term
	connect time.Duration
}

type workshop struct {
	code        string
	facilitator *participant
	members     []*participant // facilitator first
	sent        []atomic.Int64 // unix nanos each action was sent, by count
	actions     int
}

// Result is what a run measured.
type Result struct {
	Cfg          Config
	Latencies    []time.Duration
	Timeouts     int
	Observations int
	BytesPerUpd  float64
	Connect      []time.Duration
	RSSPerPart   float64 // KiB, at the run's peak; 0 when not measured
	Elapsed      time.Duration
}

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	i := int(float64(len(ds)-1) * p)
	return ds[i]
}

func ms(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 1, 64) }

// Line is the one summary line.
func (r Result) Line() string {
	slices.Sort(r.Latencies)
	slices.Sort(r.Connect)
	rss := "n/a"
	if r.RSSPerPart > 0 {
		rss = fmt.Sprintf("%.0fKiB", r.RSSPerPart)
	}
	return fmt.Sprintf("scenario=%s n=%d w=%d actions=%d rate=%g/s observations=%d p50=%sms p95=%sms p99=%sms max=%sms timeouts=%d bytes/update/participant=%.0f connect_p50=%sms connect_p99=%sms rss/participant=%s elapsed=%s",
		r.Cfg.Scenario, r.Cfg.Participants, r.Cfg.Workshops, r.Cfg.Actions, r.Cfg.Rate, r.Observations,
		ms(pct(r.Latencies, .50)), ms(pct(r.Latencies, .95)), ms(pct(r.Latencies, .99)), ms(pct(r.Latencies, 1)),
		r.Timeouts, r.BytesPerUpd, ms(pct(r.Connect, .50)), ms(pct(r.Connect, .99)), rss, r.Elapsed.Round(time.Millisecond))
}

func runLoad(cfg Config, log io.Writer) (res Result, err error) {
	start := time.Now()
	hard := start.Add(cfg.MaxDuration)
	res.Cfg = cfg
	var all []*participant
	defer func() {
		for _, p := range all {
			if p.term != nil {
				_ = p.term.Close()
			}
			if p.client != nil {
				_ = p.client.Close()
			}
		}
	}()

	rss0 := rssKiB(cfg.PID)
	// Workshops, each created by its facilitator with the exec command.
	wss := make([]*workshop, cfg.Workshops)
	for i := range wss {
		f, err := dial(cfg, fmt.Sprintf("fac%d", i))
		if err != nil {
			return res, err
		}
		all = append(all, f)
		out, err := termclient.Exec(f.client, fmt.Sprintf("new Load test %d", i))
		if err != nil || out.Status != 0 {
			return res, fmt.Errorf("creating a workshop: %v %s", err, out.Stderr)
		}
		code := strings.TrimSpace(strings.SplitN(out.Stdout, "\n", 2)[0])
		wss[i] = &workshop{code: code, facilitator: f, members: []*participant{f}}
		if err := f.open(cfg, code); err != nil {
			return res, err
		}
	}

	// Participants join, a bounded number at a time.
	parts := make([]*participant, cfg.Participants)
	sem := make(chan struct{}, cfg.ConnectParallel)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for i := range parts {
		ws := wss[i%len(wss)]
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			t0 := time.Now()
			p, err := dial(cfg, fmt.Sprintf("p%04d", i))
			if err == nil {
				err = p.open(cfg, ws.code)
			}
			mu.Lock()
			defer mu.Unlock()
			if p != nil {
				all = append(all, p)
			}
			if err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("participant %d: %w", i, err)
				}
				return
			}
			p.connect = time.Since(t0)
			p.ws = i % len(wss)
			parts[i] = p
		})
		if time.Now().After(hard) {
			break
		}
	}
	wg.Wait()
	if firstErr != nil {
		return res, firstErr
	}
	for i, p := range parts {
		if p == nil {
			return res, fmt.Errorf("ran out of time (-max %s) with %d of %d participants connected", cfg.MaxDuration, i, cfg.Participants)
		}
	}
	for _, p := range parts {
		res.Connect = append(res.Connect, p.connect)
		wss[p.ws].members = append(wss[p.ws].members, p)
	}
	// The server's memory is sampled from now until the actions are done
	// and observed, everyone still connected: its peak, not its idle size.
	peak := samplePeak(func() int64 { return rssKiB(cfg.PID) }, 100*time.Millisecond)
	defer func() {
		if rss1 := peak(); rss0 > 0 && rss1 > 0 {
			res.RSSPerPart = float64(rss1-rss0) / float64(cfg.Participants)
		}
	}()
	fmt.Fprintf(log, "connected %d participants in %s\n", cfg.Participants, time.Since(start).Round(time.Millisecond))

	sc := scenarios[cfg.Scenario] // checked with the flags
	for _, ws := range wss {
		if err := sc.setup(ws, hard); err != nil {
			return res, err
		}
	}

	// Split the actions over the workshops.
	for i := range cfg.Actions {
		wss[i%len(wss)].actions++
	}
	for _, ws := range wss {
		ws.sent = make([]atomic.Int64, ws.actions)
	}

	// Observers: every member of a workshop watches its count grow.
	lat := make(chan time.Duration, 4096)
	var collected []time.Duration
	collectDone := make(chan struct{})
	go func() {
		for d := range lat {
			collected = append(collected, d)
		}
		close(collectDone)
	}()
	var timeouts, observations atomic.Int64
	var bytesBefore int64
	for _, p := range all {
		bytesBefore += p.term.BytesRead()
	}
	var obs sync.WaitGroup
	deadline := time.Now().Add(time.Duration(float64(cfg.Actions)/cfg.Rate*float64(time.Second)) + cfg.Timeout)
	if deadline.After(hard) {
		deadline = hard
	}
	for _, ws := range wss {
		for _, p := range ws.members {
			obs.Go(func() {
				// Only the count row is read on each update: reading the
				// whole screen for every participant would load this
				// machine more than the server does.
				screen, _ := p.term.WaitFor(time.Until(deadline), func(s string) bool { return sc.row(s) >= 0 })
				row := sc.row(screen)
				seen := 0
				timer := time.NewTimer(time.Until(deadline))
				defer timer.Stop()
				for seen < ws.actions {
					n := min(sc.count(p.term.Line(row)), ws.actions)
					now := time.Now().UnixNano()
					for ; seen < n; seen++ {
						sent := ws.sent[seen].Load()
						if d := time.Duration(now - sent); sent != 0 && d <= cfg.Timeout {
							lat <- d
						} else {
							timeouts.Add(1)
						}
						observations.Add(1)
					}
					if seen >= ws.actions {
						break
					}
					select {
					case <-p.term.Changed():
					case <-p.term.Done():
						timeouts.Add(int64(ws.actions - seen))
						return
					case <-timer.C:
						timeouts.Add(int64(ws.actions - seen))
						return
					}
				}
			})
		}
	}

	// The actions, at the set rate, round robin over participants.
	tick := time.NewTicker(time.Duration(float64(time.Second) / cfg.Rate))
	next := make([]int, len(wss))
	for i := range cfg.Actions {
		<-tick.C
		if time.Now().After(hard) {
			break
		}
		ws := wss[i%len(wss)]
		k := next[i%len(wss)]
		next[i%len(wss)]++
		actor := ws.members[1+k%(len(ws.members)-1)]
		ws.sent[k].Store(time.Now().UnixNano())
		if err := sc.act(actor, k); err != nil {
			return res, fmt.Errorf("%s typing: %w", actor.name, err)
		}
	}
	tick.Stop()
	obs.Wait()
	close(lat)
	<-collectDone

	var bytesAfter int64
	for _, p := range all {
		bytesAfter += p.term.BytesRead()
	}
	res.Latencies = collected
	res.Timeouts = int(timeouts.Load())
	res.Observations = int(observations.Load())
	if res.Observations > 0 {
		res.BytesPerUpd = float64(bytesAfter-bytesBefore) / float64(res.Observations)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func dial(cfg Config, name string) (*participant, error) {
	key, err := termclient.NewKey()
	if err != nil {
		return nil, err
	}
	c, err := termclient.Dial(cfg.Addr, name, key)
	if err != nil {
		return nil, err
	}
	return &participant{name: name, client: c}, nil
}

// open starts the participant's TUI in the workshop and waits for it to show.
func (p *participant) open(cfg Config, code string) error {
	t, err := termclient.Open(p.client, "join "+code, cfg.Cols, cfg.Rows)
	if err != nil {
		return err
	}
	p.term = t
	if _, err := t.WaitText(30*time.Second, code); err != nil {
		return fmt.Errorf("%s: the workshop never showed: %w", p.name, err)
	}
	return nil
}

// samplePeak reads a value now and then every interval until the returned
// function is called, which reads it once more and returns the largest.
func samplePeak(read func() int64, every time.Duration) (stop func() int64) {
	peak := read()
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				peak = max(peak, read())
			}
		}
	}()
	return func() int64 {
		close(done)
		<-sampled
		return max(peak, read())
	}
}

// rssKiB reads a process's resident set size, or 0.
func rssKiB(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}
