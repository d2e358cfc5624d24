// Fault injection through HTTP: the service in front of the emulator, with faults chosen per
// request by the `x-emulator-fault` header that the service forwards outside production.
// Each case asserts the union member, `retryable`, the attempts the emulator recorded and that
// the answer came within the deadline. The measured times are printed at the end.
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { EMULATOR_FAULT_HEADER, FIXTURES } from "../../src/emulator/index.js";
import { Health } from "../../src/health.js";
import { SharePreverifiedNumberDocument } from "../__generated__/graphql.js";
import { bearer, shareInput } from "../helpers/graphql.js";
import { shareCalls, startStack, type Stack, type StackOptions } from "../helpers/stack.js";

const { businesses, tokens, numbers } = FIXTURES;

type Loose = Record<string, unknown>;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => {
  unhandled.push(reason);
};
process.on("unhandledRejection", onUnhandled);

const measured: { fault: string; result: string; attempts: number; ms: number }[] = [];

after(() => {
  process.off("unhandledRejection", onUnhandled);
  assert.deepEqual(unhandled, [], "no unhandled rejection");
  console.log(
    "# fault                      | result                               | attempts | ms",
  );
  for (const row of measured) {
    console.log(
      `# ${row.fault.padEnd(26)} | ${row.result.padEnd(36)} | ${String(row.attempts).padStart(8)} | ${row.ms.toFixed(0)}`,
    );
  }
});

interface Outcome {
  result: Loose;
  attempts: number;
  ms: number;
}

async function share(
  stack: Stack,
  fault: string | undefined,
  input: Partial<Record<"businessId" | "preverifiedId" | "partnerBusinessId", string>> = {},
  token: string = tokens.acme,
): Promise<Outcome> {
  const before = shareCalls(stack).length;
  const started = performance.now();
  const response = await stack.execute(
    SharePreverifiedNumberDocument,
    { input: shareInput(input) },
    {
      headers: {
        ...bearer(token),
        ...(fault === undefined ? {} : { [EMULATOR_FAULT_HEADER]: fault }),
      },
    },
  );
  const ms = performance.now() - started;
  assert.equal(response.status, 200, response.text);
  assert.equal(response.body.errors, undefined, response.text);
  const result: Loose = response.body.data?.sharePreverifiedNumber ?? {};
  const attempts = shareCalls(stack).length - before;
  measured.push({ fault: fault ?? "(none)", result: describe_(result), attempts, ms });
  return { result, attempts, ms };
}

function describe_(result: Loose): string {
  const detail = [result["upstreamReason"], result["rejectionReason"], result["retryAfterSeconds"]]
    .filter((value) => typeof value === "string" || typeof value === "number")
    .join(" ");
  return `${String(result["__typename"])} ${detail}`.trim();
}

const RESILIENT: StackOptions = {
  forwardedHeaders: [EMULATOR_FAULT_HEADER],
  graphApi: {
    timeoutMs: 250,
    deadlineMs: 1_500,
    maxRetries: 2,
    retryBaseDelayMs: 20,
    retryMaxDelayMs: 80,
    circuitMinCalls: 1_000,
  },
};
const DEADLINE_MS = 1_500;
/** What "within the deadline" allows on a shared, noisy machine. */
const MARGIN_MS = 300;

