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
-- no token). Append-only: the trigger below refuses DELETE, and UPDATE but of an entry whose
-- result is still `pending` (a time-limited share's entry, written with its schedule before Meta
-- is called), whose kind, result and fbtrace_id get Meta's answer once.
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
  -- `success`, `already_unshared`, the failure kind, or `pending` (see above).
  result              text        NOT NULL,
  fbtrace_id          text,
  request_id          text
);
CREATE INDEX sharing_event_by_number ON sharing_event (preverified_id, id DESC);

CREATE FUNCTION sharing_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.result = 'pending'
     AND (NEW.id, NEW.occurred_at, NEW.preverified_id, NEW.business_id, NEW.partner_business_id,
          NEW.actor, NEW.expires_at, NEW.request_id)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.occurred_at, OLD.preverified_id, OLD.business_id, OLD.partner_business_id,
          OLD.actor, OLD.expires_at, OLD.request_id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'sharing_event is append-only';
END
$$;
CREATE TRIGGER sharing_event_append_only BEFORE UPDATE OR DELETE ON sharing_event
  FOR EACH ROW EXECUTE FUNCTION sharing_event_append_only();

-- Down Migration
DROP TABLE sharing_event;
DROP FUNCTION sharing_event_append_only();
DROP TABLE share_schedule;
