import type { RateLimitedFailure } from "./failure.js";

/** Entries kept at most; expired ones are dropped first, then the oldest. */
const MAX_ENTRIES = 10_000;

/**
Businesses Meta told us to leave alone, and until when. Meta warns that calling while throttled
extends the block, so until the regain time a share for that business is answered
`RateLimitedError` without a call. Per process: replicas learn it each from their own calls.
*/
export class ThrottleRegistry {
  private readonly until = new Map<string, { endsAt: number; failure: RateLimitedFailure }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records Meta's answer when it says how long to wait. */
  record(businessId: string, failure: RateLimitedFailure): void {
    if (failure.retryAfterSeconds === undefined || failure.retryAfterSeconds <= 0) {
      return;
    }
    if (this.until.size >= MAX_ENTRIES) {
      this.evict();
    }
    this.until.delete(businessId);
    this.until.set(businessId, {
      endsAt: this.now() + failure.retryAfterSeconds * 1000,
      failure,
    });
  }

  /** The answer to give instead of calling Meta, while the business is throttled. */
  check(businessId: string): RateLimitedFailure | undefined {
    const entry = this.until.get(businessId);
    if (entry === undefined) {
      return undefined;
    }
    const remainingMs = entry.endsAt - this.now();
    if (remainingMs <= 0) {
      this.until.delete(businessId);
      return undefined;
    }
    return {
      ...entry.failure,
      retryAfterSeconds: Math.ceil(remainingMs / 1000),
      message:
        `Meta is throttling business ${businessId}; not calling it again before the time Meta ` +
        `gave. Original answer: ${entry.failure.message}`,
    };
  }

  private evict(): void {
    const now = this.now();
    for (const [businessId, entry] of this.until) {
      if (entry.endsAt <= now) {
        this.until.delete(businessId);
      }
    }
    while (this.until.size >= MAX_ENTRIES) {
      const oldest = this.until.keys().next();
      if (oldest.done === true) {
        break;
      }
      this.until.delete(oldest.value);
    }
  }
}
