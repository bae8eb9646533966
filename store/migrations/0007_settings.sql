-- Each person's display settings (issue 18), kept under the fingerprint of
-- their SSH key and applied on every connection, in any workshop. Guests
-- have none saved. theme is a theme's name ('' for the default); booleans
-- are 0 or 1; updated_at is unix milliseconds.

CREATE TABLE settings (
    participant    TEXT    NOT NULL PRIMARY KEY,
    theme          TEXT    NOT NULL,
    reduced_motion INTEGER NOT NULL,
    bell           INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
