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
import type { UpstreamCall } from "../graph-api/share.source.js";

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
}
