-- The Discuss phase (between Prioritize and Done): the segment in the
-- spotlight and the time box per segment on the workshop, who each segment
-- is, and the next steps the team agrees for it.
--
-- Phases are stored by number and Discuss takes 5, so a workshop that was
-- done (5) is done again at 6.

UPDATE workshops SET phase = 6 WHERE phase = 5;

ALTER TABLE workshops ADD COLUMN spotlight INTEGER NOT NULL DEFAULT 0;  -- a segment ID; 0: the top-ranked
ALTER TABLE workshops ADD COLUMN time_box  INTEGER NOT NULL DEFAULT 0;  -- milliseconds; 0: none
ALTER TABLE workshops ADD COLUMN open_who  INTEGER NOT NULL DEFAULT 0;  -- participants may classify the spotlight

-- 0 is "not said yet"; the session names the other values.
ALTER TABLE segments ADD COLUMN customer_type INTEGER NOT NULL DEFAULT 0;
ALTER TABLE segments ADD COLUMN role          INTEGER NOT NULL DEFAULT 0;

-- A next step goes with its segment: deleting the segment deletes them.
-- due is YYYY-MM-DD or NULL; owner_id is the participant who owns it, or
-- NULL when the owner is named in free text.
CREATE TABLE next_steps (
    workshop   TEXT    NOT NULL REFERENCES workshops (code) ON DELETE CASCADE,
    id         INTEGER NOT NULL,
    segment    INTEGER NOT NULL,
    kind       INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    owner      TEXT    NOT NULL,
    owner_id   TEXT,
    due        TEXT,
    author     TEXT    NOT NULL,
    created_at INTEGER,
    PRIMARY KEY (workshop, id),
    FOREIGN KEY (workshop, segment) REFERENCES segments (workshop, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX next_steps_segment ON next_steps (workshop, segment);
