/**
Schedules and history in PostgreSQL (or PGlite): the `SharingState` the share use cases use and
the `ExpiryState` the expiry jobs use. Tables: `migrations/`. Every change of a schedule bumps its
`version` and sends the job for the new version in the same transaction, so an older job finds
its version gone and does nothing.
*/
import type { Failure, Result } from "../graph-api/failure.js";
import type { Logger } from "../logger.js";
import type {
  Attempt,
  ExpiryClaim,
  ExpiryJob,
  ExpiryOutcome,
  ExpiryState,
  InvalidCursor,
  ScheduleTicket,
  SharingState,
  StateFailure,
} from "../sharing/ports.js";
import {
  type Page,
  SERVICE_ACTOR,
  type Share,
  type SharingEvent,
  type SharingEventKind,
} from "../sharing/types.js";
import type { Database, Queryable } from "./database.js";
import type { ExpiryQueue } from "./expiry-queue.js";
import { batched } from "./batches.js";
import { WriteBacklog } from "./write-backlog.js";

export interface SharingStoreSettings {
  /** The earliest and latest `expiresAt` accepted, from now. */
  readonly expiryWindowMs: { readonly min: number; readonly max: number };
  /** Why time-limited shares are refused (no service token), or undefined. */
  readonly timedSharesRefusal: string | undefined;
  /** How long an expiry attempt holds its schedule (longer than one unshare can take). */
  readonly claimMs: number;
}

/**
The result of a time-limited share's entry until Meta's answer is recorded: it stays so when the
process died in between (the share may have happened; its schedule stands either way).
*/
const PENDING = "pending";

/** Seconds a caller is told to wait when the database is unreachable. */
const STATE_RETRY_AFTER_SECONDS = 5;

interface ScheduleRow {
  business_id: string;
  expires_at: Date;
  version: number;
  state: string;
  share_in_flight_until: Date | null;
  expiry_claimed_until: Date | null;
  attempts: number;
  now: Date;
}

interface EventRow {
  id: string;
  occurred_at: Date;
  kind: SharingEventKind;
  actor: string;
  business_id: string;
  preverified_id: string;
  partner_business_id: string;
  expires_at: Date | null;
  result: string;
  fbtrace_id: string | null;
  request_id: string | null;
}

interface NewEvent {
  readonly kind: SharingEventKind;
  readonly share: Share;
  readonly actor: string;
  readonly expiresAt?: Date | undefined;
  readonly result: string;
  readonly fbtraceId?: string | undefined;
  readonly requestId?: string | undefined;
}

/**
The entry of a share or unshare Meta answered (no schedule of its own). With `whenEnded`, it also
ends the schedule that stands for its share, if any, and is then recorded as `whenEnded`.
*/
interface RequestEvent extends NewEvent {
  readonly whenEnded?: SharingEventKind;
}

/**
History entries of concurrent requests written by one statement: at most this many, with at most
`maxInFlight` such statements on their way (the pool has room for the other work meanwhile).
*/
const EVENT_BATCH = { maxBatch: 256, maxInFlight: 2 };

export class SharingStore implements SharingState, ExpiryState {
  readonly timedSharesRefusal: string | undefined;
  readonly expiryWindowMs: { readonly min: number; readonly max: number };
  private readonly backlog: WriteBacklog;
  private readonly recordBatched: (entry: RequestEvent) => Promise<undefined>;
  /** False until the migrations ran: until then the database counts as unreachable. */
  ready = false;

  constructor(
    private readonly db: Database,
    private readonly queue: ExpiryQueue,
    private readonly settings: SharingStoreSettings,
    private readonly logger: Logger,
  ) {
    this.timedSharesRefusal = settings.timedSharesRefusal;
    this.expiryWindowMs = settings.expiryWindowMs;
    this.backlog = new WriteBacklog(logger);
    this.recordBatched = batched((entries) => recordEvents(this.sql, entries), EVENT_BATCH);
  }

  /** Writes that wait for the database to come back (history of shares made meanwhile). */
  get backlogSize(): number {
    return this.backlog.size;
  }

