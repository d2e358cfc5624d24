import type { NotFoundFailure, ReadResult } from "./failure.js";
import type { GraphApiClient } from "./graph-api-client.js";
import { multiIdRead, readInChunks } from "./multi-id-read.js";
import type { UpstreamCall } from "./upstream-guard.js";
import {
  CODE_VERIFICATION_STATUSES,
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
IDs (each ID counts as one call against Meta's limits anyway; one HTTP request per chunk). A bad ID
is isolated as `readInChunks` describes: it gets `NotFoundError`, the others their node.
*/
export class GraphApiNumbersSource implements PreverifiedNumbersSource {
  constructor(
    private readonly client: GraphApiClient,
    private readonly maxIdsPerRead: number,
  ) {}

  getNumbers(
    ids: readonly string[],
    call: UpstreamCall,
  ): Promise<ReadResult<PreverifiedNumberNode>[]> {
    return readInChunks(ids, {
      maxIdsPerRead: this.maxIdsPerRead,
      read: (chunk) => multiIdRead(this.client, call, chunk, PREVERIFIED_NUMBER_FIELDS),
      pick: nodeFrom,
    });
  }
}

/** Reads one node from Meta's answer without trusting its shape. */
export function nodeFrom(value: unknown, id: string): ReadResult<PreverifiedNumberNode> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return noEntry(id);
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

/** Meta's answer to a multi-ID read left this ID out. */
export function noEntry(id: string): { ok: false; failure: NotFoundFailure } {
  return {
    ok: false,
    failure: {
      kind: "not_found",
      retryable: false,
      message: `Meta's answer had no entry for pre-verified phone number ${id}.`,
    },
  };
}
