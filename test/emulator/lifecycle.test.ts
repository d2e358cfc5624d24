// The emulator's lifecycle edges: add_phone_numbers, request_code, verify_code and DELETE on a
// number, over HTTP, with a clock the tests move.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import {
  CODE_TTL_MS,
  CODE_VOLUME_WINDOW_MS,
  EMULATOR_FAULT_HEADER,
  FIXTURES,
  VERIFICATION_CODES_PATH,
  startMetaEmulator,
  type MetaEmulator,
} from "../../src/emulator/index.js";
import type { GraphApiErrorBody, GraphApiErrorObject } from "../../src/graph-api/wire.js";
import { FBTRACE_PATTERN, shareParams } from "./support.js";

const {
  businesses: B,
  tokens: T,
  numbers: N,
  phoneNumbers: P,
  verificationCode: DEV_CODE,
} = FIXTURES;
const DAY_MS = 24 * 60 * 60 * 1000;

let emulator: MetaEmulator;
/** The emulator's "now" (epoch milliseconds); tests move it. */
let now = 0;

beforeEach(async () => {
  now = Date.now();
  emulator = await startMetaEmulator({ clock: () => now });
});
afterEach(async () => {
  await emulator.close();
});

interface CallOptions {
  method?: string;
  token?: string | null;
  /** Where the parameters go: a form body (the default for POST), the query, or a JSON body. */
  in?: "form" | "query" | "json";
  fault?: string;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(
  path: string,
  params: Record<string, string> = {},
  options: CallOptions = {},
): Promise<Answer> {
  const method = options.method ?? "POST";
  const where = options.in ?? (method === "POST" ? "form" : "query");
  const query = new URLSearchParams(params).toString();
  const url = `${emulator.url}/v25.0${path}${where === "query" && query !== "" ? `?${query}` : ""}`;
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? T.acme : options.token;
  if (token !== null) {
    headers.authorization = `Bearer ${token}`;
  }
  if (options.fault !== undefined) {
    headers[EMULATOR_FAULT_HEADER] = options.fault;
  }
  let body: string | undefined;
  if (where === "form") {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = query;
  } else if (where === "json") {
    headers["content-type"] = "application/json";
    body = JSON.stringify(params);
  }
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const addNumber = (phoneNumber: string, options: CallOptions & { business?: string } = {}) =>
  call(`/${options.business ?? B.acme}/add_phone_numbers`, { phone_number: phoneNumber }, options);
const requestCode = (
  id: string,
  options: CallOptions = {},
  params: Record<string, string> = { code_method: "SMS", language: "en_US" },
) => call(`/${id}/request_code`, params, options);
const verifyCode = (id: string, code: string, options: CallOptions = {}) =>
  call(`/${id}/verify_code`, { code }, options);
const deleteNumber = (id: string, options: CallOptions = {}) =>
  call(`/${id}`, {}, { method: "DELETE", ...options });

/** The error of an answer, checked against the expected status and fields. */
function metaError(
  answer: Answer,
  expected: { status: number } & Partial<GraphApiErrorObject>,
): GraphApiErrorObject {
  const { status, ...fields } = expected;
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  const { error } = answer.body as unknown as GraphApiErrorBody;
  for (const [name, value] of Object.entries(fields)) {
    assert.deepEqual(error[name as keyof GraphApiErrorObject], value, name);
  }
  assert.match(error.fbtrace_id ?? "", FBTRACE_PATTERN);
  return error;
}

const SUCCESS: Answer = { status: 200, body: { success: true } };

async function devCode(id: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.url}${VERIFICATION_CODES_PATH}${id}`);
  return { status: response.status, body: await response.json() };
}

/** Meta's datetime style for `ms`. */
const metaTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}+0000`;

describe("POST /{business-id}/add_phone_numbers", () => {
  it("adds a NOT_VERIFIED number owned by the business, parameters in a form, query or JSON", async () => {
    const ids: string[] = [];
    for (const [where, phoneNumber] of [
      ["form", P.fresh],
      ["query", "+15550142001"],
      ["json", "+1 555-014-2002"],
    ] as const) {
      const answer = await addNumber(phoneNumber, { in: where });
      assert.equal(answer.status, 200);
      assert.deepEqual(Object.keys(answer.body), ["id"]);
      const id = answer.body.id;
      assert.ok(typeof id === "string" && /^[0-9]+$/.test(id));
      ids.push(id);
      const number = emulator.store.getNumber(id);
      assert.equal(number?.ownerBusinessId, B.acme);
      assert.equal(number.codeVerificationStatus, "NOT_VERIFIED");
      assert.equal(number.codeVerificationTime, null);
      assert.equal(number.verificationExpiryTime, null);
      assert.deepEqual(number.sharedWithBusinessIds, []);
    }
    assert.equal(new Set(ids).size, 3);
    assert.ok(!ids.includes(N.unknown));
    assert.equal(emulator.store.getNumber(ids[2] ?? "")?.phoneNumber, "+15550142002");

    // A read sees it.
    const read = await fetch(
      `${emulator.url}/v25.0/${ids[0] ?? ""}?fields=code_verification_status,phone_number`,
      { headers: { authorization: `Bearer ${T.acme}` } },
    );
    assert.deepEqual(await read.json(), {
      code_verification_status: "NOT_VERIFIED",
      phone_number: P.fresh,
      id: ids[0],
    });
  });

  it("answers 400 code 100 'Invalid parameter' for an impossible number", async () => {
    for (const phoneNumber of [P.impossible, "15550142000", "+0123456789", "call me"]) {
      const error = metaError(await addNumber(phoneNumber), {
        status: 400,
        code: 100,
        type: "OAuthException",
        message: "(#100) Invalid parameter",
        error_user_msg: "Invalid phone number",
      });
      assert.equal(error.error_subcode, undefined);
    }
  });

  it("answers 400 code 100 'required' without phone_number", async () => {
    metaError(await call(`/${B.acme}/add_phone_numbers`), {
      status: 400,
      code: 100,
      message: "(#100) The parameter phone_number is required",
    });
  });

  it("answers 422 code 100 for a number the business already has (any formatting)", async () => {
    for (const phoneNumber of [P.alreadyAdded, "+1 555-0100"]) {
      metaError(await addNumber(phoneNumber), {
        status: 422,
        code: 100,
        type: "GraphMethodException",
        message: "This phone number has already been added to this business",
      });
    }
    // Added once, it is there the second time too.
    assert.equal((await addNumber(P.fresh)).status, 200);
    metaError(await addNumber(P.fresh), { status: 422, code: 100 });
    // Another business may add the same number.
    assert.equal(
      (await addNumber(P.alreadyAdded, { token: T.globex, business: B.globex })).status,
      200,
    );
  });

  it("answers 422 code 100 'Maximum number…' for a business at its limit", async () => {
    metaError(await addNumber(P.fresh, { token: T.full, business: B.full }), {
      status: 422,
      code: 100,
      type: "GraphMethodException",
      message: "Maximum number of phone numbers per business account exceeded",
    });
    // Its one number deleted, it may add one again.
    assert.deepEqual(await deleteNumber(N.fullBusinessNumber, { token: T.full }), SUCCESS);
    assert.equal((await addNumber(P.fresh, { token: T.full, business: B.full })).status, 200);
    metaError(await addNumber("+15550142009", { token: T.full, business: B.full }), {
      status: 422,
      message: "Maximum number of phone numbers per business account exceeded",
    });
  });

  it("answers 403 code 200 subcode 1349174 on another business, 100/33 on an unknown one", async () => {
    metaError(await addNumber(P.fresh, { business: B.globex }), {
      status: 403,
      code: 200,
      error_subcode: 1349174,
      type: "OAuthException",
    });
    metaError(await addNumber(P.fresh, { business: "1999999999999999" }), {
      status: 400,
      code: 100,
      error_subcode: 33,
    });
  });
});

describe("POST /{preverified-id}/request_code", () => {
  it("issues the development code to a seeded NOT_VERIFIED number", async () => {
    assert.deepEqual(await devCode(N.notVerified), {
      status: 404,
      body: { error: "no current verification code" },
    });
    assert.deepEqual(await requestCode(N.notVerified), SUCCESS);
    assert.deepEqual(await devCode(N.notVerified), { status: 200, body: { code: DEV_CODE } });
    assert.deepEqual(
      await requestCode(
        N.notVerified,
        { in: "query" },
        { code_method: "VOICE", language: "pt_BR" },
      ),
      SUCCESS,
    );
    assert.deepEqual(await requestCode(N.expired, { in: "json" }), SUCCESS);
  });

  it("answers 136024 'Number already verified' more than 45 days before expiry", async () => {
    metaError(await requestCode(N.verified), {
      status: 400,
      code: 136024,
      type: "OAuthException",
      message: "Request code error",
      error_user_title: "Number already verified",
      error_user_msg: "This phone number is already verified.",
      is_transient: false,
    });
    // Within 45 days of its expiry (60 days away now), it may.
    now += 16 * DAY_MS;
    assert.deepEqual(await requestCode(N.verified), SUCCESS);
  });

  it("lets a VERIFIED number within 45 days of its expiry request a code", async () => {
    assert.deepEqual(await requestCode(N.reverifiable), SUCCESS);
    assert.equal(emulator.store.currentCode(N.reverifiable, new Date(now)), DEV_CODE);
  });

  it("answers 136024 'Too many codes requested' after 3 codes within an hour", async () => {
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(await requestCode(N.notVerified), SUCCESS);
      now += 60 * 1000;
    }
    for (let i = 0; i < 2; i++) {
      metaError(await requestCode(N.notVerified), {
        status: 400,
        code: 136024,
        message: "Request code error",
        error_user_title: "Too many codes requested",
        error_user_msg: "You requested too many codes for this number. Try again later.",
        is_transient: false,
      });
    }
    // Per number: another one is not affected.
    assert.deepEqual(await requestCode(N.deletable), SUCCESS);
    // An hour after the first code, one more.
    now += CODE_VOLUME_WINDOW_MS - 3 * 60 * 1000;
    assert.deepEqual(await requestCode(N.notVerified), SUCCESS);
    metaError(await requestCode(N.notVerified), { status: 400, code: 136024 });
  });

  it("answers 400 code 100 naming code_method or language when malformed or missing", async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ code_method: "EMAIL", language: "en_US" }, /^\(#100\) Invalid parameter: code_method/],
      [{ code_method: "sms", language: "en_US" }, /^\(#100\) Invalid parameter: code_method/],
      [{ code_method: "SMS", language: "english" }, /^\(#100\) Invalid parameter: language/],
      [{ code_method: "SMS", language: "en-US" }, /^\(#100\) Invalid parameter: language/],
      [{ language: "en_US" }, /^\(#100\) The parameter code_method is required$/],
      [{ code_method: "SMS" }, /^\(#100\) The parameter language is required$/],
    ];
    for (const [params, message] of cases) {
      const error = metaError(await requestCode(N.notVerified, {}, params), {
        status: 400,
        code: 100,
        type: "OAuthException",
      });
      assert.match(error.message, message);
    }
    assert.equal(emulator.store.currentCode(N.notVerified, new Date(now)), undefined);
  });

  it("logs each code on stdout when logCodes is on, never the phone number", async () => {
    const logging = await startMetaEmulator({ logCodes: true });
    const log = mock.method(console, "log", () => undefined);
    try {
      const response = await fetch(`${logging.url}/v25.0/${N.notVerified}/request_code`, {
        method: "POST",
        headers: { authorization: `Bearer ${T.acme}` },
        body: new URLSearchParams({ code_method: "SMS", language: "en_US" }),
      });
      assert.equal(response.status, 200);
      await response.arrayBuffer();
    } finally {
      log.mock.restore();
      await logging.close();
    }
    assert.deepEqual(
      log.mock.calls.map((entry) => entry.arguments),
      [[`emulator: verification code for ${N.notVerified}: ${DEV_CODE}`]],
    );
    // Off by default.
    const quiet = mock.method(console, "log", () => undefined);
    try {
      assert.deepEqual(await requestCode(N.notVerified), SUCCESS);
    } finally {
      quiet.mock.restore();
    }
    assert.equal(quiet.mock.callCount(), 0);
  });
});

describe("POST /{preverified-id}/verify_code", () => {
  it("verifies with the right code: VERIFIED now, expiring in 90 days", async () => {
    assert.deepEqual(await requestCode(N.notVerified), SUCCESS);
    now += 5 * 60 * 1000;
    assert.deepEqual(await verifyCode(N.notVerified, DEV_CODE), SUCCESS);
    const number = emulator.store.getNumber(N.notVerified);
    assert.equal(number?.codeVerificationStatus, "VERIFIED");
    assert.equal(number.codeVerificationTime, metaTime(now));
    assert.equal(number.verificationExpiryTime, metaTime(now + 90 * DAY_MS));
    // The code is used up; the number is now shareable.
    metaError(await verifyCode(N.notVerified, DEV_CODE), {
      status: 400,
      code: 136025,
      error_user_title: "No code requested",
    });
    assert.deepEqual(await devCode(N.notVerified), {
      status: 404,
      body: { error: "no current verification code" },
    });
    const share = await call(
      `/${B.acme}/share_preverified_numbers`,
      shareParams(N.notVerified, B.partnerOne),
    );
    assert.deepEqual(share, SUCCESS);
  });

  it("answers 136025 'No code requested' before any request_code", async () => {
    metaError(await verifyCode(N.notVerified, DEV_CODE), {
      status: 400,
      code: 136025,
      type: "OAuthException",
      message: "Verify code error",
      error_user_title: "No code requested",
      error_user_msg: "Request a code first.",
      is_transient: false,
    });
  });

  it("answers 'Incorrect code' 4 times, then 'Too many attempts' and the code is void", async () => {
    assert.deepEqual(await requestCode(N.notVerified), SUCCESS);
    for (let i = 0; i < 4; i++) {
      metaError(await verifyCode(N.notVerified, "654321"), {
        status: 400,
        code: 136025,
        message: "Verify code error",
        error_user_title: "Incorrect code",
        error_user_msg: "The code you entered is incorrect.",
        is_transient: false,
      });
    }
    for (const code of ["654321", DEV_CODE]) {
      metaError(await verifyCode(N.notVerified, code), {
        status: 400,
        code: 136025,
        error_user_title: "Too many attempts",
        error_user_msg: "Too many incorrect attempts. Request a new code.",
      });
    }
    assert.equal(emulator.store.getNumber(N.notVerified)?.codeVerificationStatus, "NOT_VERIFIED");
    assert.equal((await devCode(N.notVerified)).status, 404);
    // A new code starts over.
    assert.deepEqual(await requestCode(N.notVerified), SUCCESS);
    assert.deepEqual(await verifyCode(N.notVerified, DEV_CODE), SUCCESS);
  });

  it("answers 'Code expired' 10 minutes after the request; a new code replaces it", async () => {
    assert.deepEqual(await requestCode(N.notVerified), SUCCESS);
    now += CODE_TTL_MS;
    metaError(await verifyCode(N.notVerified, DEV_CODE), {
      status: 400,
      code: 136025,
      message: "Verify code error",
      error_user_title: "Code expired",
      error_user_msg: "This code has expired. Request a new one.",
      is_transient: false,
    });
    assert.deepEqual(await requestCode(N.notVerified), SUCCESS);
    now += CODE_TTL_MS - 1;
    assert.deepEqual(await verifyCode(N.notVerified, DEV_CODE, { in: "json" }), SUCCESS);
  });

  it("answers 400 code 100 naming code when it is not 6 digits, or missing", async () => {
    assert.deepEqual(await requestCode(N.notVerified), SUCCESS);
    for (const code of ["123-456", "12345", "1234567", "abcdef"]) {
      const error = metaError(await verifyCode(N.notVerified, code), { status: 400, code: 100 });
      assert.match(error.message, /^\(#100\) Invalid parameter: code /);
    }
    metaError(await call(`/${N.notVerified}/verify_code`), {
      status: 400,
      code: 100,
      message: "(#100) The parameter code is required",
    });
    // None of these counted as a wrong attempt.
    assert.deepEqual(await verifyCode(N.notVerified, DEV_CODE), SUCCESS);
  });
});

describe("DELETE /{preverified-id}", () => {
  it("deletes a number not shared: reads then say unknown", async () => {
    assert.deepEqual(await deleteNumber(N.deletable), SUCCESS);
    assert.equal(emulator.store.getNumber(N.deletable), undefined);
    const read = await fetch(`${emulator.url}/v25.0/${N.deletable}`, {
      headers: { authorization: `Bearer ${T.acme}` },
    });
    assert.equal(read.status, 400);
    assert.equal(((await read.json()) as GraphApiErrorBody).error.error_subcode, 33);
    metaError(await deleteNumber(N.deletable), {
      status: 404,
      code: 803,
      type: "GraphMethodException",
    });
    metaError(await requestCode(N.deletable), { status: 404, code: 803 });
  });

  it("answers 422 code 100 'in use' for a number shared with a partner", async () => {
    metaError(await deleteNumber(N.sharedWithPartnerOne), {
      status: 422,
      code: 100,
      type: "GraphMethodException",
      message: "Cannot delete phone number that is currently in use",
    });
    assert.notEqual(emulator.store.getNumber(N.sharedWithPartnerOne), undefined);
  });
});

describe("the lifecycle state machine", () => {
  it("add → request_code → verify_code → VERIFIED for 90 days → share → delete refused", async () => {
    const added = await addNumber(P.fresh);
    const id = String(added.body.id);
    assert.deepEqual(await requestCode(id), SUCCESS);
    // An added number gets a random code, visible on the development endpoint only.
    const dev = await devCode(id);
    assert.equal(dev.status, 200);
    const { code } = dev.body as { code: string };
    assert.match(code, /^[0-9]{6}$/);
    assert.deepEqual(await verifyCode(id, code), SUCCESS);
    const number = emulator.store.getNumber(id);
    assert.equal(number?.codeVerificationStatus, "VERIFIED");
    assert.equal(number.verificationExpiryTime, metaTime(now + 90 * DAY_MS));
    const read = await fetch(
      `${emulator.url}/v25.0/${id}?fields=code_verification_status,verification_expiry_time`,
      { headers: { authorization: `Bearer ${T.acme}` } },
    );
    assert.deepEqual(await read.json(), {
      code_verification_status: "VERIFIED",
      verification_expiry_time: metaTime(now + 90 * DAY_MS),
      id,
    });
    metaError(await requestCode(id), { status: 400, code: 136024 });
    assert.deepEqual(
      await call(`/${B.acme}/share_preverified_numbers`, shareParams(id, B.partnerTwo)),
      SUCCESS,
    );
    metaError(await deleteNumber(id), { status: 422, code: 100 });
  });

  it("add → delete → unknown", async () => {
    const id = String((await addNumber(P.fresh)).body.id);
    assert.deepEqual(await deleteNumber(id), SUCCESS);
    metaError(await deleteNumber(id), { status: 404, code: 803 });
    // Deleted, the phone number may be added again (with a new ID).
    const again = await addNumber(P.fresh);
    assert.equal(again.status, 200);
    assert.notEqual(again.body.id, id);
  });

  it("store.reset() forgets codes and added numbers", async () => {
    const id = String((await addNumber(P.fresh)).body.id);
    assert.deepEqual(await requestCode(N.notVerified), SUCCESS);
    emulator.store.reset();
    assert.equal(emulator.store.getNumber(id), undefined);
    assert.equal(emulator.store.currentCode(N.notVerified, new Date(now)), undefined);
  });
});

describe("the lifecycle edges in a batch", () => {
  it("request_code, verify_code and DELETE answer as batch items, in order", async () => {
    const batch = [
      {
        method: "POST",
        relative_url: `v25.0/${N.notVerified}/request_code`,
        body: "code_method=SMS&language=en_US",
      },
      { method: "POST", relative_url: `v25.0/${N.notVerified}/verify_code`, body: "code=000000" },
      { method: "POST", relative_url: `v25.0/${N.notVerified}/verify_code?code=${DEV_CODE}` },
      { method: "DELETE", relative_url: `v25.0/${N.deletable}` },
    ];
    const response = await fetch(`${emulator.url}/v25.0/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ batch: JSON.stringify(batch), access_token: T.acme }).toString(),
    });
    const items = (await response.json()) as { code: number; body: string }[];
    assert.deepEqual(
      items.map((item) => item.code),
      [200, 400, 200, 200],
    );
    const wrong = JSON.parse(items[1]?.body ?? "{}") as GraphApiErrorBody;
    assert.equal(wrong.error.error_user_title, "Incorrect code");
    assert.equal(emulator.store.getNumber(N.notVerified)?.codeVerificationStatus, "VERIFIED");
    assert.equal(emulator.store.getNumber(N.deletable), undefined);
  });
});

describe("checks every lifecycle edge shares", () => {
  const edges: { name: string; send: (options: CallOptions) => Promise<Answer> }[] = [
    { name: "add_phone_numbers", send: (options) => addNumber(P.fresh, options) },
    { name: "request_code", send: (options) => requestCode(N.notVerified, options) },
    { name: "verify_code", send: (options) => verifyCode(N.notVerified, DEV_CODE, options) },
    { name: "DELETE", send: (options) => deleteNumber(N.deletable, options) },
  ];

  for (const { name, send } of edges) {
    it(`${name}: no token → 104, unknown → 190, expired → 190/463, no permission → 403 200`, async () => {
      metaError(await send({ token: null }), { status: 400, code: 104 });
      metaError(await send({ token: T.unknown }), { status: 401, code: 190 });
      metaError(await send({ token: T.expired }), { status: 401, code: 190, error_subcode: 463 });
      const error = metaError(await send({ token: T.noPermission }), {
        status: 403,
        code: 200,
        message: "(#200) Requires business_management permission to manage the object",
      });
      assert.equal(error.error_subcode, undefined);
    });

    it(`${name}: another business's token → 403 code 200 subcode 1349174`, async () => {
      for (const token of [T.globex, T.partnerOne]) {
        metaError(await send({ token }), {
          status: 403,
          code: 200,
          error_subcode: 1349174,
          type: "OAuthException",
          error_user_title: "Permission Denied",
        });
      }
    });

    it(`${name}: takes injected rate-limit faults, leaving the store alone`, async () => {
      const numbers = emulator.store.numbersOf(B.acme).length;
      metaError(await send({ fault: "rate-limit:5" }), { status: 429, code: 80008 });
      metaError(await send({ fault: "app-rate-limit" }), {
        status: 400,
        code: 4,
        error_subcode: 2446079,
      });
      assert.equal(emulator.store.getNumber(N.deletable)?.id, N.deletable);
      assert.equal(emulator.store.currentCode(N.notVerified, new Date(now)), undefined);
      assert.equal(emulator.store.numbersOf(B.acme).length, numbers);
    });
  }

  it("request_code, verify_code and DELETE on a number the token's business does not own → 403 1349174", async () => {
    // Acme has sharing rights on globexShareable, but does not own it.
    for (const id of [N.globexNoRights, N.globexShareable]) {
      metaError(await requestCode(id), { status: 403, code: 200, error_subcode: 1349174 });
      metaError(await verifyCode(id, DEV_CODE), { status: 403, code: 200, error_subcode: 1349174 });
      metaError(await deleteNumber(id), { status: 403, code: 200, error_subcode: 1349174 });
    }
  });

  it("an unknown number → 404 code 803", async () => {
    for (const id of [N.unknown, "not-an-id"]) {
      metaError(await requestCode(id), { status: 404, code: 803, type: "GraphMethodException" });
      metaError(await verifyCode(id, DEV_CODE), { status: 404, code: 803 });
      metaError(await deleteNumber(id), { status: 404, code: 803 });
    }
  });

  it("other methods on the lifecycle edges → 400 code 100 'Unsupported'", async () => {
    for (const path of [
      `/${B.acme}/add_phone_numbers`,
      `/${N.notVerified}/request_code`,
      `/${N.notVerified}/verify_code`,
    ]) {
      const error = metaError(await call(path, {}, { method: "GET" }), { status: 400, code: 100 });
      assert.match(error.message, /^Unsupported get request\. /);
    }
  });
});
