import ky, { type KyInstance } from "ky";

export interface GraphApiHttpOptions {
  /** Base URL of the Graph API (Meta, or the emulator), without the version segment. */
  baseUrl: string;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs: number;
  /** Sent as `User-Agent`, naming this service and its version. */
  userAgent: string;
  /** The transport under ky (see `transport.ts`); Node's global `fetch` when absent. */
  fetch?: typeof fetch;
}

/**
The one ky instance that talks to the Graph API. Created once per server, never per request
(ky's option merge is not free).

- `throwHttpErrors: false`: every HTTP answer, whatever its status or body, goes through one
  classification table (`classifyShareResponse`) instead of exceptions.
- `retry: 0`: retries are a policy decision of the caller, not of the transport; a retry limit
  above zero also makes ky clone every request.
*/
export function createGraphApiHttp(options: GraphApiHttpOptions): KyInstance {
  return ky.create({
    baseUrl: options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`,
    timeout: options.timeoutMs,
    retry: 0,
    throwHttpErrors: false,
    headers: { "user-agent": options.userAgent, accept: "application/json" },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
