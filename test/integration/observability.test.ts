// Metrics and traces through HTTP: a real server in front of the emulator, a known set of
// requests, then a scrape of `/metrics` with exact counts; and traces exported over OTLP/HTTP to a
// tiny receiver in this file, checked for parentage and for the `traceparent` Meta receives.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import { EMULATOR_FAULT_HEADER, FIXTURES } from "../../src/emulator/index.js";
import { createObservability } from "../../src/observability/index.js";
import { SharePreverifiedNumberDocument } from "../__generated__/graphql.js";
import { startStack, type Stack, type StackOptions } from "../helpers/stack.js";

const { businesses, tokens, numbers } = FIXTURES;

const OPERATION = "SharePreverifiedNumber";
const ENDPOINT = "share_preverified_numbers";

// ---------------------------------------------------------------------------------------------
// Requests

async function share(
  stack: Stack,
  input: { preverifiedId?: string; partnerBusinessId?: string } = {},
  headers: Record<string, string> = {},
): Promise<string> {
  const response = await stack.execute(
    SharePreverifiedNumberDocument,
    {
      input: {
        businessId: businesses.acme,
        preverifiedId: numbers.verified,
        partnerBusinessId: businesses.partnerOne,
        ...input,
      },
    },
    { token: tokens.acme, headers },
  );
  assert.equal(response.status, 200, response.text);
  assert.equal(response.body.errors, undefined, response.text);
  const typename = response.body.data?.sharePreverifiedNumber.__typename;
  assert.ok(typename, response.text);
  return typename;
}

function shareCalls(stack: Stack) {
  return stack.emulator.requests.filter((request) => request.path.endsWith(`/${ENDPOINT}`));
}

// ---------------------------------------------------------------------------------------------
// The Prometheus text format, enough to read one sample

interface Scrape {
  status: number;
  contentType: string | null;
  text: string;
  /** The value of the sample with exactly these labels, if present. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

async function scrape(stack: Stack): Promise<Scrape> {
  const response = await fetch(`${stack.origin}/metrics`);
  const text = await response.text();
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) {
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(match, `unparseable sample line: ${line}`);
    const [, name = "", rawLabels = "", value = ""] = match;
    const labels: Record<string, string> = {};
    for (const pair of rawLabels.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]!] = pair[2]!;
    }
    samples.set(sampleKey(name, labels), Number(value));
  }
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    text,
    value: (name, labels = {}) => samples.get(sampleKey(name, labels)),
  };
}

function sampleKey(name: string, labels: Record<string, string>): string {
  const sorted = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return `${name}${JSON.stringify(sorted)}`;
}

// ---------------------------------------------------------------------------------------------
// A tiny OTLP/HTTP receiver (JSON, which the OTLP/HTTP trace exporter sends)

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind: 2 server, 3 client. */
  kind: number;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  /** Status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  events: string[];
}

interface OtlpReceiver {
  url: string;
  /** Raw request bodies, as text. */
  bodies: string[];
  paths: string[];
  spans(): ReceivedSpan[];
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}
interface OtlpPayload {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpKeyValue[];
        status?: { code?: number };
        events?: { name: string }[];
      }[];
    }[];
  }[];
}

function decodeValue(value: OtlpValue): unknown {
  if (value.stringValue !== undefined) {
    return value.stringValue;
  }
  if (value.intValue !== undefined) {
    return Number(value.intValue);
  }
  if (value.doubleValue !== undefined) {
    return value.doubleValue;
  }
  if (value.boolValue !== undefined) {
    return value.boolValue;
  }
  if (value.arrayValue !== undefined) {
    return (value.arrayValue.values ?? []).map(decodeValue);
  }
  return undefined;
}

