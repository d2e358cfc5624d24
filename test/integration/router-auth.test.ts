// End to end through a router that enforces the auth directives: this subgraph's SDL (read from its
// `_service { sdl }`) composed into a supergraph and served by Hive Gateway, with its JWT plugin
// pointed at a JWKS this test serves (issuer and audience checked) and the generic-auth plugin
// enforcing `@authenticated`/`@requiresScopes`. Hive Gateway is an Apollo-Router-equivalent, not
// identical: Apollo Router is not on npm. Both answer `UNAUTHORIZED_FIELD_OR_TYPE`; they differ in
// the refusals' HTTP statuses, the filter/reject defaults and `@policy` (its argument's shape and
// how it is evaluated). The router's setup is in ../helpers/hive-gateway.mjs.
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { FIXTURES } from "../../src/emulator/index.js";
import { SCOPES } from "../../src/schema/auth-directives.js";
import { FEDERATION_SPEC_URL } from "../../src/schema/build-schema.js";
import { startHiveGateway, type HiveGateway } from "../helpers/hive-gateway.mjs";
import { jwtSettingsOf, startIdentityProvider, type IdentityProvider } from "../helpers/jwt.js";
import { startStack, type Stack } from "../helpers/stack.js";
import { composeSupergraphWithTheGuild, fetchSubgraphSdl } from "../helpers/supergraph.js";

const { businesses, numbers, tokens } = FIXTURES;
const LABEL = "Hive Gateway, an Apollo-Router-equivalent, not identical";
const ISSUER = "https://idp.router-auth.test";
const AUDIENCE = "preverified-sharing";

const SHARE = `
  mutation Share($input: SharePreverifiedNumberInput!) {
    sharePreverifiedNumber(input: $input) {
      __typename
      ... on SharePreverifiedNumberSuccess {
        preverifiedNumber { id }
        partnerBusiness { id }
      }
      ... on Error { message }
    }
  }
`;
const READ = `
  query Read($id: ID!) {
    preverifiedNumber(id: $id) {
      __typename
      ... on PreverifiedNumber { id phoneNumber verificationStatus }
      ... on Error { message }
    }
  }
`;

/**
A second subgraph that owns `Business` and lists its numbers as bare references, so the router
reads their fields from this subgraph through `_entities`.
*/
const BUSINESSES_SDL = `
  extend schema @link(url: "${FEDERATION_SPEC_URL}", import: ["@key"])

  type Business @key(fields: "id") {
    id: ID!
    preverifiedNumbers: [PreverifiedNumber!]!
  }

  type PreverifiedNumber @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type Query {
    business(id: ID!): Business
  }
`;
const businessesResolvers = {
  Query: {
    business: (_: unknown, { id }: { id: string }) => ({ id }),
  },
  Business: {
    preverifiedNumbers: ({ id }: { id: string }) =>
      id === businesses.acme ? [{ id: numbers.verified }] : [],
  },
};
const ENTITIES = `
  query Entities($id: ID!) {
    business(id: $id) {
      preverifiedNumbers { id phoneNumber verificationStatus }
    }
  }
`;

