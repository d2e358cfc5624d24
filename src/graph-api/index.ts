/**
The Graph API client as one built part: the connection pool, ky, the upstream guard (one breaker
and one throttle memory per process), the endpoint client and the data sources on it. Built by the
composition root (`main.ts`, or a test), without any HTTP server, so that a job worker can use the
same client as the GraphQL server.
*/
import { type Clock, SYSTEM_CLOCK } from "../clock.js";
import { GraphApiBatchSharingSource } from "./batch.source.js";
import { createGraphApiHttp } from "./client.js";
import { GraphApiClient } from "./graph-api-client.js";
import { GraphApiLifecycleSource } from "./lifecycle.source.js";
import { GraphApiNumberListSource } from "./list.source.js";
import { GraphApiNumbersSource } from "./numbers.source.js";
import { NO_OBSERVER, type UpstreamObserver } from "./observer.js";
import { GraphApiPartnersSource } from "./partners.source.js";
import { GraphApiSharingSource } from "./share.source.js";
import { ThrottleRegistry, type ThrottleStore } from "./throttle.js";
import { createGraphApiAgent } from "./transport.js";
import { UpstreamGuard } from "./upstream-guard.js";
import type { GraphApiOptions } from "./options.js";

/** The upstream settings, with the resolved base URL (Meta or an emulator). */
export type GraphApiSettings = GraphApiOptions & {
  baseUrl: string;
  /** `User-Agent` for upstream calls, naming this service and its version. */
  userAgent: string;
};

export interface GraphApi {
  readonly settings: GraphApiSettings;
  readonly client: GraphApiClient;
  readonly sharing: GraphApiSharingSource;
  readonly numbers: GraphApiNumbersSource;
  readonly numberList: GraphApiNumberListSource;
  readonly partners: GraphApiPartnersSource;
  readonly batchSharing: GraphApiBatchSharingSource;
  readonly lifecycle: GraphApiLifecycleSource;
  /** Closes the connection pool. */
  close(): Promise<void>;
}

export interface GraphApiHooks {
  /** Wall-clock time of the throttle memory; the system's by default. */
  clock?: Clock;
  /** Where Meta's throttles are remembered; this process's memory by default. */
  throttles?: ThrottleStore;
  /** Metrics and traces of every attempt. */
  observer?: UpstreamObserver;
  /** Service mode: Meta's verdict on GRAPH_API_TOKEN after every call (readiness). */
  onServiceTokenVerdict?: (rejected: boolean) => void;
}

export function createGraphApi(settings: GraphApiSettings, hooks: GraphApiHooks = {}): GraphApi {
  const agent = createGraphApiAgent({ maxResponseBytes: settings.maxResponseBytes });
  const http = createGraphApiHttp({
    baseUrl: settings.baseUrl,
    timeoutMs: settings.timeoutMs,
    userAgent: settings.userAgent,
    dispatcher: agent,
  });
  // One guard for every upstream call: one breaker and one throttle memory for one upstream.
  const guard = new UpstreamGuard(
    {
      attemptTimeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      baseDelayMs: settings.retryBaseDelayMs,
      maxDelayMs: settings.retryMaxDelayMs,
      breakerFailureRate: settings.circuitFailurePercent / 100,
      breakerWindowMs: settings.circuitWindowMs,
      breakerMinCalls: settings.circuitMinCalls,
      breakerCooldownMs: settings.circuitCooldownMs,
      ...(hooks.onServiceTokenVerdict === undefined
        ? {}
        : { onServiceTokenVerdict: hooks.onServiceTokenVerdict }),
    },
    hooks.observer ?? NO_OBSERVER,
    Math.random,
    hooks.throttles ?? new ThrottleRegistry(() => (hooks.clock ?? SYSTEM_CLOCK).now()),
  );
  const client = new GraphApiClient(http, settings.version, guard);
  return {
    settings,
    client,
    sharing: new GraphApiSharingSource(client),
    numbers: new GraphApiNumbersSource(client, settings.maxIdsPerRead),
    numberList: new GraphApiNumberListSource(client),
    partners: new GraphApiPartnersSource(client, settings.maxIdsPerRead),
    batchSharing: new GraphApiBatchSharingSource(client),
    lifecycle: new GraphApiLifecycleSource(client),
    close: () => agent.close(),
  };
}