  async prepareTimedShare(
    attempt: Attempt,
    expiresAt: Date,
    inFlightMs: number,
  ): Promise<Result<ScheduleTicket, StateFailure>> {
    const { share } = attempt;
    try {
      const ticket = await this.sql.transaction(async (tx) => {
        // One statement: the schedule (its row locked; what stood before is read under that lock)
        // and the history entry, its result `pending` until Meta answers (see settleTimedShare).
        const [row] = await tx.query<{ version: number; replaced: Date | null; event_id: string }>(
          `WITH upserted AS (
             INSERT INTO share_schedule AS s (preverified_id, partner_business_id, business_id,
               expires_at, version, state, share_in_flight_until)
             VALUES ($1, $2, $3, $4, 1, 'scheduled', now() + $5 * interval '1 millisecond')
             ON CONFLICT (preverified_id, partner_business_id) DO UPDATE SET
               business_id = EXCLUDED.business_id, expires_at = EXCLUDED.expires_at,
               replaced_expires_at = CASE WHEN s.state = 'scheduled' THEN s.expires_at END,
               version = s.version + 1, state = 'scheduled',
               share_in_flight_until = EXCLUDED.share_in_flight_until,
               expiry_claimed_until = NULL, attempts = 0, last_failure = NULL, updated_at = now()
             RETURNING version, replaced_expires_at
           ),
           event AS (
             INSERT INTO sharing_event (kind, preverified_id, business_id, partner_business_id,
               actor, expires_at, result, request_id)
             SELECT CASE WHEN u.replaced_expires_at IS NULL THEN 'shared' ELSE 'expiry_changed' END,
                    $1, $3, $2, $6, $4, $7, $8
               FROM upserted u
             RETURNING id
           )
           SELECT u.version, u.replaced_expires_at AS replaced, e.id::text AS event_id
             FROM upserted u, event e`,
          [
            share.preverifiedId,
            share.partnerBusinessId,
            share.businessId,
            expiresAt,
            inFlightMs,
            attempt.actor,
            PENDING,
            attempt.requestId,
          ],
        );
        if (row === undefined) {
          throw new Error("share_schedule upsert returned no row");
        }
        await this.queue.send(tx, jobOf(share, row.version), expiresAt);
        return {
          version: row.version,
          eventId: row.event_id,
          ...(row.replaced === null ? {} : { previous: { expiresAt: row.replaced } }),
        };
      });
      return { ok: true, value: ticket };
    } catch (error) {
      return this.unavailable(error);
    }
  }

  async standingExpiry(share: Share): Promise<Result<Date | undefined, StateFailure>> {
    try {
      const [row] = await this.sql.query<{ expires_at: Date }>(
        `SELECT expires_at FROM share_schedule
          WHERE preverified_id = $1 AND partner_business_id = $2 AND state = 'scheduled'`,
        [share.preverifiedId, share.partnerBusinessId],
      );
      return { ok: true, value: row?.expires_at };
    } catch (error) {
      return this.unavailable(error);
    }
  }

  settleShare(
    attempt: Attempt,
    outcome: Result<{ expiresAt: Date | undefined }>,
    ticket?: ScheduleTicket,
  ): Promise<void> {
    if (ticket !== undefined) {
      return this.backlog.run(() =>
        outcome.ok
          ? this.settleTimedSuccess(ticket, attempt)
          : this.sql.transaction((tx) => this.settleTimedShare(tx, attempt, outcome, ticket)),
      );
    }
    // A share for good ends the schedule that stood, if any.
    return this.record(
      outcome.ok
        ? { ...successEvent("shared", attempt), whenEnded: "expiry_changed" }
        : failedEvent("share_failed", attempt, outcome.failure),
    );
  }

  settleUnshare(attempt: Attempt, outcome: Result<unknown>): Promise<void> {
    return this.record(
      outcome.ok
        ? { ...successEvent("unshared", attempt), whenEnded: "unshared" }
        : failedEvent("unshare_failed", attempt, outcome.failure),
    );
  }

  /** Records `entry` with the entries of concurrent requests, keeping it while the database is out. */
  private record(entry: RequestEvent): Promise<void> {
    return this.backlog.run(() => this.recordBatched(entry));
  }

  /** Meta shared: the schedule's share is no longer in flight, and its entry succeeded (one statement). */
  private async settleTimedSuccess(ticket: ScheduleTicket, attempt: Attempt): Promise<void> {
    const { share } = attempt;
    await this.sql.query(
      `WITH landed AS (
         UPDATE share_schedule SET share_in_flight_until = NULL, updated_at = now()
          WHERE preverified_id = $1 AND partner_business_id = $2 AND version = $3
       )
       UPDATE sharing_event SET result = 'success' WHERE id = $4::bigint AND result = 'pending'`,
      [share.preverifiedId, share.partnerBusinessId, ticket.version, ticket.eventId],
    );
  }

