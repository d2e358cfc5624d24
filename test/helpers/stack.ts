import "reflect-metadata";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createAuthenticate } from "../../src/auth/index.js";
import type { Authenticate } from "../../src/auth/caller.js";
import type { ExpirySettings, JwtSettings, StateSettings } from "../../src/config.js";
import { openState } from "../../src/state/index.js";
import { type Clock, SYSTEM_CLOCK } from "../../src/clock.js";
import {
  type Config,
  type HttpServerSettings,
  loadConfig,
  type RateLimit,
  SANDBOX_ORIGIN,
} from "../../src/config.js";
import {
  startMetaEmulator,
  type MetaEmulator,
  type RecordedRequest,
} from "../../src/emulator/index.js";
import { createGraphApi, type GraphApiSettings } from "../../src/graph-api/index.js";
import type { PreverifiedSharingSource } from "../../src/graph-api/share.source.js";
import { createLogger } from "../../src/logger.js";
import { createObservability } from "../../src/observability/index.js";
import { createServer, SERVICE_NAME, type App, type ServerOptions } from "../../src/server.js";
import { Health } from "../../src/health.js";
import { type GraphQLHttpResponse, operationBody, postGraphQL } from "./graphql.js";

export type { GraphQLHttpResponse } from "./graphql.js";

/** Tests get budgets they never exhaust unless they say otherwise. */
const UNLIMITED: RateLimit = { perMinute: 1_000_000, burst: 1_000_000 };

export const TEST_USER_AGENT = "preverified-sharing-subgraph-test/0.0.0";

export interface StackOptions {
  env?: Config["env"];
  /** Service-mode token (GRAPH_API_TOKEN). */
  serviceToken?: string;
  timeoutMs?: number;
  /** Overrides of the resilience settings (retries, deadline, breaker). */
  graphApi?: Partial<GraphApiSettings>;
  /** Caller headers passed upstream (e.g. the emulator's fault header). */
  forwardedHeaders?: readonly string[];
  health?: Health;
  /** HTTP server timeouts, connection limits and trusted proxies, over `loadConfig({})`'s. */
  http?: Partial<HttpServerSettings>;
  /** Request limits and per-caller mutation budget (tests get a budget they never exhaust). */
  limits?: ServerOptions["limits"];
  mutationRateLimit?: RateLimit;
  readRateLimit?: RateLimit;
  corsOrigins?: readonly string[];
  observability?: ServerOptions["observability"];
  /** Upstream base URL; defaults to a fresh emulator's. */
  upstreamUrl?: string;
  source?: PreverifiedSharingSource;
  /** Service mode with JWTs from this identity provider (needs `serviceToken`). */
  jwt?: JwtSettings;
  /** Replaces the authentication step the mode would build. */
  authenticate?: Authenticate;
  clock?: Clock;
  routerSecret?: string;
  /** False: `/metrics` is not on the GraphQL app (as with `METRICS_PORT`). */
  serveMetrics?: boolean;
  /** The state engine; none (stateless) unless a test asks for one. */
  state?: StateSettings;
  /** Time-limited shares' window and polling, over `loadConfig({})`'s. */
  expiry?: Partial<ExpirySettings>;
}

export interface Stack {
  /** `http://127.0.0.1:<port>` of the service. */
  origin: string;
  emulator: MetaEmulator;
  app: App;
  /** Every log line the service wrote. */
  logs: string[];
  execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    options?: { token?: string; authorization?: string; headers?: Record<string, string> },
  ): Promise<GraphQLHttpResponse<TData>>;
  post(body: unknown, headers?: Record<string, string>): Promise<GraphQLHttpResponse<unknown>>;
  /** Forgets what earlier tests did upstream: a fresh seed, no enqueued faults, no recorded requests. */
  resetEmulator(): void;
  close(): Promise<void>;
}

