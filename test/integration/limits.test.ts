// Hostile requests through HTTP against a production-mode service with the default limits. Each
// case asserts the HTTP status, the error code, a clear message, that the emulator (Meta) saw no
// call, and that the answer came fast; the measured times are printed at the end. Legitimate use
// still works within the same limits, development keeps its "Did you mean" hints, and the
// per-caller mutation budget stops a burst of shares before Meta.
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { loadConfig } from "../../src/config.js";
import { FIXTURES } from "../../src/emulator/index.js";
import { SANDBOX_EXAMPLE_OPERATION, SANDBOX_EXAMPLE_VARIABLES } from "../../src/sandbox.js";
import { shareCalls as shareCallsOf, startStack, type Stack } from "../helpers/stack.js";

const { businesses, tokens, numbers } = FIXTURES;
const DEFAULT_LIMITS = loadConfig({}).limits;
const AUTH = { authorization: `Bearer ${tokens.acme}` };
/** Generous: a rejection takes milliseconds; this only catches a limit checked far too late. */
const FAST_MS = 1_000;

type Loose = Record<string, unknown>;

interface Answer {
  status: number;
  headers: Headers;
  body: {
    data?: unknown;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
    /** Fastify's own error answers (body limit, JSON, media type) carry `code` at the top. */
    code?: string;
    message?: string;
  };
  text: string;
  ms: number;
  upstreamCalls: number;
}

const measured: { name: string; status: number; code: string; ms: number }[] = [];

after(() => {
  console.log(`# ${"rejected request".padEnd(36)} | status | ${"code".padEnd(30)} | ms`);
  for (const row of measured) {
    console.log(
      `# ${row.name.padEnd(36)} | ${String(row.status).padEnd(6)} | ${row.code.padEnd(30)} | ${row.ms.toFixed(1)}`,
    );
  }
});

/** Sends one request and measures it, counting what the emulator received meanwhile. */
async function send(stack: Stack, path: string, init: RequestInit): Promise<Answer> {
  const before = stack.emulator.requests.length;
  const started = performance.now();
  const response = await fetch(`${stack.origin}${path}`, init);
  const text = await response.text();
  const ms = performance.now() - started;
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text) as Answer["body"],
    text,
    ms,
    upstreamCalls: stack.emulator.requests.length - before,
  };
}

