import type { BusinessWait, RateLimitedFailure } from "./failure.js";
import { MAX_WAIT_SECONDS } from "./rate-limit-headers.js";

/** Entries kept at most; expired ones are dropped first, then the oldest. */
const MAX_ENTRIES = 10_000;

/**
Businesses Meta told us to leave alone, and until when. Meta warns that calling while throttled
extends the block, so until the regain time a call for that business is answered
`RateLimitedError` without a call. Per process: replicas learn it each from their own calls.

Only the business and the time are kept, never the answer that taught them: a caller blocked here
gets this service's own message, not another caller's Meta text, `fbtrace_id` or codes. A wait is
at most `MAX_WAIT_SECONDS`, whatever Meta said.
*/
/**
Where Meta's throttles of businesses are remembered: in this process today; a store shared by the
replicas can take its place (the guard only calls these three methods).
*/
export interface ThrottleStore {
  record(businessId: string, seconds: number): void;
  recordAll(waits: readonly BusinessWait[] | undefined): void;
  check(businessId: string): RateLimitedFailure | undefined;
}

export class ThrottleRegistry implements ThrottleStore {
  private readonly until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
  Leaves `businessId` alone for `seconds` (capped at `MAX_WAIT_SECONDS`) from now. The latest
  answer wins, shorter or longer. No wait, or a wait that is not a positive number, records
  nothing.
  */
  record(businessId: string, seconds: number): void {
    if (!Number.isFinite(seconds) || seconds <= 0) {
      return;
    }
    if (this.until.size >= MAX_ENTRIES) {
      this.evict();
    }
    this.until.delete(businessId);
    this.until.set(businessId, this.now() + Math.min(seconds, MAX_WAIT_SECONDS) * 1000);
  }

  /** Records every business a throttling answer named (`RateLimitedFailure.throttledBusinesses`). */
  recordAll(waits: readonly BusinessWait[] | undefined): void {
    for (const wait of waits ?? []) {
      this.record(wait.businessId, wait.seconds);
    }
  }

  /** The answer to give instead of calling Meta, while the business is throttled. */
  check(businessId: string): RateLimitedFailure | undefined {
    const endsAt = this.until.get(businessId);
    if (endsAt === undefined) {
      return undefined;
    }
    const remainingMs = endsAt - this.now();
    if (remainingMs <= 0) {
      this.until.delete(businessId);
      return undefined;
    }
    const retryAfterSeconds = Math.ceil(remainingMs / 1000);
    return {
      kind: "rate_limited",
      retryable: true,
      retryAfterSeconds,
      message:
        `Meta is throttling business ${businessId}. This service does not call Meta for it ` +
        `for another ${retryAfterSeconds} s, since calling while throttled extends the block.`,
    };
  }

  private evict(): void {
    const now = this.now();
    for (const [businessId, endsAt] of this.until) {
      if (endsAt <= now) {
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
