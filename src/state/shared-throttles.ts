/**
Meta's throttles shared by the replicas through PostgreSQL. A replica that Meta answers "throttled"
for a business writes it to `meta_throttle` and announces it with `NOTIFY meta_throttle`; every
replica listens and records it in its own memory, so none calls Meta for that business before
its regain time. `check` stays synchronous and answers from memory only: a request never waits
on the database to learn whether it may call Meta.
*/
import type { Clock } from "../clock.js";
import type { BusinessWait, RateLimitedFailure } from "../graph-api/failure.js";
import { MAX_WAIT_SECONDS } from "../graph-api/rate-limit-headers.js";
import { ThrottleRegistry, type ThrottleStore } from "../graph-api/throttle.js";
import type { Logger } from "../logger.js";
import type { Database } from "./database.js";

export const THROTTLE_CHANNEL = "meta_throttle";

/** Rows past their `until` are deleted this often (by every replica; the statement is cheap). */
const CLEANUP_EVERY_MS = 60_000;
/** Rows loaded at most on (re)connect: as many as the local registry keeps. */
const MAX_LOADED = 10_000;
/** A business ID as Meta gives it; anything else in a notification is ignored. */
const BUSINESS_ID = /^[0-9]{1,32}$/;

/**
The notification: the seconds still to wait as the database counts them, not an absolute time,
so a replica whose clock is a little off still waits as long as the others.
*/
interface ThrottleNotice {
  businessId: string;
  seconds: number;
}

// One statement: keeps the later `until` of the stored and the new wait, and announces what is now
// stored (so every replica, the sender included, ends up with the same regain time).
const RECORD = `
WITH stored AS (
  INSERT INTO meta_throttle AS t (business_id, until)
  VALUES ($1, now() + make_interval(secs => $2::float8))
  ON CONFLICT (business_id) DO UPDATE SET until = GREATEST(t.until, EXCLUDED.until)
  RETURNING business_id, EXTRACT(EPOCH FROM (until - now()))::float8 AS seconds
)
SELECT pg_notify('${THROTTLE_CHANNEL}', json_build_object('businessId', business_id, 'seconds', seconds)::text)
FROM stored`;

const LOAD = `
SELECT business_id, EXTRACT(EPOCH FROM (until - now()))::float8 AS seconds
FROM meta_throttle WHERE until > now() ORDER BY until DESC LIMIT ${MAX_LOADED}`;

const CLEANUP = "DELETE FROM meta_throttle WHERE until < now()";

export interface SharedThrottleOptions {
  /** The clock of the local memory; the system's by default. */
  clock?: Clock;
  /** How often expired rows are deleted; a minute by default. */
  cleanupEveryMs?: number;
}

export class SharedThrottleStore implements ThrottleStore {
  private readonly local: ThrottleRegistry;
  /** Whether the database failed last time (so an outage is logged once, and its end once). */
  private unreachable = false;
  private stopListening: (() => Promise<void>) | undefined;
  private cleanupTimer: NodeJS.Timeout | undefined;
  /** Writes not yet answered, so `close` (and tests) can wait for them. */
  private readonly pending = new Set<Promise<void>>();

  private constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    clock: Clock,
  ) {
    this.local = new ThrottleRegistry(() => clock.now());
  }

  /**
  Starts listening on `meta_throttle` (and loads what is stored each time the listener connects,
  which covers what was announced while it was away). Resolves even while the database is
  unreachable: the listener keeps trying, and the store works from memory meanwhile.
  */
  static async start(
    db: Database,
    logger: Logger,
    options: SharedThrottleOptions = {},
  ): Promise<SharedThrottleStore> {
    const store = new SharedThrottleStore(db, logger, options.clock ?? { now: () => Date.now() });
    store.stopListening = await db.listen(
      THROTTLE_CHANNEL,
      (payload) => {
        store.learn(payload);
      },
      () => {
        store.track(store.load());
      },
    );
    store.cleanupTimer = setInterval(() => {
      store.track(store.cleanup());
    }, options.cleanupEveryMs ?? CLEANUP_EVERY_MS);
    store.cleanupTimer.unref();
    // What was stored before this replica started is known once it serves.
    await store.settled();
    return store;
  }

  /** Records the wait here at once, then (without waiting) shares it with the other replicas. */
  record(businessId: string, seconds: number): void {
    if (!Number.isFinite(seconds) || seconds <= 0) {
      return;
    }
    const capped = Math.min(seconds, MAX_WAIT_SECONDS);
    this.local.record(businessId, capped);
    this.track(this.share(businessId, capped));
  }

  recordAll(waits: readonly BusinessWait[] | undefined): void {
    for (const wait of waits ?? []) {
      this.record(wait.businessId, wait.seconds);
    }
  }

  check(businessId: string): RateLimitedFailure | undefined {
    return this.local.check(businessId);
  }

  /** Resolves once every write started so far is answered (or has failed). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.all([...this.pending]);
    }
  }

  /** Stops listening and the clean-up; the memory still answers `check`. */
  async close(): Promise<void> {
    clearInterval(this.cleanupTimer);
    await this.stopListening?.();
    await this.settled();
  }

  private async share(businessId: string, seconds: number): Promise<void> {
    await this.db.query(RECORD, [businessId, seconds]);
  }

  private async load(): Promise<void> {
    const rows = await this.db.query<{ business_id: string; seconds: number }>(LOAD);
    for (const row of rows) {
      this.local.record(row.business_id, row.seconds);
    }
  }

  private async cleanup(): Promise<void> {
    await this.db.query(CLEANUP);
  }

  /** What another replica (or this one) announced. */
  private learn(payload: string): void {
    const notice = parseNotice(payload);
    if (notice === undefined) {
      this.logger.warn({ channel: THROTTLE_CHANNEL }, "Ignored a malformed throttle notification.");
      return;
    }
    this.local.record(notice.businessId, notice.seconds);
  }

  /** Runs a database step in the background: never thrown, logged once per outage. */
  private track(step: Promise<void>): void {
    const tracked = step.then(
      () => {
        if (this.unreachable) {
          this.unreachable = false;
          this.logger.info("Shared throttles: the database answers again; sharing resumed.");
        }
      },
      (error: unknown) => {
        if (!this.unreachable) {
          this.unreachable = true;
          this.logger.warn(
            { err: error },
            "Shared throttles: the database is unreachable; throttles are kept in this replica only until it answers again.",
          );
        }
      },
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}

function parseNotice(payload: string): ThrottleNotice | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) {
    return undefined;
  }
  const { businessId, seconds } = value as Record<string, unknown>;
  if (typeof businessId !== "string" || !BUSINESS_ID.test(businessId)) {
    return undefined;
  }
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) {
    return undefined;
  }
  return { businessId, seconds };
}

/** Meta's throttles shared through `db` (see `SharedThrottleStore`). */
export function createSharedThrottles(
  db: Database,
  logger: Logger,
  options: SharedThrottleOptions = {},
): Promise<SharedThrottleStore> {
  return SharedThrottleStore.start(db, logger, options);
}
