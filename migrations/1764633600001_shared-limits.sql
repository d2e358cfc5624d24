-- Up Migration

-- Meta's throttles shared by the replicas (src/state/shared-throttles.ts): the business Meta told
-- some replica to leave alone, and until when (the later answer kept). Only the business ID and
-- the time, never Meta's answer. Rows past `until` are deleted now and then by the replicas.
CREATE TABLE meta_throttle (
  business_id text        PRIMARY KEY,
  until       timestamptz NOT NULL
);
CREATE INDEX meta_throttle_until ON meta_throttle (until);

-- The callers' budgets shared by the replicas (src/state/shared-budgets.ts): rate-limiter-flexible's
-- RateLimiterPostgres table, created here instead of by the library (`tableCreated: true`). `key` is
-- `<budget>:<caller key>`; `points` spent in the window that ends at `expire` (epoch ms).
-- rate-limiter-flexible declares `key varchar(255)`; `text` here, since a caller key is a JWT `sub`.
CREATE TABLE caller_budget (
  key    text    PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);

-- Down Migration
DROP TABLE caller_budget;
DROP TABLE meta_throttle;
