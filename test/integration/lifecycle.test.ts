// The number lifecycle through HTTP: addPreverifiedNumber, requestVerificationCode,
// verifyPreverifiedNumber and deletePreverifiedNumber against the emulator. Each success, each
// local refusal (no Meta call), each Meta error member, the no-second-OTP rule under a stalled
// upstream with retries, scope and business refusals with JWTs, and the whole walk
// add → request → verify → share → unshare → delete. Each test starts from the emulator's seed.
import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { EMULATOR_FAULT_HEADER, FIXTURES } from "../../src/emulator/index.js";
import {
  AddPreverifiedNumberDocument,
  DeletePreverifiedNumberDocument,
  RequestVerificationCodeDocument,
  SharePreverifiedNumberDocument,
  UnsharePreverifiedNumberDocument,
  VerifyPreverifiedNumberDocument,
} from "../__generated__/graphql.js";
import { jwtSettingsOf, startIdentityProvider, type IdentityProvider } from "../helpers/jwt.js";
import { startStack, type Stack } from "../helpers/stack.js";

const { businesses, tokens, numbers, phoneNumbers, verificationCode } = FIXTURES;
type Loose = Record<string, unknown>;
type Options = { token?: string; authorization?: string; headers?: Record<string, string> };

const ACME: Options = { token: tokens.acme };
const DAY_MS = 24 * 60 * 60 * 1000;

/** One mutation; its result, and the Meta calls it made to the lifecycle edges. */
async function run<TData, TVariables>(
  stack: Stack,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  options: Options = ACME,
): Promise<{ result: Loose; calls: { method: string; path: string; body: string }[] }> {
  const before = stack.emulator.requests.length;
  const response = await stack.execute(document, variables, options);
  assert.equal(response.status, 200, response.text);
  assert.equal((response.body as { errors?: unknown }).errors, undefined, response.text);
  const data = (response.body as { data?: Record<string, Loose> }).data ?? {};
  const result = Object.values(data)[0];
  assert.ok(result, response.text);
  const calls = stack.emulator.requests
    .slice(before)
    .filter((request) => request.method !== "GET")
    .map(({ method, path, body }) => ({ method, path, body }));
  return { result, calls };
}

const add = (
  stack: Stack,
  phoneNumber: string,
  options?: Options,
  businessId: string = businesses.acme,
) => run(stack, AddPreverifiedNumberDocument, { input: { businessId, phoneNumber } }, options);
const requestCode = (stack: Stack, preverifiedId: string, options?: Options, language = "en_US") =>
  run(
    stack,
    RequestVerificationCodeDocument,
    { input: { preverifiedId, method: "SMS" as never, language } },
    options,
  );
const verify = (stack: Stack, preverifiedId: string, code: string, options?: Options) =>
  run(stack, VerifyPreverifiedNumberDocument, { input: { preverifiedId, code } }, options);
const remove = (stack: Stack, preverifiedId: string, options?: Options) =>
  run(stack, DeletePreverifiedNumberDocument, { input: { preverifiedId } }, options);

