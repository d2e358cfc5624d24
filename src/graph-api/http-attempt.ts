import { isNetworkError, isTimeoutError, type Options } from "ky";
import type { MetaResponse } from "./classify.js";
import type { GraphApiHttp } from "./client.js";
import type { Failure, Result, UpstreamFailure } from "./failure.js";
import { RESPONSE_TOO_LARGE_CODE, type TransportInit } from "./transport.js";

export interface GraphRequestOptions {
  method: "GET" | "POST" | "DELETE";
  /** Per-attempt timeout (ky's `timeout`). */
  timeout: number;
  token: string;
  /** The business a rate limit in the answer applies to, if any. */
  businessId?: string;
  searchParams?: Readonly<Record<string, string>>;
  /** A JSON body, or a form (`application/x-www-form-urlencoded`) body. */
  json?: unknown;
  form?: URLSearchParams;
  headers?: Readonly<Record<string, string>>;
}

/** One Graph API request through ky, classified; never throws for anything Meta or the network does. */
export async function graphRequest<T, F extends Failure = Failure>(
  http: GraphApiHttp,
  path: string,
  options: GraphRequestOptions,
  classify: (response: MetaResponse) => Result<T, F>,
): Promise<Result<T, F | UpstreamFailure>> {
  const { token, businessId, json, form } = options;
  const headers: Record<string, string> = { ...options.headers, authorization: `Bearer ${token}` };
  // The body goes to the transport as a string (`TransportInit.rawBody`), not through ky's
  // `json`/`body`, which would wrap it in a stream for the transport to read back.
  let rawBody: string | undefined;
  if (json !== undefined) {
    rawBody = JSON.stringify(json);
    headers["content-type"] = "application/json";
  } else if (form !== undefined) {
    rawBody = form.toString();
    headers["content-type"] = "application/x-www-form-urlencoded;charset=UTF-8";
  }
  const kyOptions: Options & TransportInit = {
    method: options.method,
    timeout: options.timeout,
    headers,
    ...(options.searchParams === undefined ? {} : { searchParams: options.searchParams }),
    ...(rawBody === undefined ? {} : { rawBody }),
  };
  let result: Result<T, F | UpstreamFailure>;
  try {
    const pending = http.ky(http.baseUrl + path, kyOptions);
    const response = await pending;
    // ky's shortcut reads the same response's body under the per-attempt timeout, so a body
    // that stalls after the headers cannot hang the request.
    const bodyText = await pending.text();
    result = classify({ status: response.status, headers: response.headers, bodyText, businessId });
  } catch (error) {
    result = { ok: false, failure: transportFailure(error) };
  }
  return result.ok ? result : { ok: false, failure: withoutSecret(result.failure, token) };
}

/** Errors that mean the connection was never made, so the request never reached Meta. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Maps what ky/fetch throw (timeouts, refused or reset connections) to a typed failure. */
export function transportFailure(error: unknown): UpstreamFailure {
  if (isTimeoutError(error) || (error instanceof Error && error.name === "TimeoutError")) {
    return {
      kind: "upstream",
      reason: "timeout",
      retryable: true,
      message: "Meta did not answer in time.",
    };
  }
  const code = causeCode(error);
  if (code === RESPONSE_TOO_LARGE_CODE) {
    // The same request would get the same answer: not retried, and not a breakdown of Meta.
    return {
      kind: "upstream",
      reason: "response_too_large",
      retryable: false,
      message: "Meta's answer was larger than this service accepts.",
    };
  }
  return {
    kind: "upstream",
    reason: "network",
    retryable: true,
    ...(code !== undefined && NOT_SENT_CODES.has(code) ? { notSent: true } : {}),
    message:
      isNetworkError(error) && code !== undefined
        ? `Could not reach Meta (${code}).`
        : "Could not reach Meta.",
  };
}

/** `ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`, … from the error's cause chain, if any. */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z_]+$/.test(code)) {
      return code;
    }
    current = current.cause;
  }
  return undefined;
}

const REDACTED = "[REDACTED]";

/** Defence in depth: no text Meta sends back may carry the caller's token to a client or a log. */
function withoutSecret<F extends Failure>(failure: F, token: string): F {
  const scrub = (text: string | undefined) =>
    text?.includes(token) ? text.split(token).join(REDACTED) : text;
  return {
    ...failure,
    message: scrub(failure.message) ?? "",
    userTitle: scrub(failure.userTitle),
    userMessage: scrub(failure.userMessage),
  };
}
