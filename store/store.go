package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"forwhom/session"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Store is a SQLite-backed session.Store. Its methods are safe for concurrent
// use.
//
// It holds two pools over the same file. SQLite lets one connection write at a
// time whatever the pool, so writes go through a pool of exactly one
// connection: commits queue in database/sql, not in SQLite's busy handler, and
// the statements Commit uses stay prepared on that one connection. In WAL mode
// readers neither block the writer nor wait for it, so Load and Workshops use
// a separate pool of several read-only connections, and a long Load never
// delays the next user action's commit.
type Store struct {
	write *sql.DB
	read  *sql.DB
	ws    writeStmts
	rs    readStmts
}

// Options tune how Open sets up the database. The zero Options are the
// defaults.
type Options struct {
	// Synchronous is SQLite's synchronous level for writes: "NORMAL" (the
	// default), "FULL", "EXTRA" or "OFF".
	//
	// In WAL mode NORMAL syncs the WAL only at checkpoints, not at every
	// commit. A commit is still durable once Commit returns if forwhom itself
	// crashes or is killed (even by SIGKILL): the data is in the WAL file,
	// which the operating system keeps. Only an operating-system crash or a
	// power loss can lose the last transactions (never corrupt the file).
	// FULL closes that window too, at the price of an fsync on every commit,
	// that is on every user action; hosts that want it can choose it.
	Synchronous string
	// Readers is the number of read connections (default 4).
	Readers int
}

const defaultReaders = 4

var synchronousLevels = []string{"OFF", "NORMAL", "FULL", "EXTRA"}

// Open opens (creating if missing) the SQLite database at path with the
// default Options and brings its schema up to date. The directory must exist.
func Open(path string) (*Store, error) {
	return OpenWith(path, Options{})
}

// OpenWith is Open with explicit Options.
func OpenWith(path string, opts Options) (*Store, error) {
	sync := strings.ToUpper(opts.Synchronous)
	if sync == "" {
		sync = "NORMAL"
	}
	if !slices.Contains(synchronousLevels, sync) {
		return nil, fmt.Errorf("open store: synchronous level %q is not one of %s",
			opts.Synchronous, strings.Join(synchronousLevels, ", "))
	}
	readers := opts.Readers
	if readers <= 0 {
		readers = defaultReaders
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}

	ctx := context.Background()
	s := &Store{}
	// busy_timeout: another process (forwhom export, a backup) may hold the
	// file briefly; wait for it instead of failing the user's action.
	// _txlock=immediate: a write transaction takes the write lock at BEGIN,
	// where busy_timeout applies, instead of upgrading from a read lock
	// midway, where SQLite may fail it with SQLITE_BUSY at once.
	s.write, err = sql.Open("sqlite", dsn(abs,
		"_pragma", "busy_timeout(5000)",
		"_pragma", "foreign_keys(ON)",
		"_pragma", "journal_mode(WAL)",
		"_pragma", "synchronous("+sync+")",
		"_txlock", "immediate",
	))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s.write.SetMaxOpenConns(1)
	s.write.SetMaxIdleConns(1)
	if err := s.setUpWriter(ctx); err != nil {
		s.write.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}

	// query_only: the read pool cannot write even by mistake, so every write
	// goes through the one writer.
	s.read, err = sql.Open("sqlite", dsn(abs,
		"_pragma", "busy_timeout(5000)",
		"_pragma", "query_only(1)",
	))
	if err != nil {
		s.write.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	// Keep every reader open: a new connection re-runs the pragmas and
	// re-reads the schema.
	s.read.SetMaxOpenConns(readers)
	s.read.SetMaxIdleConns(readers)
	if err := prepare(ctx, s.read, s.rs.queries()); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

func (s *Store) setUpWriter(ctx context.Context) error {
	// journal_mode(WAL) quietly keeps the old mode where WAL is impossible
	// (some network file systems); the store's concurrency relies on WAL.
	var mode string
	if err := s.write.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal mode is %q, want WAL", mode)
	}
	ms, err := readMigrations(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	if err := migrate(ctx, s.write, ms); err != nil {
		return err
	}
	return prepare(ctx, s.write, s.ws.queries())
}

// CheckWritable writes to the database and takes the write back. SQLite
// opens a file it may read but not write (owned by another user, on a
// read-only mount, made immutable) read-only without a word, and a
// database with nothing to migrate is not written at open: a server that
// did not check would start, say it serves, and then fail every action.
// (Open does not check: a read-only copy is fine for an export.)
func (s *Store) CheckWritable(ctx context.Context) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err == nil {
		_, err = tx.ExecContext(ctx, "CREATE TABLE forwhom_write_check (x)")
		_ = tx.Rollback()
	}
	if err != nil {
		return fmt.Errorf("the database is not writable (a read-only file or file system, or a file owned by another user?): %w", err)
	}
	return nil
}

// dsn is a file: URI for path with the driver's parameters. The URI form
// escapes characters such as '?' and '#' in the path, which the plain-name
// form would take for the start of the parameters.
func dsn(path string, params ...string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows volume: file:///C:/...
	}
	q := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		q.Add(params[i], params[i+1])
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: q.Encode()}
	return u.String()
}

