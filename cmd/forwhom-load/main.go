// Command forwhom-load puts N real SSH participants into one workshop (or
// W workshops) of a running forwhom server and measures, on every other
// participant's screen (read through a terminal emulator), how long an
// action takes to become visible.
//
// Each participant has its own ed25519 key and a 120x40 PTY. A facilitator
// per workshop creates it with `new`, everyone joins with `join CODE`, the
// facilitator opens the Answer phase, and participants add "who" notes at a
// set rate, round robin. Every screen shows how many notes the "who" column
// has; an action counts as seen by an observer when its screen first shows
// a count that includes it. The count only grows, so an observer that
// skips intermediate states (the server coalesces updates) still sees every
// action, just later.
//
// It only dials the address it is given, which must be on loopback; every
// loop is bounded in count and time; it prints one summary line.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"runtime/pprof"
	"strings"

	"forwhom/session"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "forwhom-load:", err)
		return 2
	}
	if cfg.CPUProfile != "" {
		f, err := os.Create(cfg.CPUProfile)
		if err != nil {
			fmt.Fprintln(stderr, "forwhom-load:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "forwhom-load:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	res, err := runLoad(cfg, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "forwhom-load:", err)
		return 1
	}
	fmt.Fprintln(stdout, res.Line())
	if res.Timeouts > 0 {
		return 1
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer) (Config, error) {
	cfg := DefaultConfig()
	fs := flag.NewFlagSet("forwhom-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "server address (loopback only)")
	fs.IntVar(&cfg.Participants, "n", cfg.Participants, "participants in all")
	fs.IntVar(&cfg.Workshops, "w", cfg.Workshops, "workshops to spread them over")
	fs.IntVar(&cfg.Actions, "actions", cfg.Actions, "notes to add in all")
	fs.Float64Var(&cfg.Rate, "rate", cfg.Rate, "actions per second, all participants together")
	fs.DurationVar(&cfg.Timeout, "timeout", cfg.Timeout, "how long an action may take to reach a screen before it counts as a timeout")
	fs.DurationVar(&cfg.MaxDuration, "max", cfg.MaxDuration, "hard limit on the whole run")
	fs.IntVar(&cfg.PID, "pid", cfg.PID, "server pid, to report its RSS per participant (0: skip)")
	fs.IntVar(&cfg.ConnectParallel, "connect-parallel", cfg.ConnectParallel, "connections opened at once")
	fs.IntVar(&cfg.Cols, "cols", cfg.Cols, "terminal columns")
	fs.IntVar(&cfg.Rows, "rows", cfg.Rows, "terminal rows")
	fs.StringVar(&cfg.Scenario, "scenario", cfg.Scenario, "what participants do: notes (add notes) or votes (put dots on one segment)")
	fs.StringVar(&cfg.CPUProfile, "cpuprofile", "", "write the load tool's own CPU profile to this file")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if err := cfg.check(); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func (c Config) check() error {
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", c.Addr, err)
	}
	ip := net.ParseIP(host)
	if !(strings.EqualFold(host, "localhost") || (ip != nil && ip.IsLoopback())) {
		return fmt.Errorf("-addr %q is not a loopback address; this tool only loads a server on this machine", c.Addr)
	}
	switch {
	case c.Participants < 1 || c.Participants > 5000:
		return errors.New("-n must be between 1 and 5000")
	case c.Workshops < 1 || c.Workshops > c.Participants:
		return errors.New("-w must be between 1 and -n")
	case c.Actions < 1 || c.Actions > 100000:
		return errors.New("-actions must be between 1 and 100000")
	case c.Rate <= 0 || c.Rate > 1000:
		return errors.New("-rate must be above 0 and at most 1000")
	case c.MaxDuration <= 0:
		return errors.New("-max must be positive")
	}
	if _, ok := scenarios[c.Scenario]; !ok {
		return fmt.Errorf("unknown -scenario %q: notes or votes", c.Scenario)
	}
	if most := session.DefaultSettings().MaxPerSegment * c.Participants; c.Scenario == "votes" && c.Actions > most {
		return fmt.Errorf("-actions %d: with one segment, %d participants can place at most %d dots", c.Actions, c.Participants, most)
	}
	return nil
}