describe("resilience under injected faults", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack(RESILIENT);
  });
  beforeEach(() => {
    stack.resetEmulator();
  });
  afterEach(() => {
    assert.deepEqual(unhandled, [], "no unhandled rejection");
  });
  after(async () => {
    await stack.close();
  });

  function withinDeadline(outcome: Outcome) {
    assert.ok(outcome.ms < DEADLINE_MS + MARGIN_MS, `answered after ${outcome.ms.toFixed(0)} ms`);
  }

  it("latency: the normal answer, later, in one attempt", async () => {
    const outcome = await share(stack, "latency:120");
    assert.equal(outcome.result["__typename"], "SharePreverifiedNumberSuccess");
    assert.equal(outcome.attempts, 1);
    assert.ok(outcome.ms >= 120);
  });

  for (const status of [500, 502, 503, 504]) {
    it(`status:${status} every time → retried, then a retryable UpstreamError`, async () => {
      const outcome = await share(stack, `status:${status}`);
      assert.equal(outcome.result["__typename"], "UpstreamError");
      assert.equal(outcome.result["upstreamReason"], "SERVER_ERROR");
      assert.equal(outcome.result["httpStatus"], status);
      assert.equal(outcome.result["retryable"], true);
      assert.equal(outcome.attempts, 3);
      withinDeadline(outcome);
    });
  }

  it("status:503 twice → the third attempt succeeds", async () => {
    const outcome = await share(stack, "status:503;times=2");
    assert.equal(outcome.result["__typename"], "SharePreverifiedNumberSuccess");
    assert.equal(outcome.attempts, 3);
  });

  it("an HTML error page → UNPARSEABLE_RESPONSE after retries", async () => {
    const outcome = await share(stack, "html:502");
    assert.equal(outcome.result["upstreamReason"], "UNPARSEABLE_RESPONSE");
    assert.equal(outcome.result["httpStatus"], 502);
    assert.equal(outcome.result["retryable"], true);
    assert.equal(outcome.attempts, 3);
    withinDeadline(outcome);
  });

  it("an empty 503 → UNPARSEABLE_RESPONSE after retries", async () => {
    const outcome = await share(stack, "empty:503");
    assert.equal(outcome.result["upstreamReason"], "UNPARSEABLE_RESPONSE");
    assert.equal(outcome.attempts, 3);
  });

  it("a reset connection, once → the retry succeeds", async () => {
    const outcome = await share(stack, "reset;times=1");
    assert.equal(outcome.result["__typename"], "SharePreverifiedNumberSuccess");
    assert.equal(outcome.attempts, 2);
  });

  it("a reset connection every time → NETWORK after retries", async () => {
    const outcome = await share(stack, "reset");
    assert.equal(outcome.result["upstreamReason"], "NETWORK");
    assert.equal(outcome.result["retryable"], true);
    assert.equal(outcome.attempts, 3);
    withinDeadline(outcome);
  });

  for (const fault of ["stall", "stall-body"]) {
    it(`${fault} → TIMEOUT per attempt, all within the deadline`, async () => {
      const outcome = await share(stack, fault);
      assert.equal(outcome.result["upstreamReason"], "TIMEOUT");
      assert.equal(outcome.result["retryable"], true);
      assert.equal(outcome.attempts, 3);
      assert.ok(outcome.ms >= 3 * 250, `three timeouts of 250 ms took ${outcome.ms.toFixed(0)} ms`);
      withinDeadline(outcome);
    });
  }

  it("a lost answer (truncated 200) whose retry meets 'already shared' is a success", async () => {
    const outcome = await share(stack, "truncated;times=1");
    assert.equal(outcome.result["__typename"], "SharePreverifiedNumberSuccess");
    assert.equal(outcome.attempts, 2);
    assert.deepEqual(stack.emulator.store.sharedWith(numbers.verified), [businesses.partnerOne]);
  });

  it("a first-attempt 'already shared' stays an error", async () => {
    const outcome = await share(stack, undefined, { preverifiedId: numbers.sharedWithPartnerOne });
    assert.equal(outcome.result["__typename"], "SharingRejectedError");
    assert.equal(outcome.result["rejectionReason"], "ALREADY_SHARED");
    assert.equal(outcome.attempts, 1);
  });

  it("a caller's mistake (404) is never retried", async () => {
    const outcome = await share(stack, undefined, { preverifiedId: numbers.unknown });
    assert.equal(outcome.result["__typename"], "NotFoundError");
    assert.equal(outcome.attempts, 1);
  });

  it("an app rate limit without a wait → retried with backoff, then RateLimitedError", async () => {
    const outcome = await share(stack, "app-rate-limit");
    assert.equal(outcome.result["__typename"], "RateLimitedError");
    assert.equal(outcome.result["metaCode"], 4);
    assert.equal(outcome.result["retryable"], true);
    assert.equal(outcome.attempts, 3);
  });

  it("Retry-After within the deadline → waits that long, then succeeds", async () => {
    const outcome = await share(stack, "retry-after:1;times=1");
    assert.equal(outcome.result["__typename"], "SharePreverifiedNumberSuccess");
    assert.equal(outcome.attempts, 2);
    assert.ok(outcome.ms >= 1_000, `waited ${outcome.ms.toFixed(0)} ms`);
    withinDeadline(outcome);
  });

  it("Retry-After beyond the deadline → answers at once instead of sleeping", async () => {
    const outcome = await share(stack, "retry-after:5");
    assert.equal(outcome.result["__typename"], "UpstreamError");
    assert.equal(outcome.attempts, 1);
    assert.ok(outcome.ms < 500, `answered after ${outcome.ms.toFixed(0)} ms`);
  });
});

