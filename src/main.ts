// The process edge: reads configuration once, starts the emulator when no upstream is configured,
// starts the HTTP server and owns shutdown. Nothing else reads process.env.
import "reflect-metadata";
import { readFile } from "node:fs/promises";
import { type AuthMode, type Config, ConfigError, loadConfig } from "./config.js";
import { createLogger, createPrettyLogger } from "./logger.js";
import { Health } from "./health.js";
import { createGraphApi } from "./graph-api/index.js";
import { createObservability } from "./observability/index.js";
import { createMetricsServer, createServer, SERVICE_NAME } from "./server.js";
import { createAuthenticate } from "./auth/index.js";
import { SYSTEM_CLOCK } from "./clock.js";
import { openState } from "./state/index.js";

/** The emulator's per-request fault header (see README); the emulator module defines the same. */
const EMULATOR_FAULT_HEADER = "x-emulator-fault";

/** The token the embedded emulator accepts for its main fixture business (see README). */
const EMULATOR_SANDBOX_TOKEN = "emu-token-acme";

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
// Pretty for a person at a terminal in development; JSON lines everywhere else.
const logger =
  config.env === "development" && process.stdout.isTTY
    ? createPrettyLogger(config.logLevel)
    : createLogger(config.logLevel);
const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
};

let baseUrl: string;
let closeEmulator: (() => Promise<void>) | undefined;
let auth: AuthMode = config.auth;
let sandboxHeaders: Record<string, string> | undefined;
if (config.graphApi.upstream.kind === "emulator") {
  // Loaded only here, so production code paths never import the emulator.
  const emulatorModule = await import("./emulator/index.js");
  // Development only: the codes of numbers added at run time are printed (never the phone number).
  const emulator = await emulatorModule.startMetaEmulator({
    host: "127.0.0.1",
    port: 0,
    logCodes: true,
  });
  baseUrl = emulator.url;
  closeEmulator = () => emulator.close();
  logger.warn(
    { upstream: baseUrl },
    "GRAPH_API_URL is not set: serving on the EMBEDDED META EMULATOR (seeded fixtures, no real " +
      "Meta calls). " +
      (auth.kind === "emulator-jwt"
        ? "Get a caller token with `npm run --silent token`; fixture IDs are in the README."
        : `Use the token '${EMULATOR_SANDBOX_TOKEN}' and the fixture IDs from the README.`),
  );
  if (auth.kind === "emulator-jwt") {
    // Service mode on the emulator: callers bring JWTs from its development identity provider.
    auth = {
      kind: "jwt",
      jwt: {
        jwksUrl: `${emulator.url}${emulatorModule.DEV_JWKS_PATH}`,
        issuer: emulatorModule.DEV_ISSUER,
        audience: emulatorModule.DEV_AUDIENCE,
        algorithms: ["ES256"],
        businessesClaim: "businesses",
        clockToleranceSeconds: 30,
      },
    };
    const token = await emulatorModule.signDevToken({
      sub: "sandbox",
      businesses: [emulatorModule.FIXTURES.businesses.acme],
      scope: "preverified:read preverified:share preverified:manage",
      expiresInSeconds: 12 * 3_600,
    });
    sandboxHeaders = { Authorization: `Bearer ${token}` };
  } else if (auth.kind === "meta-token") {
    sandboxHeaders = { Authorization: `Bearer ${EMULATOR_SANDBOX_TOKEN}` };
  }
} else {
  baseUrl = config.graphApi.upstream.url;
  logger.info({ upstream: baseUrl, version: config.graphApi.version }, "Upstream Graph API");
}
const AUTH_DISABLED_WARNING =
  "Service mode without caller authentication (AUTH_DISABLED): anyone who reaches this " +
  "service acts with GRAPH_API_TOKEN for every business it can reach";
switch (auth.kind) {
  case "jwt":
    logger.info(
      { issuer: auth.jwt.issuer, audience: auth.jwt.audience },
      "Service mode: callers authenticate with JWTs; GRAPH_API_TOKEN is used for every Meta call",
    );
    break;
  case "disabled":
  case "emulator-jwt":
    logger.warn(AUTH_DISABLED_WARNING);
    break;
  case "meta-token":
    logger.info("Callers' own Meta tokens are forwarded; Meta decides what each may do");
}

