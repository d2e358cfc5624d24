/**
The callers' budgets (mutations, Meta reads) shared by the replicas through PostgreSQL, with
rate-limiter-flexible's `RateLimiterPostgres` on the `caller_budget` table. While the database is
unreachable (or slow) each replica answers from its own memory (`RateLimiterMemory`, the
library's "insurance"): the service keeps working, and a caller may then spend up to one budget
per replica (what it spent in memory is not copied back to the database).
*/
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  RLWrapperTimeouts,
} from "rate-limiter-flexible";
import { type Clock, SYSTEM_CLOCK } from "../clock.js";
import type { RateLimit } from "../config.js";
import type { Logger } from "../logger.js";
import { CallerRateLimiter, type RateLimitStore } from "../rate-limit.js";
import type { Database } from "./database.js";

/** The table (migrations/1764633600001_shared-limits.sql). */
export const BUDGET_TABLE = "caller_budget";

/** A take that the database has not answered after this long is answered from memory. */
const DEFAULT_TIMEOUT_MS = 500;

export interface SharedBudgetOptions {
  /** Which budget: the prefix of its keys (`mutations`, `reads`). */
  name: string;
  /** A take waits this long for the database, then answers from memory; 500 ms by default. */
  timeoutMs?: number;
}

/**
The rate-limiter-flexible window closest to a token bucket of `burst` tokens refilled at
`perMinute`: a fixed window of `burst` points lasting as long as the bucket takes to refill
(`burst / perMinute` minutes). The long-run rate is the same (`perMinute`), and no window allows
more than `burst`; unlike the bucket, a caller that spends a burst at the end of one window and
another at the start of the next gets two bursts back to back, and a caller that spent its burst
waits for the window's end rather than for one token.
*/
export function windowOf(limit: RateLimit): { points: number; duration: number } {
  return { points: limit.burst, duration: (limit.burst / limit.perMinute) * 60 };
}

/**
One budget shared through PostgreSQL. `take` never rejects and never waits longer than
`timeoutMs` (plus the memory's answer): a database error or a late answer falls back to memory.
*/
export class SharedCallerBudget implements RateLimitStore {
  private readonly limiter: RLWrapperTimeouts;
  /** Whether the database failed last time (so an outage is logged once, and its end once). */
  private unreachable = false;

  constructor(
    db: Database,
    limit: RateLimit,
    private readonly logger: Logger,
    options: SharedBudgetOptions,
  ) {
    const window = windowOf(limit);
    const shared = new RateLimiterPostgres({
      ...window,
      keyPrefix: options.name,
      storeClient: this.clientOver(db),
      storeType: "client",
      tableName: BUDGET_TABLE,
      tableCreated: true,
    });
    // The insurance sits on the wrapper only: it then answers both a failed and a late query, once.
    this.limiter = new RLWrapperTimeouts({
      limiter: shared,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      insuranceLimiter: new RateLimiterMemory({ ...window, keyPrefix: options.name }),
    });
  }

  async take(callerKey: string): Promise<number | undefined> {
    try {
      await this.limiter.consume(callerKey);
      return undefined;
    } catch (refused) {
      if (refused instanceof RateLimiterRes) {
        return Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
      }
      // Neither the database nor the memory answered: let the call through rather than fail it.
      this.logger.error({ err: refused }, "Caller budget: no answer from the database or memory.");
      return undefined;
    }
  }

  /**
  What `RateLimiterPostgres` calls (`storeType: "client"`: `query({ text, values })` answering
  `{ rows, rowCount }`) over the `Database` port, noting when the database fails and recovers.
  */
  private clientOver(db: Database) {
    return {
      query: async (statement: { text: string; values?: unknown[] }) => {
        try {
          const rows = await db.query<Record<string, unknown>>(statement.text, statement.values);
          if (this.unreachable) {
            this.unreachable = false;
            this.logger.info(
              "Caller budgets: the database answers again; budgets are shared again.",
            );
          }
          return { rows, rowCount: rows.length };
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
      },
    };
  }
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
    mutations: new SharedCallerBudget(db, limits.mutations, logger, { name: "mutations" }),
    reads: new SharedCallerBudget(db, limits.reads, logger, { name: "reads" }),
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