function decodeAttributes(attributes: OtlpKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((attributes ?? []).map(({ key, value }) => [key, decodeValue(value)]));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  return (request.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
}

async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const bodies: string[] = [];
  const paths: string[] = [];
  const server: Server = createServer((request, response) => {
    readBody(request).then(
      (body) => {
        paths.push(request.url ?? "");
        bodies.push(body);
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      },
      () => response.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    paths,
    spans() {
      const spans: ReceivedSpan[] = [];
      for (const body of bodies) {
        const payload = JSON.parse(body) as OtlpPayload;
        for (const resourceSpans of payload.resourceSpans ?? []) {
          const resource = decodeAttributes(resourceSpans.resource?.attributes);
          for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
            for (const span of scopeSpans.spans ?? []) {
              spans.push({
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId ?? "",
                name: span.name,
                kind: span.kind,
                attributes: decodeAttributes(span.attributes),
                resource,
                statusCode: span.status?.code ?? 0,
                events: (span.events ?? []).map((event) => event.name),
              });
            }
          }
        }
      }
      return spans;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

// ---------------------------------------------------------------------------------------------

describe("metrics at GET /metrics", () => {
  let stack: Stack;
  let metrics: Scrape;
  before(async () => {
    stack = await startStack({
      forwardedHeaders: [EMULATOR_FAULT_HEADER],
      graphApi: { maxRetries: 2, retryBaseDelayMs: 5, retryMaxDelayMs: 10 },
    });
    // The known set: two successes, a NotFoundError, a 500 retried twice, a validation error.
    assert.equal(await share(stack), "SharePreverifiedNumberSuccess");
    assert.equal(
      await share(stack, { partnerBusinessId: businesses.partnerTwo }),
      "SharePreverifiedNumberSuccess",
    );
    assert.equal(await share(stack, { preverifiedId: numbers.unknown }), "NotFoundError");
    assert.equal(
      await share(
        stack,
        { partnerBusinessId: businesses.restrictedPartner },
        { [EMULATOR_FAULT_HEADER]: "status:500" },
      ),
      "UpstreamError",
    );
    // Raw bodies on purpose: an invalid field, and an anonymous operation (their labels are tested).
    const invalid = await stack.post(
      { query: "query Broken { noSuchField }" },
      { authorization: `Bearer ${tokens.acme}` },
    );
    assert.equal(invalid.body.errors?.[0]?.extensions?.["code"], "GRAPHQL_VALIDATION_FAILED");
    const anonymous = await stack.post({ query: "{ __typename }" });
    assert.equal(anonymous.status, 200, anonymous.text);
    metrics = await scrape(stack);
  });
  after(async () => {
    await stack.close();
  });

  it("is served as Prometheus text", () => {
    assert.equal(metrics.status, 200);
    assert.match(metrics.contentType ?? "", /^text\/plain; version=0\.0\.4; charset=utf-8$/);
  });

  it("counts GraphQL requests by operation and result __typename", () => {
    const requests = (operation: string, result: string) =>
      metrics.value("graphql_requests_total", { operation, result });
    assert.equal(requests(OPERATION, "SharePreverifiedNumberSuccess"), 2);
    assert.equal(requests(OPERATION, "NotFoundError"), 1);
    assert.equal(requests(OPERATION, "UpstreamError"), 1);
    assert.equal(requests("rejected", "error"), 1, "the validation error, not under its name");
    assert.equal(requests("anonymous", "none"), 1);
    const samples = metrics.text
      .split("\n")
      .filter((line) => line.startsWith("graphql_requests_total{"));
    assert.equal(samples.length, 5, samples.join("\n"));
  });

  it("times GraphQL requests by the same labels", () => {
    const labels = { operation: OPERATION, result: "SharePreverifiedNumberSuccess" };
    assert.equal(metrics.value("graphql_request_duration_seconds_count", labels), 2);
    assert.ok(metrics.value("graphql_request_duration_seconds_sum", labels)! > 0);
    assert.equal(
      metrics.value("graphql_request_duration_seconds_bucket", { ...labels, le: "+Inf" }),
      2,
    );
    assert.equal(
      metrics.value("graphql_request_duration_seconds_count", {
        operation: "rejected",
        result: "error",
      }),
      1,
    );
  });

  it("counts upstream attempts by status, outcome and Meta code", () => {
    const attempts = (status: string, outcome: string, metaCode: string) =>
      metrics.value("upstream_requests_total", {
        endpoint: ENDPOINT,
        status,
        outcome,
        meta_code: metaCode,
      });
    assert.equal(attempts("200", "success", "none"), 2);
    assert.equal(attempts("404", "not_found", "803"), 1);
    assert.equal(attempts("500", "upstream", "2"), 3, "the 500 and its two retries");
    const samples = metrics.text
      .split("\n")
      .filter((line) => line.startsWith("upstream_requests_total{"));
    assert.equal(samples.length, 3, samples.join("\n"));
    assert.equal(shareCalls(stack).length, 6);
  });

  it("times upstream attempts by outcome", () => {
    const count = (outcome: string) =>
      metrics.value("upstream_request_duration_seconds_count", { endpoint: ENDPOINT, outcome });
    assert.equal(count("success"), 2);
    assert.equal(count("not_found"), 1);
    assert.equal(count("upstream"), 3);
  });

  it("counts retries and the time waited for them", () => {
    assert.equal(
      metrics.value("upstream_retries_total", { endpoint: ENDPOINT, outcome: "upstream" }),
      2,
    );
    const waited = metrics.value("upstream_retry_wait_seconds_total", { endpoint: ENDPOINT });
    assert.ok(waited !== undefined && waited >= 0 && waited <= 0.02, `waited ${waited} s`);
    assert.equal(
      metrics.value("upstream_throttled_locally_total", { endpoint: ENDPOINT }),
      0,
      "present before the first throttled call",
    );
    assert.equal(metrics.value("upstream_circuit_state"), 0);
  });

  it("includes the process's default metrics", () => {
    for (const name of [
      "process_cpu_user_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_heap_size_used_bytes",
      "nodejs_eventloop_lag_seconds",
    ]) {
      assert.ok(metrics.value(name) !== undefined, `${name} is missing`);
    }
    assert.match(metrics.text, /^nodejs_version_info\{/m);
  });

  it("has no token, ID or message in any label", () => {
    for (const secret of [
      tokens.acme,
      businesses.acme,
      businesses.partnerOne,
      numbers.verified,
      numbers.unknown,
      "not found",
      "unexpected error",
    ]) {
      assert.ok(!metrics.text.toLowerCase().includes(secret.toLowerCase()), secret);
    }
  });

  it("bounds operation names: too long or not a GraphQL name is `invalid`", async () => {
    const long = `Q${"x".repeat(64)}`;
    await stack.post({ query: `query ${long} { __typename }` });
    await stack.post({ query: "{ __typename }", operationName: "not-a-name" });
    const after = await scrape(stack);
    assert.equal(
      after.value("graphql_requests_total", { operation: "invalid", result: "none" }),
      1,
    );
    assert.equal(
      after.value("graphql_requests_total", { operation: "rejected", result: "error" }),
      2,
      "an operation name that names no operation is a request error (besides `Broken`)",
    );
    assert.ok(!after.text.includes(long));
  });
});

describe("operation labels come from operations that ran", () => {
  it("requests that fail before execution count as `rejected` and never take a label", async () => {
    const stack = await startStack();
    try {
      // Raw bodies: what is tested is how operation names become labels.
      // More failing names than the label set holds (100): parse errors, validation errors,
      // operation names the document lacks.
      for (let index = 0; index < 120; index++) {
        const failing = [
          { query: `query Parse${index} {` },
          { query: `query Invalid${index} { noSuchField }` },
          { query: "query Real { __typename }", operationName: `Asked${index}` },
        ][index % 3];
        const response = await stack.post(failing);
        assert.ok(response.body.errors?.length, response.text);
      }
      // A resolved operation with errors (a variable it requires is missing) admits no name.
      const failedRun = await stack.post({
        query: "query NeedsVariable($id: ID!) { preverifiedNumber(id: $id) { __typename } }",
      });
      assert.ok(failedRun.body.errors?.length, failedRun.text);
      // The first operation that runs without errors still gets its own label, and keeps it.
      for (let run = 0; run < 2; run++) {
        assert.equal((await stack.post({ query: "query Ran { __typename }" })).status, 200);
      }
      const metrics = await scrape(stack);
      const samples = metrics.text
        .split("\n")
        .filter((line) => line.startsWith("graphql_requests_total{"));
      assert.deepEqual(samples.sort(), [
        'graphql_requests_total{operation="Ran",result="none"} 2',
        'graphql_requests_total{operation="other",result="error"} 1',
        'graphql_requests_total{operation="rejected",result="error"} 120',
      ]);
    } finally {
      await stack.close();
    }
  });
});

describe("the circuit breaker gauge", () => {
  it("goes to 2 when the breaker opens, and back to 0 after a successful probe", async () => {
    const stack = await startStack({
      forwardedHeaders: [EMULATOR_FAULT_HEADER],
      graphApi: { maxRetries: 0, circuitMinCalls: 1, circuitCooldownMs: 200 },
    });
    try {
      const gauge = async () => (await scrape(stack)).value("upstream_circuit_state");
      assert.equal(await gauge(), 0);
      assert.equal(
        await share(stack, {}, { [EMULATOR_FAULT_HEADER]: "status:500" }),
        "UpstreamError",
      );
      assert.equal(await gauge(), 2);
      assert.equal(await share(stack), "UpstreamError", "CIRCUIT_OPEN, nothing sent");
      assert.equal(shareCalls(stack).length, 1);
      await new Promise((resolve) => setTimeout(resolve, 250));
      assert.equal(await share(stack), "SharePreverifiedNumberSuccess");
      assert.equal(await gauge(), 0);
    } finally {
      await stack.close();
    }
  });
});

describe("traces over OTLP/HTTP", () => {
  let receiver: OtlpReceiver;
  before(async () => {
    receiver = await startOtlpReceiver();
  });
  after(async () => {
    await receiver.close();
  });

  async function tracedStack(options: StackOptions = {}): Promise<Stack> {
    return startStack({
      ...options,
      observability: createObservability({
        otlpEndpoint: receiver.url,
        serviceName: "observability-test",
        serviceVersion: "1.2.3",
      }),
    });
  }

  it("a request span parented on the caller's traceparent, an upstream client span under it, and the same trace upstream", async () => {
    const stack = await tracedStack();
    const traceId = hex(16);
    const callerSpanId = hex(8);
    try {
      assert.equal(
        await share(stack, {}, { traceparent: `00-${traceId}-${callerSpanId}-01` }),
        "SharePreverifiedNumberSuccess",
      );
    } finally {
      // Closing the server shuts observability down, which flushes the batch of spans.
      await stack.close();
    }
    assert.ok(
      receiver.paths.every((path) => path === "/v1/traces"),
      receiver.paths.join(),
    );
    const spans = receiver.spans().filter((span) => span.traceId === traceId);
    const request = spans.find((span) => span.name === "graphql.request");
    assert.ok(request, JSON.stringify(spans));
    assert.equal(request.parentSpanId, callerSpanId);
    assert.equal(request.kind, 2, "server");
    assert.equal(request.attributes["graphql.operation.name"], OPERATION);
    assert.equal(request.attributes["graphql.operation.type"], "mutation");
    assert.deepEqual(request.attributes["graphql.results"], ["SharePreverifiedNumberSuccess"]);
    assert.equal(request.resource["service.name"], "observability-test");
    assert.equal(request.resource["service.version"], "1.2.3");

    const upstream = spans.filter((span) => span.name === `upstream ${ENDPOINT}`);
    assert.equal(upstream.length, 1, JSON.stringify(spans));
    const attempt = upstream[0]!;
    assert.equal(attempt.parentSpanId, request.spanId);
    assert.equal(attempt.kind, 3, "client");
    assert.equal(attempt.statusCode, 0);
    assert.deepEqual(
      {
        method: attempt.attributes["http.request.method"],
        status: attempt.attributes["http.response.status_code"],
        path: attempt.attributes["url.path"],
        attempt: attempt.attributes["graph_api.attempt"],
        outcome: attempt.attributes["graph_api.outcome"],
      },
      {
        method: "POST",
        status: 200,
        path: "/{version}/{business-id}/share_preverified_numbers",
        attempt: 1,
        outcome: "success",
      },
    );

    const sent = shareCalls(stack);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.headers["traceparent"], `00-${traceId}-${attempt.spanId}-01`);
    assertNoSecretsIn(receiver.bodies.join("\n"));
  });

  it("one client span per attempt, each with its own traceparent upstream, and Meta's codes", async () => {
    const stack = await tracedStack({
      forwardedHeaders: [EMULATOR_FAULT_HEADER],
      graphApi: { maxRetries: 2, retryBaseDelayMs: 5, retryMaxDelayMs: 10 },
    });
    const traceId = hex(16);
    try {
      assert.equal(
        await share(
          stack,
          {},
          {
            traceparent: `00-${traceId}-${hex(8)}-01`,
            tracestate: "vendor=opaque",
            [EMULATOR_FAULT_HEADER]: "status:500",
          },
        ),
        "UpstreamError",
      );
    } finally {
      await stack.close();
    }
    const spans = receiver.spans().filter((span) => span.traceId === traceId);
    const request = spans.find((span) => span.name === "graphql.request")!;
    assert.ok(request);
    assert.deepEqual(request.events, ["upstream.retry_wait", "upstream.retry_wait"]);
    const attempts = spans
      .filter((span) => span.name === `upstream ${ENDPOINT}`)
      .sort(
        (a, b) =>
          Number(a.attributes["graph_api.attempt"]) - Number(b.attributes["graph_api.attempt"]),
      );
    assert.deepEqual(
      attempts.map((span) => span.attributes["graph_api.attempt"]),
      [1, 2, 3],
    );
    for (const span of attempts) {
      assert.equal(span.parentSpanId, request.spanId);
      assert.equal(span.statusCode, 2, "error");
      assert.equal(span.attributes["http.response.status_code"], 500);
      assert.equal(span.attributes["graph_api.meta_code"], 2);
      assert.equal(span.attributes["graph_api.upstream_reason"], "server_error");
      assert.equal(span.attributes["error.type"], "server_error");
      assert.equal(typeof span.attributes["graph_api.fbtrace_id"], "string");
    }
    const sent = shareCalls(stack);
    assert.deepEqual(
      sent.map((request) => request.headers["traceparent"]),
      attempts.map((span) => `00-${traceId}-${span.spanId}-01`),
    );
    assert.deepEqual(
      sent.map((request) => request.headers["tracestate"]),
      ["vendor=opaque", "vendor=opaque", "vendor=opaque"],
    );
  });

  it("keeps concurrent requests apart, starts a new trace without (or with an invalid) traceparent", async () => {
    const stack = await tracedStack();
    const traceIds = [hex(16), hex(16), hex(16)];
    try {
      const results = await Promise.all([
        ...traceIds.map((traceId, index) =>
          share(
            stack,
            [
              { partnerBusinessId: businesses.partnerOne },
              { partnerBusinessId: businesses.partnerTwo },
              { preverifiedId: numbers.notVerified },
            ][index],
            { traceparent: `00-${traceId}-${hex(8)}-01` },
          ),
        ),
        share(stack, { preverifiedId: numbers.unknown }),
        share(stack, { preverifiedId: numbers.unknown }, { traceparent: "00-not-a-trace-01" }),
      ]);
      assert.deepEqual(results.slice(0, 2), [
        "SharePreverifiedNumberSuccess",
        "SharePreverifiedNumberSuccess",
      ]);
    } finally {
      await stack.close();
    }
    const spans = receiver.spans();
    for (const traceId of traceIds) {
      const inTrace = spans.filter((span) => span.traceId === traceId);
      const request = inTrace.find((span) => span.name === "graphql.request");
      const attempt = inTrace.find((span) => span.name === `upstream ${ENDPOINT}`);
      assert.ok(request && attempt, JSON.stringify(inTrace));
      assert.equal(attempt.parentSpanId, request.spanId);
      const sent = shareCalls(stack).find((call) =>
        String(call.headers["traceparent"]).includes(traceId),
      );
      assert.equal(sent?.headers["traceparent"], `00-${traceId}-${attempt.spanId}-01`);
    }
    // The two requests without a usable traceparent: root spans of new traces, upstream included.
    const roots = spans.filter(
      (span) =>
        span.name === "graphql.request" &&
        span.parentSpanId === "" &&
        String(span.attributes["graphql.results"]) === "NotFoundError",
    );
    assert.equal(roots.length, 2, JSON.stringify(spans));
    for (const root of roots) {
      assert.ok(!traceIds.includes(root.traceId));
      const attempt = spans.find((span) => span.parentSpanId === root.spanId);
      assert.ok(attempt);
      assert.equal(attempt.traceId, root.traceId);
    }
  });

  it("marks a request that fails validation as an error, without its message", async () => {
    const stack = await tracedStack();
    const traceId = hex(16);
    try {
      const response = await stack.post(
        { query: "query Broken { noSuchField }" },
        { traceparent: `00-${traceId}-${hex(8)}-01` },
      );
      assert.equal(response.body.errors?.[0]?.extensions?.["code"], "GRAPHQL_VALIDATION_FAILED");
    } finally {
      await stack.close();
    }
    const request = receiver
      .spans()
      .find((span) => span.traceId === traceId && span.name === "graphql.request");
    assert.ok(request);
    assert.equal(request.statusCode, 2);
    assert.equal(request.attributes["graphql.operation.name"], "Broken");
    assert.equal(request.attributes["error.type"], "GRAPHQL_VALIDATION_FAILED");
    assert.ok(!receiver.bodies.join("").includes("noSuchField"));
  });

  it("without an OTLP endpoint, nothing is traced and no traceparent goes upstream", async () => {
    const stack = await startStack();
    try {
      assert.equal(
        await share(stack, {}, { traceparent: `00-${hex(16)}-${hex(8)}-01` }),
        "SharePreverifiedNumberSuccess",
      );
      const sent = shareCalls(stack);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.headers["traceparent"], undefined);
      assert.equal(sent[0]!.headers["tracestate"], undefined);
    } finally {
      await stack.close();
    }
  });
});

function assertNoSecretsIn(text: string) {
  for (const secret of [tokens.acme, businesses.acme, businesses.partnerOne, numbers.verified]) {
    assert.ok(!text.includes(secret), `${secret} is in the exported spans`);
  }
  assert.ok(!/authorization/i.test(text), "no Authorization header in the exported spans");
}