describe("the number lifecycle", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  beforeEach(() => {
    stack.resetEmulator();
  });
  after(async () => {
    await stack.close();
  });

  it("adds a number, normalised to E.164 and sent in the body: NOT_VERIFIED", async () => {
    const { result, calls } = await add(stack, "+1 (555) 014-2000");
    assert.equal(result["__typename"], "AddPreverifiedNumberSuccess", JSON.stringify(result));
    const added = result["preverifiedNumber"] as Loose;
    assert.match(String(added["id"]), /^[0-9]+$/);
    assert.equal(added["verificationStatus"], "NOT_VERIFIED");
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.path, `/v25.0/${businesses.acme}/add_phone_numbers`);
    assert.deepEqual(JSON.parse(calls[0].body), { phone_number: phoneNumbers.fresh });
    assert.ok(!stack.logs.join("\n").includes("5550142000"), "the phone number is never logged");
  });

  it("answers PreverifiedNumberRejectedError for a number already added, and at the limit", async () => {
    assert.equal(
      (await add(stack, phoneNumbers.fresh)).result["__typename"],
      "AddPreverifiedNumberSuccess",
    );
    const again = await add(stack, phoneNumbers.fresh);
    assert.equal(again.result["__typename"], "PreverifiedNumberRejectedError");
    assert.equal(again.result["rejectionReason"], "ALREADY_ADDED");
    assert.equal(again.result["metaCode"], 100);
    assert.equal(again.result["retryable"], false);
    const full = await add(stack, phoneNumbers.fresh, { token: tokens.full }, businesses.full);
    assert.equal(full.result["__typename"], "PreverifiedNumberRejectedError");
    assert.equal(full.result["rejectionReason"], "LIMIT_REACHED");
  });

  it("refuses an impossible phone number locally, without echoing it", async () => {
    for (const phoneNumber of [
      phoneNumbers.impossible,
      "5550142000",
      "not a number",
      "+1555".repeat(10),
    ]) {
      const { result, calls } = await add(stack, phoneNumber);
      assert.equal(result["__typename"], "InvalidInputError");
      assert.equal(result["field"], "phoneNumber");
      assert.ok(!String(result["message"]).includes(phoneNumber));
      assert.equal(calls.length, 0);
    }
    assert.ok(!stack.logs.join("\n").includes("+1555"), "the phone number is never logged");
  });

  it("answers PermissionDeniedError for a business the token may not act for", async () => {
    const { result } = await add(stack, phoneNumbers.fresh, ACME, businesses.globex);
    assert.equal(result["__typename"], "PermissionDeniedError");
    assert.equal(result["metaCode"], 200);
    assert.equal(result["metaSubcode"], 1349174);
  });

  it("requests a code and verifies it (the SMS's hyphen removed): VERIFIED for 90 days", async () => {
    const requested = await requestCode(stack, numbers.notVerified);
    assert.equal(requested.result["__typename"], "RequestVerificationCodeSuccess");
    assert.equal(requested.calls[0]?.path, `/v25.0/${numbers.notVerified}/request_code`);
    assert.deepEqual(JSON.parse(requested.calls[0].body), {
      code_method: "SMS",
      language: "en_US",
    });
    const verified = await verify(stack, numbers.notVerified, "123-456");
    assert.equal(verified.result["__typename"], "VerifyPreverifiedNumberSuccess");
    assert.deepEqual(JSON.parse(verified.calls[0]?.body ?? "{}"), { code: verificationCode });
    const number = verified.result["preverifiedNumber"] as Loose;
    assert.equal(number["verificationStatus"], "VERIFIED");
    const expires = Date.parse(String(number["verificationExpiresAt"]));
    assert.ok(Math.abs(expires - (Date.now() + 90 * DAY_MS)) < DAY_MS, String(expires));
  });

  it("requests a code for a number within its re-verification window", async () => {
    const { result } = await requestCode(stack, numbers.reverifiable);
    assert.equal(result["__typename"], "RequestVerificationCodeSuccess");
  });

  it("answers VerificationCodeError for a number verified long before its expiry", async () => {
    const { result } = await requestCode(stack, numbers.verified);
    assert.equal(result["__typename"], "VerificationCodeError");
    assert.equal(result["metaCode"], 136024);
    assert.equal(result["userTitle"], "Number already verified");
    assert.equal(result["userMessage"], "This phone number is already verified.");
    assert.equal(result["retryable"], false);
  });

  it("answers RateLimitedError for Meta's volume limit on codes, asked once", async () => {
    for (let request = 0; request < 3; request += 1) {
      const ok = await requestCode(stack, numbers.notVerified);
      assert.equal(ok.result["__typename"], "RequestVerificationCodeSuccess");
    }
    const { result, calls } = await requestCode(stack, numbers.notVerified);
    assert.equal(result["__typename"], "RateLimitedError");
    assert.equal(result["metaCode"], 136024);
    assert.equal(result["userTitle"], "Too many codes requested");
    assert.equal(result["retryable"], true);
    assert.equal(calls.length, 1, "a volume limit is not retried");
  });

  it("answers VerificationCodeError for a wrong code, no code, and too many attempts", async () => {
    const none = await verify(stack, numbers.notVerified, verificationCode);
    assert.equal(none.result["__typename"], "VerificationCodeError");
    assert.equal(none.result["metaCode"], 136025);
    assert.equal(none.result["userTitle"], "No code requested");
    await requestCode(stack, numbers.notVerified);
    const titles: unknown[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      titles.push((await verify(stack, numbers.notVerified, "000000")).result["userTitle"]);
    }
    assert.deepEqual(titles, [
      "Incorrect code",
      "Incorrect code",
      "Incorrect code",
      "Incorrect code",
      "Too many attempts",
    ]);
    const afterVoid = await verify(stack, numbers.notVerified, verificationCode);
    assert.equal(afterVoid.result["__typename"], "VerificationCodeError");
  });

  it("refuses a malformed language, code or ID locally", async () => {
    const cases = [
      [await requestCode(stack, numbers.notVerified, ACME, "en-us"), "language"],
      [await requestCode(stack, "12ab"), "preverifiedId"],
      [await verify(stack, numbers.notVerified, "12345"), "code"],
      [await verify(stack, numbers.notVerified, "12a456"), "code"],
      [await remove(stack, " "), "preverifiedId"],
    ] as const;
    for (const [{ result, calls }, field] of cases) {
      assert.equal(result["__typename"], "InvalidInputError");
      assert.equal(result["field"], field);
      assert.equal(calls.length, 0);
    }
  });

  it("answers NotFoundError for an unknown number, AuthenticationError without a token", async () => {
    assert.equal((await requestCode(stack, numbers.unknown)).result["__typename"], "NotFoundError");
    assert.equal((await remove(stack, numbers.unknown)).result["__typename"], "NotFoundError");
    const anonymous = await verify(stack, numbers.notVerified, verificationCode, {});
    assert.equal(anonymous.result["__typename"], "AuthenticationError");
    assert.equal(anonymous.calls.length, 0);
    const expired = await remove(stack, numbers.deletable, { token: tokens.expired });
    assert.equal(expired.result["__typename"], "AuthenticationError");
    assert.equal(expired.result["metaCode"], 190);
  });

  it("deletes a number not in use; refuses one shared with a partner", async () => {
    const inUse = await remove(stack, numbers.sharedWithPartnerOne);
    assert.equal(inUse.result["__typename"], "PreverifiedNumberRejectedError");
    assert.equal(inUse.result["rejectionReason"], "IN_USE");
    const deleted = await remove(stack, numbers.deletable);
    assert.deepEqual(deleted.result, {
      __typename: "DeletePreverifiedNumberSuccess",
      deletedId: numbers.deletable,
    });
    assert.deepEqual(deleted.calls, [
      { method: "DELETE", path: `/v25.0/${numbers.deletable}`, body: "" },
    ]);
    assert.equal((await remove(stack, numbers.deletable)).result["__typename"], "NotFoundError");
  });

  it("walks add → request a code → verify → share → unshare → delete", async () => {
    const added = await add(stack, phoneNumbers.fresh);
    const id = String((added.result["preverifiedNumber"] as Loose)["id"]);
    assert.equal(
      (await requestCode(stack, id)).result["__typename"],
      "RequestVerificationCodeSuccess",
    );
    // A number added at run time gets a random code, visible to a developer only.
    const answer = await fetch(`${stack.emulator.url}/_emulator/verification-codes/${id}`);
    const { code } = (await answer.json()) as { code: string };
    assert.match(code, /^[0-9]{6}$/);
    const verified = await verify(stack, id, code);
    assert.equal(verified.result["__typename"], "VerifyPreverifiedNumberSuccess");
    const share = {
      businessId: businesses.acme,
      preverifiedId: id,
      partnerBusinessId: businesses.partnerOne,
    };
    const shared = await run(stack, SharePreverifiedNumberDocument, { input: share });
    assert.equal(shared.result["__typename"], "SharePreverifiedNumberSuccess");
    assert.equal((await remove(stack, id)).result["rejectionReason"], "IN_USE");
    const unshared = await run(stack, UnsharePreverifiedNumberDocument, { input: share });
    assert.equal(unshared.result["__typename"], "UnsharePreverifiedNumberSuccess");
    const deleted = await remove(stack, id);
    assert.equal(deleted.result["__typename"], "DeletePreverifiedNumberSuccess");
  });
});

