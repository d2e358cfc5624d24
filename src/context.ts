import { parseAuthorization } from "./auth.js";
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
}

/**
Builds the context for one request. Loaders are created here, per request, because DataLoader
caches for its whole life: one shared across requests would hand one caller's results to another.
*/
export function createContext(
  deps: ContextDeps,
  request: { id: string; authorization: string | undefined },
): Context {
  if (deps.serviceToken !== undefined) {
    return upstreamWith(request.id, deps, deps.serviceToken);
  }
  const auth = parseAuthorization(request.authorization);
  switch (auth.kind) {
    case "bearer":
      return upstreamWith(request.id, deps, auth.token);
    case "none":
      return unauthenticated(
        request.id,
        "No access token was sent. Send the header `Authorization: Bearer <access token>`.",
      );
    case "malformed":
      return unauthenticated(
        request.id,
        "The Authorization header is malformed. Send `Authorization: Bearer <access token>`.",
      );
  }
}

function upstreamWith(requestId: string, deps: ContextDeps, token: string): Context {
  return { requestId, upstream: { ok: true, loaders: createLoaders(deps.source, token) } };
}

function unauthenticated(requestId: string, message: string): Context {
  return {
    requestId,
    upstream: { ok: false, failure: { kind: "authentication", message, retryable: false } },
  };
}
