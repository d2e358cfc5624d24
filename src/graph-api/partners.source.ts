import { LIST_PARTNERS, type PartnersPageParams } from "./endpoints.js";
import type { GraphApiClient } from "./graph-api-client.js";
import type { ReadResult } from "./failure.js";
import { type EdgePage, edgePageFrom } from "./list.source.js";
import { multiIdRead, readInChunks } from "./multi-id-read.js";
import { noEntry } from "./numbers.source.js";
import type { UpstreamCall } from "./upstream-guard.js";

/** A partner business of a number, as `GET /{id}/partners` lists it. */
export interface PartnerNode {
  id: string;
  name?: string;
}

/** One page of the businesses a number is shared with. */
export type PartnersPage = EdgePage<PartnerNode>;

/** One page of a number's partners (`endpoints.ts` declares its parameters). */
export type PartnersPageRequest = PartnersPageParams;

/** Identical requests share a key: (number, page size, cursor). */
export function partnersPageKey(request: PartnersPageRequest): string {
  return `${request.preverifiedId}:${request.first}:${request.after ?? ""}`;
}

/** Reads pages of partners; one result per request, in order. */
export interface PartnersSource {
  getPages(
    requests: readonly PartnersPageRequest[],
    call: UpstreamCall,
  ): Promise<ReadResult<PartnersPage>[]>;
}

/** The fields of a partner this service reads. */
const PARTNER_FIELDS = "id,name";

/**
First pages come in bulk: the numbers asking for the same page size are read together with Meta's
multi-ID read and field expansion, `GET /{version}/?ids=a,b,…&fields=partners.limit(N){id,name}`,
in chunks of `maxIdsPerRead`, each number's bad ID isolated as `readInChunks` does (an unknown
number gets `NotFoundError`; one the caller may read but not manage, `PermissionDeniedError`, as
its own `GET /{id}/partners` would). A later page names its number's cursor, so it is read on the
edge, `GET /{version}/{id}/partners?after=…`, one call per number and page.
*/
export class GraphApiPartnersSource implements PartnersSource {
  constructor(
    private readonly client: GraphApiClient,
    private readonly maxIdsPerRead: number,
  ) {}

  getPages(
    requests: readonly PartnersPageRequest[],
    call: UpstreamCall,
  ): Promise<ReadResult<PartnersPage>[]> {
    const idsByFirst = new Map<number, string[]>();
    for (const request of requests) {
      if (request.after === undefined) {
        const ids = idsByFirst.get(request.first) ?? [];
        ids.push(request.preverifiedId);
        idsByFirst.set(request.first, ids);
      }
    }
    const firstPages = new Map<number, Promise<Map<string, ReadResult<PartnersPage>>>>();
    for (const [first, ids] of idsByFirst) {
      const distinct = [...new Set(ids)];
      firstPages.set(
        first,
        this.firstPages(distinct, first, call).then(
          (pages) => new Map(pages.map((page, index) => [distinct[index] ?? "", page])),
        ),
      );
    }
    return Promise.all(
      requests.map(async (request) =>
        request.after === undefined
          ? ((await firstPages.get(request.first))?.get(request.preverifiedId) ??
            noEntry(request.preverifiedId))
          : this.listPartners({ ...request, after: request.after }, call),
      ),
    );
  }

  /** The first page of each number's partners, `first` at most, in bulk. */
  private firstPages(
    ids: readonly string[],
    first: number,
    call: UpstreamCall,
  ): Promise<ReadResult<PartnersPage>[]> {
    const fields = `partners.limit(${first}){${PARTNER_FIELDS}}`;
    return readInChunks(ids, {
      maxIdsPerRead: this.maxIdsPerRead,
      read: (chunk) => multiIdRead(this.client, call, chunk, fields),
      pick: partnersFrom,
      // A number the caller may read but not manage fails the whole read with (#200), unnamed.
      isolates: (failure) => failure.kind === "permission_denied",
    });
  }

  /** `GET /{version}/{preverified-id}/partners`, one page, through the Graph API client. */
  async listPartners(
    request: PartnersPageRequest,
    call: UpstreamCall,
  ): Promise<ReadResult<PartnersPage>> {
    const read = await this.client.call(
      LIST_PARTNERS,
      { ...request, fields: PARTNER_FIELDS },
      call,
    );
    return read.ok ? { ok: true, value: edgePageFrom(read.value, partnerFrom) } : read;
  }
}

function partnerFrom(entry: Record<string, unknown>, id: string): ReadResult<PartnerNode> {
  const name = entry["name"];
  return { ok: true, value: typeof name === "string" ? { id, name } : { id } };
}

/**
One number's `partners` from a multi-ID read with field expansion, without trusting its shape:
`{"id": …, "partners": {"data": […], "paging": {…}}}`. Meta leaves an empty edge out of an
expanded node, so a node without `partners` has none.
*/
export function partnersFrom(value: unknown, id: string): ReadResult<PartnersPage> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return noEntry(id);
  }
  const edge = (value as Record<string, unknown>)["partners"];
  if (edge === undefined) {
    return { ok: true, value: { nodes: [], hasNextPage: false, hasPreviousPage: false } };
  }
  if (typeof edge !== "object" || edge === null || Array.isArray(edge)) {
    return {
      ok: false,
      failure: {
        kind: "upstream",
        reason: "unexpected_response",
        retryable: false,
        message: `Meta's answer had no readable partners for pre-verified phone number ${id}.`,
      },
    };
  }
  return { ok: true, value: edgePageFrom(edge as Record<string, unknown>, partnerFrom) };
}
