-- Custom questions, templates and follow-up workshops (issue 17).
--
-- A workshop's questions: NULL for Heffernan's three (every workshop made
-- before this version), else JSON {"who": N, "questions": [{"short": ...,
-- "prompt": ...}, ...]}. A follow-up names the workshop it follows.
ALTER TABLE workshops ADD COLUMN questions TEXT;
ALTER TABLE workshops ADD COLUMN follows TEXT;

-- A facilitator's own templates, private to their key (owner is the key's
-- fingerprint, as a participant ID). Built-in templates are in the code.
CREATE TABLE templates (
    owner           TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    questions       TEXT    NOT NULL,
    anonymous       INTEGER NOT NULL,
    hide_notes      INTEGER NOT NULL,
    dot_budget      INTEGER NOT NULL,
    max_per_segment INTEGER NOT NULL,
    created_at      INTEGER,
    PRIMARY KEY (owner, name)
) STRICT, WITHOUT ROWID;

-- A follow-up's copy of the earlier workshop's ranked segments, taken when
-- the follow-up was made: what its Lobby reviews and its movement view
-- compares with. notes is a JSON array of the segment's "who" notes' texts;
-- status is what the room said of it (0 not yet, 1 done, 2 still open,
-- 3 dropped).
CREATE TABLE earlier_segments (
    workshop TEXT    NOT NULL REFERENCES workshops (code) ON DELETE CASCADE,
    id       INTEGER NOT NULL,
    name     TEXT    NOT NULL,
    rank     INTEGER NOT NULL,
    votes    INTEGER NOT NULL,
    voters   INTEGER NOT NULL,
    notes    TEXT    NOT NULL,
    status   INTEGER NOT NULL,
    PRIMARY KEY (workshop, id)
) STRICT, WITHOUT ROWID;
