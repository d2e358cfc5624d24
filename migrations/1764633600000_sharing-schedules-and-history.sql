-- Up Migration

-- One row per number and partner with a time-limited share (README "State"). Meta stays the source
-- of truth for who has access; this row only says when this service is to take the access away.
CREATE TABLE share_schedule (
  preverified_id      text        NOT NULL,
  partner_business_id text        NOT NULL,
  business_id         text        NOT NULL,
  expires_at          timestamptz NOT NULL,
  -- Bumped by every change; an expiry job acts only when its version is still the row's.
  version             integer     NOT NULL,
  state               text        NOT NULL
                      CHECK (state IN ('scheduled', 'expired', 'cancelled', 'failed')),
  -- Until when the share that wrote this version may still be in flight at Meta (set before it
  -- is sent, cleared once its answer is recorded); an expiry waits for it.
  share_in_flight_until timestamptz,
  -- Until when an expiry attempt holds the row; a later attempt first reads Meta's partners.
  expiry_claimed_until  timestamptz,
  attempts            integer     NOT NULL DEFAULT 0,
  last_failure        text,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (preverified_id, partner_business_id)
);
CREATE INDEX share_schedule_due ON share_schedule (expires_at) WHERE state = 'scheduled';

-- Every share, unshare and expiry outcome, newest last; IDs and outcomes only (no phone number,
-- no token). Append-only: the trigger below refuses UPDATE and DELETE.
CREATE TABLE sharing_event (
  id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at         timestamptz NOT NULL DEFAULT now(),
  preverified_id      text        NOT NULL,
  business_id         text        NOT NULL,
  partner_business_id text        NOT NULL,
  kind                text        NOT NULL,
  -- The caller's `sub`, or `service` for what the service did by itself (expiries).
  actor               text        NOT NULL,
  expires_at          timestamptz,
  -- `success`, or the failure kind.
  result              text        NOT NULL,
  fbtrace_id          text,
  request_id          text
);
CREATE INDEX sharing_event_by_number ON sharing_event (preverified_id, id DESC);

CREATE FUNCTION sharing_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'sharing_event is append-only';
END
$$;
CREATE TRIGGER sharing_event_append_only BEFORE UPDATE OR DELETE ON sharing_event
  FOR EACH ROW EXECUTE FUNCTION sharing_event_append_only();

-- Down Migration
DROP TABLE sharing_event;
DROP FUNCTION sharing_event_append_only();
DROP TABLE share_schedule;
