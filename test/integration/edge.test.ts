// The HTTP edge under clients that misbehave at the socket level (node:net, no HTTP client in
// between): request, headers and keep-alive timeouts, requests per connection, the connection
// cap; and which address a caller's share budget belongs to behind a trusted proxy.
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { EMULATOR_FAULT_HEADER, FIXTURES } from "../../src/emulator/index.js";
import { ShareTypenameDocument } from "../__generated__/graphql.js";
import { bearer, shareInput } from "../helpers/graphql.js";
import { startStack, type Stack } from "../helpers/stack.js";

const { tokens } = FIXTURES;

/** Generous: the configured timeouts below are well under a second. */
const CLOSED_WITHIN_MS = 5_000;

interface SocketRun {
  /** Whether the server closed the connection (rather than the test giving up). */
  closed: boolean;
  ms: number;
  /** Everything the server sent. */
  received: string;
}

/**
Opens a raw connection to the stack, lets `write` send what it wants, and resolves when the
server closes it (or after `giveUpMs`). `ms` counts from the moment the connection is open.
*/
function hold(
  stack: Stack,
  write: (socket: Socket) => void,
  giveUpMs = CLOSED_WITHIN_MS * 2,
): Promise<SocketRun> {
  const { hostname, port } = new URL(stack.origin);
  return new Promise((resolve) => {
    let received = "";
    let opened = performance.now();
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      opened = performance.now();
      write(socket);
    });
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("error", () => undefined);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ closed: false, ms: performance.now() - opened, received });
    }, giveUpMs);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ closed: true, ms: performance.now() - opened, received });
    });
  });
}

/** A raw connection that stays open until the test destroys it. */
function openSocket(stack: Stack): Promise<Socket> {
  const { hostname, port } = new URL(stack.origin);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

async function connectionCount(stack: Stack): Promise<number> {
  return new Promise((resolve, reject) => {
    stack.app.server.getConnections((error, count) => {
      if (error) {
        reject(error);
      } else {
        resolve(count);
      }
    });
  });
}

async function waitForConnections(stack: Stack, expected: number): Promise<void> {
  const until = Date.now() + CLOSED_WITHIN_MS;
  while ((await connectionCount(stack)) !== expected) {
    assert.ok(Date.now() < until, `the server never had ${expected} connection(s)`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const LIVE = "GET /health/live HTTP/1.1\r\nHost: edge.test\r\n\r\n";

/** The status lines and `connection` headers of the responses in `text`, in order. */
function responses(text: string): { status: string; connection: string | undefined }[] {
  return text
    .split(/(?=HTTP\/1\.1 )/)
    .filter((part) => part.startsWith("HTTP/1.1 "))
    .map((part) => ({
      status: part.slice(9, 12),
      connection: /\r\nconnection: ([^\r]*)/i.exec(part)?.[1]?.toLowerCase(),
    }));
}

describe("server timeouts", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      forwardedHeaders: [EMULATOR_FAULT_HEADER],
      http: {
        requestTimeoutMs: 800,
        headersTimeoutMs: 400,
        keepAliveTimeoutMs: 300,
      },
    });
  });
  after(async () => {
    await stack.close();
  });

  it("closes a connection whose request body stops arriving, with 408, after the request timeout", async () => {
    const run = await hold(stack, (socket) => {
      socket.write(
        "POST /graphql HTTP/1.1\r\nHost: edge.test\r\nContent-Type: application/json\r\n" +
          'Content-Length: 1000\r\n\r\n{"query":"',
      );
    });
    assert.ok(run.closed, `still open after ${Math.round(run.ms)} ms`);
    assert.ok(run.ms < CLOSED_WITHIN_MS, `closed after ${Math.round(run.ms)} ms`);
    assert.ok(run.ms >= 700, `not before the request timeout: ${Math.round(run.ms)} ms`);
    assert.equal(responses(run.received)[0]?.status, "408", run.received);
  });

  it("closes a connection whose headers stop arriving, or that sends nothing, after the headers timeout", async () => {
    const [partial, silent] = await Promise.all([
      hold(stack, (socket) => {
        socket.write("POST /graphql HTTP/1.1\r\nHost: edge.test\r\nContent-Ty");
      }),
      hold(stack, () => undefined),
    ]);
    for (const run of [partial, silent]) {
      assert.ok(run.closed, `still open after ${Math.round(run.ms)} ms`);
      assert.ok(run.ms < CLOSED_WITHIN_MS, `closed after ${Math.round(run.ms)} ms`);
      assert.ok(run.ms >= 350, `not before the headers timeout: ${Math.round(run.ms)} ms`);
      assert.equal(responses(run.received)[0]?.status, "408", run.received);
    }
  });

  it("does not count the time spent answering: a slow upstream answer outlasts the request timeout", async () => {
    const started = performance.now();
    const response = await stack.execute(
      ShareTypenameDocument,
      { input: shareInput() },
      { headers: { ...bearer(tokens.acme), [EMULATOR_FAULT_HEADER]: "latency:1500" } },
    );
    assert.ok(performance.now() - started >= 1_400, "the answer took longer than 800 ms");
    assert.deepEqual(response.body, {
      data: { sharePreverifiedNumber: { __typename: "SharePreverifiedNumberSuccess" } },
    });
  });

  it("closes an idle kept-alive connection after the keep-alive timeout", async () => {
    const run = await hold(stack, (socket) => {
      socket.write(LIVE);
    });
    assert.ok(run.closed, `still open after ${Math.round(run.ms)} ms`);
    assert.ok(run.ms < CLOSED_WITHIN_MS, `closed after ${Math.round(run.ms)} ms`);
    assert.deepEqual(responses(run.received), [{ status: "200", connection: "keep-alive" }]);
  });
});

