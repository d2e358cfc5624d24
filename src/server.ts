import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { fastifyApolloHandler } from "@as-integrations/fastify";
import fastifyCors from "@fastify/cors";
import Fastify, { type FastifyInstance, LogController, type RawServerDefault } from "fastify";
import type { GraphQLFormattedError } from "graphql";
import {
  type Config,
  type HttpServerSettings,
  loadConfig,
  type RequestLimits,
  SANDBOX_ORIGIN,
} from "./config.js";
import { type Context, type ContextDeps, createContext } from "./context.js";
import { createGraphApiHttp } from "./graph-api/client.js";
import { GraphApiClient } from "./graph-api/graph-api-client.js";
import { createGraphApiAgent } from "./graph-api/transport.js";
import { GraphApiBatchSharingSource } from "./graph-api/batch.source.js";
import { GraphApiNumberListSource } from "./graph-api/list.source.js";
import { GraphApiNumbersSource } from "./graph-api/numbers.source.js";
import { GraphApiPartnersSource } from "./graph-api/partners.source.js";
import { GraphApiSharingSource, type PreverifiedSharingSource } from "./graph-api/share.source.js";
import { UpstreamGuard } from "./graph-api/upstream-guard.js";
import { Health } from "./health.js";
import { createRequestLimits } from "./limits.js";
import { upstreamCostPlugin } from "./upstream-cost.js";
import { createObservability, type Observability } from "./observability/index.js";
import { CallerRateLimiter } from "./rate-limit.js";
import { requestLogPlugin } from "./request-log.plugin.js";
import type { Logger } from "./logger.js";
import { SANDBOX_EXAMPLE_OPERATION, SANDBOX_EXAMPLE_VARIABLES } from "./sandbox.js";
import { buildFederatedSchema } from "./schema/build-schema.js";

export { SANDBOX_ORIGIN };

/** The HTTP app: Fastify on node:http with our pino logger. */
export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;

export interface ServerOptions {
  env: Config["env"];
  /** Upstream settings, with the resolved base URL (Meta or an emulator). */
  graphApi: Omit<Config["graphApi"], "upstream"> & { baseUrl: string };
  /** `User-Agent` for upstream calls, naming this service and its version. */
  userAgent: string;
  /** This service's version (traces' `service.version`). */
  serviceVersion?: string;
  logger: Logger;
  /** Readiness state shared with main.ts (which drains it on SIGTERM). */
  health?: Health;
  /** Caller headers passed upstream unchanged (development only: the emulator's fault header). */
  forwardedHeaders?: readonly string[];
  /** Headers Sandbox starts with in development (e.g. an emulator token). */
  sandboxHeaders?: Record<string, string>;
  /** Replaces the Graph API data source (tests use it to provoke failures the upstream cannot). */
  source?: PreverifiedSharingSource;
  /** Request limits; the defaults of `loadConfig({})` when absent. */
  limits?: RequestLimits;
  /**
  Timeouts, connection limits and trusted proxies of the HTTP server; the defaults of
  `loadConfig({})` when absent.
  */
  http?: HttpServerSettings;
  /** Per-caller mutation budget; the defaults of `loadConfig({})` when absent. */
  mutationRateLimit?: Config["mutationRateLimit"];
  /** Per-caller budget of Meta read calls; the defaults of `loadConfig({})` when absent. */
  readRateLimit?: Config["readRateLimit"];
  /** Origins allowed cross-origin; Sandbox's in development, none in production, when absent. */
  corsOrigins?: readonly string[];
  /** Metrics and traces; created here from `otlpEndpoint` when absent. */
  observability?: Observability;
  /** OTLP/HTTP endpoint for traces, used when `observability` is absent. */
  otlpEndpoint?: string;
}

