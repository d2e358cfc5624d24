// What one request may cost upstream, and how far one failure reaches: the representations cap,
// the cost estimate before execution, the per-request call budget, the per-caller read budget,
// the failure-rate breaker and readiness learned from every call. All through HTTP against the
// real server and the emulator.
import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { EMULATOR_FAULT_HEADER, FIXTURES } from "../../src/emulator/index.js";
import { loadConfig } from "../../src/config.js";
import { Health } from "../../src/health.js";
import {
  BreakerShareDocument,
  CallBudgetTwoSharesDocument,
  EntityPhoneNumbersDocument,
  NumbersTypenameDocument,
  NumberTypenameDocument,
  ReadBudgetNumberDocument,
  SharesTypenameDocument,
} from "../__generated__/graphql.js";
import { operationBody, shareInput } from "../helpers/graphql.js";
import { startStack, type Stack, type StackOptions } from "../helpers/stack.js";

const { businesses, tokens, numbers, scenarios } = FIXTURES;
type Loose = Record<string, unknown>;

interface Answer {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Loose }[];
  };
  text: string;
  /** Requests the emulator received while this one ran. */
  upstreamCalls: number;
}

async function send(
  stack: Stack,
  body: { query: string; variables?: Loose },
  token: string = tokens.acme,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const before = stack.emulator.requests.length;
  const answer = await stack.post(body, { authorization: `Bearer ${token}`, ...headers });
  return {
    status: answer.status,
    body: answer.body as Answer["body"],
    text: answer.text,
    upstreamCalls: stack.emulator.requests.length - before,
  };
}

const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions?.["code"];

/** `count` representations of one number. */
const representations = (count: number, id: string = numbers.verified) =>
  Array.from({ length: count }, () => ({ __typename: "PreverifiedNumber", id }));

// The cost probes below stay built in code: their shape (aliases, literal lists and page sizes) is
// what the estimate is tested on.
/** The issue's request: five aliases of `_entities`, each with partners of every representation. */
const ENTITIES_WITH_PARTNERS = `query Fanout($r: [_Any!]!) {
  ${[0, 1, 2, 3, 4]
    .map(
      (index) =>
        `e${index}: _entities(representations: $r) { ... on PreverifiedNumber { id partners(first: 100) { __typename } } }`,
    )
    .join("\n  ")}
}`;

/** Ten aliases of a page of 100 numbers with their partners. */
const TEN_PAGES_WITH_PARTNERS = `query Pages {
  ${Array.from(
    { length: 10 },
    (_unused, index) =>
      `p${index}: preverifiedNumbers(businessId: "${businesses.acme}", first: 100) { ... on PreverifiedNumberConnection { nodes { id partners { __typename } } } }`,
  ).join("\n  ")}
}`;

