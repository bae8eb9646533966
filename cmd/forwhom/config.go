package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"

	"charm.land/log/v2"

	"forwhom/session"
	"forwhom/sshserver"
)

// Config is everything the host can set. Each setting is a flag with an
// environment-variable equivalent: the variable sets the default, the flag
// overrides it.
type Config struct {
	sshserver.Config        // the SSH server's settings
	DataDir          string // holds the database and the host key; created 0700
	LogLevel         log.Level
	Limits           session.Limits
}

const envPrefix = "FORWHOM_"

// envName is the environment variable that sets a flag: FORWHOM_ and the
// flag's name in upper case with underscores.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// defaultConfig is the configuration of a host that set nothing: it must
// work on a fresh machine.
func defaultConfig() Config {
	return Config{
		Config:   sshserver.DefaultConfig(),
		DataDir:  "data",
		LogLevel: log.InfoLevel,
		Limits:   session.DefaultLimits(),
	}
}

// parseConfig reads the configuration from the environment (through
// lookupEnv) and then from the command-line flags in args. It returns
// flag.ErrHelp after printing the usage for -h.
func parseConfig(args []string, lookupEnv func(string) (string, bool), usageOut io.Writer) (Config, error) {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("forwhom", flag.ContinueOnError)
	fs.SetOutput(usageOut)
	fs.StringVar(&cfg.Listen, "listen", cfg.Listen, "`address` the SSH server listens on")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "`directory` for the database and the host key")
	fs.BoolVar(&cfg.NoGuests, "no-guests", cfg.NoGuests, "refuse clients without an SSH key")
	fs.StringVar(&cfg.Host, "host", cfg.Host, "`name` users ssh to, shown in hints (default: from --listen, else localhost)")
	fs.Var((*levelValue)(&cfg.LogLevel), "log-level", "`level` of logging: debug, info, warn or error")
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", cfg.IdleTimeout, "close SSH connections idle this long, as a `duration` (0: never)")
	fs.DurationVar(&cfg.HandshakeTimeout, "handshake-timeout", cfg.HandshakeTimeout, "drop connections that have not authenticated and started a session this long after connecting or after their last session, as a `duration` (0: never)")
	fs.DurationVar(&cfg.StallTimeout, "stall-timeout", cfg.StallTimeout, "disconnect clients whose output has been blocked this long, as a `duration` (0: never)")
	fs.IntVar(&cfg.MaxConns, "max-conns", cfg.MaxConns, "open connections in total (0: no limit)")
	fs.IntVar(&cfg.MaxConnsPerIP, "max-conns-per-ip", cfg.MaxConnsPerIP, "open connections one address may have (0: no limit)")
	fs.Float64Var(&cfg.ConnRate, "conn-rate", cfg.ConnRate, "new sessions per second one address may open (0: no limit)")
	fs.IntVar(&cfg.ConnBurst, "conn-burst", cfg.ConnBurst, "new sessions one address may open at once before --conn-rate applies")
	fs.IntVar(&cfg.NewGuests.Burst, "guest-burst", cfg.NewGuests.Burst, "new guests (keyless connections) one address may make at once (0: no limit)")
	fs.DurationVar(&cfg.NewGuests.Every, "guest-every", cfg.NewGuests.Every, "then one new guest per address every `duration` (0: no limit)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "how long a stopping server waits for clients to leave, as a `duration`")
	fs.IntVar(&cfg.Limits.ParticipantsPerWorkshop, "max-participants", cfg.Limits.ParticipantsPerWorkshop, "participants with an SSH key per workshop (0: no limit)")
	fs.IntVar(&cfg.Limits.GuestsPerWorkshop, "max-guests", cfg.Limits.GuestsPerWorkshop, "guests in a workshop at once, apart from --max-participants (0: no limit)")
	fs.IntVar(&cfg.Limits.WorkshopsPerKey, "max-workshops-per-key", cfg.Limits.WorkshopsPerKey, "workshops one SSH key may facilitate (0: no limit)")
	fs.IntVar(&cfg.Limits.TemplatesPerKey, "max-templates-per-key", cfg.Limits.TemplatesPerKey, "templates one SSH key may keep (0: no limit)")
	fs.IntVar(&cfg.Limits.NotesPerParticipant, "max-notes", cfg.Limits.NotesPerParticipant, "notes per participant in a workshop (0: no limit)")
	fs.IntVar(&cfg.Limits.NotesPerWorkshop, "max-workshop-notes", cfg.Limits.NotesPerWorkshop, "notes per workshop, written or imported (0: no limit)")
	fs.Float64Var(&cfg.Limits.ActionsPerSecond, "actions-per-second", cfg.Limits.ActionsPerSecond, "sustained actions per second per participant (0: no limit)")
	fs.IntVar(&cfg.Limits.ActionBurst, "action-burst", cfg.Limits.ActionBurst, "actions a participant may take at once before --actions-per-second applies")
	fs.Usage = func() { printUsage(fs) }

	// The environment first, so that flags override it.
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		v, ok := lookupEnv(envName(f.Name))
		if !ok || v == "" || envErr != nil {
			return
		}
		if err := fs.Set(f.Name, v); err != nil {
			kind, _ := flag.UnquoteUsage(f)
			if kind == "" {
				kind = "value" // a bool flag
			}
			envErr = fmt.Errorf("invalid %s=%q: want a %s, as for --%s: %w", envName(f.Name), v, kind, f.Name, err)
		}
	})
	if envErr != nil {
		return Config{}, envErr
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q: forwhom takes flags only (or: forwhom export --data DIR CODE)", fs.Arg(0))
	}
	if err := cfg.validate(); err != nil {
		return Config{}, err
	}
	if cfg.Host == "" {
		cfg.Host = sshserver.HostFromListen(cfg.Listen)
	}
	return cfg, nil
}

