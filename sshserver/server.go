package sshserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/wish/v2"
	"charm.land/wish/v2/ratelimiter"
	"charm.land/wish/v2/recover"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/ssh"
	"golang.org/x/time/rate"

	"forwhom/internal/teahost"
	"forwhom/internal/throttle"
	"forwhom/session"
	"forwhom/tui"
)

// Server is forwhom's SSH server in front of one session manager: the
// workshop screens for sessions with a terminal, exec commands for the
// others.
type Server struct {
	cfg      Config
	log      *log.Logger
	manager  *session.Manager
	ssh      *ssh.Server
	ln       net.Listener
	addr     sshAddress
	programs *programs
	conns    *connLimiter

	served   chan struct{} // closed when Serve returns
	serveErr error

	closeOnce sync.Once
	closeErr  error
}

// shutdownReason is what every open screen is told when the server stops.
const shutdownReason = "the server is stopping"

// Start listens on cfg.Listen (creating the host key on first run) and
// serves manager's workshops in the background until Close. The manager
// stays the caller's: Close does not close it.
func Start(cfg Config, manager *session.Manager, logger *log.Logger) (srv *Server, err error) {
	s := &Server{
		cfg:      cfg,
		log:      logger,
		manager:  manager,
		programs: newPrograms(),
		conns:    newConnLimiter(cfg, logger),
		served:   make(chan struct{}),
	}
	// Undo what was opened if a later step fails.
	defer func() {
		if err == nil {
			return
		}
		if s.ln != nil {
			_ = s.ln.Close()
		}
	}()

	s.ln, err = net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listening: %w", err)
	}
	// The port users are told is the one actually bound (":0" in tests).
	_, port, _ := net.SplitHostPort(s.ln.Addr().String())
	s.addr = sshAddress{host: cfg.Host, port: port}
	if s.addr.host == "" {
		s.addr.host = HostFromListen(cfg.Listen)
	}

	// A screen that asks the runtime for what it does not do is a bug
	// worth a line in the log, once per kind.
	teahost.OnUnsupported(func(kind string) {
		logger.Warn("the terminal runtime ignored what a screen asked of it", "kind", kind)
	})

	guests := wish.WithKeyboardInteractiveAuth(admitGuests(throttle.New(cfg.NewGuests)))
	if cfg.NoGuests {
		guests = wish.WithKeyboardInteractiveAuth(refuseGuest)
	}
	s.ssh, err = wish.NewServer(
		// Generated on first run (ed25519, 0600) and reused, so clients see
		// the same host key after a restart.
		wish.WithHostKeyPath(cfg.HostKeyPath),
		wish.WithPublicKeyAuth(acceptKey),
		guests, // no password auth: there is nothing to check a password against
		wish.WithIdleTimeout(cfg.IdleTimeout),
		wish.WithMiddleware(s.middleware()...),
		keepSessionChannels, // for writes past the PTY emulation (see rawpty.go)
		func(srv *ssh.Server) error {
			// Every accepted connection is counted and given its
			// handshake deadline before any SSH work is done for it.
			srv.ConnCallback = s.conns.track
			// Learns when the client has authenticated, to lift that
			// deadline.
			srv.ServerConfigCallback = s.conns.serverConfig
			return nil
		},
	)
	if err != nil {
		return nil, fmt.Errorf("setting up the SSH server: %w", err)
	}
	// Return only once Serve has registered the listener: a Shutdown
	// before that would race with it (and leave Serve running).
	ready := &readyListener{Listener: s.ln, ready: make(chan struct{})}
	go func() {
		defer close(s.served)
		if err := s.ssh.Serve(ready); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
			s.serveErr = err
		}
	}()
	select {
	case <-ready.ready:
	case <-s.served:
		return nil, fmt.Errorf("serving: %w", s.serveErr)
	}
	return s, nil
}

// readyListener closes ready when Serve first calls Accept, which it does
// after registering the listener with the server.
type readyListener struct {
	net.Listener
	once  sync.Once
	ready chan struct{}
}

func (l *readyListener) Accept() (net.Conn, error) {
	l.once.Do(func() { close(l.ready) })
	return l.Listener.Accept()
}

