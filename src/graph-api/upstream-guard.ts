import { setTimeout as sleep } from "node:timers/promises";
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhenResult,
} from "cockatiel";
import type { Deadline } from "./deadline.js";
import type { Failure, RateLimitedFailure, Result, UpstreamFailure } from "./failure.js";
import {
  type AttemptOutcome,
  NO_OBSERVER,
  type UpstreamEndpoint,
  type UpstreamObserver,
  type UpstreamSummary,
} from "./observer.js";
import {
  isUpstreamBreakdown,
  mayHaveActed,
  retryDelayMs,
  type RetryPolicy,
} from "./retry-policy.js";
import { ThrottleRegistry } from "./throttle.js";

/** Per-request context of an upstream call. */
export interface UpstreamCall {
  token: string;
  /** The GraphQL request's time budget; no attempt or wait ends after it. */
  deadline: Deadline;
  /** Extra headers for the upstream (development only: the emulator's fault header). */
  headers?: Readonly<Record<string, string>>;
  /** Filled in with what happened upstream, for the request's log line. */
  summary?: UpstreamSummary;
}

export interface ResilienceOptions extends RetryPolicy {
  /** Timeout of one attempt (headers and body), further capped by the deadline. */
  attemptTimeoutMs: number;
  /** Consecutive upstream breakdowns that open the circuit. */
  breakerThreshold: number;
  /** How long the circuit stays open before one probe call is let through. */
  breakerCooldownMs: number;
}

export type CircuitStateName = "closed" | "open" | "half_open";

const CIRCUIT_STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half_open",
  [CircuitState.Isolated]: "open",
};

/** One HTTP attempt: given its timeout and extra headers (trace context), its classified result. */
export type Attempt<T> = (
  timeoutMs: number,
  extraHeaders: Readonly<Record<string, string>> | undefined,
) => Promise<Result<T>>;

export interface GuardedCall<T> {
  endpoint: UpstreamEndpoint;
  /**
  The business in the call's path, if any: a call for a business Meta throttles is not made.
  What is recorded comes from Meta's answer alone (`RateLimitedFailure.throttledBusinesses`).
  */
  businessId?: string;
  /**
  Lets a caller turn a failure into a result, knowing whether Meta may have acted on an earlier
  attempt (a share retried after a timeout that meets "already shared" did happen).
  */
  settle?: (failure: Failure, earlierAttemptMayHaveActed: boolean) => Result<T> | undefined;
}

/**
Everything every upstream call goes through, in one place: Meta's throttling of a business, the
retry policy with one deadline per request, the circuit breaker around each attempt, and the
observer and request summary. One guard per server: its breaker and throttles are shared by all
endpoints, since they are one upstream.

The success path pays for none of it beyond a few checks: one attempt, no cloned request.
*/
export class UpstreamGuard {
  readonly throttles = new ThrottleRegistry();
  private readonly breaker: CircuitBreakerPolicy;

  constructor(
    private readonly resilience: ResilienceOptions,
    private readonly observer: UpstreamObserver = NO_OBSERVER,
    private readonly random: () => number = Math.random,
  ) {
    this.breaker = circuitBreaker(
      handleWhenResult((result) => {
        const outcome = result as Result<unknown>;
        return !outcome.ok && isUpstreamBreakdown(outcome.failure);
      }),
      {
        halfOpenAfter: resilience.breakerCooldownMs,
        breaker: new ConsecutiveBreaker(resilience.breakerThreshold),
      },
    );
    this.breaker.onStateChange((state) => {
      observer.circuitState(CIRCUIT_STATE_NAMES[state]);
    });
  }

  get circuitState(): CircuitStateName {
    return CIRCUIT_STATE_NAMES[this.breaker.state];
  }

