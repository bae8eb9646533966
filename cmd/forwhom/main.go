package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"

	"charm.land/log/v2"

	"forwhom/session"
	"forwhom/sshserver"
	"forwhom/store"
)

func main() {
	os.Exit(run(os.Args[1:], os.LookupEnv, os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole program; it returns the exit status.
func run(args []string, lookupEnv func(string) (string, bool), stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "export" || args[0] == "import") {
		return runLocal(args[0], args[1:], lookupEnv, stdin, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "help" {
		args = []string{"-h"}
	}
	cfg, err := parseConfig(args, lookupEnv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "forwhom:", err)
		return 2
	}
	logger := log.NewWithOptions(stderr, log.Options{
		ReportTimestamp: true,
		Level:           cfg.LogLevel,
		Prefix:          "forwhom",
	})
	// wish logs a few things of its own (a program that ended with an
	// error) through the default logger.
	log.SetDefault(logger)
	setGCPercent(lookupEnv)

	// Signals are caught before "serving" is said: a SIGTERM right after
	// it stops the server cleanly, not by the default action.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := Start(cfg, logger)
	if err != nil {
		logger.Error("could not start", "err", err)
		return 1
	}
	logger.Info("serving", "addr", srv.Addr().String(), "data", cfg.DataDir,
		"guests", !cfg.NoGuests, "connect", srv.SSH())

	status := 0
	select {
	case <-ctx.Done():
		logger.Info("stopping", "reason", "signal", "timeout", cfg.ShutdownTimeout)
	case <-srv.Done():
		logger.Error("the server stopped", "err", srv.Err())
		status = 1
	}
	// A second signal now kills the process the ordinary way.
	stop()
	if err := srv.Close(); err != nil {
		logger.Error("stopping", "err", err)
		status = 1
	}
	logger.Info("stopped")
	return status
}

// runLocal is `forwhom export [--data DIR] CODE [--format F]` and
// `forwhom import [--data DIR] CODE … < FILE`: the exec commands, run by the
// host on its own data directory. The host owns the file, so there is no
// facilitator check. An export may run while the server does (the store is
// in WAL mode and export only reads); an import writes, so it needs the
// server stopped: a running server keeps its workshops in memory and would
// not see the new notes (the data directory's lock tells).
func runLocal(name string, args []string, lookupEnv func(string) (string, bool), stdin io.Reader, stdout, stderr io.Writer) int {
	dir := defaultConfig().DataDir
	if v, ok := lookupEnv(envName("data")); ok && v != "" {
		dir = v
	}
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--data" || a == "-data":
			if i+1 >= len(args) {
				fmt.Fprintf(stderr, "forwhom %s: --data needs a directory\n", name)
				return 2
			}
			i++
			dir = args[i]
		case strings.HasPrefix(a, "--data=") || strings.HasPrefix(a, "-data="):
			_, dir, _ = strings.Cut(a, "=")
		default:
			rest = append(rest, a)
		}
	}
	// Opening a missing database would create an empty one: say what is
	// wrong instead.
	if _, err := os.Stat(dbPath(dir)); err != nil {
		fmt.Fprintf(stderr, "forwhom %s: no forwhom data in %s (%v); pass --data DIR\n", name, dir, err)
		return 1
	}
	if name != "export" {
		// A running server keeps its workshops in memory: it would not see
		// what this writes, and would write over it.
		lock, err := lockDataDir(dir)
		if errors.Is(err, errDataDirInUse) {
			fmt.Fprintf(stderr, "forwhom %s: a forwhom server is running on %s: stop it first, or %s over SSH (ssh HOST %s …)\n", name, dir, name, name)
			return 1
		}
		if err != nil {
			fmt.Fprintf(stderr, "forwhom %s: %v\n", name, err)
			return 1
		}
		defer lock.release()
	}
	st, err := store.Open(dbPath(dir))
	if err != nil {
		fmt.Fprintf(stderr, "forwhom %s: %v\n", name, err)
		return 1
	}
	defer st.Close()
	// The server's note limit, as far as its environment tells.
	limits := session.DefaultLimits()
	if v, ok := lookupEnv(envName("max-workshop-notes")); ok {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			limits.NotesPerWorkshop = n
		}
	}
	mgr := session.NewManager(st, session.Options{Limits: limits, Templates: st})
	defer mgr.Close()
	return sshserver.RunAsHost(context.Background(), mgr, append([]string{name}, rest...), stdin, stdout, stderr)
}

// defaultGCPercent is the garbage collector's target when GOGC is not set.
// A server holds hundreds of connections whose memory is mostly long-lived
// (models, screens, SSH buffers) while a change in a workshop makes little
// garbage (frames are drawn into shared buffers): collecting at 50% growth
// instead of Go's 100% keeps about a third less memory per participant
// (README, Performance) for a few percent more CPU.
const defaultGCPercent = 50

// setGCPercent applies defaultGCPercent unless GOGC says otherwise.
func setGCPercent(lookupEnv func(string) (string, bool)) {
	if _, ok := lookupEnv("GOGC"); !ok {
		debug.SetGCPercent(defaultGCPercent)
	}
}
