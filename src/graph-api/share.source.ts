import { classifyShareResponse } from "./classify.js";
import type { Result } from "./failure.js";
import type { GraphApiHttp } from "./client.js";
import { graphRequest } from "./http-attempt.js";
import type { UpstreamCall, UpstreamGuard } from "./upstream-guard.js";
import type { GraphApiVersion, ShareRequestBody, ShareSuccessBody } from "./wire.js";

export type { UpstreamCall } from "./upstream-guard.js";

/** One share, with IDs already validated against Meta's patterns. */
export interface ShareRequest {
  businessId: string;
  preverifiedId: string;
  partnerBusinessId: string;
}

/** One string per distinct share: identical shares in one request are sent once. */
export function shareKey(request: ShareRequest): string {
  return `${request.businessId}/${request.preverifiedId}/${request.partnerBusinessId}`;
}

/** What resolvers depend on; the Graph API implementation is below, tests may supply their own. */
export interface PreverifiedSharingSource {
  share(request: ShareRequest, call: UpstreamCall): Promise<Result<ShareSuccessBody>>;
}

const SHARE_SUCCESS: Result<ShareSuccessBody> = { ok: true, value: { success: true } };

/**
`POST /{version}/{business-id}/share_preverified_numbers` through the shared ky instance and the
upstream guard (throttling, retries within the deadline, circuit breaker).
*/
export class GraphApiSharingSource implements PreverifiedSharingSource {
  constructor(
    private readonly http: GraphApiHttp,
    private readonly version: GraphApiVersion,
    private readonly guard: UpstreamGuard,
  ) {}

  share(request: ShareRequest, call: UpstreamCall): Promise<Result<ShareSuccessBody>> {
    const body: ShareRequestBody = {
      preverified_id: request.preverifiedId,
      partner_business_id: request.partnerBusinessId,
    };
    const path = `${this.version}/${request.businessId}/share_preverified_numbers`;
    return this.guard.run(
      call,
      {
        endpoint: "share_preverified_numbers",
        businessId: request.businessId,
        // A retry of a share Meta may already have done: "already shared" means it did.
        settle: (failure, earlierAttemptMayHaveActed) =>
          earlierAttemptMayHaveActed &&
          failure.kind === "sharing_rejected" &&
          failure.reason === "already_shared"
            ? SHARE_SUCCESS
            : undefined,
      },
      (timeoutMs, traceHeaders) =>
        graphRequest(
          this.http,
          path,
          {
            method: "post",
            json: body,
            timeout: timeoutMs,
            token: call.token,
            businessId: request.businessId,
            headers: { ...call.headers, ...traceHeaders },
          },
          classifyShareResponse,
        ),
    );
  }
}