/** A real server on port 0 wired to a real emulator on port 0 (both closed by `close()`). */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const emulator = await startMetaEmulator();
  const logs: string[] = [];
  const logger = createLogger("debug", {
    write(line: string) {
      logs.push(line);
    },
  });
  // The composition root of a test: what main.ts builds from the environment, built from plain
  // test values (the production defaults unless a test says otherwise).
  const defaults = loadConfig({ GRAPH_API_URL: "http://127.0.0.1:1" });
  const env = options.env ?? "test";
  const health = options.health ?? new Health();
  const observability =
    options.observability ??
    createObservability({
      otlpEndpoint: undefined,
      serviceName: SERVICE_NAME,
      serviceVersion: "0.0.0",
    });
  const settings: GraphApiSettings = {
    baseUrl: options.upstreamUrl ?? emulator.url,
    userAgent: TEST_USER_AGENT,
    version: "v25.0",
    token: options.serviceToken,
    timeoutMs: options.timeoutMs ?? 5_000,
    deadlineMs: 10_000,
    // Tests that want retries or a breaker say so.
    maxRetries: 0,
    retryBaseDelayMs: 20,
    retryMaxDelayMs: 100,
    circuitFailurePercent: 50,
    circuitWindowMs: 30_000,
    circuitMinCalls: 1_000,
    circuitCooldownMs: 1_000,
    maxCallsPerRequest: 20,
    maxIdsPerRead: 50,
    maxResponseBytes: 4 * 1024 * 1024,
    ...options.graphApi,
  };
  const state = await openState(options.state ?? { kind: "none" }, {
    logger,
    onHealth: (problem) => {
      health.degraded(problem);
    },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const graphApi = createGraphApi(settings, {
    observer: observability.observer,
    ...(state.throttles === undefined ? {} : { throttles: state.throttles }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(settings.token === undefined
      ? {}
      : {
          onServiceTokenVerdict: (rejected: boolean) => {
            health.serviceTokenRejected(rejected);
          },
        }),
  });
  const now = () => (options.clock ?? SYSTEM_CLOCK).now();
  const services = await state.start({
    expiry: { ...defaults.expiry, ...options.expiry },
    graphApi,
    serviceToken: settings.token,
  });
  observability.trackExpiries(() => services.expiryCounts());
  const app = await createServer({
    env,
    logger,
    graphApi,
    observability,
    health,
    limits: options.limits ?? defaults.limits,
    http: { ...defaults.http, ...options.http },
    corsOrigins: options.corsOrigins ?? (env === "production" ? [] : [SANDBOX_ORIGIN]),
    budgets: state.budgets(
      {
        mutations: options.mutationRateLimit ?? UNLIMITED,
        reads: options.readRateLimit ?? UNLIMITED,
      },
      { now },
    ),
    authenticate:
      options.authenticate ??
      createAuthenticate(
        options.jwt !== undefined
          ? { kind: "jwt", jwt: options.jwt }
          : settings.token === undefined
            ? { kind: "meta-token" }
            : { kind: "disabled" },
        settings.token,
      ),
    routerSecret: options.routerSecret,
    state: services.sharing,
    clock: options.clock ?? SYSTEM_CLOCK,
    serveMetrics: options.serveMetrics ?? true,
    ...(options.forwardedHeaders ? { forwardedHeaders: options.forwardedHeaders } : {}),
    ...(options.source ? { source: options.source } : {}),
  });
  const origin = await app.listen({ host: "127.0.0.1", port: 0 });

  function post(
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<GraphQLHttpResponse<unknown>> {
    return postGraphQL(`${origin}/graphql`, body, headers);
  }

  return {
    origin,
    emulator,
    app,
    logs,
    async execute(document, variables, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };
      if (requestOptions.authorization !== undefined) {
        headers["authorization"] = requestOptions.authorization;
      } else if (requestOptions.token !== undefined) {
        headers["authorization"] = `Bearer ${requestOptions.token}`;
      }
      const response = await post(operationBody(document, variables), headers);
      return response as GraphQLHttpResponse<never>;
    },
    post,
    resetEmulator() {
      resetEmulator(emulator);
    },
    async close() {
      await app.close();
      await state.close();
      await emulator.close();
    },
  };
}

/**
A clean emulator for the next test: the store back to its seed (shares and unshares undone), no
enqueued faults, no recorded requests. The service's own memory (budgets, throttles, the breaker)
is not reset: a test that changes it starts its own stack.
*/
export function resetEmulator(emulator: MetaEmulator): void {
  emulator.store.reset();
  emulator.faults.clear();
  emulator.requests.length = 0;
}

/** The share and unshare calls (`…/share_preverified_numbers`) the stack's emulator received. */
export function shareCalls(stack: Pick<Stack, "emulator">): RecordedRequest[] {
  return stack.emulator.requests.filter((request) =>
    request.path.endsWith("/share_preverified_numbers"),
  );
}
