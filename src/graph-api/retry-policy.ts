import type { Failure } from "./failure.js";

export interface RetryPolicy {
  /** Retries after the first attempt (0 = one attempt only). */
  maxRetries: number;
  /** First backoff ceiling; doubles per retry ("full jitter": a random wait below it). */
  baseDelayMs: number;
  /** Largest backoff ceiling. */
  maxDelayMs: number;
}

/**
Only transient outcomes are retried: Meta's server errors and throttling codes, HTTP 429/5xx,
timeouts and connection failures (all `retryable` rows of the classification table). Never a
caller's mistake (400/401/403/404/422 families), never an unknown code (`is_transient` is only a
hint), never an open circuit, never an answer too large to read (it would be as large again).
*/
export function isRetried(failure: Failure): boolean {
  if (!failure.retryable) {
    return false;
  }
  if (failure.kind === "rate_limited") {
    return true;
  }
  return (
    failure.kind === "upstream" &&
    failure.reason !== "unknown_code" &&
    failure.reason !== "circuit_open" &&
    failure.reason !== "response_too_large"
  );
}

/**
How long to wait before attempt `attempt + 1`, or `undefined` when there is no next attempt.
Meta's own wait (`Retry-After`, `estimated_time_to_regain_access`) wins over backoff.
*/
export function retryDelayMs(
  failure: Failure,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (attempt > policy.maxRetries || !isRetried(failure)) {
    return undefined;
  }
  const told =
    (failure.kind === "rate_limited" || failure.kind === "upstream") &&
    failure.retryAfterSeconds !== undefined
      ? failure.retryAfterSeconds * 1000
      : undefined;
  if (told !== undefined) {
    return told;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
Whether Meta may have acted on a request whose answer we did not get or could not trust: after a
timeout, a reset or a 5xx the share may have happened. A refused connection never reached Meta.
*/
export function mayHaveActed(failure: Failure): boolean {
  return (
    failure.kind === "upstream" &&
    failure.notSent !== true &&
    (failure.reason === "timeout" ||
      failure.reason === "network" ||
      failure.reason === "server_error" ||
      failure.reason === "unparseable_response")
  );
}

/** What counts against the circuit breaker: Meta or the path to it failing, not the caller. */
export function isUpstreamBreakdown(failure: Failure): boolean {
  return (
    failure.kind === "upstream" &&
    failure.retryable &&
    (failure.reason === "server_error" ||
      failure.reason === "timeout" ||
      failure.reason === "network" ||
      failure.reason === "unparseable_response")
  );
}
