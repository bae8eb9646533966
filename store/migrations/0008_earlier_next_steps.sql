-- A follow-up's copy of the next steps the earlier workshop agreed for each
-- of its segments (issue 17), taken with the segment when the follow-up was
-- made, for its Lobby to review one by one. steps is a JSON array of
-- {"id", "kind", "text", "owner", "due", "status"} in the earlier workshop's
-- step order; status is a review as in the segment's (0 not yet, 1 done,
-- 2 still open, 3 dropped). Follow-ups made before this version have none.
ALTER TABLE earlier_segments ADD COLUMN steps TEXT NOT NULL DEFAULT '[]';
