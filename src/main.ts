// The process edge: reads configuration once, starts the emulator when no upstream is configured,
// starts the HTTP server and owns shutdown. Nothing else reads process.env.
import "reflect-metadata";
import { readFile } from "node:fs/promises";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { createLogger, createPrettyLogger } from "./logger.js";
import { Health } from "./health.js";
import { createGraphApi } from "./graph-api/index.js";
import { createObservability } from "./observability/index.js";
import { createServer, SERVICE_NAME } from "./server.js";

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
if (config.graphApi.upstream.kind === "emulator") {
  // Loaded only here, so production code paths never import the emulator.
  const { startMetaEmulator } = await import("./emulator/index.js");
  const emulator = await startMetaEmulator({ host: "127.0.0.1", port: 0 });
  baseUrl = emulator.url;
  closeEmulator = () => emulator.close();
  logger.warn(
    { upstream: baseUrl },
    "GRAPH_API_URL is not set: serving on the EMBEDDED META EMULATOR (seeded fixtures, no real " +
      "Meta calls). Use the token 'emu-token-acme' and the fixture IDs from the README.",
  );
} else {
  baseUrl = config.graphApi.upstream.url;
  logger.info({ upstream: baseUrl, version: config.graphApi.version }, "Upstream Graph API");
}
if (config.graphApi.token !== undefined) {
  logger.info(
    "Service mode: GRAPH_API_TOKEN is used for every upstream call; callers' Authorization headers are ignored",
  );
}

// The composition root: every part is built here from the configuration, then handed over.
const health = new Health();
const observability = createObservability({
  otlpEndpoint: config.otlpEndpoint,
  serviceName: SERVICE_NAME,
  serviceVersion: pkg.version,
});
const graphApi = createGraphApi(
  {
    ...config.graphApi,
    baseUrl,
    userAgent: `${pkg.name}/${pkg.version} (node ${process.versions.node})`,
  },
  {
    observer: observability.observer,
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
const app = await createServer({
  env: config.env,
  logger,
  graphApi,
  observability,
  health,
  limits: config.limits,
  http: config.http,
  mutationRateLimit: config.mutationRateLimit,
  readRateLimit: config.readRateLimit,
  corsOrigins: config.corsOrigins,
  // Frontend developers steer the emulator's fault injection per request; never in production.
  ...(config.env === "production" ? {} : { forwardedHeaders: [EMULATOR_FAULT_HEADER] }),
  ...(closeEmulator && config.graphApi.token === undefined
    ? { sandboxHeaders: { Authorization: `Bearer ${EMULATOR_SANDBOX_TOKEN}` } }
    : {}),
});
await app.listen({ host: config.http.host, port: config.http.port });
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
