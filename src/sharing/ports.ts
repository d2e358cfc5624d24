/**
What the use cases need from one GraphQL request: its Graph API access (loaders and a call bound
to the request's token, deadline and call budget; the caller's budgets), or why there is none;
the caller's identity and grants, which the use cases check before any Meta call
(authorization.ts); and the audit log. `context.ts` builds it per request.
*/
import type {
  AuthenticationFailure,
  PermissionDeniedFailure,
  RateLimitedFailure,
  ReadFailure,
} from "../graph-api/failure.js";
import type { Loaders } from "../graph-api/loaders.js";
import type { GraphApi } from "../graph-api/index.js";
import type { Failure, Result, UpstreamFailure } from "../graph-api/failure.js";
import type { UpstreamCall } from "../graph-api/share.source.js";
import type { Clock } from "../clock.js";
import type { Page, Share, SharingEvent } from "./types.js";

/** The permission levels of the service's operations (OAuth scopes in the caller's JWT). */
export const SCOPES = ["preverified:read", "preverified:share", "preverified:manage"] as const;
export type Scope = (typeof SCOPES)[number];

/** What a verified caller may do: the businesses it acts for and its permission levels. */
export interface Grants {
  readonly businesses: ReadonlySet<string>;
  readonly scopes: ReadonlySet<Scope>;
}

/** The caller as the use cases see it. */
export interface CallerIdentity {
  /** The JWT's `sub`, for the audit log; absent without an identity. */
  readonly subject?: string;
  /**
  Absent: the caller has no identity of this service's own (its own Meta token is its identity
  and Meta enforces access, or authentication is disabled), so nothing is refused here.
  */
  readonly grants?: Grants;
}

/** One mutation attempt, as the audit log records it: IDs only, never a phone number or token. */
export interface AuditEntry {
  readonly action:
    "share" | "unshare" | "add_number" | "request_code" | "verify_code" | "delete_number";
  /** The IDs as sent, each only when it is a well-formed ID (never free text). */
  readonly businessId?: string;
  readonly preverifiedId?: string;
  readonly partnerBusinessId?: string;
  /** `success`, or the failure kind (each maps to one union member). */
  readonly result: string;
  readonly fbtraceId?: string;
}

/** Where mutation attempts are recorded (today a structured log line per attempt). */
export type AuditLog = (entry: AuditEntry) => void;

export interface GraphApiAccess {
  ok: true;
  /** The request's batching loaders (reads, single shares). */
  loaders: Loaders;
  /** The Graph API client; its sources take `call`. */
  graphApi: GraphApi;
  /** This request's token, deadline and call budget, for calls outside the loaders. */
  call: UpstreamCall;
  /** Takes one share from the caller's mutation budget; a failure when it is spent. */
  admitMutation: () => Promise<RateLimitedFailure | undefined>;
}

export interface SharingPorts {
  /** Graph API access bound to this request's token, or why there is no usable token. */
  readonly upstream: GraphApiAccess | { ok: false; failure: AuthenticationFailure };
  /** Who is calling, and what it may do. */
  readonly caller: CallerIdentity;
  /** Records each mutation attempt. */
  readonly audit: AuditLog;
  /** Per request: whether each number read by ID may be shown to this caller (see visibility). */
  readonly visibility: Map<string, Promise<PermissionDeniedFailure | ReadFailure | undefined>>;
  /** Most shares one `sharePreverifiedNumbers` may carry. */
  readonly maxBulkShares: number;
  /** Time-limited shares' schedules and the sharing history. */
  readonly state: SharingState;
  /** The time `expiresAt` is checked against. */
  readonly clock: Clock;
  /** This request's ID, recorded with each history entry. */
  readonly requestId: string;
}

/** A state failure: the database is unreachable (an `upstream` failure, `state_unavailable`). */
export type StateFailure = UpstreamFailure & { reason: "state_unavailable" };

/** What `prepareTimedShare` wrote: the schedule version the share's answer settles. */
export interface ScheduleTicket {
  readonly version: number;
  /** The history entry written with the schedule, settled with Meta's answer. */
  readonly eventId: string;
  /** The schedule that stood before, restored when Meta refuses the share. */
  readonly previous?: { readonly expiresAt: Date };
}

/** A share or unshare as sent, with who sent it and in which request. */
export interface Attempt {
  readonly share: Share;
  readonly actor: string;
  readonly requestId: string;
}

/**
Time-limited shares and the history, kept in the database (src/state/). Meta stays the source of
truth for who has access; this holds when access is to end, and what happened.
*/
export interface SharingState {
  /**
  Why time-limited shares cannot be accepted here at all (no database, or no service token to
  unshare with later), or undefined when they can.
  */
  readonly timedSharesRefusal: string | undefined;
  /** The earliest and latest `expiresAt` accepted, from now. */
  readonly expiryWindowMs: { readonly min: number; readonly max: number };
  /**
  Before a time-limited share is sent: writes its schedule and its expiry job in one transaction,
  so a share can never exist without them. `inFlightMs`: how long the share may take at most.
  */
  prepareTimedShare(
    attempt: Attempt,
    expiresAt: Date,
    inFlightMs: number,
  ): Promise<Result<ScheduleTicket, StateFailure>>;
  /** The schedule standing for this share, if any. */
  standingExpiry(share: Share): Promise<Result<Date | undefined, StateFailure>>;
  /**
  After Meta answered a share: records it in the history and settles the schedule (a timed
  share's `ticket`; a permanent share ends any schedule). Never fails: while the database is
  unreachable the write waits in memory and is retried.
  */
  settleShare(
    attempt: Attempt,
    outcome: Result<{ expiresAt: Date | undefined }>,
    ticket?: ScheduleTicket,
  ): Promise<void>;
  /** After Meta answered an unshare: records it, and a success ends any schedule. Never fails. */
  settleUnshare(attempt: Attempt, outcome: Result<unknown>): Promise<void>;
  /** A number's history, newest first; `after` is a cursor from an earlier page. */
  history(
    preverifiedId: string,
    page: { first: number; after?: string; visibleTo?: ReadonlySet<string> },
  ): Promise<Result<Page<SharingEvent>, StateFailure | InvalidCursor>>;
}

/** A cursor this service did not hand out. */
export type InvalidCursor = Failure & { kind: "invalid_input" };

/** What one expiry job carries: IDs and the schedule version it was sent for. */
export interface ExpiryJob {
  readonly preverifiedId: string;
  readonly partnerBusinessId: string;
  readonly version: number;
}

/** Whether an expiry job is to act: only on its own, still standing, due schedule version. */
export type ExpiryClaim =
  | { readonly kind: "skip" }
  | {
      readonly kind: "go";
      readonly share: Share;
      /** 1 for the first attempt; more when an earlier one may have reached Meta. */
      readonly attempt: number;
      readonly expiresAt: Date;
    };

/** How an expiry attempt ended. */
export type ExpiryOutcome =
  | { readonly kind: "expired"; readonly result: "success" | "already_unshared" }
  | { readonly kind: "deferred"; readonly failure: Failure; readonly retryInMs: number }
  | { readonly kind: "failed"; readonly failure: Failure };

/** The schedules as the expiry job sees them. Both throw while the database is unreachable. */
export interface ExpiryState {
  /**
  Claims the job's schedule version when it is still standing and due; when it is not due yet (or
  its share is still in flight) sends a job for later and skips.
  */
  claim(job: ExpiryJob): Promise<ExpiryClaim>;
  /** Records the outcome in the schedule and the history (and a job for later when deferred). */
  settle(job: ExpiryJob, outcome: ExpiryOutcome): Promise<void>;
}
