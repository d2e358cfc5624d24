import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { fastifyApolloHandler } from "@as-integrations/fastify";
import fastifyCors from "@fastify/cors";
import Fastify, { LogController } from "fastify";
import type { GraphQLFormattedError } from "graphql";
import {
  type Config,
  type HttpServerSettings,
  type RequestLimits,
  SANDBOX_ORIGIN,
} from "./config.js";
import type { App } from "./app.js";
import type { Authenticate } from "./auth/caller.js";
import type { Clock } from "./clock.js";
import type { SharingState } from "./sharing/ports.js";
import { type AuditRecord, type Context, type ContextDeps, createContext } from "./context.js";
import type { GraphApi } from "./graph-api/index.js";
import type { PreverifiedSharingSource } from "./graph-api/share.source.js";
import type { Health } from "./health.js";
import { createRequestLimits } from "./limits.js";
import { upstreamCostPlugin } from "./upstream-cost.js";
import type { Observability } from "./observability/index.js";
import type { RateLimitStore } from "./rate-limit.js";
import { routerAuthorization } from "./router-secret.js";
import { requestLogPlugin } from "./request-log.plugin.js";
import type { Logger } from "./logger.js";
import { SANDBOX_EXAMPLE_OPERATION, SANDBOX_EXAMPLE_VARIABLES } from "./sandbox.js";
import { buildFederatedSchema } from "./schema/build-schema.js";

export { SANDBOX_ORIGIN };

export type { App };

/**
What `createServer` is built from: configuration already read and validated, and the parts the
composition root (`main.ts`, or a test) built. It reads no defaults and no environment of its own.
*/
export interface ServerOptions {
  env: Config["env"];
  logger: Logger;
  /** The Graph API client and its sources; closed with the server. */
  graphApi: GraphApi;
  /** Metrics and traces; shut down with the server. */
  observability: Observability;
  /** Readiness state shared with main.ts (which drains it on SIGTERM). */
  health: Health;
  /** Request limits. */
  limits: RequestLimits;
  /** Timeouts, connection limits and trusted proxies of the HTTP server. */
  http: HttpServerSettings;
  /** The caller-authentication step (see `auth/`). */
  authenticate: Authenticate;
  /** Per-caller budgets: mutations, and Meta read calls. */
  budgets: { mutations: RateLimitStore; reads: RateLimitStore };
  /** When set, every GraphQL request must carry it in `Router-Authorization`. */
  routerSecret: string | undefined;
  /** Serve `/metrics` on this app; false when it has a port of its own (`METRICS_PORT`). */
  serveMetrics: boolean;
  /** Origins allowed cross-origin. */
  corsOrigins: readonly string[];
  /** Caller headers passed upstream unchanged (development only: the emulator's fault header). */
  forwardedHeaders?: readonly string[];
  /** Headers Sandbox starts with in development (e.g. an emulator token). */
  sandboxHeaders?: Record<string, string>;
  /** Replaces the share source (tests use it to provoke failures the upstream cannot). */
  source?: PreverifiedSharingSource;
  /** Time-limited shares' schedules and the sharing history (see `state/`). */
  state: SharingState;
  /** The time `expiresAt` is checked against. */
  clock: Clock;
}

/** `service.name` in traces and the `service` field of logs. */
export const SERVICE_NAME = "preverified-sharing-subgraph";

