import { isNetworkError, isTimeoutError, type KyInstance } from "ky";
import { classifyShareResponse } from "./classify.js";
import type { Failure, Result, UpstreamFailure } from "./failure.js";
import type { GraphApiVersion, ShareRequestBody, ShareSuccessBody } from "./wire.js";

/** One share, with IDs already validated against Meta's patterns. */
export interface ShareRequest {
  businessId: string;
  preverifiedId: string;
  partnerBusinessId: string;
}

/** What resolvers depend on; the Graph API implementation is below, tests may supply their own. */
export interface PreverifiedSharingSource {
  share(request: ShareRequest, token: string): Promise<Result<ShareSuccessBody>>;
}

/**
`POST /{version}/{business-id}/share_preverified_numbers` through the shared ky instance.
Never throws for anything Meta or the network does: every outcome is a `Result`.
*/
export class GraphApiSharingSource implements PreverifiedSharingSource {
  constructor(
    private readonly http: KyInstance,
    private readonly version: GraphApiVersion,
  ) {}

  async share(request: ShareRequest, token: string): Promise<Result<ShareSuccessBody>> {
    const body: ShareRequestBody = {
      preverified_id: request.preverifiedId,
      partner_business_id: request.partnerBusinessId,
    };
    let result: Result<ShareSuccessBody>;
    try {
      const pending = this.http.post(
        `${this.version}/${request.businessId}/share_preverified_numbers`,
        { json: body, headers: { authorization: `Bearer ${token}` } },
      );
      const response = await pending;
      // ky's shortcut reads the same response's body under the per-attempt timeout, so a body
      // that stalls after the headers cannot hang the request.
      const bodyText = await pending.text();
      result = classifyShareResponse({
        status: response.status,
        headers: response.headers,
        bodyText,
        businessId: request.businessId,
      });
    } catch (error) {
      result = { ok: false, failure: transportFailure(error) };
    }
    return result.ok ? result : { ok: false, failure: withoutSecret(result.failure, token) };
  }
}

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
