-- Up Migration

-- What a time-limited share replaced: the `expires_at` of the schedule that stood when this version
-- was written (null when none stood). The upsert sets it from the row it locked, so the share's
-- history entry and the restore after a refusal need no separate read.
ALTER TABLE share_schedule ADD COLUMN replaced_expires_at timestamptz;

-- Down Migration
ALTER TABLE share_schedule DROP COLUMN replaced_expires_at;
