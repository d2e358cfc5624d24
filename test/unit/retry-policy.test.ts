import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Failure, UpstreamReason } from "../../src/graph-api/failure.js";
import {
  isRetried,
  isUpstreamBreakdown,
  mayHaveActed,
  retryDelayMs,
  type RetryPolicy,
} from "../../src/graph-api/retry-policy.js";
import { ThrottleRegistry } from "../../src/graph-api/throttle.js";

const POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 350 };

const upstream = (reason: UpstreamReason, extra: Partial<Failure> = {}): Failure =>
  ({ kind: "upstream", reason, retryable: true, message: "x", ...extra }) as Failure;

describe("isRetried", () => {
  const cases: [string, Failure, boolean][] = [
    ["server error", upstream("server_error"), true],
    ["timeout", upstream("timeout"), true],
    ["network", upstream("network"), true],
    ["5xx non-JSON", upstream("unparseable_response"), true],
    ["rate limited", { kind: "rate_limited", retryable: true, message: "x" }, true],
    ["unknown code even if Meta says transient", upstream("unknown_code"), false],
    ["open circuit", upstream("circuit_open"), false],
    ["answer too large, even if marked retryable", upstream("response_too_large"), false],
    ["non-retryable upstream", upstream("unexpected_response", { retryable: false }), false],
    ["invalid input", { kind: "invalid_input", retryable: false, message: "x" }, false],
    ["authentication", { kind: "authentication", retryable: false, message: "x" }, false],
    ["permission", { kind: "permission_denied", retryable: false, message: "x" }, false],
    ["not found", { kind: "not_found", retryable: false, message: "x" }, false],
    [
      "sharing rejected",
      { kind: "sharing_rejected", reason: "already_shared", retryable: false, message: "x" },
      false,
    ],
  ];
  for (const [name, failure, expected] of cases) {
    it(`${name} → ${expected ? "retried" : "not retried"}`, () => {
      assert.equal(isRetried(failure), expected);
    });
  }
});

describe("retryDelayMs", () => {
  it("full jitter below a doubling ceiling, capped", () => {
    const ceilings = [1, 2, 3].map((attempt) =>
      retryDelayMs(upstream("timeout"), attempt, POLICY, () => 0.999_999),
    );
    assert.deepEqual(ceilings, [99, 199, 349]);
    assert.equal(
      retryDelayMs(upstream("timeout"), 2, POLICY, () => 0),
      0,
    );
  });

  it("no next attempt after maxRetries retries", () => {
    assert.equal(retryDelayMs(upstream("timeout"), 4, POLICY), undefined);
    assert.equal(retryDelayMs(upstream("timeout"), 1, { ...POLICY, maxRetries: 0 }), undefined);
  });

  it("Meta's own wait wins over backoff", () => {
    const limited: Failure = {
      kind: "rate_limited",
      retryable: true,
      message: "x",
      retryAfterSeconds: 7,
    };
    assert.equal(retryDelayMs(limited, 1, POLICY), 7_000);
    assert.equal(
      retryDelayMs(upstream("server_error", { retryAfterSeconds: 2 }), 1, POLICY),
      2_000,
    );
  });

  it("no wait for what is never retried", () => {
    assert.equal(
      retryDelayMs({ kind: "not_found", retryable: false, message: "x" }, 1, POLICY),
      undefined,
    );
  });
});

describe("mayHaveActed and isUpstreamBreakdown", () => {
  it("a refused connection never reached Meta; a timeout, reset or 5xx may have", () => {
    assert.equal(mayHaveActed(upstream("network", { notSent: true })), false);
    assert.equal(mayHaveActed(upstream("network")), true);
    assert.equal(mayHaveActed(upstream("timeout")), true);
    assert.equal(mayHaveActed(upstream("server_error")), true);
    assert.equal(mayHaveActed({ kind: "rate_limited", retryable: true, message: "x" }), false);
  });

  it("only Meta or the path to it breaking counts against the breaker", () => {
    assert.equal(isUpstreamBreakdown(upstream("server_error")), true);
    assert.equal(isUpstreamBreakdown(upstream("timeout")), true);
    assert.equal(isUpstreamBreakdown(upstream("unknown_code")), false);
    assert.equal(
      isUpstreamBreakdown(upstream("unparseable_response", { retryable: false })),
      false,
    );
    assert.equal(
      isUpstreamBreakdown({ kind: "rate_limited", retryable: true, message: "x" }),
      false,
    );
    assert.equal(
      isUpstreamBreakdown({ kind: "invalid_input", retryable: false, message: "x" }),
      false,
    );
  });
});

describe("ThrottleRegistry", () => {
  it("answers for a throttled business until the regain time, with the time left", () => {
    let now = 1_000_000;
    const registry = new ThrottleRegistry(() => now);
    registry.record("1", 60);
    assert.equal(registry.check("2"), undefined, "other businesses are free");
    now += 15_500;
    const answer = registry.check("1");
    assert.equal(answer?.kind, "rate_limited");
    assert.equal(answer.retryAfterSeconds, 45);
    assert.equal(answer.retryable, true);
    now += 45_000;
    assert.equal(registry.check("1"), undefined, "free again after the regain time");
  });

  it("answers with its own message and no Meta details of the answer that taught it", () => {
    const registry = new ThrottleRegistry(() => 0);
    registry.recordAll([{ businessId: "1000000000000001", seconds: 300 }]);
    const answer = registry.check("1000000000000001");
    assert.deepEqual(answer, {
      kind: "rate_limited",
      retryable: true,
      retryAfterSeconds: 300,
      message:
        "Meta is throttling business 1000000000000001. This service does not call Meta for it " +
        "for another 300 s, since calling while throttled extends the block.",
    });
  });

  it("caps a wait at an hour", () => {
    let now = 0;
    const registry = new ThrottleRegistry(() => now);
    registry.record("1", 36_000);
    assert.equal(registry.check("1")?.retryAfterSeconds, 3_600);
    now += 3_600_000;
    assert.equal(registry.check("1"), undefined, "free after an hour");
  });

  it("records every business of a throttling answer, the latest answer winning", () => {
    let now = 0;
    const registry = new ThrottleRegistry(() => now);
    registry.recordAll([
      { businessId: "1", seconds: 600 },
      { businessId: "2", seconds: 60 },
    ]);
    registry.recordAll([{ businessId: "1", seconds: 30 }]);
    assert.equal(registry.check("1")?.retryAfterSeconds, 30);
    assert.equal(registry.check("2")?.retryAfterSeconds, 60);
    registry.recordAll(undefined);
    now += 31_000;
    assert.equal(registry.check("1"), undefined);
  });

  it("ignores waits that are not positive numbers", () => {
    const registry = new ThrottleRegistry();
    registry.record("1", 0);
    registry.record("2", -5);
    registry.record("3", Number.NaN);
    registry.record("4", Number.POSITIVE_INFINITY);
    for (const id of ["1", "2", "3", "4"]) {
      assert.equal(registry.check(id), undefined, id);
    }
  });
});
