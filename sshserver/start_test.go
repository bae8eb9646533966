package sshserver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"charm.land/log/v2"

	"forwhom/session"
	"forwhom/store"
)

// testCfg is a test server's configuration: the SSH server's, and the
// session's limits over a store in DataDir, as cmd/forwhom makes them.
type testCfg struct {
	Config
	DataDir  string
	LogLevel log.Level
	Limits   session.Limits
}

// defaultConfig is cmd/forwhom's configuration of a host that set nothing.
func defaultConfig() testCfg {
	return testCfg{Config: DefaultConfig(), DataDir: "data", LogLevel: log.InfoLevel, Limits: session.DefaultLimits()}
}

func dbPath(dataDir string) string      { return filepath.Join(dataDir, "forwhom.db") }
func hostKeyPath(dataDir string) string { return filepath.Join(dataDir, "host_ed25519") }

// testServer is a Server over its own SQLite store in cfg.DataDir, started
// and stopped as cmd/forwhom does it.
type testServer struct {
	*Server
	store *store.Store

	closeOnce sync.Once
	closeErr  error
}

// startTest starts a server as the binary does: the data directory, the store,
// the manager, then the SSH server.
func startTest(cfg testCfg, logger *log.Logger) (*testServer, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the data directory: %w", err)
	}
	st, err := store.Open(dbPath(cfg.DataDir))
	if err != nil {
		return nil, err
	}
	mgr := session.NewManager(st, session.Options{
		Limits: cfg.Limits,
		Log:    func(msg string, kv ...any) { logger.Error(msg, kv...) },
	})
	sc := cfg.Config
	sc.HostKeyPath = hostKeyPath(cfg.DataDir)
	srv, err := Start(sc, mgr, logger)
	if err != nil {
		mgr.Close()
		_ = st.Close()
		return nil, err
	}
	return &testServer{Server: srv, store: st}, nil
}

func (s *testServer) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	return s.Shutdown(ctx)
}

func (s *testServer) Shutdown(ctx context.Context) error {
	s.closeOnce.Do(func() {
		err := s.Server.Shutdown(ctx)
		s.manager.Close()
		s.closeErr = errors.Join(err, s.store.Close())
	})
	return s.closeErr
}