function postJson(stack: Stack, body: unknown, headers: Record<string, string> = {}) {
  return send(stack, "/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...AUTH, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const codeOf = (answer: Answer): string => {
  const code = answer.body.errors?.[0]?.extensions?.["code"] ?? answer.body.code;
  return typeof code === "string" ? code : JSON.stringify(code);
};
const messageOf = (answer: Answer) => answer.body.errors?.[0]?.message ?? answer.body.message ?? "";
const codesOf = (answer: Answer) =>
  (answer.body.errors ?? []).map((error) => error.extensions?.["code"]);

/** The checks every rejection shares; records the time for the summary. */
function assertRejected(
  name: string,
  answer: Answer,
  expected: { status: number; code: string; message: RegExp },
) {
  measured.push({ name, status: answer.status, code: codeOf(answer), ms: answer.ms });
  assert.equal(answer.status, expected.status, answer.text.slice(0, 500));
  assert.equal(codeOf(answer), expected.code, answer.text.slice(0, 500));
  assert.match(messageOf(answer), expected.message);
  assert.equal(answer.body.data, undefined, "no data: nothing was executed");
  assert.equal(answer.upstreamCalls, 0, "no upstream call");
  assert.ok(answer.ms < FAST_MS, `answered in ${answer.ms.toFixed(0)} ms`);
  assert.doesNotMatch(answer.text, /node_modules|at .*\.[jt]s:\d+/, "no stack trace");
}

interface ShareInput {
  businessId: string;
  preverifiedId: string;
  partnerBusinessId: string;
}

const INPUT: ShareInput = {
  businessId: businesses.acme,
  preverifiedId: numbers.verified,
  partnerBusinessId: businesses.partnerOne,
};
const ENTITY = [{ __typename: "PreverifiedNumber", id: numbers.verified }];

/** `_entities` with `fragments` nested inline fragments: depth 2 + fragments. */
function entitiesAtDepth(depth: number): string {
  const fragments = depth - 2;
  return `query Deep($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ${"... on PreverifiedNumber { ".repeat(fragments)}id${" }".repeat(fragments)}
    }
  }`;
}

/** The share mutation repeated under `count` aliases (`count` root fields). */
function shareAliases(count: number): string {
  const fields = Array.from(
    { length: count },
    (_, index) => `a${index}: sharePreverifiedNumber(input: $input) { __typename }`,
  );
  return `mutation Aliases($input: SharePreverifiedNumberInput!) { ${fields.join(" ")} }`;
}

describe("request limits in production (default limits)", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: "production" });
    // The first request compiles the GraphQL pipeline; the timings below are steady-state.
    await postJson(stack, { query: "{ __typename }" });
  });
  after(async () => {
    await stack.close();
  });

  it("uses the documented defaults", () => {
    assert.deepEqual(DEFAULT_LIMITS, {
      maxBodyBytes: 65_536,
      maxDepth: 8,
      maxAliases: 10,
      maxRootFields: 10,
      maxDirectives: 10,
      maxTokens: 1_000,
      allowBatchedRequests: false,
      maxBulkShares: 200,
      maxEntityRepresentations: 500,
    });
  });

  describe("legitimate operations still work", () => {
    it("runs Sandbox's example share (the operation clients start from)", async () => {
      const answer = await postJson(stack, {
        query: SANDBOX_EXAMPLE_OPERATION,
        variables: SANDBOX_EXAMPLE_VARIABLES,
      });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.errors, undefined, answer.text);
      const result = (answer.body.data as { sharePreverifiedNumber: Loose }).sharePreverifiedNumber;
      assert.equal(result["__typename"], "SharePreverifiedNumberSuccess");
      assert.equal(answer.upstreamCalls, 1);
    });

    it("accepts exactly the limits: 10 aliases of the mutation (10 root fields)", async () => {
      const answer = await postJson(stack, {
        query: shareAliases(DEFAULT_LIMITS.maxAliases),
        variables: { input: { ...INPUT, partnerBusinessId: businesses.partnerTwo } },
      });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.errors, undefined, answer.text);
      const data = answer.body.data as Record<string, { __typename: string }>;
      assert.equal(Object.keys(data).length, 10);
      for (const result of Object.values(data)) {
        assert.equal(result.__typename, "SharePreverifiedNumberSuccess");
      }
      assert.equal(answer.upstreamCalls, 1, "one Meta call for ten identical shares");
    });

    it("accepts depth 8", async () => {
      const answer = await postJson(stack, {
        query: entitiesAtDepth(DEFAULT_LIMITS.maxDepth),
        variables: { representations: ENTITY },
      });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body.data, { _entities: [{ id: numbers.verified }] });
    });
  });

  describe("operation limits (validation, before any resolver)", () => {
    it("rejects depth 9 through _entities fragments", async () => {
      const answer = await postJson(stack, {
        query: entitiesAtDepth(DEFAULT_LIMITS.maxDepth + 1),
        variables: { representations: ENTITY },
      });
      assertRejected("depth 9 (_entities)", answer, {
        status: 400,
        code: "MAX_DEPTH_LIMIT",
        message: /^Query depth limit of 8 exceeded, found 9\.$/,
      });
    });

    it("rejects depth 9 on the mutation's success type, without sharing", async () => {
      const query = `mutation Deep($input: SharePreverifiedNumberInput!) {
        sharePreverifiedNumber(input: $input) {
          ${"... on SharePreverifiedNumberSuccess { ".repeat(6)}
            preverifiedNumber { id }
          ${" }".repeat(6)}
        }
      }`;
      const answer = await postJson(stack, {
        query,
        variables: { input: { ...INPUT, partnerBusinessId: businesses.outsider } },
      });
      assertRejected("depth 9 (mutation)", answer, {
        status: 400,
        code: "MAX_DEPTH_LIMIT",
        message: /depth limit of 8 exceeded, found 9/,
      });
    });

    it("rejects 11 aliases of the mutation by aliases and root fields", async () => {
      const answer = await postJson(stack, {
        query: shareAliases(11),
        variables: { input: INPUT },
      });
      assertRejected("11 aliases of the mutation", answer, {
        status: 400,
        code: "MAX_ALIASES_LIMIT",
        message: /^Aliases limit of 10 exceeded, found 11\.$/,
      });
      assert.deepEqual(codesOf(answer), ["MAX_ALIASES_LIMIT", "MAX_ROOT_FIELDS_LIMIT"]);
      assert.equal(answer.body.errors?.[1]?.message, "Root fields limit of 10 exceeded, found 11.");
    });

    it("rejects 200 aliases of the mutation (by the token limit first)", async () => {
      const answer = await postJson(stack, {
        query: shareAliases(200),
        variables: { input: INPUT },
      });
      assertRejected("200 aliases of the mutation", answer, {
        status: 400,
        code: "MAX_TOKENS_LIMIT",
        message: /^Token limit of 1000 exceeded\.$/,
      });
    });

    it("rejects 11 root fields with 10 aliases (root fields only)", async () => {
      const aliases = Array.from({ length: 10 }, (_, index) => `t${index}: __typename`);
      const answer = await postJson(stack, { query: `{ __typename ${aliases.join(" ")} }` });
      assertRejected("11 root fields (__typename)", answer, {
        status: 400,
        code: "MAX_ROOT_FIELDS_LIMIT",
        message: /^Root fields limit of 10 exceeded, found 11\.$/,
      });
      assert.deepEqual(codesOf(answer), ["MAX_ROOT_FIELDS_LIMIT"]);
    });

    it("counts root fields after expanding fragments, each use again", async () => {
      const query = `query Spread { ...Six ... on Query { ...Six } }
        fragment Six on Query { __typename a: __typename b: __typename c: __typename d: __typename e: __typename }`;
      const answer = await postJson(stack, { query });
      assertRejected("12 root fields via fragments", answer, {
        status: 400,
        code: "MAX_ROOT_FIELDS_LIMIT",
        message: /found 12/,
      });
      assert.deepEqual(codesOf(answer), ["MAX_ROOT_FIELDS_LIMIT"], "10 aliases are allowed");
    });

    it("rejects 50 @include on one field", async () => {
      const answer = await postJson(stack, {
        query: `{ __typename ${"@include(if: true) ".repeat(50)}}`,
      });
      assertRejected("directive spam (50 on one field)", answer, {
        status: 400,
        code: "MAX_DIRECTIVES_LIMIT",
        message: /^Directives limit of 10 exceeded, found 50\.$/,
      });
    });

    it("rejects 11 directives spread over valid fields", async () => {
      const fields = Array.from({ length: 11 }, () => "id @include(if: true)");
      const answer = await postJson(stack, {
        query: `query D($r: [_Any!]!) { _entities(representations: $r) { ... on PreverifiedNumber { ${fields.join(" ")} } } }`,
        variables: { r: ENTITY },
      });
      assertRejected("11 directives over fields", answer, {
        status: 400,
        code: "MAX_DIRECTIVES_LIMIT",
        message: /found 11/,
      });
      assert.deepEqual(codesOf(answer), ["MAX_DIRECTIVES_LIMIT"]);
    });

    it("rejects a document of more than 1000 tokens", async () => {
      const query = `mutation Big($input: SharePreverifiedNumberInput!) {
        sharePreverifiedNumber(input: $input) { ${"__typename ".repeat(1_000)} }
      }`;
      const answer = await postJson(stack, { query, variables: { input: INPUT } });
      assertRejected("1000+ tokens", answer, {
        status: 400,
        code: "MAX_TOKENS_LIMIT",
        message: /^Token limit of 1000 exceeded\.$/,
      });
      assert.deepEqual(codesOf(answer), ["MAX_TOKENS_LIMIT"], "nothing else is validated");
    });

    it("rejects a 60 KB document (≈5,500 tokens, just under the body limit) fast", async () => {
      const query = `{ ${"__typename ".repeat(5_500)}}`;
      assert.ok(query.length > 60_000 && query.length < DEFAULT_LIMITS.maxBodyBytes - 100);
      const answer = await postJson(stack, { query });
      assertRejected("60 KB of repeated fields", answer, {
        status: 400,
        code: "MAX_TOKENS_LIMIT",
        message: /Token limit of 1000 exceeded/,
      });
    });

    it("rejects 3,000 nested fragments (parser recursion) as a bad request", async () => {
      const query = `{ ${"... on Query { ".repeat(3_000)}__typename${" }".repeat(3_000)} }`;
      const answer = await postJson(stack, { query });
      measured.push({
        name: "3,000 nested fragments",
        status: answer.status,
        code: codeOf(answer),
        ms: answer.ms,
      });
      // The token limit if the parser enforces it, otherwise the parser's own recursion limit.
      assert.equal(answer.status, 400, answer.text);
      assert.ok(["MAX_TOKENS_LIMIT", "GRAPHQL_PARSE_FAILED"].includes(codeOf(answer)), answer.text);
      assert.equal(answer.upstreamCalls, 0);
      assert.ok(answer.ms < FAST_MS);
    });
  });

  describe("HTTP limits", () => {
    it("refuses a 100 KB preverifiedId (body over 64 KiB) with 413", async () => {
      const answer = await postJson(stack, {
        query: SANDBOX_EXAMPLE_OPERATION,
        variables: { input: { ...INPUT, preverifiedId: "1".repeat(100_000) } },
      });
      assertRejected("100 KB string variable", answer, {
        status: 413,
        code: "FST_ERR_CTP_BODY_TOO_LARGE",
        message: /too large/i,
      });
    });

    it("refuses any body over 64 KiB with 413", async () => {
      const answer = await postJson(stack, {
        query: `{ __typename }${" ".repeat(DEFAULT_LIMITS.maxBodyBytes)}`,
      });
      assertRejected("body over 64 KiB", answer, {
        status: 413,
        code: "FST_ERR_CTP_BODY_TOO_LARGE",
        message: /too large/i,
      });
    });

    it("refuses a chunked body (no content-length) once it passes 64 KiB", async () => {
      const chunk = new TextEncoder().encode(" ".repeat(16_384));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"query": "{ __typename }'));
        },
        pull(controller) {
          // Stops by itself well after the limit, whether or not the server reads on.
          if (sent >= 16) {
            controller.enqueue(new TextEncoder().encode('"}'));
            controller.close();
            return;
          }
          sent += 1;
          controller.enqueue(chunk);
        },
      });
      const answer = await send(stack, "/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", ...AUTH },
        body,
        duplex: "half",
      });
      assertRejected("chunked body over 64 KiB", answer, {
        status: 413,
        code: "FST_ERR_CTP_BODY_TOO_LARGE",
        message: /too large/i,
      });
    });

    it("refuses an array batch (batching is off)", async () => {
      const share = { query: SANDBOX_EXAMPLE_OPERATION, variables: SANDBOX_EXAMPLE_VARIABLES };
      const answer = await postJson(stack, [share, share]);
      assertRejected("batch [op, op]", answer, {
        status: 400,
        code: "BAD_REQUEST",
        message: /^Operation batching disabled\.$/,
      });
    });

    it("answers malformed JSON with 400", async () => {
      const answer = await postJson(stack, '{"query": "{ __typename ');
      assertRejected("malformed JSON", answer, {
        status: 400,
        code: "FST_ERR_CTP_INVALID_JSON_BODY",
        message: /not valid JSON/,
      });
    });

    it("blocks text/plain (a simple cross-site request) as CSRF", async () => {
      const answer = await send(stack, "/graphql", {
        method: "POST",
        headers: { "content-type": "text/plain", ...AUTH },
        body: JSON.stringify({
          query: SANDBOX_EXAMPLE_OPERATION,
          variables: SANDBOX_EXAMPLE_VARIABLES,
        }),
      });
      assertRejected("text/plain POST", answer, {
        status: 400,
        code: "BAD_REQUEST",
        message: /Cross-Site Request Forgery/,
      });
    });

    it("refuses a content type it cannot parse with 415", async () => {
      const answer = await send(stack, "/graphql", {
        method: "POST",
        headers: { "content-type": "application/xml", ...AUTH },
        body: "<query/>",
      });
      assertRejected("application/xml POST", answer, {
        status: 415,
        code: "FST_ERR_CTP_INVALID_MEDIA_TYPE",
        message: /Unsupported Media Type/,
      });
    });

    it("refuses a mutation over GET with 405 and Allow: POST", async () => {
      const query = encodeURIComponent(SANDBOX_EXAMPLE_OPERATION);
      const variables = encodeURIComponent(JSON.stringify(SANDBOX_EXAMPLE_VARIABLES));
      const answer = await send(stack, `/graphql?query=${query}&variables=${variables}`, {
        headers: { "apollo-require-preflight": "true", ...AUTH },
      });
      assertRejected("mutation over GET", answer, {
        status: 405,
        code: "BAD_REQUEST",
        message: /GET requests only support query operations, not mutation/,
      });
      assert.equal(answer.headers.get("allow"), "POST");
    });

    it("blocks a GET without a preflight header as CSRF", async () => {
      const answer = await send(stack, `/graphql?query=${encodeURIComponent("{ __typename }")}`, {
        headers: AUTH,
      });
      assertRejected("GET without preflight header", answer, {
        status: 400,
        code: "BAD_REQUEST",
        message: /Cross-Site Request Forgery/,
      });
    });
  });

  describe("schema discovery", () => {
    for (const [name, query] of [
      ["__schema", "{ __schema { queryType { name } types { name } } }"],
      ["__type", '{ __type(name: "Mutation") { fields { name } } }'],
    ] as const) {
      it(`refuses introspection (${name})`, async () => {
        const answer = await postJson(stack, { query });
        assertRejected(`introspection (${name})`, answer, {
          status: 400,
          code: "GRAPHQL_VALIDATION_FAILED",
          message: /introspection is not allowed/,
        });
      });
    }

    const misspelled: [string, string, unknown, string, RegExp][] = [
      [
        "field",
        "mutation($input: SharePreverifiedNumberInput!) { sharePreverifiedNumbr(input: $input) { __typename } }",
        { input: INPUT },
        "GRAPHQL_VALIDATION_FAILED",
        /^Cannot query field "sharePreverifiedNumbr" on type "Mutation"\.$/,
      ],
      [
        "argument",
        "mutation($input: SharePreverifiedNumberInput!) { sharePreverifiedNumber(inputs: $input) { __typename } }",
        { input: INPUT },
        "GRAPHQL_VALIDATION_FAILED",
        /^Unknown argument "inputs" on field "Mutation\.sharePreverifiedNumber"\.$/,
      ],
      [
        "type",
        "mutation($input: SharePreverifiedNumberInputs!) { sharePreverifiedNumber(input: $input) { __typename } }",
        { input: INPUT },
        "GRAPHQL_VALIDATION_FAILED",
        /^Unknown type "SharePreverifiedNumberInputs"\.$/,
      ],
      [
        "input field in variables",
        "mutation($input: SharePreverifiedNumberInput!) { sharePreverifiedNumber(input: $input) { __typename } }",
        { input: { ...INPUT, businessID: INPUT.businessId } },
        "BAD_USER_INPUT",
        /Field "businessID" is not defined by type "SharePreverifiedNumberInput"\.$/,
      ],
    ];
    for (const [what, query, variables, code, message] of misspelled) {
      it(`gives no "Did you mean" for a misspelled ${what}`, async () => {
        const answer = await postJson(stack, { query, variables });
        assertRejected(`misspelled ${what}`, answer, { status: 400, code, message });
        assert.doesNotMatch(answer.text, /Did you mean/);
      });
    }
  });
});

