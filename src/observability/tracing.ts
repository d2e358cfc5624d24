/**
Traces over OTLP/HTTP: one `graphql.request` server span per GraphQL operation, parented on the
caller's W3C `traceparent` when it is valid, and one client span per upstream attempt, its child,
whose context goes upstream in `traceparent`/`tracestate`.

Only `index.ts` loads this module, with `import()`, and only when an OTLP endpoint is configured:
without one, no OpenTelemetry code is even loaded.

Nothing is registered globally (no global tracer provider, context manager or propagator), so
servers built side by side (tests) each trace on their own. The request's context reaches the
data source through this module's own `AsyncLocalStorage`: the request span's context is entered
when Apollo starts the request, and everything the request does afterwards (resolvers, DataLoader
batches, upstream attempts) runs in it.

No attribute holds a token, a header, an ID or a message: only names, types, statuses, Meta's
codes, Meta's trace id (`fbtrace_id`) and the URL path *template*.
*/
import { AsyncLocalStorage } from "node:async_hooks";
import type {
  ApolloServerPlugin,
  GraphQLRequestContextWillSendResponse,
  HeaderMap,
} from "@apollo/server";
import {
  type Attributes,
  type Context as TraceContext,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
  type Tracer,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_URL_PATH,
} from "@opentelemetry/semantic-conventions";
import type { Context } from "../context.js";
import type { AttemptOutcome, AttemptScope, UpstreamEndpoint } from "../graph-api/observer.js";
import { ENDPOINTS } from "../graph-api/endpoints.js";
import { normalizeOperationName, safeName } from "./labels.js";
import { operationNameOf } from "./operation.js";

export interface TracingOptions {
  otlpEndpoint: string;
  serviceName: string;
  serviceVersion: string;
}

export interface Tracing {
  /** Starts the `graphql.request` span of each operation. */
  readonly plugin: ApolloServerPlugin<Context>;
  /** One client span per upstream attempt; `inner` (metrics) sees the same outcome. */
  startAttempt(endpoint: UpstreamEndpoint, attempt: number, inner: AttemptScope): AttemptScope;
  /** An event on the current request's span. */
  retryWait(endpoint: UpstreamEndpoint, waitMs: number, outcome: AttemptOutcome["outcome"]): void;
  throttledLocally(endpoint: UpstreamEndpoint): void;
  /** Exports what is buffered and stops the exporter. */
  shutdown(): Promise<void>;
}

export const REQUEST_SPAN_NAME = "graphql.request";

// Incubating semantic conventions, copied as the package recommends rather than imported.
const ATTR_GRAPHQL_OPERATION_NAME = "graphql.operation.name";
const ATTR_GRAPHQL_OPERATION_TYPE = "graphql.operation.type";
const ATTR_URL_TEMPLATE = "url.template";
// This service's own attributes.
const ATTR_GRAPHQL_RESULTS = "graphql.results";
const ATTR_GRAPHQL_ERROR_CODES = "graphql.error.codes";
const ATTR_ATTEMPT = "graph_api.attempt";
const ATTR_OUTCOME = "graph_api.outcome";
const ATTR_UPSTREAM_REASON = "graph_api.upstream_reason";
const ATTR_META_CODE = "graph_api.meta_code";
const ATTR_META_SUBCODE = "graph_api.meta_subcode";
const ATTR_FBTRACE_ID = "graph_api.fbtrace_id";

/** What each endpoint is, on the wire (from its descriptor); IDs never enter a span. */
function spanOf(endpoint: UpstreamEndpoint): {
  spanName: string;
  method: string;
  pathTemplate: string;
} {
  const { name, method, pathTemplate } = ENDPOINTS[endpoint];
  return { spanName: `upstream ${name}`, method, pathTemplate };
}

/** Meta's `fbtrace_id`s are short base64-ish strings; anything else is not kept. */
const FBTRACE_ID = /^[A-Za-z0-9_+/=-]{1,64}$/;

/** Apollo's `HeaderMap` (lower-case names) as a propagation carrier. */
const HEADER_MAP_GETTER: TextMapGetter<HeaderMap> = {
  get: (carrier, key) => carrier.get(key),
  keys: (carrier) => [...carrier.keys()],
};

const DONE = Promise.resolve();

/** Longest wait for the last spans to be exported when the server stops. */
const SHUTDOWN_TIMEOUT_MS = 5_000;

/** `<endpoint>/v1/traces`, unless the endpoint already names that path. */
export function tracesUrl(otlpEndpoint: string): string {
  const base = otlpEndpoint.replace(/\/+$/, "");
  return base.endsWith("/v1/traces") ? base : `${base}/v1/traces`;
}

