import { type GraphQLSchema, graphqlSync } from "graphql";

/**
The subgraph SDL exactly as a router or `rover` receives it from `_service { sdl }`: our types
with `@link`, `@key` and `@shareable`, without the federation machinery the router adds itself.
*/
export function printFederatedSdl(schema: GraphQLSchema): string {
  const result = graphqlSync({ schema, source: "{ _service { sdl } }" });
  const sdl = (result.data?.["_service"] as { sdl?: unknown } | undefined)?.sdl;
  if (typeof sdl !== "string") {
    throw new Error(`The schema did not answer _service { sdl }: ${JSON.stringify(result.errors)}`);
  }
  return `${sdl.trimEnd()}\n`;
}