// Close closes the database. The Store must not be used afterwards.
func (s *Store) Close() error {
	var errs []error
	if s.read != nil {
		errs = append(errs, s.read.Close())
	}
	if s.write != nil {
		// Let SQLite refresh its query-planner statistics, as it recommends
		// before a long-lived connection closes; it is quick and rarely does
		// anything.
		if _, err := s.write.Exec("PRAGMA optimize"); err != nil {
			errs = append(errs, fmt.Errorf("optimize: %w", err))
		}
		errs = append(errs, s.write.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// writeStmts are Commit's statements, prepared once on the writer's one
// connection; a transaction reuses them through Tx.StmtContext without
// preparing again.
type writeStmts struct {
	upsertWorkshop    *sql.Stmt
	upsertParticipant *sql.Stmt
	upsertSegment     *sql.Stmt
	upsertNote        *sql.Stmt
	upsertVote        *sql.Stmt
	deleteVote        *sql.Stmt
	upsertPick        *sql.Stmt
	deletePick        *sql.Stmt
	deleteNote        *sql.Stmt
	deleteSegment     *sql.Stmt
	insertRejected    *sql.Stmt
	upsertNextStep    *sql.Stmt
	deleteNextStep    *sql.Stmt
	upsertEarlier     *sql.Stmt
}

// Upserts are INSERT ... ON CONFLICT DO UPDATE, never INSERT OR REPLACE:
// REPLACE deletes the old row first, which would fire the cascades and unhook
// a segment's votes, picks and notes whenever the segment is renamed.
func (w *writeStmts) queries() map[**sql.Stmt]string {
	return map[**sql.Stmt]string{
		&w.upsertWorkshop: `INSERT INTO workshops (code, title, phase, anonymous, hide_notes,
				grouping_locked, votes_revealed, dot_budget, max_per_segment, timer_deadline,
				created_by, created_at, spotlight, time_box, open_who, questions, follows, guests_closed)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET title = excluded.title, phase = excluded.phase,
				anonymous = excluded.anonymous, hide_notes = excluded.hide_notes,
				grouping_locked = excluded.grouping_locked, votes_revealed = excluded.votes_revealed,
				guests_closed = excluded.guests_closed,
				dot_budget = excluded.dot_budget, max_per_segment = excluded.max_per_segment,
				timer_deadline = excluded.timer_deadline, created_by = excluded.created_by,
				created_at = excluded.created_at, spotlight = excluded.spotlight,
				time_box = excluded.time_box, open_who = excluded.open_who,
				questions = excluded.questions, follows = excluded.follows`,
		&w.upsertParticipant: `INSERT INTO participants (workshop, id, name, role, guest, removed, ready, joined_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (workshop, id) DO UPDATE SET name = excluded.name, role = excluded.role,
				guest = excluded.guest, removed = excluded.removed, ready = excluded.ready,
				joined_at = excluded.joined_at`,
		&w.upsertSegment: `INSERT INTO segments (workshop, id, name, position, customer_type, role)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (workshop, id) DO UPDATE SET name = excluded.name, position = excluded.position,
				customer_type = excluded.customer_type, role = excluded.role`,
		&w.upsertNote: `INSERT INTO notes (workshop, id, question, text, author, segment, created_at, source)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (workshop, id) DO UPDATE SET question = excluded.question, text = excluded.text,
				author = excluded.author, segment = excluded.segment, created_at = excluded.created_at,
				source = excluded.source`,
		&w.upsertVote: `INSERT INTO votes (workshop, participant, segment, dots) VALUES (?, ?, ?, ?)
			ON CONFLICT (workshop, participant, segment) DO UPDATE SET dots = excluded.dots`,
		&w.deleteVote: `DELETE FROM votes WHERE workshop = ? AND participant = ? AND segment = ?`,
		&w.upsertPick: `INSERT INTO picks (workshop, participant, lens, segment) VALUES (?, ?, ?, ?)
			ON CONFLICT (workshop, participant, lens) DO UPDATE SET segment = excluded.segment`,
		&w.deletePick:    `DELETE FROM picks WHERE workshop = ? AND participant = ? AND lens = ?`,
		&w.deleteNote:    `DELETE FROM notes WHERE workshop = ? AND id = ?`,
		&w.deleteSegment: `DELETE FROM segments WHERE workshop = ? AND id = ?`,
		&w.insertRejected: `INSERT INTO rejected_suggestions (workshop, key) VALUES (?, ?)
			ON CONFLICT (workshop, key) DO NOTHING`,
		&w.upsertNextStep: `INSERT INTO next_steps (workshop, id, segment, kind, text, owner, owner_id, due,
				author, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (workshop, id) DO UPDATE SET segment = excluded.segment, kind = excluded.kind,
				text = excluded.text, owner = excluded.owner, owner_id = excluded.owner_id, due = excluded.due,
				author = excluded.author, created_at = excluded.created_at`,
		&w.deleteNextStep: `DELETE FROM next_steps WHERE workshop = ? AND id = ?`,
		&w.upsertEarlier: `INSERT INTO earlier_segments (workshop, id, name, rank, votes, voters, notes, status, steps)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (workshop, id) DO UPDATE SET name = excluded.name, rank = excluded.rank,
				votes = excluded.votes, voters = excluded.voters, notes = excluded.notes,
				status = excluded.status, steps = excluded.steps`,
	}
}

// readStmts are Load's and Workshops' statements, prepared on each reader
// connection the first time that connection runs them.
type readStmts struct {
	workshop     *sql.Stmt
	participants *sql.Stmt
	segments     *sql.Stmt
	notes        *sql.Stmt
	votes        *sql.Stmt
	picks        *sql.Stmt
	rejected     *sql.Stmt
	nextSteps    *sql.Stmt
	earlier      *sql.Stmt
	workshops    *sql.Stmt
}

func (r *readStmts) queries() map[**sql.Stmt]string {
	return map[**sql.Stmt]string{
		&r.workshop: `SELECT title, phase, anonymous, hide_notes, grouping_locked, votes_revealed,
				dot_budget, max_per_segment, timer_deadline, created_by, created_at,
				spotlight, time_box, open_who, questions, follows, guests_closed
			FROM workshops WHERE code = ?`,
		&r.participants: `SELECT id, name, role, guest, removed, ready, joined_at
			FROM participants WHERE workshop = ? ORDER BY joined_at, id`,
		&r.segments: `SELECT id, name, position, customer_type, role FROM segments WHERE workshop = ? ORDER BY id`,
		&r.nextSteps: `SELECT id, segment, kind, text, owner, owner_id, due, author, created_at
			FROM next_steps WHERE workshop = ? ORDER BY id`,
		&r.notes: `SELECT id, question, text, author, segment, created_at, source
			FROM notes WHERE workshop = ? ORDER BY id`,
		&r.votes: `SELECT participant, segment, dots FROM votes WHERE workshop = ?
			ORDER BY participant, segment`,
		&r.picks: `SELECT participant, lens, segment FROM picks WHERE workshop = ?
			ORDER BY participant, lens`,
		&r.rejected: `SELECT key FROM rejected_suggestions WHERE workshop = ? ORDER BY key`,
		&r.earlier: `SELECT id, name, rank, votes, voters, notes, status, steps FROM earlier_segments
			WHERE workshop = ? ORDER BY rank, id`,
		&r.workshops: `SELECT w.code, w.title, w.phase, p.role,
				(SELECT count(*) FROM participants o WHERE o.workshop = w.code AND NOT o.removed),
				w.created_at
			FROM participants p JOIN workshops w ON w.code = p.workshop
			WHERE p.id = ? AND NOT p.removed
			ORDER BY w.created_at DESC, w.code`,
	}
}

func prepare(ctx context.Context, db *sql.DB, queries map[**sql.Stmt]string) error {
	for st, q := range queries {
		var err error
		if *st, err = db.PrepareContext(ctx, q); err != nil {
			return fmt.Errorf("prepare %q: %w", strings.Join(strings.Fields(q), " "), err)
		}
	}
	return nil
}

// Commit writes one command's changes in one transaction: all or nothing.
// Notes are written after segments and deletions come last, so a command may
// create a segment and move notes into it, or move a segment's notes out and
// delete it.
func (s *Store) Commit(ctx context.Context, code string, ch *session.Changes) error {
	if ch == nil || ch.Empty() {
		return nil
	}
	if ch.Workshop != nil && ch.Workshop.Code != code {
		return fmt.Errorf("commit workshop %s: changes are for workshop %s", code, ch.Workshop.Code)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("commit workshop %s: begin: %w", code, err)
	}
	defer tx.Rollback() // after Commit, a no-op
	if err := s.apply(ctx, tx, code, ch); err != nil {
		return fmt.Errorf("commit workshop %s: %w", code, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit workshop %s: %w", code, err)
	}
	return nil
}

func (s *Store) apply(ctx context.Context, tx *sql.Tx, code string, ch *session.Changes) error {
	if w := ch.Workshop; w != nil {
		st := w.Settings
		questions, err := questionsColumn(w.Questions)
		if err != nil {
			return fmt.Errorf("write workshop: %w", err)
		}
		if _, err := tx.StmtContext(ctx, s.ws.upsertWorkshop).ExecContext(ctx,
			code, w.Title, w.Phase, st.Anonymous, st.HideNotes, st.GroupingLocked, st.VotesRevealed,
			st.DotBudget, st.MaxPerSegment, millis(st.TimerDeadline), w.CreatedBy, millis(w.CreatedAt),
			w.Spotlight, st.TimeBox.Milliseconds(), st.OpenWho,
			questions, nullText(w.Follows), st.GuestsClosed,
		); err != nil {
			return fmt.Errorf("write workshop: %w", err)
		}
	}
	if len(ch.Participants) > 0 {
		st := tx.StmtContext(ctx, s.ws.upsertParticipant)
		for _, p := range ch.Participants {
			if _, err := st.ExecContext(ctx, code, p.ID, p.Name, p.Role, p.Guest, p.Removed, p.Ready,
				millis(p.JoinedAt)); err != nil {
				return fmt.Errorf("write participant %s: %w", p.ID, err)
			}
		}
	}
	if len(ch.Segments) > 0 {
		st := tx.StmtContext(ctx, s.ws.upsertSegment)
		for _, g := range ch.Segments {
			if _, err := st.ExecContext(ctx, code, g.ID, g.Name, g.Position, g.Type, g.Role); err != nil {
				return fmt.Errorf("write segment %d: %w", g.ID, err)
			}
		}
	}
	if len(ch.Notes) > 0 {
		st := tx.StmtContext(ctx, s.ws.upsertNote)
		for _, n := range ch.Notes {
			if _, err := st.ExecContext(ctx, code, n.ID, n.Question, n.Text, n.Author, segmentRef(n.Segment),
				millis(n.CreatedAt), n.Source); err != nil {
				return fmt.Errorf("write note %d: %w", n.ID, err)
			}
		}
	}
	if len(ch.Votes) > 0 {
		upsert, del := tx.StmtContext(ctx, s.ws.upsertVote), tx.StmtContext(ctx, s.ws.deleteVote)
		for _, v := range ch.Votes {
			var err error
			if v.Dots == 0 {
				_, err = del.ExecContext(ctx, code, v.Participant, v.Segment)
			} else {
				_, err = upsert.ExecContext(ctx, code, v.Participant, v.Segment, v.Dots)
			}
			if err != nil {
				return fmt.Errorf("write vote of %s on segment %d: %w", v.Participant, v.Segment, err)
			}
		}
	}
	if len(ch.Picks) > 0 {
		upsert, del := tx.StmtContext(ctx, s.ws.upsertPick), tx.StmtContext(ctx, s.ws.deletePick)
		for _, p := range ch.Picks {
			var err error
			if p.Segment == 0 {
				_, err = del.ExecContext(ctx, code, p.Participant, p.Lens)
			} else {
				_, err = upsert.ExecContext(ctx, code, p.Participant, p.Lens, p.Segment)
			}
			if err != nil {
				return fmt.Errorf("write %s pick of %s: %w", p.Lens, p.Participant, err)
			}
		}
	}
	if len(ch.Rejected) > 0 {
		st := tx.StmtContext(ctx, s.ws.insertRejected)
		for _, k := range ch.Rejected {
			if _, err := st.ExecContext(ctx, code, k); err != nil {
				return fmt.Errorf("write rejected suggestion: %w", err)
			}
		}
	}
	if len(ch.NextSteps) > 0 {
		st := tx.StmtContext(ctx, s.ws.upsertNextStep)
		for _, n := range ch.NextSteps {
			if _, err := st.ExecContext(ctx, code, n.ID, n.Segment, n.Kind, n.Text, n.Owner,
				sql.NullString{String: n.OwnerID, Valid: n.OwnerID != ""},
				sql.NullString{String: n.Due, Valid: n.Due != ""},
				n.Author, millis(n.CreatedAt)); err != nil {
				return fmt.Errorf("write next step %d: %w", n.ID, err)
			}
		}
	}
	if len(ch.DeletedNextSteps) > 0 {
		st := tx.StmtContext(ctx, s.ws.deleteNextStep)
		for _, id := range ch.DeletedNextSteps {
			if _, err := st.ExecContext(ctx, code, id); err != nil {
				return fmt.Errorf("delete next step %d: %w", id, err)
			}
		}
	}
	if len(ch.Earlier) > 0 {
		st := tx.StmtContext(ctx, s.ws.upsertEarlier)
		for _, e := range ch.Earlier {
			notes, err := json.Marshal(e.Notes)
			if err != nil {
				return fmt.Errorf("write earlier segment %d: %w", e.ID, err)
			}
			steps := []byte("[]")
			if len(e.Steps) > 0 {
				if steps, err = json.Marshal(e.Steps); err != nil {
					return fmt.Errorf("write earlier segment %d: %w", e.ID, err)
				}
			}
			if _, err := st.ExecContext(ctx, code, e.ID, e.Name, e.Rank, e.Votes, e.Voters, string(notes), e.Status, string(steps)); err != nil {
				return fmt.Errorf("write earlier segment %d: %w", e.ID, err)
			}
		}
	}
	if len(ch.DeletedNotes) > 0 {
		st := tx.StmtContext(ctx, s.ws.deleteNote)
		for _, id := range ch.DeletedNotes {
			if _, err := st.ExecContext(ctx, code, id); err != nil {
				return fmt.Errorf("delete note %d: %w", id, err)
			}
		}
	}
	if len(ch.DeletedSegments) > 0 {
		// The schema cascades to the segment's votes and picks and unhooks its
		// notes.
		st := tx.StmtContext(ctx, s.ws.deleteSegment)
		for _, id := range ch.DeletedSegments {
			if _, err := st.ExecContext(ctx, code, id); err != nil {
				return fmt.Errorf("delete segment %d: %w", id, err)
			}
		}
	}
	return nil
}

// Load returns everything stored for the workshop with this code, read in one
// transaction so the records agree with each other. A kind of record with no
// rows is a nil slice.
func (s *Store) Load(ctx context.Context, code string) (*session.Data, error) {
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("load workshop %s: begin: %w", code, err)
	}
	defer tx.Rollback() // read-only: nothing to keep

	d := &session.Data{Workshop: session.WorkshopInfo{Code: code}}
	w := &d.Workshop
	var deadline, created sql.NullInt64
	var timeBox int64
	var questions, follows sql.NullString
	err = tx.StmtContext(ctx, s.rs.workshop).QueryRowContext(ctx, code).Scan(
		&w.Title, &w.Phase, &w.Settings.Anonymous, &w.Settings.HideNotes, &w.Settings.GroupingLocked,
		&w.Settings.VotesRevealed, &w.Settings.DotBudget, &w.Settings.MaxPerSegment, &deadline,
		&w.CreatedBy, &created, &w.Spotlight, &timeBox, &w.Settings.OpenWho, &questions, &follows, &w.Settings.GuestsClosed)
	w.Settings.TimeBox = time.Duration(timeBox) * time.Millisecond
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("load workshop %s: %w", code, session.ErrUnknownWorkshop)
	}
	if err != nil {
		return nil, fmt.Errorf("load workshop %s: %w", code, err)
	}
	w.Settings.TimerDeadline, w.CreatedAt = fromMillis(deadline), fromMillis(created)
	w.Follows = follows.String
	if w.Questions, err = fromQuestionsColumn(questions); err != nil {
		return nil, fmt.Errorf("load workshop %s: questions: %w", code, err)
	}

	if d.Participants, err = queryAll(ctx, tx, s.rs.participants, code, func(r *sql.Rows) (session.Participant, error) {
		var p session.Participant
		var joined sql.NullInt64
		err := r.Scan(&p.ID, &p.Name, &p.Role, &p.Guest, &p.Removed, &p.Ready, &joined)
		p.JoinedAt = fromMillis(joined)
		return p, err
	}); err != nil {
		return nil, fmt.Errorf("load workshop %s: participants: %w", code, err)
	}
	if d.Segments, err = queryAll(ctx, tx, s.rs.segments, code, func(r *sql.Rows) (session.Segment, error) {
		var g session.Segment
		return g, r.Scan(&g.ID, &g.Name, &g.Position, &g.Type, &g.Role)
	}); err != nil {
		return nil, fmt.Errorf("load workshop %s: segments: %w", code, err)
	}
	if d.Notes, err = queryAll(ctx, tx, s.rs.notes, code, func(r *sql.Rows) (session.Note, error) {
		var n session.Note
		var segment, created sql.NullInt64
		err := r.Scan(&n.ID, &n.Question, &n.Text, &n.Author, &segment, &created, &n.Source)
		n.Segment, n.CreatedAt = segment.Int64, fromMillis(created)
		return n, err
	}); err != nil {
		return nil, fmt.Errorf("load workshop %s: notes: %w", code, err)
	}
	if d.Votes, err = queryAll(ctx, tx, s.rs.votes, code, func(r *sql.Rows) (session.Vote, error) {
		var v session.Vote
		return v, r.Scan(&v.Participant, &v.Segment, &v.Dots)
	}); err != nil {
		return nil, fmt.Errorf("load workshop %s: votes: %w", code, err)
	}
	if d.Picks, err = queryAll(ctx, tx, s.rs.picks, code, func(r *sql.Rows) (session.Pick, error) {
		var p session.Pick
		return p, r.Scan(&p.Participant, &p.Lens, &p.Segment)
	}); err != nil {
		return nil, fmt.Errorf("load workshop %s: picks: %w", code, err)
	}
	if d.Rejected, err = queryAll(ctx, tx, s.rs.rejected, code, func(r *sql.Rows) (string, error) {
		var k string
		return k, r.Scan(&k)
	}); err != nil {
		return nil, fmt.Errorf("load workshop %s: rejected suggestions: %w", code, err)
	}
	if d.NextSteps, err = queryAll(ctx, tx, s.rs.nextSteps, code, func(r *sql.Rows) (session.NextStep, error) {
		var n session.NextStep
		var ownerID, due sql.NullString
		var created sql.NullInt64
		err := r.Scan(&n.ID, &n.Segment, &n.Kind, &n.Text, &n.Owner, &ownerID, &due, &n.Author, &created)
		n.OwnerID, n.Due, n.CreatedAt = ownerID.String, due.String, fromMillis(created)
		return n, err
	}); err != nil {
		return nil, fmt.Errorf("load workshop %s: next steps: %w", code, err)
	}
	if d.Earlier, err = queryAll(ctx, tx, s.rs.earlier, code, func(r *sql.Rows) (session.EarlierSegment, error) {
		var e session.EarlierSegment
		var notes, steps string
		if err := r.Scan(&e.ID, &e.Name, &e.Rank, &e.Votes, &e.Voters, &notes, &e.Status, &steps); err != nil {
			return e, err
		}
		if err := json.Unmarshal([]byte(notes), &e.Notes); err != nil {
			return e, err
		}
		if err := json.Unmarshal([]byte(steps), &e.Steps); err != nil {
			return e, err
		}
		if len(e.Steps) == 0 {
			e.Steps = nil
		}
		return e, nil
	}); err != nil {
		return nil, fmt.Errorf("load workshop %s: earlier segments: %w", code, err)
	}
	return d, nil
}

// queryAll runs a prepared per-workshop query in tx and scans every row.
func queryAll[T any](ctx context.Context, tx *sql.Tx, st *sql.Stmt, code string,
	scan func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := tx.StmtContext(ctx, st).QueryContext(ctx, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Workshops lists the workshops the participant belongs to and was not
// removed from, newest first, each with the participant's role and the
// number of participants not removed.
func (s *Store) Workshops(ctx context.Context, participantID string) ([]session.Summary, error) {
	rows, err := s.rs.workshops.QueryContext(ctx, participantID)
	if err != nil {
		return nil, fmt.Errorf("list workshops of %s: %w", participantID, err)
	}
	defer rows.Close()
	var out []session.Summary
	for rows.Next() {
		var w session.Summary
		var created sql.NullInt64
		if err := rows.Scan(&w.Code, &w.Title, &w.Phase, &w.Role, &w.Participants, &created); err != nil {
			return nil, fmt.Errorf("list workshops of %s: %w", participantID, err)
		}
		w.CreatedAt = fromMillis(created)
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list workshops of %s: %w", participantID, err)
	}
	return out, nil
}

// millis is t as stored: unix milliseconds, or NULL for the zero time.
// Anything finer than a millisecond is dropped; the session truncates before
// it commits, so what it holds and what Load returns are equal.
func millis(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// fromMillis is the time millis stored, in UTC.
func fromMillis(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return time.UnixMilli(ms.Int64).UTC()
}

// segmentRef is a note's segment as stored: NULL for none, so the foreign key
// to segments holds.
func segmentRef(id int64) sql.NullInt64 {
	return sql.NullInt64{Int64: id, Valid: id != 0}
}
