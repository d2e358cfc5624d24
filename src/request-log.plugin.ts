import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "./context.js";
import type { Logger } from "./logger.js";
import { normalizeOperationName } from "./observability/labels.js";
import { operationNameOf } from "./observability/operation.js";

/**
One log line per GraphQL request: request id, operation, the result `__typename`s, what happened
upstream (status, Meta code/subcode, fbtrace_id, attempts) and the duration. Errors in the
response also carry the request id in `extensions.requestId`, so a client can quote it.
It also marks every GraphQL answer `cache-control: no-store`, as Apollo's cache-control plugin
(disabled in server.ts) did for a schema without cache hints. No token is in any of these
fields. The operation name is the caller's, so it is normalized as for metrics and spans: a
GraphQL name of at most 64 characters, else `invalid` (no name: `anonymous`); a
60,000-character name costs the log line nothing.
*/
const NO_STORE = "no-store";

export function requestLogPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    requestDidStart() {
      const started = performance.now();
      return Promise.resolve({
        willSendResponse(requestContext) {
          const { contextValue, response, errors } = requestContext;
          const { requestId, outcome } = contextValue;
          if (!response.http.headers.has("cache-control")) {
            response.http.headers.set("cache-control", NO_STORE);
          }
          const body = response.body;
          if (body.kind === "single" && body.singleResult.errors) {
            // The formatted errors are ours to finish: add the id clients quote to support.
            const errors = body.singleResult.errors as readonly {
              extensions?: Record<string, unknown>;
            }[];
            for (const error of errors) {
              error.extensions = { ...error.extensions, requestId };
            }
          }
          if (!logger.isLevelEnabled("info")) {
            return Promise.resolve();
          }
          const upstream = outcome.upstream;
          logger.info(
            {
              reqId: requestId,
              operation: normalizeOperationName(operationNameOf(requestContext)),
              results: outcome.results,
              ...(errors ? { errors: errors.map((error) => error.extensions["code"]) } : {}),
              ...(upstream.attempts > 0
                ? {
                    upstream: {
                      attempts: upstream.attempts,
                      status: upstream.httpStatus,
                      metaCode: upstream.metaCode,
                      metaSubcode: upstream.metaSubcode,
                      fbtraceId: upstream.fbtraceId,
                      ms: Math.round(upstream.upstreamMs),
                    },
                  }
                : {}),
              ms: Math.round(performance.now() - started),
            },
            "graphql request",
          );
          return Promise.resolve();
        },
      });
    },
  };
}