  /** Meta refused: the schedule that stood before comes back (or none stands), in one transaction. */
  private async settleTimedShare(
    tx: Queryable,
    attempt: Attempt,
    outcome: { ok: false; failure: Failure },
    ticket: ScheduleTicket,
  ): Promise<void> {
    const { share } = attempt;
    const keys = [share.preverifiedId, share.partnerBusinessId, ticket.version];
    const previous = ticket.previous;
    const [restored] = await tx.query<{ version: number }>(
      previous === undefined
        ? `UPDATE share_schedule SET state = 'cancelled', version = version + 1,
             share_in_flight_until = NULL, updated_at = now()
            WHERE preverified_id = $1 AND partner_business_id = $2 AND version = $3
            RETURNING version`
        : `UPDATE share_schedule SET expires_at = $4, version = version + 1,
             share_in_flight_until = NULL, updated_at = now()
            WHERE preverified_id = $1 AND partner_business_id = $2 AND version = $3
            RETURNING version`,
      previous === undefined ? keys : [...keys, previous.expiresAt],
    );
    if (restored !== undefined && previous !== undefined) {
      await this.queue.send(tx, jobOf(share, restored.version), previous.expiresAt);
    }
    await settleEvent(tx, ticket.eventId, {
      kind: "share_failed",
      result: outcome.failure.kind,
      fbtraceId: outcome.failure.fbtraceId,
    });
  }

  async history(
    preverifiedId: string,
    page: { first: number; after?: string; visibleTo?: ReadonlySet<string> },
  ): Promise<Result<Page<SharingEvent>, StateFailure | InvalidCursor>> {
    const before = page.after === undefined ? undefined : decodeCursor(page.after);
    if (before === null) {
      return {
        ok: false,
        failure: {
          kind: "invalid_input",
          field: "after",
          retryable: false,
          message: "after is not a cursor of this history.",
        },
      };
    }
    try {
      const rows = await this.sql.query<EventRow>(
        `SELECT id::text, occurred_at, kind, actor, business_id, preverified_id,
                partner_business_id, expires_at, result, fbtrace_id, request_id
           FROM sharing_event
          WHERE preverified_id = $1
            AND ($2::bigint IS NULL OR id < $2::bigint)
            AND ($3::text[] IS NULL OR business_id = ANY($3) OR partner_business_id = ANY($3))
          ORDER BY id DESC
          LIMIT $4`,
        [
          preverifiedId,
          before ?? null,
          page.visibleTo === undefined ? null : [...page.visibleTo],
          page.first + 1,
        ],
      );
      const nodes = rows.slice(0, page.first).map(eventOf);
      const first = nodes[0];
      const last = nodes.at(-1);
      return {
        ok: true,
        value: {
          nodes,
          pageInfo: {
            hasNextPage: rows.length > page.first,
            hasPreviousPage: page.after !== undefined,
            ...(first === undefined ? {} : { startCursor: encodeCursor(first.id) }),
            ...(last === undefined ? {} : { endCursor: encodeCursor(last.id) }),
          },
        },
      };
    } catch (error) {
      return this.unavailable(error);
    }
  }

  async claim(job: ExpiryJob): Promise<ExpiryClaim> {
    return this.sql.transaction(async (tx) => {
      const [row] = await tx.query<ScheduleRow>(
        `SELECT business_id, expires_at, version, state, share_in_flight_until,
                expiry_claimed_until, attempts, now() AS now
           FROM share_schedule
          WHERE preverified_id = $1 AND partner_business_id = $2
          FOR UPDATE`,
        [job.preverifiedId, job.partnerBusinessId],
      );
      if (row?.version !== job.version || row.state !== "scheduled") {
        return { kind: "skip" };
      }
      // Not yet: its share is still in flight, another attempt holds it, or it is not due.
      const later = [row.share_in_flight_until, row.expiry_claimed_until, row.expires_at]
        .filter((at): at is Date => at !== null && at.getTime() > row.now.getTime())
        .sort((a, b) => b.getTime() - a.getTime())[0];
      if (later !== undefined) {
        await this.queue.send(tx, job, later);
        return { kind: "skip" };
      }
      await tx.query(
        `UPDATE share_schedule SET attempts = attempts + 1,
           expiry_claimed_until = now() + $3 * interval '1 millisecond', updated_at = now()
          WHERE preverified_id = $1 AND partner_business_id = $2`,
        [job.preverifiedId, job.partnerBusinessId, this.settings.claimMs],
      );
      return {
        kind: "go",
        share: {
          businessId: row.business_id,
          preverifiedId: job.preverifiedId,
          partnerBusinessId: job.partnerBusinessId,
        },
        attempt: row.attempts + 1,
        expiresAt: row.expires_at,
      };
    });
  }

