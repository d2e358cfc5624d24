import "reflect-metadata";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApolloServer } from "@apollo/server";
import {
  buildSchema,
  getIntrospectionQuery,
  type GraphQLError,
  parse,
  specifiedRules,
  validate,
} from "graphql";
import { loadConfig, type RequestLimits } from "../../src/config.js";
import type { Context } from "../../src/context.js";
import { createRequestLimits, LIMIT_CODES, withoutSuggestion } from "../../src/limits.js";
import { CallerRateLimiter } from "../../src/rate-limit.js";
import { SANDBOX_EXAMPLE_OPERATION } from "../../src/sandbox.js";
import { buildFederatedSchema } from "../../src/schema/build-schema.js";

const DEFAULTS = loadConfig({}).limits;

const schema = buildSchema(`
  type Query { node: Node, name: String }
  type Node { child: Node, name: String }
`);

function check(query: string, limits: Partial<RequestLimits> = {}) {
  const { validationRules } = createRequestLimits({ ...DEFAULTS, ...limits }, true);
  return validate(schema, parse(query), [...specifiedRules, ...validationRules]).map((error) => ({
    code: error.extensions["code"],
    message: error.message,
  }));
}

const codes = (query: string, limits: Partial<RequestLimits> = {}) =>
  check(query, limits).map((error) => error.code);

/** `node { child { … name } }` with `depth` levels of fields. */
const nested = (depth: number) =>
  `{ ${"node { ".repeat(1)}${"child { ".repeat(depth - 2)}name${" }".repeat(depth - 1)} }`;

describe("createRequestLimits", () => {
  it("accepts what clients send: Sandbox's example, the introspection query", async () => {
    const { validationRules } = createRequestLimits(DEFAULTS, true);
    const errors = validate(await buildFederatedSchema(), parse(SANDBOX_EXAMPLE_OPERATION), [
      ...specifiedRules,
      ...validationRules,
    ]);
    assert.deepEqual(errors, [], "the example operation is within the default limits");
    const introspection = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    assert.deepEqual(check(introspection), []);
  });

  it("maps every limit to its own stable code", () => {
    assert.deepEqual(LIMIT_CODES, {
      depth: "MAX_DEPTH_LIMIT",
      aliases: "MAX_ALIASES_LIMIT",
      rootFields: "MAX_ROOT_FIELDS_LIMIT",
      directives: "MAX_DIRECTIVES_LIMIT",
      tokens: "MAX_TOKENS_LIMIT",
    });
  });

  describe("depth", () => {
    it("allows maxDepth and rejects one more", () => {
      assert.deepEqual(check(nested(8)), []);
      assert.deepEqual(check(nested(9)), [
        { code: "MAX_DEPTH_LIMIT", message: "Query depth limit of 8 exceeded, found 9." },
      ]);
    });

    it("follows the configured limit", () => {
      assert.deepEqual(codes(nested(3), { maxDepth: 2 }), ["MAX_DEPTH_LIMIT"]);
    });

    it("counts named fragments as a level", () => {
      const query = `{ node { ...A } }
        fragment A on Node { child { ...B } }
        fragment B on Node { child { child { child { child { name } } } } }`;
      assert.deepEqual(codes(query), ["MAX_DEPTH_LIMIT"]);
    });
  });

  describe("aliases", () => {
    it("counts every alias, __typename ones too, with fragments expanded", () => {
      const ten = Array.from({ length: 10 }, (_, i) => `a${i}: name`).join(" ");
      assert.deepEqual(check(`{ node { ${ten} } }`), []);
      assert.deepEqual(codes(`{ node { ${ten} t: __typename } }`), ["MAX_ALIASES_LIMIT"]);
      const six = Array.from({ length: 6 }, (_, i) => `a${i}: name`).join(" ");
      assert.deepEqual(codes(`{ node { ...F child { ...F } } } fragment F on Node { ${six} }`), [
        "MAX_ALIASES_LIMIT",
      ]);
    });
  });

  describe("root fields", () => {
    it("counts the root fields of each operation, through inline fragments and spreads", () => {
      const ten = `name ${Array.from({ length: 9 }, (_, i) => `n${i}: name`).join(" ")}`;
      assert.deepEqual(check(`{ ${ten} }`), []);
      assert.deepEqual(check(`{ ${ten} node { name } }`), [
        { code: "MAX_ROOT_FIELDS_LIMIT", message: "Root fields limit of 10 exceeded, found 11." },
      ]);
      assert.deepEqual(
        codes(`{ ...F ... on Query { ...F } } fragment F on Query { name node { name } }`, {
          maxRootFields: 3,
        }),
        ["MAX_ROOT_FIELDS_LIMIT"],
      );
      assert.deepEqual(
        codes(`query A { name } query B { name node { name } }`, { maxRootFields: 1 }),
        ["MAX_ROOT_FIELDS_LIMIT"],
      );
    });

    it("stays linear when fragments spread fragments (2^40 root fields, counted at once)", () => {
      const levels = 40;
      const fragments = Array.from({ length: levels }, (_, i) =>
        i === levels - 1
          ? `fragment F${i} on Query { name }`
          : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
      );
      const started = performance.now();
      const errors = check(`{ ...F0 } ${fragments.join(" ")}`, { maxTokens: 100_000 });
      assert.ok(performance.now() - started < 500);
      assert.ok(
        errors.some(
          (error) => error.message === `Root fields limit of 10 exceeded, found ${2 ** 39}.`,
        ),
        JSON.stringify(errors),
      );
    });

    it("survives a fragment cycle (graphql-js reports the cycle)", () => {
      const errors = check(
        `{ ...A } fragment A on Query { name ...B } fragment B on Query { ...A }`,
      );
      assert.ok(
        errors.some((error) => /cannot spread fragment "A" within itself/i.test(error.message)),
      );
    });
  });

  describe("directives", () => {
    it("counts directives in the whole operation", () => {
      const ten = Array.from({ length: 10 }, () => `name @include(if: true)`).join(" ");
      assert.deepEqual(check(`{ node { ${ten} } }`), []);
      assert.deepEqual(codes(`{ node { ${ten} } name @skip(if: false) }`), [
        "MAX_DIRECTIVES_LIMIT",
      ]);
    });
  });

  describe("tokens", () => {
    /** A valid document of exactly `count` tokens: operations of 5 tokens (and one of 11). */
    const withTokens = (count: number) => {
      const long = count % 5 === 1 ? ["query Long { name @skip(if: false) }"] : [];
      const short = (count - long.length * 11) / 5;
      assert.ok(Number.isInteger(short));
      return [...Array.from({ length: short }, (_, i) => `query Q${i} { name }`), ...long].join(
        "\n",
      );
    };

    it("allows maxTokens and rejects one more; comments do not count", () => {
      assert.deepEqual(check(withTokens(1_000)), []);
      assert.deepEqual(check(`# a comment\n${withTokens(1_000)}# another`), []);
      assert.deepEqual(check(withTokens(1_001)), [
        { code: "MAX_TOKENS_LIMIT", message: "Token limit of 1000 exceeded." },
      ]);
    });

    it("validates nothing else in an oversized document", () => {
      const query = `{ nope ${"node { nope } ".repeat(300)}}`;
      assert.deepEqual(codes(query), ["MAX_TOKENS_LIMIT"]);
      assert.ok(check(query, { maxTokens: 10_000 }).length > 1, "the same document, validated");
    });

    it("gives the parser the limit, so it stops before building the document", () => {
      const { parseOptions } = createRequestLimits(DEFAULTS, true);
      assert.doesNotThrow(() => parse(withTokens(1_000), parseOptions));
      assert.throws(() => parse(withTokens(1_001), parseOptions), /more tha[nt] 1000 tokens/);
      // It stops at the first token over the limit: the rest is never read.
      assert.throws(
        () => parse(`{ ${"name ".repeat(30_000)}}`, parseOptions),
        (error: GraphQLError) => (error.locations?.[0]?.column ?? Infinity) === 3 + 5 * 999,
      );
    });
  });
});

