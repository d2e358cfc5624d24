import { setTimeout as sleep } from "node:timers/promises";
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhenResult,
} from "cockatiel";
import { isNetworkError, isTimeoutError, type KyInstance } from "ky";
import { classifyShareResponse } from "./classify.js";
import type { Deadline } from "./deadline.js";
import type { Failure, Result, UpstreamFailure } from "./failure.js";
import {
  isUpstreamBreakdown,
  mayHaveActed,
  retryDelayMs,
  type RetryPolicy,
} from "./retry-policy.js";
import {
  type AttemptOutcome,
  NO_OBSERVER,
  type UpstreamEndpoint,
  type UpstreamObserver,
  type UpstreamSummary,
} from "./observer.js";
import { ThrottleRegistry } from "./throttle.js";
import type { GraphApiVersion, ShareRequestBody, ShareSuccessBody } from "./wire.js";

/** One share, with IDs already validated against Meta's patterns. */
export interface ShareRequest {
  businessId: string;
  preverifiedId: string;
  partnerBusinessId: string;
}

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

/** What resolvers depend on; the Graph API implementation is below, tests may supply their own. */
export interface PreverifiedSharingSource {
  share(request: ShareRequest, call: UpstreamCall): Promise<Result<ShareSuccessBody>>;
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

const SHARE_SUCCESS: Result<ShareSuccessBody> = { ok: true, value: { success: true } };

/**
`POST /{version}/{business-id}/share_preverified_numbers` through the shared ky instance, with
the retry policy, Meta's throttling and a circuit breaker around it. Never throws for anything
Meta or the network does: every outcome is a `Result`.

The success path pays for none of this: one attempt, no cloned request, no hooks.
*/
export class GraphApiSharingSource implements PreverifiedSharingSource {
  readonly throttles: ThrottleRegistry;
  private readonly breaker: CircuitBreakerPolicy;

  constructor(
    private readonly http: KyInstance,
    private readonly version: GraphApiVersion,
    private readonly resilience: ResilienceOptions,
    private readonly observer: UpstreamObserver = NO_OBSERVER,
    private readonly random: () => number = Math.random,
  ) {
    this.throttles = new ThrottleRegistry();
    this.breaker = circuitBreaker(
      handleWhenResult(
        (result) => !(result as Result<unknown>).ok && isBreakdown(result as Result<unknown>),
      ),
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

  async share(request: ShareRequest, call: UpstreamCall): Promise<Result<ShareSuccessBody>> {
    const throttled = this.throttles.check(request.businessId);
    if (throttled !== undefined) {
      this.observer.throttledLocally(ENDPOINT);
      return { ok: false, failure: throttled };
    }
    let actedMaybe = false;
    for (let attempt = 1; ; attempt += 1) {
      const remainingMs = call.deadline.remainingMs();
      if (remainingMs <= 0) {
        return { ok: false, failure: deadlineSpent() };
      }
      const result = await this.guardedAttempt(request, call, remainingMs, attempt);
      if (result.ok) {
        return result;
      }
      const failure = result.failure;
      // A retry of a share Meta may already have done: "already shared" means it did.
      if (
        actedMaybe &&
        failure.kind === "sharing_rejected" &&
        failure.reason === "already_shared"
      ) {
        return SHARE_SUCCESS;
      }
      if (failure.kind === "rate_limited") {
        this.throttles.record(request.businessId, failure);
      }
      const waitMs = retryDelayMs(failure, attempt, this.resilience, this.random);
      // A wait that would outlast the deadline is not started: answer now.
      if (waitMs === undefined || waitMs >= call.deadline.remainingMs()) {
        return result;
      }
      actedMaybe ||= mayHaveActed(failure);
      this.observer.retryWait(ENDPOINT, waitMs, failure.kind);
      await sleep(waitMs);
    }
  }

  private async guardedAttempt(
    request: ShareRequest,
    call: UpstreamCall,
    remainingMs: number,
    attempt: number,
  ): Promise<Result<ShareSuccessBody>> {
    try {
      return await this.breaker.execute(() =>
        this.observedAttempt(
          request,
          call,
          Math.min(this.resilience.attemptTimeoutMs, remainingMs),
          attempt,
        ),
      );
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        return { ok: false, failure: circuitOpen() };
      }
      throw error;
    }
  }

  /** One attempt, reported to the observer and to the request's summary. */
  private async observedAttempt(
    request: ShareRequest,
    call: UpstreamCall,
    timeoutMs: number,
    attempt: number,
  ): Promise<Result<ShareSuccessBody>> {
    const scope = this.observer.startAttempt(ENDPOINT, attempt);
    const started = performance.now();
    const result = await this.attempt(request, call, timeoutMs, scope.headers);
    const outcome = outcomeOf(result, performance.now() - started);
    scope.end(outcome);
    const summary = call.summary;
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

  private async attempt(
    request: ShareRequest,
    call: UpstreamCall,
    timeoutMs: number,
    traceHeaders: Readonly<Record<string, string>> | undefined,
  ): Promise<Result<ShareSuccessBody>> {
    const body: ShareRequestBody = {
      preverified_id: request.preverifiedId,
      partner_business_id: request.partnerBusinessId,
    };
    let result: Result<ShareSuccessBody>;
    try {
      const pending = this.http.post(
        `${this.version}/${request.businessId}/share_preverified_numbers`,
        {
          json: body,
          timeout: timeoutMs,
          headers: { ...call.headers, ...traceHeaders, authorization: `Bearer ${call.token}` },
        },
      );
      const response = await pending;
      // ky's shortcut reads the same response's body under the per-attempt timeout, so a body
      // that stalls after the headers cannot hang the request.
      const bodyText = await pending.text();
      result = classifyShareResponse({
        status: response.status,
        headers: response.headers,
        bodyText,
        businessId: request.businessId,
      });
    } catch (error) {
      result = { ok: false, failure: transportFailure(error) };
    }
    return result.ok ? result : { ok: false, failure: withoutSecret(result.failure, call.token) };
  }
}

const ENDPOINT: UpstreamEndpoint = "share_preverified_numbers";

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

function isBreakdown(result: Result<unknown>): boolean {
  return !result.ok && isUpstreamBreakdown(result.failure);
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

/** Errors that mean the connection was never made, so the request never reached Meta. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Maps what ky/fetch throw (timeouts, refused or reset connections) to a typed failure. */
export function transportFailure(error: unknown): UpstreamFailure {
  if (isTimeoutError(error) || (error instanceof Error && error.name === "TimeoutError")) {
    return {
      kind: "upstream",
      reason: "timeout",
      retryable: true,
      message: "Meta did not answer in time.",
    };
  }
  const code = causeCode(error);
  return {
    kind: "upstream",
    reason: "network",
    retryable: true,
    ...(code !== undefined && NOT_SENT_CODES.has(code) ? { notSent: true } : {}),
    message:
      isNetworkError(error) && code !== undefined
        ? `Could not reach Meta (${code}).`
        : "Could not reach Meta.",
  };
}

/** `ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`, … from the error's cause chain, if any. */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z_]+$/.test(code)) {
      return code;
    }
    current = current.cause;
  }
  return undefined;
}

const REDACTED = "[REDACTED]";

/** Defence in depth: no text Meta sends back may carry the caller's token to a client or a log. */
function withoutSecret(failure: Failure, token: string): Failure {
  const scrub = (text: string | undefined) =>
    text?.includes(token) ? text.split(token).join(REDACTED) : text;
  return {
    ...failure,
    message: scrub(failure.message) ?? "",
    userTitle: scrub(failure.userTitle),
    userMessage: scrub(failure.userMessage),
  };
}
