import { asReadResult, classifyReadResponse } from "./classify.js";
import type { NotFoundFailure, ReadFailure, ReadResult } from "./failure.js";
import type { GraphApiHttp } from "./client.js";
import { graphRequest } from "./http-attempt.js";
import type { UpstreamCall, UpstreamGuard } from "./upstream-guard.js";
import {
  CODE_VERIFICATION_STATUSES,
  type GraphApiVersion,
  PREVERIFIED_NUMBER_FIELDS,
  type PreverifiedNumberNode,
} from "./wire.js";

/** Reads pre-verified numbers by ID; one result per ID, in order. */
export interface PreverifiedNumbersSource {
  getNumbers(
    ids: readonly string[],
    call: UpstreamCall,
  ): Promise<ReadResult<PreverifiedNumberNode>[]>;
}

/**
Meta's multi-ID read, `GET /{version}/?ids=a,b,…&fields=…`, in chunks of at most `maxIdsPerRead`
IDs (each ID counts as one call against Meta's limits anyway; one HTTP request per chunk).

Meta fails such a read as a whole when one ID does not exist or is not visible: "(#803) Some of
the aliases you requested do not exist: X". The bad IDs named there get `NotFoundError` and the
rest are read again in one request; when Meta names none, the chunk is split in halves until the
bad ones are isolated. Other failures (token, throttling, Meta down) apply to the whole chunk.
*/
export class GraphApiNumbersSource implements PreverifiedNumbersSource {
  constructor(
    private readonly http: GraphApiHttp,
    private readonly version: GraphApiVersion,
    private readonly guard: UpstreamGuard,
    private readonly maxIdsPerRead: number,
  ) {}

  async getNumbers(
    ids: readonly string[],
    call: UpstreamCall,
  ): Promise<ReadResult<PreverifiedNumberNode>[]> {
    const chunks: string[][] = [];
    for (let start = 0; start < ids.length; start += this.maxIdsPerRead) {
      chunks.push(ids.slice(start, start + this.maxIdsPerRead));
    }
    const results = await Promise.all(chunks.map((chunk) => this.readChunk(chunk, call)));
    return results.flat();
  }

  private async readChunk(
    ids: readonly string[],
    call: UpstreamCall,
  ): Promise<ReadResult<PreverifiedNumberNode>[]> {
    const read = await this.multiRead(ids, call);
    if (read.ok) {
      return ids.map((id) => nodeFrom(read.value[id], id));
    }
    const failure = read.failure;
    if (!isolatable(failure) || ids.length === 0) {
      return ids.map(() => read);
    }
    if (ids.length === 1) {
      return [{ ok: false, failure: notFound(ids[0] ?? "", failure) }];
    }
    const named = new Set(namedMissingIds(failure.message).filter((id) => ids.includes(id)));
    if (named.size > 0) {
      const rest = ids.filter((id) => !named.has(id));
      const restResults = rest.length > 0 ? await this.readChunk(rest, call) : [];
      const byId = new Map(rest.map((id, index) => [id, restResults[index]]));
      return ids.map((id) => byId.get(id) ?? { ok: false, failure: notFound(id, failure) });
    }
    const middle = Math.ceil(ids.length / 2);
    const halves = await Promise.all([
      this.readChunk(ids.slice(0, middle), call),
      this.readChunk(ids.slice(middle), call),
    ]);
    return halves.flat();
  }

  /**
  No business is in the path, so no throttled business can be skipped; a throttling answer still
  records the businesses its usage header names.
  */
  private async multiRead(
    ids: readonly string[],
    call: UpstreamCall,
  ): Promise<ReadResult<Record<string, unknown>>> {
    const read = await this.guard.run(
      call,
      { endpoint: "multi_id_read" },
      (timeoutMs, traceHeaders) =>
        graphRequest(
          this.http,
          `${this.version}/`,
          {
            method: "get",
            searchParams: { ids: ids.join(","), fields: PREVERIFIED_NUMBER_FIELDS },
            timeout: timeoutMs,
            token: call.token,
            headers: { ...call.headers, ...traceHeaders },
          },
          classifyReadResponse,
        ),
    );
    return asReadResult(read);
  }
}

/** A failure that may be one bad ID spoiling a multi-ID read. */
function isolatable(failure: ReadFailure): boolean {
  return failure.kind === "not_found" || failure.kind === "invalid_input";
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

/** Reads one node from Meta's answer without trusting its shape. */
export function nodeFrom(value: unknown, id: string): ReadResult<PreverifiedNumberNode> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      ok: false,
      failure: {
        kind: "not_found",
        retryable: false,
        message: `Meta's answer had no entry for pre-verified phone number ${id}.`,
      },
    };
  }
  const record = value as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === "string" ? record[key] : undefined);
  const status = text("code_verification_status");
  const owner = record["owner_business"];
  const ownerId =
    typeof owner === "object" && owner !== null
      ? (owner as Record<string, unknown>)["id"]
      : undefined;
  const ownerName =
    typeof owner === "object" && owner !== null
      ? (owner as Record<string, unknown>)["name"]
      : undefined;
  const node: PreverifiedNumberNode = { id };
  const phoneNumber = text("phone_number");
  if (phoneNumber !== undefined) {
    node.phone_number = phoneNumber;
  }
  if (status !== undefined && (CODE_VERIFICATION_STATUSES as readonly string[]).includes(status)) {
    node.code_verification_status = status as PreverifiedNumberNode["code_verification_status"];
  }
  const expiry = text("verification_expiry_time");
  if (expiry !== undefined) {
    node.verification_expiry_time = expiry;
  }
  if (typeof ownerId === "string") {
    node.owner_business =
      typeof ownerName === "string" ? { id: ownerId, name: ownerName } : { id: ownerId };
  }
  return { ok: true, value: node };
}
