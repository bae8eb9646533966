package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// dataLock is the exclusive hold a server has on its data directory.
//
// Two servers on one directory each keep their own idea of the next note
// id, so both hand out the same ids and one overwrites what the other saved
// (issue 19). The lock is flock(2) on a file in the directory (LockFileEx
// on Windows, see tryLock): the kernel releases it when the process ends
// however it ends, kill -9 included, so a crash never leaves a stale lock
// behind for the host to clean up. The
// file stays; only the lock on it matters. It holds the holder's pid, so a
// second server can say which process to look at.
type dataLock struct{ f *os.File }

// lockPath is the lock file of a data directory.
func lockPath(dataDir string) string { return filepath.Join(dataDir, "forwhom.lock") }

// errDataDirInUse is why a server does not start on a directory another
// one serves.
var errDataDirInUse = errors.New("the data directory is in use")

// errLocked is tryLock's when another process holds the lock.
var errLocked = errors.New("locked by another process")

// lockDataDir takes the data directory's lock, or says who holds it.
func lockDataDir(dataDir string) (*dataLock, error) {
	path := lockPath(dataDir)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening the data directory's lock %s: %w", path, err)
	}
	if err := tryLock(f); err != nil {
		holder := "another process"
		if b, rerr := os.ReadFile(path); rerr == nil {
			if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); perr == nil && pid > 0 {
				holder = fmt.Sprintf("another forwhom (pid %d)", pid)
			}
		}
		_ = f.Close()
		dir, aerr := filepath.Abs(dataDir)
		if aerr != nil {
			dir = dataDir
		}
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("%w: %s is served by %s; stop that one first, or give this one another --data",
				errDataDirInUse, dir, holder)
		}
		return nil, fmt.Errorf("locking the data directory %s: %w", dir, err)
	}
	// The pid is for the message above only: the lock is the flock, never
	// the file's content.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &dataLock{f: f}, nil
}

// release gives the directory up: closing the file drops the lock.
func (l *dataLock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
