import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import Fastify from "fastify";
import type { AttemptOutcome } from "../../src/graph-api/observer.js";
import { createLogger } from "../../src/logger.js";
import {
  createObservability,
  type Observability,
  type ObservabilityOptions,
} from "../../src/observability/index.js";
import {
  MAX_META_CODES,
  MAX_OPERATION_NAMES,
  MetaCodeLabels,
  normalizeOperationName,
  OperationLabels,
  ResultLabels,
  safeName,
  statusLabel,
} from "../../src/observability/labels.js";
import { processMetricsRegistry } from "../../src/observability/process-metrics.js";
import { tracesUrl } from "../../src/observability/tracing.js";

const OPTIONS: ObservabilityOptions = {
  otlpEndpoint: undefined,
  serviceName: "unit",
  serviceVersion: "0.0.0",
};

async function scrape(observability: Observability): Promise<string> {
  const app = Fastify({ loggerInstance: createLogger("silent") });
  observability.registerRoutes(app);
  try {
    const response = await app.inject({ method: "GET", url: "/metrics" });
    assert.equal(response.statusCode, 200);
    return response.body;
  } finally {
    await app.close();
  }
}

function sample(text: string, name: string, labels = ""): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("label values", () => {
  it("normalizes operation names", () => {
    assert.equal(normalizeOperationName(undefined), "anonymous");
    assert.equal(normalizeOperationName(null), "anonymous");
    assert.equal(normalizeOperationName(""), "anonymous");
    assert.equal(normalizeOperationName("SharePreverifiedNumber"), "SharePreverifiedNumber");
    assert.equal(normalizeOperationName(`_${"a".repeat(63)}`), `_${"a".repeat(63)}`);
    assert.equal(normalizeOperationName(`_${"a".repeat(64)}`), "invalid");
    for (const bad of ["EAAcanary-123", "1abc", "a b", "a\nb", 'a"b', "héllo"]) {
      assert.equal(normalizeOperationName(bad), "invalid", bad);
    }
  });

  it("caps distinct operation names, keeping those already seen", () => {
    const labels = new OperationLabels();
    for (let i = 0; i < MAX_OPERATION_NAMES; i += 1) {
      assert.equal(labels.label(`Op${i}`), `Op${i}`);
    }
    assert.equal(labels.label("OneTooMany"), "other");
    assert.equal(labels.label("Op0"), "Op0");
    assert.equal(labels.label(undefined), "anonymous");
    assert.equal(labels.label("not valid"), "invalid");
  });

  it("`existing` labels only names admitted before, and admits none", () => {
    const labels = new OperationLabels();
    assert.equal(labels.existing("Later"), "other");
    assert.equal(labels.label("Later"), "Later", "`existing` took no slot");
    assert.equal(labels.existing("Later"), "Later");
    assert.equal(labels.existing(null), "anonymous");
    assert.equal(labels.existing("x".repeat(65)), "invalid");
  });

  it("keeps result typenames that are GraphQL names", () => {
    const labels = new ResultLabels();
    assert.equal(labels.label("NotFoundError"), "NotFoundError");
    assert.equal(labels.label("Not Found"), "invalid");
    assert.equal(safeName("GRAPHQL_VALIDATION_FAILED"), "GRAPHQL_VALIDATION_FAILED");
    assert.equal(safeName("x".repeat(65)), "invalid");
  });

  it("bounds HTTP statuses and Meta codes", () => {
    assert.equal(statusLabel(undefined), "none");
    assert.equal(statusLabel(503), "503");
    assert.equal(statusLabel(503), "503");
    assert.equal(statusLabel(99), "other");
    assert.equal(statusLabel(600), "other");
    assert.equal(statusLabel(200.5), "other");

    const codes = new MetaCodeLabels();
    assert.equal(codes.label(undefined), "none");
    assert.equal(codes.label(190), "190");
    assert.equal(codes.label(-1), "other");
    assert.equal(codes.label(1.5), "other");
    assert.equal(codes.label(10_000_000), "other");
    for (let code = 1_000; codes.label(code) !== "other"; code += 1) {
      assert.ok(code < 1_000 + MAX_META_CODES);
    }
    assert.equal(codes.label(190), "190", "codes seen before the cap stay");
  });
});

