// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { buildSubgraphSchema, type GraphQLResolverMap } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { type GraphQLFieldResolver, type GraphQLSchema, parse } from "graphql";
import { buildSchema, createResolversMap } from "type-graphql";
import { Business } from "./business.type.js";
import { NumberLifecycleResolver } from "./number-lifecycle.resolver.js";
import { PreverifiedNumber } from "./preverified-number.type.js";
import { resolvePreverifiedNumberReference } from "./preverified-number.reference.js";
import { PreverifiedNumberResolver } from "./preverified-number.resolver.js";
import { SharePreverifiedNumberResolver } from "./share-preverified-number.resolver.js";
import { UnsharePreverifiedNumberResolver } from "./unshare-preverified-number.resolver.js";

/**
The Federation version this subgraph links. Chosen for reach, not recency: v2.7 has everything we
use (`@key`, `@shareable`, and since v2.5 `@authenticated` and `@requiresScopes`) and composes with every @apollo/composition, @apollo/gateway and router
release since 2024. Raise it only when a newer directive is needed.
*/
export const FEDERATION_SPEC_URL = "https://specs.apollo.dev/federation/v2.7";

const LINK = `extend schema @link(url: "${FEDERATION_SPEC_URL}", import: ["@key", "@shareable", "@authenticated", "@requiresScopes"])`;

/**
Builds the federated subgraph schema: type-graphql builds the schema from the decorated classes,
its SDL (with directives) gets the federation `@link`, and `buildSubgraphSchema` adds `_service`
and `_entities` with the reference resolvers. This is the only place where the two libraries meet.
*/
export async function buildFederatedSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      SharePreverifiedNumberResolver,
      UnsharePreverifiedNumberResolver,
      PreverifiedNumberResolver,
      NumberLifecycleResolver,
    ],
    orphanedTypes: [PreverifiedNumber, Business],
    // A subgraph may have no Query fields of its own; `buildSubgraphSchema` adds `_service`.
    skipCheck: true,
    validate: false,
  });
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  resolvers["PreverifiedNumber"] = {
    ...(resolvers["PreverifiedNumber"] as Record<string, GraphQLFieldResolver<unknown, unknown>>),
    __resolveReference: resolvePreverifiedNumberReference,
  };
  return buildSubgraphSchema([
    { typeDefs: parse(`${LINK}\n${printSchemaWithDirectives(schema)}`), resolvers },
  ]);
}
