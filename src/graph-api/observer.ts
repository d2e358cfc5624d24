import type { UpstreamEndpoint } from "./endpoints.js";
import type { FailureKind, UpstreamReason } from "./failure.js";

export type { UpstreamEndpoint };

/** How one attempt ended. */
export interface AttemptOutcome {
  durationMs: number;
  /** `success`, or the failure kind. */
  outcome: "success" | FailureKind;
  upstreamReason?: UpstreamReason;
  httpStatus?: number;
  metaCode?: number;
  metaSubcode?: number;
  fbtraceId?: string;
}

/** One attempt in flight: headers to add to it (trace context), and its end. */
export interface AttemptScope {
  readonly headers?: Readonly<Record<string, string>>;
  end(outcome: AttemptOutcome): void;
}

/**
What the data source tells the rest of the service (metrics, traces) about its upstream work.
Methods are called on the request path: implementations must be cheap and must never throw.
*/
export interface UpstreamObserver {
  startAttempt(endpoint: UpstreamEndpoint, attempt: number): AttemptScope;
  /** A backoff or Meta-requested wait before the next attempt. */
  retryWait(endpoint: UpstreamEndpoint, waitMs: number, outcome: AttemptOutcome["outcome"]): void;
  /** A call not made because Meta throttles the business (answered from memory). */
  throttledLocally(endpoint: UpstreamEndpoint): void;
  circuitState(state: "closed" | "open" | "half_open"): void;
}

/** Per-request summary of upstream work, for the one log line per request. */
export interface UpstreamSummary {
  attempts: number;
  upstreamMs: number;
  httpStatus?: number;
  metaCode?: number;
  metaSubcode?: number;
  fbtraceId?: string;
}

const NO_SCOPE: AttemptScope = { end() {} };

export const NO_OBSERVER: UpstreamObserver = {
  startAttempt: () => NO_SCOPE,
  retryWait() {},
  throttledLocally() {},
  circuitState() {},
};
