import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import {
  EMULATOR_FAULT_HEADER,
  FIXTURES,
  MAX_MULTI_IDS,
  encodeCursor,
  startMetaEmulator,
  type BusinessNode,
  type EdgePage,
  type MetaEmulator,
  type MetaEmulatorOptions,
  type MultiIdReadBody,
  type PreverifiedNumberNode,
} from "../../src/emulator/index.js";
import type { GraphApiErrorBody, GraphApiErrorObject } from "../../src/graph-api/wire.js";
import { FBTRACE_PATTERN, JSON_CONTENT_TYPE, type Reply } from "./support.js";

const { businesses: B, businessNames: NAMES, tokens: T, numbers: N } = FIXTURES;
const META_TIME_PATTERN = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/;
const NOT_FOUND_MESSAGE = (id: string): string =>
  `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`;

/** Acme's own numbers (owned or with sharing rights) in creation order. */
const ACME_NUMBERS = [
  N.verified,
  N.sharedWithPartnerOne,
  N.notVerified,
  N.expired,
  N.globexShareable,
  ...N.bulk,
  N.reverifiable,
  N.deletable,
];
const ACME_VERIFIED = ACME_NUMBERS.filter(
  (id) => id !== N.notVerified && id !== N.expired && id !== N.deletable,
);

let emulator: MetaEmulator;

beforeEach(async () => {
  emulator = await startMetaEmulator();
});

afterEach(async () => {
  await emulator.close();
});

interface GetCall {
  /** `null` sends no token. */
  token?: string | null;
  query?: Record<string, string>;
  fault?: string;
  on?: MetaEmulator;
  method?: string;
}

