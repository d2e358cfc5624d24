import assert from "node:assert/strict";
import { connect } from "node:net";
import { afterEach, beforeEach, describe, it } from "node:test";

import {
  FIXTURES,
  MAX_BODY_BYTES,
  SCENARIO_IDS,
  startMetaEmulator,
  type MetaEmulator,
} from "../../src/emulator/index.js";
import type { GraphApiErrorBody, GraphApiErrorObject } from "../../src/graph-api/wire.js";
import { SUPPORTED_GRAPH_API_VERSIONS } from "../../src/graph-api/wire.js";
import { FBTRACE_PATTERN, JSON_CONTENT_TYPE, type Reply, shareParams } from "./support.js";

const { businesses: B, tokens: T, numbers: N } = FIXTURES;

let emulator: MetaEmulator;

beforeEach(async () => {
  emulator = await startMetaEmulator();
});

afterEach(async () => {
  await emulator.close();
});

interface ShareCall {
  version?: string;
  business?: string;
  token?: string | null;
  params?: Record<string, unknown>;
  method?: string;
}

function sharePath(version: string, business: string): string {
  return `/${version}/${business}/share_preverified_numbers`;
}

async function request(path: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(`${emulator.url}${path}`, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** POSTs a JSON body like the OpenAPI example; `token: null` sends no token at all. */
async function share(call: ShareCall = {}): Promise<Reply> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const token = call.token === undefined ? T.acme : call.token;
  if (token !== null) {
    headers.authorization = `Bearer ${token}`;
  }
  const method = call.method ?? "POST";
  return request(sharePath(call.version ?? "v25.0", call.business ?? B.acme), {
    method,
    headers,
    body: method === "GET" || method === "HEAD" ? undefined : JSON.stringify(call.params ?? {}),
  });
}

/** Parses a Meta error reply and checks what every error must have. */
function metaError(reply: Reply, expected: Partial<GraphApiErrorObject> & { status: number }) {
  assert.equal(reply.status, expected.status, reply.text);
  assert.equal(reply.headers.get("content-type"), JSON_CONTENT_TYPE);
  const body = JSON.parse(reply.text) as GraphApiErrorBody;
  const { error } = body;
  assert.match(error.fbtrace_id ?? "", FBTRACE_PATTERN);
  assert.equal(reply.headers.get("x-fb-trace-id"), error.fbtrace_id);
  assert.ok(reply.headers.get("x-fb-request-id"));
  assert.match(
    reply.headers.get("www-authenticate") ?? "",
    /^OAuth "Facebook Platform" "[a-z_]+" "/,
  );
  const { status: _status, ...fields } = expected;
  for (const [key, value] of Object.entries(fields)) {
    assert.deepEqual(error[key as keyof GraphApiErrorObject], value, `error.${key}`);
  }
  if (expected.error_subcode === undefined) {
    assert.equal(error.error_subcode, undefined, "no error_subcode expected");
  }
  return error;
}

describe("success", () => {
  it("shares a VERIFIED number owned by the business and answers {success:true}", async () => {
    const reply = await share({ params: shareParams(N.verified, B.partnerOne) });
    assert.equal(reply.status, 200);
    assert.deepEqual(JSON.parse(reply.text), { success: true });
    assert.equal(reply.headers.get("content-type"), JSON_CONTENT_TYPE);
    assert.equal(reply.headers.get("facebook-api-version"), "v25.0");
    assert.match(reply.headers.get("x-fb-trace-id") ?? "", FBTRACE_PATTERN);
    assert.ok(reply.headers.get("x-fb-request-id"));
    assert.equal(reply.headers.get("www-authenticate"), null);
    assert.deepEqual(emulator.store.sharedWith(N.verified), [B.partnerOne]);
    assert.equal(emulator.store.getNumber(N.verified)?.ownerBusinessId, B.acme);
  });

  it("answers 422 already shared on the second attempt", async () => {
    const params = shareParams(N.verified, B.partnerTwo);
    assert.equal((await share({ params })).status, 200);
    metaError(await share({ params }), {
      status: 422,
      code: 100,
      type: "GraphMethodException",
      message: "Pre-verified phone number is already shared with the target business",
    });
  });

  it("shares one number with two partners", async () => {
    metaError(await share({ params: shareParams(N.sharedWithPartnerOne, B.partnerOne) }), {
      status: 422,
      code: 100,
      message: "Pre-verified phone number is already shared with the target business",
    });
    const reply = await share({ params: shareParams(N.sharedWithPartnerOne, B.partnerTwo) });
    assert.equal(reply.status, 200);
    assert.deepEqual(emulator.store.getNumber(N.sharedWithPartnerOne)?.sharedWithBusinessIds, [
      B.partnerOne,
      B.partnerTwo,
    ]);
  });

  it("lets a business with sharing rights share another owner's number; the owner stays", async () => {
    const reply = await share({ params: shareParams(N.globexShareable, B.partnerTwo) });
    assert.equal(reply.status, 200, reply.text);
    const number = emulator.store.getNumber(N.globexShareable);
    assert.equal(number?.ownerBusinessId, B.globex);
    assert.deepEqual(number.sharedWithBusinessIds, [B.partnerTwo]);
  });

  it("accepts the parameters as a form body", async () => {
    const reply = await request(sharePath("v25.0", B.acme), {
      method: "POST",
      headers: { authorization: `Bearer ${T.acme}` },
      body: new URLSearchParams(shareParams(N.verified, B.partnerTwo)),
    });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(emulator.store.sharedWith(N.verified), [B.partnerTwo]);
  });

  it("accepts the parameters and access_token in the query string (Meta's guide)", async () => {
    const query = new URLSearchParams({
      ...shareParams(N.verified, B.partnerOne),
      access_token: T.acme,
    });
    const reply = await request(`${sharePath("v23.0", B.acme)}?${query.toString()}`, {
      method: "POST",
    });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.headers.get("facebook-api-version"), "v23.0");
    assert.deepEqual(emulator.store.sharedWith(N.verified), [B.partnerOne]);
  });

  it("accepts every supported version and JSON numbers as IDs", async () => {
    const cases = [
      { version: "v23.0", number: N.verified, partner: B.partnerOne },
      { version: "v24.0", number: N.globexShareable, partner: B.partnerOne },
      { version: "v25.0", number: N.sharedWithPartnerOne, partner: B.partnerTwo },
    ];
    assert.deepEqual(
      cases.map((c) => c.version),
      [...SUPPORTED_GRAPH_API_VERSIONS],
    );
    for (const { version, number, partner } of cases) {
      const reply = await share({
        version,
        params: { preverified_id: Number(number), partner_business_id: partner },
      });
      assert.equal(reply.status, 200, `${version}: ${reply.text}`);
      assert.equal(reply.headers.get("facebook-api-version"), version);
    }
  });

  it("seeds the fixture businesses with their display names", () => {
    for (const [key, id] of Object.entries(B)) {
      const name = FIXTURES.businessNames[key as keyof typeof B];
      assert.equal(emulator.store.getBusiness(id)?.name, name);
    }
    assert.equal(emulator.store.getBusiness(B.acme)?.name, "Acme Solution Partner");
  });

  it("store.reset() goes back to the seed", async () => {
    assert.equal((await share({ params: shareParams(N.verified, B.partnerOne) })).status, 200);
    emulator.store.reset();
    assert.deepEqual(emulator.store.sharedWith(N.verified), []);
    assert.equal((await share({ params: shareParams(N.verified, B.partnerOne) })).status, 200);
  });
});