func (c *Config) validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		errs = append(errs, fmt.Errorf("--listen %q is not host:port: %w", c.Listen, err))
	}
	if c.DataDir == "" {
		errs = append(errs, errors.New("--data must name a directory"))
	}
	for _, n := range []struct {
		name string
		v    float64
	}{
		{"idle-timeout", c.IdleTimeout.Seconds()},
		{"shutdown-timeout", c.ShutdownTimeout.Seconds()},
		{"handshake-timeout", c.HandshakeTimeout.Seconds()},
		{"stall-timeout", c.StallTimeout.Seconds()},
		{"max-conns", float64(c.MaxConns)},
		{"max-conns-per-ip", float64(c.MaxConnsPerIP)},
		{"conn-rate", c.ConnRate},
		{"conn-burst", float64(c.ConnBurst)},
		{"guest-burst", float64(c.NewGuests.Burst)},
		{"guest-every", c.NewGuests.Every.Seconds()},
		{"max-guests", float64(c.Limits.GuestsPerWorkshop)},
		{"max-participants", float64(c.Limits.ParticipantsPerWorkshop)},
		{"max-workshops-per-key", float64(c.Limits.WorkshopsPerKey)},
		{"max-templates-per-key", float64(c.Limits.TemplatesPerKey)},
		{"max-notes", float64(c.Limits.NotesPerParticipant)},
		{"max-workshop-notes", float64(c.Limits.NotesPerWorkshop)},
		{"actions-per-second", c.Limits.ActionsPerSecond},
		{"action-burst", float64(c.Limits.ActionBurst)},
	} {
		if n.v < 0 {
			errs = append(errs, fmt.Errorf("--%s must not be negative", n.name))
		}
	}
	return errors.Join(errs...)
}

// dbPath and hostKeyPath are the two files of the data directory.
func dbPath(dataDir string) string      { return filepath.Join(dataDir, "forwhom.db") }
func hostKeyPath(dataDir string) string { return filepath.Join(dataDir, "host_ed25519") }

// levelValue is a log level as a flag.
type levelValue log.Level

func (l *levelValue) String() string { return log.Level(*l).String() }

func (l *levelValue) Set(s string) error {
	lvl, err := log.ParseLevel(s)
	if err != nil {
		return fmt.Errorf("unknown log level %q: use debug, info, warn or error", s)
	}
	*l = levelValue(lvl)
	return nil
}

func printUsage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprint(w, `forwhom serves "Who's your customer?" workshops over SSH.

usage:
  forwhom [flags]                                  serve
  forwhom export [--data DIR] CODE [--format md|csv|json]
                                                   print a workshop's result from the data directory

flags (each may also be set by the environment variable shown):
`)
	fs.VisitAll(func(f *flag.Flag) {
		kind, usage := flag.UnquoteUsage(f)
		arg := "--" + f.Name
		if kind != "" {
			arg += " " + kind
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" {
			def = ", default " + f.DefValue
		}
		fmt.Fprintf(w, "  %s\n        %s (%s%s)\n", arg, usage, envName(f.Name), def)
	})
}
