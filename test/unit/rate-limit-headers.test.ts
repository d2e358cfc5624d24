import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  MAX_WAIT_SECONDS,
  parseAppUsage,
  retryAfterSecondsFrom,
  throttledBusinessesFrom,
} from "../../src/graph-api/rate-limit-headers.js";

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

  it("says nothing about a business the header does not name, whatever it says of others", () => {
    const headers = new Headers({
      "x-business-use-case-usage": buc({ "123": [entry(2)], "456": [entry(30)] }),
    });
    assert.equal(retryAfterSecondsFrom(headers, "999"), undefined);
  });

  it("falls back to Retry-After for a business the header does not name", () => {
    const headers = new Headers({
      "x-business-use-case-usage": buc({ "456": [entry(30)] }),
      "retry-after": "7",
    });
    assert.equal(retryAfterSecondsFrom(headers, "999"), 7);
  });

  it("looks at every business when no business is given (a call that names none)", () => {
    const headers = new Headers({
      "x-business-use-case-usage": buc({ "123": [entry(2)], "456": [entry(30)] }),
    });
    assert.equal(retryAfterSecondsFrom(headers), 1800);
  });

  it("caps the wait at an hour (a 10-hour regain time, a day of Retry-After)", () => {
    assert.equal(MAX_WAIT_SECONDS, 3_600);
    const usage = new Headers({ "x-business-use-case-usage": buc({ "1": [entry(600)] }) });
    assert.equal(retryAfterSecondsFrom(usage, "1"), 3_600);
    assert.equal(retryAfterSecondsFrom(usage), 3_600);
    assert.equal(retryAfterSecondsFrom(new Headers({ "retry-after": "86400" }), "1"), 3_600);
    const justOver = new Headers({ "x-business-use-case-usage": buc({ "1": [entry(60.5)] }) });
    assert.equal(retryAfterSecondsFrom(justOver, "1"), 3_600);
    const justUnder = new Headers({ "x-business-use-case-usage": buc({ "1": [entry(59.5)] }) });
    assert.equal(retryAfterSecondsFrom(justUnder, "1"), 3_570);
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
    assert.equal(retryAfterSecondsFrom(headers, "constructor"), undefined);
    assert.equal(retryAfterSecondsFrom(headers, "__proto__"), undefined);
    assert.equal(retryAfterSecondsFrom(headers, "1"), 60);
  });
});

describe("throttledBusinessesFrom", () => {
  it("names the path's business with its own wait, then every other throttled business", () => {
    const headers = new Headers({
      "x-business-use-case-usage": buc({
        "456": [entry(30)],
        "123": [entry(2)],
        "789": [entry(0)],
      }),
    });
    assert.deepEqual(throttledBusinessesFrom(headers, "123"), [
      { businessId: "123", seconds: 120 },
      { businessId: "456", seconds: 1800 },
    ]);
  });

  it("never puts the path's business on the list with another business's wait", () => {
    const headers = new Headers({ "x-business-use-case-usage": buc({ "456": [entry(60)] }) });
    assert.deepEqual(throttledBusinessesFrom(headers, "123"), [
      { businessId: "456", seconds: 3_600 },
    ]);
  });

  it("gives the path's business the Retry-After wait, which concerns the call itself", () => {
    const headers = new Headers({ "retry-after": "90" });
    assert.deepEqual(throttledBusinessesFrom(headers, "123"), [{ businessId: "123", seconds: 90 }]);
  });

  it("without a path business: the businesses the header names, and no one for Retry-After", () => {
    const headers = new Headers({
      "x-business-use-case-usage": buc({ "123": [entry(2)], "456": [entry(5)] }),
      "retry-after": "90",
    });
    assert.deepEqual(throttledBusinessesFrom(headers), [
      { businessId: "123", seconds: 120 },
      { businessId: "456", seconds: 300 },
    ]);
    assert.deepEqual(throttledBusinessesFrom(new Headers({ "retry-after": "90" })), []);
  });

  it("caps every wait at an hour", () => {
    const headers = new Headers({
      "x-business-use-case-usage": buc({ "1": [entry(600)], "2": [entry(1_440)] }),
    });
    assert.deepEqual(throttledBusinessesFrom(headers, "1"), [
      { businessId: "1", seconds: 3_600 },
      { businessId: "2", seconds: 3_600 },
    ]);
  });

  it("skips keys that are not business IDs and entries that are garbage", () => {
    const headers = new Headers({
      "x-business-use-case-usage": JSON.stringify({
        constructor: [entry(5)],
        "12a": [entry(5)],
        "": [entry(5)],
        "2": "x",
        "3": [null, entry("10")],
        "4": [entry(1)],
      }),
    });
    assert.deepEqual(throttledBusinessesFrom(headers), [{ businessId: "4", seconds: 60 }]);
  });

  it("garbage or no header → no one", () => {
    for (const value of ["{oops", "[]", "null", ""]) {
      const headers = new Headers({ "x-business-use-case-usage": value });
      assert.deepEqual(throttledBusinessesFrom(headers, "1"), [], value);
    }
    assert.deepEqual(throttledBusinessesFrom(new Headers(), "1"), []);
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
