// unsharePreverifiedNumber through HTTP: one case per union member, the emulator's state after
// it, and a retry after an unknown outcome that meets "not shared". Each test starts from the
// emulator's seed (`resetEmulator()`).
import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { EMULATOR_FAULT_HEADER, FIXTURES } from "../../src/emulator/index.js";
import {
  UnsharePreverifiedNumberDocument,
  type UnsharePreverifiedNumberInput,
} from "../__generated__/graphql.js";
import { startStack, type Stack } from "../helpers/stack.js";

const { businesses, tokens, numbers, scenarios } = FIXTURES;
type Loose = Record<string, unknown>;

/** Partner One's access to the seeded shared number. */
const SHARED: UnsharePreverifiedNumberInput = {
  businessId: businesses.acme,
  preverifiedId: numbers.sharedWithPartnerOne,
  partnerBusinessId: businesses.partnerOne,
};

async function unshare(
  stack: Stack,
  input: Partial<UnsharePreverifiedNumberInput>,
  options: { token?: string; authorization?: string; headers?: Record<string, string> } = {
    token: tokens.acme,
  },
): Promise<{ result: Loose; calls: number }> {
  const before = stack.emulator.requests.length;
  const response = await stack.execute(
    UnsharePreverifiedNumberDocument,
    { input: { ...SHARED, ...input } },
    options,
  );
  assert.equal(response.status, 200, response.text);
  assert.equal(response.body.errors, undefined, response.text);
  const result = response.body.data?.unsharePreverifiedNumber as Loose | undefined;
  assert.ok(result, response.text);
  const deletes = stack.emulator.requests
    .slice(before)
    .filter((request) => request.method === "DELETE").length;
  return { result, calls: deletes };
}

describe("unsharePreverifiedNumber", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  beforeEach(() => {
    stack.resetEmulator();
  });
  after(async () => {
    await stack.close();
  });

  it("takes the partner's access away: success, and the number's partners no longer list it", async () => {
    assert.deepEqual(stack.emulator.store.sharedWith(numbers.sharedWithPartnerOne), [
      businesses.partnerOne,
    ]);
    const { result, calls } = await unshare(stack, {});
    assert.deepEqual(result, {
      __typename: "UnsharePreverifiedNumberSuccess",
      preverifiedNumber: { id: numbers.sharedWithPartnerOne, partners: { nodes: [] } },
      business: { id: businesses.acme },
      partnerBusiness: { id: businesses.partnerOne },
    });
    assert.equal(calls, 1);
    assert.deepEqual(stack.emulator.store.sharedWith(numbers.sharedWithPartnerOne), []);
    const sent = stack.emulator.requests.find((request) => request.method === "DELETE");
    assert.equal(sent?.path, `/v25.0/${businesses.acme}/share_preverified_numbers`);
  });

  it("answers NotFoundError for a number not shared with that partner", async () => {
    const { result, calls } = await unshare(stack, { partnerBusinessId: businesses.partnerTwo });
    assert.equal(result["__typename"], "NotFoundError");
    assert.equal(result["message"], "The number is not shared with that partner business.");
    assert.equal(result["metaCode"], 100);
    assert.equal(result["retryable"], false);
    assert.equal(calls, 1);
  });

  it("answers NotFoundError for an unknown number (Meta's 803)", async () => {
    const { result } = await unshare(stack, { preverifiedId: numbers.unknown });
    assert.equal(result["__typename"], "NotFoundError");
    assert.equal(result["metaCode"], 803);
  });

  it("answers PermissionDeniedError for a number the business may not share", async () => {
    const { result } = await unshare(stack, { preverifiedId: numbers.globexNoRights });
    assert.equal(result["__typename"], "PermissionDeniedError");
    assert.equal(result["metaCode"], 200);
    assert.equal(result["metaSubcode"], 1349174);
  });

  it("answers InvalidInputError without calling Meta for a malformed ID or a share with itself", async () => {
    const bad = await unshare(stack, { preverifiedId: "12ab" });
    assert.equal(bad.result["__typename"], "InvalidInputError");
    assert.equal(bad.result["field"], "preverifiedId");
    const self = await unshare(stack, { partnerBusinessId: businesses.acme });
    assert.equal(self.result["field"], "partnerBusinessId");
    assert.equal(bad.calls + self.calls, 0);
  });

  it("answers AuthenticationError without a token (no call) and for an expired one", async () => {
    const none = await unshare(stack, {}, {});
    assert.equal(none.result["__typename"], "AuthenticationError");
    assert.equal(none.calls, 0);
    const expired = await unshare(stack, {}, { token: tokens.expired });
    assert.equal(expired.result["__typename"], "AuthenticationError");
    assert.equal(expired.result["metaCode"], 190);
  });

  it("answers RateLimitedError for Meta's throttle, and UpstreamError for Meta's 500", async () => {
    // Its own stack: the service remembers Meta's throttling of Acme for the regain time.
    const throttled = await startStack();
    try {
      const limited = await unshare(throttled, {
        preverifiedId: scenarios.businessUseCaseRateLimit,
      });
      assert.equal(limited.result["__typename"], "RateLimitedError");
      assert.ok(Number(limited.result["retryAfterSeconds"]) > 0);
      throttled.resetEmulator();
      const failed = await unshare(
        throttled,
        {
          businessId: businesses.globex,
          preverifiedId: scenarios.internalServerError,
        },
        { token: tokens.globex },
      );
      assert.equal(failed.result["__typename"], "UpstreamError");
      assert.equal(failed.result["upstreamReason"], "SERVER_ERROR");
    } finally {
      await throttled.close();
    }
  });
});

describe("unsharePreverifiedNumber after an unknown outcome", () => {
  it('counts a retry that meets "not shared" as done: the first attempt did it', async () => {
    const stack = await startStack({
      forwardedHeaders: [EMULATOR_FAULT_HEADER],
      graphApi: { maxRetries: 1, retryBaseDelayMs: 1, retryMaxDelayMs: 5 },
    });
    try {
      // The emulator unshares, then cuts its answer off: the service cannot know it happened.
      const { result, calls } = await unshare(
        stack,
        {},
        { token: tokens.acme, headers: { [EMULATOR_FAULT_HEADER]: "truncated;times=1" } },
      );
      assert.equal(calls, 2);
      assert.equal(result["__typename"], "UnsharePreverifiedNumberSuccess");
      assert.deepEqual(stack.emulator.store.sharedWith(numbers.sharedWithPartnerOne), []);
    } finally {
      await stack.close();
    }
  });
});
