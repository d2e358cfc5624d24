import { setTimeout as sleep } from "node:timers/promises";
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  circuitBreaker,
  handleWhenResult,
  SamplingBreaker,
} from "cockatiel";
import type { CallBudget } from "./call-budget.js";
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
import { ThrottleRegistry, type ThrottleStore } from "./throttle.js";

/** Per-request context of an upstream call. */
export interface UpstreamCall {
  token: string;
  /** The GraphQL request's time budget; no attempt or wait ends after it. */
  deadline: Deadline;
  /** Extra headers for the upstream (development only: the emulator's fault header). */
  headers?: Readonly<Record<string, string>>;
  /** Filled in with what happened upstream, for the request's log line. */
  summary?: UpstreamSummary;
  /** The Meta calls this GraphQL request may still make; asked before every attempt. */
  budget?: CallBudget;
}

export interface ResilienceOptions extends RetryPolicy {
  /** Timeout of one attempt (headers and body), further capped by the deadline. */
  attemptTimeoutMs: number;
  /** Share of guarded calls (0–1, exclusive) that must break down, over the window, to open. */
  breakerFailureRate: number;
  /** The window the failure rate is measured over. */
  breakerWindowMs: number;
  /** Guarded calls needed within the window before the rate can open the circuit. */
  breakerMinCalls: number;
  /** How long the circuit stays open before one probe call is let through. */
  breakerCooldownMs: number;
  /**
  Service mode: told Meta's verdict on the service token after every call (`true`: Meta
  rejected it; `false`: a call succeeded), so readiness learns it from reads and bulk calls too.
  */
  onServiceTokenVerdict?: (rejected: boolean) => void;
}

export type CircuitStateName = "closed" | "open" | "half_open";

const CIRCUIT_STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half_open",
  [CircuitState.Isolated]: "open",
};

/** One HTTP attempt: given its timeout and extra headers (trace context), its classified result. */
export type Attempt<T, F extends Failure = Failure> = (
  timeoutMs: number,
  extraHeaders: Readonly<Record<string, string>> | undefined,
) => Promise<Result<T, F>>;

/** What the guard itself answers instead of calling: throttled, over budget, circuit open, late. */
export type GuardFailure = UpstreamFailure | RateLimitedFailure;

export interface GuardedCall<T, F extends Failure = Failure> {
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
  settle?: (failure: Failure, earlierAttemptMayHaveActed: boolean) => Result<T, F> | undefined;
}

/**
Everything every upstream call goes through, in one place: Meta's throttling of a business, the
request's call budget, the retry policy with one deadline per request, the circuit breaker, and
the observer and request summary. One guard per server: its breaker and throttles are shared by
all endpoints, since they are one upstream.

The breaker counts guarded calls (one logical Meta operation of a GraphQL request, its retries
included), not attempts, and opens on a failure rate: more than `breakerFailureRate` of at least
`breakerMinCalls` calls within `breakerWindowMs` broke down (5xx, timeouts, network errors,
unreadable answers). Caller errors (bad input, permissions, throttles) count as answers, not
breakdowns. So a few failing requests of one business cannot pause everyone's calls; Meta being
down for most of the traffic does.

The success path pays for none of it beyond a few checks: one attempt, no cloned request.
*/
export class UpstreamGuard {
  readonly throttles: ThrottleStore;
  private readonly breaker: CircuitBreakerPolicy;

  constructor(
    private readonly resilience: ResilienceOptions,
    private readonly observer: UpstreamObserver = NO_OBSERVER,
    private readonly random: () => number = Math.random,
    /** Meta's throttles of businesses; per process by default. */
    throttles?: ThrottleStore,
  ) {
    this.throttles = throttles ?? new ThrottleRegistry();
    this.breaker = circuitBreaker(
      handleWhenResult((result) => {
        const outcome = result as Result<unknown>;
        return !outcome.ok && isUpstreamBreakdown(outcome.failure);
      }),
      {
        halfOpenAfter: resilience.breakerCooldownMs,
        breaker: new SamplingBreaker({
          threshold: resilience.breakerFailureRate,
          duration: resilience.breakerWindowMs,
          minimumRps: resilience.breakerMinCalls / (resilience.breakerWindowMs / 1000),
        }),
      },
    );
    this.breaker.onStateChange((state) => {
      observer.circuitState(CIRCUIT_STATE_NAMES[state]);
    });
  }