describe("the cost of one request is bounded before execution", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: "production" });
  });
  after(async () => {
    await stack.close();
  });

  it("refuses more _entities representations than MAX_ENTITY_REPRESENTATIONS, without a call", async () => {
    const answer = await send(stack, {
      query: ENTITIES_WITH_PARTNERS,
      variables: { r: representations(1_000) },
    });
    assert.equal(answer.status, 400, answer.text.slice(0, 300));
    assert.equal(codeOf(answer), "MAX_ENTITY_REPRESENTATIONS_LIMIT");
    assert.equal(
      answer.body.errors?.[0]?.message,
      "Entity representations limit of 500 exceeded, found 5000.",
    );
    assert.equal(answer.upstreamCalls, 0);
  });

  it("counts literal lists and every alias, and lets a request within the cap through", async () => {
    const list = JSON.stringify(representations(1)).replace(/"(__typename|id)"/g, "$1");
    const query = `{ ${Array.from({ length: 3 }, (_u, i) => `a${i}: _entities(representations: ${list}) { __typename }`).join(" ")} }`;
    const answer = await send(stack, { query });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.upstreamCalls, 0, "only __typename: nothing to read");
  });

  it("refuses an operation whose estimate exceeds the call budget: ten pages with partners", async () => {
    const answer = await send(stack, { query: TEN_PAGES_WITH_PARTNERS });
    assert.equal(answer.status, 400, answer.text.slice(0, 300));
    assert.equal(codeOf(answer), "COST_ESTIMATED_TOO_EXPENSIVE");
    assert.match(answer.body.errors?.[0]?.message ?? "", /could need 30 Meta calls; .* at most 20/);
    assert.equal(answer.upstreamCalls, 0);
  });

  it("lets the fan-out through once representations are allowed: identical ones cost one read", async () => {
    const roomy = await startStack({
      env: "production",
      limits: { ...loadConfig({}).limits, maxEntityRepresentations: 10_000 },
    });
    try {
      const answer = await send(roomy, {
        query: ENTITIES_WITH_PARTNERS,
        variables: { r: representations(1_000) },
      });
      assert.equal(answer.status, 200, answer.text.slice(0, 300));
      assert.equal(answer.body.errors, undefined, answer.text.slice(0, 300));
      assert.equal(answer.upstreamCalls, 1, "one multi-ID read with the partners expansion");
      // 1,000 distinct numbers are another matter: 5 × 20 partner reads, refused up front.
      const distinct = await send(roomy, {
        query: ENTITIES_WITH_PARTNERS,
        variables: {
          r: Array.from({ length: 1_000 }, (_unused, index) => ({
            __typename: "PreverifiedNumber",
            id: String(3_100_000_000_000_000 + index),
          })),
        },
      });
      assert.equal(codeOf(distinct), "COST_ESTIMATED_TOO_EXPENSIVE");
      assert.match(distinct.body.errors?.[0]?.message ?? "", /could need 100 Meta calls/);
      assert.equal(distinct.upstreamCalls, 0);
    } finally {
      await roomy.close();
    }
  });

  it("runs a page of numbers with their partners (within the estimate)", async () => {
    const query = `{ preverifiedNumbers(businessId: "${businesses.acme}", first: 100) { __typename ... on PreverifiedNumberConnection { nodes { id partners { __typename } } } } }`;
    const answer = await send(stack, { query });
    assert.equal(answer.status, 200, answer.text.slice(0, 300));
    assert.equal(answer.body.errors, undefined, answer.text.slice(0, 300));
    const page = answer.body.data?.["preverifiedNumbers"] as { nodes: unknown[] };
    assert.equal(page.nodes.length, 100);
    assert.equal(answer.upstreamCalls, 3, "1 list page + 2 partner reads of 50");
  });

  it("reads page sizes from variables and defaults alike", async () => {
    const query = `query($first: Int!) { a: preverifiedNumbers(businessId: "${businesses.acme}", first: $first) { ... on PreverifiedNumberConnection { nodes { partners { __typename } } } } b: preverifiedNumbers(businessId: "${businesses.acme}") { ... on PreverifiedNumberConnection { nodes { partners(after: "QVFIUk") { __typename } } } } }`;
    // a: 1 list + ceil(100/50) partner reads; b: 1 list + 25 later partner pages = 30 > 20.
    const answer = await send(stack, { query, variables: { first: 100 } });
    assert.equal(codeOf(answer), "COST_ESTIMATED_TOO_EXPENSIVE");
    assert.match(answer.body.errors?.[0]?.message ?? "", /could need 29 Meta calls/);
    assert.equal(answer.upstreamCalls, 0);
  });
});