  async settle(job: ExpiryJob, outcome: ExpiryOutcome): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const keys = [job.preverifiedId, job.partnerBusinessId, job.version];
      const state =
        outcome.kind === "expired" ? "expired" : outcome.kind === "failed" ? "failed" : undefined;
      const [row] = await tx.query<{ business_id: string; expires_at: Date }>(
        `UPDATE share_schedule SET expiry_claimed_until = NULL, updated_at = now(),
           state = COALESCE($4::text, state), last_failure = $5::text
          WHERE preverified_id = $1 AND partner_business_id = $2 AND version = $3
            AND state = 'scheduled'
          RETURNING business_id, expires_at`,
        [...keys, state ?? null, outcome.kind === "expired" ? null : outcome.failure.kind],
      );
      if (row === undefined) {
        // Changed meanwhile (shared again, unshared): the newer version decides.
        return;
      }
      if (outcome.kind === "deferred") {
        await this.queue.send(tx, job, new Date(Date.now() + outcome.retryInMs));
      }
      const share = {
        businessId: row.business_id,
        preverifiedId: job.preverifiedId,
        partnerBusinessId: job.partnerBusinessId,
      };
      await insertEvent(tx, {
        kind:
          outcome.kind === "expired"
            ? "expired"
            : outcome.kind === "deferred"
              ? "expiry_deferred"
              : "expiry_failed",
        share,
        actor: SERVICE_ACTOR,
        expiresAt: row.expires_at,
        result: outcome.kind === "expired" ? outcome.result : outcome.failure.kind,
        fbtraceId: outcome.kind === "expired" ? undefined : outcome.failure.fbtraceId,
      });
    });
  }

  /** Pending, overdue (due more than a minute ago) and failed expiries, for the metrics. */
  async expiryCounts(): Promise<{ pending: number; overdue: number; failed: number }> {
    const [row] = await this.sql.query<{ pending: number; overdue: number; failed: number }>(
      `SELECT count(*) FILTER (WHERE state = 'scheduled')::int AS pending,
              count(*) FILTER (WHERE state = 'scheduled'
                                 AND expires_at < now() - interval '1 minute')::int AS overdue,
              count(*) FILTER (WHERE state = 'failed')::int AS failed
         FROM share_schedule`,
    );
    return row ?? { pending: 0, overdue: 0, failed: 0 };
  }

  /** The database, once it is ready. */
  private get sql(): Database {
    if (!this.ready) {
      throw new Error("The state database is not ready yet");
    }
    return this.db;
  }

  private unavailable(error: unknown): { ok: false; failure: StateFailure } {
    this.logger.warn({ err: error }, "State database unreachable");
    return {
      ok: false,
      failure: {
        kind: "upstream",
        reason: "state_unavailable",
        notSent: true,
        retryable: true,
        retryAfterSeconds: STATE_RETRY_AFTER_SECONDS,
        message:
          "This service's database is unreachable, so time-limited shares and the sharing " +
          `history are unavailable; nothing was sent to Meta. Retry in ${STATE_RETRY_AFTER_SECONDS} s.`,
      },
    };
  }
}

function jobOf(share: Share, version: number): ExpiryJob {
  return {
    preverifiedId: share.preverifiedId,
    partnerBusinessId: share.partnerBusinessId,
    version,
  };
}

function successEvent(kind: SharingEventKind, attempt: Attempt): NewEvent {
  return {
    kind,
    share: attempt.share,
    actor: attempt.actor,
    result: "success",
    requestId: attempt.requestId,
  };
}

function failedEvent(kind: SharingEventKind, attempt: Attempt, failure: Failure): NewEvent {
  return {
    kind,
    share: attempt.share,
    actor: attempt.actor,
    result: failure.kind,
    fbtraceId: failure.fbtraceId,
    requestId: attempt.requestId,
  };
}

