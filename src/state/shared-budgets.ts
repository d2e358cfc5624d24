/**
The callers' budgets (mutations, Meta reads) shared by the replicas through PostgreSQL, in the
`caller_budget` table: fixed windows of `burst` points, the row's `points` spent in the window
ending at `expire`. The takes of concurrent requests go to the database together, in one statement
(`batched`): the budget costs one round trip per request alone and a share of one under load. A
caller found over its budget is refused from memory until its window ends, without a statement.
While the database is unreachable (or slow) each replica answers from its own memory: the service
keeps working, and a caller may then spend up to one budget per replica (what it spent in memory
is not copied back to the database).
*/
import { type Clock, SYSTEM_CLOCK } from "../clock.js";
import type { RateLimit } from "../config.js";
import type { Logger } from "../logger.js";
import { CallerRateLimiter, type RateLimitStore } from "../rate-limit.js";
import { batched } from "./batches.js";
import type { Database } from "./database.js";

/** The table (migrations/1764633600001_shared-limits.sql). */
export const BUDGET_TABLE = "caller_budget";

/** A take that the database has not answered after this long is answered from memory. */
const DEFAULT_TIMEOUT_MS = 500;

/** Takes of concurrent requests in one statement at most, and such statements at once. */
const TAKE_BATCH = { maxBatch: 512, maxInFlight: 2 };

/** How often a replica deletes the rows of windows that ended long ago. */
const SWEEP_EVERY_MS = 5 * 60_000;

/** Callers refused from memory at most (the oldest refusal is forgotten first). */
const MAX_REFUSED = 50_000;

export interface SharedBudgetOptions {
  /** Which budget: the prefix of its keys (`mutations`, `reads`). */
  name: string;
  /** A take waits this long for the database, then answers from memory; 500 ms by default. */
  timeoutMs?: number;
  clock?: Clock;
}

/**
The fixed window closest to a token bucket of `burst` tokens refilled at `perMinute`: `burst`
points lasting as long as the bucket takes to refill (`burst / perMinute` minutes, `duration` in
seconds). The long-run rate is the same (`perMinute`), and no window allows more than `burst`;
unlike the bucket, a caller that spends a burst at the end of one window and another at the start
of the next gets two bursts back to back, and a caller that spent its burst waits for the window's
end rather than for one token.
*/
export function windowOf(limit: RateLimit): { points: number; duration: number } {
  return { points: limit.burst, duration: (limit.burst / limit.perMinute) * 60 };
}

/** A row of `caller_budget` after a take. */
interface BudgetRow {
  key: string;
  points: number;
  expire: string;
}

/**
One budget shared through PostgreSQL. `take` never rejects and never waits longer than
`timeoutMs` (plus the memory's answer): a database error or a late answer falls back to memory.
*/
export class SharedCallerBudget implements RateLimitStore {
  private readonly points: number;
  private readonly durationMs: number;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  /** What answers while the database does not. */
  private readonly insurance: CallerRateLimiter;
  /** Keys over their budget, and when their window ends (epoch ms). */
  private readonly refused = new Map<string, number>();
  private readonly takeShared: (key: string) => Promise<number | undefined>;
  /** Whether the database failed last time (so an outage is logged once, and its end once). */
  private unreachable = false;
  private sweptAt: number;

  constructor(
    private readonly db: Database,
    limit: RateLimit,
    private readonly logger: Logger,
    options: SharedBudgetOptions,
  ) {
    const window = windowOf(limit);
    this.points = window.points;
    this.durationMs = window.duration * 1000;
    this.prefix = `${options.name}:`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.insurance = new CallerRateLimiter(limit, () => this.clock.now());
    this.takeShared = batched((keys) => this.takeAll(keys), TAKE_BATCH);
    this.sweptAt = this.clock.now();
  }