describe("metrics without tracing", () => {
  it("records what the observer is told, in its own registry", async () => {
    const first = createObservability(OPTIONS);
    const second = createObservability(OPTIONS);
    assert.equal(first.plugins.length, 1);
    const scope = first.observer.startAttempt("share_preverified_numbers", 1);
    assert.equal(scope.headers, undefined, "no trace headers without tracing");
    scope.end({ durationMs: 12, outcome: "success", httpStatus: 200 });
    first.observer
      .startAttempt("share_preverified_numbers", 1)
      .end({ durationMs: 3, outcome: "upstream", upstreamReason: "timeout" });
    first.observer.retryWait("share_preverified_numbers", 250, "upstream");
    first.observer.throttledLocally("share_preverified_numbers");
    first.observer.circuitState("half_open");

    const text = await scrape(first);
    const endpoint = 'endpoint="share_preverified_numbers"';
    assert.equal(
      sample(
        text,
        "upstream_requests_total",
        `{${endpoint},status="200",outcome="success",meta_code="none"}`,
      ),
      1,
    );
    assert.equal(
      sample(
        text,
        "upstream_requests_total",
        `{${endpoint},status="none",outcome="upstream",meta_code="none"}`,
      ),
      1,
    );
    assert.equal(
      sample(text, "upstream_request_duration_seconds_sum", `{${endpoint},outcome="success"}`),
      0.012,
    );
    assert.equal(sample(text, "upstream_retries_total", `{${endpoint},outcome="upstream"}`), 1);
    assert.equal(sample(text, "upstream_retry_wait_seconds_total", `{${endpoint}}`), 0.25);
    assert.equal(sample(text, "upstream_throttled_locally_total", `{${endpoint}}`), 1);
    assert.equal(sample(text, "upstream_circuit_state"), 1);
    assert.ok(sample(text, "process_cpu_user_seconds_total") !== undefined);

    const other = await scrape(second);
    assert.equal(sample(other, "upstream_circuit_state"), 0, "registries are not shared");
    assert.equal(other.match(/^upstream_requests_total\{/m), null);
    await Promise.all([first.shutdown(), second.shutdown()]);
  });

  it("never throws, whatever the data source reports", () => {
    const { observer } = createObservability(OPTIONS);
    const odd = [
      { durationMs: Number.NaN, outcome: "success" },
      { durationMs: -5, outcome: "upstream", httpStatus: 1_000, metaCode: -3 },
      { durationMs: Infinity, outcome: "made_up" as AttemptOutcome["outcome"], metaCode: 1e12 },
    ] satisfies AttemptOutcome[];
    for (const outcome of odd) {
      observer.startAttempt("share_preverified_numbers", 1).end(outcome);
    }
    observer.retryWait("share_preverified_numbers", Number.NaN, "upstream");
    observer.retryWait("share_preverified_numbers", -1, "rate_limited");
    observer.circuitState("nonsense" as "open");
  });

  it("collects the process's default metrics once, not once per server", async () => {
    const timers = () =>
      process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;
    const before = timers();
    const many = Array.from({ length: 20 }, () => createObservability(OPTIONS));
    for (const observability of many) {
      const text = await scrape(observability);
      assert.match(text, /^nodejs_eventloop_lag_seconds /m);
      assert.equal(text.match(/^# TYPE nodejs_gc_duration_seconds /gm)?.length, 1);
    }
    assert.equal(processMetricsRegistry(), processMetricsRegistry());
    await Promise.all(many.map((observability) => observability.shutdown()));
    // The lag gauge's own setImmediate calls from the scrapes end first.
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(timers() <= before, process.getActiveResourcesInfo().join(", "));
  });
});

describe("tracing", () => {
  it("appends /v1/traces to the OTLP endpoint once", () => {
    assert.equal(tracesUrl("http://collector:4318"), "http://collector:4318/v1/traces");
    assert.equal(tracesUrl("http://collector:4318/"), "http://collector:4318/v1/traces");
    assert.equal(tracesUrl("http://collector:4318/v1/traces"), "http://collector:4318/v1/traces");
  });

  it("adds traceparent to attempts once loaded, and shuts down even when the collector refuses", async () => {
    const collector = createServer((request, response) => {
      request.resume();
      request.on("end", () => response.writeHead(400).end());
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    const { port } = collector.address() as AddressInfo;
    try {
      const observability = createObservability({
        ...OPTIONS,
        otlpEndpoint: `http://127.0.0.1:${port}`,
      });
      assert.equal(observability.plugins.length, 2);
      await observability.plugins[1]!.serverWillStart?.({} as never);
      const scope = observability.observer.startAttempt("share_preverified_numbers", 2);
      assert.match(scope.headers?.["traceparent"] ?? "", /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      scope.end({ durationMs: 1, outcome: "success", httpStatus: 200 });
      await observability.shutdown();
    } finally {
      collector.closeAllConnections();
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});
