import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../context.js";
import type { UpstreamObserver } from "../graph-api/observer.js";
import type { App } from "../app.js";
import { createMetrics, type Metrics } from "./metrics.js";
import type { Tracing } from "./tracing.js";

export interface ObservabilityOptions {
  /** OTLP/HTTP endpoint for traces; `undefined` = no tracing and no tracing cost. */
  otlpEndpoint: string | undefined;
  serviceName: string;
  serviceVersion: string;
}

/** Metrics and traces, as the server wires them in. */
export interface Observability {
  /** Listens to the data source's upstream attempts. */
  observer: UpstreamObserver;
  /** Apollo plugins (request metrics, request spans). */
  plugins: ApolloServerPlugin<Context>[];
  /** Adds routes such as `GET /metrics` to the app. */
  registerRoutes(app: App): void;
  /** Flushes and stops exporters. */
  shutdown(): Promise<void>;
  /** The schedules' counts for `share_expiries` (see metrics.ts). */
  trackExpiries: Metrics["trackExpiries"];
}

/** The scrape endpoint (Prometheus text exposition). */
export const METRICS_PATH = "/metrics";

/**
Prometheus metrics always (a registry of this instance's own, served at `GET /metrics`); traces
only when `otlpEndpoint` is set. Without it, no OpenTelemetry module is loaded and the request path
has no tracing code at all: the observer and plugins are the metrics' own.
*/
export function createObservability(options: ObservabilityOptions): Observability {
  const metrics = createMetrics();
  const registerRoutes = (app: App) => {
    registerMetricsRoute(app, metrics);
  };
  const { otlpEndpoint } = options;
  if (otlpEndpoint === undefined || otlpEndpoint === "") {
    return {
      observer: metrics.observer,
      plugins: [metrics.plugin],
      registerRoutes,
      shutdown: () => Promise.resolve(),
      trackExpiries: (read) => {
        metrics.trackExpiries(read);
      },
    };
  }

  // OpenTelemetry is loaded only now. Apollo awaits `serverWillStart` before the server takes
  // requests, so no request runs before tracing is ready (and a failure to load stops start-up).
  let tracing: Tracing | undefined;
  const loading = import("./tracing.js").then((module) => {
    tracing = module.createTracing({ ...options, otlpEndpoint });
    return tracing;
  });
  // Reported by `serverWillStart`; not an unhandled rejection when no server is started.
  loading.catch(() => undefined);

  const inner = metrics.observer;
  const observer: UpstreamObserver = {
    startAttempt(endpoint, attempt) {
      const scope = inner.startAttempt(endpoint, attempt);
      return tracing === undefined ? scope : tracing.startAttempt(endpoint, attempt, scope);
    },
    retryWait(endpoint, waitMs, outcome) {
      inner.retryWait(endpoint, waitMs, outcome);
      tracing?.retryWait(endpoint, waitMs, outcome);
    },
    throttledLocally(endpoint) {
      inner.throttledLocally(endpoint);
      tracing?.throttledLocally(endpoint);
    },
    circuitState(state) {
      inner.circuitState(state);
    },
  };
  const tracingPlugin: ApolloServerPlugin<Context> = {
    async serverWillStart() {
      await loading;
    },
    requestDidStart(requestContext) {
      return tracing?.plugin.requestDidStart?.(requestContext) ?? Promise.resolve();
    },
  };
  return {
    observer,
    plugins: [metrics.plugin, tracingPlugin],
    registerRoutes,
    trackExpiries: (read) => {
      metrics.trackExpiries(read);
    },
    async shutdown() {
      const loaded = await loading.catch(() => undefined);
      await loaded?.shutdown();
    },
  };
}

function registerMetricsRoute(app: App, metrics: Metrics): void {
  app.get(METRICS_PATH, async (_request, reply) => {
    const text = await metrics.scrape();
    return reply.header("cache-control", "no-store").type(metrics.contentType).send(text);
  });
}
