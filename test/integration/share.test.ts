// One case per union member, triggered through the emulator exactly as a user would: an HTTP
// request to the service, which calls the emulator over HTTP.
import assert from "node:assert/strict";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { FIXTURES } from "../../src/emulator/index.js";
import {
  SharePreverifiedNumberDocument,
  type SharePreverifiedNumberInput,
  ShareTwiceAliasedDocument,
} from "../__generated__/graphql.js";
import { bearer, shareInput } from "../helpers/graphql.js";
import { shareCalls, startStack, TEST_USER_AGENT, type Stack } from "../helpers/stack.js";

const { businesses, tokens, numbers, scenarios } = FIXTURES;

type Loose = Record<string, unknown>;

async function share(
  stack: Stack,
  input: Partial<SharePreverifiedNumberInput>,
  options: { token?: string; authorization?: string } = { token: tokens.acme },
): Promise<Loose> {
  const response = await stack.execute(
    SharePreverifiedNumberDocument,
    { input: { ...shareInput(), ...input } },
    options,
  );
  assert.equal(response.status, 200, response.text);
  assert.equal(response.body.errors, undefined, response.text);
  const result = response.body.data?.sharePreverifiedNumber as Loose | undefined;
  assert.ok(result, response.text);
  return result;
}

describe("sharePreverifiedNumber through the emulator", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ timeoutMs: 400 });
  });
  beforeEach(() => {
    stack.resetEmulator();
  });
  after(async () => {
    await stack.close();
  });

  describe("SharePreverifiedNumberSuccess", () => {
    it("shares, sends Meta's wire format, and the partner gains access", async () => {
      const before = shareCalls(stack).length;
      const result = await share(stack, {});
      assert.deepEqual(result, {
        __typename: "SharePreverifiedNumberSuccess",
        preverifiedNumber: { id: numbers.verified },
        business: { id: businesses.acme },
        partnerBusiness: { id: businesses.partnerOne },
      });
      const calls = shareCalls(stack).slice(before);
      assert.equal(calls.length, 1);
      const call = calls[0]!;
      assert.equal(call.method, "POST");
      assert.equal(call.path, `/v25.0/${businesses.acme}/share_preverified_numbers`);
      assert.deepEqual(JSON.parse(call.body), {
        preverified_id: numbers.verified,
        partner_business_id: businesses.partnerOne,
      });
      assert.equal(call.headers.authorization, `Bearer ${tokens.acme}`);
      assert.equal(call.headers["user-agent"], TEST_USER_AGENT);
      assert.match(String(call.headers["content-type"]), /^application\/json/);
      const number = stack.emulator.store.getNumber(numbers.verified);
      assert.equal(number?.ownerBusinessId, businesses.acme, "the owner keeps the number");
    });

    it("shares one number with several partners", async () => {
      const result = await share(stack, {
        preverifiedId: numbers.sharedWithPartnerOne,
        partnerBusinessId: businesses.partnerTwo,
      });
      assert.equal(result["__typename"], "SharePreverifiedNumberSuccess");
    });

    it("shares a number the business may share but does not own", async () => {
      const result = await share(stack, { preverifiedId: numbers.globexShareable });
      assert.equal(result["__typename"], "SharePreverifiedNumberSuccess");
      assert.equal(
        stack.emulator.store.getNumber(numbers.globexShareable)?.ownerBusinessId,
        businesses.globex,
      );
    });

    it("trims surrounding white space before calling Meta", async () => {
      const result = await share(stack, {
        preverifiedId: ` ${numbers.globexShareable} `,
        partnerBusinessId: `\t${businesses.partnerTwo}\n`,
      });
      assert.equal(result["__typename"], "SharePreverifiedNumberSuccess");
      assert.deepEqual(result["preverifiedNumber"], { id: numbers.globexShareable });
      const last = shareCalls(stack).at(-1);
      assert.deepEqual(JSON.parse(last?.body ?? ""), {
        preverified_id: numbers.globexShareable,
        partner_business_id: businesses.partnerTwo,
      });
    });

    it("asks Meta once when one operation repeats the same share under two aliases", async () => {
      const before = shareCalls(stack).length;
      const input = {
        businessId: businesses.acme,
        preverifiedId: numbers.verified,
        partnerBusinessId: businesses.partnerTwo,
      };
      const response = await stack.execute(
        ShareTwiceAliasedDocument,
        { input },
        { headers: bearer(tokens.acme) },
      );
      assert.deepEqual(response.body.data, {
        a: { __typename: "SharePreverifiedNumberSuccess" },
        b: { __typename: "SharePreverifiedNumberSuccess" },
      });
      assert.equal(shareCalls(stack).length - before, 1);
    });
  });

  describe("InvalidInputError (checked locally: nothing reaches Meta)", () => {
    const cases: [string, Partial<SharePreverifiedNumberInput>, string][] = [
      ["non-numeric", { preverifiedId: "12ab" }, "preverifiedId"],
      ["empty", { businessId: "" }, "businessId"],
      ["white space only", { partnerBusinessId: "   " }, "partnerBusinessId"],
      ["33 digits", { preverifiedId: "1".repeat(33) }, "preverifiedId"],
      ["Arabic-Indic digits", { preverifiedId: "١٢٣٤" }, "preverifiedId"],
      ["full-width digits", { partnerBusinessId: "１２３" }, "partnerBusinessId"],
      ["a path segment", { businessId: "1/../2" }, "businessId"],
      ["negative", { preverifiedId: "-1" }, "preverifiedId"],
      ["sharing with oneself", { partnerBusinessId: businesses.acme }, "partnerBusinessId"],
    ];
    for (const [name, input, field] of cases) {
      it(`rejects ${name} as ${field}`, async () => {
        const before = stack.emulator.requests.length;
        const result = await share(stack, input);
        assert.equal(result["__typename"], "InvalidInputError");
        assert.equal(result["field"], field);
        assert.equal(result["retryable"], false);
        assert.match(String(result["message"]), new RegExp(field));
        assert.equal(stack.emulator.requests.length, before, "no upstream call");
      });
    }

    it("reports bad input even without a token, and still calls nobody", async () => {
      const before = stack.emulator.requests.length;
      const result = await share(stack, { preverifiedId: "x" }, {});
      assert.equal(result["__typename"], "InvalidInputError");
      assert.equal(stack.emulator.requests.length, before);
    });
  });

  describe("AuthenticationError", () => {
    it("answers without calling Meta when no token is sent", async () => {
      const before = stack.emulator.requests.length;
      const result = await share(stack, {}, {});
      assert.equal(result["__typename"], "AuthenticationError");
      assert.equal(result["retryable"], false);
      assert.match(String(result["message"]), /Authorization: Bearer/);
      assert.equal(stack.emulator.requests.length, before);
    });

    for (const authorization of [
      "Basic dXNlcjpwYXNz",
      "Bearer",
      "Bearer two tokens",
      "Token abc",
    ]) {
      it(`rejects the malformed header ${JSON.stringify(authorization)} without calling Meta`, async () => {
        const before = stack.emulator.requests.length;
        const result = await share(stack, {}, { authorization });
        assert.equal(result["__typename"], "AuthenticationError");
        assert.match(String(result["message"]), /malformed/);
        assert.equal(stack.emulator.requests.length, before);
      });
    }

    it("maps an invalid token (Meta code 190) and keeps Meta's details", async () => {
      const result = await share(stack, {}, { token: tokens.unknown });
      assert.equal(result["__typename"], "AuthenticationError");
      assert.equal(result["metaCode"], 190);
      assert.match(String(result["fbtraceId"]), /^[\w-]{8,}$/);
    });

    it("maps an expired token (190/463)", async () => {
      const result = await share(stack, {}, { token: tokens.expired });
      assert.equal(result["__typename"], "AuthenticationError");
      assert.equal(result["metaCode"], 190);
      assert.equal(result["metaSubcode"], 463);
    });
  });

  describe("PermissionDeniedError", () => {
    it("maps a number the business has no rights on (200/1349174) with Meta's user texts", async () => {
      const result = await share(stack, { preverifiedId: numbers.globexNoRights });
      assert.equal(result["__typename"], "PermissionDeniedError");
      assert.equal(result["metaCode"], 200);
      assert.equal(result["metaSubcode"], 1349174);
      assert.equal(typeof result["userTitle"], "string");
      assert.equal(typeof result["userMessage"], "string");
      assert.equal(result["retryable"], false);
    });

    it("maps a partner that is not accessible (200/1349175)", async () => {
      const result = await share(stack, { partnerBusinessId: businesses.outsider });
      assert.equal(result["__typename"], "PermissionDeniedError");
      assert.equal(result["metaSubcode"], 1349175);
    });

    it("maps a token of another business (code 10)", async () => {
      const result = await share(stack, {}, { token: tokens.globex });
      assert.equal(result["__typename"], "PermissionDeniedError");
      assert.equal(result["metaCode"], 10);
    });

    it("maps a token without business_management (code 200)", async () => {
      const result = await share(stack, {}, { token: tokens.noPermission });
      assert.equal(result["__typename"], "PermissionDeniedError");
      assert.equal(result["metaCode"], 200);
    });
  });

  describe("NotFoundError", () => {
    it("maps an unknown number (803)", async () => {
      const result = await share(stack, { preverifiedId: numbers.unknown });
      assert.equal(result["__typename"], "NotFoundError");
      assert.equal(result["metaCode"], 803);
      assert.equal(result["retryable"], false);
    });

    it("maps an unknown partner business (803)", async () => {
      const result = await share(stack, { partnerBusinessId: "2999999999999999" });
      assert.equal(result["__typename"], "NotFoundError");
      assert.equal(result["metaCode"], 803);
    });

    it("maps an unknown requesting business (100/33)", async () => {
      const result = await share(stack, { businessId: "1999999999999999" });
      assert.equal(result["__typename"], "NotFoundError");
      assert.equal(result["metaCode"], 100);
      assert.equal(result["metaSubcode"], 33);
    });
  });

  describe("SharingRejectedError", () => {
    it("maps a second share with the same partner to ALREADY_SHARED", async () => {
      const result = await share(stack, { preverifiedId: numbers.sharedWithPartnerOne });
      assert.equal(result["__typename"], "SharingRejectedError");
      assert.equal(result["rejectionReason"], "ALREADY_SHARED");
      assert.equal(result["metaCode"], 100);
      assert.equal(result["retryable"], false);
    });

    it("maps an unverified number to NOT_SHAREABLE", async () => {
      const result = await share(stack, { preverifiedId: numbers.notVerified });
      assert.equal(result["__typename"], "SharingRejectedError");
      assert.equal(result["rejectionReason"], "NOT_SHAREABLE");
    });

    it("maps an expired verification to NOT_SHAREABLE", async () => {
      const result = await share(stack, { preverifiedId: numbers.expired });
      assert.equal(result["rejectionReason"], "NOT_SHAREABLE");
    });

    it("maps a relationship that does not allow sharing to RELATIONSHIP_NOT_ALLOWED", async () => {
      const result = await share(stack, { partnerBusinessId: businesses.restrictedPartner });
      assert.equal(result["__typename"], "SharingRejectedError");
      assert.equal(result["rejectionReason"], "RELATIONSHIP_NOT_ALLOWED");
    });
  });

  describe("RateLimitedError", () => {
    // A stack per test: a throttled business is not called again until Meta's regain time.
    let throttled: Stack;
    beforeEach(async () => {
      throttled = await startStack();
    });
    afterEach(async () => {
      await throttled.close();
    });

    it("maps the application limit (4/2446079) on HTTP 400", async () => {
      const result = await share(throttled, { preverifiedId: scenarios.appRateLimit });
      assert.equal(result["__typename"], "RateLimitedError");
      assert.equal(result["metaCode"], 4);
      assert.equal(result["metaSubcode"], 2446079);
      assert.equal(result["retryable"], true);
    });

    it("maps the business use-case limit (80008) with retryAfterSeconds from the BUC header", async () => {
      const result = await share(throttled, { preverifiedId: scenarios.businessUseCaseRateLimit });
      assert.equal(result["__typename"], "RateLimitedError");
      assert.equal(result["metaCode"], 80008);
      assert.equal(result["retryable"], true);
      assert.equal(result["retryAfterSeconds"], 300);
    });

    it("does not call Meta for that business again before the regain time; other businesses still are", async () => {
      // Meta throttles Acme for 300 s (the business use-case limit).
      const limited = await share(throttled, { preverifiedId: scenarios.businessUseCaseRateLimit });
      assert.equal(limited["retryAfterSeconds"], 300);
      const before = shareCalls(throttled).length;
      const result = await share(throttled, { preverifiedId: numbers.verified });
      assert.equal(result["__typename"], "RateLimitedError");
      // Answered from memory: the service's own message, nothing of Meta's first answer.
      assert.equal(result["metaCode"], null);
      assert.equal(result["fbtraceId"], null);
      assert.match(String(result["message"]), /^Meta is throttling business 1000000000000001\. /);
      const retryAfter = Number(result["retryAfterSeconds"]);
      assert.ok(retryAfter > 290 && retryAfter <= 300, `retryAfterSeconds ${retryAfter}`);
      assert.equal(shareCalls(throttled).length, before, "no call for the throttled business");

      const other = await share(
        throttled,
        { businessId: businesses.globex, preverifiedId: numbers.globexShareable },
        { token: tokens.globex },
      );
      assert.equal(other["__typename"], "SharePreverifiedNumberSuccess");
      assert.equal(shareCalls(throttled).length, before + 1, "Globex was called");
    });
  });

  describe("UpstreamError", () => {
    it("maps Meta's 500 (code 2) to a retryable SERVER_ERROR", async () => {
      const result = await share(stack, { preverifiedId: scenarios.internalServerError });
      assert.equal(result["__typename"], "UpstreamError");
      assert.equal(result["upstreamReason"], "SERVER_ERROR");
      assert.equal(result["metaCode"], 2);
      assert.equal(result["httpStatus"], 500);
      assert.equal(result["retryable"], true);
      assert.match(String(result["fbtraceId"]), /^[\w-]{8,}$/);
    });

    it("maps an HTML 502 page to UNPARSEABLE_RESPONSE without echoing the page", async () => {
      const result = await share(stack, { preverifiedId: scenarios.badGatewayHtml });
      assert.equal(result["__typename"], "UpstreamError");
      assert.equal(result["upstreamReason"], "UNPARSEABLE_RESPONSE");
      assert.equal(result["httpStatus"], 502);
      assert.equal(result["retryable"], true);
      assert.doesNotMatch(String(result["message"]), /<html|<!DOCTYPE/i);
    });

    it("maps an empty 503 to UNPARSEABLE_RESPONSE", async () => {
      const result = await share(stack, { preverifiedId: scenarios.serviceUnavailableEmpty });
      assert.equal(result["upstreamReason"], "UNPARSEABLE_RESPONSE");
      assert.equal(result["httpStatus"], 503);
    });

    it("treats an error body on HTTP 200 as a failure, not a success", async () => {
      const result = await share(stack, { preverifiedId: scenarios.errorWithHttp200 });
      assert.equal(result["__typename"], "UpstreamError");
      assert.equal(result["metaCode"], 1);
      assert.equal(result["httpStatus"], 200);
    });

    it("answers TIMEOUT within the configured time when Meta never answers", async () => {
      const started = performance.now();
      const result = await share(stack, { preverifiedId: scenarios.noResponse });
      const elapsed = performance.now() - started;
      assert.equal(result["__typename"], "UpstreamError");
      assert.equal(result["upstreamReason"], "TIMEOUT");
      assert.equal(result["retryable"], true);
      assert.ok(elapsed >= 350 && elapsed < 3_000, `answered after ${elapsed.toFixed(0)} ms`);
    });
  });
});

