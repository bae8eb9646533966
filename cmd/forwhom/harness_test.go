package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/log/v2"

	"forwhom/internal/termclient"
)

// screenTimeout bounds every wait for a screen; generous, because -race
// slows everything down.
const screenTimeout = 15 * time.Second

// testConfig is the configuration of a test server: loopback, any port,
// data in dir.
func testConfig(dir string) Config {
	cfg := defaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = dir
	cfg.Host = "localhost"
	cfg.LogLevel = log.DebugLevel
	cfg.ShutdownTimeout = 5 * time.Second
	return cfg
}

// startServer starts a server and stops it when the test ends. Its log is
// shown if the test fails.
func startServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	srv, err := Start(cfg, testLogger(t))
	if err != nil {
		t.Fatalf("starting the server: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("stopping the server: %v", err)
		}
	})
	return srv
}

// testLogger logs into a buffer that is printed if the test fails.
func testLogger(t *testing.T) *log.Logger {
	t.Helper()
	buf := &syncBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", buf.String())
		}
	})
	return log.NewWithOptions(buf, log.Options{Level: log.DebugLevel, ReportTimestamp: true})
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newWorkshop has a new user create a workshop over SSH, as `ssh HOST new
// TITLE` does, and returns its join code.
func newWorkshop(t *testing.T, srv *Server, title string) string {
	t.Helper()
	signer, err := termclient.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	c, err := termclient.Dial(srv.Addr().String(), "ana", signer)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := termclient.Exec(c, "new "+title)
	if err != nil || r.Status != 0 {
		t.Fatalf("new %s: %v, status %d, stderr %q", title, err, r.Status, r.Stderr)
	}
	code, _, _ := strings.Cut(r.Stdout, "\n")
	return code
}