const DEFAULTS = loadConfig({});

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
  const { graphApi, logger } = options;
  const health = options.health ?? new Health();
  const observability =
    options.observability ??
    createObservability({
      otlpEndpoint: options.otlpEndpoint,
      serviceName: SERVICE_NAME,
      serviceVersion: options.serviceVersion ?? "0.0.0",
    });
  const agent = createGraphApiAgent({ maxResponseBytes: graphApi.maxResponseBytes });
  const http = createGraphApiHttp({
    baseUrl: graphApi.baseUrl,
    timeoutMs: graphApi.timeoutMs,
    userAgent: options.userAgent,
    dispatcher: agent,
  });
  // One guard for every upstream call: one breaker and one throttle memory for one upstream.
  const guard = new UpstreamGuard(
    {
      attemptTimeoutMs: graphApi.timeoutMs,
      maxRetries: graphApi.maxRetries,
      baseDelayMs: graphApi.retryBaseDelayMs,
      maxDelayMs: graphApi.retryMaxDelayMs,
      breakerFailureRate: graphApi.circuitFailurePercent / 100,
      breakerWindowMs: graphApi.circuitWindowMs,
      breakerMinCalls: graphApi.circuitMinCalls,
      breakerCooldownMs: graphApi.circuitCooldownMs,
      // Service mode: every call uses GRAPH_API_TOKEN, so any answer tells whether Meta takes it.
      ...(graphApi.token === undefined
        ? {}
        : {
            onServiceTokenVerdict: (rejected: boolean) => {
              health.serviceTokenRejected(rejected);
            },
          }),
    },
    observability.observer,
  );
  const client = new GraphApiClient(http, graphApi.version, guard);
  const sharing = new GraphApiSharingSource(client);
  const source = options.source ?? sharing;

  const limits = options.limits ?? DEFAULTS.limits;
  const requestLimits = createRequestLimits(limits, production);
  const edge = options.http ?? DEFAULTS.http;

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
      requestLogPlugin(logger),
      ...requestLimits.plugins,
      upstreamCostPlugin({
        maxCalls: graphApi.maxCallsPerRequest,
        maxRepresentations: limits.maxEntityRepresentations,
        maxIdsPerRead: graphApi.maxIdsPerRead,
      }),
      ...observability.plugins,
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
    await agent.close();
    await observability.shutdown();
  });

  const corsOrigins = options.corsOrigins ?? (production ? [] : [SANDBOX_ORIGIN]);
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

  observability.registerRoutes(app);
  app.get("/health/live", (_request, reply) => reply.send({ status: "ok" }));
  app.get("/health/ready", (_request, reply) => {
    const readiness = health.readiness();
    return readiness.ready
      ? reply.send({ status: "ready" })
      : reply.code(503).send({ status: "not_ready", reason: readiness.reason });
  });

  const deps: ContextDeps = {
    source,
    unsharing: sharing,
    numbers: new GraphApiNumbersSource(client, graphApi.maxIdsPerRead),
    numberList: new GraphApiNumberListSource(client),
    partners: new GraphApiPartnersSource(client, graphApi.maxIdsPerRead),
    batchSharing: new GraphApiBatchSharingSource(client),
    serviceToken: graphApi.token,
    deadlineMs: graphApi.deadlineMs,
    forwardedHeaders: options.forwardedHeaders ?? [],
    rateLimiter: new CallerRateLimiter(options.mutationRateLimit ?? DEFAULTS.mutationRateLimit),
    readRateLimiter: new CallerRateLimiter(options.readRateLimit ?? DEFAULTS.readRateLimit),
    maxCallsPerRequest: graphApi.maxCallsPerRequest,
    maxBulkShares: limits.maxBulkShares,
  };
  app.route({
    url: "/graphql",
    method: ["GET", "POST", "OPTIONS"],
    handler: fastifyApolloHandler(apollo, {
      context: (request) =>
        Promise.resolve(
          createContext(deps, { id: request.id, ip: request.ip, headers: request.headers }),
        ),
    }),
  });
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
