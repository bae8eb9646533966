package session

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"forwhom/internal/throttle"
)

// Options configure a Manager. Zero fields take defaults.
type Options struct {
	Limits        Limits
	IdleUnload    time.Duration               // how long a workshop nobody is in stays in memory
	CommitTimeout time.Duration               // how long one commit may take
	Now           func() time.Time            // the clock; tests set it
	Log           func(msg string, kv ...any) // key-value logging of failures
	Suggest       Suggester                   // suggested segments; nil: suggest.Suggest
	Templates     TemplateStore               // facilitators' own templates; nil: the store, if it keeps them
}

// Manager runs the live workshops of one server: it loads a workshop when
// someone joins it, runs its apply loop, and unloads it when idle.
type Manager struct {
	store         Store
	limits        Limits
	idleUnload    time.Duration
	commitTimeout time.Duration
	clock         func() time.Time
	log           func(msg string, kv ...any)
	suggest       Suggester
	templates     TemplateStore

	// What costs a guesser or a flooder nothing is limited per key and
	// per address (see Limits).
	failsByKey, failsByAddr     *throttle.Keyed
	createsByKey, createsByAddr *throttle.Keyed

	mu      sync.Mutex
	lives   map[string]*live
	closing chan struct{}
	closed  bool
	wg      sync.WaitGroup
}

// NewManager returns a Manager over a store.
func NewManager(st Store, opts Options) *Manager {
	m := &Manager{
		store:         st,
		limits:        opts.Limits,
		idleUnload:    opts.IdleUnload,
		commitTimeout: opts.CommitTimeout,
		clock:         opts.Now,
		log:           opts.Log,
		suggest:       opts.Suggest,
		templates:     opts.Templates,
		lives:         map[string]*live{},
		closing:       make(chan struct{}),

		failsByKey:    throttle.New(opts.Limits.FailedJoinsPerKey),
		failsByAddr:   throttle.New(opts.Limits.FailedJoinsPerAddr),
		createsByKey:  throttle.New(opts.Limits.CreatesPerKey),
		createsByAddr: throttle.New(opts.Limits.CreatesPerAddr),
	}
	if m.templates == nil {
		m.templates, _ = st.(TemplateStore)
	}
	if m.idleUnload <= 0 {
		m.idleUnload = 2 * time.Minute
	}
	if m.commitTimeout <= 0 {
		m.commitTimeout = 10 * time.Second
	}
	if m.clock == nil {
		m.clock = time.Now
	}
	if m.log == nil {
		m.log = func(string, ...any) {}
	}
	return m
}

// now is the clock, in UTC to the millisecond: what the store keeps.
func (m *Manager) now() time.Time { return m.clock().UTC().Truncate(time.Millisecond) }

func (m *Manager) logf(msg string, kv ...any) { m.log(msg, kv...) }

// Create makes a new workshop facilitated by who and returns its join code.
func (m *Manager) Create(ctx context.Context, who Identity, title string) (string, error) {
	return m.create(ctx, who, title, nil, nil)
}

// CreateFrom makes a new workshop with the questions and settings of one of
// who's templates (see Templates).
func (m *Manager) CreateFrom(ctx context.Context, who Identity, title, template string) (string, error) {
	t, err := m.Template(ctx, who, template)
	if err != nil {
		return "", err
	}
	return m.create(ctx, who, title, t.apply, nil)
}

// create makes a workshop: setup, if not nil, sets it up before it is
// saved (with the earlier segments of a follow-up).
func (m *Manager) create(ctx context.Context, who Identity, title string, setup func(*WorkshopInfo), earlier []EarlierSegment) (string, error) {
	if who.ID == "" {
		return "", refuse(ErrInvalid, "forwhom could not tell who you are; connect with your SSH key")
	}
	if who.Guest {
		return "", refuse(ErrGuest, "guests cannot create workshops; connect with an SSH key")
	}
	title = Sanitize(title, MaxTitleLen)
	if title == "" {
		return "", refuse(ErrInvalid, "a workshop needs a title")
	}
	if err := m.takeCreate(who); err != nil {
		return "", err
	}
	if max := m.limits.WorkshopsPerKey; max > 0 {
		mine, err := m.store.Workshops(ctx, who.ID)
		if err != nil {
			return "", fmt.Errorf("listing your workshops: %w", err)
		}
		n := 0
		for _, s := range mine {
			if s.Role == RoleFacilitator {
				n++
			}
		}
		if n >= max {
			return "", refuse(ErrLimit, "you already facilitate %d workshops, the most one key may", max)
		}
	}
	name := Sanitize(who.Name, MaxNameLen)
	if name == "" {
		name = "facilitator"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return "", ErrClosed
	}
	for range 10 {
		code := newCode()
		if _, loaded := m.lives[code]; loaded {
			continue
		}
		_, err := m.store.Load(ctx, code)
		if err == nil {
			continue
		}
		if !errors.Is(err, ErrUnknownWorkshop) {
			return "", fmt.Errorf("checking a new join code: %w", err)
		}
		now := m.now()
		w := WorkshopInfo{Code: code, Title: title, Phase: PhaseLobby, Settings: DefaultSettings(), CreatedBy: who.ID, CreatedAt: now}
		if setup != nil {
			setup(&w)
		}
		ch := &Changes{Workshop: &w, Participants: []Participant{{
			ID: who.ID, Name: name, Role: RoleFacilitator, JoinedAt: now,
		}}, Earlier: earlier}
		if err := m.store.Commit(ctx, code, ch); err != nil {
			return "", fmt.Errorf("saving the new workshop: %w", err)
		}
		return code, nil
	}
	return "", errors.New("could not find a free join code; try again")
}