describe("the no-second-OTP rule (retries enabled, upstream stalled)", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      forwardedHeaders: [EMULATOR_FAULT_HEADER],
      graphApi: {
        timeoutMs: 250,
        deadlineMs: 3_000,
        maxRetries: 2,
        retryBaseDelayMs: 1,
        retryMaxDelayMs: 5,
        circuitMinCalls: 1_000,
      },
    });
  });
  beforeEach(() => {
    stack.resetEmulator();
  });
  after(async () => {
    await stack.close();
  });

  const fault = (spec: string): Options => ({
    ...ACME,
    headers: { [EMULATOR_FAULT_HEADER]: spec },
  });

  for (const spec of [
    "stall;times=1",
    "reset;times=1",
    "truncated;times=1",
    "status:503;times=1",
  ]) {
    it(`requests a code once after "${spec}": a retryable UpstreamError says it may have been sent`, async () => {
      const { result, calls } = await requestCode(stack, numbers.notVerified, fault(spec));
      assert.equal(result["__typename"], "UpstreamError", JSON.stringify(result));
      assert.equal(result["retryable"], true);
      assert.match(String(result["message"]), /code may have been sent/);
      assert.equal(calls.filter((call) => call.path.endsWith("/request_code")).length, 1);
    });
  }

  it("verifies and adds once after a stall too", async () => {
    await requestCode(stack, numbers.notVerified);
    const verified = await verify(
      stack,
      numbers.notVerified,
      verificationCode,
      fault("stall;times=1"),
    );
    assert.equal(verified.result["__typename"], "UpstreamError");
    assert.match(String(verified.result["message"]), /may have been checked/);
    assert.equal(verified.calls.length, 1);
    const added = await add(stack, phoneNumbers.fresh, fault("stall;times=1"));
    assert.equal(added.result["__typename"], "UpstreamError");
    assert.match(String(added.result["message"]), /was not added, so adding it again is safe/);
    assert.equal(added.calls.length, 1);
  });

  it("settles an add whose answer was lost with a read: found means added, never sent twice", async () => {
    const { result, calls } = await add(stack, phoneNumbers.fresh, fault("truncated;times=1"));
    assert.equal(result["__typename"], "AddPreverifiedNumberSuccess", JSON.stringify(result));
    assert.equal(calls.length, 1);
    const id = String((result["preverifiedNumber"] as Loose)["id"]);
    assert.match(id, /^[0-9]+$/);
  });

  it('counts a delete retried after a lost answer that meets "not found" as done', async () => {
    const { result, calls } = await remove(stack, numbers.deletable, fault("truncated;times=1"));
    assert.equal(result["__typename"], "DeletePreverifiedNumberSuccess");
    assert.equal(calls.length, 2);
  });
});

