/**
What the use cases need from one GraphQL request: its Graph API access (loaders bound to the
request's token, deadline and call budget; the caller's budgets), or why there is none; and the
hook where caller authorization plugs in. `context.ts` builds it per request.
*/
import type {
  AuthenticationFailure,
  PermissionDeniedFailure,
  RateLimitedFailure,
  ReadResult,
  Result,
} from "../graph-api/failure.js";
import type { Loaders } from "../graph-api/loaders.js";
import type { ShareRequest } from "../graph-api/share.source.js";
import type { ShareSuccessBody, UnshareSuccessBody } from "../graph-api/wire.js";

/** The permission levels of the service's operations. */
export type Scope = "preverified:read" | "preverified:share" | "preverified:manage";

/** What a caller asks to do, for the authorization hook. */
export interface Action {
  scope: Scope;
  /** The acting business, when the operation names one. */
  businessId?: string;
}

/**
Decides whether the caller may act, before any Meta call. The default (no caller identity: the
caller's own Meta token is its identity and Meta enforces access) allows everything.
*/
export type Authorize = (
  action: Action,
) => Promise<AuthenticationFailure | PermissionDeniedFailure | undefined>;

export const ALLOW_ALL: Authorize = () => Promise.resolve(undefined);

export interface GraphApiAccess {
  ok: true;
  loaders: Loaders;
  /** Takes one share from the caller's mutation budget; a failure when it is spent. */
  admitMutation: () => RateLimitedFailure | undefined;
  /** Many shares through Meta's batch API, one result per request, in order. */
  shareMany: (requests: readonly ShareRequest[]) => Promise<Result<ShareSuccessBody>[]>;
  /** One unshare. */
  unshare: (request: ShareRequest) => Promise<ReadResult<UnshareSuccessBody>>;
}

export interface SharingPorts {
  /** Graph API access bound to this request's token, or why there is no usable token. */
  readonly upstream: GraphApiAccess | { ok: false; failure: AuthenticationFailure };
  readonly authorize: Authorize;
  /** Most shares one `sharePreverifiedNumbers` may carry. */
  readonly maxBulkShares: number;
}
