import type { ReadResult, Result } from "./failure.js";
import { SHARE, type ShareParams, UNSHARE } from "./endpoints.js";
import type { GraphApiClient } from "./graph-api-client.js";
import type { UpstreamCall } from "./upstream-guard.js";
import type { ShareSuccessBody, UnshareSuccessBody } from "./wire.js";

export type { UpstreamCall } from "./upstream-guard.js";

/** One share (or unshare): the share endpoint's parameters, declared once in `endpoints.ts`. */
export type ShareRequest = ShareParams;

/** One string per distinct share: identical shares in one request are sent once. */
export function shareKey(request: ShareRequest): string {
  return `${request.businessId}/${request.preverifiedId}/${request.partnerBusinessId}`;
}

/** What resolvers depend on; the Graph API implementation is below, tests may supply their own. */
export interface PreverifiedSharingSource {
  share(request: ShareRequest, call: UpstreamCall): Promise<Result<ShareSuccessBody>>;
}

/** Takes a partner's access away; one result per request. */
export interface PreverifiedUnsharingSource {
  unshare(request: ShareRequest, call: UpstreamCall): Promise<ReadResult<UnshareSuccessBody>>;
}

/**
`POST /{version}/{business-id}/share_preverified_numbers` (share) and `DELETE` on the same edge
(unshare), each declared once in `endpoints.ts`, through the Graph API client.
*/
export class GraphApiSharingSource implements PreverifiedSharingSource, PreverifiedUnsharingSource {
  constructor(private readonly client: GraphApiClient) {}

  share(request: ShareRequest, call: UpstreamCall): Promise<Result<ShareSuccessBody>> {
    return this.client.call(SHARE, request, call);
  }

  unshare(request: ShareRequest, call: UpstreamCall): Promise<ReadResult<UnshareSuccessBody>> {
    return this.client.call(UNSHARE, request, call);
  }
}