// middleware is the server's one middleware list. wish composes it so that
// the LAST entry runs FIRST (outermost) and the first entry runs last, next
// to the final handler; recover wraps its own list the same way. Read it
// bottom-up, following the numbers, for the path a session takes.
func (s *Server) middleware() []wish.Middleware {
	limiter := ratelimiter.NewRateLimiter(rate.Limit(s.cfg.ConnRate), s.cfg.ConnBurst, 4096)
	if s.cfg.ConnRate <= 0 {
		limiter = unlimited{}
	}
	return []wish.Middleware{
		// 0, outermost of all: a panic anywhere inside ends that one
		// session with its stack in the log, never the server.
		recover.MiddlewareWithLogger(
			s.log.StandardLog(log.StandardLogOptions{ForceLevel: log.ErrorLevel}),

			// 8, last: one participant's screen per session (a Bubble Tea
			// model on teahost.Host). Only sessions that want the TUI and have
			// a PTY get this far.
			s.tui(),
			// 7: the TUI needs a terminal. Exec commands were served by
			// the router (6), so a session without a PTY here is a plain
			// `ssh HOST` with its input piped; it is told what to do.
			// (wish's activeterm would only say "Requires an active PTY".)
			needTerminal(s.addr),
			// 6: exec commands (`ssh HOST list`) end here and never reach
			// the TUI; `join CODE` with a PTY passes on to it. After the
			// identity check (5), because every command acts as someone.
			s.commands(),
			// 5: who the session is, from the key that authenticated,
			// settled before anything acts on it.
			checkIdentity(s.log),
			// 4: too many open connections, from one address or in
			// total: counted in the ConnCallback, refused here where the
			// user can be told.
			s.conns.middleware(),
			// 3: too many new sessions per second from one address,
			// refused before any work (this is what makes guessing join
			// codes impractical).
			ratelimiter.Middleware(limiter),
			// 2: from here on the session's output is written through a
			// guard that disconnects a client that stopped reading, after
			// --stall-timeout: the TUI's frames and the commands' output.
			evictStalled(s.cfg.StallTimeout, s.log),
			// 1, first inside recover: logging, outside every refusal, so
			// refused sessions are logged too.
			logSessions(s.log),
		),
	}
}

// unlimited is the rate limiter when --conn-rate is 0.
type unlimited struct{}

func (unlimited) Allow(ssh.Session) error { return nil }

// commands routes exec sessions to runCommand.
func (s *Server) commands() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			args := sess.Command()
			if code, ok := plainRequest(sess); ok {
				s.runPlain(sess, code) // plain mode, for screen readers
				return
			}
			if len(args) == 0 || opensTUI(sess) {
				next(sess)
				return
			}
			who, _ := identify(sess) // checked by checkIdentity
			inv := &invocation{
				manager: s.manager,
				who:     who,
				addr:    s.addr,
				stdin:   sess,
				stdout:  sess,
				stderr:  sess.Stderr(),
			}
			status := runCommand(sess.Context(), inv, args)
			s.log.Debug("command", "command", commandName(args), "id", who.ID, "status", status)
			_ = sess.Exit(status)
		}
	}
}

// opensTUI reports whether an exec session is `join CODE` with a terminal:
// the TUI's, not the router's. Without a terminal the router tells the
// user to add -t.
func opensTUI(sess ssh.Session) bool {
	args := sess.Command()
	_, _, pty := sess.Pty()
	return pty && len(args) == 2 && args[0] == "join"
}

// tui runs one participant's screen per session and keeps it in the
// registry while it runs, so Close can tell it the server is stopping.
func (s *Server) tui() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			s.runTUI(sess)
			next(sess)
		}
	}
}

// programModel is the model a session's program runs: the client's own. A
// test replaces it to make one session's program panic.
var programModel = func(m *tui.Model) tea.Model { return m }