describe("request limits with the token limit raised", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      env: "production",
      limits: { ...DEFAULT_LIMITS, maxTokens: 100_000 },
    });
    await postJson(stack, { query: "{ __typename }" });
  });
  after(async () => {
    await stack.close();
  });

  it("still rejects 200 aliases of the mutation, by aliases and root fields", async () => {
    const answer = await postJson(stack, { query: shareAliases(200), variables: { input: INPUT } });
    assertRejected("200 aliases (tokens 100,000)", answer, {
      status: 400,
      code: "MAX_ALIASES_LIMIT",
      message: /^Aliases limit of 10 exceeded, found 200\.$/,
    });
    assert.deepEqual(codesOf(answer), ["MAX_ALIASES_LIMIT", "MAX_ROOT_FIELDS_LIMIT"]);
    assert.equal(answer.body.errors?.[1]?.message, "Root fields limit of 10 exceeded, found 200.");
  });
});

describe("development mode keeps the hints", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: "development" });
  });
  after(async () => {
    await stack.close();
  });

  it('suggests the field ("Did you mean")', async () => {
    const answer = await postJson(stack, {
      query: "mutation { sharePreverifiedNumbr { __typename } }",
    });
    assert.equal(answer.status, 400);
    assert.equal(codeOf(answer), "GRAPHQL_VALIDATION_FAILED");
    assert.match(messageOf(answer), /Did you mean "sharePreverifiedNumber"/);
  });

  it("enforces the same limits", async () => {
    const answer = await postJson(stack, { query: shareAliases(11), variables: { input: INPUT } });
    assert.equal(answer.status, 400);
    assert.deepEqual(codesOf(answer), ["MAX_ALIASES_LIMIT", "MAX_ROOT_FIELDS_LIMIT"]);
    assert.equal(answer.upstreamCalls, 0);
  });
});