// Join enters who into the workshop with this code (as typed by a user) and
// returns their connection to it.
func (m *Manager) Join(ctx context.Context, code string, who Identity) (*Conn, error) {
	if who.ID == "" {
		return nil, refuse(ErrInvalid, "forwhom could not tell who you are; connect with your SSH key")
	}
	if err := m.checkGuesses(who); err != nil {
		return nil, err
	}
	l, err := m.acquire(ctx, code)
	if err != nil {
		if errors.Is(err, ErrUnknownWorkshop) {
			m.wrongCode(who)
		}
		return nil, err
	}
	c := &Conn{
		l:      l,
		id:     who.ID,
		notify: make(chan struct{}, 1),
	}
	if err := l.send(ctx, request{conn: c, cmd: join{who: who}}); err != nil {
		m.release(l)
		return nil, err
	}
	// Only once joined: a refused join leaves nothing behind.
	c.bucket = l.bucket(who.ID)
	return c, nil
}

// Snapshot returns the newest state of a workshop, loading it if needed.
func (m *Manager) Snapshot(ctx context.Context, code string) (*Snapshot, error) {
	l, err := m.acquire(ctx, code)
	if err != nil {
		return nil, err
	}
	defer m.release(l)
	return l.latest.Load(), nil
}

// Export renders a workshop's result for one of its facilitators: only a
// facilitator (never a guest, never a removed participant) may take the
// result out of the room.
//
// Someone who is not in the workshop (or was removed from it) is told
// exactly what they would be told if the code did not exist: the answer
// must not say which codes are live.
func (m *Manager) Export(ctx context.Context, who Identity, code string, f Format) ([]byte, error) {
	return m.ExportTable(ctx, who, code, f, TableSegments)
}

