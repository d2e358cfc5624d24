import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../context.js";
import type { UpstreamObserver } from "../graph-api/observer.js";
import { NO_OBSERVER } from "../graph-api/observer.js";
import type { App } from "../server.js";

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
}

export function createObservability(_options: ObservabilityOptions): Observability {
  return {
    observer: NO_OBSERVER,
    plugins: [],
    registerRoutes() {},
    shutdown: () => Promise.resolve(),
  };
}
