// The process edge (src/main.ts) as an operator meets it: zero-config start on the embedded
// emulator, production defaults, configuration errors, and a clean stop on SIGTERM.
import assert from "node:assert/strict";
import { networkInterfaces } from "node:os";
import { after, describe, it } from "node:test";
import { FIXTURES, startMetaEmulator } from "../../src/emulator/index.js";
import { ShareTypenameDocument } from "../__generated__/graphql.js";
import { bearer, executeAt, shareInput } from "../helpers/graphql.js";
import { startMain, stopAll } from "../helpers/processes.js";

const READY = /GraphQL ready at (http:\/\/localhost:(\d+)\/graphql)/;

describe("start-up", () => {
  after(async () => {
    await stopAll();
  });

  it("starts with no configuration on the emulator, says so, serves the fixtures, stops on SIGTERM", async () => {
    const started = performance.now();
    const service = startMain({});
    const ready = await service.waitForLine((line) => READY.test(line));
    const startupMs = performance.now() - started;
    const port = READY.exec(ready)?.[2];
    assert.ok(port);
    assert.match(service.output(), /EMBEDDED META EMULATOR/);
    const response = await executeAt(
      `http://127.0.0.1:${port}/graphql`,
      ShareTypenameDocument,
      { input: shareInput() },
      bearer(FIXTURES.tokens.acme),
    );
    assert.deepEqual(response.body, {
      data: { sharePreverifiedNumber: { __typename: "SharePreverifiedNumberSuccess" } },
    });
    const exit = await service.stop("SIGTERM");
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.match(service.output(), /"msg":"Stopped"/);
    console.log(`# start-up to ready (tsx, cold): ${startupMs.toFixed(0)} ms`);
  });

  it("with no HOST, it listens on loopback only (localhost)", async () => {
    const service = startMain({ HOST: undefined });
    const port = READY.exec(await service.waitForLine((line) => READY.test(line)))?.[2];
    assert.ok(port);
    assert.match(service.output(), /EMBEDDED META EMULATOR/);
    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    assert.equal(live.status, 200);
    // This machine's other addresses, if it has any, are not served.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address?.family === "IPv4" && !address.internal);
    if (external !== undefined) {
      await assert.rejects(
        fetch(`http://${external.address}:${port}/health/live`, {
          signal: AbortSignal.timeout(5_000),
        }),
        `not served on ${external.address}`,
      );
    }
    assert.deepEqual(await service.stop("SIGTERM"), { code: 0, signal: null });
  });

  it("fails closed: no emulator off loopback or outside development, no plain http:// to Meta in production", async () => {
    const cases = [
      {
        env: { HOST: "0.0.0.0" },
        problem:
          /- GRAPH_API_URL is not set, so the embedded Meta emulator would serve fake answers on HOST="0\.0\.0\.0"/,
      },
      { env: { NODE_ENV: "test" }, problem: /- GRAPH_API_URL must be set when NODE_ENV=test/ },
      {
        env: { NODE_ENV: "production", GRAPH_API_URL: "http://graph.example.test" },
        problem: /- GRAPH_API_URL must be an https:\/\/ URL in production/,
      },
    ];
    const services = cases.map(({ env }) => startMain(env));
    for (const [index, service] of services.entries()) {
      const exit = await service.exited;
      const output = service.output();
      assert.equal(exit.code, 1, output);
      assert.match(output, cases[index]!.problem);
      assert.doesNotMatch(output, /GraphQL ready|EMULATOR/, "nothing was served");
      assert.doesNotMatch(output, /\n\s+at /, "no stack trace");
    }
  });

  it("finishes every in-flight request on SIGTERM under concurrent load, then exits 0", async () => {
    // Every upstream answer takes 400 ms, so the requests are in flight when SIGTERM arrives.
    const emulator = await startMetaEmulator({ fault: "latency:400" });
    try {
      const service = startMain({ GRAPH_API_URL: emulator.url, NODE_ENV: "production" });
      const port = READY.exec(await service.waitForLine((line) => READY.test(line)))?.[2];
      const url = `http://127.0.0.1:${port}/graphql`;
      const inFlight = Array.from({ length: 20 }, (_, index) =>
        executeAt(
          url,
          ShareTypenameDocument,
          { input: shareInput({ preverifiedId: String(3100000000000000 + index) }) },
          bearer(FIXTURES.tokens.acme),
        ).then((response) => ({ status: response.status, body: response.body })),
      );
      // Wait until every request has reached the emulator, then stop the service.
      const waitUntil = Date.now() + 5_000;
      while (emulator.requests.length < 20 && Date.now() < waitUntil) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(emulator.requests.length, 20, "all requests in flight");
      const exited = service.stop("SIGTERM");
      const answers = await Promise.all(inFlight);
      for (const answer of answers) {
        assert.deepEqual(answer, {
          status: 200,
          body: { data: { sharePreverifiedNumber: { __typename: "NotFoundError" } } },
        });
      }
      assert.deepEqual(await exited, { code: 0, signal: null });
    } finally {
      await emulator.close();
    }
  });

  it("targets graph.facebook.com in production and never starts the emulator there", async () => {
    const service = startMain({ NODE_ENV: "production" });
    await service.waitForLine((line) => READY.test(line));
    const output = service.output();
    assert.match(output, /"upstream":"https:\/\/graph\.facebook\.com"/);
    assert.doesNotMatch(output, /EMULATOR/i);
    assert.deepEqual(await service.stop("SIGTERM"), { code: 0, signal: null });
  });

  it("says when it runs in service mode, without printing the token", async () => {
    const token = "service-token-do-not-print-1234";
    const service = startMain({ GRAPH_API_TOKEN: token });
    await service.waitForLine((line) => READY.test(line));
    assert.match(service.output(), /Service mode/);
    assert.ok(!service.output().includes(token));
    await service.stop("SIGTERM");
  });

  it("refuses to start on invalid configuration, listing every problem at once", async () => {
    const token = "bad token with spaces";
    const service = startMain({
      PORT: "http",
      GRAPH_API_VERSION: "v22.0",
      GRAPH_API_URL: "ftp://example.com",
      GRAPH_API_TOKEN: token,
      LOG_LEVEL: "loud",
    });
    const exit = await service.exited;
    assert.equal(exit.code, 1);
    const output = service.output();
    for (const variable of [
      "PORT",
      "GRAPH_API_VERSION",
      "GRAPH_API_URL",
      "GRAPH_API_TOKEN",
      "LOG_LEVEL",
    ]) {
      assert.match(output, new RegExp(`- ${variable} `), variable);
    }
    assert.ok(!output.includes(token), "the token value is not echoed");
    assert.doesNotMatch(output, /\n\s+at /, "no stack trace");
  });
});