describe("the call budget of one request at run time", () => {
  it("answers the fields past the budget CALL_BUDGET_EXCEEDED, without sending them", async () => {
    // The estimate (2 shares) fits the budget of 3; the first share's retries spend it.
    const stack = await startStack({ graphApi: { maxRetries: 2, maxCallsPerRequest: 3 } });
    try {
      const answer = await send(
        stack,
        operationBody(CallBudgetTwoSharesDocument, {
          bad: shareInput({ preverifiedId: scenarios.internalServerError }),
          good: shareInput(),
        }),
      );
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body.data?.["bad"], {
        __typename: "UpstreamError",
        upstreamReason: "SERVER_ERROR",
      });
      const good = (answer.body.data ?? {})["good"] as Loose;
      assert.equal(good["__typename"], "UpstreamError");
      assert.equal(good["upstreamReason"], "CALL_BUDGET_EXCEEDED");
      assert.equal(good["retryable"], false);
      assert.match(String(good["message"]), /more than the 3 Meta calls one request may make/);
      assert.equal(answer.upstreamCalls, 3, "three attempts of the first share, nothing else");
    } finally {
      await stack.close();
    }
  });

  it("gives entity fields past the budget a coded error", async () => {
    // One multi-ID read is estimated and allowed; Meta fails it for the unknown ID, and the read
    // again of the rest (which the estimate cannot foresee) is over the budget of 1.
    const stack = await startStack({ graphApi: { maxCallsPerRequest: 1 } });
    try {
      const answer = await send(
        stack,
        operationBody(EntityPhoneNumbersDocument, {
          r: [numbers.unknown, numbers.verified].map((id) => ({
            __typename: "PreverifiedNumber",
            id,
          })),
        }),
      );
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.upstreamCalls, 1);
      const byPath = new Map(
        (answer.body.errors ?? []).map((error) => [
          JSON.stringify((error as { path?: unknown }).path),
          error.extensions,
        ]),
      );
      assert.equal(
        byPath.get(JSON.stringify(["_entities", 0, "phoneNumber"]))?.["code"],
        "NOT_FOUND",
      );
      const over = byPath.get(JSON.stringify(["_entities", 1, "phoneNumber"]));
      assert.equal(over?.["code"], "UPSTREAM_ERROR", answer.text);
      assert.equal(over["upstreamReason"], "CALL_BUDGET_EXCEEDED");
      assert.equal(over["retryable"], false);
    } finally {
      await stack.close();
    }
  });
});

describe("the per-caller read budget", () => {
  it("answers a caller's reads past its budget RateLimitedError, before Meta; others still read", async () => {
    const stack = await startStack({ readRateLimit: { perMinute: 1, burst: 2 } });
    try {
      const read = (token: string, id: string) =>
        send(stack, operationBody(ReadBudgetNumberDocument, { id }), token);
      for (const id of [numbers.verified, numbers.expired]) {
        const allowed = await read(tokens.acme, id);
        assert.equal(
          (allowed.body.data?.["preverifiedNumber"] as Loose)["__typename"],
          "PreverifiedNumber",
        );
      }
      const limited = await read(tokens.acme, numbers.notVerified);
      const result = limited.body.data?.["preverifiedNumber"] as Loose;
      assert.equal(result["__typename"], "RateLimitedError", limited.text);
      assert.match(String(result["message"]), /Too many Meta reads from this caller/);
      assert.equal(result["retryable"], true);
      assert.ok(Number(result["retryAfterSeconds"]) >= 1);
      assert.equal(limited.upstreamCalls, 0);

      const other = await read(tokens.globex, numbers.globexShareable);
      assert.equal(
        (other.body.data?.["preverifiedNumber"] as Loose)["__typename"],
        "PreverifiedNumber",
      );
      assert.equal(other.upstreamCalls, 1);
    } finally {
      await stack.close();
    }
  });
});

