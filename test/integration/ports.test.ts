// The ports the composition root injects, swapped through the public interface: a caller-
// authentication step of its own and a clock that the callers' budgets and the throttle memory read.
import "reflect-metadata";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Authenticate } from "../../src/auth/caller.js";
import { FIXTURES } from "../../src/emulator/index.js";
import { SANDBOX_EXAMPLE_OPERATION } from "../../src/sandbox.js";
import { startStack, type Stack } from "../helpers/stack.js";

const { businesses, tokens, numbers, scenarios } = FIXTURES;
type Loose = Record<string, unknown>;

async function share(stack: Stack, preverifiedId: string, headers: Record<string, string>) {
  const answer = await stack.post(
    {
      query: SANDBOX_EXAMPLE_OPERATION,
      variables: {
        input: {
          businessId: businesses.acme,
          preverifiedId,
          partnerBusinessId: businesses.partnerOne,
        },
      },
    },
    headers,
  );
  assert.equal(answer.status, 200, answer.text);
  return (answer.body.data as { sharePreverifiedNumber: Loose }).sharePreverifiedNumber;
}

describe("injected ports", () => {
  it("uses the authentication step it is given (asynchronous), and only it", async () => {
    const seen: string[] = [];
    const authenticate: Authenticate = async (request) => {
      await new Promise((resolve) => setImmediate(resolve));
      const caller = request.headers["x-test-caller"];
      seen.push(String(caller));
      return caller === "acme"
        ? { ok: true, caller: { metaToken: tokens.acme, key: "test:acme" } }
        : {
            ok: false,
            failure: { kind: "authentication", retryable: false, message: "Who are you?" },
          };
    };
    const stack = await startStack({ authenticate });
    try {
      const ok = await share(stack, numbers.verified, { "x-test-caller": "acme" });
      assert.equal(ok["__typename"], "SharePreverifiedNumberSuccess");
      const before = stack.emulator.requests.length;
      // A Meta token in the Authorization header means nothing to this step.
      const refused = await share(stack, numbers.globexShareable, {
        authorization: `Bearer ${tokens.acme}`,
      });
      assert.equal(refused["__typename"], "AuthenticationError");
      assert.equal(stack.emulator.requests.length, before, "refused before any Meta call");
      assert.deepEqual(seen, ["acme", "undefined"]);
    } finally {
      await stack.close();
    }
  });

  it("reads the callers' budgets and Meta's throttles from the clock it is given", async () => {
    let now = Date.UTC(2026, 11, 1);
    const stack = await startStack({
      clock: { now: () => now },
      mutationRateLimit: { perMinute: 1, burst: 1 },
    });
    const auth = { authorization: `Bearer ${tokens.acme}` };
    try {
      assert.equal(
        (await share(stack, numbers.verified, auth))["__typename"],
        "SharePreverifiedNumberSuccess",
      );
      const limited = await share(stack, numbers.bulk[0] ?? "", auth);
      assert.equal(limited["__typename"], "RateLimitedError");
      assert.equal(limited["retryAfterSeconds"], 60);
      now += 60_000;
      // A minute later on that clock (no real waiting), the budget has a token again; Meta's
      // throttle (5 minutes) is remembered on the same clock.
      const throttled = await share(stack, scenarios.businessUseCaseRateLimit, auth);
      assert.equal(throttled["__typename"], "RateLimitedError");
      assert.equal(throttled["retryAfterSeconds"], 300);
      now += 60_000;
      const before = stack.emulator.requests.length;
      const remembered = await share(stack, numbers.bulk[1] ?? "", auth);
      assert.equal(remembered["__typename"], "RateLimitedError");
      assert.equal(remembered["retryAfterSeconds"], 240, "4 of Meta's 5 minutes left");
      assert.equal(stack.emulator.requests.length, before, "not sent while Meta throttles");
    } finally {
      await stack.close();
    }
  });
});
