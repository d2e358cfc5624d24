// Hive Gateway for router tests, kept out of the TypeScript program on purpose: the runtime's type
// declarations pull in `/// <reference lib="dom" />` (through @whatwg-node/fetch), which would put
// the DOM's `fetch`/`RequestInit` types over Node's for the whole project. Types:
// hive-gateway.d.mts.
import { createServer } from "node:http";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
import { createRemoteJwksSigningKeyProvider, useJWT } from "@graphql-mesh/plugin-jwt-auth";
import { buildHTTPExecutor } from "@graphql-tools/executor-http";

/**
The HTTP transport to subgraphs. The runtime loads `@graphql-mesh/transport-http` for it, which
the `@graphql-hive/gateway` CLI package brings but the runtime alone does not; this is the same
executor (the runtime's own `@graphql-tools/executor-http`) on the gateway's `fetch`, so its
`onFetch` hooks (header propagation) still apply.
*/
const httpTransport = {
  getSubgraphExecutor: ({ transportEntry, fetch }) =>
    buildHTTPExecutor({ endpoint: transportEntry.location, fetch }),
};

/** @param {import("./hive-gateway.d.mts").HiveGatewayOptions} options */
export async function startHiveGateway(options) {
  const gateway = createGatewayRuntime({
    supergraph: options.supergraph,
    logging: false,
    // Subgraph and plugin errors in full: this is a test.
    maskedErrors: false,
    transports: { http: httpTransport },
    plugins: () => [
      useJWT({
        signingKeyProviders: [createRemoteJwksSigningKeyProvider({ jwksUri: options.jwksUrl })],
        tokenVerification: {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: [...options.algorithms],
        },
        // A missing token is left to `@authenticated` (so `{ __typename }` stays open); a token
        // that fails verification is refused outright.
        reject: { missingToken: false, invalidToken: true },
        // The subgraph gets the caller's own JWT (below), not the router's view of its claims.
        forward: { payload: false, token: false },
      }),
    ],
    genericAuth: {
      mode: "protect-granular",
      resolveUserFn: (context) => context.jwt?.payload ?? null,
      // Refuse the whole operation, like Apollo Router's `reject_unauthorized: true`.
      rejectUnauthenticated: true,
    },
    // The subgraph verifies the caller's JWT itself: the router passes the header on as sent.
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({
        authorization: request.headers.get("authorization"),
      }),
    },
  });
  const server = createServer(gateway);
  await new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve(undefined);
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async close() {
      await gateway.dispose();
      await new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve(undefined);
        });
      });
    },
  };
}
