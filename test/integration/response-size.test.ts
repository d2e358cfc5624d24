// Meta's answer bodies are read up to GRAPH_API_MAX_RESPONSE_BYTES: past it, the answer is an
// `UpstreamError { upstreamReason: RESPONSE_TOO_LARGE }`, never retried, and never buffered whole.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { EMULATOR_FAULT_HEADER, FIXTURES } from "../../src/emulator/index.js";
import {
  PhoneNumberOrUpstreamErrorDocument,
  ShareUpstreamErrorDocument,
} from "../__generated__/graphql.js";
import { bearer, shareInput } from "../helpers/graphql.js";
import { startStack, type Stack } from "../helpers/stack.js";

const { numbers, tokens } = FIXTURES;

const LIMIT = 10_000;

async function shareWithFault(stack: Stack, fault: string): Promise<Record<string, unknown>> {
  const response = await stack.execute(
    ShareUpstreamErrorDocument,
    { input: shareInput() },
    { headers: { ...bearer(tokens.acme), [EMULATOR_FAULT_HEADER]: fault } },
  );
  assert.equal(response.status, 200, response.text);
  const result: Record<string, unknown> | undefined = response.body.data?.sharePreverifiedNumber;
  assert.ok(result, response.text);
  return result;
}

describe("the size limit on Meta's answers", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      forwardedHeaders: [EMULATOR_FAULT_HEADER],
      // Retries on: the oversized answer must still be asked for only once.
      graphApi: {
        maxResponseBytes: LIMIT,
        maxRetries: 2,
        retryBaseDelayMs: 5,
        retryMaxDelayMs: 10,
      },
    });
  });
  beforeEach(() => {
    stack.resetEmulator();
  });
  after(async () => {
    await stack.close();
  });

  it("an answer over the limit is UpstreamError RESPONSE_TOO_LARGE, not retried", async () => {
    const before = stack.emulator.requests.length;
    const result = await shareWithFault(stack, `big-body:${LIMIT + 1}`);
    assert.deepEqual(result, {
      __typename: "UpstreamError",
      upstreamReason: "RESPONSE_TOO_LARGE",
      retryable: false,
      message: "Meta's answer was larger than this service accepts.",
      httpStatus: null,
    });
    assert.equal(stack.emulator.requests.length - before, 1, "one attempt");
  });

  it("a large answer within the limit is read as usual", async () => {
    const result = await shareWithFault(stack, `big-body:${LIMIT}`);
    assert.equal(result["__typename"], "SharePreverifiedNumberSuccess");
  });

  it("holds for reads too: an oversized multi-ID read is RESPONSE_TOO_LARGE", async () => {
    const variables = { id: numbers.verified };
    const auth = bearer(tokens.acme);
    const over = await stack.execute(PhoneNumberOrUpstreamErrorDocument, variables, {
      headers: { ...auth, [EMULATOR_FAULT_HEADER]: "big-body:20000" },
    });
    assert.deepEqual(over.body, {
      data: {
        preverifiedNumber: { __typename: "UpstreamError", upstreamReason: "RESPONSE_TOO_LARGE" },
      },
    });
    // The connection undici closed is replaced: the next read on the pool works.
    const normal = await stack.execute(PhoneNumberOrUpstreamErrorDocument, variables, {
      headers: auth,
    });
    assert.equal(normal.body.data?.preverifiedNumber.__typename, "PreverifiedNumber", normal.text);
  });
});