describe("a business Meta throttles", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack(RESILIENT);
  });
  after(async () => {
    await stack.close();
  });

  it("answers RateLimitedError at once when the wait exceeds the deadline, then stops calling", async () => {
    const first = await share(stack, "rate-limit:5");
    assert.equal(first.result["__typename"], "RateLimitedError");
    assert.equal(first.result["retryAfterSeconds"], 300);
    assert.equal(first.attempts, 1);
    assert.ok(first.ms < 500, `answered after ${first.ms.toFixed(0)} ms`);

    const again = await share(stack, undefined);
    assert.equal(again.result["__typename"], "RateLimitedError");
    assert.equal(again.attempts, 0, "no call for the throttled business");
    assert.ok(Number(again.result["retryAfterSeconds"]) <= 300);

    const other = await share(
      stack,
      undefined,
      { businessId: businesses.globex, preverifiedId: numbers.globexShareable },
      tokens.globex,
    );
    assert.equal(other.result["__typename"], "SharePreverifiedNumberSuccess");
    assert.equal(other.attempts, 1, "another business is still called");
  });
});

describe("the circuit breaker", () => {
  it("opens when most calls break down, fails fast without calling, then probes and closes", async () => {
    const stack = await startStack({
      forwardedHeaders: [EMULATOR_FAULT_HEADER],
      graphApi: { maxRetries: 0, circuitMinCalls: 3, circuitCooldownMs: 400 },
    });
    try {
      for (let i = 0; i < 3; i += 1) {
        const outcome = await share(stack, "status:500");
        assert.equal(outcome.result["upstreamReason"], "SERVER_ERROR");
      }
      const open = await share(stack, undefined);
      assert.equal(open.result["__typename"], "UpstreamError");
      assert.equal(open.result["upstreamReason"], "CIRCUIT_OPEN");
      assert.equal(open.result["retryable"], true);
      assert.equal(open.attempts, 0, "nothing sent while open");

      await new Promise((resolve) => setTimeout(resolve, 450));
      const probe = await share(stack, undefined);
      assert.equal(probe.result["__typename"], "SharePreverifiedNumberSuccess");
      assert.equal(probe.attempts, 1);
      const closed = await share(stack, undefined, { partnerBusinessId: businesses.partnerTwo });
      assert.equal(closed.result["__typename"], "SharePreverifiedNumberSuccess");
    } finally {
      await stack.close();
    }
  });

  it("never opens on the caller's errors", async () => {
    const stack = await startStack({ graphApi: { maxRetries: 0, circuitMinCalls: 2 } });
    try {
      for (let i = 0; i < 5; i += 1) {
        const outcome = await share(stack, undefined, { preverifiedId: numbers.unknown });
        assert.equal(outcome.result["__typename"], "NotFoundError");
      }
      const after = await share(stack, undefined);
      assert.equal(after.result["__typename"], "SharePreverifiedNumberSuccess");
      assert.equal(after.attempts, 1);
    } finally {
      await stack.close();
    }
  });
});

describe("health", () => {
  it("is live and ready; in service mode, not ready once Meta rejects GRAPH_API_TOKEN", async () => {
    const health = new Health();
    const stack = await startStack({ serviceToken: tokens.expired, health });
    try {
      const live = await fetch(`${stack.origin}/health/live`);
      assert.deepEqual([live.status, await live.json()], [200, { status: "ok" }]);
      const ready = await fetch(`${stack.origin}/health/ready`);
      assert.deepEqual([ready.status, await ready.json()], [200, { status: "ready" }]);

      const outcome = await share(stack, undefined);
      assert.equal(outcome.result["__typename"], "AuthenticationError");
      const notReady = await fetch(`${stack.origin}/health/ready`);
      assert.equal(notReady.status, 503);
      assert.match(((await notReady.json()) as { reason: string }).reason, /GRAPH_API_TOKEN/);

      health.startDraining();
      const draining = await fetch(`${stack.origin}/health/ready`);
      assert.deepEqual(
        [draining.status, await draining.json()],
        [503, { status: "not_ready", reason: "shutting down" }],
      );
    } finally {
      await stack.close();
    }
  });

  it("never forwards the fault header in production", async () => {
    const stack = await startStack({ env: "production" });
    try {
      const outcome = await share(stack, "status:500");
      assert.equal(outcome.result["__typename"], "SharePreverifiedNumberSuccess");
      assert.equal(stack.emulator.requests.at(-1)?.headers[EMULATOR_FAULT_HEADER], undefined);
    } finally {
      await stack.close();
    }
  });
});
