/**
Prometheus metrics: GraphQL requests (an Apollo plugin), upstream attempts, retries, local
throttling and the circuit breaker (an `UpstreamObserver`), plus the process's default metrics.

Each `createMetrics()` has its own registry, so servers built side by side (tests) never share or
double-count series. Label values are bounded (`labels.ts`); no label ever holds a token, an ID or
a message. The request path only looks up cached label children: the first request with a given
label combination creates it, later ones allocate nothing here beyond what prom-client does.
*/
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from "@apollo/server";
import type { OperationDefinitionNode } from "graphql";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Context } from "../context.js";
import type {
  AttemptOutcome,
  AttemptScope,
  UpstreamEndpoint,
  UpstreamObserver,
} from "../graph-api/observer.js";
import {
  MetaCodeLabels,
  NONE,
  OperationLabels,
  OTHER,
  REJECTED,
  ResultLabels,
  statusLabel,
} from "./labels.js";
import { processMetricsRegistry } from "./process-metrics.js";

export interface Metrics {
  /** The upstream side, as the data source reports it. */
  readonly observer: UpstreamObserver;
  /** Counts and times every GraphQL request. */
  readonly plugin: ApolloServerPlugin<Context>;
  /** The exposition's `Content-Type`. */
  readonly contentType: string;
  /** This instance's metrics and the process's, in the text exposition format. */
  scrape(): Promise<string>;
  /** Reports the schedules' counts (`share_expiries`) from `read`, asked at each scrape. */
  trackExpiries(read: () => Promise<ExpiryCounts | undefined>): void;
}

/** Time-limited shares by where their expiry stands (all replicas: they share the database). */
export interface ExpiryCounts {
  readonly pending: number;
  /** Pending and due more than a minute ago. */
  readonly overdue: number;
  readonly failed: number;
}

/** Seconds; from 5 ms (a local answer) to the longest deadline a request may be given. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** `result` of a request that failed as a whole (parse, validation or an unexpected error). */
const ERROR_RESULT = "error";

type Outcome = AttemptOutcome["outcome"];

/** Every attempt outcome; a `Record` so that a new failure kind fails to compile until added. */
const OUTCOMES: Readonly<Record<Outcome, true>> = {
  success: true,
  invalid_input: true,
  authentication: true,
  permission_denied: true,
  not_found: true,
  sharing_rejected: true,
  number_rejected: true,
  verification_code: true,
  rate_limited: true,
  upstream: true,
};

const CIRCUIT_STATE_VALUES = { closed: 0, half_open: 1, open: 2 } as const;

const DONE = Promise.resolve();

interface RequestSeries {
  count: Counter.Internal;
  duration: Histogram.Internal<string>;
}