/** A caller's own request id is kept when it is short and plain; otherwise a new one is made. */
const CALLER_REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
Builds the HTTP app (Fastify + Apollo Server) from plain values. It never listens: `main.ts`
does, and tests listen on port 0 with their own upstream.
*/
export async function createServer(options: ServerOptions): Promise<App> {
  const production = options.env === "production";
  const { graphApi, logger, health, observability, limits } = options;
  const settings = graphApi.settings;
  const source = options.source ?? graphApi.sharing;
  const requestLimits = createRequestLimits(limits, production);
  const edge = options.http;

  const app = Fastify({
    ...httpServerOptions(edge),
    loggerInstance: logger,
    // One line per GraphQL request comes from requestLogPlugin; Fastify's two would cost CPU.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && CALLER_REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: limits.maxBodyBytes,
    // Requests on kept-alive connections during shutdown get a 503 instead of hanging.
    return503OnClosing: true,
  });
  limitConnections(app, edge.maxConnections, logger);

  const apollo = new ApolloServer<Context>({
    schema: await buildFederatedSchema(),
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    // main.ts owns signals and shutdown order.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: limits.allowBatchedRequests,
    validationRules: requestLimits.validationRules,
    // graphql-js stops lexing past the token limit instead of parsing a huge document first.
    parseOptions: requestLimits.parseOptions,
    logger,
    plugins: [
      // Apollo's cache-control plugin hooks every field of every request (and so makes Apollo wrap
      // every resolver) to compute a policy that here is always "uncacheable": the schema has no
      // cache hints and the default max age is 0. Its one visible effect, `cache-control: no-store`
      // on GraphQL answers, comes from requestLogPlugin instead.
      ApolloServerPluginCacheControlDisabled(),
      requestLogPlugin(logger),
      ...requestLimits.plugins,
      upstreamCostPlugin({
        maxCalls: settings.maxCallsPerRequest,
        maxRepresentations: limits.maxEntityRepresentations,
        maxIdsPerRead: settings.maxIdsPerRead,
      }),
      ...observability.plugins,
      // Federated traces (ftv1) show resolver timings to whoever asks: in production only to
      // the router, i.e. when every request must carry ROUTER_SECRET. Errors in them masked.
      production && options.routerSecret === undefined
        ? ApolloServerPluginInlineTraceDisabled()
        : ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({
            embed: true,
            includeCookies: false,
            document: SANDBOX_EXAMPLE_OPERATION,
            variables: SANDBOX_EXAMPLE_VARIABLES,
            headers: options.sandboxHeaders ?? {},
          }),
      ...(production ? [] : [logUnexpectedErrors(logger)]),
    ],
    formatError: (formatted, error) => maskUnexpected(formatted, error, production, logger),
  });
  await apollo.start();
  // `app.close()` stops accepting, lets in-flight requests finish, then runs this hook.
  // (Apollo's Fastify drain plugin is not used: it calls `app.close()` from `apollo.stop()`, which
  // deadlocks with this hook.)
  app.addHook("onClose", async () => {
    await apollo.stop();
    await graphApi.close();
    await observability.shutdown();
  });

  const corsOrigins = options.corsOrigins;
  // No origin allowed (production's default): no CORS hook on the request path at all.
  if (corsOrigins.length > 0) {
    await app.register(fastifyCors, { origin: [...corsOrigins], credentials: false });
  }
  // One synchronous hook for what every answer carries: the request id, and `connection: close`
  // while draining (a kept-alive client connection would otherwise hold `app.close()` open) and on
  // a connection's last allowed request.
  const lastOnSocket = requestsPerSocketLimit(edge.maxRequestsPerSocket);
  app.addHook("onSend", (request, reply, payload, done) => {
    reply.header("x-request-id", request.id);
    if (health.isDraining || lastOnSocket(request.raw.socket)) {
      reply.header("connection", "close");
    }
    done(null, payload);
  });

  if (options.serveMetrics) {
    observability.registerRoutes(app);
  }
  app.get("/health/live", (_request, reply) => reply.send({ status: "ok" }));
  app.get("/health/ready", (_request, reply) => {
    const readiness = health.readiness();
    if (!readiness.ready) {
      return reply.code(503).send({ status: "not_ready", reason: readiness.reason });
    }
    return reply.send(
      readiness.warnings.length === 0
        ? { status: "ready" }
        : { status: "ready", warnings: readiness.warnings },
    );
  });

  const audit = logger.child({ audit: true });
  const deps: ContextDeps = {
    graphApi,
    source,
    deadlineMs: settings.deadlineMs,
    forwardedHeaders: options.forwardedHeaders ?? [],
    authenticate: options.authenticate,
    mutations: options.budgets.mutations,
    reads: options.budgets.reads,
    maxCallsPerRequest: settings.maxCallsPerRequest,
    maxBulkShares: limits.maxBulkShares,
    state: options.state,
    clock: options.clock,
    // IDs only: never a phone number or a token.
    audit: (record: AuditRecord) => {
      audit.info(record, `${record.action} attempt: ${record.result}`);
    },
  };
  app.route({
    url: "/graphql",
    method: ["GET", "POST", "OPTIONS"],
    ...(options.routerSecret === undefined
      ? {}
      : { onRequest: routerAuthorization(options.routerSecret) }),
    handler: fastifyApolloHandler(apollo, {
      context: (request) =>
        createContext(deps, { id: request.id, ip: request.ip, headers: request.headers }),
    }),
  });
  return app;
}