describe("the number lifecycle with JWT callers", () => {
  let idp: IdentityProvider;
  let stack: Stack;
  before(async () => {
    idp = await startIdentityProvider({
      issuer: "https://idp.test.example/",
      audience: "preverified-sharing-subgraph",
    });
    stack = await startStack({ serviceToken: tokens.acme, jwt: jwtSettingsOf(idp) });
  });
  beforeEach(() => {
    stack.resetEmulator();
  });
  after(async () => {
    await stack.close();
    await idp.close();
  });

  const caller = async (
    scope: string,
    businessIds: string[] = [businesses.acme],
  ): Promise<Options> => ({
    authorization: `Bearer ${await idp.sign({ sub: "manager-1", businesses: businessIds, scope })}`,
  });

  it("needs preverified:manage: refused before any Meta call", async () => {
    const sharer = await caller("preverified:read preverified:share");
    for (const { result, calls } of [
      await add(stack, phoneNumbers.fresh, sharer),
      await requestCode(stack, numbers.notVerified, sharer),
      await verify(stack, numbers.notVerified, verificationCode, sharer),
      await remove(stack, numbers.deletable, sharer),
    ]) {
      assert.equal(result["__typename"], "PermissionDeniedError");
      assert.match(String(result["message"]), /preverified:manage/);
      assert.equal(calls.length, 0);
    }
    assert.equal(stack.emulator.requests.length, 0);
  });

  it("adds only for the caller's businesses, and acts only on numbers they own", async () => {
    // Fields of the number on the success need the read scope too.
    const manager = await caller("preverified:manage preverified:read");
    const elsewhere = await add(stack, phoneNumbers.fresh, manager, businesses.globex);
    assert.equal(elsewhere.result["__typename"], "PermissionDeniedError");
    assert.equal(stack.emulator.requests.length, 0);
    const notOwned = await requestCode(stack, numbers.globexShareable, manager);
    assert.equal(notOwned.result["__typename"], "PermissionDeniedError");
    assert.equal(notOwned.calls.length, 0, "only the ownership read reached Meta");
    const owned = await requestCode(stack, numbers.notVerified, manager);
    assert.equal(owned.result["__typename"], "RequestVerificationCodeSuccess");
    const deleted = await remove(stack, numbers.deletable, manager);
    assert.equal(deleted.result["__typename"], "DeletePreverifiedNumberSuccess");
  });

  it("records one audit line per attempt, with IDs only", async () => {
    // Fields of the number on the success need the read scope too.
    const manager = await caller("preverified:manage preverified:read");
    await add(stack, phoneNumbers.fresh, manager);
    await remove(stack, numbers.deletable, manager);
    const audit = stack.logs
      .map((line) => JSON.parse(line) as Loose)
      .filter((line) => line["audit"] === true);
    const actions = audit.map((line) => [line["action"], line["result"]]);
    assert.deepEqual(actions.slice(-2), [
      ["add_number", "success"],
      ["delete_number", "success"],
    ]);
    assert.ok(!stack.logs.join("\n").includes("5550142000"));
  });
});