describe("connection limits", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      // The keep-alive timeout stays 72 s: any close seen here is the limits' doing.
      http: {
        maxConnections: 2,
        maxRequestsPerSocket: 2,
        requestTimeoutMs: 30_000,
        headersTimeoutMs: 30_000,
      },
    });
  });
  after(async () => {
    await stack.close();
  });

  it("serves at most maxRequestsPerSocket requests on one connection, then closes it", async () => {
    // Three pipelined requests: the second answer says `close`, and the third gets no 503.
    const run = await hold(stack, (socket) => {
      socket.write(LIVE + LIVE + LIVE);
    });
    assert.ok(run.closed, `still open after ${Math.round(run.ms)} ms`);
    assert.ok(run.ms < CLOSED_WITHIN_MS, `closed after ${Math.round(run.ms)} ms`);
    assert.deepEqual(responses(run.received), [
      { status: "200", connection: "keep-alive" },
      { status: "200", connection: "close" },
    ]);
  });

  it("closes connections over the cap at once, and accepts again below it", async () => {
    const first = await openSocket(stack);
    const second = await openSocket(stack);
    try {
      await waitForConnections(stack, 2);
      const over = await hold(stack, (socket) => {
        socket.write(LIVE);
      });
      assert.ok(over.closed, "the third connection is closed");
      assert.ok(over.ms < CLOSED_WITHIN_MS, `closed after ${Math.round(over.ms)} ms`);
      assert.equal(over.received, "", "and never answered");
      assert.ok(
        stack.logs.some((line) => line.includes("Connection limit reached")),
        "the service says so",
      );

      first.destroy();
      await waitForConnections(stack, 1);
      const below = await hold(stack, (socket) => {
        socket.write(LIVE.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
      });
      assert.equal(responses(below.received)[0]?.status, "200", below.received);
    } finally {
      first.destroy();
      second.destroy();
    }
  });
});

describe("the client address behind a proxy (service mode: the share budget is per address)", () => {
  async function shareFrom(stack: Stack, forwardedFor: string): Promise<string> {
    const response = await stack.execute(
      ShareTypenameDocument,
      { input: shareInput() },
      { headers: { "x-forwarded-for": forwardedFor } },
    );
    const typename = response.body.data?.sharePreverifiedNumber.__typename;
    assert.ok(typename, response.text);
    return typename;
  }
  const oneShareEach = { perMinute: 1, burst: 1 };

  it("with TRUST_PROXY covering the proxy, clients with different X-Forwarded-For get separate budgets", async () => {
    const stack = await startStack({
      serviceToken: tokens.acme,
      mutationRateLimit: oneShareEach,
      http: { trustProxy: ["127.0.0.1"] },
    });
    try {
      assert.notEqual(await shareFrom(stack, "203.0.113.1"), "RateLimitedError");
      assert.equal(await shareFrom(stack, "203.0.113.1"), "RateLimitedError");
      assert.notEqual(await shareFrom(stack, "203.0.113.2"), "RateLimitedError");
      // The address the trusted proxy saw counts, not what the client wrote before it.
      assert.equal(await shareFrom(stack, "198.51.100.9, 203.0.113.2"), "RateLimitedError");
    } finally {
      await stack.close();
    }
  });

  it("without TRUST_PROXY, X-Forwarded-For is ignored: the socket's peer is the client", async () => {
    const stack = await startStack({ serviceToken: tokens.acme, mutationRateLimit: oneShareEach });
    try {
      assert.notEqual(await shareFrom(stack, "203.0.113.1"), "RateLimitedError");
      assert.equal(await shareFrom(stack, "203.0.113.2"), "RateLimitedError");
    } finally {
      await stack.close();
    }
  });
});
