-- The first schema: one row per workshop, and every record the session keeps
-- about it, keyed by the workshop's code. Times are unix milliseconds (UTC);
-- NULL stands for Go's zero time.Time, and a note's NULL segment for "none".
-- Booleans are 0 or 1.
--
-- Every table is keyed by (workshop, ...) and WITHOUT ROWID, so its rows are
-- stored in key order: a workshop's rows sit together for Load, and an upsert
-- touches one b-tree instead of a rowid table plus its key index. Rows are
-- small (a note is at most 280 characters).

CREATE TABLE workshops (
    code            TEXT    NOT NULL PRIMARY KEY,
    title           TEXT    NOT NULL,
    phase           INTEGER NOT NULL,
    anonymous       INTEGER NOT NULL,
    hide_notes      INTEGER NOT NULL,
    grouping_locked INTEGER NOT NULL,
    votes_revealed  INTEGER NOT NULL,
    dot_budget      INTEGER NOT NULL,
    max_per_segment INTEGER NOT NULL,
    timer_deadline  INTEGER,
    created_by      TEXT    NOT NULL,
    created_at      INTEGER
) STRICT, WITHOUT ROWID;

CREATE TABLE participants (
    workshop  TEXT    NOT NULL REFERENCES workshops (code) ON DELETE CASCADE,
    id        TEXT    NOT NULL,
    name      TEXT    NOT NULL,
    role      INTEGER NOT NULL,
    guest     INTEGER NOT NULL,
    removed   INTEGER NOT NULL,
    ready     INTEGER NOT NULL,
    joined_at INTEGER,
    PRIMARY KEY (workshop, id)
) STRICT, WITHOUT ROWID;

-- Workshops(participantID) looks a participant up across workshops.
CREATE INDEX participants_id ON participants (id);

CREATE TABLE segments (
    workshop TEXT    NOT NULL REFERENCES workshops (code) ON DELETE CASCADE,
    id       INTEGER NOT NULL,
    name     TEXT    NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (workshop, id)
) STRICT, WITHOUT ROWID;

-- A note's segment is a composite key, (workshop, segment), and SQLite's
-- ON DELETE SET NULL nulls every column of the key, workshop included, which
-- the NOT NULL on workshop rejects. So the key has no ON DELETE action, and
-- the trigger below unhooks a segment's notes before the segment goes.
CREATE TABLE notes (
    workshop   TEXT    NOT NULL REFERENCES workshops (code) ON DELETE CASCADE,
    id         INTEGER NOT NULL,
    question   INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    author     TEXT    NOT NULL,
    segment    INTEGER,
    created_at INTEGER,
    PRIMARY KEY (workshop, id),
    FOREIGN KEY (workshop, segment) REFERENCES segments (workshop, id)
) STRICT, WITHOUT ROWID;

CREATE INDEX notes_segment ON notes (workshop, segment);

CREATE TRIGGER segments_unhook_notes BEFORE DELETE ON segments
BEGIN
    UPDATE notes SET segment = NULL WHERE workshop = OLD.workshop AND segment = OLD.id;
END;

-- A vote with no dots is no vote: the store deletes the row instead.
CREATE TABLE votes (
    workshop    TEXT    NOT NULL REFERENCES workshops (code) ON DELETE CASCADE,
    participant TEXT    NOT NULL,
    segment     INTEGER NOT NULL,
    dots        INTEGER NOT NULL CHECK (dots > 0),
    PRIMARY KEY (workshop, participant, segment),
    FOREIGN KEY (workshop, segment) REFERENCES segments (workshop, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX votes_segment ON votes (workshop, segment);

CREATE TABLE picks (
    workshop    TEXT    NOT NULL REFERENCES workshops (code) ON DELETE CASCADE,
    participant TEXT    NOT NULL,
    lens        INTEGER NOT NULL,
    segment     INTEGER NOT NULL,
    PRIMARY KEY (workshop, participant, lens),
    FOREIGN KEY (workshop, segment) REFERENCES segments (workshop, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX picks_segment ON picks (workshop, segment);