describe("Apollo Server with the limits (no HTTP)", () => {
  async function serve(production: boolean, withParseOptions: boolean) {
    const setup = createRequestLimits(DEFAULTS, production);
    const server = new ApolloServer<Context>({
      typeDefs: `type Query { name: String, node: Node } type Node { child: Node, name: String }`,
      resolvers: { Query: { name: () => "x" } },
      validationRules: setup.validationRules,
      plugins: setup.plugins,
      ...(withParseOptions ? { parseOptions: setup.parseOptions } : {}),
    });
    await server.start();
    return server;
  }

  async function run(server: ApolloServer<Context>, query: string) {
    const response = await server.executeOperation({ query }, { contextValue: {} as Context });
    assert.equal(response.body.kind, "single");
    return {
      status: response.http.status,
      errors: (response.body.singleResult.errors ?? []).map((error) => ({
        code: error.extensions?.["code"],
        message: error.message,
      })),
    };
  }

  for (const withParseOptions of [true, false]) {
    it(`answers MAX_TOKENS_LIMIT with 400 ${withParseOptions ? "from the parser" : "from validation"}`, async () => {
      const server = await serve(true, withParseOptions);
      try {
        const answer = await run(server, `{ ${"name ".repeat(2_000)}}`);
        assert.deepEqual(answer, {
          status: 400,
          errors: [{ code: "MAX_TOKENS_LIMIT", message: "Token limit of 1000 exceeded." }],
        });
      } finally {
        await server.stop();
      }
    });
  }

  it("answers every operation limit with its code and 400", async () => {
    const server = await serve(true, true);
    try {
      const aliases = Array.from({ length: 11 }, (_, i) => `a${i}: name`).join(" ");
      assert.deepEqual(await run(server, `{ ${aliases} }`), {
        status: 400,
        errors: [
          { code: "MAX_ALIASES_LIMIT", message: "Aliases limit of 10 exceeded, found 11." },
          { code: "MAX_ROOT_FIELDS_LIMIT", message: "Root fields limit of 10 exceeded, found 11." },
        ],
      });
      const depth = await run(server, nested(9));
      assert.deepEqual(
        depth.errors.map((error) => error.code),
        ["MAX_DEPTH_LIMIT"],
      );
      assert.equal(depth.status, 400);
    } finally {
      await server.stop();
    }
  });

  it("hides suggestions in production only", async () => {
    for (const production of [true, false]) {
      const server = await serve(production, true);
      try {
        const [error] = (await run(server, "{ nam }")).errors;
        assert.ok(error);
        assert.equal(error.code, "GRAPHQL_VALIDATION_FAILED");
        if (production) {
          assert.equal(error.message, 'Cannot query field "nam" on type "Query".');
        } else {
          assert.match(error.message, /Did you mean "name"\?$/);
        }
      } finally {
        await server.stop();
      }
    }
  });

  it("leaves other errors' codes alone", async () => {
    const server = await serve(true, true);
    try {
      const answer = await run(server, "{ name ");
      assert.equal(answer.errors[0]?.code, "GRAPHQL_PARSE_FAILED");
      assert.equal(answer.status, 400);
    } finally {
      await server.stop();
    }
  });
});

