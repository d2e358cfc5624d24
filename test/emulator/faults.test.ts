import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import {
  EMULATOR_FAULT_HEADER,
  FIXTURES,
  FaultSpecError,
  SCENARIO_IDS,
  STALL_BODY_CHUNK,
  formatFaultSpec,
  parseFaultSpec,
  startMetaEmulator,
  type FaultSpec,
  type MetaEmulator,
  type MetaEmulatorOptions,
} from "../../src/emulator/index.js";
import type { GraphApiErrorBody, GraphApiErrorObject } from "../../src/graph-api/wire.js";
import { FBTRACE_PATTERN, JSON_CONTENT_TYPE, type Reply, shareParams } from "./support.js";

const { businesses: B, tokens: T, numbers: N } = FIXTURES;

let emulator: MetaEmulator;

beforeEach(async () => {
  emulator = await startMetaEmulator();
});

afterEach(async () => {
  await emulator.close();
});

interface ShareCall {
  /** `x-emulator-fault`; omitted when undefined. */
  fault?: string;
  token?: string;
  business?: string;
  params?: Record<string, string>;
  signal?: AbortSignal;
  on?: MetaEmulator;
}

function shareInit(call: ShareCall = {}): RequestInit {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    authorization: `Bearer ${call.token ?? T.acme}`,
  };
  if (call.fault !== undefined) {
    headers[EMULATOR_FAULT_HEADER] = call.fault;
  }
  return {
    method: "POST",
    headers,
    body: JSON.stringify(call.params ?? shareParams(N.verified, B.partnerOne)),
    signal: call.signal,
  };
}

function shareUrl(call: ShareCall = {}): string {
  const business = call.business ?? B.acme;
  return `${(call.on ?? emulator).url}/v25.0/${business}/share_preverified_numbers`;
}

/** POSTs a share of a fresh VERIFIED number (success unless a fault or the params say otherwise). */
async function share(call: ShareCall = {}): Promise<Reply> {
  const response = await fetch(shareUrl(call), shareInit(call));
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function assertSuccess(reply: Reply): void {
  assert.equal(reply.status, 200, reply.text);
  assert.deepEqual(JSON.parse(reply.text), { success: true });
}

/** Parses a Meta error reply and checks what every error must have. */
function metaError(reply: Reply, expected: Partial<GraphApiErrorObject> & { status: number }) {
  assert.equal(reply.status, expected.status, reply.text);
  assert.equal(reply.headers.get("content-type"), JSON_CONTENT_TYPE);
  const { error } = JSON.parse(reply.text) as GraphApiErrorBody;
  assert.match(error.fbtrace_id ?? "", FBTRACE_PATTERN);
  assert.equal(reply.headers.get("x-fb-trace-id"), error.fbtrace_id);
  const { status: _status, ...fields } = expected;
  for (const [key, value] of Object.entries(fields)) {
    assert.deepEqual(error[key as keyof GraphApiErrorObject], value, `error.${key}`);
  }
  return error;
}

/** How a promise settled: "answered", or the name of the error it rejected with. */
function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "answered",
    (error: unknown) => (error instanceof Error ? error.name : "rejected"),
  );
}

