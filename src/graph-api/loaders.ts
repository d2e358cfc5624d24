import DataLoader from "dataloader";
import type { Result } from "./failure.js";
import type { PreverifiedSharingSource, ShareRequest, UpstreamCall } from "./share.source.js";
import type { ShareSuccessBody } from "./wire.js";

export interface Loaders {
  /**
  Shares keyed by (business, number, partner). Within one GraphQL request the same share asked
  twice (two aliases) reaches Meta once and both fields get the same answer — a second POST
  would only earn a spurious "already shared".
  */
  share: DataLoader<ShareRequest, Result<ShareSuccessBody>, string>;
}

/**
Built per request (in the context function) for one caller token and one deadline: DataLoader
caches for the life of the loader, so sharing one across requests or callers would leak results
between them.
*/
export function createLoaders(source: PreverifiedSharingSource, call: UpstreamCall): Loaders {
  return {
    share: new DataLoader(
      (requests) => Promise.all(requests.map((request) => source.share(request, call))),
      {
        cacheKeyFn: (request) =>
          `${request.businessId}/${request.preverifiedId}/${request.partnerBusinessId}`,
      },
    ),
  };
}
