-- A facilitator may close a workshop to guests (clients without an SSH
-- key): the guests already in stay, no new one may join. Open by default,
-- as every workshop was before.
ALTER TABLE workshops ADD COLUMN guests_closed INTEGER NOT NULL DEFAULT 0;