  async take(callerKey: string): Promise<number | undefined> {
    const key = this.prefix + callerKey;
    const now = this.clock.now();
    const refusedUntil = this.refused.get(key);
    if (refusedUntil !== undefined) {
      if (refusedUntil > now) {
        return secondsUntil(refusedUntil, now);
      }
      this.refused.delete(key);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(resolve, this.timeoutMs, "late");
    });
    try {
      const answer = await Promise.race([this.takeShared(key), late]);
      return answer === "late" ? this.insurance.takeNow(key) : answer;
    } catch {
      // Logged once per outage by `takeAll`.
      return this.insurance.takeNow(key);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
  One statement for the takes of concurrent requests: each key's row gains as many points as it
  has takes here (a new window starts when the row's has ended), and the takes of one key are
  answered in order from the points it had before. Keys are locked in sorted order, so two
  statements (of this replica or another) never wait on each other in a circle.
  */
  private async takeAll(keys: readonly string[]): Promise<(number | undefined)[]> {
    const counts = new Map<string, number>();
    for (const key of keys) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const sorted = [...counts.keys()].sort();
    const now = this.clock.now();
    let rows: BudgetRow[];
    try {
      rows = await this.db.query<BudgetRow>(
        `INSERT INTO caller_budget AS b (key, points, expire)
         SELECT key, n, $3::bigint FROM unnest($1::text[], $2::int[]) AS t(key, n)
         ON CONFLICT (key) DO UPDATE SET
           points = CASE WHEN b.expire IS NULL OR b.expire <= $4::bigint
                         THEN EXCLUDED.points ELSE b.points + EXCLUDED.points END,
           expire = CASE WHEN b.expire IS NULL OR b.expire <= $4::bigint
                         THEN EXCLUDED.expire ELSE b.expire END
         RETURNING key, points, expire::text`,
        [sorted, sorted.map((key) => counts.get(key)), now + this.durationMs, now],
      );
    } catch (error) {
      if (!this.unreachable) {
        this.unreachable = true;
        this.logger.warn(
          { err: error },
          "Caller budgets: the database is unreachable; each replica counts in its own memory until it answers again.",
        );
      }
      throw error;
    }
    if (this.unreachable) {
      this.unreachable = false;
      this.logger.info("Caller budgets: the database answers again; budgets are shared again.");
    }
    if (now - this.sweptAt > SWEEP_EVERY_MS) {
      this.sweptAt = now;
      this.sweep(now);
    }
    const spent = new Map<string, { before: number; expire: number }>();
    for (const row of rows) {
      spent.set(row.key, {
        before: row.points - (counts.get(row.key) ?? 0),
        expire: Number(row.expire),
      });
    }
    return keys.map((key) => {
      const window = spent.get(key);
      if (window === undefined) {
        throw new Error("caller_budget upsert returned no row for a key");
      }
      window.before += 1;
      if (window.before <= this.points) {
        return undefined;
      }
      this.remember(key, window.expire);
      return secondsUntil(window.expire, now);
    });
  }

  /** Deletes this budget's rows whose window ended a sweep period ago (callers gone quiet). */
  private sweep(now: number): void {
    this.db
      .query("DELETE FROM caller_budget WHERE starts_with(key, $1) AND expire < $2::bigint", [
        this.prefix,
        now - SWEEP_EVERY_MS,
      ])
      .catch((error: unknown) => {
        this.logger.debug({ err: error }, "Caller budgets: the sweep of ended windows failed");
      });
  }

  private remember(key: string, until: number): void {
    if (this.refused.size >= MAX_REFUSED) {
      const oldest = this.refused.keys().next();
      if (oldest.done !== true) {
        this.refused.delete(oldest.value);
      }
    }
    this.refused.set(key, until);
  }
}

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}

export interface Budgets {
  mutations: RateLimitStore;
  reads: RateLimitStore;
}

/**
The callers' budgets for `db`: shared through PostgreSQL, or in this process's memory on the
embedded database (one process, so memory is exact and costs no query).
*/
export function createBudgets(
  db: Database,
  limits: { mutations: RateLimit; reads: RateLimit },
  logger: Logger,
  clock: Clock = SYSTEM_CLOCK,
): Budgets {
  if (db.kind === "embedded") {
    return memoryBudgets(limits, clock);
  }
  return {
    mutations: new SharedCallerBudget(db, limits.mutations, logger, { name: "mutations", clock }),
    reads: new SharedCallerBudget(db, limits.reads, logger, { name: "reads", clock }),
  };
}

/** The callers' budgets in this process's memory (no database, or the embedded one). */
export function memoryBudgets(
  limits: { mutations: RateLimit; reads: RateLimit },
  clock: Clock = SYSTEM_CLOCK,
): Budgets {
  return {
    mutations: new CallerRateLimiter(limits.mutations, () => clock.now()),
    reads: new CallerRateLimiter(limits.reads, () => clock.now()),
  };
}
