// The subgraph as a router sees it: `_service { sdl }`, `_entities`, and composition with a second
// subgraph that owns `Business`.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { FEDERATION_SPEC_URL } from "../../src/schema/build-schema.js";
import { PreverifiedNumberEntitiesDocument, ServiceSdlDocument } from "../__generated__/graphql.js";
import { startStack, type Stack } from "../helpers/stack.js";

const SCHEMA_FILE = new URL("../../schema/schema.graphql", import.meta.url);

/**
A second subgraph: owns `Business` and reuses the `NotFoundError` value type. A value type shared
by several subgraphs must be `@shareable` and have the same fields in each (otherwise a query
through the other subgraph could ask for a field it cannot resolve).
*/
const BUSINESSES_SUBGRAPH = `
  extend schema @link(url: "${FEDERATION_SPEC_URL}", import: ["@key", "@shareable"])

  type Business @key(fields: "id") {
    id: ID!
    name: String!
  }

  interface Error {
    message: String!
  }

  interface MetaError implements Error {
    message: String!
    retryable: Boolean!
    fbtraceId: String
    metaCode: Int
    metaSubcode: Int
    userTitle: String
    userMessage: String
  }

  type NotFoundError implements Error & MetaError @shareable {
    message: String!
    retryable: Boolean!
    fbtraceId: String
    metaCode: Int
    metaSubcode: Int
    userTitle: String
    userMessage: String
  }

  union BusinessResult = Business | NotFoundError

  type Query {
    business(id: ID!): BusinessResult!
  }
`;

function compose(preverifiedSdl: string, businessesSdl: string) {
  return composeServices([
    { name: "preverified", url: "http://preverified/graphql", typeDefs: parse(preverifiedSdl) },
    { name: "businesses", url: "http://businesses/graphql", typeDefs: parse(businessesSdl) },
  ]);
}

describe("federation", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: "production" });
  });
  after(async () => {
    await stack.close();
  });

  it("serves _service { sdl } over HTTP, identical to schema/schema.graphql, even in production", async () => {
    const response = await stack.execute(ServiceSdlDocument, {});
    assert.equal(response.body.errors, undefined, response.text);
    const sdl = response.body.data?._service.sdl ?? "";
    assert.equal(`${sdl.trimEnd()}\n`, await readFile(SCHEMA_FILE, "utf8"));
    assert.match(
      sdl,
      /extend schema @link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.7"/,
    );
    assert.match(sdl, /type PreverifiedNumber @key\(fields: "id"\)/);
    assert.match(sdl, /type Business @key\(fields: "id", resolvable: false\)/);
    assert.match(sdl, /type NotFoundError implements Error & MetaError @shareable/);
  });

  it("resolves PreverifiedNumber representations through _entities, in order", async () => {
    const response = await stack.execute(PreverifiedNumberEntitiesDocument, {
      representations: [
        { __typename: "PreverifiedNumber", id: "3000000000000002" },
        { __typename: "PreverifiedNumber", id: "3000000000000001" },
      ],
    });
    assert.equal(response.body.errors, undefined, response.text);
    assert.deepEqual(response.body.data?._entities, [
      { __typename: "PreverifiedNumber", id: "3000000000000002" },
      { __typename: "PreverifiedNumber", id: "3000000000000001" },
    ]);
  });

  it("composes with a subgraph that owns Business, without errors or hints", async () => {
    const result = compose(await readFile(SCHEMA_FILE, "utf8"), BUSINESSES_SUBGRAPH);
    assert.deepEqual(
      result.errors?.map((error) => error.message),
      undefined,
      "composition must succeed",
    );
    assert.deepEqual(result.hints?.map((hint) => hint.toString()) ?? [], []);
    const supergraph = result.supergraphSdl ?? "";
    assert.match(supergraph, /sharePreverifiedNumber\(/);
    assert.match(supergraph, /input: SharePreverifiedNumberInput!/);
    assert.match(supergraph, /join__type\(graph: BUSINESSES, key: "id"\)/);
  });

  it("is a real check: a conflicting field type in the other subgraph fails composition", () => {
    const conflicting = `${BUSINESSES_SUBGRAPH}
      type PreverifiedNumber @key(fields: "id") {
        id: Int!
      }`;
    return readFile(SCHEMA_FILE, "utf8").then((sdl) => {
      const result = compose(sdl, conflicting);
      assert.ok(result.errors && result.errors.length > 0, "composition must fail");
      assert.match(result.errors.map((error) => error.message).join("\n"), /PreverifiedNumber\.id/);
    });
  });
});
