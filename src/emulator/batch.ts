/**
Meta's batch endpoint: `POST /` or `POST /{version}/` with `batch=[{method, relative_url, body}, …]`
(form or JSON body, or the query string) and a top-level token. This module parses the `batch`
parameter and defines the answer's shapes; the batch edge (`edges/batch.ts`) runs every item
through the same route table as a standalone request and answers `[{code, headers, body}, …]`
(or `null` per unfinished item).

Not emulated: dependencies between items (`name`, `depends_on`, `{result=…}`), `attached_files`,
`omit_response_on_success`, JSONP. Items run one after another, in request order.
*/
import { metaErrors, type MetaErrorReply } from "./errors.js";

/** Meta's maximum number of requests in one batch. */
export const MAX_BATCH_SIZE = 50;

/** The `Content-Type` Meta reports for an item's JSON body. */
export const BATCH_ITEM_CONTENT_TYPE = "text/javascript; charset=UTF-8";

/** Item field naming a fault spec for that item (the emulator's own; like `x-emulator-fault`). */
export const BATCH_ITEM_FAULT_FIELD = "emulator_fault";

/** One request of a batch, validated. */
export interface BatchItem {
  /** Upper case; `GET` when the item names none. */
  method: string;
  /** As sent: with or without a leading `/` and a version, possibly with a query string. */
  relativeUrl: string;
  /** The URL-encoded body (`""` when absent). */
  body: string;
  /** The item's `emulator_fault` spec, if any. */
  fault: string | undefined;
}

export interface BatchItemHeader {
  name: string;
  value: string;
}

/** One item's answer. `headers` is left out when the batch asked `include_headers=false`. */
export interface BatchItemResponse {
  code: number;
  headers?: BatchItemHeader[];
  /** The item's body as text: JSON, Facebook's HTML error page, or `""`. */
  body: string;
}

/** The batch's HTTP 200 body: one entry per item, in request order; `null` = not completed. */
export type BatchResponseBody = (BatchItemResponse | null)[];

export type BatchParse = { ok: true; items: BatchItem[] } | { ok: false; error: MetaErrorReply };

/** Parses `batch`: a JSON text (form or query parameter) or an already parsed JSON-body array. */
export function parseBatch(raw: unknown): BatchParse {
  const invalid = (reason: string): BatchParse => ({
    ok: false,
    error: metaErrors.invalidBatch(reason),
  });
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      return invalid("not valid JSON");
    }
  }
  if (!Array.isArray(value)) {
    return invalid("must be a JSON array of requests");
  }
  if (value.length === 0) {
    return invalid("the batch is empty");
  }
  if (value.length > MAX_BATCH_SIZE) {
    return { ok: false, error: metaErrors.tooManyBatchRequests(MAX_BATCH_SIZE) };
  }
  const items: BatchItem[] = [];
  for (const [index, entry] of (value as unknown[]).entries()) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      return invalid(`request ${index} is not an object`);
    }
    const fields = entry as Record<string, unknown>;
    const { method = "GET", relative_url: relativeUrl, body = "" } = fields;
    const fault = fields[BATCH_ITEM_FAULT_FIELD];
    if (typeof method !== "string" || method.trim() === "") {
      return invalid(`request ${index} has an invalid method`);
    }
    if (typeof relativeUrl !== "string") {
      return invalid(`request ${index} has no relative_url`);
    }
    if (typeof body !== "string") {
      return invalid(`request ${index} has a body that is not a URL-encoded string`);
    }
    if (fault !== undefined && typeof fault !== "string") {
      return invalid(`request ${index} has an ${BATCH_ITEM_FAULT_FIELD} that is not a string`);
    }
    items.push({ method: method.trim().toUpperCase(), relativeUrl, body, fault });
  }
  return { ok: true, items };
}

/** Where an item goes: its `relative_url` under `/{version}/` unless it names a version itself. */
export interface BatchItemTarget {
  pathname: string;
  query: URLSearchParams;
  /** `pathname` plus `?query` as sent. */
  url: string;
}

export function batchItemTarget(relativeUrl: string, version: string): BatchItemTarget {
  const trimmed = relativeUrl.trim().replace(/^\/+/, "");
  const queryStart = trimmed.indexOf("?");
  const path = queryStart === -1 ? trimmed : trimmed.slice(0, queryStart);
  const queryText = queryStart === -1 ? "" : trimmed.slice(queryStart + 1);
  const first = path.split("/")[0] ?? "";
  const pathname = /^v[0-9]+\.[0-9]+$/.test(first) ? `/${path}` : `/${version}/${path}`;
  return {
    pathname,
    query: new URLSearchParams(queryText),
    url: queryStart === -1 ? pathname : `${pathname}?${queryText}`,
  };
}
