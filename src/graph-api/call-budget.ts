import type { RateLimitedFailure, UpstreamFailure } from "./failure.js";
import type { UpstreamEndpoint } from "./observer.js";

/** Endpoints that only read; the caller's read budget pays for them. */
const READ_ENDPOINTS: ReadonlySet<UpstreamEndpoint> = new Set([
  "multi_id_read",
  "list_preverified_numbers",
  "list_partners",
]);

/**
What one GraphQL request may still spend upstream: at most `maxCalls` HTTP requests to Meta
(every attempt counts, retries included), and for reads, one token each from the caller's read
budget. `UpstreamGuard` asks before every attempt; a refusal is answered without a call, so no
request costs Meta more than its budget, however its fields fan out.
*/
export class CallBudget {
  private used = 0;

  constructor(
    private readonly maxCalls: number,
    /** Takes one token from the caller's read budget; a failure when it is empty. */
    private readonly admitRead?: () => Promise<RateLimitedFailure | undefined>,
  ) {}

  /** Calls made so far under this budget. */
  get spent(): number {
    return this.used;
  }

  /** Takes one call: `undefined` when it may be made, otherwise the answer to give instead. */
  async take(
    endpoint: UpstreamEndpoint,
  ): Promise<UpstreamFailure | RateLimitedFailure | undefined> {
    if (this.used >= this.maxCalls) {
      return {
        kind: "upstream",
        reason: "call_budget_exceeded",
        retryable: false,
        notSent: true,
        message:
          `This GraphQL request needs more than the ${this.maxCalls} Meta calls one request may ` +
          "make; ask for fewer items or smaller pages, or split it into several requests.",
      };
    }
    // Taken before the read budget is asked (which may wait on the database), so concurrent takes
    // cannot all pass the check above; handed back when the read budget refuses.
    this.used += 1;
    if (READ_ENDPOINTS.has(endpoint)) {
      const refused = await this.admitRead?.();
      if (refused !== undefined) {
        this.used -= 1;
        return refused;
      }
    }
    return undefined;
  }
}
