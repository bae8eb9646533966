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
	lock    *dataLock // held from Start until stopped: one server per directory

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
	// Before the database is opened: migrations, too, are for one server.
	s.lock, err = lockDataDir(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	s.store, err = store.Open(dbPath(cfg.DataDir))
	if err == nil {
		err = s.store.CheckWritable(context.Background())
		if err != nil {
			_ = s.store.Close()
			err = fmt.Errorf("open store %s: %w", dbPath(cfg.DataDir), err)
		}
	}
	if err != nil {
		_ = s.lock.release()
		return nil, err
	}
	s.manager = session.NewManager(s.store, session.Options{
		Limits:    cfg.Limits,
		Log:       func(msg string, kv ...any) { logger.Error(msg, kv...) },
		Templates: s.store,
	})
	sc := cfg.Config
	sc.HostKeyPath = hostKeyPath(cfg.DataDir)
	s.Server, err = sshserver.Start(sc, s.manager, logger)
	if err != nil {
		s.manager.Close()
		_ = s.store.Close()
		_ = s.lock.release()
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
// workshops, then the store, and last gives up the data directory:
// another server may start on it now.
func (s *Server) stop(stopSSH func() error) error {
	s.closeOnce.Do(func() {
		err := stopSSH()
		s.manager.Close()
		s.closeErr = errors.Join(err, s.store.Close())
		if err := s.lock.release(); err != nil {
			s.closeErr = errors.Join(s.closeErr, fmt.Errorf("releasing the data directory: %w", err))
		}
	})
	return s.closeErr
}
