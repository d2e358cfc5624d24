// sharePreverifiedNumbers: many shares through Meta's batch API, one result per input, in order,
// each classified like the single mutation.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { loadConfig } from "../../src/config.js";
import { FIXTURES } from "../../src/emulator/index.js";
import {
  SharePreverifiedNumbersDocument,
  type SharePreverifiedNumberInput,
} from "../__generated__/graphql.js";
import { bearer } from "../helpers/graphql.js";
import { startStack, type Stack } from "../helpers/stack.js";

const { tokens, numbers, businesses, scenarios } = FIXTURES;
const AUTH = bearer(tokens.acme);

type Item = Record<string, unknown>;

const share = (
  preverifiedId: string,
  partnerBusinessId: string = businesses.partnerOne,
): SharePreverifiedNumberInput => ({
  businessId: businesses.acme,
  preverifiedId,
  partnerBusinessId,
});

function batchCalls(stack: Stack): number {
  return stack.emulator.requests.filter(
    (request) => request.method === "POST" && /^\/(v\d+\.\d+\/)?$/.test(request.path),
  ).length;
}

async function bulk(stack: Stack, input: SharePreverifiedNumberInput[]) {
  const before = batchCalls(stack);
  const upstreamBefore = stack.emulator.requests.length;
  const response = await stack.execute(
    SharePreverifiedNumbersDocument,
    { input },
    { headers: AUTH },
  );
  assert.equal(response.body.errors, undefined, response.text.slice(0, 500));
  const items: Item[] = response.body.data?.sharePreverifiedNumbers ?? [];
  return {
    items,
    batches: batchCalls(stack) - before,
    upstream: stack.emulator.requests.length - upstreamBefore,
  };
}

describe("sharePreverifiedNumbers", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      limits: { ...loadConfig({}).limits, maxBulkShares: 150 },
    });
  });
  beforeEach(() => {
    stack.resetEmulator();
  });
  after(async () => {
    await stack.close();
  });

  it("answers mixed outcomes of one batch call in input order", async () => {
    const result = await bulk(stack, [
      share(numbers.verified),
      share(numbers.globexNoRights),
      share(numbers.unknown),
      share(numbers.sharedWithPartnerOne),
      share(scenarios.internalServerError),
      share("12ab"),
    ]);
    assert.equal(result.batches, 1);
    assert.deepEqual(
      result.items.map((item) => item["__typename"]),
      [
        "SharePreverifiedNumberSuccess",
        "PermissionDeniedError",
        "NotFoundError",
        "SharingRejectedError",
        "UpstreamError",
        "InvalidInputError",
      ],
    );
    assert.deepEqual(result.items[0]?.["preverifiedNumber"], { id: numbers.verified });
    assert.equal(result.items[1]?.["metaCode"], 200);
    assert.equal(result.items[2]?.["metaCode"], 803);
    assert.equal(result.items[3]?.["rejectionReason"], "ALREADY_SHARED");
    assert.equal(result.items[4]?.["upstreamReason"], "SERVER_ERROR");
    assert.equal(result.items[4]["retryable"], true);
    assert.equal(result.items[5]?.["field"], "preverifiedId");
    assert.deepEqual(stack.emulator.store.sharedWith(numbers.verified), [businesses.partnerOne]);
  });

  it("sends 120 shares in 3 batch calls (50 + 50 + 20), all answered in order", async () => {
    const inputs = FIXTURES.numbers.bulk
      .slice(0, 120)
      .map((id) => share(id, businesses.partnerOne));
    assert.equal(inputs.length, 120);
    const result = await bulk(stack, inputs);
    assert.equal(result.batches, 3);
    assert.ok(result.items.every((item) => item["__typename"] === "SharePreverifiedNumberSuccess"));
    assert.deepEqual(
      result.items.map((item) => (item["partnerBusiness"] as { id: string }).id),
      inputs.map(() => businesses.partnerOne),
    );
    console.log(`# bulk: 120 shares → ${result.batches} batch calls`);
  });

  it("sends an identical share once and gives both entries its answer", async () => {
    const result = await bulk(stack, [
      share(numbers.globexShareable),
      share(numbers.globexShareable),
    ]);
    assert.deepEqual(
      result.items.map((item) => item["__typename"]),
      ["SharePreverifiedNumberSuccess", "SharePreverifiedNumberSuccess"],
    );
  });

  it("re-sends an item Meta left unanswered (null) once, then reports a retryable TIMEOUT", async () => {
    const result = await bulk(stack, [share(scenarios.noResponse), share(numbers.unknown)]);
    assert.equal(result.batches, 2, "the batch, then a follow-up batch with the null item");
    assert.equal(result.items[0]?.["__typename"], "UpstreamError");
    assert.equal(result.items[0]["upstreamReason"], "TIMEOUT");
    assert.equal(result.items[0]["retryable"], true);
    assert.equal(result.items[1]?.["__typename"], "NotFoundError");
  });

  it("refuses more than MAX_BULK_SHARES inputs with InvalidInputError, calling nobody", async () => {
    const inputs = Array.from({ length: 151 }, () => share(numbers.verified));
    const result = await bulk(stack, inputs);
    assert.equal(result.upstream, 0);
    assert.equal(result.items.length, 151);
    assert.ok(result.items.every((item) => item["__typename"] === "InvalidInputError"));
    assert.equal(result.items[0]?.["field"], "input");
  });

  it("answers an empty list with an empty list and no call", async () => {
    const result = await bulk(stack, []);
    assert.deepEqual(result.items, []);
    assert.equal(result.upstream, 0);
  });
});
