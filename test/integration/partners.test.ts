// PreverifiedNumber.partners in bulk and identical reads once, through HTTP against the emulator:
// first pages from Meta's multi-ID read with field expansion (one call per chunk of numbers),
// later pages on the edge, every distinct (number, first, after) and list page read once.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FIXTURES, type RecordedRequest } from "../../src/emulator/index.js";
import { loadConfig } from "../../src/config.js";
import {
  EntityFirstFivePartnersDocument,
  EntityPartnerPagesDocument,
  EntityPartnersDocument,
} from "../__generated__/graphql.js";
import { bearer, operationBody, representations } from "../helpers/graphql.js";
import { startStack, type Stack } from "../helpers/stack.js";

const { tokens, numbers, businesses } = FIXTURES;
const AUTH = bearer(tokens.acme);
const bulk: readonly string[] = numbers.bulk;
/** The bulk numbers shared with Partner One and Partner Two (the rest are shared with nobody). */
const SHARED = bulk.slice(0, 60);
const BOTH_PARTNERS = [{ id: businesses.partnerOne }, { id: businesses.partnerTwo }];

interface Connection {
  __typename: string;
  nodes: { id: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
type Entity = { id: string; partners: Connection | null } | null;
type GraphQLErrors = { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];

/** `alias0: field alias1: field …`. */
const aliased = (count: number, field: string) =>
  Array.from({ length: count }, (_, index) => `e${index}: ${field}`).join("\n");

const isMultiIdRead = (request: RecordedRequest) => request.query["ids"] !== undefined;
const isPartnersEdge = (request: RecordedRequest) =>
  /^\/v[0-9.]+\/\d+\/partners$/.test(request.path);
const isNumbersList = (request: RecordedRequest) => request.path.endsWith("/preverified_numbers");

/**
What batching alone makes of these fan-outs: the cost limits (the representations cap, the
estimate and the call budget, `cost.test.ts`) are raised so they do not refuse them first.
*/
const UNBOUNDED = {
  limits: { ...loadConfig({}).limits, maxEntityRepresentations: 10_000 },
  graphApi: { maxCallsPerRequest: 1_000 },
};

describe("PreverifiedNumber.partners in bulk", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack(UNBOUNDED);
    for (const preverifiedId of SHARED) {
      for (const partnerBusinessId of [businesses.partnerTwo, businesses.partnerOne]) {
        const shared = stack.emulator.store.share({
          businessId: businesses.acme,
          preverifiedId,
          partnerBusinessId,
        });
        assert.deepEqual(shared, { ok: true });
      }
    }
  });
  after(async () => {
    await stack.close();
  });

  /** Posts an operation; answers its data, errors and the upstream requests it caused. */
  async function post(body: unknown, headers: Record<string, string> = AUTH) {
    const first = stack.emulator.requests.length;
    const response = await stack.post(body, headers);
    assert.equal(response.status, 200, response.text.slice(0, 500));
    return {
      data: response.body.data as Record<string, unknown> | null | undefined,
      errors: (response.body.errors ?? []) as GraphQLErrors,
      upstream: stack.emulator.requests.slice(first),
      bodyBytes: Buffer.byteLength(JSON.stringify(body)),
    };
  }

  it("answers 5 aliases × 1,000 representations of one number × partners(first: 100) with 1 upstream call", async () => {
    const query = `query($r: [_Any!]!) {
      ${aliased(5, "_entities(representations: $r) { ... on PreverifiedNumber { id partners(first: 100) { __typename } } }")}
    }`;
    const result = await post({
      query,
      variables: { r: representations(Array.from({ length: 1000 }, () => SHARED[0] ?? "")) },
    });
    assert.ok(result.bodyBytes > 50_000, `${result.bodyBytes} bytes`);
    assert.deepEqual(result.errors, []);
    for (let alias = 0; alias < 5; alias += 1) {
      const entities = result.data?.[`e${alias}`] as { partners: { __typename: string } }[];
      assert.equal(entities.length, 1000);
      assert.ok(entities.every((entity) => entity.partners.__typename === "BusinessConnection"));
    }
    assert.equal(result.upstream.length, 1, "one multi-ID read, nothing else");
    const [read] = result.upstream;
    assert.ok(read !== undefined && isMultiIdRead(read));
    assert.equal(read.query["ids"], SHARED[0]);
    assert.equal(read.query["fields"], "partners.limit(100){id,name}");
    console.log(
      `# ${result.bodyBytes} B, 5 × 1,000 representations of one number: ${result.upstream.length} upstream call(s)`,
    );
  });

