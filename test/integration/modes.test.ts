// Development (Sandbox, introspection, stack traces) versus production (none of them, masked
// internal errors), plus the HTTP edge every mode shares.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FIXTURES } from "../../src/emulator/index.js";
import type { PreverifiedSharingSource } from "../../src/graph-api/share.source.js";
import { SANDBOX_EXAMPLE_OPERATION, SANDBOX_EXAMPLE_VARIABLES } from "../../src/sandbox.js";
import { SANDBOX_ORIGIN } from "../../src/server.js";
import { PingDocument, ShareTypenameDocument } from "../__generated__/graphql.js";
import { bearer, operationBody } from "../helpers/graphql.js";
import { startStack, type Stack } from "../helpers/stack.js";

// An introspection probe: allowed in development, refused in production.
const INTROSPECTION = { query: "{ __schema { queryType { name } types { name } } }" };
const SHARE = operationBody(ShareTypenameDocument, SANDBOX_EXAMPLE_VARIABLES);
const AUTH = bearer(FIXTURES.tokens.acme);

/** A data source with a bug: the only way a resolver throws. */
const brokenSource: PreverifiedSharingSource = {
  share() {
    return Promise.reject(new Error("secret internal detail: db password is hunter2"));
  },
};

async function landingPage(stack: Stack) {
  const response = await fetch(`${stack.origin}/graphql`, { headers: { accept: "text/html" } });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    html: await response.text(),
  };
}

async function preflight(stack: Stack, origin: string) {
  return fetch(`${stack.origin}/graphql`, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type,authorization",
    },
  });
}

describe("development mode", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: "development", source: brokenSource });
  });
  after(async () => {
    await stack.close();
  });

  it("serves Apollo Sandbox with the example operation preloaded", async () => {
    const page = await landingPage(stack);
    assert.equal(page.status, 200);
    assert.match(page.type ?? "", /text\/html/);
    assert.match(page.html, /embeddable-sandbox|EmbeddedSandbox/);
    assert.match(page.html, /sharePreverifiedNumber/);
    assert.match(page.html, new RegExp(SANDBOX_EXAMPLE_VARIABLES.input.preverifiedId));
  });

  it("allows introspection", async () => {
    const response = await stack.post(INTROSPECTION);
    assert.equal(response.status, 200);
    assert.equal(
      (response.body.data as { __schema: { queryType: { name: string } } }).__schema.queryType.name,
      "Query",
    );
  });

  it("lets Sandbox's origin call cross-origin, and no other origin", async () => {
    const allowed = await preflight(stack, SANDBOX_ORIGIN);
    assert.equal(allowed.headers.get("access-control-allow-origin"), SANDBOX_ORIGIN);
    const other = await preflight(stack, "https://evil.example");
    assert.equal(other.headers.get("access-control-allow-origin"), null);
  });

  it("shows the stack of an unexpected error, and logs it", async () => {
    const response = await stack.post(SHARE, AUTH);
    const error = response.body.errors?.[0];
    assert.equal(error?.extensions?.["code"], "INTERNAL_SERVER_ERROR");
    assert.ok(Array.isArray(error.extensions["stacktrace"]));
    assert.ok(stack.logs.some((line) => line.includes("Unexpected error")));
  });
});

describe("production mode", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: "production", source: brokenSource });
  });
  after(async () => {
    await stack.close();
  });

  it("has no landing page", async () => {
    const page = await landingPage(stack);
    assert.doesNotMatch(page.html, /<html|sandbox/i);
  });

  it("refuses introspection", async () => {
    const response = await stack.post(INTROSPECTION);
    assert.equal(response.status, 400);
    assert.equal(response.body.data, undefined);
    assert.equal(response.body.errors?.[0]?.extensions?.["code"], "GRAPHQL_VALIDATION_FAILED");
    assert.match(response.body.errors[0].message, /introspection/i);
  });

  it("sends no CORS headers to any origin", async () => {
    const response = await preflight(stack, SANDBOX_ORIGIN);
    assert.equal(response.headers.get("access-control-allow-origin"), null);
  });

  it("masks an unexpected error: no message, no stack, but the log keeps it", async () => {
    const response = await stack.post(SHARE, AUTH);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.errors, [
      {
        message: "Internal server error",
        extensions: {
          code: "INTERNAL_SERVER_ERROR",
          requestId: response.headers.get("x-request-id"),
        },
        path: ["sharePreverifiedNumber"],
      },
    ]);
    assert.doesNotMatch(response.text, /hunter2|stacktrace|at .*\.ts/);
    assert.ok(stack.logs.some((line) => line.includes("hunter2") && line.includes('"level":50')));
  });
});

describe("the HTTP edge", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: "development" });
  });
  after(async () => {
    await stack.close();
  });

  it("runs Sandbox's example operation successfully on the emulator", async () => {
    const response = await stack.post(
      { query: SANDBOX_EXAMPLE_OPERATION, variables: SANDBOX_EXAMPLE_VARIABLES },
      AUTH,
    );
    assert.equal(response.body.errors, undefined, response.text);
    assert.deepEqual(
      (response.body.data as { sharePreverifiedNumber: { __typename: string } })
        .sharePreverifiedNumber.__typename,
      "SharePreverifiedNumberSuccess",
    );
  });

  it("gives every response a request id", async () => {
    const response = await stack.execute(PingDocument, {});
    assert.match(response.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  });

  it("answers malformed JSON with a 400, not a crash", async () => {
    const response = await fetch(`${stack.origin}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"query": "{ __typename ',
    });
    assert.equal(response.status, 400);
    const text = await response.text();
    assert.doesNotMatch(text, /at .*node_modules/);
    const again = await stack.execute(PingDocument, {});
    assert.equal(again.status, 200, "the server still answers");
  });

  it("refuses a mutation over GET", async () => {
    const calls = stack.emulator.requests.length;
    const query = encodeURIComponent(SHARE.query);
    const variables = encodeURIComponent(JSON.stringify(SHARE.variables));
    const response = await fetch(`${stack.origin}/graphql?query=${query}&variables=${variables}`, {
      headers: { "apollo-require-preflight": "true", ...AUTH },
    });
    assert.equal(response.status, 405);
    assert.equal(stack.emulator.requests.length, calls);
  });

  it("blocks a simple cross-site POST (CSRF prevention)", async () => {
    const calls = stack.emulator.requests.length;
    const response = await fetch(`${stack.origin}/graphql`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify(SHARE),
    });
    assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}`);
    assert.equal(stack.emulator.requests.length, calls);
  });

  it("answers 404 outside /graphql", async () => {
    const response = await fetch(`${stack.origin}/nope`);
    assert.equal(response.status, 404);
  });
});
