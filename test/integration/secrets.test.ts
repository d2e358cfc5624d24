// The canary test: a token that must never be seen again once sent. Every scenario the service
// knows (success, each upstream error the emulator can produce, local throttling, an open
// circuit, a validation error, a malformed Authorization header, an upstream that echoes the
// token back) runs with a canary token, in production and development modes and in service mode
// (GRAPH_API_TOKEN), also with callers' JWTs. The canary must then appear in no log line, no response body or header, no
// metric and no exported span, and it must have reached the upstream (or the test proves nothing).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import type { Config } from "../../src/config.js";
import { FIXTURES } from "../../src/emulator/index.js";
import { createObservability } from "../../src/observability/index.js";
import { SharePreverifiedNumberDocument } from "../__generated__/graphql.js";
import { operationBody, shareInput } from "../helpers/graphql.js";
import { jwtSettingsOf, startIdentityProvider } from "../helpers/jwt.js";
import { shareCalls, startStack, type Stack, type StackOptions } from "../helpers/stack.js";

const { businesses, tokens, numbers, scenarios } = FIXTURES;

/** Looks like a Meta user token; the random part is what is searched for. */
function canary(kind: string): { token: string; needles: string[] } {
  const random = randomBytes(16).toString("hex");
  return { token: `EAAcanary-${kind}-${random}`, needles: [`EAAcanary-${kind}`, random] };
}

/** Everything the service let out during a run, by where it was seen. */
class Exposure {
  readonly seen: { where: string; text: string }[] = [];

  add(where: string, text: string): void {
    this.seen.push({ where, text });
  }

  async response(where: string, response: Response): Promise<string> {
    const text = await response.text();
    this.add(`${where}: body`, text);
    this.add(`${where}: headers`, JSON.stringify([...response.headers]));
    return text;
  }

