import DataLoader from "dataloader";
import type { ReadResult, Result } from "./failure.js";
import type { ListNumbersRequest, NumbersPage } from "./list.source.js";
import type { PreverifiedNumbersSource } from "./numbers.source.js";
import {
  type PartnersPage,
  type PartnersPageRequest,
  partnersPageKey,
  type PartnersSource,
} from "./partners.source.js";
import {
  type PreverifiedSharingSource,
  type ShareRequest,
  shareKey,
  type UpstreamCall,
} from "./share.source.js";
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
  /**
  Pages of a business's numbers keyed by the whole list request (business, page size, cursor,
  filter): the same page asked under several aliases is one Meta call.
  */
  numbersPage: DataLoader<ListNumbersRequest, ReadResult<NumbersPage>, string>;
  /**
  Pages of a number's partners keyed by (number, page size, cursor): each distinct page is read
  once per request, and the first pages of many numbers come in bulk (see the partners source).
  */
  partnersPage: DataLoader<PartnersPageRequest, ReadResult<PartnersPage>, string>;
}

/** Reads one page of a business's numbers. */
export interface NumberPagesSource {
  listNumbers(request: ListNumbersRequest, call: UpstreamCall): Promise<ReadResult<NumbersPage>>;
}

/** The data sources a request's loaders read from. */
export interface Sources {
  sharing: PreverifiedSharingSource;
  numbers: PreverifiedNumbersSource;
  numberList: NumberPagesSource;
  partners: PartnersSource;
}

/** Identical list requests share a key; an absent option and `undefined` are the same. */
export function numbersPageKey(request: ListNumbersRequest): string {
  return JSON.stringify([
    request.businessId,
    request.first,
    request.after ?? null,
    request.verificationStatus ?? null,
    request.phoneNumber ?? null,
  ]);
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
    numbersPage: new DataLoader(
      (requests) =>
        Promise.all(requests.map((request) => sources.numberList.listNumbers(request, call))),
      { cacheKeyFn: numbersPageKey },
    ),
    partnersPage: new DataLoader((requests) => sources.partners.getPages(requests, call), {
      cacheKeyFn: partnersPageKey,
    }),
  };
}