describe("upstream transport failures", () => {
  it("maps a refused connection to NETWORK", async () => {
    const closed = createHttpServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      closed.close(() => {
        resolve();
      });
    });
    const stack = await startStack({ upstreamUrl: `http://127.0.0.1:${port}` });
    try {
      const result = await share(stack, {});
      assert.equal(result["__typename"], "UpstreamError");
      assert.equal(result["upstreamReason"], "NETWORK");
      assert.equal(result["retryable"], true);
      assert.match(String(result["message"]), /ECONNREFUSED/);
    } finally {
      await stack.close();
    }
  });

  it("maps a connection reset mid-response to NETWORK", async () => {
    const resetting = createHttpServer((request, _response) => {
      request.socket.destroy();
    });
    await new Promise<void>((resolve) => resetting.listen(0, "127.0.0.1", resolve));
    const { port } = resetting.address() as AddressInfo;
    const stack = await startStack({ upstreamUrl: `http://127.0.0.1:${port}` });
    try {
      const result = await share(stack, {});
      assert.equal(result["__typename"], "UpstreamError");
      assert.equal(result["upstreamReason"], "NETWORK");
    } finally {
      await stack.close();
      resetting.closeAllConnections();
      await new Promise<void>((resolve) => {
        resetting.close(() => {
          resolve();
        });
      });
    }
  });
});