  assertNone(needles: readonly string[]): void {
    assert.ok(this.seen.length > 0);
    for (const { where, text } of this.seen) {
      for (const needle of needles) {
        assert.ok(!text.includes(needle), `the canary is in ${where}:\n${text.slice(0, 2_000)}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// A tiny OTLP/HTTP receiver: the raw payloads are all this test needs

interface Receiver {
  url: string;
  bodies: string[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function listen(
  handler: (
    request: IncomingMessage,
    body: Buffer,
  ) => { status: number; body: string; headers?: Record<string, string> },
): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    readBody(request).then(
      (body) => {
        const answer = handler(request, body);
        response
          .writeHead(answer.status, { "content-type": "application/json", ...answer.headers })
          .end(answer.body);
      },
      () => response.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}

async function startReceiver(): Promise<Receiver> {
  const bodies: string[] = [];
  const { url, server } = await listen((request, body) => {
    const raw = request.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
    bodies.push(raw.toString("utf8"));
    return { status: 200, body: "{}" };
  });
  return { url, bodies, close: () => close(server) };
}

// ---------------------------------------------------------------------------------------------
// The scenarios

interface Run {
  stack: Stack;
  exposure: Exposure;
  /** Which fixture token the emulator takes the canary for (undefined: an unknown token). */
  actAs(token: string | undefined): void;
}

/** The emulator knows only its fixture tokens: the canary stands in for whichever one is asked. */
function acceptCanary(stack: Stack, token: string): Run["actAs"] {
  const store = stack.emulator.store;
  const lookup = store.getToken.bind(store);
  let as: string | undefined = tokens.acme;
  store.getToken = (candidate) =>
    candidate === token ? (as === undefined ? undefined : lookup(as)) : lookup(candidate);
  return (next) => {
    as = next;
  };
}

type Input = Partial<Record<"businessId" | "preverifiedId" | "partnerBusinessId", string>>;

async function share(
  run: Run,
  name: string,
  input: Input,
  headers: Record<string, string>,
): Promise<{ typename: string; reason?: string }> {
  const response = await fetch(`${run.stack.origin}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(
      operationBody(SharePreverifiedNumberDocument, { input: shareInput(input) }),
    ),
  });
  const text = await run.exposure.response(name, response);
  assert.equal(response.status, 200, text);
  const body = JSON.parse(text) as {
    data?: { sharePreverifiedNumber: { __typename: string; upstreamReason?: string } };
  };
  const result = body.data?.sharePreverifiedNumber;
  assert.ok(result, text);
  return {
    typename: result.__typename,
    ...(result.upstreamReason === undefined ? {} : { reason: result.upstreamReason }),
  };
}

/** The scenarios a caller can run with its own token; the throttling ones come last. */
const CALLER_SCENARIOS: {
  name: string;
  input?: Input;
  actAs?: string | undefined;
  typename: string;
  reason?: string;
}[] = [
  { name: "success", typename: "SharePreverifiedNumberSuccess" },
  { name: "expired token", actAs: tokens.expired, typename: "AuthenticationError" },
  { name: "token Meta does not know", actAs: undefined, typename: "AuthenticationError" },
  { name: "missing permission", actAs: tokens.noPermission, typename: "PermissionDeniedError" },
  { name: "unknown number", input: { preverifiedId: numbers.unknown }, typename: "NotFoundError" },
  {
    name: "already shared",
    input: { preverifiedId: numbers.sharedWithPartnerOne },
    typename: "SharingRejectedError",
  },
  {
    name: "500",
    input: { preverifiedId: scenarios.internalServerError },
    typename: "UpstreamError",
    reason: "SERVER_ERROR",
  },
  {
    name: "HTML 502",
    input: { preverifiedId: scenarios.badGatewayHtml },
    typename: "UpstreamError",
    reason: "UNPARSEABLE_RESPONSE",
  },
  {
    name: "empty 503",
    input: { preverifiedId: scenarios.serviceUnavailableEmpty },
    typename: "UpstreamError",
  },
  {
    name: "error on HTTP 200",
    input: { preverifiedId: scenarios.errorWithHttp200 },
    typename: "UpstreamError",
  },
  {
    name: "timeout",
    input: { preverifiedId: scenarios.noResponse },
    typename: "UpstreamError",
    reason: "TIMEOUT",
  },
  {
    name: "app rate limit",
    input: { preverifiedId: scenarios.appRateLimit },
    typename: "RateLimitedError",
  },
  {
    name: "business rate limit",
    input: { preverifiedId: scenarios.businessUseCaseRateLimit },
    typename: "RateLimitedError",
  },
  { name: "throttled business (not called)", typename: "RateLimitedError" },
];

const RESILIENCE: StackOptions["graphApi"] = {
  timeoutMs: 300,
  deadlineMs: 3_000,
  maxRetries: 1,
  retryBaseDelayMs: 5,
  retryMaxDelayMs: 10,
};

async function startRun(options: StackOptions, token: string, receiver: Receiver): Promise<Run> {
  const stack = await startStack({
    ...options,
    observability: createObservability({
      otlpEndpoint: receiver.url,
      serviceName: "secrets-test",
      serviceVersion: "0.0.0",
    }),
  });
  return { stack, exposure: new Exposure(), actAs: acceptCanary(stack, token) };
}

/** Scrapes, checks health, closes (which flushes the spans) and collects what was let out. */
async function finish(run: Run, receiver: Receiver): Promise<void> {
  const { stack, exposure } = run;
  for (const path of ["/metrics", "/health/live", "/health/ready"]) {
    await exposure.response(path, await fetch(`${stack.origin}${path}`));
  }
  await stack.close();
  exposure.add("logs", stack.logs.join("\n"));
  exposure.add("OTLP payloads", receiver.bodies.join("\n"));
  assert.ok(stack.logs.length > 0);
  assert.ok(receiver.bodies.length > 0, "spans were exported");
}

function forwardedWith(stack: Stack, token: string): number {
  const calls = shareCalls(stack);
  assert.ok(calls.length > 0, "the upstream was called");
  for (const call of calls) {
    assert.equal(call.headers["authorization"], `Bearer ${token}`, "the canary went upstream");
  }
  return calls.length;
}

// ---------------------------------------------------------------------------------------------

let receiver: Receiver;
before(async () => {
  receiver = await startReceiver();
});
after(async () => {
  await receiver.close();
});

for (const env of ["production", "development"] satisfies Config["env"][]) {
  describe(`a caller's token in ${env} mode`, () => {
    it("is forwarded upstream and appears nowhere else, whatever happens", async () => {
      receiver.bodies.length = 0;
      const { token, needles } = canary(env);
      const bearer = { authorization: `Bearer ${token}` };

      const run = await startRun({ env, graphApi: RESILIENCE }, token, receiver);
      try {
        for (const scenario of CALLER_SCENARIOS) {
          run.actAs("actAs" in scenario ? scenario.actAs : tokens.acme);
          const result = await share(run, scenario.name, scenario.input ?? {}, bearer);
          assert.equal(result.typename, scenario.typename, scenario.name);
          if (scenario.reason !== undefined) {
            assert.equal(result.reason, scenario.reason, scenario.name);
          }
        }
        // A request the service rejects before any resolver runs.
        const invalid = await fetch(`${run.stack.origin}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...bearer },
          // Invalid on purpose (no input, no such field): a validation error's text is checked.
          body: JSON.stringify({ query: "mutation Broken { sharePreverifiedNumber { nope } }" }),
        });
        assert.match(
          await run.exposure.response("validation error", invalid),
          /GRAPHQL_VALIDATION_FAILED/,
        );
        // Authorization headers the service cannot use are never forwarded, nor repeated.
        for (const authorization of [`Basic ${token}`, `Bearer ${token} extra`, token]) {
          const result = await share(
            run,
            `malformed: ${authorization.slice(0, 6)}`,
            {},
            { authorization },
          );
          assert.equal(result.typename, "AuthenticationError");
        }
      } finally {
        await finish(run, receiver);
      }
      // The emulator's own fixture tokens were never sent: every call carried the canary.
      assert.ok(forwardedWith(run.stack, token) >= CALLER_SCENARIOS.length);
      run.exposure.assertNone(needles);
    });

    it("never lets out the token when the circuit is open", async () => {
      receiver.bodies.length = 0;
      const { token, needles } = canary(`${env}-circuit`);
      const bearer = { authorization: `Bearer ${token}` };
      const run = await startRun(
        {
          env,
          graphApi: {
            ...RESILIENCE,
            maxRetries: 0,
            circuitMinCalls: 1,
            circuitCooldownMs: 60_000,
          },
        },
        token,
        receiver,
      );
      try {
        const broken = await share(
          run,
          "500",
          { preverifiedId: scenarios.internalServerError },
          bearer,
        );
        assert.equal(broken.reason, "SERVER_ERROR");
        const open = await share(run, "circuit open", {}, bearer);
        assert.equal(open.reason, "CIRCUIT_OPEN");
      } finally {
        await finish(run, receiver);
      }
      assert.equal(forwardedWith(run.stack, token), 1);
      run.exposure.assertNone(needles);
    });
  });
}

describe("an upstream that echoes the token back", () => {
  it("is scrubbed before the token reaches a client, a log, a metric or a span", async () => {
    receiver.bodies.length = 0;
    const { token, needles } = canary("echo");
    const received: string[] = [];
    // Meta does this: "Malformed access token EAA…", in the body and in WWW-Authenticate.
    const echo = await listen((request) => {
      const sent = (request.headers["authorization"] ?? "").replace(/^Bearer /, "");
      received.push(sent);
      return {
        status: 400,
        body: JSON.stringify({
          error: {
            message: `Malformed access token ${sent}`,
            type: "OAuthException",
            code: 190,
            error_user_title: `Token ${sent}`,
            error_user_msg: `The token ${sent} is malformed.`,
            fbtrace_id: "AechoTrace1",
          },
        }),
        headers: {
          "www-authenticate": `OAuth "Facebook Platform" "invalid_token" "Malformed access token ${sent}"`,
        },
      };
    });
    const stack = await startStack({
      env: "development",
      upstreamUrl: echo.url,
      observability: createObservability({
        otlpEndpoint: receiver.url,
        serviceName: "secrets-test",
        serviceVersion: "0.0.0",
      }),
    });
    const run: Run = { stack, exposure: new Exposure(), actAs: () => undefined };
    try {
      const result = await share(run, "echo", {}, { authorization: `Bearer ${token}` });
      assert.equal(result.typename, "AuthenticationError");
    } finally {
      await finish(run, receiver);
      await close(echo.server);
    }
    assert.deepEqual(received, [token], "the canary went upstream");
    run.exposure.assertNone(needles);
  });
});

describe("GRAPH_API_TOKEN in service mode", () => {
  it("is used upstream and appears nowhere else, including readiness", async () => {
    receiver.bodies.length = 0;
    const { token, needles } = canary("service");
    const run = await startRun(
      { env: "production", serviceToken: token, graphApi: RESILIENCE },
      token,
      receiver,
    );
    try {
      // Callers send nothing, or a token of their own that service mode ignores.
      for (const [name, input, headers, typename] of [
        ["success", {}, {}, "SharePreverifiedNumberSuccess"],
        [
          "caller token ignored",
          { partnerBusinessId: businesses.partnerTwo },
          { authorization: "Bearer caller" },
          "SharePreverifiedNumberSuccess",
        ],
        ["unknown number", { preverifiedId: numbers.unknown }, {}, "NotFoundError"],
        ["500", { preverifiedId: scenarios.internalServerError }, {}, "UpstreamError"],
        ["timeout", { preverifiedId: scenarios.noResponse }, {}, "UpstreamError"],
      ] as const) {
        const result = await share(run, name, input, headers);
        assert.equal(result.typename, typename, name);
      }
      // Meta rejects GRAPH_API_TOKEN: readiness says so, by name only.
      run.actAs(tokens.expired);
      assert.equal((await share(run, "expired", {}, {})).typename, "AuthenticationError");
      const ready = await fetch(`${run.stack.origin}/health/ready`);
      assert.equal(ready.status, 503);
      assert.match(await run.exposure.response("not ready", ready), /GRAPH_API_TOKEN/);
      const invalid = await fetch(`${run.stack.origin}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ nope }" }),
      });
      await run.exposure.response("validation error", invalid);
    } finally {
      await finish(run, receiver);
    }
    forwardedWith(run.stack, token);
    run.exposure.assertNone(needles);
  });
});

describe("a caller's JWT in service mode (JWT authentication)", () => {
  it("never goes upstream and appears nowhere; the service token goes upstream and nowhere else", async () => {
    receiver.bodies.length = 0;
    const service = canary("jwt-service");
    const idp = await startIdentityProvider({ issuer: "https://idp.test/", audience: "subgraph" });
    const run = await startRun(
      {
        env: "production",
        serviceToken: service.token,
        graphApi: RESILIENCE,
        jwt: jwtSettingsOf(idp),
      },
      service.token,
      receiver,
    );
    const claims = {
      sub: "canary-caller",
      businesses: [businesses.acme],
      scope: "preverified:read preverified:share",
    };
    const jwts = {
      valid: await idp.sign(claims),
      otherBusiness: await idp.sign({ ...claims, businesses: [businesses.globex] }),
      expired: await idp.sign(claims, { expiresIn: -600 }),
      forged: await idp.sign(claims, { forge: true }),
      wrongAudience: await idp.sign(claims, { audience: "another-api" }),
    };
    // Each JWT's signature is random: it is what must never be seen again.
    const needles = [
      ...service.needles,
      ...Object.values(jwts).map((jwt) => jwt.split(".")[2] ?? jwt),
    ];
    try {
      for (const [name, jwt, input, typename] of [
        ["success", jwts.valid, {}, "SharePreverifiedNumberSuccess"],
        ["unknown number", jwts.valid, { preverifiedId: numbers.unknown }, "NotFoundError"],
        ["500", jwts.valid, { preverifiedId: scenarios.internalServerError }, "UpstreamError"],
        ["other business", jwts.otherBusiness, {}, "PermissionDeniedError"],
        ["expired", jwts.expired, {}, "AuthenticationError"],
        ["forged", jwts.forged, {}, "AuthenticationError"],
        ["wrong audience", jwts.wrongAudience, {}, "AuthenticationError"],
      ] as const) {
        const result = await share(run, name, input, { authorization: `Bearer ${jwt}` });
        assert.equal(result.typename, typename, name);
      }
    } finally {
      await finish(run, receiver);
      await idp.close();
    }
    forwardedWith(run.stack, service.token);
    run.exposure.add("upstream requests", JSON.stringify(run.stack.emulator.requests));
    run.exposure.assertNone(needles.slice(service.needles.length));
    // The service token was sent upstream (above); everywhere else it must not be.
    const exposure = new Exposure();
    for (const seen of run.exposure.seen.filter((entry) => entry.where !== "upstream requests")) {
      exposure.add(seen.where, seen.text);
    }
    exposure.assertNone(service.needles);
  });
});