describe("per-caller mutation budget", () => {
  // A stack per test: the budgets are the service's memory.
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ mutationRateLimit: { perMinute: 60, burst: 3 } });
  });
  afterEach(async () => {
    await stack.close();
  });

  const shareCalls = () => shareCallsOf(stack).length;

  async function share(token: string, input: ShareInput): Promise<Loose> {
    const answer = await postJson(
      stack,
      {
        query: SANDBOX_EXAMPLE_OPERATION,
        variables: { input },
      },
      { authorization: `Bearer ${token}` },
    );
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.errors, undefined, answer.text);
    return (answer.body.data as { sharePreverifiedNumber: Loose }).sharePreverifiedNumber;
  }

  const inputs = [
    INPUT,
    { ...INPUT, partnerBusinessId: businesses.partnerTwo },
    {
      ...INPUT,
      preverifiedId: numbers.sharedWithPartnerOne,
      partnerBusinessId: businesses.partnerTwo,
    },
    { ...INPUT, preverifiedId: numbers.globexShareable },
  ] as const;

  /** Acme's burst of 3 shares, all through. */
  async function spendAcmeBurst(): Promise<void> {
    for (const input of inputs.slice(0, 3)) {
      const result = await share(tokens.acme, input);
      assert.equal(result["__typename"], "SharePreverifiedNumberSuccess");
    }
  }

  it("answers the 4th share of a burst of 3 with RateLimitedError, before Meta", async () => {
    await spendAcmeBurst();
    assert.equal(shareCalls(), 3);
    const limited = await share(tokens.acme, inputs[3]);
    assert.equal(limited["__typename"], "RateLimitedError");
    assert.equal(limited["retryable"], true);
    assert.ok(Number(limited["retryAfterSeconds"]) >= 1, JSON.stringify(limited));
    assert.match(String(limited["message"]), /Too many shares/);
    assert.equal(shareCalls(), 3, "Meta saw only 3 shares");
  });

  it("lets another caller (another token) through meanwhile", async () => {
    await spendAcmeBurst();
    const limited = await share(tokens.acme, inputs[3]);
    assert.equal(limited["__typename"], "RateLimitedError");
    const result = await share(tokens.globex, {
      businessId: businesses.globex,
      preverifiedId: numbers.globexNoRights,
      partnerBusinessId: businesses.partnerOne,
    });
    assert.equal(result["__typename"], "SharePreverifiedNumberSuccess");
    assert.equal(shareCalls(), 4);
  });
});

