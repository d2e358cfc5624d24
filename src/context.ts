import type { Authenticate } from "./auth/caller.js";
import { CallBudget } from "./graph-api/call-budget.js";
import { Deadline } from "./graph-api/deadline.js";
import type { RateLimitedFailure } from "./graph-api/failure.js";
import type { GraphApi } from "./graph-api/index.js";
import { createLoaders } from "./graph-api/loaders.js";
import type { UpstreamSummary } from "./graph-api/observer.js";
import type { PreverifiedSharingSource, UpstreamCall } from "./graph-api/share.source.js";
import type { AuditEntry, SharingPorts, SharingState } from "./sharing/ports.js";
import type { Clock } from "./clock.js";
import type { RateLimitStore } from "./rate-limit.js";

/**
Per-request state handed to every resolver: the use cases' ports (Graph API access bound to this
request, the caller's identity and grants, the audit log, limits) and what the request's log line
reports.
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

/** An audit entry with who asked and in which request. */
export interface AuditRecord extends AuditEntry {
  readonly requestId: string;
  /** The caller's JWT `sub`, when it has one. */
  readonly sub?: string;
}

export interface ContextDeps {
  /** Who the caller is: its identity, grants and the Meta token its calls use, or why none. */
  authenticate: Authenticate;
  graphApi: GraphApi;
  /** Replaces the Graph API client's share source (tests provoke failures with it). */
  source: PreverifiedSharingSource;
  /** Time budget of one GraphQL request for all its upstream calls, retries and waits. */
  deadlineMs: number;
  /** Caller headers passed upstream as they are (development only: the emulator's fault header). */
  forwardedHeaders: readonly string[];
  /** Per-caller budget of mutations. */
  mutations: RateLimitStore;
  /** Per-caller budget of Meta read calls. */
  reads: RateLimitStore;
  /** Most HTTP requests to Meta one GraphQL request may make. */
  maxCallsPerRequest: number;
  /** Most shares one `sharePreverifiedNumbers` may carry. */
  maxBulkShares: number;
  /** Where each mutation attempt is recorded. */
  audit: (record: AuditRecord) => void;
  /** Time-limited shares' schedules and the sharing history. */
  state: SharingState;
  clock: Clock;
}

export interface IncomingRequest {
  id: string;
  /** The peer address (after trusted proxies). */
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
  const subject = auth.ok ? auth.caller.subject : undefined;
  const common = {
    requestId: request.id,
    outcome,
    maxBulkShares: deps.maxBulkShares,
    state: deps.state,
    clock: deps.clock,
    visibility: new Map(),
    audit: (entry: AuditEntry) => {
      deps.audit({
        ...entry,
        requestId: request.id,
        ...(subject === undefined ? {} : { sub: subject }),
      });
    },
  };
  if (!auth.ok) {
    return { ...common, caller: {}, upstream: { ok: false, failure: auth.failure } };
  }
  const { caller } = auth;
  const admitRead = () => admit(deps.reads, caller.key, "Meta reads");
  const call: UpstreamCall = {
    token: caller.metaToken,
    deadline: Deadline.in(deps.deadlineMs),
    summary: outcome.upstream,
    budget: new CallBudget(deps.maxCallsPerRequest, admitRead),
    ...forwarded(deps.forwardedHeaders, request.headers),
  };
  const { graphApi } = deps;
  const loaders = createLoaders(
    {
      sharing: deps.source,
      numbers: graphApi.numbers,
      numberList: graphApi.numberList,
      partners: graphApi.partners,
    },
    call,
  );
  return {
    ...common,
    caller: {
      ...(caller.subject === undefined ? {} : { subject: caller.subject }),
      ...(caller.grants === undefined ? {} : { grants: caller.grants }),
    },
    upstream: {
      ok: true,
      loaders,
      graphApi,
      call,
      admitMutation: () => admit(deps.mutations, caller.key, "shares"),
    },
  };
}

/** Takes one token of the caller's bucket: `undefined` when allowed, else the answer to give. */
async function admit(
  budget: RateLimitStore,
  callerKey: string,
  what: string,
): Promise<RateLimitedFailure | undefined> {
  const retryAfterSeconds = await budget.take(callerKey);
  return retryAfterSeconds === undefined
    ? undefined
    : {
        kind: "rate_limited",
        retryable: true,
        retryAfterSeconds,
        message: `Too many ${what} from this caller; try again in ${retryAfterSeconds} s.`,
      };
}

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