export function createTracing(options: TracingOptions): Tracing {
  const provider = new TracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: options.serviceName,
        [ATTR_SERVICE_VERSION]: options.serviceVersion,
      }),
    ),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: tracesUrl(options.otlpEndpoint) }),
      }),
    ],
  });
  const tracer: Tracer = provider.getTracer(options.serviceName, options.serviceVersion);
  const propagator = new W3CTraceContextPropagator();
  /** The current request span's context. */
  const current = new AsyncLocalStorage<TraceContext>();

  const plugin: ApolloServerPlugin<Context> = {
    requestDidStart(requestContext) {
      let span: Span;
      try {
        const headers = requestContext.request.http?.headers;
        const parent =
          headers === undefined
            ? ROOT_CONTEXT
            : propagator.extract(ROOT_CONTEXT, headers, HEADER_MAP_GETTER);
        span = tracer.startSpan(REQUEST_SPAN_NAME, { kind: SpanKind.SERVER }, parent);
        // From here on, this request's work (and nothing else) runs in the span's context. Apollo
        // awaits this hook before anything else of the request, so the context is entered before
        // parsing, validation and the resolvers; each operation of a batch enters its own.
        current.enterWith(trace.setSpan(parent, span));
      } catch {
        // Tracing never fails a request: this one is not traced.
        return Promise.resolve();
      }
      return Promise.resolve({
        willSendResponse(finished) {
          endRequestSpan(span, finished);
          return DONE;
        },
      });
    },
  };

  return {
    plugin,
    startAttempt(endpoint, attempt, inner) {
      let span: Span;
      const headers: Record<string, string> = {};
      try {
        const parent = current.getStore() ?? ROOT_CONTEXT;
        const wire = spanOf(endpoint);
        const attributes: Attributes = {
          [ATTR_HTTP_REQUEST_METHOD]: wire.method,
          [ATTR_URL_PATH]: wire.pathTemplate,
          [ATTR_URL_TEMPLATE]: wire.pathTemplate,
          [ATTR_ATTEMPT]: attempt,
        };
        if (attempt > 1) {
          attributes[ATTR_HTTP_REQUEST_RESEND_COUNT] = attempt - 1;
        }
        span = tracer.startSpan(wire.spanName, { kind: SpanKind.CLIENT, attributes }, parent);
        propagator.inject(trace.setSpan(parent, span), headers, defaultTextMapSetter);
      } catch {
        return inner;
      }
      return {
        headers,
        end(outcome) {
          inner.end(outcome);
          endAttemptSpan(span, outcome);
        },
      };
    },
    retryWait(_endpoint, waitMs, outcome) {
      addEvent("upstream.retry_wait", { "graph_api.wait_ms": waitMs, [ATTR_OUTCOME]: outcome });
    },
    throttledLocally(_endpoint) {
      addEvent("upstream.throttled_locally", {});
    },
    async shutdown() {
      // An unreachable collector loses the last spans; it never fails or holds up the shutdown.
      let timer: NodeJS.Timeout | undefined;
      const givingUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, SHUTDOWN_TIMEOUT_MS);
        timer.unref();
      });
      try {
        await Promise.race([provider.shutdown(), givingUp]);
      } catch {
        // As above.
      } finally {
        clearTimeout(timer);
      }
    },
  };

  function addEvent(name: string, attributes: Attributes): void {
    try {
      const context = current.getStore();
      if (context !== undefined) {
        trace.getSpan(context)?.addEvent(name, attributes);
      }
    } catch {
      // Tracing never fails a request.
    }
  }
}

function endRequestSpan(span: Span, finished: GraphQLRequestContextWillSendResponse<Context>) {
  try {
    span.setAttribute(
      ATTR_GRAPHQL_OPERATION_NAME,
      normalizeOperationName(operationNameOf(finished)),
    );
    if (finished.operation !== undefined) {
      span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, finished.operation.operation);
    }
    const results = finished.contextValue.outcome.results;
    if (results.length > 0) {
      span.setAttribute(ATTR_GRAPHQL_RESULTS, results.map(safeName));
    }
    const errors = finished.errors;
    if (errors !== undefined && errors.length > 0) {
      const codes = errors.map((error) => {
        const code = error.extensions["code"];
        return typeof code === "string" ? safeName(code) : "UNKNOWN";
      });
      span.setAttribute(ATTR_GRAPHQL_ERROR_CODES, codes);
      span.setAttribute(ATTR_ERROR_TYPE, codes[0] ?? "UNKNOWN");
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  } catch {
    // Tracing never fails a request.
  }
  span.end();
}

function endAttemptSpan(span: Span, outcome: AttemptOutcome) {
  try {
    if (outcome.httpStatus !== undefined) {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, outcome.httpStatus);
    }
    span.setAttribute(ATTR_OUTCOME, outcome.outcome);
    if (outcome.upstreamReason !== undefined) {
      span.setAttribute(ATTR_UPSTREAM_REASON, outcome.upstreamReason);
    }
    if (outcome.metaCode !== undefined) {
      span.setAttribute(ATTR_META_CODE, outcome.metaCode);
    }
    if (outcome.metaSubcode !== undefined) {
      span.setAttribute(ATTR_META_SUBCODE, outcome.metaSubcode);
    }
    if (outcome.fbtraceId !== undefined && FBTRACE_ID.test(outcome.fbtraceId)) {
      span.setAttribute(ATTR_FBTRACE_ID, outcome.fbtraceId);
    }
    if (outcome.outcome !== "success") {
      span.setAttribute(ATTR_ERROR_TYPE, outcome.upstreamReason ?? outcome.outcome);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  } catch {
    // Tracing never fails a call.
  }
  span.end();
}
