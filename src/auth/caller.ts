/**
Who is calling: the outcome of the caller-authentication step that runs once per HTTP request.
Three ways to be a caller (see README, "Modes"):

- **pass-through** (no `GRAPH_API_TOKEN`): the caller's own Meta token is its identity; Meta
  decides what it may do, so the caller has no grants of its own here;
- **service mode with JWTs**: the caller proves who it is with a JWT from the identity provider;
  every Meta call uses `GRAPH_API_TOKEN`, and the caller may act only for the businesses and with
  the scopes its token grants;
- **service mode with authentication disabled** (`AUTH_DISABLED=true`): every caller uses
  `GRAPH_API_TOKEN` with no identity and no limits of its own (development, or a deployment
  whose network stands in for authentication).
*/
import type { AuthenticationFailure } from "../graph-api/failure.js";
import type { Scope } from "../sharing/ports.js";

/** What a verified caller may do: the businesses it acts for and its permission levels. */
export interface Grants {
  readonly businesses: ReadonlySet<string>;
  readonly scopes: ReadonlySet<Scope>;
}

export interface Caller {
  /** The Graph API token every Meta call of this caller uses (its own, or the service's). */
  readonly metaToken: string;
  /**
  The key of the caller's budgets: its JWT `sub`, a hash of its own Meta token, or its address
  when callers share the service token without an identity. Never a metric label.
  */
  readonly key: string;
  /** The JWT's `sub`, for the audit log; absent without an identity. */
  readonly subject?: string;
  /** Absent: no identity of this service's own, so nothing is refused here (Meta decides). */
  readonly grants?: Grants;
}

export type Authentication =
  { ok: true; caller: Caller } | { ok: false; failure: AuthenticationFailure };

/** The parts of an HTTP request that identify its caller. */
export interface CallerRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The client address (after trusted proxies). */
  readonly ip: string;
}

/** The caller-authentication step, asynchronous: a JWT may need the identity provider's keys. */
export type Authenticate = (request: CallerRequest) => Promise<Authentication>;

/** An authentication refusal with a message safe to show (never the token). */
export function unauthenticated(message: string, retryable = false): Authentication {
  return { ok: false, failure: { kind: "authentication", retryable, message } };
}
