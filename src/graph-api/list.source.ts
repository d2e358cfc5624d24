import { asReadResult, classifyReadResponse } from "./classify.js";
import type { ReadResult } from "./failure.js";
import type { GraphApiHttp } from "./client.js";
import { graphRequest } from "./http-attempt.js";
import { nodeFrom } from "./numbers.source.js";
import type { UpstreamCall, UpstreamGuard } from "./upstream-guard.js";
import {
  type CodeVerificationStatus,
  type GraphApiVersion,
  PREVERIFIED_NUMBER_FIELDS,
  type PreverifiedNumberNode,
} from "./wire.js";

export interface ListNumbersRequest {
  businessId: string;
  /** Page size, 1–100. */
  first: number;
  /** Meta's `after` cursor, passed through as it is. */
  after?: string;
  verificationStatus?: CodeVerificationStatus;
  phoneNumber?: string;
}

/** One page of a business's pre-verified numbers, with Meta's page-level cursors. */
export type NumbersPage = EdgePage<PreverifiedNumberNode>;

/** `GET /{version}/{business-id}/preverified_numbers`, one page, through the upstream guard. */
export class GraphApiNumberListSource {
  constructor(
    private readonly http: GraphApiHttp,
    private readonly version: GraphApiVersion,
    private readonly guard: UpstreamGuard,
  ) {}

  async listNumbers(
    request: ListNumbersRequest,
    call: UpstreamCall,
  ): Promise<ReadResult<NumbersPage>> {
    const searchParams: Record<string, string> = {
      fields: PREVERIFIED_NUMBER_FIELDS,
      limit: String(request.first),
    };
    if (request.after !== undefined) {
      searchParams["after"] = request.after;
    }
    if (request.verificationStatus !== undefined) {
      searchParams["code_verification_status"] = request.verificationStatus;
    }
    if (request.phoneNumber !== undefined) {
      searchParams["phone_number"] = request.phoneNumber;
    }
    const read = await this.guard.run(
      call,
      { endpoint: "list_preverified_numbers", businessId: request.businessId },
      (timeoutMs, traceHeaders) =>
        graphRequest(
          this.http,
          `${this.version}/${request.businessId}/preverified_numbers`,
          {
            method: "get",
            searchParams,
            timeout: timeoutMs,
            token: call.token,
            businessId: request.businessId,
            headers: { ...call.headers, ...traceHeaders },
          },
          classifyReadResponse,
        ),
    );
    return read.ok ? { ok: true, value: pageFrom(read.value) } : asReadResult(read);
  }
}

/** One page of an edge, with Meta's page-level cursors. */
export interface EdgePage<T> {
  nodes: T[];
  startCursor?: string;
  endCursor?: string;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** Reads a page without trusting its shape: entries that are not nodes are dropped. */
function pageFrom(body: Record<string, unknown>): NumbersPage {
  return edgePageFrom(body, (entry, id) => nodeFrom(entry, id));
}

/** Reads one page of an edge (`{data, paging}`) without trusting its shape. */
export function edgePageFrom<T>(
  body: Record<string, unknown>,
  read: (entry: Record<string, unknown>, id: string) => ReadResult<T>,
): EdgePage<T> {
  const data = Array.isArray(body["data"]) ? (body["data"] as unknown[]) : [];
  const nodes: T[] = [];
  for (const entry of data) {
    if (typeof entry !== "object" || entry === null) {
      continue;
    }
    const record = entry as Record<string, unknown>;
    const id = record["id"];
    if (typeof id === "string") {
      const node = read(record, id);
      if (node.ok) {
        nodes.push(node.value);
      }
    }
  }
  const paging =
    typeof body["paging"] === "object" && body["paging"] !== null
      ? (body["paging"] as Record<string, unknown>)
      : {};
  const cursors =
    typeof paging["cursors"] === "object" && paging["cursors"] !== null
      ? (paging["cursors"] as Record<string, unknown>)
      : {};
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  const page: EdgePage<T> = {
    nodes,
    hasNextPage: text(paging["next"]) !== undefined,
    hasPreviousPage: text(paging["previous"]) !== undefined,
  };
  const startCursor = text(cursors["before"]);
  const endCursor = text(cursors["after"]);
  if (startCursor !== undefined) {
    page.startCursor = startCursor;
  }
  if (endCursor !== undefined) {
    page.endCursor = endCursor;
  }
  return page;
}
