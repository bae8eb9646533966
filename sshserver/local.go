package sshserver

import (
	"context"
	"io"

	"forwhom/session"
)

// RunAsHost runs an exec command (args, as typed after `ssh HOST`) as the
// host, on its own data directory: the host owns the file, so there is no
// facilitator check. Input comes from stdin (import), results go to
// stdout, errors to stderr; it returns the exit status. `forwhom export`
// and `forwhom import` are this.
func RunAsHost(ctx context.Context, manager *session.Manager, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	inv := &invocation{
		manager: manager,
		who:     session.Identity{ID: "host", Name: "host"},
		host:    true,
		stdin:   stdin,
		stdout:  stdout,
		stderr:  stderr,
	}
	return runCommand(ctx, inv, args)
}
