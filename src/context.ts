import { type CallerAuth, parseAuthorization } from "./auth.js";
import { Deadline } from "./graph-api/deadline.js";
import type { AuthenticationFailure } from "./graph-api/failure.js";
import { createLoaders, type Loaders } from "./graph-api/loaders.js";
import type { PreverifiedSharingSource } from "./graph-api/share.source.js";

/** Per-request state handed to every resolver. */
export interface Context {
  readonly requestId: string;
  /** Loaders bound to this request's upstream token, or why there is no usable token. */
  readonly upstream: { ok: true; loaders: Loaders } | { ok: false; failure: AuthenticationFailure };
}

export interface ContextDeps {
  source: PreverifiedSharingSource;
  /** Service mode: `GRAPH_API_TOKEN`, used instead of whatever the caller sends. */
  serviceToken: string | undefined;
  /** Time budget of one GraphQL request for all its upstream calls, retries and waits. */
  deadlineMs: number;
  /** Caller headers passed upstream as they are (development only: the emulator's fault header). */
  forwardedHeaders: readonly string[];
}

export interface IncomingRequest {
  id: string;
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
  if (auth.kind !== "bearer") {
    return {
      requestId: request.id,
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
  const loaders = createLoaders(deps.source, {
    token: auth.token,
    deadline: Deadline.in(deps.deadlineMs),
    ...forwarded(deps.forwardedHeaders, request.headers),
  });
  return { requestId: request.id, upstream: { ok: true, loaders } };
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
