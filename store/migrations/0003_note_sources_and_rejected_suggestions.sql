-- Answers brought in from outside the room (a survey of customers, say) are
-- notes like any other, marked with where they came from: source is the
-- label given at import ('survey', 'import'), and '' for a note written in
-- the room.
ALTER TABLE notes ADD COLUMN source TEXT NOT NULL DEFAULT '';

-- Suggested segments someone rejected, by the suggestion's key (its target
-- segment and notes: what it would do, not its proposed name), so a
-- rejected suggestion never comes back, across restarts too.
CREATE TABLE rejected_suggestions (
    workshop TEXT NOT NULL REFERENCES workshops (code) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    PRIMARY KEY (workshop, key)
) STRICT, WITHOUT ROWID;