  it(`reads the partners of ${SHARED.length} numbers with ${Math.ceil(SHARED.length / 50)} calls, each number its own`, async () => {
    const ids = SHARED;
    const result = await post(
      operationBody(EntityPartnerPagesDocument, { r: representations(ids) }),
    );
    assert.deepEqual(result.errors, []);
    const entities = result.data?.["_entities"] as Entity[];
    assert.deepEqual(
      entities.map((entity) => entity?.id),
      ids,
    );
    for (const [index, entity] of entities.entries()) {
      assert.deepEqual(entity?.partners?.nodes, BOTH_PARTNERS, `${index}`);
      assert.equal(entity.partners.pageInfo.hasNextPage, false);
    }
    assert.equal(result.upstream.length, Math.ceil(ids.length / 50));
    assert.ok(result.upstream.every(isMultiIdRead));
    console.log(
      `# ${ids.length} distinct numbers' partners: ${result.upstream.length} upstream calls`,
    );
  });

  it("reads a page after a cursor on the edge, once per number however many aliases ask", async () => {
    const query = `query($r: [_Any!]!, $after: String) {
      ${aliased(2, "_entities(representations: $r) { ... on PreverifiedNumber { id partners(first: 1, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }")}
    }`;
    const firstPages = await post({ query, variables: { r: representations(SHARED) } });
    assert.deepEqual(firstPages.errors, []);
    assert.equal(firstPages.upstream.length, Math.ceil(SHARED.length / 50));
    const pages = (firstPages.data?.["e0"] as Entity[]).map((entity) => entity?.partners);
    assert.ok(pages.every((page) => page?.pageInfo.hasNextPage === true));
    assert.deepEqual(pages[0]?.nodes, [{ id: businesses.partnerOne }]);
    // Each number's first page ends at Partner One, so one cursor continues all of them.
    const cursors = new Set(pages.map((page) => page?.pageInfo.endCursor));
    assert.equal(cursors.size, 1);
    const [cursor] = cursors;

    const secondPages = await post({
      query,
      variables: { r: representations(SHARED), after: cursor },
    });
    assert.deepEqual(secondPages.errors, []);
    for (const alias of ["e0", "e1"]) {
      for (const entity of secondPages.data?.[alias] as Entity[]) {
        assert.deepEqual(entity?.partners?.nodes, [{ id: businesses.partnerTwo }]);
        assert.equal(entity.partners.pageInfo.hasNextPage, false);
      }
    }
    assert.equal(
      secondPages.upstream.length,
      SHARED.length,
      "one edge read per number, not per alias",
    );
    assert.ok(secondPages.upstream.every(isPartnersEdge));
    assert.deepEqual(
      new Set(secondPages.upstream.map((request) => request.path.split("/")[2])),
      new Set(SHARED),
    );
    assert.ok(secondPages.upstream.every((request) => request.query["after"] === cursor));
    console.log(
      `# second pages, ${SHARED.length} numbers × 2 aliases: ${secondPages.upstream.length} upstream calls`,
    );
  });

  it("answers ten aliases of preverifiedNumbers(first: 100) { nodes { partners } } with 1 + ceil(100 / 50) calls", async () => {
    const page = `preverifiedNumbers(businessId: "${businesses.acme}", first: 100) {
      ... on PreverifiedNumberConnection { nodes { id partners(first: 100) { nodes { id } } } }
    }`;
    const result = await post({ query: `{ ${aliased(10, page)} }` });
    assert.deepEqual(result.errors, []);
    const lists = Array.from(
      { length: 10 },
      (_, index) =>
        (result.data?.[`e${index}`] as { nodes: { id: string; partners: Connection }[] }).nodes,
    );
    assert.equal(lists[0]?.length, 100);
    for (const list of lists) {
      assert.deepEqual(list, lists[0]);
    }
    const byId = new Map(lists[0].map((node) => [node.id, node.partners.nodes]));
    assert.deepEqual(byId.get(SHARED[0] ?? ""), BOTH_PARTNERS);
    assert.deepEqual(byId.get(numbers.sharedWithPartnerOne), [{ id: businesses.partnerOne }]);
    assert.deepEqual(byId.get(numbers.verified), []);
    assert.equal(result.upstream.filter(isNumbersList).length, 1);
    assert.equal(result.upstream.filter(isMultiIdRead).length, Math.ceil(100 / 50));
    assert.equal(result.upstream.length, 1 + Math.ceil(100 / 50));
    console.log(
      `# 10 aliased pages of 100 numbers with partners: ${result.upstream.length} upstream calls`,
    );
  });

