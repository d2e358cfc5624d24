// PreverifiedNumber entities and the preverifiedNumber query: real fields from Meta's multi-ID
// read, batched per request through DataLoader, chunked, with a bad ID isolated.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FIXTURES } from "../../src/emulator/index.js";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  PreverifiedNumberDocument,
  PreverifiedNumberEntityFieldsDocument,
  PreverifiedNumberEntityIdsDocument,
} from "../__generated__/graphql.js";
import { bearer, type Representation, representations } from "../helpers/graphql.js";
import { startStack, type Stack } from "../helpers/stack.js";

const { tokens, numbers, businesses } = FIXTURES;
const AUTH = bearer(tokens.acme);

type Entity = {
  __typename: string;
  id: string;
  phoneNumber: string | null;
  verificationStatus: string | null;
  verificationExpiresAt: string | null;
  ownerBusiness: { id: string } | null;
} | null;

function reads(stack: Stack): number {
  return stack.emulator.requests.filter((request) => request.query["ids"] !== undefined).length;
}

async function entities(
  stack: Stack,
  ids: readonly string[],
  document: TypedDocumentNode<
    unknown,
    { r: Representation[] }
  > = PreverifiedNumberEntityFieldsDocument,
) {
  const before = reads(stack);
  const response = await stack.execute(document, { r: representations(ids) }, { headers: AUTH });
  assert.equal(response.status, 200, response.text);
  const data = response.body.data as { _entities: Entity[] } | undefined;
  return {
    data: data?._entities ?? [],
    errors: response.body.errors ?? [],
    reads: reads(stack) - before,
  };
}

const bulk: readonly string[] = FIXTURES.numbers.bulk;

describe("PreverifiedNumber entities", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack.close();
  });

  it("resolves a representation's fields from Meta in one read", async () => {
    const result = await entities(stack, [numbers.verified]);
    assert.deepEqual(result.errors, []);
    assert.equal(result.reads, 1);
    const [entity] = result.data;
    assert.equal(entity?.id, numbers.verified);
    assert.equal(entity.__typename, "PreverifiedNumber");
    assert.match(entity.phoneNumber ?? "", /^\+\d/);
    assert.equal(entity.verificationStatus, "VERIFIED");
    assert.match(entity.verificationExpiresAt ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(entity.ownerBusiness, { id: businesses.acme });
  });

  it("makes no upstream call when only the key is selected", async () => {
    const result = await entities(stack, bulk.slice(0, 50), PreverifiedNumberEntityIdsDocument);
    assert.equal(result.reads, 0);
    assert.equal(result.data.length, 50);
  });

  it(`reads 50 representations with 1 call, ${bulk.length} with ${Math.ceil(bulk.length / 50)}`, async () => {
    const fifty = await entities(stack, bulk.slice(0, 50));
    assert.deepEqual(fifty.errors, []);
    assert.equal(fifty.reads, 1);
    assert.equal(bulk.length, 120);
    const all = await entities(stack, bulk);
    assert.deepEqual(all.errors, []);
    assert.equal(all.reads, Math.ceil(bulk.length / 50));
    assert.deepEqual(
      all.data.map((entity) => entity?.id),
      bulk,
    );
    console.log(`# upstream reads: 1 → 1, 50 → ${fifty.reads}, ${bulk.length} → ${all.reads}`);
  });

  it("keeps the order of the representations", async () => {
    const reversed = [...bulk.slice(0, 10)].reverse();
    const result = await entities(stack, reversed);
    assert.deepEqual(
      result.data.map((entity) => entity?.id),
      reversed,
    );
  });

  it("isolates one bad ID among 20: 19 resolved, 1 NOT_FOUND, in two reads", async () => {
    const ids = [...bulk.slice(0, 10), numbers.unknown, ...bulk.slice(10, 19)];
    const result = await entities(stack, ids);
    assert.equal(result.reads, 2, "the whole read, then the rest without the ID Meta named");
    const resolved = result.data.filter((entity) => entity?.phoneNumber !== null);
    assert.equal(resolved.length, 19);
    assert.equal(result.data[10]?.phoneNumber, null);
    assert.ok(result.errors.length > 0);
    for (const error of result.errors) {
      assert.equal(error.extensions?.["code"], "NOT_FOUND");
      assert.deepEqual(error.path?.slice(0, 2), ["_entities", 10]);
    }
  });

  it("never shares loaded numbers between requests", async () => {
    const first = await entities(stack, [numbers.verified]);
    const second = await entities(stack, [numbers.verified]);
    assert.equal(first.reads, 1);
    assert.equal(second.reads, 1);
  });

  it("answers UNAUTHENTICATED field errors without a token, and calls nobody", async () => {
    const before = reads(stack);
    const response = await stack.execute(PreverifiedNumberEntityFieldsDocument, {
      r: representations([numbers.verified]),
    });
    assert.equal(response.body.errors?.[0]?.extensions?.["code"], "UNAUTHENTICATED");
    assert.equal(reads(stack), before);
  });
});

describe("the chunk size", () => {
  it("follows GRAPH_API_MAX_IDS_PER_READ", async () => {
    const stack = await startStack({ graphApi: { maxIdsPerRead: 25 } });
    try {
      const result = await entities(stack, bulk.slice(0, 60));
      assert.deepEqual(result.errors, []);
      assert.equal(result.reads, 3);
    } finally {
      await stack.close();
    }
  });
});

describe("preverifiedNumber(id)", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack.close();
  });

  async function query(id: string, headers: Record<string, string> = AUTH) {
    const before = reads(stack);
    const response = await stack.execute(PreverifiedNumberDocument, { id }, { headers });
    assert.equal(response.body.errors, undefined, response.text);
    const result: Record<string, unknown> = response.body.data?.preverifiedNumber ?? {};
    return { result, reads: reads(stack) - before };
  }

  it("returns the number, with all its fields from one read", async () => {
    const { result, reads: count } = await query(numbers.notVerified);
    assert.equal(result["__typename"], "PreverifiedNumber");
    assert.equal(result["verificationStatus"], "NOT_VERIFIED");
    assert.deepEqual(result["ownerBusiness"], { id: businesses.acme });
    assert.equal(count, 1);
  });

  it("answers NotFoundError as data for an unknown number", async () => {
    const { result } = await query(numbers.unknown);
    assert.equal(result["__typename"], "NotFoundError");
  });

  it("answers InvalidInputError naming `id` for a malformed ID, without calling Meta", async () => {
    const { result, reads: count } = await query("12ab");
    assert.equal(result["__typename"], "InvalidInputError");
    assert.equal(result["field"], "id");
    assert.equal(count, 0);
  });

  it("answers AuthenticationError without a token", async () => {
    const { result, reads: count } = await query(numbers.verified, {});
    assert.equal(result["__typename"], "AuthenticationError");
    assert.equal(count, 0);
  });
});
