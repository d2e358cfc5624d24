import { isNetworkError, isTimeoutError, type KyInstance, type Options } from "ky";
import type { MetaResponse } from "./classify.js";
import type { Failure, Result, UpstreamFailure } from "./failure.js";

/** One Graph API request through ky, classified; never throws for anything Meta or the network does. */
export async function graphRequest<T>(
  http: KyInstance,
  path: string,
  options: Omit<Options, "headers"> & {
    headers?: Readonly<Record<string, string>>;
    token: string;
    businessId?: string;
  },
  classify: (response: MetaResponse) => Result<T>,
): Promise<Result<T>> {
  const { token, businessId, headers, ...kyOptions } = options;
  let result: Result<T>;
  try {
    const pending = http(path, {
      ...kyOptions,
      headers: { ...headers, authorization: `Bearer ${token}` },
    });
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
function withoutSecret(failure: Failure, token: string): Failure {
  const scrub = (text: string | undefined) =>
    text?.includes(token) ? text.split(token).join(REDACTED) : text;
  return {
    ...failure,
    message: scrub(failure.message) ?? "",
    userTitle: scrub(failure.userTitle),
    userMessage: scrub(failure.userMessage),
  };
}
