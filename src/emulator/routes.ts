/**
The emulator's route table: which edge handler answers which method on which path, the only
place that knows the paths. Every route sits under a supported `/{version}/`; the batch endpoint
(`POST /` or `POST /{version}/` with `batch=[…]`) is matched apart, by `matchBatch`, because it
answers through the table item by item instead of being one edge.
*/
import { SUPPORTED_GRAPH_API_VERSIONS } from "../graph-api/wire.js";
import type { BatchCall } from "./edges/batch.js";
import type { EdgeHandler } from "./edges/edge.js";
import {
  addPhoneNumbersEdge,
  deleteNumberEdge,
  requestCodeEdge,
  verifyCodeEdge,
} from "./edges/lifecycle.js";
import { multiIdRead, nodeRead, partnersRead, preverifiedNumbersRead } from "./edges/reads.js";
import { shareEdge } from "./edges/share.js";
import { unshareEdge } from "./edges/unshare.js";
import { metaErrors, type MetaErrorReply } from "./errors.js";
import { rawParam, truncate, type ReceivedRequest } from "./request.js";

/**
Which injected faults a route takes (see `faults.ts`): the share edge's (every mutation: share,
unshare and the lifecycle edges), or a read's.
*/
export type FaultScope = "share" | "read";

interface Route {
  /** The path's segments after the version; `:name` matches any one segment and binds it. */
  pattern: readonly string[];
  faults: FaultScope;
  /** A method's own fault scope, where it differs from `faults`. */
  methodFaults?: Readonly<Partial<Record<string, FaultScope>>>;
  handlers: Readonly<Partial<Record<string, EdgeHandler>>>;
  /** Meta's answer to a method the route has no handler for; "Unsupported … request" unless given. */
  wrongMethod?: (method: string) => MetaErrorReply;
}

const unsupportedMethod = (method: string): MetaErrorReply => metaErrors.unsupportedMethod(method);

export const ROUTES: readonly Route[] = [
  {
    pattern: [],
    faults: "read",
    handlers: { GET: multiIdRead },
    // Only GET reads the root; a POST with `batch` never gets here.
    wrongMethod: () => metaErrors.unknownPath("/"),
  },
  {
    pattern: [":id"],
    faults: "read",
    methodFaults: { DELETE: "share" },
    handlers: { GET: nodeRead, DELETE: deleteNumberEdge },
  },
  {
    pattern: [":businessId", "share_preverified_numbers"],
    faults: "share",
    handlers: { POST: shareEdge, DELETE: unshareEdge },
  },
  {
    pattern: [":businessId", "preverified_numbers"],
    faults: "read",
    handlers: { GET: preverifiedNumbersRead },
  },
  {
    pattern: [":businessId", "add_phone_numbers"],
    faults: "share",
    handlers: { POST: addPhoneNumbersEdge },
  },
  {
    pattern: [":id", "request_code"],
    faults: "share",
    handlers: { POST: requestCodeEdge },
  },
  {
    pattern: [":id", "verify_code"],
    faults: "share",
    handlers: { POST: verifyCodeEdge },
  },
  {
    pattern: [":id", "partners"],
    faults: "read",
    handlers: { GET: partnersRead },
  },
];

const VERSION_SHAPE = /^v([0-9]+)\.([0-9]+)$/;
export const LATEST_VERSION =
  SUPPORTED_GRAPH_API_VERSIONS[SUPPORTED_GRAPH_API_VERSIONS.length - 1] ?? "";

function versionNumber(version: string): number {
  const match = VERSION_SHAPE.exec(version);
  return match === null ? 0 : Number(match[1]) * 1000 + Number(match[2]);
}

const OLDEST_SUPPORTED = Math.min(...SUPPORTED_GRAPH_API_VERSIONS.map(versionNumber));

/** Where a request goes: an edge's handler, the route without the method, or no route at all. */
export type RouteMatch =
  | {
      kind: "edge";
      version: string;
      faults: FaultScope;
      path: Readonly<Record<string, string>>;
      handler: EdgeHandler;
    }
  | { kind: "wrong_method"; version: string; faults: FaultScope; error: MetaErrorReply }
  /** An unknown path or an unsupported version, answered at the latest version. */
  | { kind: "none"; error: MetaErrorReply };

export function matchRoute(method: string, pathname: string): RouteMatch {
  const segments = pathname.split("/").filter((segment) => segment !== "");
  const [first, ...rest] = segments;
  if (first === undefined || !VERSION_SHAPE.test(first)) {
    return { kind: "none", error: metaErrors.unknownPath(truncate(`/${segments.join("/")}`)) };
  }
  if (!(SUPPORTED_GRAPH_API_VERSIONS as readonly string[]).includes(first)) {
    return {
      kind: "none",
      error:
        versionNumber(first) < OLDEST_SUPPORTED
          ? metaErrors.deprecatedVersion(LATEST_VERSION)
          : metaErrors.unsupportedVersion(truncate(first), SUPPORTED_GRAPH_API_VERSIONS),
    };
  }
  for (const route of ROUTES) {
    const path = bind(route.pattern, rest);
    if (path === undefined) {
      continue;
    }
    const handler = route.handlers[method];
    const faults = route.methodFaults?.[method] ?? route.faults;
    return handler === undefined
      ? {
          kind: "wrong_method",
          version: first,
          faults,
          error: (route.wrongMethod ?? unsupportedMethod)(method),
        }
      : { kind: "edge", version: first, faults, path, handler };
  }
  // Like Meta, name the components after the node: `/v25.0/123/foo/bar` → `/foo/bar`.
  const components = rest.length >= 2 ? rest.slice(1) : rest;
  return { kind: "none", error: metaErrors.unknownPath(truncate(`/${components.join("/")}`)) };
}

/** The path parameters when `segments` fit `pattern`. */
function bind(
  pattern: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== segments.length) {
    return undefined;
  }
  const path: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? "";
    if (part.startsWith(":")) {
      path[part.slice(1)] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return path;
}

/**
`POST /` or `POST /{version}/` carrying a `batch` parameter. Without one (or with a body over
the limit) the request takes the route table, which answers it as any other request.
*/
export function matchBatch(request: ReceivedRequest): BatchCall | undefined {
  if (request.method !== "POST" || request.bodyTooLarge) {
    return undefined;
  }
  const segments = request.pathname.split("/").filter((segment) => segment !== "");
  const [first, ...rest] = segments;
  let version: string;
  if (first === undefined) {
    version = LATEST_VERSION;
  } else if (
    rest.length === 0 &&
    (SUPPORTED_GRAPH_API_VERSIONS as readonly string[]).includes(first)
  ) {
    version = first;
  } else {
    return undefined;
  }
  const raw = rawParam(request, "batch");
  return raw === undefined ? undefined : { version, raw };
}
