import ky, { type KyInstance } from "ky";
import type { Dispatcher } from "undici";
import { createUndiciFetch } from "./transport.js";

export interface GraphApiHttpOptions {
  /** Base URL of the Graph API (Meta, or the emulator), without the version segment. */
  baseUrl: string;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs: number;
  /** Sent as `User-Agent`, naming this service and its version. */
  userAgent: string;
  /** The keep-alive connection pool under ky's transport (see `transport.ts`). */
  dispatcher: Dispatcher;
}

/** The Graph API over HTTP: the one ky instance, and the base URL request paths are joined to. */
export interface GraphApiHttp {
  readonly ky: KyInstance;
  /** Ends with `/`; paths (`v25.0/123/…`) are appended to it. */
  readonly baseUrl: string;
}

/**
The one ky instance that talks to the Graph API, on the `undici.request` transport. Created once
per server, never per request (ky's option merge is not free).

- `throwHttpErrors: false`: every HTTP answer, whatever its status or body, goes through one
  classification table (`classifyShareResponse`) instead of exceptions.
- `retry: 0`: retries are a policy decision of the caller, not of the transport; a retry limit
  above zero also makes ky clone every request.
- No ky `baseUrl`: callers pass absolute URLs (`baseUrl` + path). With a relative input ky builds a
  throw-away `Request` on every call just to resolve it.
*/
export function createGraphApiHttp(options: GraphApiHttpOptions): GraphApiHttp {
  return {
    baseUrl: options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`,
    ky: ky.create({
      timeout: options.timeoutMs,
      retry: 0,
      throwHttpErrors: false,
      headers: { "user-agent": options.userAgent, accept: "application/json" },
      fetch: createUndiciFetch({ dispatcher: options.dispatcher }),
    }),
  };
}
