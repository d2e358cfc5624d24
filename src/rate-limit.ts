/** Callers tracked at most; the least recently refilled are dropped first. */
const MAX_CALLERS = 50_000;

/**
A per-caller budget: takes one token for `callerKey`, answering `undefined` when allowed or the
seconds until a token is back. The port the composition root fills: in memory per process
(`CallerRateLimiter`), or shared by the replicas through PostgreSQL (`src/state/shared-budgets.ts`).
It answers, never rejects: a shared store that cannot reach its database answers from memory.
*/
export interface RateLimitStore {
  take(callerKey: string): Promise<number | undefined>;
}

/**
A token bucket per caller: `burst` tokens, refilled at `perMinute` per minute. One for mutations
(a token per share) and one for reads (a token per Meta read call): a share or read that finds its
bucket empty is answered `RateLimitedError` before Meta is touched, so one client cannot spend a
business's Meta quota for everyone. Per process, like the other limits.
*/
export class CallerRateLimiter implements RateLimitStore {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly refillPerMs: number;

  constructor(
    private readonly limit: { perMinute: number; burst: number },
    private readonly now: () => number = Date.now,
  ) {
    this.refillPerMs = limit.perMinute / 60_000;
  }

  /** Takes one token; `undefined` when allowed, otherwise the seconds until a token is back. */
  take(callerKey: string): Promise<number | undefined> {
    return Promise.resolve(this.takeNow(callerKey));
  }

  /** `take`, answered at once (this bucket lives in this process). */
  takeNow(callerKey: string): number | undefined {
    const now = this.now();
    const bucket = this.buckets.get(callerKey);
    let tokens = this.limit.burst;
    if (bucket !== undefined) {
      tokens = Math.min(this.limit.burst, bucket.tokens + (now - bucket.at) * this.refillPerMs);
      // Re-insert so that iteration order is "least recently used first" for eviction.
      this.buckets.delete(callerKey);
    } else if (this.buckets.size >= MAX_CALLERS) {
      const oldest = this.buckets.keys().next();
      if (oldest.done !== true) {
        this.buckets.delete(oldest.value);
      }
    }
    if (tokens < 1) {
      this.buckets.set(callerKey, { tokens, at: now });
      return Math.max(1, Math.ceil((1 - tokens) / this.refillPerMs / 1000));
    }
    this.buckets.set(callerKey, { tokens: tokens - 1, at: now });
    return undefined;
  }
}