describe("service mode (GRAPH_API_TOKEN)", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ serviceToken: tokens.acme });
  });
  beforeEach(() => {
    stack.resetEmulator();
  });
  after(async () => {
    await stack.close();
  });

  it("uses the service token when the caller sends none", async () => {
    const result = await share(stack, {}, {});
    assert.equal(result["__typename"], "SharePreverifiedNumberSuccess");
    assert.equal(stack.emulator.requests.at(-1)?.headers.authorization, `Bearer ${tokens.acme}`);
  });

  it("ignores the caller's token in favour of the service token", async () => {
    const result = await share(
      stack,
      { partnerBusinessId: businesses.partnerTwo },
      { token: tokens.expired },
    );
    assert.equal(result["__typename"], "SharePreverifiedNumberSuccess");
    assert.equal(stack.emulator.requests.at(-1)?.headers.authorization, `Bearer ${tokens.acme}`);
  });
});

describe("secrets", () => {
  it("never writes a caller's token into responses or logs", async () => {
    const stack = await startStack({ timeoutMs: 300 });
    const canary = "emu-token-canary-9f8e7d6c5b4a";
    try {
      const texts: string[] = [];
      for (const preverifiedId of [
        numbers.verified,
        scenarios.internalServerError,
        scenarios.badGatewayHtml,
        scenarios.noResponse,
      ]) {
        const response = await stack.execute(
          SharePreverifiedNumberDocument,
          {
            input: {
              businessId: businesses.acme,
              preverifiedId,
              partnerBusinessId: businesses.partnerOne,
            },
          },
          { token: canary },
        );
        texts.push(response.text, [...response.headers].join("\n"));
      }
      assert.ok(stack.logs.length > 0 || texts.length > 0);
      for (const text of [...texts, ...stack.logs]) {
        assert.ok(!text.includes(canary), `token leaked into: ${text.slice(0, 200)}`);
      }
      assert.ok(
        stack.emulator.requests.some(
          (request) => request.headers.authorization === `Bearer ${canary}`,
        ),
        "the token was forwarded upstream",
      );
    } finally {
      await stack.close();
    }
  });
});
