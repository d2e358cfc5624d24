/**
Supergraphs for router tests: each subgraph's SDL read from its running `_service { sdl }` (as a
router's composition does), composed in-process.
*/
import { composeServices as composeWithApollo } from "@apollo/composition";
import { composeServices as composeWithTheGuild } from "@theguild/federation-composition";
import { type DirectiveNode, Kind, parse, print, visit } from "graphql";

export interface SubgraphSource {
  name: string;
  /** The subgraph's GraphQL endpoint. */
  url: string;
  sdl: string;
}

/** `{ _service { sdl } }` of a running subgraph (no caller token: routers compose without one). */
export async function fetchSubgraphSdl(url: string): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ _service { sdl } }" }),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`_service { sdl } of ${url}: HTTP ${response.status}: ${text}`);
  }
  const sdl = (JSON.parse(text) as { data?: { _service?: { sdl?: string } } }).data?._service?.sdl;
  if (typeof sdl !== "string") {
    throw new Error(`_service { sdl } of ${url} answered no SDL: ${text}`);
  }
  return sdl;
}

const AUTH_DIRECTIVES = new Set(["authenticated", "requiresScopes", "policy"]);

/**
The SDL without its `@authenticated`/`@requiresScopes`/`@policy` usages. Only for @apollo/gateway,
which cannot enforce them and (rightly, failing closed) refuses a supergraph that links them.
*/
export function withoutAuthDirectives(sdl: string): string {
  const isAuth = (node: DirectiveNode) =>
    AUTH_DIRECTIVES.has(node.name.value.replace(/^federation__/, ""));
  return print(
    visit(parse(sdl), {
      [Kind.DIRECTIVE]: (node) => (isAuth(node) ? null : undefined),
    }),
  );
}

function throwIfErrors(errors: readonly Error[] | undefined, by: string): void {
  if (errors !== undefined && errors.length > 0) {
    throw new Error(`${by} composition failed:\n${errors.map((e) => e.message).join("\n")}`);
  }
}

/** The supergraph SDL as @apollo/composition (what `rover supergraph compose` runs) composes it. */
export function composeSupergraphWithApollo(subgraphs: readonly SubgraphSource[]): string {
  const result = composeWithApollo(
    subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })),
  );
  throwIfErrors(result.errors, "@apollo/composition");
  if (result.supergraphSdl === undefined) {
    throw new Error("@apollo/composition gave no supergraph");
  }
  return result.supergraphSdl;
}

/** The supergraph SDL as @theguild/federation-composition (Hive's composition) composes it. */
export function composeSupergraphWithTheGuild(subgraphs: readonly SubgraphSource[]): string {
  const result = composeWithTheGuild(
    subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })),
  );
  throwIfErrors(result.errors, "@theguild/federation-composition");
  if (result.supergraphSdl === undefined) {
    throw new Error("@theguild/federation-composition gave no supergraph");
  }
  return result.supergraphSdl;
}
