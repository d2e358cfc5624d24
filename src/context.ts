import type { Authenticate } from "./auth.js";
import { CallBudget } from "./graph-api/call-budget.js";
import { Deadline } from "./graph-api/deadline.js";
import { hash } from "node:crypto";
import type { RateLimitedFailure } from "./graph-api/failure.js";
import type { GraphApiNumberListSource } from "./graph-api/list.source.js";
import { createLoaders } from "./graph-api/loaders.js";
import type { PartnersSource } from "./graph-api/partners.source.js";
import type { UpstreamSummary } from "./graph-api/observer.js";
import type { PreverifiedNumbersSource } from "./graph-api/numbers.source.js";
import type { GraphApiBatchSharingSource } from "./graph-api/batch.source.js";
import type {
  PreverifiedSharingSource,
  PreverifiedUnsharingSource,
  ShareRequest,
  UpstreamCall,
} from "./graph-api/share.source.js";
import { ALLOW_ALL, type SharingPorts } from "./sharing/ports.js";
import type { CallerRateLimiter } from "./rate-limit.js";

/**
Per-request state handed to every resolver: the use cases' ports (Graph API access bound to this
request, the authorization hook, limits) and what the request's log line reports.
*/
export interface Context extends SharingPorts {
  readonly requestId: string;
  /** For the request's log line: what the resolvers answered and what happened upstream. */
  readonly outcome: RequestOutcome;
}

export interface RequestOutcome {
  /** `__typename` of each result the resolvers returned (union members), in order. */
  readonly results: string[];
  readonly upstream: UpstreamSummary;
}

export interface ContextDeps {
  /** Who the caller is: the Meta token its calls use, or why there is none. */
  authenticate: Authenticate;
  source: PreverifiedSharingSource;
  unsharing: PreverifiedUnsharingSource;
  numbers: PreverifiedNumbersSource;
  numberList: GraphApiNumberListSource;
  partners: PartnersSource;
  batchSharing: GraphApiBatchSharingSource;
  /** Service mode: `GRAPH_API_TOKEN`, used instead of whatever the caller sends. */
  serviceToken: string | undefined;
  /** Time budget of one GraphQL request for all its upstream calls, retries and waits. */
  deadlineMs: number;
  /** Caller headers passed upstream as they are (development only: the emulator's fault header). */
  forwardedHeaders: readonly string[];
  /** Per-caller budget of mutations. */
  rateLimiter: CallerRateLimiter;
  /** Per-caller budget of Meta read calls. */
  readRateLimiter: CallerRateLimiter;
  /** Most HTTP requests to Meta one GraphQL request may make. */
  maxCallsPerRequest: number;
  /** Most shares one `sharePreverifiedNumbers` may carry. */
  maxBulkShares: number;
}

export interface IncomingRequest {
  id: string;
  /** The peer address, used as the caller's key when all callers share the service token. */
  ip: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
Builds the context for one request. Loaders are created here, per request, because DataLoader
caches for its whole life: one shared across requests would hand one caller's results to another.
The deadline starts here too, so it covers the whole GraphQL request.
*/
export async function createContext(deps: ContextDeps, request: IncomingRequest): Promise<Context> {
  const auth = await deps.authenticate(request);
  const outcome: RequestOutcome = { results: [], upstream: { attempts: 0, upstreamMs: 0 } };
  if (auth.kind !== "bearer") {
    return {
      requestId: request.id,
      outcome,
      maxBulkShares: deps.maxBulkShares,
      authorize: ALLOW_ALL,
      upstream: {
        ok: false,
        failure: {
          kind: "authentication",
          retryable: false,
          message: NO_TOKEN_MESSAGES[auth.kind],
        },
      },
    };
  }
  // The caller is its token (hashed: never kept in clear) or, in service mode, its address;
  // worked out once, when the first mutation or read asks to be admitted.
  let key: string | undefined;
  const callerKey = (): string =>
    (key ??=
      deps.serviceToken === undefined
        ? `t:${hash("sha256", auth.token, "base64url")}`
        : `ip:${request.ip}`);
  const admitRead = () => admit(deps.readRateLimiter, callerKey(), "Meta reads");
  const call: UpstreamCall = {
    token: auth.token,
    deadline: Deadline.in(deps.deadlineMs),
    summary: outcome.upstream,
    budget: new CallBudget(deps.maxCallsPerRequest, admitRead),
    ...forwarded(deps.forwardedHeaders, request.headers),
  };
  const loaders = createLoaders(
    {
      sharing: deps.source,
      numbers: deps.numbers,
      numberList: deps.numberList,
      partners: deps.partners,
    },
    call,
  );
  const shareMany = (requests: readonly ShareRequest[]) =>
    deps.batchSharing.shareMany(requests, call);
  const unshare = (unshared: ShareRequest) => deps.unsharing.unshare(unshared, call);
  const admitMutation = () => admit(deps.rateLimiter, callerKey(), "shares");
  return {
    requestId: request.id,
    outcome,
    maxBulkShares: deps.maxBulkShares,
    // Today's behaviour: the caller's own Meta token is its identity and Meta enforces access.
    authorize: ALLOW_ALL,
    upstream: { ok: true, loaders, admitMutation, shareMany, unshare },
  };
}

/** Takes one token of the caller's bucket: `undefined` when allowed, else the answer to give. */
function admit(
  limiter: CallerRateLimiter,
  callerKey: string,
  what: string,
): RateLimitedFailure | undefined {
  const retryAfterSeconds = limiter.take(callerKey);
  return retryAfterSeconds === undefined
    ? undefined
    : {
        kind: "rate_limited",
        retryable: true,
        retryAfterSeconds,
        message: `Too many ${what} from this caller; try again in ${retryAfterSeconds} s.`,
      };
}

const NO_TOKEN_MESSAGES = {
  none: "No access token was sent. Send the header `Authorization: Bearer <access token>`.",
  malformed: "The Authorization header is malformed. Send `Authorization: Bearer <access token>`.",
};

function forwarded(
  names: readonly string[],
  headers: IncomingRequest["headers"],
): { headers?: Record<string, string> } {
  let picked: Record<string, string> | undefined;
  for (const name of names) {
    const value = headers[name];
    if (typeof value === "string") {
      picked ??= {};
      picked[name] = value;
    }
  }
  return picked === undefined ? {} : { headers: picked };
}
