import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import {
  BATCH_ITEM_CONTENT_TYPE,
  FACEBOOK_ERROR_PAGE,
  FIXTURES,
  MAX_BATCH_SIZE,
  startMetaEmulator,
  type BatchItemResponse,
  type BatchResponseBody,
  type MetaEmulator,
} from "../../src/emulator/index.js";
import type { GraphApiErrorBody, GraphApiErrorObject } from "../../src/graph-api/wire.js";
import { JSON_CONTENT_TYPE, type Reply } from "./support.js";

const { businesses: B, tokens: T, numbers: N, scenarios: S } = FIXTURES;
const SHARE_URL = `v25.0/${B.acme}/share_preverified_numbers`;

let emulator: MetaEmulator;

beforeEach(async () => {
  emulator = await startMetaEmulator();
});

afterEach(async () => {
  await emulator.close();
});

interface BatchCall {
  /** `null` sends no top-level token; by default Acme's, as `access_token`. */
  token?: string | null;
  /** Send the top-level token as `Authorization: Bearer` instead. */
  bearer?: boolean;
  path?: string;
  /** Send a JSON body (`batch` as an array) instead of a form body. */
  json?: boolean;
  extra?: Record<string, string>;
}

/** POSTs `batch` (an array, or a raw string sent as is) to the batch endpoint. */
async function batch(items: unknown, call: BatchCall = {}): Promise<Reply> {
  const token = call.token === undefined ? T.acme : call.token;
  const headers: Record<string, string> = {};
  const params: Record<string, unknown> = { ...call.extra };
  if (token !== null && call.bearer === true) {
    headers.authorization = `Bearer ${token}`;
  } else if (token !== null) {
    params.access_token = token;
  }
  let body: string;
  if (call.json === true) {
    headers["content-type"] = "application/json";
    body = JSON.stringify({ ...params, batch: items });
  } else {
    headers["content-type"] = "application/x-www-form-urlencoded";
    const form = new URLSearchParams(params as Record<string, string>);
    form.set("batch", typeof items === "string" ? items : JSON.stringify(items));
    body = form.toString();
  }
  const response = await fetch(`${emulator.url}${call.path ?? "/v25.0/"}`, {
    method: "POST",
    headers,
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function shareItem(preverifiedId: string, partner: string = B.partnerOne, extra = ""): object {
  return {
    method: "POST",
    relative_url: SHARE_URL,
    body: `preverified_id=${preverifiedId}&partner_business_id=${partner}${extra}`,
  };
}

/** The answers of an accepted batch. */
function answers(reply: Reply): BatchResponseBody {
  assert.equal(reply.status, 200, reply.text);
  assert.equal(reply.headers.get("content-type"), JSON_CONTENT_TYPE);
  const body = JSON.parse(reply.text) as unknown;
  assert.ok(Array.isArray(body));
  return body as BatchResponseBody;
}

function header(item: BatchItemResponse, name: string): string | undefined {
  return item.headers?.find((entry) => entry.name === name)?.value;
}

/** A non-null item's JSON body. */
function itemJson(item: BatchItemResponse | null | undefined, code: number): unknown {
  assert.ok(item !== null && item !== undefined);
  assert.equal(item.code, code, item.body);
  assert.equal(header(item, "Content-Type"), BATCH_ITEM_CONTENT_TYPE);
  return JSON.parse(item.body);
}

function itemError(
  item: BatchItemResponse | null | undefined,
  expected: Partial<GraphApiErrorObject> & { status: number },
): GraphApiErrorObject {
  const { status, ...fields } = expected;
  const { error } = itemJson(item, status) as GraphApiErrorBody;
  for (const [key, value] of Object.entries(fields)) {
    assert.deepEqual(error[key as keyof GraphApiErrorObject], value, key);
  }
  assert.match(error.fbtrace_id ?? "", /^[A-Za-z0-9_-]{11,}$/);
  assert.match(header(item as BatchItemResponse, "WWW-Authenticate") ?? "", /^OAuth "Facebook/);
  return error;
}

function topLevelError(reply: Reply, status: number, code: number): GraphApiErrorObject {
  assert.equal(reply.status, status, reply.text);
  assert.equal(reply.headers.get("content-type"), JSON_CONTENT_TYPE);
  const { error } = JSON.parse(reply.text) as GraphApiErrorBody;
  assert.equal(error.code, code);
  assert.equal(error.type, "OAuthException");
  return error;
}

describe("batch requests", () => {
  it("answers three shares with mixed outcomes in request order", async () => {
    const reply = await batch([
      shareItem(N.verified),
      shareItem(N.globexNoRights),
      shareItem(N.unknown),
    ]);
    const [ok, forbidden, missing, ...rest] = answers(reply);
    assert.equal(rest.length, 0);
    assert.deepEqual(itemJson(ok, 200), { success: true });
    itemError(forbidden, { status: 403, code: 200, error_subcode: 1349174 });
    itemError(missing, {
      status: 404,
      code: 803,
      message: "Pre-verified phone number not found",
    });
    assert.equal(header(ok as BatchItemResponse, "Facebook-API-Version"), "v25.0");
    assert.deepEqual(emulator.store.sharedWith(N.verified), [B.partnerOne]);
    assert.deepEqual(emulator.store.sharedWith(N.globexNoRights), []);
  });

  it("runs items through the standalone rules (a repeat share is 422)", async () => {
    const [first, again] = answers(await batch([shareItem(N.verified), shareItem(N.verified)]));
    assert.deepEqual(itemJson(first, 200), { success: true });
    itemError(again, { status: 422, code: 100 });
  });

  it("answers GET items like standalone reads, with or without version and slash", async () => {
    const standalone = await fetch(`${emulator.url}/v25.0/${N.verified}?fields=id,phone_number`, {
      headers: { authorization: `Bearer ${T.acme}` },
    });
    const expected: unknown = await standalone.json();
    const [versioned, bare, slashed] = answers(
      await batch(
        [
          { method: "GET", relative_url: `v25.0/${N.verified}?fields=id,phone_number` },
          { method: "GET", relative_url: `${N.verified}?fields=id,phone_number` },
          { relative_url: `/${N.verified}?fields=id,phone_number` },
        ],
        { path: "/", json: true },
      ),
    );
    for (const item of [versioned, bare, slashed]) {
      assert.deepEqual(itemJson(item, 200), expected);
    }
    // `POST /` without a version puts version-less items under the latest version.
    assert.deepEqual(
      emulator.requests.filter((r) => r.batchItem === true).map((r) => r.path),
      [`/v25.0/${N.verified}`, `/v25.0/${N.verified}`, `/v25.0/${N.verified}`],
    );
  });

  it("answers an unknown node in a GET item with 100/33 and the rest normally", async () => {
    const [missing, ok] = answers(
      await batch([
        { method: "GET", relative_url: "v25.0/3999999999999999" },
        { method: "GET", relative_url: `v25.0/${N.verified}?fields=id` },
      ]),
    );
    itemError(missing, { status: 400, code: 100, error_subcode: 33 });
    assert.deepEqual(itemJson(ok, 200), { id: N.verified });
  });

  it(`rejects more than ${MAX_BATCH_SIZE} items with 400 code 100`, async () => {
    const items = Array.from({ length: MAX_BATCH_SIZE + 1 }, () => shareItem(N.verified));
    const error = topLevelError(await batch(items), 400, 100);
    assert.equal(error.code, 100);
    assert.equal(
      error.message,
      "(#100) Too many requests in batch message. Maximum batch size is 50",
    );
    assert.deepEqual(emulator.store.sharedWith(N.verified), []);
    assert.equal(emulator.requests.length, 1);
    // Exactly 50 is fine.
    const full = answers(await batch(items.slice(0, MAX_BATCH_SIZE)));
    assert.equal(full.length, MAX_BATCH_SIZE);
  });

  it("rejects an empty, malformed or non-array batch with 400 code 100", async () => {
    for (const raw of ["", "[]", "[{", '{"method":"GET"}', "[42]", '[{"method":"GET"}]']) {
      const error = topLevelError(await batch(raw), 400, 100);
      assert.equal(error.code, 100, raw);
      assert.match(error.message, /^\(#100\) Invalid batch parameter: /, raw);
    }
  });

  it("requires a top-level token even when every item has its own (104)", async () => {
    const reply = await batch([shareItem(N.verified, B.partnerOne, `&access_token=${T.acme}`)], {
      token: null,
    });
    const error = topLevelError(reply, 400, 104);
    assert.equal(error.code, 104);
    assert.equal(error.message, "An access token is required to request this resource.");
    assert.deepEqual(emulator.store.sharedWith(N.verified), []);
  });

  it("takes the top-level token from Authorization: Bearer", async () => {
    const [ok] = answers(await batch([shareItem(N.verified)], { bearer: true }));
    assert.deepEqual(itemJson(ok, 200), { success: true });
  });

  it("lets an item's own token (body or relative_url) override the top-level one", async () => {
    const [ownBody, ownQuery, fallback] = answers(
      await batch(
        [
          shareItem(N.verified, B.partnerOne, `&access_token=${T.acme}`),
          {
            ...shareItem(N.verified, B.partnerTwo),
            relative_url: `${SHARE_URL}?access_token=${T.acme}`,
          },
          shareItem(N.globexShareable),
        ],
        { token: T.globex },
      ),
    );
    assert.deepEqual(itemJson(ownBody, 200), { success: true });
    assert.deepEqual(itemJson(ownQuery, 200), { success: true });
    // Globex's token on Acme's share edge: (#10).
    itemError(fallback, { status: 403, code: 10 });
    const auth = emulator.requests
      .filter((r) => r.batchItem === true)
      .map((r) => r.headers.authorization);
    assert.deepEqual(auth, [`Bearer ${T.acme}`, `Bearer ${T.acme}`, `Bearer ${T.globex}`]);
  });

  it("answers an item with an invalid fallback token with 190, the others normally", async () => {
    const [invalid, ok] = answers(
      await batch(
        [shareItem(N.verified), shareItem(N.verified, B.partnerOne, `&access_token=${T.acme}`)],
        { token: T.unknown },
      ),
    );
    itemError(invalid, { status: 401, code: 190 });
    assert.deepEqual(itemJson(ok, 200), { success: true });
  });

  it("answers the never-answering scenario null and the other scenarios in the item", async () => {
    const [ok, timedOut, html, empty, serverError] = answers(
      await batch([
        shareItem(N.verified),
        shareItem(S.noResponse),
        shareItem(S.badGatewayHtml),
        shareItem(S.serviceUnavailableEmpty),
        shareItem(S.internalServerError),
      ]),
    );
    assert.deepEqual(itemJson(ok, 200), { success: true });
    assert.equal(timedOut, null);
    assert.ok(html !== null && html !== undefined);
    assert.equal(html.code, 502);
    assert.equal(html.body, FACEBOOK_ERROR_PAGE);
    assert.equal(header(html, "Content-Type"), "text/html; charset=utf-8");
    assert.ok(empty !== null && empty !== undefined);
    assert.equal(empty.code, 503);
    assert.equal(empty.body, "");
    assert.equal(header(empty, "Content-Type"), undefined);
    itemError(serverError, { status: 500, code: 2, is_transient: true });
  });

  it("applies an item's emulator_fault like an x-emulator-fault header", async () => {
    const [faulted, invalid, cut, stalled] = answers(
      await batch([
        { ...shareItem(N.verified), emulator_fault: "status:503" },
        { ...shareItem(N.verified), emulator_fault: "nonsense" },
        { ...shareItem(N.verified), emulator_fault: "truncated" },
        { ...shareItem(N.globexShareable), emulator_fault: "stall" },
      ]),
    );
    itemError(faulted, { status: 503, code: 2 });
    itemError(invalid, { status: 400, code: 100 });
    assert.ok(cut !== null && cut !== undefined);
    assert.equal(cut.code, 200);
    assert.throws(() => JSON.parse(cut.body) as unknown, SyntaxError);
    assert.equal(stalled, null);
    const faults = emulator.requests.filter((r) => r.batchItem === true).map((r) => r.fault);
    assert.deepEqual(faults, ["status:503", undefined, "truncated", "stall"]);
  });

  it("gives share items the enqueued faults, one per item", async () => {
    emulator.faults.enqueue("status:500");
    const [faulted, ok] = answers(await batch([shareItem(N.verified), shareItem(N.verified)]));
    itemError(faulted, { status: 500, code: 2 });
    assert.deepEqual(itemJson(ok, 200), { success: true });
  });

  it("drops item headers with include_headers=false", async () => {
    const [item] = answers(
      await batch([shareItem(N.verified)], { extra: { include_headers: "false" } }),
    );
    assert.deepEqual(item, { code: 200, body: '{"success":true}' });
  });

  it("records one entry for the batch and one per item", async () => {
    await batch([
      shareItem(N.verified),
      { method: "GET", relative_url: `${N.verified}?fields=id` },
    ]);
    const [own, share, read, ...rest] = emulator.requests;
    assert.equal(rest.length, 0);
    assert.ok(own !== undefined && share !== undefined && read !== undefined);
    assert.equal(own.method, "POST");
    assert.equal(own.path, "/v25.0/");
    assert.equal(own.batchItem, undefined);
    assert.deepEqual(
      { ...share, receivedAt: 0 },
      {
        method: "POST",
        path: `/v25.0/${B.acme}/share_preverified_numbers`,
        query: {},
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Bearer ${T.acme}`,
        },
        body: `preverified_id=${N.verified}&partner_business_id=${B.partnerOne}`,
        receivedAt: 0,
        batchItem: true,
      },
    );
    assert.equal(read.method, "GET");
    assert.equal(read.path, `/v25.0/${N.verified}`);
    assert.deepEqual(read.query, { fields: "id" });
    assert.equal(read.batchItem, true);
    const batches = emulator.requests.filter((r) => r.batchItem !== true && r.method === "POST");
    assert.equal(batches.length, 1);
  });

  it("leaves POST / and POST /{version}/ without batch as before", async () => {
    for (const path of ["/", "/v25.0/"]) {
      const response = await fetch(`${emulator.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${T.acme}` },
      });
      const { error } = (await response.json()) as GraphApiErrorBody;
      assert.equal(response.status, 400, path);
      assert.equal(error.message, "Unknown path components: /", path);
    }
  });
});