  get circuitState(): CircuitStateName {
    return CIRCUIT_STATE_NAMES[this.breaker.state];
  }

  async run<T, F extends Failure = Failure>(
    upstream: UpstreamCall,
    guarded: GuardedCall<T, F>,
    attempt: Attempt<T, F>,
  ): Promise<Result<T, F | GuardFailure>> {
    const { endpoint, businessId } = guarded;
    if (businessId !== undefined) {
      const throttled = this.throttledLocally(businessId, endpoint);
      if (throttled !== undefined) {
        return { ok: false, failure: throttled };
      }
    }
    // Neither a spent deadline nor a spent budget is an outcome of Meta's: both are answered
    // before the breaker, so they are not samples. (The breaker's state cannot be asked first:
    // an open circuit turns half-open only when a call is offered after the cooldown.)
    if (upstream.deadline.remainingMs() <= 0) {
      return { ok: false, failure: deadlineSpent() };
    }
    const refused = await upstream.budget?.take(endpoint);
    if (refused !== undefined) {
      return { ok: false, failure: refused };
    }
    let result: Result<T, F>;
    try {
      // One sample of the breaker per guarded call: the outcome after its retries.
      result = await this.breaker.execute(() => this.withRetries(upstream, guarded, attempt));
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        return { ok: false, failure: circuitOpen() };
      }
      throw error;
    }
    this.reportServiceToken(result);
    return result;
  }

  /** The attempts of one guarded call; the first one's deadline and budget are already checked. */
  private async withRetries<T, F extends Failure>(
    upstream: UpstreamCall,
    guarded: GuardedCall<T, F>,
    attempt: Attempt<T, F>,
  ): Promise<Result<T, F>> {
    const { endpoint } = guarded;
    let actedMaybe = false;
    for (let attemptNo = 1; ; attemptNo += 1) {
      const timeoutMs = Math.min(this.resilience.attemptTimeoutMs, upstream.deadline.remainingMs());
      const result = await this.observedAttempt(upstream, endpoint, attemptNo, timeoutMs, attempt);
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
      // No retry when the wait would outlast the deadline, or while the circuit is open (the rest
      // of the traffic says Meta is down): Meta's answer stands.
      if (
        waitMs === undefined ||
        waitMs >= upstream.deadline.remainingMs() ||
        this.breaker.state === CircuitState.Open
      ) {
        return result;
      }
      actedMaybe ||= mayHaveActed(failure);
      this.observer.retryWait(endpoint, waitMs, failure.kind);
      await sleep(waitMs);
      // Nor past the deadline or the request's call budget.
      if (
        upstream.deadline.remainingMs() <= 0 ||
        (await upstream.budget?.take(endpoint)) !== undefined
      ) {
        return result;
      }
    }
  }

  /**
  Service mode: Meta rejecting the service token means no call can succeed until replaced. Every
  guarded call reports its result; a caller whose answer carries several results (a batch's
  items) reports those too.
  */
  reportServiceToken(result: Result<unknown>): void {
    const verdict = this.resilience.onServiceTokenVerdict;
    if (verdict === undefined) {
      return;
    }
    if (result.ok) {
      verdict(false);
    } else if (result.failure.kind === "authentication" && result.failure.metaCode !== undefined) {
      verdict(true);
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

  /** One attempt, reported to the observer and to the request's summary. */
  private async observedAttempt<T, F extends Failure>(
    upstream: UpstreamCall,
    endpoint: UpstreamEndpoint,
    attemptNo: number,
    timeoutMs: number,
    attempt: Attempt<T, F>,
  ): Promise<Result<T, F>> {
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