describe("error messages that repeat the caller's value (production)", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: "production" });
    await postJson(stack, { query: "{ __typename }" });
  });
  after(async () => {
    await stack.close();
  });

  // graphql-js repeats a bad variable in its message, which production strips of "Did you mean".
  // Before that was done in linear time, 60,000 spaces held the replica for 3–10 s (quadratic
  // backtracking), and an unrelated request waited behind it.
  it("answers a 60 KB variable of spaces at once, and the next request does not wait", async () => {
    const query =
      'query Spaces($first: Int!) { preverifiedNumbers(businessId: "1000000000000001", first: $first) { __typename } }';
    const slow = postJson(stack, { query, variables: { first: " ".repeat(60_000) } });
    const other = postJson(stack, { query: "{ __typename }" });
    const [answer, next] = await Promise.all([slow, other]);
    assert.equal(answer.status, 400, answer.text.slice(0, 300));
    assert.equal(codeOf(answer), "BAD_USER_INPUT");
    assert.match(messageOf(answer), /^Variable "\$first" got invalid value/);
    assert.equal(answer.upstreamCalls, 0);
    assert.ok(answer.ms < FAST_MS, `answered in ${answer.ms.toFixed(0)} ms`);
    assert.equal(next.status, 200);
    assert.ok(next.ms < FAST_MS, `the unrelated request took ${next.ms.toFixed(0)} ms`);
    measured.push({
      name: "60 KB of spaces in a variable",
      status: 400,
      code: codeOf(answer),
      ms: answer.ms,
    });
  });
});