// runTUI runs the client's model on its terminal until it quits or the
// session ends.
//
// The model runs on teahost.Host, not a tea.Program, and draws through
// teahost.Screen, not Bubble Tea's renderer: every participant's screen is
// redrawn on every change and hundreds stay connected, so what one client
// costs in memory and CPU sets how many one server can hold (see
// internal/teahost and the README's Performance section). The
// host reads the session's size changes itself and never waits for the
// client's output, so the connection's request loop never blocks on a
// client that stopped reading.
func (s *Server) runTUI(sess ssh.Session) {
	who, err := identify(sess)
	if err != nil {
		return // unreachable: checkIdentity refused the session
	}
	pty, resized, ok := sess.Pty()
	if !ok {
		return // unreachable: needTerminal refused the session
	}
	var join string
	if args := sess.Command(); len(args) == 2 && args[0] == "join" {
		join = args[1]
	}
	// Saved settings first, then what this connection's environment asks
	// for (NO_COLOR, FORWHOM_THEME).
	saved, _ := s.manager.Preferences(sess.Context(), who) // on failure, the defaults
	prefs, err := tui.EnvPrefs(tui.PrefsFrom(saved), sess.Environ())
	notice := ""
	if err != nil {
		notice = "FORWHOM_THEME: " + err.Error() + "."
	}
	m := tui.New(tui.Options{
		Manager:    s.manager,
		Identity:   who,
		Join:       join,
		ExportHint: s.addr.ssh(),
		Prefs:      prefs,
		Notice:     notice,
	})
	screen := teahost.NewScreen(sess)
	host := teahost.NewHost(programModel(m), screen)
	s.programs.add(sess, host, m, screen)
	defer s.programs.remove(sess)

	// The client's colours come from its environment: TERM from the PTY
	// request, COLORTERM and the like if the client sent them.
	env := append(sess.Environ(), "TERM="+pty.Term)
	err = teahost.Run(sess.Context(), host, teahost.Terminal[ssh.Window]{
		In:      sess,
		Screen:  screen,
		Width:   pty.Window.Width,
		Height:  pty.Window.Height,
		Profile: colorprofile.Env(env),
		Resized: resized,
		Size:    func(w ssh.Window) (int, int) { return w.Width, w.Height },
	})
	if err != nil {
		s.log.Error("a participant's program panicked; ending that session",
			"addr", sess.RemoteAddr().String(), "err", err)
	}
	// Nothing reads the client's size changes any more, yet closing its
	// screen may wait on a write to a client that stopped reading: if that
	// client kept resizing, the connection's read loop would block on a
	// full size channel and with it the teardown that ends the write.
	// Sizes are taken, and dropped, until the session's requests end.
	go func() {
		for range resized {
		}
	}()
}

// needTerminal ends a session that wants the TUI but has no terminal. It
// stands where wish's activeterm would, with a message that says what to
// do.
func needTerminal(addr sshAddress) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			if _, _, ok := sess.Pty(); ok {
				next(sess)
				return
			}
			wish.Errorf(sess, "forwhom's workshop screen needs a terminal: run %s from a terminal (or add -t).\n"+
				"For the commands that work without one: %s help\n", addr.ssh(), addr.ssh())
			_ = sess.Exit(1)
		}
	}
}

// logSessions logs each session's start and end, key-value. It logs who
// and which command, never the arguments: titles and codes are the users'
// own words and keys.
func logSessions(logger *log.Logger) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			start := time.Now()
			id := "-"
			if who, err := identify(sess); err == nil {
				id = who.ID
			}
			_, _, pty := sess.Pty()
			// Key-values, not logger.With: a derived logger is a copy of
			// the whole logger (~17 KiB), held for the session's life.
			who := []any{
				"addr", sess.RemoteAddr().String(),
				"user", session.Sanitize(sess.User(), session.MaxNameLen),
				"id", id,
			}
			logger.Info("session start", append(who, "command", commandName(sess.Command()), "pty", pty)...)
			next(sess)
			logger.Info("session end", append(who, "duration", time.Since(start).Round(time.Millisecond))...)
		}
	}
}

// commandName is the command of exec args for the log: its name only, and
// "tui" for none.
func commandName(args []string) string {
	if len(args) == 0 {
		return "tui"
	}
	if _, ok := lookupCommand(args[0]); ok {
		return args[0]
	}
	return "unknown"
}

// SSH is how users reach the server: "ssh -p PORT HOST".
func (s *Server) SSH() string { return s.addr.ssh() }

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Done is closed when the server stops serving, on Close or on a listener
// failure (then Err says why).
func (s *Server) Done() <-chan struct{} { return s.served }

// Err is why the server stopped serving on its own, once Done is closed.
func (s *Server) Err() error {
	select {
	case <-s.served:
		return s.serveErr
	default:
		return nil
	}
}

// Close stops the server, waiting up to cfg.ShutdownTimeout for clients to
// leave.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	return s.Shutdown(ctx)
}

// Shutdown stops the server: every open screen is told why and quits, and
// the connections are given until ctx is done to close and are then cut.
// Nothing is lost: every accepted command was committed when it was
// accepted. The caller then closes the manager.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closeOnce.Do(func() {
		s.programs.stopAll(tui.ShutdownMsg{Reason: shutdownReason})
		var errs []error
		if err := s.ssh.Shutdown(ctx); err != nil {
			s.log.Warn("clients did not leave in time; closing their connections", "err", err)
			if err := s.ssh.Close(); err != nil {
				errs = append(errs, fmt.Errorf("closing the SSH server: %w", err))
			}
		}
		<-s.served
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}