  it("reads different list pages and page sizes separately", async () => {
    // Built in code: four aliased lists with literal arguments.
    const list = (first: number, status?: string) =>
      `preverifiedNumbers(businessId: "${businesses.acme}", first: ${first}${
        status === undefined ? "" : `, filter: { verificationStatus: ${status} }`
      }) { ... on PreverifiedNumberConnection { nodes { id partners(first: ${first}) { nodes { id } } } } }`;
    const result = await post({
      query: `{ a: ${list(3)} b: ${list(3)} c: ${list(4)} d: ${list(3, "NOT_VERIFIED")} }`,
    });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.data?.["a"], result.data?.["b"]);
    assert.equal(result.upstream.filter(isNumbersList).length, 3, "a and b are one page");
    // First pages: first 3 (a, b and d share it) and first 4, one multi-ID read each.
    const reads = result.upstream.filter(isMultiIdRead).map((request) => request.query["fields"]);
    assert.deepEqual(reads.sort(), ["partners.limit(3){id,name}", "partners.limit(4){id,name}"]);
  });

  it("isolates one unknown number among many: the others get their partners, it gets NOT_FOUND", async () => {
    const ids = [...SHARED.slice(0, 10), numbers.unknown, ...SHARED.slice(10, 19)];
    const result = await post(operationBody(EntityPartnersDocument, { r: representations(ids) }));
    const entities = result.data?.["_entities"] as Entity[];
    assert.equal(entities.length, 20);
    for (const [index, entity] of entities.entries()) {
      assert.deepEqual(entity?.partners?.nodes, index === 10 ? undefined : BOTH_PARTNERS);
    }
    assert.equal(entities[10]?.partners, null);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0]?.extensions?.["code"], "NOT_FOUND");
    assert.deepEqual(result.errors[0].path, ["_entities", 10, "partners"]);
    assert.equal(result.upstream.length, 2, "the whole read, then the rest without the named ID");
    assert.ok(result.upstream.every(isMultiIdRead));
  });

  it("answers FORBIDDEN per number to a partner, who may read the numbers but not their partners", async () => {
    const ids = SHARED.slice(0, 2);
    const result = await post(
      operationBody(EntityPartnersDocument, { r: representations(ids) }),
      bearer(tokens.partnerOne),
    );
    const entities = result.data?.["_entities"] as Entity[];
    assert.deepEqual(
      entities.map((entity) => entity?.partners),
      [null, null],
    );
    assert.deepEqual(
      result.errors.map((error) => [error.path?.[1], error.extensions?.["code"]]),
      [
        [0, "FORBIDDEN"],
        [1, "FORBIDDEN"],
      ],
    );
    // The whole read fails naming no number, so the service halves it: 1 + 2 reads.
    assert.equal(result.upstream.length, 3);
  });
});

describe("the partners chunk size", () => {
  it("follows GRAPH_API_MAX_IDS_PER_READ", async () => {
    const stack = await startStack({ graphApi: { maxIdsPerRead: 25 } });
    try {
      const first = stack.emulator.requests.length;
      const response = await stack.execute(
        EntityFirstFivePartnersDocument,
        { r: representations(bulk.slice(0, 60)) },
        { headers: AUTH },
      );
      assert.equal(response.body.errors, undefined, response.text.slice(0, 300));
      const upstream = stack.emulator.requests.slice(first);
      assert.equal(upstream.length, 3);
      assert.deepEqual(
        upstream.map((request) => (request.query["ids"] ?? "").split(",").length),
        [25, 25, 10],
      );
    } finally {
      await stack.close();
    }
  });
});