/** `/metrics` alone, for `METRICS_PORT`: a scraper reaches it, GraphQL callers need not. */
export function createMetricsServer(observability: Observability, logger: Logger): App {
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  observability.registerRoutes(app);
  return app;
}

/** While the connection cap is reached, one warning per this many milliseconds at most. */
const DROP_WARNING_INTERVAL_MS = 10_000;

/**
Fastify's and Node's HTTP server options for `settings`. Node checks the request and headers
timeouts of open connections every `connectionsCheckingInterval` (30 s by default), which would
let a stalled request live up to 30 s past its timeout: the interval here is a quarter of the
shorter timeout, at most 1 s. The request timeout ends once the request is received; answering
it (the upstream calls) is not counted.
*/
function httpServerOptions(settings: HttpServerSettings) {
  const checkingIntervalMs = Math.max(
    10,
    Math.min(1_000, Math.floor(Math.min(settings.headersTimeoutMs, settings.requestTimeoutMs) / 4)),
  );
  return {
    requestTimeout: settings.requestTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    // Socket inactivity (Node's `server.timeout`).
    connectionTimeout: settings.socketTimeoutMs,
    // (`maxRequestsPerSocket` is counted in the `onSend` hook; see `requestsPerSocketLimit`.)
    http: {
      requestTimeout: settings.requestTimeoutMs,
      headersTimeout: settings.headersTimeoutMs,
      keepAliveTimeout: settings.keepAliveTimeoutMs,
      connectionsCheckingInterval: checkingIntervalMs,
    },
    // Trust nobody unless told: then the socket's peer is the client (`request.ip`).
    trustProxy: settings.trustProxy.length > 0 ? [...settings.trustProxy] : false,
  };
}

/**
Counts the requests of each connection; `true` for the one that reaches `max` (0: never). Its
answer then says `connection: close` and Node closes the connection once it is sent. Node's own
`maxRequestsPerSocket` is not used: it only sets the header, keeps the connection open and
answers any further request on it with 503, which clients that ignore the header (autocannon,
for one) get for every request after.
*/
function requestsPerSocketLimit(max: number): (socket: Socket) => boolean {
  if (max === 0) {
    return () => false;
  }
  const served = new WeakMap<Socket, number>();
  return (socket) => {
    const count = (served.get(socket) ?? 0) + 1;
    served.set(socket, count);
    return count >= max;
  };
}

/**
Node closes connections past `maxConnections` as soon as it accepts them. (With
`HOST=localhost`, Fastify's second loopback listener, `::1` or 127.0.0.1, is not capped; it is
reachable from this machine only.)
*/
function limitConnections(app: App, maxConnections: number, logger: Logger): void {
  app.server.maxConnections = maxConnections;
  let warnedAt = -Infinity;
  app.server.on("drop", () => {
    const now = performance.now();
    if (now - warnedAt >= DROP_WARNING_INTERVAL_MS) {
      warnedAt = now;
      logger.warn(
        { maxConnections },
        "Connection limit reached (HTTP_MAX_CONNECTIONS): new connections are being closed",
      );
    }
  });
}

/**
Bugs are the only thrown errors. In production their message and stack never reach the client;
the log keeps them (no token can be in them: tokens never enter error messages).
*/
function maskUnexpected(
  formatted: GraphQLFormattedError,
  error: unknown,
  production: boolean,
  logger: Logger,
): GraphQLFormattedError {
  if (formatted.extensions?.["code"] !== "INTERNAL_SERVER_ERROR") {
    return formatted;
  }
  if (production) {
    logger.error({ err: unwrapResolverError(error), path: formatted.path }, "Unexpected error");
    return {
      message: "Internal server error",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
      ...(formatted.path ? { path: formatted.path } : {}),
    };
  }
  return formatted;
}

/** In development the stack goes to the response too, but the log should still say it happened. */
function logUnexpectedErrors(logger: Logger): ApolloServerPlugin<Context> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (error.extensions["code"] === undefined) {
              logger.error({ err: unwrapResolverError(error) }, "Unexpected error");
            }
          }
          return Promise.resolve();
        },
      });
    },
  };
}
