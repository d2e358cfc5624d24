import { type CallerAuth, parseAuthorization } from "./auth.js";
import { Deadline } from "./graph-api/deadline.js";
import { hash } from "node:crypto";
import type {
  AuthenticationFailure,
  RateLimitedFailure,
  ReadResult,
  Result,
} from "./graph-api/failure.js";
import type {
  EdgePage,
  GraphApiNumberListSource,
  ListNumbersRequest,
  NumbersPage,
  PartnerNode,
} from "./graph-api/list.source.js";
import { createLoaders, type Loaders } from "./graph-api/loaders.js";
import type { UpstreamSummary } from "./graph-api/observer.js";
import type { PreverifiedNumbersSource } from "./graph-api/numbers.source.js";
import type { GraphApiBatchSharingSource } from "./graph-api/batch.source.js";
import type {
  PreverifiedSharingSource,
  ShareRequest,
  UpstreamCall,
} from "./graph-api/share.source.js";
import type { ShareSuccessBody } from "./graph-api/wire.js";
import type { MutationRateLimiter } from "./rate-limit.js";

/** Per-request state handed to every resolver. */
export interface Context {
  readonly requestId: string;
  /** For the request's log line: what the resolvers answered and what happened upstream. */
  readonly outcome: RequestOutcome;
  /** Most shares one `sharePreverifiedNumbers` may carry. */
  readonly maxBulkShares: number;
  /** Loaders bound to this request's upstream token, or why there is no usable token. */
  readonly upstream:
    | {
        ok: true;
        loaders: Loaders;
        admitMutation: () => RateLimitedFailure | undefined;
        /** One page of a business's numbers (not batched: pages are not keyed reads). */
        listNumbers: (request: ListNumbersRequest) => Promise<ReadResult<NumbersPage>>;
        /** One page of the businesses a number is shared with. */
        listPartners: (request: {
          preverifiedId: string;
          first: number;
          after?: string;
        }) => Promise<ReadResult<EdgePage<PartnerNode>>>;
        /** Many shares through Meta's batch API, one result per request, in order. */
        shareMany: (requests: readonly ShareRequest[]) => Promise<Result<ShareSuccessBody>[]>;
      }
    | { ok: false; failure: AuthenticationFailure };
}

export interface RequestOutcome {
  /** `__typename` of each result the resolvers returned (union members), in order. */
  readonly results: string[];
  readonly upstream: UpstreamSummary;
}

export interface ContextDeps {
  source: PreverifiedSharingSource;
  numbers: PreverifiedNumbersSource;
  numberList: GraphApiNumberListSource;
  batchSharing: GraphApiBatchSharingSource;
  /** Service mode: `GRAPH_API_TOKEN`, used instead of whatever the caller sends. */
  serviceToken: string | undefined;
  /** Time budget of one GraphQL request for all its upstream calls, retries and waits. */
  deadlineMs: number;
  /** Caller headers passed upstream as they are (development only: the emulator's fault header). */
  forwardedHeaders: readonly string[];
  /** Per-caller budget of mutations. */
  rateLimiter: MutationRateLimiter;
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
export function createContext(deps: ContextDeps, request: IncomingRequest): Context {
  const authorization = request.headers["authorization"];
  const auth: CallerAuth =
    deps.serviceToken !== undefined
      ? { kind: "bearer", token: deps.serviceToken }
      : parseAuthorization(typeof authorization === "string" ? authorization : undefined);
  const outcome: RequestOutcome = { results: [], upstream: { attempts: 0, upstreamMs: 0 } };
  if (auth.kind !== "bearer") {
    return {
      requestId: request.id,
      outcome,
      maxBulkShares: deps.maxBulkShares,
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
  const call: UpstreamCall = {
    token: auth.token,
    deadline: Deadline.in(deps.deadlineMs),
    summary: outcome.upstream,
    ...forwarded(deps.forwardedHeaders, request.headers),
  };
  const loaders = createLoaders({ sharing: deps.source, numbers: deps.numbers }, call);
  const listNumbers = (list: ListNumbersRequest) => deps.numberList.listNumbers(list, call);
  const listPartners = (partners: { preverifiedId: string; first: number; after?: string }) =>
    deps.numberList.listPartners(partners, call);
  const shareMany = (requests: readonly ShareRequest[]) =>
    deps.batchSharing.shareMany(requests, call);
  // The caller is its token (hashed: never kept in clear) or, in service mode, its address;
  // worked out once, when the first mutation asks to be admitted (queries never need it).
  let key: string | undefined;
  const callerKey = (): string =>
    (key ??=
      deps.serviceToken === undefined
        ? `t:${hash("sha256", auth.token, "base64url")}`
        : `ip:${request.ip}`);
  const admitMutation = (): RateLimitedFailure | undefined => {
    const retryAfterSeconds = deps.rateLimiter.take(callerKey());
    return retryAfterSeconds === undefined
      ? undefined
      : {
          kind: "rate_limited",
          retryable: true,
          retryAfterSeconds,
          message: `Too many shares from this caller; try again in ${retryAfterSeconds} s.`,
        };
  };
  return {
    requestId: request.id,
    outcome,
    maxBulkShares: deps.maxBulkShares,
    upstream: { ok: true, loaders, admitMutation, listNumbers, listPartners, shareMany },
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
