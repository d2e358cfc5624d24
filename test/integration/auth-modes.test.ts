// The authentication modes as an operator meets them at start-up (src/main.ts as a process):
// service mode on the emulator with its development identity provider and `npm run token`,
// production refusing to run unauthenticated, and AUTH_DISABLED saying so at every turn.
import assert from "node:assert/strict";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { after, describe, it } from "node:test";
import { FIXTURES } from "../../src/emulator/index.js";
import { ShareTypenameDocument } from "../__generated__/graphql.js";
import { executeAt, shareInput } from "../helpers/graphql.js";
import { runToCompletion, startMain, stopAll } from "../helpers/processes.js";

const TOKEN_SCRIPT = new URL("../../scripts/token.ts", import.meta.url).pathname;
const READY = /GraphQL ready at http:\/\/localhost:(\d+)\/graphql/;
const { businesses, tokens } = FIXTURES;

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function devToken(...args: string[]): Promise<string> {
  const output = await runToCompletion(process.execPath, [
    "--import",
    "tsx",
    TOKEN_SCRIPT,
    ...args,
  ]);
  const jwt = output.trim().split("\n").at(-1) ?? "";
  assert.match(jwt, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  return jwt;
}

async function share(port: string, authorization: string | undefined): Promise<string> {
  const answer = await executeAt(
    `http://127.0.0.1:${port}/graphql`,
    ShareTypenameDocument,
    { input: shareInput() },
    authorization === undefined ? {} : { authorization },
  );
  return answer.body.data?.sharePreverifiedNumber.__typename ?? answer.text;
}

describe("authentication modes at start-up", () => {
  after(async () => {
    await stopAll();
  });

  it("service mode on the emulator: JWTs from its identity provider, printed by `npm run token`", async () => {
    const service = startMain({ GRAPH_API_TOKEN: tokens.acme });
    const port = READY.exec(await service.waitForLine((line) => READY.test(line)))?.[1];
    assert.ok(port);
    assert.match(service.output(), /callers authenticate with JWTs/);
    assert.ok(!service.output().includes(tokens.acme), "the service token is never printed");
    // No token, or the Meta token itself: refused.
    assert.equal(await share(port, undefined), "AuthenticationError");
    assert.equal(await share(port, `Bearer ${tokens.acme}`), "AuthenticationError");
    // A token for another business, then one without the share scope: not allowed.
    const globex = await devToken("--business", businesses.globex);
    assert.equal(await share(port, `Bearer ${globex}`), "PermissionDeniedError");
    const reader = await devToken("--scope", "preverified:read");
    assert.equal(await share(port, `Bearer ${reader}`), "PermissionDeniedError");
    // The default token (Acme, every scope) shares.
    assert.equal(await share(port, `Bearer ${await devToken()}`), "SharePreverifiedNumberSuccess");
    // Sandbox starts with a token for this mode.
    const landing = await (
      await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: "text/html" } })
    ).text();
    assert.match(landing, /Bearer eyJ/);
    await service.stop("SIGTERM");
  });

  it("production refuses GRAPH_API_TOKEN without caller authentication", async () => {
    const service = startMain({
      NODE_ENV: "production",
      GRAPH_API_URL: "http://127.0.0.1:1",
      GRAPH_API_TOKEN: "service-token-do-not-print",
    });
    const exit = await service.exited;
    assert.equal(exit.code, 1);
    assert.match(service.output(), /callers are not authenticated: set AUTH_JWKS_URL/);
    assert.ok(!service.output().includes("service-token-do-not-print"));
  });

  it("refuses AUTH_* without GRAPH_API_TOKEN, and half of the AUTH_* trio", async () => {
    const service = startMain({
      GRAPH_API_URL: "http://127.0.0.1:1",
      AUTH_JWKS_URL: "http://127.0.0.1:1/.well-known/jwks.json",
      AUTH_ISSUER: "https://idp.example/",
    });
    const exit = await service.exited;
    assert.equal(exit.code, 1);
    assert.match(service.output(), /AUTH_AUDIENCE must be set too/);
    assert.match(service.output(), /JWT authentication \(AUTH_\*\) needs GRAPH_API_TOKEN/);
  });

  it("AUTH_DISABLED=true in production: starts, warns, and says so in /health/ready", async () => {
    const service = startMain({
      NODE_ENV: "production",
      GRAPH_API_URL: "http://127.0.0.1:1",
      GRAPH_API_TOKEN: "service-token-do-not-print",
      AUTH_DISABLED: "true",
    });
    const port = READY.exec(await service.waitForLine((line) => READY.test(line)))?.[1];
    assert.ok(port);
    assert.match(service.output(), /"level":40.*AUTH_DISABLED/);
    const ready = (await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()) as {
      status: string;
      warnings?: string[];
    };
    assert.equal(ready.status, "ready");
    assert.match(ready.warnings?.join(" ") ?? "", /AUTH_DISABLED/);
    await service.stop("SIGTERM");
  });

  it("METRICS_PORT moves /metrics off the GraphQL port", async () => {
    const metricsPort = await freePort();
    const service = startMain({ METRICS_PORT: String(metricsPort) });
    const port = READY.exec(await service.waitForLine((line) => READY.test(line)))?.[1];
    assert.ok(port);
    assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 404);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(await metrics.text(), /# TYPE /);
    await service.stop("SIGTERM");
  });
});
