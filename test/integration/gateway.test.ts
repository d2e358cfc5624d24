// Federation for real: @apollo/gateway composes this subgraph with a second one that owns
// `Business`, plans a query across both, and this subgraph answers the 50 numbers it gets as
// `_entities` representations with one Meta multi-ID read per `maxIdsPerRead` IDs.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { FIXTURES } from "../../src/emulator/index.js";
import { FEDERATION_SPEC_URL } from "../../src/schema/build-schema.js";
import { startStack, type Stack } from "../helpers/stack.js";
import {
  composeSupergraphWithApollo,
  fetchSubgraphSdl,
  withoutAuthDirectives,
} from "../helpers/supergraph.js";

const { businesses, businessNames, tokens } = FIXTURES;
const NUMBER_COUNT = 50;
const NUMBER_IDS: readonly string[] = FIXTURES.numbers.bulk.slice(0, NUMBER_COUNT);

/** The second subgraph: owns `Business`, and lists a business's numbers as bare references. */
const BUSINESSES_SDL = `
  extend schema @link(url: "${FEDERATION_SPEC_URL}", import: ["@key"])

  type Business @key(fields: "id") {
    id: ID!
    name: String!
    preverifiedNumbers: [PreverifiedNumber!]!
  }

  type PreverifiedNumber @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type Query {
    business(id: ID!): Business
  }
`;

const NAMES: ReadonlyMap<string, string> = new Map([
  [businesses.acme, businessNames.acme],
  [businesses.globex, businessNames.globex],
]);

interface BusinessRef {
  id: string;
}

const businessesResolvers = {
  Query: {
    business: (_: unknown, { id }: BusinessRef): BusinessRef | null =>
      NAMES.has(id) ? { id } : null,
  },
  Business: {
    __resolveReference: ({ id }: BusinessRef): BusinessRef | null =>
      NAMES.has(id) ? { id } : null,
    name: ({ id }: BusinessRef): string => NAMES.get(id) ?? "",
    preverifiedNumbers: ({ id }: BusinessRef): BusinessRef[] =>
      id === businesses.acme ? NUMBER_IDS.map((numberId) => ({ id: numberId })) : [],
  },
};

// Sent to the gateway, against the supergraph (`Query.business` is the other subgraph's), so it
// is no test/operations document: those are checked against this subgraph's schema.
const OPERATION = `{
  business(id: "${businesses.acme}") {
    name
    preverifiedNumbers {
      id
      phoneNumber
      verificationStatus
      ownerBusiness { id name }
    }
  }
}`;

interface OperationData {
  business: {
    name: string;
    preverifiedNumbers: {
      id: string;
      phoneNumber: string | null;
      verificationStatus: string | null;
      ownerBusiness: { id: string; name: string } | null;
    }[];
  } | null;
}

interface GatewayContext {
  authorization?: string;
}

/** One fetch the gateway sent to a subgraph while executing an operation. */
interface SubgraphFetch {
  subgraph: string;
  query: string;
}

interface Gateway {
  url: string;
  fetches: SubgraphFetch[];
  close(): Promise<void>;
}

/**
An ApolloGateway over both subgraphs (composed from their `_service { sdl }` by
@apollo/composition, as `IntrospectAndCompose` would), on port 0. @apollo/gateway cannot enforce
`@authenticated`/`@requiresScopes` and refuses a supergraph that links them ("is for: SECURITY but
is unsupported"), so they are left out of this subgraph's SDL here; the subgraph enforces the same
rules itself, and router-auth.test.ts covers a router that enforces them.
*/
async function startGateway(preverifiedUrl: string, businessesUrl: string): Promise<Gateway> {
  const fetches: SubgraphFetch[] = [];
  const supergraphSdl = composeSupergraphWithApollo([
    {
      name: "preverified",
      url: preverifiedUrl,
      sdl: withoutAuthDirectives(await fetchSubgraphSdl(preverifiedUrl)),
    },
    { name: "businesses", url: businessesUrl, sdl: await fetchSubgraphSdl(businessesUrl) },
  ]);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url,
        willSendRequest(options) {
          // Only the fetches of an operation: not composition's `_service` introspection.
          // (`GraphQLDataSourceRequestKind` is not exported from the package's entry point.)
          if (!("incomingRequestContext" in options)) {
            return;
          }
          fetches.push({ subgraph: name, query: options.request.query ?? "" });
          const authorization = options.context.authorization;
          if (authorization !== undefined) {
            options.request.http?.headers.set("authorization", authorization);
          }
        },
      }),
  });
  const server = new ApolloServer<GatewayContext>({ gateway });
  try {
    const { url } = await startStandaloneServer(server, {
      listen: { host: "127.0.0.1", port: 0 },
      context: ({ req }) =>
        Promise.resolve(
          req.headers.authorization === undefined
            ? {}
            : { authorization: req.headers.authorization },
        ),
    });
    return {
      url,
      fetches,
      async close() {
        // ApolloServer.stop() stops the gateway too; stop() again is a no-op, kept for safety.
        await server.stop();
        await gateway.stop();
      },
    };
  } catch (error) {
    await gateway.stop();
    throw error;
  }
}

