// Meta's throttling of a business, remembered per process: every call that names a business
// consults it (single and bulk shares item by item, a business's number list), every throttling
// answer records it, and only for the businesses Meta's answer names, for at most an hour. A
// caller answered from memory sees the service's own message, nothing of another caller's answer.
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { EMULATOR_FAULT_HEADER, FIXTURES } from "../../src/emulator/index.js";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  type SharePreverifiedNumberInput,
  ThrottledNumberDocument,
  ThrottledNumbersDocument,
  ThrottledShareDocument,
  ThrottledSharesDocument,
  type ThrottledSharesMutationVariables,
} from "../__generated__/graphql.js";
import { bearer, shareInput } from "../helpers/graphql.js";
import { startStack, type Stack } from "../helpers/stack.js";

const { businesses, tokens, numbers } = FIXTURES;

type Loose = Record<string, unknown>;

const acmeShare = (preverifiedId: string) => shareInput({ preverifiedId });
const globexShare = shareInput({
  businessId: businesses.globex,
  preverifiedId: numbers.globexShareable,
});

interface Answer<T> {
  data: T;
  /** Requests the emulator received meanwhile (a batch counts once, plus once per item). */
  upstream: { path: string; batchItem: boolean }[];
  text: string;
}

async function call<TVariables, T = Loose>(
  stack: Stack,
  document: TypedDocumentNode<unknown, TVariables>,
  variables: TVariables,
  options: { token?: string; fault?: string } = {},
): Promise<Answer<T>> {
  const before = stack.emulator.requests.length;
  const response = await stack.execute(document, variables, {
    headers: {
      ...bearer(options.token ?? tokens.acme),
      ...(options.fault === undefined ? {} : { [EMULATOR_FAULT_HEADER]: options.fault }),
    },
  });
  assert.equal(response.status, 200, response.text);
  assert.equal(response.body.errors, undefined, response.text);
  const data = Object.values(response.body.data as Record<string, T>)[0];
  assert.ok(data !== undefined, response.text);
  return {
    data,
    upstream: stack.emulator.requests
      .slice(before)
      .map((request) => ({ path: request.path, batchItem: request.batchItem === true })),
    text: response.text,
  };
}

const share = (
  stack: Stack,
  input: SharePreverifiedNumberInput,
  options?: { token?: string; fault?: string },
) => call(stack, ThrottledShareDocument, { input }, options);
const bulk = (stack: Stack, input: SharePreverifiedNumberInput[], options?: { token?: string }) =>
  call<ThrottledSharesMutationVariables, Loose[]>(
    stack,
    ThrottledSharesDocument,
    { input },
    options,
  );

/** The service's own answer for a business it does not call: no trace of Meta's answer. */
function assertAnsweredFromMemory(result: Loose, businessId: string, maxSeconds: number): void {
  assert.equal(result["__typename"], "RateLimitedError", JSON.stringify(result));
  assert.equal(result["retryable"], true);
  const seconds = Number(result["retryAfterSeconds"]);
  assert.ok(seconds > 0 && seconds <= maxSeconds, `retryAfterSeconds ${seconds}`);
  assert.equal(
    result["message"],
    `Meta is throttling business ${businessId}. This service does not call Meta for it for ` +
      `another ${seconds} s, since calling while throttled extends the block.`,
  );
  for (const field of ["fbtraceId", "metaCode", "metaSubcode", "userTitle", "userMessage"]) {
    assert.equal(result[field], null, field);
  }
}

async function throttledLocally(stack: Stack, endpoint: string): Promise<number> {
  const text = await (await fetch(`${stack.origin}/metrics`)).text();
  const line = text
    .split("\n")
    .find((row) => row.startsWith(`upstream_throttled_locally_total{endpoint="${endpoint}"}`));
  return line === undefined ? 0 : Number(line.split(" ").at(-1));
}

