package main

import (
	"errors"
	"flag"
	"io"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"charm.land/log/v2"

	"forwhom/session"
)

// env is a fake environment.
func env(kv ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestConfigDefaultsWorkOnAFreshMachine(t *testing.T) {
	cfg, err := parseConfig(nil, env(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := defaultConfig()
	want.Host = "localhost"
	if cfg != want {
		t.Errorf("defaults = %+v\nwant %+v", cfg, want)
	}
	if cfg.Listen != ":23234" || cfg.DataDir != "data" || cfg.IdleTimeout != 30*time.Minute ||
		cfg.Limits != session.DefaultLimits() || cfg.NoGuests || cfg.LogLevel != log.InfoLevel {
		t.Errorf("defaults = %+v", cfg)
	}
}

func TestConfigFromEnvironmentAndFlags(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		env   []string
		check func(Config) bool
	}{
		{"the environment sets the listen address",
			nil, []string{"FORWHOM_LISTEN", "127.0.0.1:2222"},
			func(c Config) bool { return c.Listen == "127.0.0.1:2222" }},
		{"a flag overrides the environment",
			[]string{"--listen", "127.0.0.1:3333"}, []string{"FORWHOM_LISTEN", "127.0.0.1:2222"},
			func(c Config) bool { return c.Listen == "127.0.0.1:3333" }},
		{"a single-dash flag works too",
			[]string{"-data", "/srv/fw"}, nil,
			func(c Config) bool { return c.DataDir == "/srv/fw" }},
		{"FORWHOM_DATA sets the data directory",
			nil, []string{"FORWHOM_DATA", "/var/lib/forwhom"},
			func(c Config) bool { return c.DataDir == "/var/lib/forwhom" }},
		{"FORWHOM_NO_GUESTS=1 turns guests off",
			nil, []string{"FORWHOM_NO_GUESTS", "1"},
			func(c Config) bool { return c.NoGuests }},
		{"--no-guests=false overrides FORWHOM_NO_GUESTS=true",
			[]string{"--no-guests=false"}, []string{"FORWHOM_NO_GUESTS", "true"},
			func(c Config) bool { return !c.NoGuests }},
		{"an empty variable counts as unset",
			nil, []string{"FORWHOM_LISTEN", ""},
			func(c Config) bool { return c.Listen == ":23234" }},
		{"the host defaults to the listen address's host",
			[]string{"--listen", "10.0.0.5:23234"}, nil,
			func(c Config) bool { return c.Host == "10.0.0.5" }},
		{"every interface means localhost",
			[]string{"--listen", "0.0.0.0:23234"}, nil,
			func(c Config) bool { return c.Host == "localhost" }},
		{"FORWHOM_HOST names the host",
			nil, []string{"FORWHOM_HOST", "workshop.example.org"},
			func(c Config) bool { return c.Host == "workshop.example.org" }},
		{"the log level by name",
			[]string{"--log-level", "debug"}, []string{"FORWHOM_LOG_LEVEL", "error"},
			func(c Config) bool { return c.LogLevel == log.DebugLevel }},
		{"the idle timeout as a duration",
			nil, []string{"FORWHOM_IDLE_TIMEOUT", "5m"},
			func(c Config) bool { return c.IdleTimeout == 5*time.Minute }},
		{"connections per address",
			[]string{"--max-conns-per-ip", "7"}, nil,
			func(c Config) bool { return c.MaxConnsPerIP == 7 }},
		{"session limits",
			[]string{"--max-participants", "50", "--max-workshops-per-key", "3", "--actions-per-second", "2.5"},
			[]string{"FORWHOM_MAX_PARTICIPANTS", "9"},
			func(c Config) bool {
				l := c.Limits
				return l.ParticipantsPerWorkshop == 50 && l.WorkshopsPerKey == 3 && l.ActionsPerSecond == 2.5 &&
					l.ActionBurst == session.DefaultLimits().ActionBurst
			}},
		{"guests",
			[]string{"--max-guests", "5", "--guest-burst", "3"},
			[]string{"FORWHOM_GUEST_EVERY", "10s"},
			func(c Config) bool {
				return c.Limits.GuestsPerWorkshop == 5 && c.NewGuests.Burst == 3 && c.NewGuests.Every == 10*time.Second
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseConfig(tt.args, env(tt.env...), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(cfg) {
				t.Errorf("args %q, env %q: got %+v", tt.args, tt.env, cfg)
			}
		})
	}
}

func TestConfigRejectsBadValues(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  []string
		says string
	}{
		{"a bad variable names the variable", nil, []string{"FORWHOM_IDLE_TIMEOUT", "soon"}, "FORWHOM_IDLE_TIMEOUT"},
		{"an unknown log level", []string{"--log-level", "loud"}, nil, "unknown log level"},
		{"a listen address without a port", []string{"--listen", "localhost"}, nil, "--listen"},
		{"a negative limit", []string{"--max-participants", "-1"}, nil, "--max-participants must not be negative"},
		{"a stray argument", []string{"serve"}, nil, `unexpected argument "serve"`},
		{"an unknown flag", []string{"--port", "22"}, nil, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig(tt.args, env(tt.env...), io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("err = %v, want one that says %q", err, tt.says)
			}
		})
	}
}

func TestConfigHelpNamesEveryVariable(t *testing.T) {
	var out strings.Builder
	_, err := parseConfig([]string{"-h"}, env(), &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("err = %v, want flag.ErrHelp", err)
	}
	for _, name := range []string{"listen", "data", "no-guests", "host", "log-level", "idle-timeout",
		"max-conns-per-ip", "max-participants", "max-workshops-per-key", "actions-per-second"} {
		if !strings.Contains(out.String(), "--"+name) || !strings.Contains(out.String(), envName(name)) {
			t.Errorf("help lacks --%s or %s:\n%s", name, envName(name), out.String())
		}
	}
}

// The server collects garbage at 50% growth unless GOGC says otherwise.
func TestGCPercentDefaultsUnlessGOGCIsSet(t *testing.T) {
	orig := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(orig) })

	setGCPercent(func(string) (string, bool) { return "", false })
	if got := debug.SetGCPercent(80); got != defaultGCPercent {
		t.Errorf("without GOGC the GC percent is %d, want %d", got, defaultGCPercent)
	}
	setGCPercent(func(k string) (string, bool) { return "80", k == "GOGC" })
	if got := debug.SetGCPercent(100); got != 80 {
		t.Errorf("with GOGC set the GC percent became %d, want GOGC's 80 left alone", got)
	}
}

func TestLimitFlagsAndVariables(t *testing.T) {
	cfg, err := parseConfig(
		[]string{"--max-conns", "7", "--stall-timeout", "5s"},
		env("FORWHOM_HANDSHAKE_TIMEOUT", "3s", "FORWHOM_MAX_CONNS", "9"),
		io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MaxConns != 7 || cfg.StallTimeout != 5*time.Second || cfg.HandshakeTimeout != 3*time.Second {
		t.Errorf("got max-conns %d, stall-timeout %v, handshake-timeout %v", cfg.MaxConns, cfg.StallTimeout, cfg.HandshakeTimeout)
	}
	for _, bad := range []string{"--max-conns=-1", "--stall-timeout=-1s", "--handshake-timeout=-1s"} {
		name, _, _ := strings.Cut(strings.TrimPrefix(bad, "--"), "=")
		if _, err := parseConfig([]string{bad}, env(), io.Discard); err == nil || !strings.Contains(err.Error(), "--"+name+" must not be negative") {
			t.Errorf("%s: err = %v", bad, err)
		}
	}
}
