/**
Pages of an edge: `limit` and the `after`/`before` cursors (opaque base64url of an item's ID),
which slice of a list they ask for, and the `paging` object (`cursors`, `previous`, `next`) Meta
answers with.
*/
import { META_ID_PATTERN } from "../graph-api/wire.js";
import { metaErrors } from "./errors.js";
import {
  DEFAULT_PAGE_LIMIT,
  MAX_PAGE_LIMIT,
  fail,
  nonBlank,
  ok,
  type EdgePage,
  type ReadRequest,
  type Result,
} from "./reads.js";

export interface PageParams {
  limit: number;
  /** The key (an ID) the `after` cursor names. */
  after?: string;
  /** The key (an ID) the `before` cursor names. */
  before?: string;
}

/** `limit` (1…`MAX_PAGE_LIMIT`) and at most one of `after`/`before`, decoded and `known`. */
export function pageParams(
  query: URLSearchParams,
  known: (key: string) => boolean,
): Result<PageParams> {
  const rawLimit = nonBlank(query.get("limit"));
  const limit = rawLimit === undefined ? DEFAULT_PAGE_LIMIT : Number(rawLimit);
  if (
    rawLimit !== undefined &&
    (!/^[0-9]+$/.test(rawLimit) || limit < 1 || limit > MAX_PAGE_LIMIT)
  ) {
    return fail(metaErrors.invalidLimit(MAX_PAGE_LIMIT));
  }
  const after = nonBlank(query.get("after"));
  const before = nonBlank(query.get("before"));
  if (after !== undefined && before !== undefined) {
    return fail(metaErrors.conflictingCursors());
  }
  const cursor = after ?? before;
  if (cursor === undefined) {
    return ok({ limit });
  }
  const key = decodeCursor(cursor);
  if (key === undefined || !known(key)) {
    return fail(metaErrors.invalidCursor());
  }
  return ok(after === undefined ? { limit, before: key } : { limit, after: key });
}

/** Cursors are base64url (no padding) of the item's ID: opaque, and safe unescaped in a URL. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) {
    return undefined;
  }
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  return META_ID_PATTERN.test(key) && encodeCursor(key) === cursor ? key : undefined;
}

export interface Page<T> {
  items: T[];
  hasBefore: boolean;
  hasAfter: boolean;
}

/**
The page of `items` (in list order) the parameters ask for. `compareToCursor` places an item
before (< 0), at (0) or after (> 0) a cursor's key, so a cursor stays valid when its item has
since left the list.
*/
export function paginate<T>(
  items: readonly T[],
  params: PageParams,
  compareToCursor: (item: T, key: string) => number,
): Page<T> {
  const { limit, after, before } = params;
  if (after !== undefined) {
    const start = items.filter((item) => compareToCursor(item, after) <= 0).length;
    const end = Math.min(items.length, start + limit);
    return { items: items.slice(start, end), hasBefore: start > 0, hasAfter: end < items.length };
  }
  if (before !== undefined) {
    const end = items.filter((item) => compareToCursor(item, before) < 0).length;
    const start = Math.max(0, end - limit);
    return { items: items.slice(start, end), hasBefore: start > 0, hasAfter: end < items.length };
  }
  const end = Math.min(items.length, limit);
  return { items: items.slice(0, end), hasBefore: false, hasAfter: end < items.length };
}

export function edgePage<T, D>(
  request: ReadRequest,
  params: PageParams,
  page: Page<T>,
  data: D[],
  keyOf: (item: T) => string,
): EdgePage<D> {
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  if (first === undefined || last === undefined) {
    return { data: [] };
  }
  const before = encodeCursor(keyOf(first));
  const after = encodeCursor(keyOf(last));
  return {
    data,
    paging: {
      cursors: { before, after },
      ...(page.hasBefore ? { previous: pageLink(request, params, "before", before) } : {}),
      ...(page.hasAfter ? { next: pageLink(request, params, "after", after) } : {}),
    },
  };
}

/** The request's own URL and query (`access_token` included, as Meta does) with the new cursor. */
function pageLink(
  request: ReadRequest,
  params: PageParams,
  direction: "after" | "before",
  cursor: string,
): string {
  const query = new URLSearchParams(request.query);
  query.delete("after");
  query.delete("before");
  query.set("limit", String(params.limit));
  query.set(direction, cursor);
  return `${request.pageUrl}?${query.toString()}`;
}