// The composition root: every part is built here from the configuration, then handed over.
const health = new Health();
if (auth.kind === "disabled") {
  health.warn(AUTH_DISABLED_WARNING);
}
const observability = createObservability({
  otlpEndpoint: config.otlpEndpoint,
  serviceName: SERVICE_NAME,
  serviceVersion: pkg.version,
});
const state = await openState(config.state, {
  logger,
  onHealth: (problem) => {
    health.degraded(problem);
  },
});
switch (state.mode) {
  case "postgres":
    logger.info(
      { poolSize: config.state.kind === "postgres" ? config.state.poolSize : undefined },
      "State: PostgreSQL (DATABASE_URL): schedules, history and expiries shared by the replicas",
    );
    break;
  case "embedded":
    logger.info(
      { dir: config.state.kind === "embedded" ? (config.state.dataDir ?? "memory") : undefined },
      "State: embedded PostgreSQL (PGlite) in this process; set DATABASE_URL to share it " +
        "between replicas",
    );
    break;
  case "none":
    logger.warn(
      "State: none (production without DATABASE_URL): stateless; time-limited shares are " +
        "refused and histories are empty",
    );
}
const graphApi = createGraphApi(
  {
    ...config.graphApi,
    baseUrl,
    userAgent: `${pkg.name}/${pkg.version} (node ${process.versions.node})`,
  },
  {
    observer: observability.observer,
    ...(state.throttles === undefined ? {} : { throttles: state.throttles }),
    // Service mode: every call uses GRAPH_API_TOKEN, so any answer tells whether Meta takes it.
    ...(config.graphApi.token === undefined
      ? {}
      : {
          onServiceTokenVerdict: (rejected: boolean) => {
            health.serviceTokenRejected(rejected);
          },
        }),
  },
);
const services = await state.start({
  expiry: config.expiry,
  graphApi,
  // On the emulator without GRAPH_API_TOKEN, expiries use its fixture business's token, so that
  // time-limited shares work out of the box (README "Time-limited shares").
  serviceToken:
    config.graphApi.token ??
    (config.graphApi.upstream.kind === "emulator" ? EMULATOR_SANDBOX_TOKEN : undefined),
});
observability.trackExpiries(() => services.expiryCounts());
const app = await createServer({
  env: config.env,
  logger,
  graphApi,
  observability,
  health,
  limits: config.limits,
  http: config.http,
  authenticate: createAuthenticate(auth, config.graphApi.token),
  budgets: state.budgets({ mutations: config.mutationRateLimit, reads: config.readRateLimit }),
  routerSecret: config.routerSecret,
  state: services.sharing,
  clock: SYSTEM_CLOCK,
  serveMetrics: config.metricsPort === undefined,
  corsOrigins: config.corsOrigins,
  // Frontend developers steer the emulator's fault injection per request; never in production.
  ...(config.env === "production" ? {} : { forwardedHeaders: [EMULATOR_FAULT_HEADER] }),
  ...(sandboxHeaders === undefined ? {} : { sandboxHeaders }),
});
await app.listen({ host: config.http.host, port: config.http.port });
// `/metrics` on its own port, e.g. reachable by the scraper but not by the router's callers.
const metricsApp =
  config.metricsPort === undefined ? undefined : createMetricsServer(observability, logger);
if (metricsApp !== undefined) {
  await metricsApp.listen({ host: config.http.host, port: config.metricsPort });
}
const address = app.server.address();
const port = typeof address === "object" && address !== null ? address.port : config.http.port;
logger.info(
  { env: config.env, version: config.graphApi.version },
  `GraphQL ready at http://localhost:${port}/graphql`,
);

let stopping = false;
/**
SIGTERM: readiness turns false, the server stops accepting and lets in-flight requests finish
(at most SHUTDOWN_GRACE_MS, then the remaining connections are cut), then the process exits 0.
*/
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    return;
  }
  stopping = true;
  health.startDraining();
  logger.info(
    { signal, graceMs: config.shutdownGraceMs },
    "Shutting down: finishing in-flight requests",
  );
  const force = setTimeout(() => {
    logger.warn("Grace period over: closing the remaining connections");
    app.server.closeAllConnections();
  }, config.shutdownGraceMs);
  force.unref();
  try {
    await app.close();
    await metricsApp?.close();
    await state.close();
    await closeEmulator?.();
    logger.info("Stopped");
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, "Shutdown failed");
    process.exit(1);
  }
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
// Bugs only: expected failures are values. Log them, keep serving the other requests.
process.on("unhandledRejection", (reason) => {
  logger.error({ err: reason }, "Unhandled promise rejection");
});
