import { MULTI_ID_READ } from "./endpoints.js";
import type { GraphApiClient } from "./graph-api-client.js";
import type { NotFoundFailure, ReadFailure, ReadResult } from "./failure.js";
import type { UpstreamCall } from "./upstream-guard.js";

/** How one kind of multi-ID read (`GET /{version}/?ids=a,b,…&fields=…`) is made and read. */
export interface MultiIdRead<T> {
  /** At most this many IDs per request; more are read in several requests, side by side. */
  maxIdsPerRead: number;
  /** One request for these IDs (never empty): Meta's answer, keyed by ID. */
  read: (ids: readonly string[]) => Promise<ReadResult<Record<string, unknown>>>;
  /** One ID's entry of a successful answer (`undefined` when Meta left it out). */
  pick: (entry: unknown, id: string) => ReadResult<T>;
  /**
  Failures besides "not found" that one ID can cause for the whole request and that Meta does not
  pin on an ID: the chunk is halved until they are. A single ID then gets the failure as it is.
  */
  isolates?: (failure: ReadFailure) => boolean;
}

/**
Reads `ids` (distinct) with Meta's multi-ID read, in chunks of at most `maxIdsPerRead`: one result
per ID, in order.

Meta fails such a read as a whole when one ID does not exist or is not visible: "(#803) Some of
the aliases you requested do not exist: X". The bad IDs named there get `NotFoundError` and the
rest are read again in one request; when Meta names none, the chunk is split in halves until the
bad ones are isolated (so k bad IDs among n cost about 2k·log2(n/k) requests more, at most 2n − 1
for a chunk of n). The same halving applies to the failures `isolates` accepts. Other failures
(token, throttling, Meta down) apply to the whole chunk.
*/
export async function readInChunks<T>(
  ids: readonly string[],
  multiRead: MultiIdRead<T>,
): Promise<ReadResult<T>[]> {
  const chunks: string[][] = [];
  for (let start = 0; start < ids.length; start += multiRead.maxIdsPerRead) {
    chunks.push(ids.slice(start, start + multiRead.maxIdsPerRead));
  }
  const results = await Promise.all(chunks.map((chunk) => readChunk(chunk, multiRead)));
  return results.flat();
}

async function readChunk<T>(
  ids: readonly string[],
  multiRead: MultiIdRead<T>,
): Promise<ReadResult<T>[]> {
  if (ids.length === 0) {
    return [];
  }
  const read = await multiRead.read(ids);
  if (read.ok) {
    return ids.map((id) => multiRead.pick(read.value[id], id));
  }
  const failure = read.failure;
  const missing = failure.kind === "not_found" || failure.kind === "invalid_input";
  if (!missing && multiRead.isolates?.(failure) !== true) {
    return ids.map(() => read);
  }
  if (ids.length === 1) {
    return [missing ? { ok: false, failure: notFound(ids[0] ?? "", failure) } : read];
  }
  const named = missing
    ? new Set(namedMissingIds(failure.message).filter((id) => ids.includes(id)))
    : new Set<string>();
  if (named.size > 0) {
    const rest = ids.filter((id) => !named.has(id));
    const restResults = await readChunk(rest, multiRead);
    const byId = new Map(rest.map((id, index) => [id, restResults[index]]));
    return ids.map((id) => byId.get(id) ?? { ok: false, failure: notFound(id, failure) });
  }
  const middle = Math.ceil(ids.length / 2);
  const halves = await Promise.all([
    readChunk(ids.slice(0, middle), multiRead),
    readChunk(ids.slice(middle), multiRead),
  ]);
  return halves.flat();
}

/** One multi-ID read of `ids` with `fields`, through the Graph API client. */
export function multiIdRead(
  client: GraphApiClient,
  call: UpstreamCall,
  ids: readonly string[],
  fields: string,
): Promise<ReadResult<Record<string, unknown>>> {
  return client.call(MULTI_ID_READ, { ids, fields }, call);
}

/** The IDs in "(#803) Some of the aliases you requested do not exist: 1,2". */
function namedMissingIds(message: string): string[] {
  const listed = /do not exist:\s*([0-9,\s]+)/i.exec(message)?.[1];
  return listed === undefined
    ? []
    : listed
        .split(",")
        .map((id) => id.trim())
        .filter((id) => id !== "");
}

function notFound(id: string, cause: ReadFailure): NotFoundFailure {
  return {
    kind: "not_found",
    retryable: false,
    message: `Pre-verified phone number ${id} does not exist or is not visible to this token.`,
    ...(cause.fbtraceId === undefined ? {} : { fbtraceId: cause.fbtraceId }),
    ...(cause.metaCode === undefined ? {} : { metaCode: cause.metaCode }),
    ...(cause.metaSubcode === undefined ? {} : { metaSubcode: cause.metaSubcode }),
    ...(cause.httpStatus === undefined ? {} : { httpStatus: cause.httpStatus }),
  };
}