describe("rule 1: path, version and method", () => {
  it("rejects an unknown edge with code 2500", async () => {
    const reply = await request(`/v25.0/${B.acme}/share_numbers`, {
      method: "POST",
      headers: { authorization: `Bearer ${T.acme}` },
    });
    metaError(reply, {
      status: 400,
      code: 2500,
      type: "OAuthException",
      message: "Unknown path components: /share_numbers",
    });
  });

  it("rejects a path without a version before looking at the token", async () => {
    const reply = await request(`/${B.acme}/share_preverified_numbers`, { method: "POST" });
    metaError(reply, {
      status: 400,
      code: 2500,
      message: `Unknown path components: /${B.acme}/share_preverified_numbers`,
    });
  });

  it("rejects a deprecated version with code 2635", async () => {
    const error = metaError(await share({ version: "v22.0" }), {
      status: 400,
      code: 2635,
      type: "OAuthException",
    });
    assert.match(error.message, /^\(#2635\) You are calling a deprecated version/);
  });

  it("rejects an unknown newer version with code 100", async () => {
    const error = metaError(await share({ version: "v99.0" }), { status: 400, code: 100 });
    assert.match(error.message, /Unsupported version: v99\.0/);
  });

  it("rejects GET on the share edge with 'Unsupported get request'", async () => {
    const error = metaError(await share({ method: "GET" }), {
      status: 400,
      code: 100,
      type: "GraphMethodException",
    });
    assert.match(error.message, /^Unsupported get request\. /);
  });

  // DELETE is the unshare edge (test/emulator/unshare.test.ts); other methods are refused.
  it("rejects PUT on the share edge", async () => {
    const error = metaError(await share({ method: "PUT" }), { status: 400, code: 100 });
    assert.match(error.message, /^Unsupported put request\. /);
  });
});

describe("rule 2: no token", () => {
  it("answers 400 code 104", async () => {
    metaError(await share({ token: null, params: shareParams(N.verified, B.partnerOne) }), {
      status: 400,
      code: 104,
      type: "OAuthException",
      message: "An access token is required to request this resource.",
    });
  });
});

describe("rule 3: invalid or expired token", () => {
  it("answers 401 code 190 without subcode for an unknown token", async () => {
    const reply = await share({ token: T.unknown, params: shareParams(N.verified, B.partnerOne) });
    metaError(reply, {
      status: 401,
      code: 190,
      type: "OAuthException",
      message: "Invalid OAuth access token - Cannot parse access token",
    });
    assert.match(reply.headers.get("www-authenticate") ?? "", /"invalid_token"/);
  });

  it("answers 401 code 190 subcode 463 for an expired token", async () => {
    const error = metaError(
      await share({ token: T.expired, params: shareParams(N.verified, B.partnerOne) }),
      { status: 401, code: 190, error_subcode: 463, type: "OAuthException" },
    );
    assert.match(
      error.message,
      /^Error validating access token: Session has expired on \w+, \d\d-\w{3}-\d\d \d\d:\d\d:\d\d P[SD]T\. The current time is /,
    );
  });

  it("checks the token before the scenarios", async () => {
    const reply = await share({
      token: T.unknown,
      params: shareParams(SCENARIO_IDS.internalServerError, B.partnerOne),
    });
    metaError(reply, { status: 401, code: 190 });
  });
});

describe("rule 4: path business", () => {
  it("answers 100/33 for a business ID that is not numeric", async () => {
    metaError(await share({ business: "acme", params: shareParams(N.verified, B.partnerOne) }), {
      status: 400,
      code: 100,
      error_subcode: 33,
      type: "GraphMethodException",
      message:
        "Unsupported post request. Object with ID 'acme' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
    });
  });

  it("answers 100/33 for an unknown numeric business", async () => {
    const error = metaError(
      await share({ business: "1999999999999999", params: shareParams(N.verified, B.partnerOne) }),
      { status: 400, code: 100, error_subcode: 33 },
    );
    assert.match(error.message, /Object with ID '1999999999999999' does not exist/);
  });
});

describe("rule 5: token's rights on the business", () => {
  it("answers 403 code 10 when the token belongs to another business", async () => {
    metaError(
      await share({ business: B.globex, params: shareParams(N.globexNoRights, B.partnerOne) }),
      {
        status: 403,
        code: 10,
        type: "OAuthException",
        message: "(#10) You do not have permission to perform this action.",
      },
    );
  });

  it("answers 403 code 200 when the token lacks business_management", async () => {
    const reply = await share({
      token: T.noPermission,
      params: shareParams(N.verified, B.partnerOne),
    });
    metaError(reply, {
      status: 403,
      code: 200,
      type: "OAuthException",
      message: "(#200) Requires business_management permission to manage the object",
    });
    assert.match(reply.headers.get("www-authenticate") ?? "", /"insufficient_scope"/);
  });
});

describe("rule 6: parameters", () => {
  it("treats unparseable JSON as a missing preverified_id", async () => {
    const reply = await request(sharePath("v25.0", B.acme), {
      method: "POST",
      headers: { authorization: `Bearer ${T.acme}`, "content-type": "application/json" },
      body: '{"preverified_id": "3000000000000001",',
    });
    metaError(reply, {
      status: 400,
      code: 100,
      type: "OAuthException",
      message: "(#100) The parameter preverified_id is required",
    });
  });

  it("reports a missing partner_business_id", async () => {
    metaError(await share({ params: { preverified_id: N.verified } }), {
      status: 400,
      code: 100,
      message: "(#100) The parameter partner_business_id is required",
    });
  });

  it("rejects a non-numeric preverified_id", async () => {
    metaError(await share({ params: shareParams("30000-abc", B.partnerOne) }), {
      status: 400,
      code: 100,
      type: "OAuthException",
      message: "Invalid preverified_id: must be a valid numeric string",
    });
  });

  it("rejects a non-numeric partner_business_id (also a JSON non-string)", async () => {
    for (const partner of ["partner-one", true]) {
      metaError(
        await share({ params: { preverified_id: N.verified, partner_business_id: partner } }),
        {
          status: 400,
          code: 100,
          message: "Invalid partner_business_id: must be a valid numeric string",
        },
      );
    }
  });

  it("answers 413 with a Meta error for a body over 64 KiB and keeps serving", async () => {
    const reply = await request(sharePath("v25.0", B.acme), {
      method: "POST",
      headers: { authorization: `Bearer ${T.acme}`, "content-type": "application/json" },
      body: JSON.stringify({ padding: "x".repeat(MAX_BODY_BYTES * 4) }),
    });
    metaError(reply, { status: 413, code: 100 });
    assert.equal(emulator.requests[0]?.body.length, MAX_BODY_BYTES);
    assert.equal((await share({ params: shareParams(N.verified, B.partnerOne) })).status, 200);
  });
});

describe("rule 7: scenario IDs", () => {
  const scenario = (id: string): Promise<Reply> => share({ params: shareParams(id, B.partnerOne) });

  it("3000000000000429: 429 code 80008 with X-Business-Use-Case-Usage", async () => {
    const reply = await scenario(SCENARIO_IDS.businessUseCaseRateLimit);
    const error = metaError(reply, {
      status: 429,
      code: 80008,
      type: "OAuthException",
      is_transient: true,
    });
    assert.match(
      error.message,
      /^\(#80008\) There have been too many calls to this WhatsApp Business account\. Wait a bit and try again\./,
    );
    assert.deepEqual(JSON.parse(reply.headers.get("x-business-use-case-usage") ?? "null"), {
      [B.acme]: [
        {
          type: "whatsapp_business_management",
          call_count: 100,
          total_cputime: 12,
          total_time: 14,
          estimated_time_to_regain_access: 5,
        },
      ],
    });
  });

  it("3000000000000430: 400 code 4/2446079 with X-App-Usage", async () => {
    const reply = await scenario(SCENARIO_IDS.appRateLimit);
    metaError(reply, {
      status: 400,
      code: 4,
      error_subcode: 2446079,
      message: "(#4) Application request limit reached",
      is_transient: true,
    });
    assert.deepEqual(JSON.parse(reply.headers.get("x-app-usage") ?? "null"), {
      call_count: 100,
      total_cputime: 20,
      total_time: 25,
    });
  });

  it("3000000000000500: 500 code 2, transient", async () => {
    metaError(await scenario(SCENARIO_IDS.internalServerError), {
      status: 500,
      code: 2,
      type: "GraphMethodException",
      message: "An unexpected error occurred. Please retry your request",
      is_transient: true,
    });
  });

  it("3000000000000502: 502 with Facebook's HTML error page", async () => {
    const reply = await scenario(SCENARIO_IDS.badGatewayHtml);
    assert.equal(reply.status, 502);
    assert.match(reply.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(reply.text, /^<!DOCTYPE html>/);
    assert.match(reply.text, /<title>Facebook \| Error<\/title>/);
    assert.match(reply.text, /Sorry, something went wrong/);
  });

  it("3000000000000503: 503 with an empty body", async () => {
    const reply = await scenario(SCENARIO_IDS.serviceUnavailableEmpty);
    assert.equal(reply.status, 503);
    assert.equal(reply.text, "");
    assert.equal(reply.headers.get("content-length"), "0");
    assert.equal(reply.headers.get("content-type"), null);
  });

  it("3000000000000200: HTTP 200 with an error body", async () => {
    metaError(await scenario(SCENARIO_IDS.errorWithHttp200), {
      status: 200,
      code: 1,
      type: "OAuthException",
      message: "An unknown error occurred",
      is_transient: false,
    });
  });

  it("3000000000000408: never answers; the client's timeout fires", async () => {
    const started = Date.now();
    await assert.rejects(
      fetch(`${emulator.url}${sharePath("v25.0", B.acme)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${T.acme}`, "content-type": "application/json" },
        body: JSON.stringify(shareParams(SCENARIO_IDS.noResponse, B.partnerOne)),
        signal: AbortSignal.timeout(300),
      }),
      { name: "TimeoutError" },
    );
    assert.ok(Date.now() - started >= 250);
    assert.equal(emulator.requests.length, 1);
    assert.equal((await share({ params: shareParams(N.verified, B.partnerOne) })).status, 200);
  });

  it("scenarios come after business access (code 10 wins)", async () => {
    const reply = await share({
      business: B.globex,
      params: shareParams(SCENARIO_IDS.badGatewayHtml, B.partnerOne),
    });
    metaError(reply, { status: 403, code: 10 });
  });

  it("scenarios come before the store rules (self-share still hits the scenario)", async () => {
    metaError(await share({ params: shareParams(SCENARIO_IDS.internalServerError, B.acme) }), {
      status: 500,
      code: 2,
    });
  });
});

describe("rules 8–14: share rules", () => {
  it("rule 8: sharing with itself is an invalid partner_business_id", async () => {
    metaError(await share({ params: shareParams(N.verified, B.acme) }), {
      status: 400,
      code: 100,
      message:
        "Invalid partner_business_id: a business cannot share a pre-verified phone number with itself",
    });
  });

  it("rule 9: unknown number → 404 code 803", async () => {
    const reply = await share({ params: shareParams(N.unknown, B.partnerOne) });
    metaError(reply, {
      status: 404,
      code: 803,
      type: "GraphMethodException",
      message: "Pre-verified phone number not found",
    });
    assert.match(reply.headers.get("www-authenticate") ?? "", /"not_found"/);
  });

  it("rule 9: unknown partner business → 404 code 803 Business not found", async () => {
    metaError(await share({ params: shareParams(N.verified, "2999999999999999") }), {
      status: 404,
      code: 803,
      type: "GraphMethodException",
      message: "Business not found",
    });
  });

  it("rule 10: a number the business cannot share → 403 200/1349174", async () => {
    metaError(await share({ params: shareParams(N.globexNoRights, B.partnerOne) }), {
      status: 403,
      code: 200,
      error_subcode: 1349174,
      type: "OAuthException",
      message: "Your business doesn't have permission to share this pre-verified phone number",
      error_user_title: "Permission Denied",
      error_user_msg: "Your business doesn't have permission to share this phone number",
    });
  });

  it("rule 11: a partner not accessible to the business → 403 200/1349175", async () => {
    metaError(await share({ params: shareParams(N.verified, B.outsider) }), {
      status: 403,
      code: 200,
      error_subcode: 1349175,
      type: "OAuthException",
      message: "Target business is not accessible or sharing is not allowed",
      error_user_title: "Access Denied",
      error_user_msg: "Cannot share with the specified business",
    });
    assert.deepEqual(emulator.store.sharedWith(N.verified), []);
  });

  it("rule 12: a relationship that does not allow sharing → 422", async () => {
    metaError(await share({ params: shareParams(N.verified, B.restrictedPartner) }), {
      status: 422,
      code: 100,
      type: "GraphMethodException",
      message: "Business relationship does not allow phone number sharing",
    });
  });

  it("rule 13: NOT_VERIFIED and EXPIRED numbers are not shareable → 422", async () => {
    for (const id of [N.notVerified, N.expired]) {
      metaError(await share({ params: shareParams(id, B.partnerOne) }), {
        status: 422,
        code: 100,
        type: "GraphMethodException",
        message: "Pre-verified phone number is not in a shareable state",
      });
    }
    assert.deepEqual(emulator.store.sharedWith(N.notVerified), []);
  });

  it("Globex's own token can share its number", async () => {
    const reply = await share({
      token: T.globex,
      business: B.globex,
      params: shareParams(N.globexNoRights, B.outsider),
    });
    assert.equal(reply.status, 200, reply.text);
  });
});

describe("envelope", () => {
  it("gives every error a fresh fbtrace_id", async () => {
    const first = metaError(await share({ token: null }), { status: 400, code: 104 });
    const second = metaError(await share({ token: null }), { status: 400, code: 104 });
    assert.notEqual(first.fbtrace_id, second.fbtrace_id);
  });

  it("records every request before answering", async () => {
    await share({ params: shareParams(N.verified, B.partnerOne) });
    await request(`${sharePath("v24.0", B.acme)}?preverified_id=1&access_token=abc`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "partner_business_id=2",
    });
    assert.equal(emulator.requests.length, 2);
    const [first, second] = emulator.requests;
    assert.equal(first?.method, "POST");
    assert.equal(first.path, sharePath("v25.0", B.acme));
    assert.deepEqual(first.query, {});
    assert.equal(first.headers.authorization, `Bearer ${T.acme}`);
    assert.deepEqual(JSON.parse(first.body), shareParams(N.verified, B.partnerOne));
    assert.ok(first.receivedAt <= Date.now() && first.receivedAt > Date.now() - 10_000);
    assert.equal(second?.path, sharePath("v24.0", B.acme));
    assert.deepEqual(second.query, { preverified_id: "1", access_token: "abc" });
    assert.equal(second.body, "partner_business_id=2");
  });
});

describe("robustness", () => {
  it("answers odd requests with Meta errors and keeps serving", async () => {
    const odd: { path: string; init: RequestInit; code: number }[] = [
      { path: "/", init: {}, code: 2500 },
      { path: "/v25.0", init: { method: "POST" }, code: 2500 },
      { path: "/v25.0/%ZZ/share_preverified_numbers/extra", init: { method: "POST" }, code: 2500 },
      { path: sharePath("v25.0", B.acme), init: { method: "OPTIONS" }, code: 100 },
      {
        path: sharePath("v25.0", B.acme),
        init: { method: "POST", headers: { authorization: "Basic abc" } },
        code: 104,
      },
      {
        path: sharePath("v25.0", B.acme),
        init: {
          method: "POST",
          headers: { authorization: `Bearer ${T.acme}`, "content-type": "application/json" },
          body: "[1, 2, 3]",
        },
        code: 100,
      },
      {
        path: sharePath("v25.0", B.acme),
        init: {
          method: "POST",
          headers: { authorization: `Bearer ${T.acme}`, "content-type": "text/plain" },
          body: "\u0000\uffff%%%=&&==",
        },
        code: 100,
      },
    ];
    for (const { path, init, code } of odd) {
      const reply = await request(path, init);
      const body = JSON.parse(reply.text) as GraphApiErrorBody;
      assert.equal(body.error.code, code, `${init.method ?? "GET"} ${path}: ${reply.text}`);
      assert.equal(reply.status, 400);
    }
    assert.equal((await share({ params: shareParams(N.verified, B.partnerOne) })).status, 200);
  });

  it("escapes quotes echoed from the path inside WWW-Authenticate", async () => {
    // fetch would percent-encode the quote, so speak HTTP over a plain socket.
    const { port } = new URL(emulator.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write(
          `POST /v25.0/a"b/share_preverified_numbers HTTP/1.1\r\nHost: x\r\n` +
            `Authorization: Bearer ${T.acme}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
        );
      });
      let data = "";
      socket.on("data", (chunk: Buffer) => (data += chunk.toString("latin1")));
      socket.on("close", () => {
        resolve(data);
      });
      socket.on("error", reject);
    });
    assert.match(raw, /^HTTP\/1\.1 400 /);
    assert.match(
      raw,
      /\r\nwww-authenticate: OAuth "Facebook Platform" "invalid_request" "Unsupported post request\. Object with ID 'a\\"b' does not exist/,
    );
    assert.match(
      raw,
      /"message":"Unsupported post request\. Object with ID 'a\\"b' does not exist/,
    );
  });
});

describe("close()", () => {
  it("resolves promptly while a 3000000000000408 request hangs", async () => {
    const hanging = fetch(`${emulator.url}${sharePath("v25.0", B.acme)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${T.acme}`, "content-type": "application/json" },
      body: JSON.stringify(shareParams(SCENARIO_IDS.noResponse, B.partnerOne)),
      signal: AbortSignal.timeout(5_000),
    });
    const outcome = hanging.then(
      () => "answered",
      (error: unknown) => (error instanceof Error ? error.name : "rejected"),
    );
    for (let waited = 0; emulator.requests.length === 0 && waited < 2_000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(emulator.requests.length, 1, "the hanging request reached the emulator");

    const started = Date.now();
    await emulator.close();
    assert.ok(Date.now() - started < 1_000, `close() took ${Date.now() - started} ms`);
    // The connection was cut by the server, long before the client's 5 s timeout.
    assert.equal(await outcome, "TypeError");
  });

  it("resolves promptly with an idle keep-alive connection and can be called twice", async () => {
    assert.equal((await share({ params: shareParams(N.verified, B.partnerOne) })).status, 200);
    const started = Date.now();
    await Promise.all([emulator.close(), emulator.close()]);
    assert.ok(Date.now() - started < 1_000, `close() took ${Date.now() - started} ms`);
    await assert.rejects(fetch(`${emulator.url}/`), TypeError);
  });
});

describe("recorded requests", () => {
  it("keeps only the most recent maxRecordedRequests", async () => {
    const emulator = await startMetaEmulator({ maxRecordedRequests: 3 });
    try {
      for (let i = 0; i < 5; i += 1) {
        await fetch(`${emulator.url}/v25.0/${B.acme}/share_preverified_numbers?n=${i}`, {
          method: "POST",
        });
      }
      assert.deepEqual(
        emulator.requests.map((request) => request.query["n"]),
        ["2", "3", "4"],
      );
    } finally {
      await emulator.close();
    }
  });
});