describe("one business's failures stay its own (failure-rate breaker, production defaults)", () => {
  const DEFAULTS: StackOptions = {
    forwardedHeaders: [EMULATOR_FAULT_HEADER],
    // The shipped breaker and retries: 2 retries, 50 % of at least 20 calls in 30 s.
    graphApi: {
      maxRetries: 2,
      retryBaseDelayMs: 5,
      retryMaxDelayMs: 20,
      circuitFailurePercent: 50,
      circuitMinCalls: 20,
      circuitWindowMs: 30_000,
    },
  };

  /** One share as `token`, with an optional fault: its result and the Meta calls it made. */
  async function share(
    stack: Stack,
    input: { businessId: string; preverifiedId: string; partnerBusinessId: string },
    token: string,
    fault?: string,
  ) {
    const answer = await send(
      stack,
      operationBody(BreakerShareDocument, { input }),
      token,
      fault === undefined ? {} : { [EMULATOR_FAULT_HEADER]: fault },
    );
    const result = answer.body.data?.["sharePreverifiedNumber"] as Loose;
    return { result, calls: answer.upstreamCalls, text: answer.text };
  }

  /** Acme shares its bulk number `index` with Partner One. */
  const acmeShare = (index: number) => ({
    businessId: businesses.acme,
    preverifiedId: numbers.bulk[index] ?? "",
    partnerBusinessId: businesses.partnerOne,
  });

  it("four failing shares of business A do not stop business B's shares", async () => {
    const stack = await startStack(DEFAULTS);
    try {
      let aCalls = 0;
      for (let index = 0; index < 4; index += 1) {
        const { result, calls } = await share(stack, acmeShare(index), tokens.acme, "status:500");
        assert.equal(result["upstreamReason"], "SERVER_ERROR");
        aCalls += calls;
      }
      assert.equal(aCalls, 12, "every attempt of A's shares was sent (3 each)");
      const partners = [businesses.partnerOne, businesses.partnerTwo];
      for (let index = 0; index < 5; index += 1) {
        const { result, calls, text } = await share(
          stack,
          {
            businessId: businesses.globex,
            preverifiedId: numbers.globexShareable,
            partnerBusinessId: partners[index % 2] ?? "",
          },
          tokens.globex,
        );
        assert.notEqual(result["upstreamReason"], "CIRCUIT_OPEN", text);
        assert.equal(calls, 1, "B's share reached Meta");
      }
    } finally {
      await stack.close();
    }
  });

  it("still opens when most of enough traffic fails, counting requests, not attempts", async () => {
    const stack = await startStack({
      ...DEFAULTS,
      graphApi: { ...DEFAULTS.graphApi, circuitMinCalls: 4, circuitCooldownMs: 60_000 },
    });
    try {
      const outcomes: unknown[] = [];
      for (let index = 0; index < 5; index += 1) {
        const { result } = await share(stack, acmeShare(index), tokens.acme, "status:503");
        outcomes.push(result["upstreamReason"]);
      }
      // Three failed requests (9 attempts) are under the 4 requests needed; the 4th opens it.
      assert.deepEqual(outcomes, [
        "SERVER_ERROR",
        "SERVER_ERROR",
        "SERVER_ERROR",
        "SERVER_ERROR",
        "CIRCUIT_OPEN",
      ]);
    } finally {
      await stack.close();
    }
  });
});

describe("readiness learns Meta's verdict on GRAPH_API_TOKEN from every call", () => {
  const ready = async (stack: Stack) => (await fetch(`${stack.origin}/health/ready`)).status;

  it("a read with a rejected service token turns readiness off", async () => {
    const stack = await startStack({ serviceToken: tokens.expired, health: new Health() });
    try {
      assert.equal(await ready(stack), 200);
      const answer = await send(
        stack,
        operationBody(NumberTypenameDocument, { id: numbers.verified }),
      );
      assert.equal(
        (answer.body.data?.["preverifiedNumber"] as Loose)["__typename"],
        "AuthenticationError",
      );
      assert.equal(await ready(stack), 503);
    } finally {
      await stack.close();
    }
  });

  it("a bulk share with a rejected service token turns it off too", async () => {
    const stack = await startStack({ serviceToken: tokens.expired, health: new Health() });
    try {
      const answer = await send(
        stack,
        operationBody(SharesTypenameDocument, { input: [shareInput()] }),
      );
      assert.equal(answer.status, 200, answer.text);
      assert.equal(await ready(stack), 503);
    } finally {
      await stack.close();
    }
  });

  it("any successful call, a read included, turns it back on", async () => {
    const health = new Health();
    const stack = await startStack({ serviceToken: tokens.acme, health });
    try {
      health.serviceTokenRejected(true);
      assert.equal(await ready(stack), 503);
      const answer = await send(
        stack,
        operationBody(NumbersTypenameDocument, { businessId: businesses.acme, first: 1 }),
      );
      assert.equal(answer.status, 200, answer.text);
      assert.equal(await ready(stack), 200);
    } finally {
      await stack.close();
    }
  });
});
