import type { ReadResult } from "./failure.js";
import { LIST_NUMBERS, type ListNumbersParams } from "./endpoints.js";
import type { GraphApiClient } from "./graph-api-client.js";
import { nodeFrom } from "./numbers.source.js";
import type { UpstreamCall } from "./upstream-guard.js";
import type { PreverifiedNumberNode } from "./wire.js";

/** One page of a business's numbers: the list endpoint's parameters (`endpoints.ts`). */
export type ListNumbersRequest = ListNumbersParams;

/** One page of a business's pre-verified numbers, with Meta's page-level cursors. */
export type NumbersPage = EdgePage<PreverifiedNumberNode>;

/** `GET /{version}/{business-id}/preverified_numbers`, one page, through the upstream guard. */
export class GraphApiNumberListSource {
  constructor(private readonly client: GraphApiClient) {}

  async listNumbers(
    request: ListNumbersRequest,
    call: UpstreamCall,
  ): Promise<ReadResult<NumbersPage>> {
    const read = await this.client.call(LIST_NUMBERS, request, call);
    return read.ok ? { ok: true, value: pageFrom(read.value) } : read;
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
