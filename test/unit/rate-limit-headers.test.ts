import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAppUsage, retryAfterSecondsFrom } from "../../src/graph-api/rate-limit-headers.js";

const NOW = new Date("2026-04-05T12:00:00.000Z");

function buc(usage: Record<string, unknown>): string {
  return JSON.stringify(usage);
}

function entry(minutes: unknown, type = "whatsapp_business_management") {
  return {
    type,
    call_count: 100,
    total_cputime: 10,
    total_time: 20,
    estimated_time_to_regain_access: minutes,
  };
}

describe("retryAfterSecondsFrom: X-Business-Use-Case-Usage", () => {
  it("turns minutes into seconds", () => {
    const headers = new Headers({ "x-business-use-case-usage": buc({ "123": [entry(5)] }) });
    assert.equal(retryAfterSecondsFrom(headers, "123"), 300);
  });

  it("takes the largest entry of the business", () => {
    const headers = new Headers({
      "x-business-use-case-usage": buc({ "123": [entry(2), entry(7, "whatsapp"), entry(0)] }),
    });
    assert.equal(retryAfterSecondsFrom(headers, "123"), 420);
  });

  it("looks only at the given business when the header has it", () => {
    const headers = new Headers({
      "x-business-use-case-usage": buc({ "123": [entry(2)], "456": [entry(30)] }),
    });
    assert.equal(retryAfterSecondsFrom(headers, "123"), 120);
    assert.equal(retryAfterSecondsFrom(headers, "456"), 1800);
  });

  it("looks at every business when the header lacks the given one, or none is given", () => {
    const headers = new Headers({
      "x-business-use-case-usage": buc({ "123": [entry(2)], "456": [entry(30)] }),
    });
    assert.equal(retryAfterSecondsFrom(headers, "999"), 1800);
    assert.equal(retryAfterSecondsFrom(headers), 1800);
  });

  it("rounds fractional minutes up to whole seconds", () => {
    const headers = new Headers({ "x-business-use-case-usage": buc({ "1": [entry(0.501)] }) });
    assert.equal(retryAfterSecondsFrom(headers, "1"), 31);
  });

  it("ignores 0 minutes (not throttled) and falls back to Retry-After", () => {
    const usage = buc({ "1": [entry(0)] });
    assert.equal(
      retryAfterSecondsFrom(
        new Headers({ "x-business-use-case-usage": usage, "retry-after": "10" }),
        "1",
      ),
      10,
    );
    assert.equal(
      retryAfterSecondsFrom(new Headers({ "x-business-use-case-usage": usage }), "1"),
      undefined,
    );
  });

  it("prefers the business header over Retry-After", () => {
    const headers = new Headers({
      "x-business-use-case-usage": buc({ "1": [entry(1)] }),
      "retry-after": "5",
    });
    assert.equal(retryAfterSecondsFrom(headers, "1"), 60);
  });

  it("ignores a business whose own entries are 0 even if another business is throttled", () => {
    const headers = new Headers({
      "x-business-use-case-usage": buc({ "1": [entry(0)], "2": [entry(9)] }),
    });
    assert.equal(retryAfterSecondsFrom(headers, "1"), undefined);
  });

  const garbage: [string, string][] = [
    ["not JSON", "{oops"],
    ["a JSON array", "[]"],
    ["JSON null", "null"],
    ["a list that is a string", buc({ "1": "x" })],
    ["entries that are not objects", buc({ "1": [null, 5, "x", []] })],
    ["minutes as a string", buc({ "1": [entry("10")] })],
    ["negative minutes", buc({ "1": [entry(-3)] })],
    ["missing minutes", buc({ "1": [{ type: "whatsapp" }] })],
    ["empty", ""],
  ];
  for (const [name, value] of garbage) {
    it(`garbage header (${name}) → undefined, no throw`, () => {
      const headers = new Headers({ "x-business-use-case-usage": value });
      assert.equal(retryAfterSecondsFrom(headers, "1"), undefined);
    });
  }

  it("is safe with business IDs named like Object.prototype members", () => {
    const headers = new Headers({ "x-business-use-case-usage": buc({ "1": [entry(1)] }) });
    assert.equal(retryAfterSecondsFrom(headers, "constructor"), 60);
    assert.equal(retryAfterSecondsFrom(headers, "__proto__"), 60);
  });
});

describe("retryAfterSecondsFrom: Retry-After", () => {
  const cases: [string, string, number | undefined][] = [
    ["delta-seconds", "120", 120],
    ["delta-seconds with spaces", " 7 ", 7],
    ["zero", "0", 0],
    ["fractional seconds, rounded up", "1.2", 2],
    ["IMF-fixdate 90 s ahead", "Sun, 05 Apr 2026 12:01:30 GMT", 90],
    ["IMF-fixdate in the past → 0", "Sun, 05 Apr 2026 11:00:00 GMT", 0],
    ["RFC 850 date", "Sunday, 05-Apr-26 12:00:10 GMT", 10],
    ["asctime date (GMT)", "Sun Apr  5 12:00:20 2026", 20],
    ["garbage word", "soon", undefined],
    ["negative", "-5", undefined],
    ["empty", "", undefined],
    ["impossible date", "Sun, 99 Foo 2026 12:00:00 GMT", undefined],
    ["date-like garbage", "tomorrow 12:00:00 GMT", undefined],
    ["huge number", "9".repeat(400), undefined],
  ];
  for (const [name, value, expected] of cases) {
    it(`${name}: ${JSON.stringify(value.length > 40 ? `${value.slice(0, 10)}…` : value)} → ${String(expected)}`, () => {
      assert.equal(
        retryAfterSecondsFrom(new Headers({ "retry-after": value }), undefined, NOW),
        expected,
      );
    });
  }

  it("rounds a date 1.5 s ahead up to 2 s", () => {
    const now = new Date("2026-04-05T12:00:28.500Z");
    const headers = new Headers({ "retry-after": "Sun, 05 Apr 2026 12:00:30 GMT" });
    assert.equal(retryAfterSecondsFrom(headers, undefined, now), 2);
  });

  it("no headers → undefined", () => {
    assert.equal(retryAfterSecondsFrom(new Headers()), undefined);
  });
});

describe("parseAppUsage", () => {
  it("reads the documented percentages", () => {
    const headers = new Headers({
      "x-app-usage": '{"call_count":28,"total_time":25,"total_cputime":25}',
    });
    assert.deepEqual(parseAppUsage(headers), { callCount: 28, totalTime: 25, totalCputime: 25 });
  });

  it("accepts values above 100 (throttled)", () => {
    const headers = new Headers({
      "x-app-usage": '{"call_count":104,"total_time":3,"total_cputime":2}',
    });
    assert.equal(parseAppUsage(headers)?.callCount, 104);
  });

  const garbage: [string, string | undefined][] = [
    ["absent", undefined],
    ["not JSON", "call_count=28"],
    ["an array", "[28,25,25]"],
    ["a missing field", '{"call_count":28,"total_time":25}'],
    ["a string field", '{"call_count":"28","total_time":25,"total_cputime":25}'],
    ["a negative field", '{"call_count":-1,"total_time":25,"total_cputime":25}'],
  ];
  for (const [name, value] of garbage) {
    it(`${name} → undefined`, () => {
      const headers = new Headers(value === undefined ? {} : { "x-app-usage": value });
      assert.equal(parseAppUsage(headers), undefined);
    });
  }
});