// ExportTable is Export with the table a CSV lists.
func (m *Manager) ExportTable(ctx context.Context, who Identity, code string, f Format, t Table) ([]byte, error) {
	if err := m.checkGuesses(who); err != nil {
		return nil, err
	}
	snap, err := m.Snapshot(ctx, code)
	if errors.Is(err, ErrUnknownWorkshop) {
		if c, ok := NormalizeCode(code); ok {
			err = notYours(c)
		}
		m.wrongCode(who)
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	i, ok := snap.shared().member[who.ID]
	if !ok || snap.Participants[i].Removed {
		m.wrongCode(who)
		return nil, notYours(snap.Workshop.Code)
	}
	if !snap.isFacilitator(who.ID) {
		return nil, refuse(ErrNotFacilitator, "only a facilitator of %s can export it", snap.Workshop.Code)
	}
	return ExportTable(snap, f, t)
}

// Do runs a command in a workshop as who, without a connection (an exec
// command such as import): who must be in the workshop, as for anything
// done on screen, and the room sees the change as it would from a screen.
// Someone not in it is answered as about a code that does not exist, and
// it counts as a wrong code.
func (m *Manager) Do(ctx context.Context, code string, who Identity, cmd Command) error {
	if err := m.checkGuesses(who); err != nil {
		return err
	}
	l, err := m.acquire(ctx, code)
	if err != nil {
		if errors.Is(err, ErrUnknownWorkshop) {
			m.wrongCode(who)
			if c, ok := NormalizeCode(code); ok {
				err = notYours(c)
			}
		}
		return err
	}
	defer m.release(l)
	if err := l.send(ctx, request{as: who.ID, cmd: cmd}); err != nil {
		if errors.Is(err, ErrRemoved) {
			m.wrongCode(who)
			return notYours(l.code)
		}
		return err
	}
	return nil
}

// notYours is the answer about a code that does not exist or is of a
// workshop the asker is not in: the same, word for word.
func notYours(code string) error {
	return refuse(ErrUnknownWorkshop, "you have no workshop with the code %s", code)
}

// checkGuesses refuses someone who got too many join codes wrong lately,
// from their key or from their address, before their code is looked at.
func (m *Manager) checkGuesses(who Identity) error {
	now := m.clock()
	wait := m.failsByKey.Wait(who.ID, now)
	if who.Addr != "" {
		wait = max(wait, m.failsByAddr.Wait(who.Addr, now))
	}
	if wait > 0 {
		n := throttle.Seconds(wait)
		return refuse(ErrTooFast, "too many wrong join codes; try again in %d %s", n, plural(n, "second", "seconds"))
	}
	return nil
}

// DoAsHost runs a command as the host, who owns the data directory (the
// local `forwhom import`): with a facilitator's rights, as nobody in the
// room.
func (m *Manager) DoAsHost(ctx context.Context, code string, cmd Command) error {
	l, err := m.acquire(ctx, code)
	if err != nil {
		return err
	}
	defer m.release(l)
	return l.send(ctx, request{host: true, cmd: cmd})
}

// isFacilitator reports whether the participant facilitates the workshop
// (and was not removed).
func (s *Snapshot) isFacilitator(id string) bool {
	i, ok := s.shared().member[id]
	return ok && s.Participants[i].Facilitator()
}

// wrongCode counts a wrong join code against who's key and address.
func (m *Manager) wrongCode(who Identity) {
	now := m.clock()
	m.failsByKey.Take(who.ID, now)
	if who.Addr != "" {
		m.failsByAddr.Take(who.Addr, now)
	}
}

// takeCreate counts a new workshop against who's key and address, or
// refuses it if either has made too many lately.
func (m *Manager) takeCreate(who Identity) error {
	now := m.clock()
	wait := m.createsByKey.Wait(who.ID, now)
	if who.Addr != "" {
		wait = max(wait, m.createsByAddr.Wait(who.Addr, now))
	}
	if wait > 0 {
		n := throttle.Seconds(wait)
		return refuse(ErrTooFast, "too many new workshops lately; try again in %d %s", n, plural(n, "second", "seconds"))
	}
	m.createsByKey.Take(who.ID, now)
	if who.Addr != "" {
		m.createsByAddr.Take(who.Addr, now)
	}
	return nil
}

// Workshops lists the workshops who belongs to.
func (m *Manager) Workshops(ctx context.Context, who Identity) ([]Summary, error) {
	return m.store.Workshops(ctx, who.ID)
}

// acquire returns the live workshop, loading it and starting its loop if it
// is not running, and holds it loaded until release.
func (m *Manager) acquire(ctx context.Context, typed string) (*live, error) {
	code, ok := NormalizeCode(typed)
	if !ok {
		return nil, refuse(ErrUnknownWorkshop, "%q is not a join code: codes are %d letters and digits", Sanitize(typed, 20), CodeLen)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, ErrClosed
	}
	l, ok := m.lives[code]
	if !ok {
		d, err := m.store.Load(ctx, code)
		if errors.Is(err, ErrUnknownWorkshop) {
			return nil, refuse(ErrUnknownWorkshop, "no workshop has the code %s", code)
		}
		if err != nil {
			return nil, fmt.Errorf("loading workshop %s: %w", code, err)
		}
		l = newLive(m, code, d)
		m.lives[code] = l
		m.wg.Add(1)
		go func() {
			defer m.wg.Done()
			l.run()
		}()
	}
	l.refs++
	return l, nil
}

func (m *Manager) release(l *live) {
	m.mu.Lock()
	l.refs--
	m.mu.Unlock()
}

// unload drops an idle workshop from memory; it reports false if someone
// still holds it.
func (m *Manager) unload(l *live) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if l.refs > 0 {
		return false
	}
	delete(m.lives, l.code)
	return true
}

// Loaded reports how many workshops are in memory.
func (m *Manager) Loaded() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.lives)
}

// Close stops every workshop's loop. Every accepted command was committed
// when it was accepted, so nothing is lost; connections see Done closed.
func (m *Manager) Close() {
	m.mu.Lock()
	if !m.closed {
		m.closed = true
		close(m.closing)
	}
	m.mu.Unlock()
	m.wg.Wait()
}
