package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"

	"charm.land/log/v2"

	"forwhom/session"
	"forwhom/sshserver"
	"forwhom/store"
)

// Server is a running forwhom: the SSH server in front of one session
// manager over one SQLite store.
type Server struct {
	*sshserver.Server
	store   *store.Store
	manager *session.Manager

	closeOnce sync.Once
	closeErr  error
}

// Start opens the data directory (creating it, the database and the host
// key on first run), listens on cfg.Listen and serves in the background
// until Close.
func Start(cfg Config, logger *log.Logger) (srv *Server, err error) {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the data directory: %w", err)
	}
	s := &Server{}
	s.store, err = store.Open(dbPath(cfg.DataDir))
	if err != nil {
		return nil, err
	}
	s.manager = session.NewManager(s.store, session.Options{
		Limits: cfg.Limits,
		Log:    func(msg string, kv ...any) { logger.Error(msg, kv...) },
	})
	sc := cfg.Config
	sc.HostKeyPath = hostKeyPath(cfg.DataDir)
	s.Server, err = sshserver.Start(sc, s.manager, logger)
	if err != nil {
		s.manager.Close()
		_ = s.store.Close()
		return nil, err
	}
	return s, nil
}

// Close stops the server, waiting up to cfg.ShutdownTimeout for clients to
// leave.
func (s *Server) Close() error { return s.stop(s.Server.Close) }

// Shutdown is Close, with ctx in place of cfg.ShutdownTimeout.
func (s *Server) Shutdown(ctx context.Context) error {
	return s.stop(func() error { return s.Server.Shutdown(ctx) })
}

// stop stops the SSH server (every screen is told and ends), then the
// workshops, then the store.
func (s *Server) stop(stopSSH func() error) error {
	s.closeOnce.Do(func() {
		err := stopSSH()
		s.manager.Close()
		s.closeErr = errors.Join(err, s.store.Close())
	})
	return s.closeErr
}
