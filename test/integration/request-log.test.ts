// The one log line per GraphQL request: its fields for a success, an upstream error and a
// refused operation, tied to the request id the client received.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { EMULATOR_FAULT_HEADER, FIXTURES } from "../../src/emulator/index.js";
import { PingDocument, ShareDocument } from "../__generated__/graphql.js";
import { bearer, shareInput } from "../helpers/graphql.js";
import { startStack, type Stack } from "../helpers/stack.js";

const AUTH = bearer(FIXTURES.tokens.acme);

interface RequestLine {
  level: number;
  msg: string;
  reqId: string;
  operation: string | null;
  results: string[];
  errors?: string[];
  upstream?: {
    attempts: number;
    status?: number;
    metaCode?: number;
    metaSubcode?: number;
    fbtraceId?: string;
    ms: number;
  };
  ms: number;
}

function lineFor(stack: Stack, requestId: string | null): RequestLine {
  const lines = stack.logs
    .map((line) => JSON.parse(line) as RequestLine)
    .filter((line) => line.msg === "graphql request" && line.reqId === requestId);
  assert.equal(lines.length, 1, `one line for request ${String(requestId)}`);
  return lines[0]!;
}

describe("the request log line", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      forwardedHeaders: [EMULATOR_FAULT_HEADER],
      graphApi: { maxRetries: 2, retryBaseDelayMs: 5, retryMaxDelayMs: 10 },
    });
  });
  beforeEach(() => {
    stack.resetEmulator();
  });
  after(async () => {
    await stack.close();
  });

  it("for a success: operation, result, upstream status and attempts, durations", async () => {
    const response = await stack.execute(ShareDocument, { input: shareInput() }, { headers: AUTH });
    const line = lineFor(stack, response.headers.get("x-request-id"));
    assert.equal(line.level, 30);
    assert.equal(line.operation, "Share");
    assert.deepEqual(line.results, ["SharePreverifiedNumberSuccess"]);
    assert.equal(line.errors, undefined);
    assert.equal(line.upstream?.attempts, 1);
    assert.equal(line.upstream.status, 200);
    assert.equal(line.upstream.metaCode, undefined);
    assert.ok(line.ms >= line.upstream.ms);
    // Apollo's cache-control plugin is off (it cost CPU on every field); its header is kept.
    assert.equal(response.headers.get("cache-control"), "no-store");
  });

  it("for an upstream error: Meta's code, fbtrace_id and every attempt", async () => {
    const response = await stack.execute(
      ShareDocument,
      { input: shareInput({ preverifiedId: "3000000000000006" }) },
      { headers: { ...AUTH, [EMULATOR_FAULT_HEADER]: "status:500" } },
    );
    const result = response.body.data!.sharePreverifiedNumber as {
      __typename: string;
      fbtraceId: string;
    };
    assert.equal(result.__typename, "UpstreamError");
    const line = lineFor(stack, response.headers.get("x-request-id"));
    assert.deepEqual(line.results, ["UpstreamError"]);
    assert.equal(line.upstream?.attempts, 3);
    assert.equal(line.upstream.status, 500);
    assert.equal(line.upstream.metaCode, 2);
    assert.equal(line.upstream.fbtraceId, result.fbtraceId);
  });

  it("for a refused operation: the error codes, no upstream, and the caller's request id", async () => {
    // An invalid field on purpose: refused before execution.
    const response = await stack.post(
      { query: "{ nope }" },
      { ...AUTH, "x-request-id": "client-req-42" },
    );
    assert.equal(response.headers.get("x-request-id"), "client-req-42");
    assert.equal(response.body.errors?.[0]?.extensions?.["requestId"], "client-req-42");
    const line = lineFor(stack, "client-req-42");
    assert.deepEqual(line.errors, ["GRAPHQL_VALIDATION_FAILED"]);
    assert.deepEqual(line.results, []);
    assert.equal(line.upstream, undefined);
  });

  it("logs a normalized operation name: 60,000 characters give a short line", async () => {
    // Raw bodies: what is tested is the operation name in the document and in `operationName`.
    const long = `N${"x".repeat(59_999)}`;
    // In the document (the operation runs), and only in `operationName` (it names nothing).
    const inDocument = await stack.post(
      { query: `query ${long} { __typename }` },
      { "x-request-id": "long-name-1" },
    );
    assert.equal(inDocument.status, 200, inDocument.text);
    const asked = await stack.post(
      { query: "query Short { __typename }", operationName: long },
      { "x-request-id": "long-name-2" },
    );
    assert.equal(asked.status, 400, asked.text);
    for (const id of ["long-name-1", "long-name-2"]) {
      const raw = stack.logs.find((line) => line.includes(`"reqId":"${id}"`));
      assert.ok(raw !== undefined);
      assert.ok(raw.length < 1_000, `a ${raw.length}-character line`);
      assert.ok(!raw.includes("xxxxxxxxxx"), "no part of the name");
      assert.equal(lineFor(stack, id).operation, "invalid");
    }
    const short = await stack.post(
      { query: "query Short { __typename }" },
      { "x-request-id": "s" },
    );
    assert.equal(short.status, 200);
    assert.equal(lineFor(stack, "s").operation, "Short");
  });

  it("replaces a caller's request id that is not short and plain", async () => {
    const response = await stack.execute(
      PingDocument,
      {},
      { headers: { "x-request-id": "a b\tc" } },
    );
    assert.match(response.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  });
});