/**
Records the entries of requests in one statement, in their order, ending the schedules they end.
Of several entries ending the same share's schedule, the first is the one that ended it, as when
each is written by itself.
*/
async function recordEvents(db: Queryable, entries: readonly RequestEvent[]): Promise<undefined[]> {
  const column = <T>(pick: (entry: RequestEvent) => T) => entries.map(pick);
  await db.query(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                            $6::text[], $7::text[], $8::text[], $9::text[])
         WITH ORDINALITY AS t(kind, when_ended, preverified_id, business_id, partner_business_id,
                              actor, result, fbtrace_id, request_id, ord)
     ),
     ended AS (
       UPDATE share_schedule s SET state = 'cancelled', version = s.version + 1,
         share_in_flight_until = NULL, updated_at = now()
         FROM (SELECT DISTINCT preverified_id, partner_business_id FROM input
                WHERE when_ended IS NOT NULL) i
        WHERE s.preverified_id = i.preverified_id
          AND s.partner_business_id = i.partner_business_id AND s.state = 'scheduled'
        RETURNING s.preverified_id, s.partner_business_id
     ),
     ranked AS (
       SELECT input.*, when_ended IS NOT NULL AND row_number() OVER (
                PARTITION BY preverified_id, partner_business_id, when_ended IS NOT NULL
                ORDER BY ord) = 1 AS first_to_end
         FROM input
     )
     INSERT INTO sharing_event (kind, preverified_id, business_id, partner_business_id, actor,
       result, fbtrace_id, request_id)
     SELECT CASE WHEN r.first_to_end AND EXISTS (
                   SELECT 1 FROM ended e WHERE e.preverified_id = r.preverified_id
                      AND e.partner_business_id = r.partner_business_id)
                 THEN r.when_ended ELSE r.kind END,
            r.preverified_id, r.business_id, r.partner_business_id, r.actor, r.result,
            r.fbtrace_id, r.request_id
       FROM ranked r
      ORDER BY r.ord`,
    [
      column((entry) => entry.kind),
      column((entry) => entry.whenEnded ?? null),
      column((entry) => entry.share.preverifiedId),
      column((entry) => entry.share.businessId),
      column((entry) => entry.share.partnerBusinessId),
      column((entry) => entry.actor),
      column((entry) => entry.result),
      column((entry) => entry.fbtraceId ?? null),
      column((entry) => entry.requestId ?? null),
    ],
  );
  return entries.map(() => undefined);
}

/** Records `event`; answers its ID. */
async function insertEvent(tx: Queryable, event: NewEvent): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO sharing_event (kind, preverified_id, business_id, partner_business_id, actor,
       expires_at, result, fbtrace_id, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     RETURNING id::text`,
    [
      event.kind,
      event.share.preverifiedId,
      event.share.businessId,
      event.share.partnerBusinessId,
      event.actor,
      event.expiresAt ?? null,
      event.result,
      event.fbtraceId ?? null,
      event.requestId ?? null,
    ],
  );
  if (row === undefined) {
    throw new Error("sharing_event insert returned no row");
  }
  return row.id;
}

/** The result of an entry written `pending` (the only change the table allows). */
async function settleEvent(
  tx: Queryable,
  id: string,
  settled: { kind?: SharingEventKind; result: string; fbtraceId?: string | undefined },
): Promise<void> {
  await tx.query(
    `UPDATE sharing_event SET kind = COALESCE($2::text, kind), result = $3, fbtrace_id = $4
      WHERE id = $1::bigint AND result = 'pending'`,
    [id, settled.kind ?? null, settled.result, settled.fbtraceId ?? null],
  );
}

function eventOf(row: EventRow): SharingEvent {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    kind: row.kind,
    actor: row.actor,
    businessId: row.business_id,
    preverifiedId: row.preverified_id,
    partnerBusinessId: row.partner_business_id,
    ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
    result: row.result,
    ...(row.fbtrace_id === null ? {} : { fbtraceId: row.fbtrace_id }),
    ...(row.request_id === null ? {} : { requestId: row.request_id }),
  };
}

const CURSOR_PREFIX = "sharing-event:";

function encodeCursor(id: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${id}`).toString("base64url");
}

/** The event ID a cursor names; null when it is not one of ours. */
function decodeCursor(cursor: string): string | null {
  if (cursor.length > 64) {
    return null;
  }
  const text = Buffer.from(cursor, "base64url").toString();
  const id = text.startsWith(CURSOR_PREFIX) ? text.slice(CURSOR_PREFIX.length) : "";
  return /^[0-9]{1,18}$/.test(id) ? id : null;
}
