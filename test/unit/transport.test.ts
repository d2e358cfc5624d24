// The undici-based fetch under ky, against a real local server: what ky relies on must hold.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import ky, { isHTTPError, isNetworkError, isTimeoutError, type Options } from "ky";
import {
  createGraphApiAgent,
  createUndiciFetch,
  RESPONSE_TOO_LARGE_CODE,
  type TransportInit,
} from "../../src/graph-api/transport.js";
import { transportFailure } from "../../src/graph-api/http-attempt.js";

describe("createUndiciFetch", () => {
  let server: Server;
  let origin: string;
  const seen: { method: string; url: string; headers: Record<string, unknown>; body: string }[] =
    [];
  const agent = createGraphApiAgent({ maxResponseBytes: 4 * 1024 * 1024 });
  const fetchImpl = createUndiciFetch({ dispatcher: agent });

  before(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        seen.push({
          method: request.method ?? "",
          url: request.url ?? "",
          headers: request.headers,
          body: Buffer.concat(chunks).toString(),
        });
        if (request.url === "/no-content") {
          response.writeHead(204).end();
        } else if (request.url === "/slow") {
          setTimeout(() => response.end("late"), 1_000).unref();
        } else if (request.url === "/big") {
          response.end("x".repeat(5_000));
        } else if (request.url === "/cookies") {
          response.setHeader("set-cookie", ["a=1", "b=2"]);
          response.end("ok");
        } else {
          response.writeHead(403, { "content-type": "application/json", "x-fb-trace-id": "T1" });
          response.end('{"error":{"code":10}}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    await agent.close();
  });

  it("sends method, headers and body, and returns status, headers and body as a Response", async () => {
    const http = ky.create({ fetch: fetchImpl, throwHttpErrors: false, retry: 0 });
    const response = await http.post(`${origin}/x`, {
      json: { a: 1 },
      headers: { authorization: "Bearer t" },
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get("x-fb-trace-id"), "T1");
    assert.equal(response.url, `${origin}/x`);
    assert.deepEqual(await response.json(), { error: { code: 10 } });
    const last = seen.at(-1)!;
    assert.equal(last.method, "POST");
    assert.equal(last.body, '{"a":1}');
    assert.equal(last.headers["authorization"], "Bearer t");
    assert.match(String(last.headers["content-type"]), /application\/json/);
    assert.equal(last.headers["accept-encoding"], undefined, "no compression asked for");
  });

  it("sends `rawBody` as it is, without a body on ky's Request, and ky's retry re-sends it", async () => {
    const http = ky.create({ fetch: fetchImpl, throwHttpErrors: false, retry: 0 });
    const options: Options & TransportInit = {
      method: "post",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      rawBody: "a=1&b=%C3%A9",
    };
    const response = await http(`${origin}/raw`, options);
    assert.equal(response.status, 403);
    assert.equal(seen.at(-1)!.body, "a=1&b=%C3%A9");
    assert.equal(seen.at(-1)!.headers["content-type"], "application/x-www-form-urlencoded");

    const before = seen.length;
    const retrying = ky.create({
      fetch: fetchImpl,
      retry: { limit: 1, methods: ["post"], statusCodes: [403], delay: () => 0 },
    });
    const retried: Options & TransportInit = { method: "post", rawBody: "again" };
    await assert.rejects(retrying(`${origin}/raw`, retried), (error) => isHTTPError(error));
    assert.deepEqual(
      seen.slice(before).map((request) => request.body),
      ["again", "again"],
    );
  });

  it("answers with a Response whose body is read once, by any reader", async () => {
    const text = await fetchImpl(`${origin}/x`);
    assert.equal(Object.prototype.toString.call(text), "[object Response]");
    assert.equal(text.ok, false);
    assert.equal(text.bodyUsed, false);
    const copy = text.clone();
    assert.equal(await text.text(), '{"error":{"code":10}}');
    assert.equal(text.bodyUsed, true);
    await assert.rejects(text.text(), TypeError);
    assert.throws(() => text.clone(), TypeError);
    assert.deepEqual(await copy.json(), { error: { code: 10 } });

    const bytes = await fetchImpl(`${origin}/x`);
    assert.equal(new TextDecoder().decode(await bytes.arrayBuffer()), '{"error":{"code":10}}');

    const streamed = await fetchImpl(`${origin}/x`);
    const reader = (streamed.body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      chunks.push(read.value);
    }
    assert.equal(Buffer.concat(chunks).toString(), '{"error":{"code":10}}');
    assert.equal(streamed.bodyUsed, true);
    await assert.rejects(streamed.text(), TypeError);

    const blob = await (await fetchImpl(`${origin}/x`)).blob();
    assert.equal(await blob.text(), '{"error":{"code":10}}');
    const empty = await fetchImpl(`${origin}/no-content`);
    assert.equal(empty.body, null);
  });

  it("keeps repeated headers and answers a 204 with no body", async () => {
    const cookies = await fetchImpl(`${origin}/cookies`);
    assert.deepEqual(cookies.headers.getSetCookie(), ["a=1", "b=2"]);
    const empty = await fetchImpl(`${origin}/no-content`);
    assert.equal(empty.status, 204);
    assert.equal(await empty.text(), "");
  });

  it("lets ky's timeout win and report a TimeoutError", async () => {
    const http = ky.create({ fetch: fetchImpl, retry: 0, timeout: 100 });
    const error: unknown = await http.get(`${origin}/slow`).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    assert.ok(isTimeoutError(error), String(error));
  });

  it("rejects with the signal's reason when aborted", async () => {
    const reason = new Error("caller gave up");
    const controller = new AbortController();
    const pending = fetchImpl(`${origin}/slow`, { signal: controller.signal });
    controller.abort(reason);
    await assert.rejects(pending, (error) => error === reason);
  });

  it("turns a refused connection into ky's NetworkError with the cause's code", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => {
      closed.close(() => {
        resolve();
      });
    });
    const http = ky.create({ fetch: fetchImpl, retry: 0 });
    const error: unknown = await http.get(`http://127.0.0.1:${port}/`).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    assert.ok(isNetworkError(error), String(error));
    const cause = (error as Error).cause as Error & { cause?: Error & { code?: string } };
    assert.equal(cause.message, "fetch failed");
    assert.equal(cause.cause?.code, "ECONNREFUSED");
  });

  it("stops reading past the agent's maxResponseSize, as ky's NetworkError that maps to response_too_large", async () => {
    const small = createGraphApiAgent({ maxResponseBytes: 4_096 });
    try {
      const http = ky.create({ fetch: createUndiciFetch({ dispatcher: small }), retry: 0 });
      const error: unknown = await http.get(`${origin}/big`).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      assert.ok(isNetworkError(error), String(error));
      const cause = (error as Error).cause as Error & { cause?: Error & { code?: string } };
      assert.equal(cause.cause?.code, RESPONSE_TOO_LARGE_CODE);
      assert.equal(transportFailure(error).reason, "response_too_large");
      assert.equal(transportFailure(error).retryable, false);
      // Within the limit, the same agent reads the answer.
      const within = ky.create({ fetch: createUndiciFetch({ dispatcher: small }), retry: 0 });
      assert.equal((await within.post(`${origin}/x`, { throwHttpErrors: false })).status, 403);
    } finally {
      await small.close();
    }
  });
});
