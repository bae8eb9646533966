//go:build unix

package main

// One server per data directory, and only on a database it can write: a
// second server on the same directory, or one that may only read the
// database, refuses to start and says why, and the first carries on.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"forwhom/internal/termclient"
)

// In one process: a second Start on a served directory fails with a
// message naming the directory and the holder, and the first serves on.
func TestASecondServerOnTheSameDataDirectoryIsRefused(t *testing.T) {
	dir := t.TempDir()
	first := startServer(t, testConfig(dir))
	code := newWorkshop(t, first, "Team A")

	second, err := Start(testConfig(dir), testLogger(t))
	if err == nil {
		_ = second.Close()
		t.Fatal("a second server started on a directory the first serves")
	}
	abs, _ := filepath.Abs(dir)
	if !errors.Is(err, errDataDirInUse) || !strings.Contains(err.Error(), abs) ||
		!strings.Contains(err.Error(), fmt.Sprintf("another forwhom (pid %d)", os.Getpid())) {
		t.Errorf("the second server's error = %q, want it to name %s and pid %d", err, abs, os.Getpid())
	}
	if !serves(t, first.Addr().String()) {
		t.Error("the first server no longer serves")
	}

	// Once the first has stopped, the directory is free.
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	third := startServer(t, testConfig(dir))
	if _, err := third.manager.Snapshot(context.Background(), code); err != nil || !serves(t, third.Addr().String()) {
		t.Errorf("a server after the first: the workshop: %v", err)
	}
}

// serves reports whether the server at addr answers `list`.
func serves(t *testing.T, addr string) bool {
	t.Helper()
	key, err := termclient.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	c, err := termclient.Dial(addr, "ana", key)
	if err != nil {
		t.Fatalf("dialing %s: %v", addr, err)
	}
	defer c.Close()
	r, err := termclient.Exec(c, "list")
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	return r.Status == 0
}

// The real binary: a second process exits non-zero with the message; the
// first serves on; once the first is killed with SIGKILL (no chance to
// clean up), a new one starts. A database the server may only read is
// refused at start.
func TestTheBinaryServesADataDirectoryAlone(t *testing.T) {
	bin := buildServer(t)

	t.Run("a second server exits and the first serves on", func(t *testing.T) {
		dir := t.TempDir()
		first := startProcess(t, bin, dir)
		out, status := runToExit(t, exec.Command(bin, "--listen", "127.0.0.1:0", "--data", dir))
		abs, _ := filepath.Abs(dir)
		want := fmt.Sprintf("%s is served by another forwhom (pid %d)", abs, first.cmd.Process.Pid)
		if status == 0 || !strings.Contains(out, want) {
			t.Errorf("a second server: status %d, output %q; want non-zero and %q", status, out, want)
		}
		if strings.Contains(out, "serving") {
			t.Errorf("the second server said it serves:\n%s", out)
		}
		if !serves(t, first.addr) {
			t.Error("the first server no longer serves")
		}

		first.kill()
		startProcess(t, bin, dir) // fatal if the lock outlived the process
	})

	t.Run("a read-only database is refused", func(t *testing.T) {
		// The binary and the directory where an unprivileged user can
		// reach them (t.TempDir is private to root when root runs the
		// tests).
		base, err := os.MkdirTemp("", "forwhom-ro-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.RemoveAll(base) })
		dir := filepath.Join(base, "data")
		first := startProcess(t, bin, dir) // creates the database
		first.stop(t)
		cmd := exec.Command(filepath.Join(base, "forwhom"), "--listen", "127.0.0.1:0", "--data", dir)
		if err := copyFile(bin, cmd.Path, 0o755); err != nil {
			t.Fatal(err)
		}
		if os.Geteuid() == 0 {
			// chmod does not stop root from writing: run the server as
			// nobody, in a directory it owns, over a database root owns
			// and nobody may only read (a file left by another user).
			const nobody = 65534
			for _, p := range []string{base, dir, filepath.Join(dir, "forwhom.lock"), hostKeyPath(dir), hostKeyPath(dir) + ".pub"} {
				if err := os.Chown(p, nobody, nobody); err != nil && !errors.Is(err, os.ErrNotExist) {
					t.Fatal(err)
				}
			}
			if err := os.Chmod(dbPath(dir), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
		} else if err := os.Chmod(dbPath(dir), 0o444); err != nil {
			t.Fatal(err)
		}
		out, status := runToExit(t, cmd)
		want := "the database is not writable"
		if status == 0 || !strings.Contains(out, want) || !strings.Contains(out, dbPath(dir)) {
			t.Errorf("a server over a read-only database: status %d, output %q; want non-zero and %q naming %s",
				status, out, want, dbPath(dir))
		}
		if strings.Contains(out, "serving") {
			t.Errorf("the server said it serves a read-only database:\n%s", out)
		}
	})
}

// runToExit runs cmd, which should refuse to start, and returns its output
// and exit status. A server that does start is stopped after a while (and
// the test fails on its output).
func runToExit(t *testing.T, cmd *exec.Cmd) (string, int) {
	t.Helper()
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, envPrefix) {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), screenTimeout)
	defer cancel()
	done := make(chan struct{})
	var out []byte
	var err error
	go func() {
		out, err = cmd.CombinedOutput()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(screenTimeout):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	default:
		t.Fatalf("running %s: %v", cmd.Path, err)
		return "", 0
	}
}

func copyFile(from, to string, mode os.FileMode) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, mode)
}