describe("throttle memory", () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ forwardedHeaders: [EMULATOR_FAULT_HEADER] });
  });
  afterEach(async () => {
    await stack.close();
  });

  it("a bulk item Meta throttles records its business: later bulk and single shares for it are answered from memory, other businesses' go through", async () => {
    // The first share request the emulator sees (the batch's first item) is throttled.
    stack.emulator.faults.enqueue("rate-limit:5");
    const first = await bulk(stack, [acmeShare(numbers.bulk[0]!), acmeShare(numbers.bulk[1]!)]);
    assert.deepEqual(
      first.data.map((item) => item["__typename"]),
      ["RateLimitedError", "SharePreverifiedNumberSuccess"],
    );
    assert.equal(first.data[0]?.["metaCode"], 80008, "Meta's own answer, passed on");
    assert.equal(first.data[0]["retryAfterSeconds"], 300);
    assert.equal(first.upstream.filter((request) => request.batchItem).length, 2);

    // Globex's token: the Acme item is answered from memory, the Globex item is sent.
    const second = await bulk(stack, [acmeShare(numbers.bulk[2]!), globexShare], {
      token: tokens.globex,
    });
    assertAnsweredFromMemory(second.data[0]!, businesses.acme, 300);
    assert.equal(second.data[1]?.["__typename"], "SharePreverifiedNumberSuccess");
    assert.deepEqual(
      second.upstream.filter((request) => request.batchItem).map((request) => request.path),
      [`/v25.0/${businesses.globex}/share_preverified_numbers`],
      "only the Globex item reached Meta",
    );
    assert.deepEqual(stack.emulator.store.sharedWith(numbers.bulk[2]!), []);

    // A bulk of throttled items only: no batch call at all.
    const third = await bulk(stack, [acmeShare(numbers.bulk[3]!), acmeShare(numbers.bulk[4]!)]);
    for (const item of third.data) {
      assertAnsweredFromMemory(item, businesses.acme, 300);
    }
    assert.deepEqual(third.upstream, [], "no upstream call");

    // The single share consults the same memory.
    const single = await share(stack, acmeShare(numbers.verified));
    assertAnsweredFromMemory(single.data, businesses.acme, 300);
    assert.deepEqual(single.upstream, [], "no upstream call");
    assert.equal(await throttledLocally(stack, "batch"), 3);
    assert.equal(await throttledLocally(stack, "share_preverified_numbers"), 1);
  });

  it("a single share Meta throttles blocks that business's bulk items too", async () => {
    const first = await share(stack, acmeShare(numbers.verified), { fault: "rate-limit:5" });
    assert.equal(first.data["__typename"], "RateLimitedError");
    const later = await bulk(stack, [acmeShare(numbers.bulk[0]!), globexShare], {
      token: tokens.globex,
    });
    assertAnsweredFromMemory(later.data[0]!, businesses.acme, 300);
    assert.equal(later.data[1]?.["__typename"], "SharePreverifiedNumberSuccess");
  });

  it("a usage header naming only another business does not lock the path's business", async () => {
    const first = await share(stack, acmeShare(numbers.verified), {
      fault: `rate-limit:60:${businesses.globex}`,
    });
    assert.equal(first.data["__typename"], "RateLimitedError");
    assert.equal(first.data["metaCode"], 80008);
    assert.equal(first.data["retryAfterSeconds"], null, "Meta gave no wait for Acme");

    const again = await share(stack, acmeShare(numbers.verified));
    assert.equal(again.data["__typename"], "SharePreverifiedNumberSuccess");
    assert.equal(again.upstream.length, 1, "Acme is still called");

    // The business the header did name is left alone, for the wait Meta gave it.
    const globex = await share(stack, globexShare, { token: tokens.globex });
    assertAnsweredFromMemory(globex.data, businesses.globex, 3_600);
    assert.ok(Number(globex.data["retryAfterSeconds"]) > 3_500);
    assert.deepEqual(globex.upstream, []);
  });

  it("a 10-hour regain time is capped at 3,600 s", async () => {
    const first = await share(stack, acmeShare(numbers.verified), { fault: "rate-limit:600" });
    assert.equal(first.data["__typename"], "RateLimitedError");
    assert.equal(first.data["retryAfterSeconds"], 3_600);

    const blocked = await share(stack, acmeShare(numbers.verified));
    assertAnsweredFromMemory(blocked.data, businesses.acme, 3_600);
    assert.ok(Number(blocked.data["retryAfterSeconds"]) > 3_500);
    assert.deepEqual(blocked.upstream, []);
  });

  it("a caller blocked from memory sees nothing of the first caller's Meta answer", async () => {
    const first = await share(stack, acmeShare(numbers.verified), { fault: "rate-limit:5" });
    const metaMessage = String(first.data["message"]);
    const fbtraceId = String(first.data["fbtraceId"]);
    assert.match(metaMessage, /^\(#80008\)/);
    assert.match(fbtraceId, /^[A-Za-z0-9_-]{10,}$/);

    // Another caller (a token Meta is never asked about), single and bulk.
    const other = { token: "emu-token-another-caller" };
    const single = await share(stack, acmeShare(numbers.verified), other);
    const many = await bulk(stack, [acmeShare(numbers.bulk[0]!)], other);
    for (const answer of [single, many]) {
      assert.deepEqual(answer.upstream, []);
      assert.ok(!answer.text.includes(fbtraceId), "no fbtrace_id of the first caller");
      assert.ok(!answer.text.includes("80008"), "no Meta code of the first caller");
      assert.ok(!answer.text.includes("too many calls"), "no Meta text of the first caller");
    }
    assertAnsweredFromMemory(single.data, businesses.acme, 300);
    assertAnsweredFromMemory(many.data[0]!, businesses.acme, 300);
  });
});

describe("throttle memory and reads", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ forwardedHeaders: [EMULATOR_FAULT_HEADER] });
  });
  after(async () => {
    await stack.close();
  });

  it("a multi-ID read (no business in its path) records the businesses its usage header names; the business's list and shares then consult it", async () => {
    const read = await call(
      stack,
      ThrottledNumberDocument,
      { id: numbers.verified },
      { fault: "rate-limit:2" },
    );
    assert.equal(read.data["__typename"], "RateLimitedError");
    assert.equal(read.data["retryAfterSeconds"], 120);

    const list = await call(stack, ThrottledNumbersDocument, {
      businessId: businesses.acme,
    });
    assertAnsweredFromMemory(list.data, businesses.acme, 120);
    assert.deepEqual(list.upstream, [], "the list names Acme: not called");

    const shared = await share(stack, acmeShare(numbers.verified));
    assertAnsweredFromMemory(shared.data, businesses.acme, 120);
    assert.deepEqual(shared.upstream, []);

    // A read that names no business is still made.
    const again = await call(stack, ThrottledNumberDocument, { id: numbers.verified });
    assert.equal(again.data["__typename"], "PreverifiedNumber");
    assert.equal(again.upstream.length, 1);

    // Globex was not named: still called.
    const globex = await share(stack, globexShare, { token: tokens.globex });
    assert.equal(globex.data["__typename"], "SharePreverifiedNumberSuccess");
  });
});