  async run<T>(
    upstream: UpstreamCall,
    guarded: GuardedCall<T>,
    attempt: Attempt<T>,
  ): Promise<Result<T>> {
    const { endpoint, businessId } = guarded;
    if (businessId !== undefined) {
      const throttled = this.throttledLocally(businessId, endpoint);
      if (throttled !== undefined) {
        return { ok: false, failure: throttled };
      }
    }
    let actedMaybe = false;
    for (let attemptNo = 1; ; attemptNo += 1) {
      const remainingMs = upstream.deadline.remainingMs();
      if (remainingMs <= 0) {
        return { ok: false, failure: deadlineSpent() };
      }
      const timeoutMs = Math.min(this.resilience.attemptTimeoutMs, remainingMs);
      const result = await this.guardedAttempt(upstream, endpoint, attemptNo, timeoutMs, attempt);
      if (result.ok) {
        return result;
      }
      const failure = result.failure;
      const settled = guarded.settle?.(failure, actedMaybe);
      if (settled !== undefined) {
        return settled;
      }
      this.recordThrottles(failure);
      const waitMs = retryDelayMs(failure, attemptNo, this.resilience, this.random);
      // A wait that would outlast the deadline is not started: answer now.
      if (waitMs === undefined || waitMs >= upstream.deadline.remainingMs()) {
        return result;
      }
      actedMaybe ||= mayHaveActed(failure);
      this.observer.retryWait(endpoint, waitMs, failure.kind);
      await sleep(waitMs);
    }
  }

  /**
  The answer for a call for `businessId` while Meta throttles it (counted as answered from
  memory), or `undefined` when it may be called. For calls made outside `run`, e.g. each item of
  a batch.
  */
  throttledLocally(businessId: string, endpoint: UpstreamEndpoint): RateLimitedFailure | undefined {
    const throttled = this.throttles.check(businessId);
    if (throttled !== undefined) {
      this.observer.throttledLocally(endpoint);
    }
    return throttled;
  }

  /**
  Remembers the businesses a throttling answer names (only those: see
  `RateLimitedFailure.throttledBusinesses`). For answers that reach a caller outside `run`, e.g.
  each item of a batch.
  */
  recordThrottles(failure: Failure): void {
    if (failure.kind === "rate_limited") {
      this.throttles.recordAll(failure.throttledBusinesses);
    }
  }

  private async guardedAttempt<T>(
    upstream: UpstreamCall,
    endpoint: UpstreamEndpoint,
    attemptNo: number,
    timeoutMs: number,
    attempt: Attempt<T>,
  ): Promise<Result<T>> {
    try {
      return await this.breaker.execute(() =>
        this.observedAttempt(upstream, endpoint, attemptNo, timeoutMs, attempt),
      );
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        return { ok: false, failure: circuitOpen() };
      }
      throw error;
    }
  }

  /** One attempt, reported to the observer and to the request's summary. */
  private async observedAttempt<T>(
    upstream: UpstreamCall,
    endpoint: UpstreamEndpoint,
    attemptNo: number,
    timeoutMs: number,
    attempt: Attempt<T>,
  ): Promise<Result<T>> {
    const scope = this.observer.startAttempt(endpoint, attemptNo);
    const started = performance.now();
    const result = await attempt(timeoutMs, scope.headers);
    const outcome = outcomeOf(result, performance.now() - started);
    scope.end(outcome);
    const summary = upstream.summary;
    if (summary !== undefined) {
      summary.attempts += 1;
      summary.upstreamMs += outcome.durationMs;
      summary.httpStatus = outcome.httpStatus;
      summary.metaCode = outcome.metaCode;
      summary.metaSubcode = outcome.metaSubcode;
      summary.fbtraceId = outcome.fbtraceId;
    }
    return result;
  }
}

function outcomeOf(result: Result<unknown>, durationMs: number): AttemptOutcome {
  if (result.ok) {
    return { durationMs, outcome: "success", httpStatus: 200 };
  }
  const failure = result.failure;
  return {
    durationMs,
    outcome: failure.kind,
    ...(failure.kind === "upstream" ? { upstreamReason: failure.reason } : {}),
    ...(failure.httpStatus === undefined ? {} : { httpStatus: failure.httpStatus }),
    ...(failure.metaCode === undefined ? {} : { metaCode: failure.metaCode }),
    ...(failure.metaSubcode === undefined ? {} : { metaSubcode: failure.metaSubcode }),
    ...(failure.fbtraceId === undefined ? {} : { fbtraceId: failure.fbtraceId }),
  };
}

function circuitOpen(): UpstreamFailure {
  return {
    kind: "upstream",
    reason: "circuit_open",
    retryable: true,
    notSent: true,
    message: "Meta has been failing; calls are paused for a few seconds to let it recover.",
  };
}

function deadlineSpent(): UpstreamFailure {
  return {
    kind: "upstream",
    reason: "timeout",
    retryable: true,
    notSent: true,
    message: "The request's time budget was spent before Meta could be called.",
  };
}