/** GETs a path under the emulator (a full URL, e.g. `paging.next`, is followed as is). */
async function get(path: string, call: GetCall = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  const token = call.token === undefined ? T.acme : call.token;
  if (token !== null) {
    headers.authorization = `Bearer ${token}`;
  }
  if (call.fault !== undefined) {
    headers[EMULATOR_FAULT_HEADER] = call.fault;
  }
  const base = path.startsWith("http") ? path : `${(call.on ?? emulator).url}${path}`;
  const query = call.query === undefined ? "" : `?${new URLSearchParams(call.query).toString()}`;
  const response = await fetch(`${base}${query}`, { method: call.method ?? "GET", headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The body of a 200 JSON reply. */
function json(reply: Reply): unknown {
  assert.equal(reply.status, 200, reply.text);
  assert.equal(reply.headers.get("content-type"), JSON_CONTENT_TYPE);
  return JSON.parse(reply.text);
}

/** Parses a Meta error reply and checks what every error must have. */
function metaError(reply: Reply, expected: Partial<GraphApiErrorObject> & { status: number }) {
  assert.equal(reply.status, expected.status, reply.text);
  assert.equal(reply.headers.get("content-type"), JSON_CONTENT_TYPE);
  const { error } = JSON.parse(reply.text) as GraphApiErrorBody;
  assert.match(error.fbtrace_id ?? "", FBTRACE_PATTERN);
  assert.equal(reply.headers.get("x-fb-trace-id"), error.fbtrace_id);
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

function notFound(reply: Reply, id: string): void {
  metaError(reply, {
    status: 400,
    code: 100,
    error_subcode: 33,
    type: "GraphMethodException",
    message: NOT_FOUND_MESSAGE(id),
  });
}

async function share(preverifiedId: string, partnerBusinessId: string): Promise<void> {
  const response = await fetch(`${emulator.url}/v25.0/${B.acme}/share_preverified_numbers`, {
    method: "POST",
    headers: { authorization: `Bearer ${T.acme}`, "content-type": "application/json" },
    body: JSON.stringify({
      preverified_id: preverifiedId,
      partner_business_id: partnerBusinessId,
    }),
  });
  assert.equal(response.status, 200, await response.text());
}

const nodePath = (id: string): string => `/v25.0/${id}`;
const numbersPath = (business: string): string => `/v25.0/${business}/preverified_numbers`;
const partnersPath = (id: string): string => `/v25.0/${id}/partners`;
const multi = (ids: readonly string[], query: Record<string, string> = {}): Promise<Reply> =>
  get("/v25.0/", { query: { ids: ids.join(","), ...query } });

/** Follows `paging.next` from `first` to the end; returns the pages in order. */
async function allPages<T>(first: Reply, call: GetCall = {}): Promise<EdgePage<T>[]> {
  const pages = [json(first) as EdgePage<T>];
  for (let next = pages[0]?.paging?.next; next !== undefined;) {
    const page = json(await get(next, call)) as EdgePage<T>;
    pages.push(page);
    next = page.paging?.next;
    assert.ok(pages.length < 20, "paging ends");
  }
  return pages;
}

describe("GET /{version}/{preverified-id}", () => {
  it("answers id, phone_number and code_verification_status without fields", async () => {
    const reply = await get(nodePath(N.verified));
    assert.deepEqual(json(reply), {
      id: N.verified,
      phone_number: "+1 555-0100",
      code_verification_status: "VERIFIED",
    });
    assert.equal(reply.headers.get("facebook-api-version"), "v25.0");
    assert.match(reply.headers.get("x-fb-trace-id") ?? "", FBTRACE_PATTERN);
    assert.equal(reply.headers.get("www-authenticate"), null);
  });

  it("answers only the requested fields, id always", async () => {
    const node = json(
      await get(nodePath(N.verified), {
        query: {
          fields:
            "phone_number, code_verification_status,code_verification_time,verification_expiry_time,owner_business,phone_number",
        },
      }),
    ) as PreverifiedNumberNode;
    assert.deepEqual(Object.keys(node).sort(), [
      "code_verification_status",
      "code_verification_time",
      "id",
      "owner_business",
      "phone_number",
      "verification_expiry_time",
    ]);
    assert.equal(node.id, N.verified);
    assert.match(node.code_verification_time ?? "", META_TIME_PATTERN);
    assert.match(node.verification_expiry_time ?? "", META_TIME_PATTERN);
    assert.ok((node.code_verification_time ?? "") < (node.verification_expiry_time ?? ""));
    assert.deepEqual(node.owner_business, { id: B.acme, name: NAMES.acme });

    assert.deepEqual(json(await get(nodePath(N.verified), { query: { fields: "phone_number" } })), {
      phone_number: "+1 555-0100",
      id: N.verified,
    });
    assert.deepEqual(json(await get(nodePath(N.verified), { query: { fields: "id" } })), {
      id: N.verified,
    });
  });

  it("expands owner_business{…} and leaves out the times of a number never verified", async () => {
    const reply = await get(nodePath(N.notVerified), {
      query: {
        fields:
          "code_verification_status,code_verification_time,verification_expiry_time,owner_business{name}",
      },
    });
    assert.deepEqual(json(reply), {
      id: N.notVerified,
      code_verification_status: "NOT_VERIFIED",
      owner_business: { id: B.acme, name: NAMES.acme },
    });
    const expired = json(
      await get(nodePath(N.expired), { query: { fields: "verification_expiry_time" } }),
    ) as PreverifiedNumberNode;
    assert.ok((expired.verification_expiry_time ?? "9") < new Date().toISOString());
  });

  it("shows the owner, not the reader, as owner_business of a number with sharing rights", async () => {
    const reply = await get(nodePath(N.globexShareable), { query: { fields: "owner_business" } });
    assert.deepEqual(json(reply), {
      id: N.globexShareable,
      owner_business: { id: B.globex, name: NAMES.globex },
    });
  });

  it("answers 100/33 for unknown, inaccessible and non-numeric IDs", async () => {
    notFound(await get(nodePath(N.unknown)), N.unknown);
    notFound(await get(nodePath(N.globexNoRights)), N.globexNoRights);
    notFound(await get(nodePath("me")), "me");
    // Businesses are not readable nodes here.
    notFound(await get(nodePath(B.acme)), B.acme);
  });

  it("answers 100/33 before looking at the fields", async () => {
    notFound(await get(nodePath(N.unknown), { query: { fields: "nope" } }), N.unknown);
  });

  it("rejects an unknown field, also inside owner_business{…}", async () => {
    metaError(await get(nodePath(N.verified), { query: { fields: "id,display_phone_number" } }), {
      status: 400,
      code: 100,
      type: "OAuthException",
      message:
        "(#100) Tried accessing nonexisting field (display_phone_number) on node type (WhatsAppBusinessPreVerifiedPhoneNumber)",
    });
    metaError(
      await get(nodePath(N.verified), { query: { fields: "owner_business{id,verification}" } }),
      {
        status: 400,
        code: 100,
        message: "(#100) Tried accessing nonexisting field (verification) on node type (Business)",
      },
    );
  });

  it("rejects unbalanced braces and subfields of a scalar field", async () => {
    for (const fields of ["owner_business{name", "id}", "phone_number{x}"]) {
      const error = metaError(await get(nodePath(N.verified), { query: { fields } }), {
        status: 400,
        code: 100,
      });
      assert.match(error.message, /^\(#100\) Syntax error in the fields parameter: /);
    }
  });

  // DELETE deletes the number (the lifecycle edges, see lifecycle.test.ts).
  it("rejects POST on a number node", async () => {
    for (const method of ["POST"]) {
      const error = metaError(await get(nodePath(N.verified), { method }), {
        status: 400,
        code: 100,
        type: "GraphMethodException",
      });
      assert.match(error.message, new RegExp(`^Unsupported ${method.toLowerCase()} request\\. `));
    }
  });
});

describe("authentication and version on every read", () => {
  const paths = [
    nodePath(N.verified),
    `/v25.0/?ids=${N.verified}`,
    numbersPath(B.acme),
    partnersPath(N.sharedWithPartnerOne),
  ];

  it("no token → 104, unknown token → 190, expired token → 190/463", async () => {
    for (const path of paths) {
      metaError(await get(path, { token: null }), {
        status: 400,
        code: 104,
        type: "OAuthException",
        message: "An access token is required to request this resource.",
      });
      metaError(await get(path, { token: T.unknown }), {
        status: 401,
        code: 190,
        type: "OAuthException",
        message: "Invalid OAuth access token - Cannot parse access token",
      });
      const expired = metaError(await get(path, { token: T.expired }), {
        status: 401,
        code: 190,
        error_subcode: 463,
      });
      assert.match(expired.message, /^Error validating access token: Session has expired on /);
    }
  });

  it("accepts access_token in the query string and every supported version", async () => {
    for (const version of ["v23.0", "v24.0", "v25.0"]) {
      const reply = await get(`/${version}/${N.verified}`, {
        token: null,
        query: { access_token: T.acme },
      });
      assert.equal((json(reply) as PreverifiedNumberNode).id, N.verified);
      assert.equal(reply.headers.get("facebook-api-version"), version);
    }
  });

  it("rejects deprecated and unknown versions before the token", async () => {
    metaError(await get(`/v22.0/${N.verified}`, { token: null }), { status: 400, code: 2635 });
    const error = metaError(await get(`/v99.0/${N.verified}/partners`, { token: null }), {
      status: 400,
      code: 100,
    });
    assert.match(error.message, /Unsupported version: v99\.0/);
  });

  it("unknown edges stay code 2500", async () => {
    metaError(await get(`/v25.0/${N.verified}/owner`), {
      status: 400,
      code: 2500,
      message: "Unknown path components: /owner",
    });
  });
});

describe("GET /{version}/?ids=… (multi-ID read)", () => {
  it("answers one node per ID, keyed by ID; duplicates once", async () => {
    const ids = [N.verified, N.notVerified, N.globexShareable, N.verified];
    const body = json(
      await multi(ids, { fields: "phone_number,code_verification_status" }),
    ) as MultiIdReadBody;
    assert.deepEqual(Object.keys(body).sort(), [N.verified, N.notVerified, N.globexShareable]);
    assert.deepEqual(body[N.notVerified], {
      phone_number: "+1 555-0102",
      code_verification_status: "NOT_VERIFIED",
      id: N.notVerified,
    });
    assert.deepEqual(body[N.globexShareable]?.phone_number, "+1 555-0105");
  });

  it("uses the default fields without fields", async () => {
    const body = json(await multi([N.expired])) as MultiIdReadBody;
    assert.deepEqual(body, {
      [N.expired]: {
        id: N.expired,
        phone_number: "+1 555-0103",
        code_verification_status: "EXPIRED",
      },
    });
  });

  it("reads the bulk numbers in chunks of at most 50", async () => {
    const chunks: string[][] = [];
    for (let start = 0; start < N.bulk.length; start += MAX_MULTI_IDS) {
      chunks.push(N.bulk.slice(start, start + MAX_MULTI_IDS));
    }
    const seen: string[] = [];
    for (const chunk of chunks) {
      const body = json(await multi(chunk, { fields: "id" })) as MultiIdReadBody;
      seen.push(...Object.keys(body));
    }
    assert.deepEqual(seen.sort(), [...N.bulk]);
    assert.equal(emulator.requests.length, Math.ceil(N.bulk.length / MAX_MULTI_IDS));
  });

  it("fails as a whole with 803 naming the one bad ID among 20", async () => {
    const ids = [...N.bulk.slice(0, 10), N.unknown, ...N.bulk.slice(10, 19)];
    assert.equal(ids.length, 20);
    const reply = await multi(ids);
    metaError(reply, {
      status: 404,
      code: 803,
      type: "OAuthException",
      message: `(#803) Some of the aliases you requested do not exist: ${N.unknown}`,
    });
    assert.match(reply.headers.get("www-authenticate") ?? "", /"not_found"/);
    assert.equal(reply.text.includes('"data"'), false);
  });

  it("names every unknown or inaccessible ID, in request order", async () => {
    metaError(await multi([N.unknown, N.verified, N.globexNoRights]), {
      status: 404,
      code: 803,
      message: `(#803) Some of the aliases you requested do not exist: ${N.unknown},${N.globexNoRights}`,
    });
  });

  it("checks the ids before the fields", async () => {
    metaError(await multi([N.unknown], { fields: "nope" }), { status: 404, code: 803 });
    metaError(await multi([N.verified], { fields: "nope" }), {
      status: 400,
      code: 100,
      message:
        "(#100) Tried accessing nonexisting field (nope) on node type (WhatsAppBusinessPreVerifiedPhoneNumber)",
    });
  });

  it("allows 50 IDs and rejects 51 with 400 code 100", async () => {
    const fifty = N.bulk.slice(0, 50);
    assert.equal(Object.keys(json(await multi(fifty)) as MultiIdReadBody).length, 50);
    assert.equal(
      Object.keys(json(await multi([...fifty, ...fifty.slice(0, 5)])) as MultiIdReadBody).length,
      50,
      "duplicates do not count",
    );
    metaError(await multi(N.bulk.slice(0, 51)), {
      status: 400,
      code: 100,
      type: "OAuthException",
      message: "(#100) Too many IDs. Maximum: 50",
    });
  });

  it("rejects non-numeric, empty and missing ids with 400 code 100", async () => {
    metaError(await multi([N.verified, "me"]), {
      status: 400,
      code: 100,
      message: "Invalid ids: must be a valid numeric string",
    });
    const queries: Record<string, string>[] = [{ ids: "" }, { ids: " , ," }, {}];
    for (const query of queries) {
      metaError(await get("/v25.0/", { query }), {
        status: 400,
        code: 100,
        message: "(#100) The parameter ids is required",
      });
    }
  });

  it("keeps POST on the root an unknown path (no batch endpoint)", async () => {
    metaError(await get("/v25.0/", { method: "POST", query: { ids: N.verified } }), {
      status: 400,
      code: 2500,
      message: "Unknown path components: /",
    });
  });
});

describe("GET /{version}/{business-id}/preverified_numbers", () => {
  it("lists the business's numbers in creation order, 25 by default", async () => {
    const page = json(await get(numbersPath(B.acme))) as EdgePage<PreverifiedNumberNode>;
    assert.deepEqual(
      page.data.map((number) => number.id),
      ACME_NUMBERS.slice(0, 25),
    );
    assert.deepEqual(page.data[2], {
      id: N.notVerified,
      phone_number: "+1 555-0102",
      code_verification_status: "NOT_VERIFIED",
    });
    assert.deepEqual(page.paging?.cursors, {
      before: encodeCursor(N.verified),
      after: encodeCursor(ACME_NUMBERS[24] ?? ""),
    });
    assert.equal(page.paging.previous, undefined);
    const next = new URL(page.paging.next ?? "");
    assert.equal(`${next.origin}${next.pathname}`, `${emulator.url}${numbersPath(B.acme)}`);
    assert.equal(next.searchParams.get("after"), page.paging.cursors.after);
    assert.equal(next.searchParams.get("limit"), "25");
  });

  it("pages VERIFIED numbers across 3 pages with cursors, keeping fields and filters", async () => {
    const first = await get(numbersPath(B.acme), {
      query: { code_verification_status: "VERIFIED", fields: "phone_number", limit: "25" },
    });
    const pages = await allPages<PreverifiedNumberNode>(first);
    const expected = Array.from({ length: Math.ceil(ACME_VERIFIED.length / 25) }, (_, page) =>
      Math.min(25, ACME_VERIFIED.length - page * 25),
    );
    assert.ok(expected.length >= 3);
    assert.deepEqual(
      pages.map((page) => page.data.length),
      expected,
    );
    const ids = pages.flatMap((page) => page.data.map((number) => number.id));
    assert.deepEqual(ids, ACME_VERIFIED);
    for (const page of pages) {
      for (const number of page.data) {
        assert.deepEqual(Object.keys(number), ["phone_number", "id"]);
      }
    }
    const [one, two] = pages;
    const last = pages.at(-1);
    assert.equal(one?.paging?.previous, undefined);
    assert.ok(two?.paging?.previous !== undefined && two.paging.next !== undefined);
    assert.equal(last?.paging?.next, undefined);
    assert.equal(last?.paging?.cursors.after, encodeCursor(ACME_VERIFIED.at(-1) ?? ""));

    // Back from page 2 with its `before` cursor (and via `previous`): page 1 again.
    const back = json(
      await get(numbersPath(B.acme), {
        query: {
          code_verification_status: "VERIFIED",
          before: two.paging.cursors.before,
        },
      }),
    ) as EdgePage<PreverifiedNumberNode>;
    assert.deepEqual(
      back.data.map((number) => number.id),
      ACME_VERIFIED.slice(0, 25),
    );
    const previous = json(await get(two.paging.previous)) as EdgePage<PreverifiedNumberNode>;
    assert.deepEqual(previous.data, one?.data);
    assert.equal(emulator.requests.length, pages.length + 2);
  });

  it("honours limit and an after cursor from another filter", async () => {
    const page = json(
      await get(numbersPath(B.acme), { query: { limit: "2", after: encodeCursor(N.expired) } }),
    ) as EdgePage<PreverifiedNumberNode>;
    assert.deepEqual(
      page.data.map((number) => number.id),
      [N.globexShareable, N.bulk[0]],
    );
    const full = json(
      await get(numbersPath(B.acme), { query: { limit: "100" } }),
    ) as EdgePage<PreverifiedNumberNode>;
    assert.equal(full.data.length, Math.min(100, ACME_NUMBERS.length));
    assert.equal(full.paging?.next !== undefined, ACME_NUMBERS.length > 100);
  });

  it("filters by code_verification_status and phone_number (digits, any formatting)", async () => {
    const ids = async (query: Record<string, string>): Promise<string[]> =>
      (json(await get(numbersPath(B.acme), { query })) as EdgePage<PreverifiedNumberNode>).data.map(
        (number) => number.id,
      );
    assert.deepEqual(await ids({ code_verification_status: "NOT_VERIFIED" }), [
      N.notVerified,
      N.deletable,
    ]);
    assert.deepEqual(await ids({ code_verification_status: "EXPIRED" }), [N.expired]);
    assert.deepEqual(await ids({ phone_number: "+15550103" }), [N.expired]);
    assert.deepEqual(await ids({ phone_number: "+1 555-0210" }), [N.bulk[0]]);
    assert.deepEqual(
      await ids({ phone_number: "+1 555-0103", code_verification_status: "VERIFIED" }),
      [],
    );
  });

  it("answers an empty page as {data: []}", async () => {
    const reply = await get(numbersPath(B.acme), { query: { phone_number: "+1 555-9999" } });
    assert.deepEqual(json(reply), { data: [] });
  });

  it("lists only the business's own numbers: owned or with sharing rights", async () => {
    const globex = json(
      await get(numbersPath(B.globex), { token: T.globex }),
    ) as EdgePage<PreverifiedNumberNode>;
    assert.deepEqual(
      globex.data.map((number) => number.id),
      [N.globexNoRights, N.globexShareable],
    );
    // Numbers shared with a partner are not the partner's own.
    const partner = await get(numbersPath(B.partnerOne), { token: T.partnerOne });
    assert.deepEqual(json(partner), { data: [] });
  });

  it("rejects an invalid code_verification_status", async () => {
    metaError(await get(numbersPath(B.acme), { query: { code_verification_status: "PENDING" } }), {
      status: 400,
      code: 100,
      type: "OAuthException",
      message:
        '(#100) Param code_verification_status must be one of {VERIFIED, NOT_VERIFIED, EXPIRED} - got "PENDING"',
    });
  });

  it("rejects a limit outside 1…100", async () => {
    for (const limit of ["101", "0", "-1", "ten", "2.5"]) {
      metaError(await get(numbersPath(B.acme), { query: { limit } }), {
        status: 400,
        code: 100,
        type: "OAuthException",
        message: "Invalid parameter: limit must be between 1 and 100",
      });
    }
  });

  it("rejects cursors it did not issue, and after with before", async () => {
    for (const after of [
      "not a cursor",
      "QUJD",
      encodeCursor(N.unknown),
      `${encodeCursor(N.verified)}=`,
    ]) {
      metaError(await get(numbersPath(B.acme), { query: { after } }), {
        status: 400,
        code: 100,
        message: "Invalid parameter: cursor is malformed or expired",
      });
    }
    metaError(await get(numbersPath(B.acme), { query: { before: "!!" } }), {
      status: 400,
      code: 100,
      message: "Invalid parameter: cursor is malformed or expired",
    });
    const cursor = encodeCursor(N.verified);
    metaError(await get(numbersPath(B.acme), { query: { after: cursor, before: cursor } }), {
      status: 400,
      code: 100,
      message: "(#100) The parameters after and before cannot be used together",
    });
  });

  it("answers 100/33 for an unknown business and 403 code 10 for another business", async () => {
    notFound(await get(numbersPath("1999999999999999")), "1999999999999999");
    notFound(await get(numbersPath("acme")), "acme");
    metaError(await get(numbersPath(B.globex)), {
      status: 403,
      code: 10,
      type: "OAuthException",
      message: "(#10) You do not have permission to perform this action.",
    });
  });
});

describe("GET /{version}/{preverified-id}/partners", () => {
  it("lists the partners a number is shared with, sorted by ID, after shares", async () => {
    assert.deepEqual(json(await get(partnersPath(N.verified))), { data: [] });
    await share(N.verified, B.partnerTwo);
    await share(N.verified, B.partnerOne);
    const page = json(await get(partnersPath(N.verified))) as EdgePage<BusinessNode>;
    assert.deepEqual(page.data, [
      { id: B.partnerOne, name: NAMES.partnerOne },
      { id: B.partnerTwo, name: NAMES.partnerTwo },
    ]);
    assert.deepEqual(page.paging, {
      cursors: { before: encodeCursor(B.partnerOne), after: encodeCursor(B.partnerTwo) },
    });
    const names = json(
      await get(partnersPath(N.verified), { query: { fields: "name" } }),
    ) as EdgePage<BusinessNode>;
    assert.deepEqual(Object.keys(names.data[0] ?? {}), ["name", "id"]);
  });

  it("pages with limit and after", async () => {
    await share(N.verified, B.partnerOne);
    await share(N.verified, B.partnerTwo);
    const first = await get(partnersPath(N.verified), { query: { limit: "1", fields: "id" } });
    const pages = await allPages<BusinessNode>(first);
    assert.deepEqual(
      pages.map((page) => page.data),
      [[{ id: B.partnerOne }], [{ id: B.partnerTwo }]],
    );
    assert.ok(pages[1]?.paging?.previous !== undefined);
  });

  it("lets a business with sharing rights list the partners of another owner's number", async () => {
    await share(N.globexShareable, B.partnerTwo);
    assert.deepEqual(json(await get(partnersPath(N.globexShareable))), {
      data: [{ id: B.partnerTwo, name: NAMES.partnerTwo }],
      paging: {
        cursors: { before: encodeCursor(B.partnerTwo), after: encodeCursor(B.partnerTwo) },
      },
    });
  });

  it("answers 100/33 for numbers it cannot read, then checks fields and paging", async () => {
    notFound(await get(partnersPath(N.unknown)), N.unknown);
    notFound(await get(partnersPath(N.globexNoRights)), N.globexNoRights);
    metaError(await get(partnersPath(N.sharedWithPartnerOne), { query: { fields: "phone" } }), {
      status: 400,
      code: 100,
      message: "(#100) Tried accessing nonexisting field (phone) on node type (Business)",
    });
    metaError(await get(partnersPath(N.sharedWithPartnerOne), { query: { limit: "500" } }), {
      status: 400,
      code: 100,
      message: "Invalid parameter: limit must be between 1 and 100",
    });
    metaError(await get(partnersPath(N.sharedWithPartnerOne), { query: { after: "%%%" } }), {
      status: 400,
      code: 100,
      message: "Invalid parameter: cursor is malformed or expired",
    });
  });
});

describe("fields=partners… (the partners edge expanded in a node or multi-ID read)", () => {
  const syntaxError = /^\(#100\) Syntax error in the fields parameter: /;

  it("leaves partners out of a number shared with nobody, and expands it once shared", async () => {
    assert.deepEqual(json(await get(nodePath(N.verified), { query: { fields: "partners" } })), {
      id: N.verified,
    });
    await share(N.verified, B.partnerTwo);
    await share(N.verified, B.partnerOne);
    const node = json(
      await get(nodePath(N.verified), { query: { fields: "phone_number,partners" } }),
    ) as PreverifiedNumberNode;
    assert.deepEqual(node, {
      phone_number: "+1 555-0100",
      partners: {
        data: [
          { id: B.partnerOne, name: NAMES.partnerOne },
          { id: B.partnerTwo, name: NAMES.partnerTwo },
        ],
        paging: {
          cursors: { before: encodeCursor(B.partnerOne), after: encodeCursor(B.partnerTwo) },
        },
      },
      id: N.verified,
    });
  });

  it("pages like the edge: partners.limit(1){id} continues on GET /{id}/partners", async () => {
    await share(N.verified, B.partnerOne);
    await share(N.verified, B.partnerTwo);
    const node = json(
      await get(nodePath(N.verified), { query: { fields: "partners.limit(1){id}" } }),
    ) as PreverifiedNumberNode;
    const edgeFirst = json(
      await get(partnersPath(N.verified), { query: { limit: "1", fields: "id" } }),
    ) as EdgePage<BusinessNode>;
    assert.deepEqual(node.partners?.data, [{ id: B.partnerOne }]);
    assert.deepEqual(node.partners.data, edgeFirst.data);
    assert.deepEqual(node.partners.paging?.cursors, edgeFirst.paging?.cursors);
    assert.equal(node.partners.paging?.previous, undefined);
    const next = node.partners.paging?.next ?? "";
    assert.ok(next.startsWith(`${emulator.url}/v25.0/${N.verified}/partners?`), next);
    assert.deepEqual(
      Object.fromEntries(new URL(next).searchParams),
      { fields: "id", limit: "1", after: encodeCursor(B.partnerOne) },
      "no access_token in the link when it came in a header",
    );
    const second = json(await get(next)) as EdgePage<BusinessNode>;
    assert.deepEqual(second.data, [{ id: B.partnerTwo }]);
    assert.equal(second.paging?.next, undefined);
  });

  it("expands partners in a multi-ID read, per number, and names businesses by default", async () => {
    await share(N.bulk[0] ?? "", B.partnerOne);
    await share(N.bulk[2] ?? "", B.partnerTwo);
    await share(N.globexShareable, B.partnerTwo);
    const ids = [N.bulk[0] ?? "", N.bulk[1] ?? "", N.bulk[2] ?? "", N.globexShareable];
    const body = json(
      await multi(ids, { fields: "partners.limit(100){id,name}" }),
    ) as MultiIdReadBody;
    assert.deepEqual(body[N.bulk[0] ?? ""]?.partners?.data, [
      { id: B.partnerOne, name: NAMES.partnerOne },
    ]);
    assert.deepEqual(body[N.bulk[1] ?? ""], { id: N.bulk[1] }, "no partners: left out");
    assert.deepEqual(body[N.bulk[2] ?? ""]?.partners?.data, [
      { id: B.partnerTwo, name: NAMES.partnerTwo },
    ]);
    assert.deepEqual(body[N.globexShareable]?.partners?.data, [
      { id: B.partnerTwo, name: NAMES.partnerTwo },
    ]);
    const withToken = json(
      await get("/v25.0/", {
        token: null,
        query: { ids: N.bulk[0] ?? "", fields: "partners.limit(1)", access_token: T.acme },
      }),
    ) as MultiIdReadBody;
    assert.deepEqual(withToken[N.bulk[0] ?? ""]?.partners?.data, [
      { id: B.partnerOne, name: NAMES.partnerOne },
    ]);
  });

  it("puts access_token from the query string in the next link, as the edge does", async () => {
    await share(N.verified, B.partnerOne);
    await share(N.verified, B.partnerTwo);
    const body = json(
      await get("/v25.0/", {
        token: null,
        query: { ids: N.verified, fields: "partners.limit(1)", access_token: T.acme },
      }),
    ) as MultiIdReadBody;
    const next = body[N.verified]?.partners?.paging?.next ?? "";
    assert.equal(new URL(next).searchParams.get("access_token"), T.acme);
    assert.deepEqual((json(await get(next, { token: null })) as EdgePage<BusinessNode>).data, [
      { id: B.partnerTwo, name: NAMES.partnerTwo },
    ]);
  });

  it("answers 400 code 100 for a limit outside 1…100 or not a number", async () => {
    for (const limit of ["0", "101", "5000000000", "abc", "", "-1", "1.5"]) {
      metaError(
        await get(nodePath(N.verified), { query: { fields: `partners.limit(${limit})` } }),
        { status: 400, code: 100, message: "Invalid parameter: limit must be between 1 and 100" },
      );
      metaError(await multi([N.verified], { fields: `id,partners.limit(${limit}){id}` }), {
        status: 400,
        code: 100,
        message: "Invalid parameter: limit must be between 1 and 100",
      });
    }
  });

  it("answers 400 code 100 for a malformed expansion", async () => {
    const malformed = [
      "partners.limit(5",
      "partners.limit",
      "partners.limit5)",
      "partners.(5)",
      "partners.limit(5)x",
      "partners.limit((5))",
      "partners.limit(5).limit(6)",
      "partners.after(5)",
      "partners{id",
      "partners{id}}",
      "partners{id{name}}",
      "partners.limit(5){id}{name}",
      ".limit(5)",
      "phone_number.limit(5)",
      "owner_business.limit(5){id}",
      `partners{${"{".repeat(10)}id${"}".repeat(10)}}`,
    ];
    for (const fields of malformed) {
      const error = metaError(await get(nodePath(N.verified), { query: { fields } }), {
        status: 400,
        code: 100,
      });
      assert.match(error.message, syntaxError, fields.slice(0, 40));
    }
    metaError(await get(nodePath(N.verified), { query: { fields: "partners{phone}" } }), {
      status: 400,
      code: 100,
      message: "(#100) Tried accessing nonexisting field (phone) on node type (Business)",
    });
    metaError(await multi([N.verified], { fields: "partner.limit(5)" }), {
      status: 400,
      code: 100,
      message:
        "(#100) Tried accessing nonexisting field (partner) on node type (WhatsAppBusinessPreVerifiedPhoneNumber)",
    });
  });

  it("answers long fields values at once, deep nesting with a syntax error (no stack overflow)", async () => {
    // As long as a request line may be (Node's 16 KiB header limit, percent-encoded).
    const long: [string, number][] = [
      [`partners${"{".repeat(2000)}id${"}".repeat(2000)}`, 400],
      [`partners${".limit(1)".repeat(600)}`, 400],
      [`${"id,".repeat(2000)}partners.limit(2){id,name}`, 200],
    ];
    const started = performance.now();
    for (const [fields, status] of long) {
      const reply = await get(nodePath(N.verified), { query: { fields } });
      assert.equal(reply.status, status, reply.text.slice(0, 200));
    }
    assert.ok(performance.now() - started < 5_000);
  });

  it("keeps blanks and order rules: spaces around names, blank items dropped, first repeat wins", async () => {
    await share(N.verified, B.partnerOne);
    await share(N.verified, B.partnerTwo);
    const node = json(
      await get(nodePath(N.verified), {
        query: { fields: " partners .limit( 1 ) { id } ,, partners.limit(2) , phone_number" },
      }),
    ) as PreverifiedNumberNode;
    assert.deepEqual(Object.keys(node), ["partners", "phone_number", "id"]);
    assert.deepEqual(node.partners?.data, [{ id: B.partnerOne }]);
  });

  it("checks the ids, then the fields, then the right to list partners (403 code 200)", async () => {
    metaError(await multi([N.unknown], { fields: "partners.limit(0)" }), {
      status: 404,
      code: 803,
    });
    const forbidden = {
      status: 403,
      code: 200,
      type: "OAuthException",
      message: "(#200) Permission error",
    };
    metaError(
      await get(nodePath(N.sharedWithPartnerOne), {
        token: T.partnerOne,
        query: { fields: "partners" },
      }),
      forbidden,
    );
    await share(N.verified, B.partnerOne);
    metaError(
      await get(`/v25.0/`, {
        token: T.partnerOne,
        query: { ids: `${N.sharedWithPartnerOne},${N.verified}`, fields: "id,partners" },
      }),
      forbidden,
    );
    metaError(
      await get(nodePath(N.sharedWithPartnerOne), {
        token: T.partnerOne,
        query: { fields: "partners.limit(500)" },
      }),
      { status: 400, code: 100 },
    );
    // Without the expansion the same partner reads both numbers.
    assert.equal(
      Object.keys(
        json(
          await get(`/v25.0/`, {
            token: T.partnerOne,
            query: { ids: `${N.sharedWithPartnerOne},${N.verified}`, fields: "id" },
          }),
        ) as MultiIdReadBody,
      ).length,
      2,
    );
  });
});

describe("access rules", () => {
  it("a partner reads the number shared with it, but cannot list its partners", async () => {
    const node = json(
      await get(nodePath(N.sharedWithPartnerOne), {
        token: T.partnerOne,
        query: { fields: "phone_number,owner_business" },
      }),
    ) as PreverifiedNumberNode;
    assert.deepEqual(node, {
      phone_number: "+1 555-0101",
      owner_business: { id: B.acme, name: NAMES.acme },
      id: N.sharedWithPartnerOne,
    });
    metaError(await get(partnersPath(N.sharedWithPartnerOne), { token: T.partnerOne }), {
      status: 403,
      code: 200,
      type: "OAuthException",
      message: "(#200) Permission error",
    });
  });

  it("a partner gains read access when a number is shared with it", async () => {
    notFound(await get(nodePath(N.verified), { token: T.partnerOne }), N.verified);
    metaError(
      await get(`/v25.0/?ids=${N.sharedWithPartnerOne},${N.verified}`, { token: T.partnerOne }),
      {
        status: 404,
        code: 803,
        message: `(#803) Some of the aliases you requested do not exist: ${N.verified}`,
      },
    );
    await share(N.verified, B.partnerOne);
    const body = json(
      await get(`/v25.0/?ids=${N.sharedWithPartnerOne},${N.verified}`, { token: T.partnerOne }),
    ) as MultiIdReadBody;
    assert.deepEqual(Object.keys(body).sort(), [N.verified, N.sharedWithPartnerOne]);
  });

  it("another owner's number is invisible without rights; with rights it is readable", async () => {
    notFound(await get(nodePath(N.verified), { token: T.globex }), N.verified);
    notFound(await get(partnersPath(N.verified), { token: T.globex }), N.verified);
    assert.equal(
      (json(await get(nodePath(N.globexNoRights), { token: T.globex })) as PreverifiedNumberNode)
        .id,
      N.globexNoRights,
    );
    assert.equal(
      (json(await get(nodePath(N.globexShareable))) as PreverifiedNumberNode).id,
      N.globexShareable,
    );
  });
});

describe("recording and faults", () => {
  /** Runs `body` against an extra emulator with these options, closing it afterwards. */
  async function withEmulator(
    options: MetaEmulatorOptions,
    body: (other: MetaEmulator) => Promise<void>,
  ): Promise<void> {
    const other = await startMetaEmulator(options);
    try {
      await body(other);
    } finally {
      await other.close();
    }
  }

  it("records every read, successful or not", async () => {
    await get(nodePath(N.verified), { query: { fields: "phone_number" } });
    await multi([N.verified, N.unknown]);
    await get(numbersPath(B.acme), { query: { limit: "5" } });
    await get(partnersPath(N.verified), { token: null });
    assert.deepEqual(
      emulator.requests.map(({ method, path, query }) => ({ method, path, query })),
      [
        { method: "GET", path: nodePath(N.verified), query: { fields: "phone_number" } },
        { method: "GET", path: "/v25.0/", query: { ids: `${N.verified},${N.unknown}` } },
        { method: "GET", path: numbersPath(B.acme), query: { limit: "5" } },
        { method: "GET", path: partnersPath(N.verified), query: {} },
      ],
    );
    assert.equal(emulator.requests[0]?.headers.authorization, `Bearer ${T.acme}`);
  });

  it("latency from the header delays a read and is recorded", async () => {
    const started = Date.now();
    const reply = await get(nodePath(N.verified), { fault: "latency:200" });
    assert.ok(Date.now() - started >= 190, `took ${Date.now() - started} ms`);
    assert.equal((json(reply) as PreverifiedNumberNode).id, N.verified);
    assert.equal(emulator.requests[0]?.fault, "latency:200");
  });

  it("a run-wide latency delays reads; other run-wide faults stay on the share edge", async () => {
    await withEmulator({ fault: "latency:150" }, async (other) => {
      const started = Date.now();
      const reply = await get("/v25.0/", { on: other, query: { ids: N.verified } });
      assert.ok(Date.now() - started >= 140, `took ${Date.now() - started} ms`);
      assert.equal((json(reply) as MultiIdReadBody)[N.verified]?.id, N.verified);
      assert.equal(other.requests[0]?.fault, "latency:150");
    });
    await withEmulator({ fault: "status:503" }, async (other) => {
      assert.equal(
        (json(await get(nodePath(N.verified), { on: other })) as PreverifiedNumberNode).id,
        N.verified,
      );
      assert.equal(other.requests[0]?.fault, undefined);
    });
  });

  it("header faults replace a successful read only", async () => {
    metaError(await get(nodePath(N.verified), { fault: "status:503" }), {
      status: 503,
      code: 2,
      is_transient: true,
    });
    notFound(await get(nodePath(N.unknown), { fault: "status:503" }), N.unknown);
    const truncated = await get(numbersPath(B.acme), { fault: "truncated" });
    assert.equal(truncated.status, 200);
    assert.throws(() => JSON.parse(truncated.text) as unknown, SyntaxError);
    const limited = await get(`/v25.0/?ids=${N.verified}`, { fault: "rate-limit:3" });
    metaError(limited, { status: 429, code: 80008 });
    const usage = JSON.parse(limited.headers.get("x-business-use-case-usage") ?? "{}") as object;
    assert.deepEqual(Object.keys(usage), [B.acme]);
    assert.deepEqual(
      emulator.requests.map((request) => request.fault),
      ["status:503", undefined, "truncated", "rate-limit:3"],
    );
  });

  it("a read takes meta-error and rate-limit naming another business from the header", async () => {
    metaError(await get(nodePath(N.verified), { fault: "meta-error:422:100" }), {
      status: 422,
      code: 100,
    });
    metaError(await get(numbersPath(B.acme), { fault: "meta-error:400:987654" }), {
      status: 400,
      code: 987_654,
    });
    const limited = await get(`/v25.0/?ids=${N.verified}`, { fault: `rate-limit:2:${B.globex}` });
    metaError(limited, { status: 429, code: 80008 });
    const usage = JSON.parse(limited.headers.get("x-business-use-case-usage") ?? "{}") as object;
    assert.deepEqual(Object.keys(usage), [B.globex]);
  });

  it("reads never take an enqueued fault", async () => {
    emulator.faults.enqueue("status:503");
    assert.equal((json(await get(nodePath(N.verified))) as PreverifiedNumberNode).id, N.verified);
    assert.deepEqual(emulator.faults.pending(), ["status:503"]);
  });

  it("an invalid fault header is reported before the token", async () => {
    const error = metaError(await get(nodePath(N.verified), { token: null, fault: "bogus" }), {
      status: 400,
      code: 100,
    });
    assert.match(error.message, /^\(#100\) Invalid x-emulator-fault: /);
  });
});
