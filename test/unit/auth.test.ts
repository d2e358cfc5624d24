import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type CallerAuth, parseAuthorization } from "../../src/auth/bearer.js";
import { metaTokenAuthentication } from "../../src/auth/meta-token.js";

const label = (header: string | undefined) =>
  header === undefined
    ? "undefined"
    : header.length > 40
      ? `${JSON.stringify(header.slice(0, 20))}… (${header.length} chars)`
      : JSON.stringify(header);

describe("parseAuthorization", () => {
  const cases: { header: string | undefined; expected: CallerAuth }[] = [
    // No credentials at all.
    { header: undefined, expected: { kind: "none" } },
    { header: "", expected: { kind: "none" } },
    { header: " ", expected: { kind: "none" } },
    { header: " \t ", expected: { kind: "none" } },

    // Bearer tokens, scheme case-insensitive, surrounding blanks tolerated.
    { header: "Bearer abc", expected: { kind: "bearer", token: "abc" } },
    { header: "bearer abc", expected: { kind: "bearer", token: "abc" } },
    { header: "BEARER abc", expected: { kind: "bearer", token: "abc" } },
    { header: "bEaReR abc", expected: { kind: "bearer", token: "abc" } },
    { header: "Bearer   abc  ", expected: { kind: "bearer", token: "abc" } },
    { header: "Bearer\tabc\t", expected: { kind: "bearer", token: "abc" } },
    {
      header: "Bearer EAAB.x-y_z~+/=",
      expected: { kind: "bearer", token: "EAAB.x-y_z~+/=" },
    },
    { header: `Bearer ${"a".repeat(4096)}`, expected: { kind: "bearer", token: "a".repeat(4096) } },

    // Anything else is malformed.
    { header: "Bearer", expected: { kind: "malformed" } },
    { header: "Bearer ", expected: { kind: "malformed" } },
    { header: "Bearerabc", expected: { kind: "malformed" } },
    { header: "Bearer a b", expected: { kind: "malformed" } },
    { header: "Basic xyz", expected: { kind: "malformed" } },
    { header: "Token abc", expected: { kind: "malformed" } },
    { header: "abc", expected: { kind: "malformed" } },
    { header: `Bearer ${"a".repeat(4097)}`, expected: { kind: "malformed" } },
    { header: "Bearer ab\u0001c", expected: { kind: "malformed" } },
    { header: "Bearer abc\u007f", expected: { kind: "malformed" } },
    { header: "Bearer ab\u0000c", expected: { kind: "malformed" } },
    { header: "Bearer abc\n", expected: { kind: "malformed" } },
    { header: "Bearer abcé", expected: { kind: "malformed" } },
    { header: "Bearer 令牌", expected: { kind: "malformed" } },
    { header: "Bearer a\u00a0b", expected: { kind: "malformed" } },
  ];

  for (const { header, expected } of cases) {
    it(`${label(header)} → ${expected.kind}`, () => {
      assert.deepEqual(parseAuthorization(header), expected);
    });
  }

  it("never keeps a malformed value", () => {
    const result = parseAuthorization("Bearer secret value");
    assert.deepEqual(Object.keys(result), ["kind"]);
    assert.ok(!JSON.stringify(result).includes("secret"));
  });
});

describe("metaTokenAuthentication", () => {
  it("in service mode answers the service token whatever the caller sends, keyed by address", async () => {
    const authenticate = metaTokenAuthentication("service-token");
    const caller = { metaToken: "service-token", key: "ip:10.0.0.7" };
    assert.deepEqual(
      await authenticate({ headers: { authorization: "Bearer caller" }, ip: "10.0.0.7" }),
      { ok: true, caller },
    );
    assert.deepEqual(await authenticate({ headers: {}, ip: "10.0.0.7" }), { ok: true, caller });
  });

  it("otherwise forwards the caller's bearer token, and says when there is none", async () => {
    const authenticate = metaTokenAuthentication(undefined);
    const forwarded = await authenticate({
      headers: { authorization: "Bearer caller" },
      ip: "10.0.0.7",
    });
    assert.ok(forwarded.ok);
    assert.equal(forwarded.caller.metaToken, "caller");
    // Keyed by a hash of the token, never the token itself.
    assert.match(forwarded.caller.key, /^t:[A-Za-z0-9_-]{43}$/);
    assert.ok(!forwarded.caller.key.includes("caller"));
    assert.equal(forwarded.caller.grants, undefined);
    for (const headers of [{}, { authorization: ["a", "b"] }]) {
      const none = await authenticate({ headers, ip: "10.0.0.7" });
      assert.ok(!none.ok);
      assert.equal(none.failure.kind, "authentication");
      assert.match(none.failure.message, /No access token was sent/);
    }
    const malformed = await authenticate({ headers: { authorization: "Basic x" }, ip: "1" });
    assert.ok(!malformed.ok);
    assert.match(malformed.failure.message, /malformed/);
  });
});
