import type { GraphApiVersion } from "./wire.js";

/** How the Graph API client calls Meta: version, service token, timeouts, retries, breaker, limits. */
export interface GraphApiOptions {
  readonly version: GraphApiVersion;
  /** Service mode: this token is used for every call instead of the caller's. */
  readonly token: string | undefined;
  /** Timeout of one attempt (headers and body). */
  readonly timeoutMs: number;
  /** Time budget of one GraphQL request for every attempt and wait. */
  readonly deadlineMs: number;
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  /** Percentage of guarded calls that must break down, over the window, to open the circuit. */
  readonly circuitFailurePercent: number;
  /** The window the failure rate is measured over. */
  readonly circuitWindowMs: number;
  /** Guarded calls needed within the window before the circuit can open at all. */
  readonly circuitMinCalls: number;
  readonly circuitCooldownMs: number;
  /** Most HTTP requests to Meta one GraphQL request may make (attempts and retries included). */
  readonly maxCallsPerRequest: number;
  /** IDs per multi-ID read (`GET /?ids=…`); more are read in several requests. */
  readonly maxIdsPerRead: number;
  /** Largest answer body read from the Graph API; a longer one is `response_too_large`. */
  readonly maxResponseBytes: number;
}