describe("CallerRateLimiter", () => {
  function limiter(limit: { perMinute: number; burst: number }) {
    let now = 1_000_000;
    const rateLimiter = new CallerRateLimiter(limit, () => now);
    return {
      take: (caller = "caller") => rateLimiter.takeNow(caller),
      advance(ms: number) {
        now += ms;
      },
    };
  }

  it("allows a burst, then tells how long to wait", () => {
    const bucket = limiter({ perMinute: 60, burst: 3 });
    assert.equal(bucket.take(), undefined);
    assert.equal(bucket.take(), undefined);
    assert.equal(bucket.take(), undefined);
    assert.equal(bucket.take(), 1);
    assert.equal(bucket.take(), 1, "a refused take costs nothing");
  });

  it("refills over time, never above the burst", () => {
    const bucket = limiter({ perMinute: 60, burst: 2 });
    bucket.take();
    bucket.take();
    assert.equal(bucket.take(), 1);
    bucket.advance(999);
    assert.equal(bucket.take(), 1, "not quite one token yet");
    bucket.advance(1);
    assert.equal(bucket.take(), undefined, "one token after one second");
    assert.equal(bucket.take(), 1);
    bucket.advance(60 * 60_000);
    assert.equal(bucket.take(), undefined);
    assert.equal(bucket.take(), undefined);
    assert.equal(bucket.take(), 1, "an hour refills the burst, no more");
  });

  it("rounds the wait up to whole seconds at slow rates", () => {
    const bucket = limiter({ perMinute: 6, burst: 1 });
    assert.equal(bucket.take(), undefined);
    assert.equal(bucket.take(), 10);
    bucket.advance(4_500);
    assert.equal(bucket.take(), 6);
  });

  it("keeps callers apart", () => {
    const bucket = limiter({ perMinute: 60, burst: 1 });
    assert.equal(bucket.take("a"), undefined);
    assert.equal(bucket.take("a"), 1);
    assert.equal(bucket.take("b"), undefined);
  });

  it("evicts the least recently seen caller past 50,000, without throwing", () => {
    const bucket = limiter({ perMinute: 1, burst: 1 });
    assert.equal(bucket.take("first"), undefined);
    assert.equal(bucket.take("second"), undefined);
    assert.ok(Number(bucket.take("first")) > 1, "first is out of tokens (and now most recent)");
    assert.doesNotThrow(() => {
      for (let i = 0; i < 49_999; i += 1) {
        bucket.take(`caller-${i}`);
      }
    });
    // 50,000 callers are kept: "second", the least recently seen, was dropped for the last one.
    assert.ok(Number(bucket.take("first")) > 1, "first was kept, still out of tokens");
    assert.equal(bucket.take("second"), undefined, "second comes back with a full bucket");
  });
});

describe("withoutSuggestion", () => {
  it("drops the hint and the whitespace before it", () => {
    assert.equal(
      withoutSuggestion('Cannot query field "nam" on type "Query". Did you mean "name"?'),
      'Cannot query field "nam" on type "Query".',
    );
    assert.equal(withoutSuggestion("Did you mean x?"), "");
    assert.equal(withoutSuggestion("no hint\n\t here  "), "no hint\n\t here  ");
    assert.equal(withoutSuggestion('Unknown "x".\n  Did you mean\n"y"?'), 'Unknown "x".');
  });

  it("keeps text that only resembles the hint", () => {
    assert.equal(withoutSuggestion("XDid you meant"), "XDid you meant");
  });

  // The old pattern, /\s*Did you mean\b.*$/s, backtracked quadratically over runs of whitespace:
  // 40,000 spaces took 2.45 s, so 2,000,000 would take hours. Linear code takes milliseconds.
  it("takes linear time over huge runs of whitespace, with or without a hint", () => {
    const spaces = " ".repeat(2_000_000);
    assert.equal(withoutSuggestion(`a${spaces}b`).length, 2_000_002);
    assert.equal(withoutSuggestion(`a${spaces}Did you mean "b"?`), "a");
    assert.equal(withoutSuggestion(`${spaces}Did you mean`), "");
  });
});
