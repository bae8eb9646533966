package sshserver

import (
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/ssh"

	"forwhom/plain"
)

// plainRequest reports whether a session asks for plain mode, the
// line-oriented interface for screen readers (see package plain), and the
// join code it names, if any. A session asks for it with `join CODE
// --plain` (or `--plain` alone for the lobby), with ACCESSIBLE set in its
// environment (ssh -o SetEnv=ACCESSIBLE=1), or with TERM=dumb. Only a
// session that would open the screen (no command, or join CODE) is
// served in plain mode: exec commands stay as they are.
func plainRequest(sess ssh.Session) (code string, ok bool) {
	args := sess.Command()
	flag := slices.Contains(args, "--plain")
	args = slices.DeleteFunc(slices.Clone(args), func(a string) bool { return a == "--plain" })
	switch {
	case len(args) == 0:
	case len(args) == 2 && args[0] == "join":
		code = args[1]
	default:
		return "", false
	}
	if flag {
		return code, true
	}
	env := sess.Environ()
	if v, set := lookupEnv(env, "ACCESSIBLE"); set && truthy(v) {
		return code, true
	}
	term, _ := lookupEnv(env, "TERM")
	if pty, _, ok := sess.Pty(); ok {
		term = pty.Term
	}
	return code, term == "dumb"
}

// truthy is an environment flag's value read as on: anything but empty,
// 0, false, no or off.
func truthy(v string) bool {
	if b, err := strconv.ParseBool(v); err == nil {
		return b
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "no", "off":
		return false
	}
	return true
}

// lookupEnv is the last value of key in environ.
func lookupEnv(environ []string, key string) (string, bool) {
	val, found := "", false
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			val, found = v, true
		}
	}
	return val, found
}

// runPlain serves a session in plain mode until it quits or ends. With a
// PTY the client's terminal is raw, so typed characters are echoed here;
// without one the client's own terminal edits the line.
func (s *Server) runPlain(sess ssh.Session, code string) {
	who, err := identify(sess)
	if err != nil {
		return // unreachable: checkIdentity refused the session
	}
	_, _, pty := sess.Pty()
	err = plain.Run(sess.Context(), plain.Options{
		Manager:    s.manager,
		Identity:   who,
		Join:       code,
		In:         sess,
		Out:        sess,
		Echo:       pty,
		ExportHint: s.addr.ssh(),
		Stop:       s.programs.stopping(),
		StopReason: "The forwhom server is shutting down: " + shutdownReason + ".",
	})
	if err != nil {
		s.log.Error("a plain session failed", "addr", sess.RemoteAddr().String(), "err", err)
	}
	_ = sess.Exit(0)
}