interface GraphQLAnswer {
  status: number;
  text: string;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

/** What reached the subgraph through the counting proxy in front of it. */
interface SubgraphHit {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
A pass-through proxy in front of the subgraph that records every request it forwards: the router's
routing URL points here, so "the subgraph received no request" is observable.
*/
async function startCountingProxy(target: string): Promise<{
  url: string;
  hits: SubgraphHit[];
  close(): Promise<void>;
}> {
  const hits: SubgraphHit[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      hits.push({ headers: request.headers, body });
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string" && !["host", "connection", "content-length"].includes(name)) {
          headers.set(name, value);
        }
      }
      fetch(`${target}${request.url ?? "/"}`, {
        method: request.method ?? "POST",
        headers,
        ...(request.method === "GET" || request.method === "HEAD" ? {} : { body }),
      })
        .then(async (upstream) => {
          const text = await upstream.text();
          response
            .writeHead(upstream.status, {
              "content-type": upstream.headers.get("content-type") ?? "application/json",
            })
            .end(text);
        })
        .catch((error: unknown) => {
          response.writeHead(502).end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  authorization?: string,
): Promise<GraphQLAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as GraphQLAnswer["body"] };
}

const shareInput = {
  businessId: businesses.acme,
  preverifiedId: numbers.verified,
  partnerBusinessId: businesses.partnerOne,
};

describe(`router end to end: ${LABEL}`, () => {
  let idp: IdentityProvider;
  let stack: Stack;
  let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
  let router: HiveGateway;
  let supergraph: string;
  let businessesSubgraph: ApolloServer;

  before(async () => {
    idp = await startIdentityProvider({ issuer: ISSUER, audience: AUDIENCE });
    // Service mode with JWTs: the router checks the token and forwards it; the subgraph verifies
    // it again against the same JWKS (defence in depth) and calls Meta with GRAPH_API_TOKEN.
    stack = await startStack({
      serviceToken: tokens.acme,
      jwt: jwtSettingsOf(idp),
    });
    proxy = await startCountingProxy(stack.origin);
    businessesSubgraph = new ApolloServer({
      schema: buildSubgraphSchema([
        { typeDefs: parse(BUSINESSES_SDL), resolvers: businessesResolvers },
      ]),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const { url: businessesUrl } = await startStandaloneServer(businessesSubgraph, {
      listen: { host: "127.0.0.1", port: 0 },
    });
    supergraph = composeSupergraphWithTheGuild([
      {
        name: "preverified",
        url: `${proxy.url}/graphql`,
        sdl: await fetchSubgraphSdl(`${stack.origin}/graphql`),
      },
      { name: "businesses", url: businessesUrl, sdl: await fetchSubgraphSdl(businessesUrl) },
    ]);
    router = await startHiveGateway({
      supergraph,
      jwksUrl: idp.jwksUrl,
      issuer: idp.issuer,
      audience: idp.audience,
      algorithms: ["ES256", "RS256"],
    });
  });
  after(async () => {
    await router.close();
    await businessesSubgraph.stop();
    await proxy.close();
    await stack.close();
    await idp.close();
  });

  it("composes the subgraph with its auth directives into the supergraph", () => {
    // The premise of the tests below: the directives reach the router.
    assert.match(
      supergraph,
      /sharePreverifiedNumber\([^)]*\)[^\n]*@requiresScopes\(scopes: \[\["preverified:share"\]\]\)/,
    );
    assert.match(supergraph, /phoneNumber: String[^\n]*@authenticated/);
  });

  /** Sends one request and asserts that neither the subgraph nor Meta saw anything of it. */
  async function refusedAtRouter(
    query: string,
    variables: Record<string, unknown>,
    authorization?: string,
  ): Promise<GraphQLAnswer> {
    const hitsBefore = proxy.hits.length;
    const metaBefore = stack.emulator.requests.length;
    const answer = await post(router.url, query, variables, authorization);
    assert.equal(answer.body.data ?? null, null, answer.text);
    assert.ok((answer.body.errors ?? []).length > 0, answer.text);
    assert.equal(proxy.hits.length, hitsBefore, "the subgraph received no request");
    assert.equal(stack.emulator.requests.length, metaBefore, "Meta received no call");
    return answer;
  }

  it("refuses a share without a token at the router: no subgraph request, no Meta call", async () => {
    const answer = await refusedAtRouter(SHARE, { input: shareInput });
    // Apollo Router answers the same code; its status (200 with `reject_unauthorized`) differs.
    assert.equal(answer.status, 401, answer.text);
    assert.equal(answer.body.errors?.[0]?.extensions?.["code"], "UNAUTHORIZED_FIELD_OR_TYPE");
  });

  it("refuses a read without a token at the router", async () => {
    const answer = await refusedAtRouter(READ, { id: numbers.verified });
    assert.equal(answer.body.errors?.[0]?.extensions?.["code"], "UNAUTHORIZED_FIELD_OR_TYPE");
  });

  it("refuses the share mutation at the router for a token without preverified:share", async () => {
    const token = await idp.sign({
      sub: "reader-1",
      businesses: [businesses.acme],
      scope: SCOPES.read,
    });
    const answer = await refusedAtRouter(SHARE, { input: shareInput }, `Bearer ${token}`);
    assert.equal(answer.body.errors?.[0]?.extensions?.["code"], "UNAUTHORIZED_FIELD_OR_TYPE");
  });

  it("refuses a read at the router for a token with preverified:share only", async () => {
    const token = await idp.sign({
      sub: "sharer-2",
      businesses: [businesses.acme],
      scope: SCOPES.share,
    });
    const answer = await refusedAtRouter(READ, { id: numbers.verified }, `Bearer ${token}`);
    assert.equal(answer.body.errors?.[0]?.extensions?.["code"], "UNAUTHORIZED_FIELD_OR_TYPE");
  });

  it("refuses tokens the JWT plugin rejects: wrong issuer, wrong audience, expired, forged, alg none", async () => {
    const claims = {
      sub: "sharer-3",
      businesses: [businesses.acme],
      scope: `${SCOPES.read} ${SCOPES.share}`,
    };
    const badTokens = {
      "wrong issuer": await idp.sign(claims, { issuer: "https://elsewhere.test" }),
      "wrong audience": await idp.sign(claims, { audience: "another-api" }),
      expired: await idp.sign(claims, { expiresIn: -600 }),
      forged: await idp.sign(claims, { forge: true }),
    };
    for (const [kind, token] of Object.entries(badTokens)) {
      const answer = await refusedAtRouter(SHARE, { input: shareInput }, `Bearer ${token}`);
      assert.equal(answer.status, 401, `${kind}: ${answer.text}`);
    }
    // An unsecured token has no `kid`: Hive Gateway finds no signing key and answers 500
    // "Authentication is not available at the moment." Refused all the same, but not a 401.
    const none = await refusedAtRouter(
      SHARE,
      { input: shareInput },
      `Bearer ${idp.signUnsecured(claims)}`,
    );
    assert.notEqual(none.status, 200, none.text);
  });

  it("refuses entity fields (read through _entities) for a token without preverified:read", async () => {
    const token = await idp.sign({
      sub: "sharer-4",
      businesses: [businesses.acme],
      scope: SCOPES.share,
    });
    const answer = await refusedAtRouter(ENTITIES, { id: businesses.acme }, `Bearer ${token}`);
    assert.equal(answer.body.errors?.[0]?.extensions?.["code"], "UNAUTHORIZED_FIELD_OR_TYPE");
  });

  it("reads entity fields through _entities for a token with preverified:read", async () => {
    const hitsBefore = proxy.hits.length;
    const metaBefore = stack.emulator.requests.length;
    const token = await idp.sign({
      sub: "reader-2",
      businesses: [businesses.acme],
      scope: SCOPES.read,
    });
    const answer = await post(router.url, ENTITIES, { id: businesses.acme }, `Bearer ${token}`);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.errors, undefined, answer.text);
    const business = answer.body.data?.["business"] as
      { preverifiedNumbers: { id: string; phoneNumber: string | null }[] } | undefined;
    assert.equal(business?.preverifiedNumbers[0]?.id, numbers.verified, answer.text);
    assert.equal(typeof business.preverifiedNumbers[0].phoneNumber, "string", answer.text);
    const hits = proxy.hits.slice(hitsBefore);
    assert.equal(hits.length, 1, "one request to this subgraph");
    assert.match(hits[0]?.body ?? "", /_entities/);
    assert.equal(hits[0]?.headers.authorization, `Bearer ${token}`);
    assert.equal(stack.emulator.requests.length, metaBefore + 1, "one Meta read");
  });

  it("answers { __typename } without a token (the router itself; nothing reaches the subgraph)", async () => {
    const hitsBefore = proxy.hits.length;
    const answer = await post(router.url, "{ __typename }", {});
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.body, { data: { __typename: "Query" } });
    assert.equal(proxy.hits.length, hitsBefore);
  });

  it("lets a token with preverified:share through to Meta and answers the success member", async () => {
    const metaBefore = stack.emulator.requests.length;
    const token = await idp.sign({
      sub: "sharer-1",
      businesses: [businesses.acme],
      scope: `${SCOPES.read} ${SCOPES.share}`,
    });
    const answer = await post(router.url, SHARE, { input: shareInput }, `Bearer ${token}`);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.errors, undefined, answer.text);
    assert.deepEqual(answer.body.data?.["sharePreverifiedNumber"], {
      __typename: "SharePreverifiedNumberSuccess",
      preverifiedNumber: { id: numbers.verified },
      partnerBusiness: { id: businesses.partnerOne },
    });
    // The router forwarded the caller's JWT to the subgraph…
    assert.equal(proxy.hits.at(-1)?.headers.authorization, `Bearer ${token}`);
    // …and the share reached Meta, with the service token, never the caller's JWT.
    const shares = stack.emulator.requests
      .slice(metaBefore)
      .filter((request) => request.path.endsWith("/share_preverified_numbers"));
    assert.equal(shares.length, 1, "one share call to Meta");
    assert.equal(shares[0]?.headers.authorization, `Bearer ${tokens.acme}`);
    assert.ok(idp.jwksRequests >= 1, "the router read the test JWKS");
  });
});
