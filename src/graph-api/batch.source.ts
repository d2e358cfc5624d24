import { type BatchItemAnswer, MAX_BATCH_ITEMS } from "./batch-answer.js";
import { classifyShareResponse } from "./classify.js";
import { BATCH, type BatchItem, SHARE } from "./endpoints.js";
import type { Failure, Result } from "./failure.js";
import type { GraphApiClient } from "./graph-api-client.js";
import type { ShareRequest } from "./share.source.js";
import type { UpstreamCall } from "./upstream-guard.js";
import type { ShareSuccessBody } from "./wire.js";

export { MAX_BATCH_ITEMS };

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
  constructor(private readonly client: GraphApiClient) {}

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
      this.client.guard.throttledLocally(request.businessId, "batch"),
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
    const items = requests.map((request): BatchItem => ({
      method: "POST",
      relative_url: `${this.client.version}/${SHARE.path(request)}`,
      body: new URLSearchParams({
        preverified_id: request.preverifiedId,
        partner_business_id: request.partnerBusinessId,
      }).toString(),
    }));
    const answer = await this.client.call(BATCH, { items }, call, () => {
      attempts += 1;
    });
    if (!answer.ok) {
      return requests.map(() => answer);
    }
    const mayHaveActed = secondTry || attempts > 1;
    const results = requests.map((request, index) => {
      const result = itemResult(answer.value[index], request, mayHaveActed);
      if (!result.ok) {
        this.client.guard.recordThrottles(result.failure);
      }
      return result;
    });
    // Items carry Meta's verdict on the token too (a batch answers 200 with an error per item).
    const verdict = results.find((result) => result.ok) ?? results[0];
    if (verdict !== undefined) {
      this.client.guard.reportServiceToken(verdict);
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
