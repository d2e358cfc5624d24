// The hand-written peer: the facade a team would write in an afternoon with the same GraphQL
// contract for the share mutation, as its own process. Apollo Server 5 `startStandaloneServer`,
// typeDefs as SDL, one resolver calling Meta's share endpoint through an `@apollo/datasource-rest`
// `RESTDataSource` (its default fetch, node-fetch) with the caller's Authorization, and a minimal
// mapping of the data source's errors to the union's error types. No limits, logs, metrics, request
// ids or de-duplication: the benchmark compares the service's cost with it (issue 15).
import { URL } from "node:url";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { RESTDataSource } from "@apollo/datasource-rest";
import { GRAPH_API_VERSION, bindToParent } from "../lib/common.mjs";

const send = bindToParent();
const upstream = process.env.UPSTREAM_URL;
if (upstream === undefined || upstream === "") {
  throw new Error("UPSTREAM_URL is required");
}

const typeDefs = `#graphql
  interface Error {
    message: String!
  }

  type InvalidInputError implements Error {
    message: String!
  }

  type AuthenticationError implements Error {
    message: String!
  }

  type PermissionDeniedError implements Error {
    message: String!
  }

  type NotFoundError implements Error {
    message: String!
  }

  type UpstreamError implements Error {
    message: String!
    status: Int
  }

  type PreverifiedNumber {
    id: ID!
  }

  type Business {
    id: ID!
  }

  type SharePreverifiedNumberSuccess {
    preverifiedNumber: PreverifiedNumber!
    business: Business!
    partnerBusiness: Business!
  }

  union SharePreverifiedNumberResult =
      SharePreverifiedNumberSuccess
    | InvalidInputError
    | AuthenticationError
    | PermissionDeniedError
    | NotFoundError
    | UpstreamError

  input SharePreverifiedNumberInput {
    businessId: ID!
    preverifiedId: ID!
    partnerBusinessId: ID!
  }

  type Query {
    health: Boolean!
  }

  type Mutation {
    sharePreverifiedNumber(input: SharePreverifiedNumberInput!): SharePreverifiedNumberResult!
  }
`;

/** Meta's Graph API, one data source per request (as the Apollo docs show it). */
class MetaGraphAPI extends RESTDataSource {
  constructor(authorization) {
    super();
    this.baseURL = `${upstream}/${GRAPH_API_VERSION}/`;
    this.authorization = authorization;
  }

  willSendRequest(_path, request) {
    request.headers.authorization = this.authorization;
  }

  sharePreverifiedNumber(businessId, preverifiedId, partnerBusinessId) {
    return this.post(`${encodeURIComponent(businessId)}/share_preverified_numbers`, {
      body: { preverified_id: preverifiedId, partner_business_id: partnerBusinessId },
    });
  }
}

const DIGITS = /^\d+$/;

/** The data source throws a GraphQLError carrying the HTTP status: one error type per status. */
function errorResult(error) {
  const status = error?.extensions?.response?.status;
  const message = error?.extensions?.response?.body?.error?.message ?? String(error?.message);
  switch (status) {
    case 400:
      return { __typename: "InvalidInputError", message };
    case 401:
      return { __typename: "AuthenticationError", message };
    case 403:
      return { __typename: "PermissionDeniedError", message };
    case 404:
      return { __typename: "NotFoundError", message };
    default:
      return { __typename: "UpstreamError", message, status: status ?? null };
  }
}

const resolvers = {
  Query: { health: () => true },
  Mutation: {
    async sharePreverifiedNumber(_parent, { input }, { dataSources }) {
      const { businessId, preverifiedId, partnerBusinessId } = input;
      if (![businessId, preverifiedId, partnerBusinessId].every((id) => DIGITS.test(id))) {
        return { __typename: "InvalidInputError", message: "IDs are digits only." };
      }
      if (businessId === partnerBusinessId) {
        return { __typename: "InvalidInputError", message: "Share with another business." };
      }
      if (dataSources.meta.authorization === undefined) {
        return {
          __typename: "AuthenticationError",
          message: "An Authorization header is required.",
        };
      }
      try {
        const answer = await dataSources.meta.sharePreverifiedNumber(
          businessId,
          preverifiedId,
          partnerBusinessId,
        );
        if (answer?.success !== true) {
          return {
            __typename: "UpstreamError",
            message: "Meta did not confirm the share.",
            status: 200,
          };
        }
        return {
          __typename: "SharePreverifiedNumberSuccess",
          preverifiedNumber: { id: preverifiedId },
          business: { id: businessId },
          partnerBusiness: { id: partnerBusinessId },
        };
      } catch (error) {
        return errorResult(error);
      }
    },
  },
};

const server = new ApolloServer({ typeDefs, resolvers });
const { url } = await startStandaloneServer(server, {
  listen: { port: 0, host: "127.0.0.1" },
  context: async ({ req }) => ({
    dataSources: { meta: new MetaGraphAPI(req.headers.authorization) },
  }),
});
void send({ type: "ready", port: Number(new URL(url).port) });
