import { classifyReadResponse, type MetaResponse } from "./classify.js";
import type { Result } from "./failure.js";

/** Meta's limit on items per batch request. */
export const MAX_BATCH_ITEMS = 50;

/** One item of Meta's batch answer: `{code, headers, body}`, or `null` when it timed out. */
export interface BatchItemAnswer {
  code: number;
  headers: Headers;
  body: string;
}

/**
A batch call's answer: a 2xx JSON array of exactly `expected` items (each `{code, headers, body}`,
or `null` for an item Meta did not finish); anything else is classified like any failure.
*/
export function classifyBatchResponse(
  response: MetaResponse,
  expected: number,
): Result<(BatchItemAnswer | null)[]> {
  if (response.status >= 200 && response.status < 300) {
    const items = parseItems(response.bodyText, expected);
    if (items !== undefined) {
      return { ok: true, value: items };
    }
  }
  const failure = classifyReadResponse(response);
  return failure.ok
    ? {
        ok: false,
        failure: {
          kind: "upstream",
          reason: "unexpected_response",
          retryable: false,
          message: "Meta's batch answer was not a list of items.",
        },
      }
    : failure;
}

function parseItems(bodyText: string, expected: number): (BatchItemAnswer | null)[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== expected) {
    return undefined;
  }
  return value.map((item: unknown) => {
    if (item === null || typeof item !== "object") {
      return null;
    }
    const record = item as Record<string, unknown>;
    const headers = new Headers();
    if (Array.isArray(record["headers"])) {
      for (const header of record["headers"] as unknown[]) {
        const pair = header as { name?: unknown; value?: unknown } | null;
        if (typeof pair?.name === "string" && typeof pair.value === "string") {
          headers.append(pair.name, pair.value);
        }
      }
    }
    return {
      code: typeof record["code"] === "number" ? record["code"] : 0,
      headers,
      body: typeof record["body"] === "string" ? record["body"] : "",
    };
  });
}
