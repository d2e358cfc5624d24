import { classifyReadResponse, classifyShareResponse } from "./classify.js";
import type { Failure, Result } from "./failure.js";
import type { GraphApiHttp } from "./client.js";
import { graphRequest } from "./http-attempt.js";
import type { ShareRequest } from "./share.source.js";
import type { UpstreamCall, UpstreamGuard } from "./upstream-guard.js";
import type { GraphApiVersion, ShareSuccessBody } from "./wire.js";

/** Meta's limit on items per batch request. */
export const MAX_BATCH_ITEMS = 50;

/** One item of Meta's batch answer: `{code, headers, body}`, or `null` when it timed out. */
interface BatchItemAnswer {
  code: number;
  headers: Headers;
  body: string;
}

/**
Many shares through the Graph batch API (`POST /{version}/` with `batch=[…]`), at most 50 per
call, each item classified exactly like a single share. An item Meta answers `null` timed out:
it is sent once more in a follow-up batch while the deadline allows, and "already shared" on a
second try means the first one happened. A batch call that failed and was retried likewise
counts "already shared" as success.

Meta's throttling of a business applies item by item, as for a single share: an item for a
business Meta throttles is answered `RateLimitedError` from memory and left out of the batch (a
batch of only such items is not sent), and each item's own answer (its headers come back with
`include_headers=true`) records the businesses it says Meta throttles.
*/
export class GraphApiBatchSharingSource {
  constructor(
    private readonly http: GraphApiHttp,
    private readonly version: GraphApiVersion,
    private readonly guard: UpstreamGuard,
  ) {}

  async shareMany(
    requests: readonly ShareRequest[],
    call: UpstreamCall,
  ): Promise<Result<ShareSuccessBody>[]> {
    return this.withThrottles(requests, async (toSend) => {
      const chunks: ShareRequest[][] = [];
      for (let start = 0; start < toSend.length; start += MAX_BATCH_ITEMS) {
        chunks.push(toSend.slice(start, start + MAX_BATCH_ITEMS));
      }
      const results = await Promise.all(chunks.map((chunk) => this.shareChunk(chunk, call, false)));
      return results.flat();
    });
  }

  /**
  Answers the requests for throttled businesses from memory and hands the others to `send`
  (not called when there are none), then puts the answers back in request order.
  */
  private async withThrottles(
    requests: readonly ShareRequest[],
    send: (toSend: ShareRequest[]) => Promise<Result<ShareSuccessBody>[]>,
  ): Promise<Result<ShareSuccessBody>[]> {
    const local = requests.map((request) =>
      this.guard.throttledLocally(request.businessId, "batch"),
    );
    const toSend = requests.filter((_request, index) => local[index] === undefined);
    const sent = toSend.length === 0 ? [] : await send(toSend);
    let next = 0;
    return local.map((throttled): Result<ShareSuccessBody> => {
      if (throttled !== undefined) {
        return { ok: false, failure: throttled };
      }
      next += 1;
      return sent[next - 1] ?? { ok: false, failure: unexpected("Meta's batch lost this item.") };
    });
  }

  private async shareChunk(
    requests: readonly ShareRequest[],
    call: UpstreamCall,
    secondTry: boolean,
  ): Promise<Result<ShareSuccessBody>[]> {
    let attempts = 0;
    const answer = await this.guard.run(call, { endpoint: "batch" }, (timeoutMs, traceHeaders) => {
      attempts += 1;
      return this.post(requests, call, timeoutMs, traceHeaders);
    });
    if (!answer.ok) {
      return requests.map(() => answer);
    }
    const mayHaveActed = secondTry || attempts > 1;
    const results = requests.map((request, index) => {
      const result = itemResult(answer.value[index], request, mayHaveActed);
      if (!result.ok) {
        this.guard.recordThrottles(result.failure);
      }
      return result;
    });
    // Items carry Meta's verdict on the token too (a batch answers 200 with an error per item).
    const verdict = results.find((result) => result.ok) ?? results[0];
    if (verdict !== undefined) {
      this.guard.reportServiceToken(verdict);
    }
    const timedOut = requests.filter((_request, index) => answer.value[index] === null);
    if (timedOut.length === 0 || secondTry || call.deadline.remainingMs() <= 0) {
      return results;
    }
    // A business another item's answer just throttled is not sent again.
    const retried = await this.withThrottles(timedOut, (toSend) =>
      this.shareChunk(toSend, call, true),
    );
    let next = 0;
    return results.map((result, index) => {
      if (answer.value[index] !== null) {
        return result;
      }
      next += 1;
      return retried[next - 1] ?? result;
    });
  }

  private async post(
    requests: readonly ShareRequest[],
    call: UpstreamCall,
    timeoutMs: number,
    traceHeaders: Readonly<Record<string, string>> | undefined,
  ): Promise<Result<(BatchItemAnswer | null)[]>> {
    const batch = requests.map((request) => ({
      method: "POST",
      relative_url: `${this.version}/${request.businessId}/share_preverified_numbers`,
      body: new URLSearchParams({
        preverified_id: request.preverifiedId,
        partner_business_id: request.partnerBusinessId,
      }).toString(),
    }));
    const read = await graphRequest(
      this.http,
      `${this.version}/`,
      {
        method: "post",
        // Meta requires the top-level access_token even when the header carries it.
        form: new URLSearchParams({
          batch: JSON.stringify(batch),
          access_token: call.token,
          include_headers: "true",
        }),
        timeout: timeoutMs,
        token: call.token,
        headers: { ...call.headers, ...traceHeaders },
      },
      (response) => {
        // A batch answers a JSON array; anything else is classified like any failure.
        if (response.status >= 200 && response.status < 300) {
          const items = parseItems(response.bodyText, requests.length);
          if (items !== undefined) {
            return { ok: true, value: items };
          }
        }
        const failure = classifyReadResponse(response);
        return failure.ok
          ? { ok: false, failure: unexpected("Meta's batch answer was not a list of items.") }
          : failure;
      },
    );
    return read;
  }
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

function itemResult(
  item: BatchItemAnswer | null | undefined,
  request: ShareRequest,
  mayHaveActed: boolean,
): Result<ShareSuccessBody> {
  if (item === null || item === undefined) {
    return {
      ok: false,
      failure: {
        kind: "upstream",
        reason: "timeout",
        retryable: true,
        message: "Meta did not finish this item of the batch in time.",
      },
    };
  }
  const result = classifyShareResponse({
    status: item.code,
    headers: item.headers,
    bodyText: item.body,
    businessId: request.businessId,
  });
  if (
    !result.ok &&
    mayHaveActed &&
    result.failure.kind === "sharing_rejected" &&
    result.failure.reason === "already_shared"
  ) {
    return { ok: true, value: { success: true } };
  }
  return result;
}

function unexpected(message: string): Failure {
  return { kind: "upstream", reason: "unexpected_response", retryable: false, message };
}