async function waitForRequests(count: number, on: MetaEmulator = emulator): Promise<void> {
  for (let waited = 0; on.requests.length < count && waited < 2_000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(on.requests.length, count, "requests that reached the emulator");
}

/** Runs `body` against an extra emulator with these options, closing it afterwards. */
async function withEmulator(
  options: MetaEmulatorOptions,
  body: (other: MetaEmulator) => Promise<void>,
): Promise<void> {
  const other = await startMetaEmulator(options);
  try {
    await body(other);
  } finally {
    await other.close();
  }
}

/** A `random` that plays back `values` in order, then keeps returning the last one. */
function scripted(...values: number[]): () => number {
  let next = 0;
  return () => values[Math.min(next++, values.length - 1)] ?? 0;
}

describe("parseFaultSpec", () => {
  it("parses every fault", () => {
    const cases: [string, FaultSpec][] = [
      ["latency:0", { fault: { kind: "latency", ms: 0 } }],
      ["latency:60000", { fault: { kind: "latency", ms: 60_000 } }],
      ["status:500", { fault: { kind: "status", status: 500 } }],
      ["status:502", { fault: { kind: "status", status: 502 } }],
      ["status:503", { fault: { kind: "status", status: 503 } }],
      ["status:504", { fault: { kind: "status", status: 504 } }],
      ["html:502", { fault: { kind: "html", status: 502 } }],
      ["html:200", { fault: { kind: "html", status: 200 } }],
      ["empty:503", { fault: { kind: "empty", status: 503 } }],
      ["truncated", { fault: { kind: "truncated" } }],
      ["reset", { fault: { kind: "reset" } }],
      ["stall", { fault: { kind: "stall" } }],
      ["stall-body", { fault: { kind: "stall-body" } }],
      ["rate-limit:5", { fault: { kind: "rate-limit", minutes: 5 } }],
      ["rate-limit:0", { fault: { kind: "rate-limit", minutes: 0 } }],
      [
        "rate-limit:600:1000000000000002",
        { fault: { kind: "rate-limit", minutes: 600, businessId: "1000000000000002" } },
      ],
      ["meta-error:422:100", { fault: { kind: "meta-error", status: 422, code: 100 } }],
      [
        "meta-error:400:100:33",
        { fault: { kind: "meta-error", status: 400, code: 100, subcode: 33 } },
      ],
      ["meta-error:200:987654", { fault: { kind: "meta-error", status: 200, code: 987_654 } }],
      ["app-rate-limit", { fault: { kind: "app-rate-limit" } }],
      ["retry-after:30", { fault: { kind: "retry-after", seconds: 30 } }],
      ["big-body:32", { fault: { kind: "big-body", bytes: 32 } }],
      ["big-body:67108864", { fault: { kind: "big-body", bytes: 67_108_864 } }],
    ];
    for (const [text, expected] of cases) {
      const spec = parseFaultSpec(text);
      assert.deepEqual(spec, expected, text);
      assert.equal(formatFaultSpec(spec), text, "formatFaultSpec gives the text back");
    }
  });

  it("parses times and rate, in any order and with spaces", () => {
    const status = { kind: "status", status: 503 } as const;
    assert.deepEqual(parseFaultSpec("status:503;times=2"), { fault: status, times: 2 });
    assert.deepEqual(parseFaultSpec("status:503;rate=0.2"), { fault: status, rate: 0.2 });
    assert.deepEqual(parseFaultSpec("status:503;rate=1"), { fault: status, rate: 1 });
    assert.deepEqual(parseFaultSpec("status:503;rate=0"), { fault: status, rate: 0 });
    assert.deepEqual(parseFaultSpec("status:503;rate=.5"), { fault: status, rate: 0.5 });
    const both = parseFaultSpec(" status : 503 ; rate = 0.25 ; times = 3 ");
    assert.deepEqual(both, { fault: status, times: 3, rate: 0.25 });
    assert.equal(formatFaultSpec(both), "status:503;times=3;rate=0.25");
    assert.deepEqual(parseFaultSpec("reset;times=1"), { fault: { kind: "reset" }, times: 1 });
  });

  it("rejects invalid specs with a reason", () => {
    const cases: [string, RegExp][] = [
      ["", /^no fault given; expected one of latency:<ms>, status:<500\|502\|503\|504>, /],
      ["   ", /^no fault given/],
      ["teapot", /^unknown fault "teapot"; expected one of /],
      ["STATUS:503", /^unknown fault "STATUS"/],
      ["latency", /^latency needs a value: latency:<ms>$/],
      ["latency:", /^latency needs a value/],
      ["latency:-1", /^latency ms must be an integer from 0 to 60000, got "-1"$/],
      ["latency:60001", /^latency ms must be an integer from 0 to 60000, got "60001"$/],
      ["latency:1.5", /^latency ms must be an integer/],
      ["latency:1e3", /^latency ms must be an integer/],
      ["latency:0x10", /^latency ms must be an integer/],
      ["latency:abc", /^latency ms must be an integer/],
      ["status:418", /^status must be one of 500, 502, 503, 504, got "418"$/],
      ["status:0503", /^status must be one of/],
      ["status", /^status needs a value: status:<500\|502\|503\|504>$/],
      ["html:199", /^html status must be an integer from 200 to 599, got "199"$/],
      ["html:600", /^html status must be an integer from 200 to 599/],
      ["empty:abc", /^empty status must be an integer from 200 to 599/],
      ["empty", /^empty needs a value: empty:<status>$/],
      ["reset:1", /^reset takes no value$/],
      ["stall:", /^stall takes no value$/],
      ["truncated:10", /^truncated takes no value$/],
      ["rate-limit", /^rate-limit needs a value: rate-limit:<minutes>\[:<business-id>\]$/],
      ["rate-limit:1441", /^minutes must be an integer from 0 to 1440/],
      ["rate-limit:5:", /^business-id must be 1 to 32 digits, got ""$/],
      ["rate-limit:5:acme", /^business-id must be 1 to 32 digits, got "acme"$/],
      [`rate-limit:5:${"1".repeat(33)}`, /^business-id must be 1 to 32 digits/],
      ["rate-limit:5:1:2", /^rate-limit takes at most two values/],
      ["meta-error", /^meta-error needs a value: meta-error:<status>:<code>\[:<subcode>\]$/],
      ["meta-error:422", /^meta-error takes a status, a code and maybe a subcode/],
      ["meta-error:422:100:1:2", /^meta-error takes a status, a code and maybe a subcode/],
      ["meta-error:199:100", /^meta-error status must be an integer from 200 to 599, got "199"$/],
      ["meta-error:422:x", /^meta-error code must be an integer from 0 to 999999999, got "x"$/],
      ["meta-error:422:100:-1", /^meta-error subcode must be an integer from 0 to 999999999/],
      ["retry-after:soon", /^seconds must be an integer from 0 to 86400, got "soon"$/],
      ["big-body", /^big-body needs a value: big-body:<bytes>$/],
      ["big-body:31", /^big-body bytes must be an integer from 32 to 67108864, got "31"$/],
      ["big-body:67108865", /^big-body bytes must be an integer from 32 to 67108864/],
      ["status:503;times=0", /^times must be an integer from 1 to 1000000, got "0"$/],
      ["status:503;times=-1", /^times must be an integer from 1/],
      ["status:503;times=1.5", /^times must be an integer from 1/],
      ["status:503;times=", /^times must be an integer from 1/],
      ["status:503;rate=2", /^rate must be a number from 0 to 1, got "2"$/],
      ["status:503;rate=1.01", /^rate must be a number from 0 to 1/],
      ["status:503;rate=-0.1", /^rate must be a number from 0 to 1/],
      ["status:503;rate=half", /^rate must be a number from 0 to 1/],
      ["status:503;times=1;times=2", /^times is given twice$/],
      ["status:503;rate=1;rate=0", /^rate is given twice$/],
      ["status:503;count=1", /^unknown option "count=1"; expected times=<N> or rate=<0\.\.1>$/],
      ["status:503;", /^unknown option ""/],
      ["status:503,latency:100", /^status must be one of/],
    ];
    for (const [text, reason] of cases) {
      assert.throws(
        () => parseFaultSpec(text),
        (error: unknown) => {
          assert.ok(error instanceof FaultSpecError, text);
          assert.equal(error.name, "FaultSpecError");
          assert.equal(error.spec, text);
          assert.match(error.reason, reason, text);
          assert.ok(error.message.startsWith(`Invalid fault spec "${text}": `), error.message);
          return true;
        },
      );
    }
  });

  it("cuts a long spec short in messages", () => {
    const long = `x${"y".repeat(5_000)}`;
    assert.throws(
      () => parseFaultSpec(long),
      (error: unknown) =>
        error instanceof FaultSpecError && error.message.length < 1_000 && /…/.test(error.reason),
    );
  });
});

describe("faults over HTTP", () => {
  it("latency:<ms> delays the normal answer", async () => {
    const started = Date.now();
    const reply = await share({ fault: "latency:250" });
    const elapsed = Date.now() - started;
    assertSuccess(reply);
    assert.ok(elapsed >= 250, `answered after ${elapsed} ms`);
    assert.equal(emulator.requests[0]?.fault, "latency:250");
  });

  it("status:500 and status:503 answer Meta's transient code 2", async () => {
    for (const status of [500, 503]) {
      const reply = await share({ fault: `status:${status}` });
      metaError(reply, {
        status,
        code: 2,
        type: "GraphMethodException",
        message: "An unexpected error occurred. Please retry your request",
        is_transient: true,
      });
      assert.equal(reply.headers.get("retry-after"), null);
    }
    assert.deepEqual(emulator.store.sharedWith(N.verified), [], "nothing was shared");
  });

  it("status:502 and status:504 answer Meta's code 1, not transient", async () => {
    const traceIds = new Set<string | undefined>();
    for (const status of [502, 504]) {
      const error = metaError(await share({ fault: `status:${status}` }), {
        status,
        code: 1,
        type: "OAuthException",
        message: "An unknown error occurred",
        is_transient: false,
      });
      traceIds.add(error.fbtrace_id);
    }
    assert.equal(traceIds.size, 2, "a fresh fbtrace_id each time");
  });

  it("html:<status> answers Facebook's HTML error page", async () => {
    for (const status of [502, 503]) {
      const reply = await share({ fault: `html:${status}` });
      assert.equal(reply.status, status);
      assert.match(reply.headers.get("content-type") ?? "", /^text\/html/);
      assert.match(reply.text, /^<!DOCTYPE html>/);
      assert.match(reply.text, /<title>Facebook \| Error<\/title>/);
    }
  });

  it("empty:<status> answers an empty body", async () => {
    const reply = await share({ fault: "empty:504" });
    assert.equal(reply.status, 504);
    assert.equal(reply.text, "");
    assert.equal(reply.headers.get("content-length"), "0");
    assert.equal(reply.headers.get("content-type"), null);
  });

  it("truncated cuts the normal answer's JSON", async () => {
    const reply = await share({ fault: "truncated" });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get("content-type"), JSON_CONTENT_TYPE);
    assert.equal(reply.text, '{"success":tr');
    assert.equal(reply.headers.get("content-length"), String(reply.text.length));
    assert.throws(() => JSON.parse(reply.text), SyntaxError);
    // The rules ran: the share happened, only its answer got lost.
    assert.deepEqual(emulator.store.sharedWith(N.verified), [B.partnerOne]);
    assert.equal(emulator.requests[0]?.fault, "truncated");
  });

  it("truncated keeps the status the rules give", async () => {
    const reply = await share({ fault: "truncated", params: shareParams(N.verified, B.acme) });
    assert.equal(reply.status, 400);
    assert.equal(reply.headers.get("content-type"), JSON_CONTENT_TYPE);
    assert.match(reply.text, /^\{"error":\{"message":"Invalid partner_business_id/);
    assert.throws(() => JSON.parse(reply.text), SyntaxError);
  });

  it("big-body answers 200 with valid JSON of exactly that many bytes, instead of the rules", async () => {
    const reply = await share({ fault: "big-body:100000" });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get("content-type"), JSON_CONTENT_TYPE);
    assert.equal(Buffer.byteLength(reply.text), 100_000);
    assert.equal(reply.headers.get("content-length"), "100000");
    assert.equal((JSON.parse(reply.text) as { success: unknown }).success, true);
    assert.equal(emulator.requests[0]?.fault, "big-body:100000");
    assert.deepEqual(emulator.store.sharedWith(N.verified), [], "the rules did not run");
  });

  it("reset destroys the connection without a response", async () => {
    await assert.rejects(share({ fault: "reset" }), TypeError);
    assert.equal(emulator.requests[0]?.fault, "reset");
    assertSuccess(await share());
  });

  it("stall never sends headers; the client's timeout fires", async () => {
    const started = Date.now();
    await assert.rejects(share({ fault: "stall", signal: AbortSignal.timeout(300) }), {
      name: "TimeoutError",
    });
    assert.ok(Date.now() - started >= 250);
    assert.equal(emulator.requests[0]?.fault, "stall");
    assertSuccess(await share());
  });

  it("stall-body sends status and headers and a first chunk, then nothing", async () => {
    const response = await fetch(
      shareUrl(),
      shareInit({ fault: "stall-body", signal: AbortSignal.timeout(300) }),
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), JSON_CONTENT_TYPE);
    assert.match(response.headers.get("x-fb-trace-id") ?? "", FBTRACE_PATTERN);
    assert.ok(response.body);
    const reader = response.body.getReader();
    const first = await reader.read();
    assert.equal(new TextDecoder().decode(first.value as Uint8Array), STALL_BODY_CHUNK);
    await assert.rejects(reader.read(), { name: "TimeoutError" });
  });

  it("stall-body: reading the whole body times out", async () => {
    const response = await fetch(
      shareUrl(),
      shareInit({ fault: "stall-body", signal: AbortSignal.timeout(300) }),
    );
    assert.equal(response.status, 200);
    await assert.rejects(response.text(), { name: "TimeoutError" });
  });

  it("rate-limit:<minutes> answers 429 code 80008 with the minutes in the BUC header", async () => {
    const reply = await share({ fault: "rate-limit:17" });
    const error = metaError(reply, {
      status: 429,
      code: 80008,
      type: "OAuthException",
      is_transient: true,
    });
    assert.match(error.message, /^\(#80008\) There have been too many calls/);
    assert.deepEqual(JSON.parse(reply.headers.get("x-business-use-case-usage") ?? "null"), {
      [B.acme]: [
        {
          type: "whatsapp_business_management",
          call_count: 100,
          total_cputime: 12,
          total_time: 14,
          estimated_time_to_regain_access: 17,
        },
      ],
    });
  });

  it("rate-limit names the path's business", async () => {
    const reply = await share({
      fault: "rate-limit:1",
      token: T.globex,
      business: B.globex,
      params: shareParams(N.globexNoRights, B.partnerOne),
    });
    const usage = JSON.parse(reply.headers.get("x-business-use-case-usage") ?? "{}") as Record<
      string,
      unknown
    >;
    assert.deepEqual(Object.keys(usage), [B.globex]);
  });

  it("rate-limit:<minutes>:<business-id> names that business instead of the path's", async () => {
    const reply = await share({ fault: `rate-limit:600:${B.globex}` });
    metaError(reply, { status: 429, code: 80008 });
    const usage = JSON.parse(reply.headers.get("x-business-use-case-usage") ?? "{}") as Record<
      string,
      { estimated_time_to_regain_access: number }[]
    >;
    assert.deepEqual(Object.keys(usage), [B.globex]);
    assert.equal(usage[B.globex]?.[0]?.estimated_time_to_regain_access, 600);
    assert.equal(emulator.requests[0]?.fault, `rate-limit:600:${B.globex}`);
  });

  it("meta-error:<status>:<code>[:<subcode>] answers that Meta error", async () => {
    metaError(await share({ fault: "meta-error:422:100" }), {
      status: 422,
      code: 100,
      type: "OAuthException",
      is_transient: false,
      message: "(#100) An error injected by the emulator's fault header",
    });
    const withSubcode = metaError(await share({ fault: "meta-error:400:100:33" }), {
      status: 400,
      code: 100,
      error_subcode: 33,
    });
    assert.equal(withSubcode.message, "(#100) An error injected by the emulator's fault header");
    assert.deepEqual(emulator.store.sharedWith(N.verified), [], "nothing was shared");
  });

  it("app-rate-limit answers 400 code 4/2446079 with X-App-Usage", async () => {
    const reply = await share({ fault: "app-rate-limit" });
    metaError(reply, {
      status: 400,
      code: 4,
      error_subcode: 2446079,
      message: "(#4) Application request limit reached",
      is_transient: true,
    });
    assert.deepEqual(JSON.parse(reply.headers.get("x-app-usage") ?? "null"), {
      call_count: 100,
      total_cputime: 20,
      total_time: 25,
    });
  });

  it("retry-after:<seconds> answers 503 code 2 with Retry-After", async () => {
    const reply = await share({ fault: "retry-after:30" });
    metaError(reply, { status: 503, code: 2, is_transient: true });
    assert.equal(reply.headers.get("retry-after"), "30");
  });

  it("records faulted requests with the fault applied, and others without", async () => {
    await share({ fault: "status:503" });
    await share();
    assert.equal(emulator.requests.length, 2);
    assert.equal(emulator.requests[0]?.fault, "status:503");
    assert.equal(emulator.requests[0].headers[EMULATOR_FAULT_HEADER], "status:503");
    assert.equal(emulator.requests[1]?.fault, undefined);
  });

  it("faults come before the scenario IDs", async () => {
    const reply = await share({
      fault: "status:502",
      params: shareParams(SCENARIO_IDS.internalServerError, B.partnerOne),
    });
    metaError(reply, { status: 502, code: 1 });
  });
});

describe("times=N", () => {
  it("faults the identical request N times, then answers normally", async () => {
    const fault = "status:503;times=2";
    metaError(await share({ fault }), { status: 503, code: 2 });
    metaError(await share({ fault }), { status: 503, code: 2 });
    assertSuccess(await share({ fault }));
    // From now on the normal rules answer.
    metaError(await share({ fault }), { status: 422, code: 100 });
    assert.deepEqual(
      emulator.requests.map((request) => request.fault),
      ["status:503", "status:503", undefined, undefined],
    );
  });

  it("counts each distinct request and each spec separately", async () => {
    const fault = "status:500;times=1";
    metaError(await share({ fault }), { status: 500 });
    metaError(await share({ fault, params: shareParams(N.verified, B.partnerTwo) }), {
      status: 500,
    });
    metaError(await share({ fault: "status:502;times=1" }), { status: 502 });
    assertSuccess(await share({ fault }));
    assertSuccess(await share({ fault, params: shareParams(N.verified, B.partnerTwo) }));
  });

  it("faults.clear() forgets the counts", async () => {
    const fault = "empty:503;times=1";
    assert.equal((await share({ fault })).status, 503);
    emulator.faults.clear();
    assert.equal((await share({ fault })).status, 503);
    assertSuccess(await share({ fault }));
  });
});

describe("faults.enqueue()", () => {
  it("faults the next share requests in FIFO order, then answers normally", async () => {
    emulator.faults.enqueue("status:500");
    emulator.faults.enqueue("html:502", 2);
    emulator.faults.enqueue("empty:503");
    assert.deepEqual(emulator.faults.pending(), [
      "status:500",
      "html:502",
      "html:502",
      "empty:503",
    ]);

    metaError(await share(), { status: 500, code: 2 });
    for (let i = 0; i < 2; i++) {
      const reply = await share();
      assert.equal(reply.status, 502);
      assert.match(reply.text, /^<!DOCTYPE html>/);
    }
    assert.equal((await share()).status, 503);
    assert.deepEqual(emulator.faults.pending(), []);
    assertSuccess(await share());
  });

  it("takes times from the spec as the count", () => {
    emulator.faults.enqueue("status:504;times=2");
    assert.deepEqual(emulator.faults.pending(), ["status:504", "status:504"]);
    emulator.faults.enqueue("status:504;times=2", 2);
    assert.equal(emulator.faults.pending().length, 4);
  });

  it("rejects invalid specs and counts", () => {
    assert.throws(() => {
      emulator.faults.enqueue("teapot");
    }, FaultSpecError);
    for (const count of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => {
        emulator.faults.enqueue("reset", count);
      }, RangeError);
    }
    assert.throws(() => {
      emulator.faults.enqueue("reset;times=2", 3);
    }, /count 3 contradicts times=2/);
    assert.deepEqual(emulator.faults.pending(), []);
  });

  it("faults.clear() drops what is enqueued", async () => {
    emulator.faults.enqueue("status:503", 3);
    emulator.faults.clear();
    assert.deepEqual(emulator.faults.pending(), []);
    assertSuccess(await share());
  });

  it("only share requests take an enqueued fault", async () => {
    emulator.faults.enqueue("latency:1");
    const reply = await fetch(`${emulator.url}/v25.0/${B.acme}/other_edge`, { method: "POST" });
    assert.equal(reply.status, 400);
    await reply.text();
    assert.deepEqual(emulator.faults.pending(), ["latency:1"]);
  });
});

describe("run-wide fault", () => {
  it("applies to every share request", async () => {
    await withEmulator({ fault: "status:503" }, async (other) => {
      for (let i = 0; i < 3; i++) {
        metaError(await share({ on: other }), { status: 503, code: 2 });
      }
      assert.deepEqual(
        other.requests.map((request) => request.fault),
        ["status:503", "status:503", "status:503"],
      );
    });
  });

  it("counts times per identical request", async () => {
    await withEmulator({ fault: "retry-after:1;times=1" }, async (other) => {
      assert.equal((await share({ on: other })).status, 503);
      assertSuccess(await share({ on: other }));
      const partnerTwo = shareParams(N.verified, B.partnerTwo);
      assert.equal((await share({ on: other, params: partnerTwo })).status, 503);
      assertSuccess(await share({ on: other, params: partnerTwo }));
    });
  });

  it("treats a blank spec as none", async () => {
    await withEmulator({ fault: "  " }, async (other) => {
      assertSuccess(await share({ on: other }));
    });
  });

  it("throws at start for an invalid spec", async () => {
    await assert.rejects(startMetaEmulator({ fault: "status:418" }), (error: unknown) => {
      assert.ok(error instanceof FaultSpecError);
      assert.equal(
        error.message,
        'Invalid fault spec "status:418": status must be one of 500, 502, 503, 504, got "418"',
      );
      return true;
    });
  });
});

describe("precedence", () => {
  it("header > enqueued > run-wide", async () => {
    await withEmulator({ fault: "status:500" }, async (other) => {
      other.faults.enqueue("html:502");

      const fromHeader = await share({ on: other, fault: "empty:504" });
      assert.equal(fromHeader.status, 504);
      assert.equal(fromHeader.text, "");
      assert.deepEqual(other.faults.pending(), ["html:502"], "the header did not use the queue");

      const fromQueue = await share({ on: other });
      assert.equal(fromQueue.status, 502);
      assert.match(fromQueue.text, /^<!DOCTYPE html>/);

      metaError(await share({ on: other }), { status: 500, code: 2 });
    });
  });

  it("the source present decides alone, even when its times are used up", async () => {
    await withEmulator({ fault: "status:500" }, async (other) => {
      const fault = "empty:503;times=1";
      assert.equal((await share({ on: other, fault })).status, 503);
      assertSuccess(await share({ on: other, fault }));
    });
  });
});

describe("invalid x-emulator-fault header", () => {
  it("answers 400 code 100 and changes nothing", async () => {
    const reply = await share({ fault: "teapot;times=2" });
    const error = metaError(reply, { status: 400, code: 100, type: "OAuthException" });
    assert.match(error.message, /^\(#100\) Invalid x-emulator-fault: unknown fault "teapot"; /);
    assert.match(
      error.message,
      /, retry-after:<seconds>, big-body:<bytes>$/,
      "the whole grammar is listed",
    );
    assert.equal(emulator.requests.length, 1);
    assert.equal(emulator.requests[0]?.fault, undefined);
    assert.deepEqual(emulator.store.sharedWith(N.verified), []);
  });

  it("names the problem with an option", async () => {
    for (const [fault, message] of [
      [
        "status:503;times=0",
        '(#100) Invalid x-emulator-fault: times must be an integer from 1 to 1000000, got "0"',
      ],
      [
        "status:503;rate=2",
        '(#100) Invalid x-emulator-fault: rate must be a number from 0 to 1, got "2"',
      ],
    ] as const) {
      metaError(await share({ fault }), { status: 400, code: 100, message });
    }
  });

  it("is reported before the token is checked (it is a malformed request, not a fault)", async () => {
    metaError(await share({ fault: "latency:99999", token: T.expired }), {
      status: 400,
      code: 100,
    });
  });

  it("a blank header means no fault", async () => {
    assertSuccess(await share({ fault: " " }));
  });
});

describe("rate=p", () => {
  it("rate=0 never applies and rate=1 always does", async () => {
    await withEmulator({ random: scripted(0) }, async (other) => {
      for (let i = 0; i < 3; i++) {
        const reply = await share({ on: other, fault: "status:503;rate=0" });
        assert.notEqual(reply.status, 503);
      }
    });
    await withEmulator({ random: scripted(0.999_999) }, async (other) => {
      for (let i = 0; i < 3; i++) {
        metaError(await share({ on: other, fault: "status:503;rate=1" }), { status: 503 });
      }
    });
  });

  it("rolls the injected random per request", async () => {
    await withEmulator({ random: scripted(0.1, 0.9, 0.29) }, async (other) => {
      const fault = "status:503;rate=0.3";
      assert.equal((await share({ on: other, fault })).status, 503);
      assertSuccess(await share({ on: other, fault }));
      assert.equal((await share({ on: other, fault })).status, 503);
    });
  });

  it("with times=N, only the first N requests roll", async () => {
    await withEmulator({ random: scripted(0.9, 0) }, async (other) => {
      const fault = "status:503;times=1;rate=0.5";
      // The first request rolls 0.9 (no fault) and uses up times=1: the fault never comes.
      assertSuccess(await share({ on: other, fault }));
      metaError(await share({ on: other, fault }), { status: 422 });
    });
  });

  it("an enqueued entry is used even when its roll lets the request through", async () => {
    await withEmulator({ random: scripted(0.9) }, async (other) => {
      other.faults.enqueue("status:503;rate=0.5");
      assertSuccess(await share({ on: other }));
      assert.deepEqual(other.faults.pending(), []);
    });
  });

  it("a run-wide rate uses the same random", async () => {
    await withEmulator({ fault: "status:503;rate=0.5", random: scripted(0.4, 0.6) }, async (o) => {
      assert.equal((await share({ on: o })).status, 503);
      assertSuccess(await share({ on: o }));
    });
  });
});

describe("authentication and access come first", () => {
  it("an expired token still gets 401 whatever the fault", async () => {
    for (const fault of ["status:503", "reset", "stall", "truncated", "rate-limit:5", "html:502"]) {
      metaError(await share({ fault, token: T.expired }), {
        status: 401,
        code: 190,
        error_subcode: 463,
      });
    }
    assert.ok(emulator.requests.every((request) => request.fault === undefined));
  });

  it("latency delays the 401 too", async () => {
    const started = Date.now();
    const reply = await share({ fault: "latency:200", token: T.expired });
    const elapsed = Date.now() - started;
    metaError(reply, { status: 401, code: 190, error_subcode: 463 });
    assert.ok(elapsed >= 200, `answered after ${elapsed} ms`);
    assert.equal(emulator.requests[0]?.fault, "latency:200");
  });

  it("a 403 business access error beats the fault", async () => {
    metaError(
      await share({
        fault: "status:503",
        business: B.globex,
        params: shareParams(N.globexNoRights, B.partnerOne),
      }),
      { status: 403, code: 10 },
    );
  });

  it("an enqueued fault waits for a request that passes authentication", async () => {
    emulator.faults.enqueue("status:503");
    metaError(await share({ token: T.expired }), { status: 401, code: 190 });
    assert.deepEqual(emulator.faults.pending(), ["status:503"]);
    metaError(await share(), { status: 503, code: 2 });
  });

  it("an enqueued latency delays the next share request, whatever its answer", async () => {
    emulator.faults.enqueue("latency:150");
    const started = Date.now();
    metaError(await share({ token: T.expired }), { status: 401, code: 190 });
    assert.ok(Date.now() - started >= 150);
    assert.deepEqual(emulator.faults.pending(), []);
  });
});

describe("latency and client deadlines", () => {
  it("a client that gives up during the latency leaves the store untouched", async () => {
    await assert.rejects(share({ fault: "latency:1000", signal: AbortSignal.timeout(100) }), {
      name: "TimeoutError",
    });
    assert.equal(emulator.requests.length, 1);
    assert.deepEqual(emulator.store.sharedWith(N.verified), []);
    // The retry without the fault succeeds: nothing was shared behind the client's back.
    assertSuccess(await share());
  });
});

describe("close()", () => {
  it("resolves promptly with stall, stall-body and latency requests open", async () => {
    const stalled = outcome(share({ fault: "stall", signal: AbortSignal.timeout(5_000) }));
    const slow = outcome(share({ fault: "latency:30000", signal: AbortSignal.timeout(5_000) }));
    const response = await fetch(
      shareUrl(),
      shareInit({ fault: "stall-body", signal: AbortSignal.timeout(5_000) }),
    );
    assert.equal(response.status, 200);
    const body = outcome(response.text());
    await waitForRequests(3);

    const started = Date.now();
    await emulator.close();
    assert.ok(Date.now() - started < 1_000, `close() took ${Date.now() - started} ms`);
    // The server cut every connection, long before the clients' 5 s timeouts.
    assert.equal(await stalled, "TypeError");
    assert.equal(await slow, "TypeError");
    assert.equal(await body, "TypeError");
  });
});
