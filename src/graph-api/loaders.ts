import DataLoader from "dataloader";
import type { ReadResult, Result } from "./failure.js";
import {
  type PreverifiedSharingSource,
  type ShareRequest,
  shareKey,
  type UpstreamCall,
} from "./share.source.js";
import type { PreverifiedNumbersSource } from "./numbers.source.js";
import type { PreverifiedNumberNode, ShareSuccessBody } from "./wire.js";

export interface Loaders {
  /**
  Shares keyed by (business, number, partner). Within one GraphQL request the same share asked
  twice (two aliases) reaches Meta once and both fields get the same answer — a second POST
  would only earn a spurious "already shared".
  */
  share: DataLoader<ShareRequest, Result<ShareSuccessBody>, string>;
  /**
  Pre-verified numbers by ID: every `_entities` representation and field read in one request
  becomes one multi-ID read per chunk (the source chunks), each ID read once.
  */
  numberById: DataLoader<string, ReadResult<PreverifiedNumberNode>>;
}

/** The data sources a request's loaders read from. */
export interface Sources {
  sharing: PreverifiedSharingSource;
  numbers: PreverifiedNumbersSource;
}

/**
Built per request (in the context function) for one caller token and one deadline: DataLoader
caches for the life of the loader, so sharing one across requests or callers would leak results
between them.
*/
export function createLoaders(sources: Sources, call: UpstreamCall): Loaders {
  return {
    share: new DataLoader(
      (requests) => Promise.all(requests.map((request) => sources.sharing.share(request, call))),
      {
        cacheKeyFn: shareKey,
      },
    ),
    numberById: new DataLoader((ids) => sources.numbers.getNumbers(ids, call)),
  };
}