interface EndpointSeries {
  /** `scope.end` for metrics only: one object per endpoint, reused by every attempt. */
  scope: AttemptScope;
  /** upstream_requests_total children by outcome, status label and meta_code label. */
  requests: Map<string, Map<string, Map<string, Counter.Internal>>>;
  durations: Map<string, Histogram.Internal<string>>;
  retries: Map<string, Counter.Internal>;
  retryWait: Counter.Internal;
  throttled: Counter.Internal;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];

  const graphqlRequests = new Counter({
    name: "graphql_requests_total",
    help: "GraphQL requests by operation name and result __typename (one per result; `none` without a result, `error` for a request that failed as a whole).",
    labelNames: ["operation", "result"] as const,
    registers,
  });
  const graphqlDuration = new Histogram({
    name: "graphql_request_duration_seconds",
    help: "Time from receiving a GraphQL request to sending its response, by operation name and result.",
    labelNames: ["operation", "result"] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const upstreamRequests = new Counter({
    name: "upstream_requests_total",
    help: "Attempts of upstream (Graph API) calls, by endpoint, HTTP status (`none` without a response), outcome and Meta error code (`none` without one).",
    labelNames: ["endpoint", "status", "outcome", "meta_code"] as const,
    registers,
  });
  const upstreamDuration = new Histogram({
    name: "upstream_request_duration_seconds",
    help: "Duration of one upstream attempt, by endpoint and outcome.",
    labelNames: ["endpoint", "outcome"] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const upstreamRetries = new Counter({
    name: "upstream_retries_total",
    help: "Retries of upstream calls, by endpoint and the outcome of the attempt being retried.",
    labelNames: ["endpoint", "outcome"] as const,
    registers,
  });
  const upstreamRetryWait = new Counter({
    name: "upstream_retry_wait_seconds_total",
    help: "Time spent waiting before upstream retries (backoff or Meta's Retry-After), by endpoint.",
    labelNames: ["endpoint"] as const,
    registers,
  });
  const upstreamThrottled = new Counter({
    name: "upstream_throttled_locally_total",
    help: "Upstream calls not made because Meta throttles the business (answered from memory), by endpoint.",
    labelNames: ["endpoint"] as const,
    registers,
  });
  const circuitState = new Gauge({
    name: "upstream_circuit_state",
    help: "State of the upstream circuit breaker: 0 closed, 1 half open, 2 open.",
    registers,
  });
  circuitState.set(CIRCUIT_STATE_VALUES.closed);
  let readExpiries: (() => Promise<ExpiryCounts | undefined>) | undefined;
  new Gauge({
    name: "share_expiries",
    help:
      "Time-limited shares by expiry state: pending (scheduled), overdue (scheduled, due more " +
      "than a minute ago), failed (Meta refused the unshare). The same for every replica (one " +
      "database); absent while the database is unreachable.",
    labelNames: ["state"] as const,
    registers,
    async collect() {
      const counts = await readExpiries?.();
      this.reset();
      if (counts !== undefined) {
        this.set({ state: "pending" }, counts.pending);
        this.set({ state: "overdue" }, counts.overdue);
        this.set({ state: "failed" }, counts.failed);
      }
    },
  });

  const exposition = Registry.merge([registry, processMetricsRegistry()]);

  // ------------------------------------------------------------------------------------------
  // GraphQL requests

  const operations = new OperationLabels();
  const results = new ResultLabels();
  const requestSeries = new Map<string, Map<string, RequestSeries>>();

  function requestSeriesFor(operation: string, result: string): RequestSeries {
    let byResult = requestSeries.get(operation);
    if (byResult === undefined) {
      byResult = new Map();
      requestSeries.set(operation, byResult);
    }
    let series = byResult.get(result);
    if (series === undefined) {
      series = {
        count: graphqlRequests.labels(operation, result),
        duration: graphqlDuration.labels(operation, result),
      };
      byResult.set(result, series);
    }
    return series;
  }

  /**
  `executed`: the operation was resolved and its execution started. A request that failed before
  (parse, validation, a limit, an operation name the document lacks) is `rejected`, whatever name
  it carries. An executed one is labelled by the name of the operation that ran (from the
  document, not the request's `operationName` string), and only a run without errors admits a
  new name into the bounded set: until then, its failed runs count as `other`.
  */
  function recordRequest(
    requestContext: GraphQLRequestContextWillSendResponse<Context>,
    executed: boolean,
    seconds: number,
  ): void {
    const failed = requestContext.errors !== undefined && requestContext.errors.length > 0;
    if (!executed) {
      const series = requestSeriesFor(REJECTED, ERROR_RESULT);
      series.count.inc();
      series.duration.observe(seconds);
      return;
    }
    const name = requestContext.operationName;
    const operation = failed ? operations.existing(name) : operations.label(name);
    if (failed) {
      const series = requestSeriesFor(operation, ERROR_RESULT);
      series.count.inc();
      series.duration.observe(seconds);
      return;
    }
    const typenames = requestContext.contextValue.outcome.results;
    if (typenames.length === 0) {
      const series = requestSeriesFor(operation, NONE);
      series.count.inc();
      series.duration.observe(seconds);
      return;
    }
    for (const typename of typenames) {
      const series = requestSeriesFor(operation, results.label(typename));
      series.count.inc();
      series.duration.observe(seconds);
    }
  }

  const plugin: ApolloServerPlugin<Context> = {
    requestDidStart() {
      const started = performance.now();
      let executed = false;
      return Promise.resolve({
        executionDidStart(requestContext) {
          // Apollo also starts execution for an operation name the document lacks, to fail it
          // (its types say `operation` is always there; at run time it is not).
          const operation = requestContext.operation as OperationDefinitionNode | undefined;
          executed = operation !== undefined;
          return DONE;
        },
        willSendResponse(requestContext) {
          try {
            recordRequest(requestContext, executed, (performance.now() - started) / 1000);
          } catch {
            // Metrics never fail a request.
          }
          return DONE;
        },
      });
    },
  };

  // ------------------------------------------------------------------------------------------
  // Upstream

  const metaCodes = new MetaCodeLabels();
  const endpoints = new Map<UpstreamEndpoint, EndpointSeries>();

  function endpointSeries(endpoint: UpstreamEndpoint): EndpointSeries {
    let series = endpoints.get(endpoint);
    if (series === undefined) {
      const created: EndpointSeries = {
        scope: {
          end(outcome) {
            recordAttempt(created, endpoint, outcome);
          },
        },
        requests: new Map(),
        durations: new Map(),
        retries: new Map(),
        retryWait: upstreamRetryWait.labels(endpoint),
        throttled: upstreamThrottled.labels(endpoint),
      };
      for (const outcome of Object.keys(OUTCOMES)) {
        created.durations.set(outcome, upstreamDuration.labels(endpoint, outcome));
      }
      // Present from the start, so that rates over them are defined before the first event.
      created.retryWait.inc(0);
      created.throttled.inc(0);
      series = created;
      endpoints.set(endpoint, series);
    }
    return series;
  }

  function recordAttempt(
    series: EndpointSeries,
    endpoint: UpstreamEndpoint,
    attempt: AttemptOutcome,
  ): void {
    try {
      const outcome = outcomeLabel(attempt.outcome);
      const status = statusLabel(attempt.httpStatus);
      const metaCode = metaCodes.label(attempt.metaCode);
      let byStatus = series.requests.get(outcome);
      if (byStatus === undefined) {
        byStatus = new Map();
        series.requests.set(outcome, byStatus);
      }
      let byCode = byStatus.get(status);
      if (byCode === undefined) {
        byCode = new Map();
        byStatus.set(status, byCode);
      }
      let counter = byCode.get(metaCode);
      if (counter === undefined) {
        counter = upstreamRequests.labels(endpoint, status, outcome, metaCode);
        byCode.set(metaCode, counter);
      }
      counter.inc();
      if (Number.isFinite(attempt.durationMs) && attempt.durationMs >= 0) {
        series.durations.get(outcome)?.observe(attempt.durationMs / 1000);
      }
    } catch {
      // Metrics never fail a call.
    }
  }

  const observer: UpstreamObserver = {
    startAttempt(endpoint) {
      return endpointSeries(endpoint).scope;
    },
    retryWait(endpoint, waitMs, outcome) {
      try {
        const series = endpointSeries(endpoint);
        const label = outcomeLabel(outcome);
        let retries = series.retries.get(label);
        if (retries === undefined) {
          retries = upstreamRetries.labels(endpoint, label);
          series.retries.set(label, retries);
        }
        retries.inc();
        if (Number.isFinite(waitMs) && waitMs > 0) {
          series.retryWait.inc(waitMs / 1000);
        }
      } catch {
        // Metrics never fail a call.
      }
    },
    throttledLocally(endpoint) {
      try {
        endpointSeries(endpoint).throttled.inc();
      } catch {
        // Metrics never fail a call.
      }
    },
    circuitState(state) {
      try {
        circuitState.set(CIRCUIT_STATE_VALUES[state]);
      } catch {
        // Metrics never fail a call.
      }
    },
  };

  return {
    observer,
    plugin,
    contentType: exposition.contentType,
    scrape: () => exposition.metrics(),
    trackExpiries: (read) => {
      readExpiries = read;
    },
  };
}

function outcomeLabel(outcome: string): string {
  return Object.hasOwn(OUTCOMES, outcome) ? outcome : OTHER;
}