async function query(url: string, authorization: string) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization },
    body: JSON.stringify({ query: OPERATION }),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: JSON.parse(text) as { data?: OperationData | null; errors?: { message: string }[] },
  };
}

describe("federation through @apollo/gateway", () => {
  let businessesSubgraph: ApolloServer;
  let businessesUrl: string;
  before(async () => {
    businessesSubgraph = new ApolloServer({
      schema: buildSubgraphSchema([
        { typeDefs: parse(BUSINESSES_SDL), resolvers: businessesResolvers },
      ]),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    ({ url: businessesUrl } = await startStandaloneServer(businessesSubgraph, {
      listen: { host: "127.0.0.1", port: 0 },
    }));
  });
  after(async () => {
    await businessesSubgraph.stop();
  });

  const cases = [
    { maxIdsPerRead: 50, title: "default chunk of 50" },
    { maxIdsPerRead: 20, title: "GRAPH_API_MAX_IDS_PER_READ=20" },
  ];
  for (const { maxIdsPerRead, title } of cases) {
    const expectedReads = Math.ceil(NUMBER_COUNT / maxIdsPerRead);
    it(`resolves ${NUMBER_COUNT} numbers across subgraphs with ${expectedReads} Meta read(s) (${title})`, async () => {
      let stack: Stack | undefined;
      let gateway: Gateway | undefined;
      try {
        stack = await startStack({ graphApi: { maxIdsPerRead } });
        gateway = await startGateway(`${stack.origin}/graphql`, businessesUrl);
        const upstreamBefore = stack.emulator.requests.length;

        const response = await query(gateway.url, `Bearer ${tokens.acme}`);
        assert.equal(response.status, 200, response.text);
        const errors = response.body.errors ?? [];
        assert.equal(
          errors.length,
          0,
          `${errors.length} error(s), first: ${JSON.stringify(errors[0]?.message)}`,
        );
        const business = response.body.data?.business;
        assert.equal(business?.name, businessNames.acme);
        assert.deepEqual(
          business.preverifiedNumbers.map((number) => number.id),
          NUMBER_IDS,
          "the 50 numbers, in the businesses subgraph's order",
        );
        business.preverifiedNumbers.forEach((number, index) => {
          assert.equal(number.phoneNumber, `+1 555-${String(210 + index).padStart(4, "0")}`);
          assert.equal(number.verificationStatus, "VERIFIED");
          // `id` comes from this subgraph, `name` from a second hop back to the businesses one.
          assert.deepEqual(number.ownerBusiness, {
            id: businesses.acme,
            name: businessNames.acme,
          });
        });

        // The plan: businesses → preverified `_entities` → businesses `_entities`.
        assert.deepEqual(
          gateway.fetches.map(({ subgraph, query: text }) => [subgraph, /_entities/.test(text)]),
          [
            ["businesses", false],
            ["preverified", true],
            ["businesses", true],
          ],
        );

        const upstream = stack.emulator.requests.slice(upstreamBefore);
        const reads = upstream.filter((request) => request.query["ids"] !== undefined);
        console.log(`# gateway: ${NUMBER_COUNT} entities → ${reads.length} upstream reads`);
        assert.equal(reads.length, expectedReads, "one multi-ID read per maxIdsPerRead IDs");
        assert.equal(upstream.length, reads.length, "no other upstream request");
        assert.deepEqual(
          reads.flatMap((request) => request.query["ids"]?.split(",") ?? []).sort(),
          [...NUMBER_IDS].sort(),
          "each number read exactly once",
        );
        for (const request of reads) {
          assert.ok((request.query["ids"]?.split(",").length ?? 0) <= maxIdsPerRead);
          // The caller's token went gateway → subgraph → Meta.
          assert.equal(request.headers.authorization, `Bearer ${tokens.acme}`);
        }
      } finally {
        await gateway?.close();
        await stack?.close();
      }
    });
  }
});
