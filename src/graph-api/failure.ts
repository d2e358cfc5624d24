/**
What can go wrong when calling Meta, as plain data. The data source produces these; the schema layer
turns each `kind` into one GraphQL error variant. Nothing here knows GraphQL, and nothing outside
`src/graph-api/` knows Meta's numeric codes.
*/

/** The failure kinds; each maps to exactly one GraphQL error variant (see failure-to-graphql.ts). */
export type FailureKind =
  | "invalid_input"
  | "authentication"
  | "permission_denied"
  | "not_found"
  | "sharing_rejected"
  | "number_rejected"
  | "verification_code"
  | "rate_limited"
  | "upstream";

/** Why an `upstream` failure happened. */
export type UpstreamReason =
  /** Meta reported a server-side problem (codes 1, 2, HTTP 5xx with a Meta body). */
  | "server_error"
  /** No answer within the per-attempt timeout. */
  | "timeout"
  /** The connection failed (refused, reset, DNS, TLS). */
  | "network"
  /** The body was not Meta JSON (HTML page, plain text, empty, truncated). */
  | "unparseable_response"
  /** JSON, but neither `{success:true}` nor a usable Meta error (e.g. `success:false`, other shapes). */
  | "unexpected_response"
  /** A Meta error code this service does not know; the raw code is kept in `metaCode`. */
  | "unknown_code"
  /** Not sent: after a run of upstream failures the circuit breaker pauses calls for a while. */
  | "circuit_open"
  /** Not sent: the GraphQL request already made as many Meta calls as one request may. */
  | "call_budget_exceeded"
  /** The answer's body was longer than `GRAPH_API_MAX_RESPONSE_BYTES`; it was not read. */
  | "response_too_large"
  /**
  Not sent: this service's own database (schedules, history) is unreachable, and the operation
  needs it. Retryable; nothing reached Meta.
  */
  | "state_unavailable";

/** Why Meta refused a share that was otherwise well-formed (HTTP 422 family). */
export type SharingRejectionReason =
  "already_shared" | "not_shareable" | "relationship_not_allowed" | "other";

/**
Why Meta refused to add or delete a number that was otherwise well-formed (HTTP 422, code 100):
the business already has it, its number limit is reached, or the number is in use (shared).
*/
export type NumberRejectionReason = "already_added" | "limit_reached" | "in_use" | "other";

/** Details Meta gave (or that we derived from the HTTP exchange), all optional. */
export interface MetaDetails {
  /** HTTP status of Meta's answer, when there was one. */
  httpStatus?: number;
  fbtraceId?: string;
  metaCode?: number;
  metaSubcode?: number;
  /** Meta's `type`, e.g. `OAuthException`. */
  metaType?: string;
  /** Meta's `is_transient` hint, as given. */
  isTransient?: boolean;
  userTitle?: string;
  userMessage?: string;
}

interface FailureBase extends MetaDetails {
  /** A message safe to show to API clients (never contains a token). */
  message: string;
  /** Whether repeating the same request later may succeed. */
  retryable: boolean;
}

export interface InvalidInputFailure extends FailureBase {
  kind: "invalid_input";
  /** The GraphQL input field at fault (`businessId`, `preverifiedId`, `partnerBusinessId`), if known. */
  field?: string;
}
export interface AuthenticationFailure extends FailureBase {
  kind: "authentication";
}
export interface PermissionDeniedFailure extends FailureBase {
  kind: "permission_denied";
}
export interface NotFoundFailure extends FailureBase {
  kind: "not_found";
}
export interface SharingRejectedFailure extends FailureBase {
  kind: "sharing_rejected";
  reason: SharingRejectionReason;
}
export interface NumberRejectedFailure extends FailureBase {
  kind: "number_rejected";
  reason: NumberRejectionReason;
}
/**
Meta refused to send or accept a verification code (136024 other than its volume limit, 136025:
wrong, expired or void code, already verified); Meta's user title and message say which.
*/
export interface VerificationCodeFailure extends FailureBase {
  kind: "verification_code";
}
export interface RateLimitedFailure extends FailureBase {
  kind: "rate_limited";
  /** Seconds until Meta expects to accept calls again, when it said so (at most an hour). */
  retryAfterSeconds?: number;
  /**
  The businesses Meta's answer says to leave alone, and for how long: the ones its
  `X-Business-Use-Case-Usage` header names with a regain time, and the call's own business when
  the answer gives a wait for it. The upstream guard records them; never shown to clients.
  */
  throttledBusinesses?: readonly BusinessWait[];
}

/** A business Meta throttles, and for how many seconds (at most an hour). */
export interface BusinessWait {
  businessId: string;
  seconds: number;
}
export interface UpstreamFailure extends FailureBase {
  kind: "upstream";
  reason: UpstreamReason;
  /**
  The request certainly never reached Meta (connection refused, host not found, circuit open).
  When false or absent after a timeout, reset or 5xx, Meta may have acted on it.
  */
  notSent?: boolean;
  /** Seconds Meta asked to wait before retrying (`Retry-After`), if it said so. */
  retryAfterSeconds?: number;
}

export type Failure =
  | InvalidInputFailure
  | AuthenticationFailure
  | PermissionDeniedFailure
  | NotFoundFailure
  | SharingRejectedFailure
  | NumberRejectedFailure
  | VerificationCodeFailure
  | RateLimitedFailure
  | UpstreamFailure;

/**
What a read (a node, a multi-ID map, an edge page) can fail with: every kind but
`sharing_rejected`, which only the share edge answers (its HTTP 422 family), and the lifecycle
edges' own refusals (`number_rejected`, `verification_code`). The read unions have none of their
members, so the type keeps one from reaching them.
*/
export type ReadFailure = Exclude<
  Failure,
  SharingRejectedFailure | NumberRejectedFailure | VerificationCodeFailure
>;
export type ReadFailureKind = ReadFailure["kind"];

/**
What a share can fail with: every kind but the lifecycle edges' own refusals (the share union has
no member for them; the table that classifies shares has no row for them either).
*/
export type ShareFailure = Exclude<Failure, NumberRejectedFailure | VerificationCodeFailure>;
export type ShareFailureKind = ShareFailure["kind"];

/** What adding or deleting a number can fail with: a read's failures, or Meta's refusal. */
export type NumberChangeFailure = ReadFailure | NumberRejectedFailure;

/** What requesting or checking a verification code can fail with. */
export type VerificationFailure = ReadFailure | VerificationCodeFailure;

/** Expected outcomes are values; only bugs are thrown. */
export type Result<T, F extends Failure = Failure> =
  { ok: true; value: T } | { ok: false; failure: F };

/** The result of a read. */
export type ReadResult<T> = Result<T, ReadFailure>;
