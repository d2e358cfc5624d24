import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, META_GRAPH_API_URL, loadConfig } from "../../src/config.js";
import { SUPPORTED_GRAPH_API_VERSIONS } from "../../src/graph-api/wire.js";

type Env = Record<string, string | undefined>;

/** Runs `loadConfig` expecting a `ConfigError`, and returns it. */
function configErrorOf(env: Env): ConfigError {
  try {
    const config = loadConfig(env);
    return assert.fail(`expected a ConfigError, got ${JSON.stringify(config)}`);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
}

describe("loadConfig defaults", () => {
  it("an empty environment gives the documented defaults", () => {
    assert.deepEqual(loadConfig({}), {
      env: "development",
      http: {
        host: "localhost",
        port: 4000,
        requestTimeoutMs: 10_000,
        headersTimeoutMs: 5_000,
        keepAliveTimeoutMs: 72_000,
        socketTimeoutMs: 30_000,
        maxConnections: 1_024,
        maxRequestsPerSocket: 0,
        trustProxy: [],
      },
      graphApi: {
        upstream: { kind: "emulator" },
        version: "v25.0",
        token: undefined,
        timeoutMs: 8_000,
        deadlineMs: 15_000,
        maxRetries: 2,
        retryBaseDelayMs: 250,
        retryMaxDelayMs: 2_000,
        circuitFailurePercent: 50,
        circuitWindowMs: 30_000,
        circuitMinCalls: 20,
        circuitCooldownMs: 10_000,
        maxCallsPerRequest: 20,
        maxIdsPerRead: 50,
        maxResponseBytes: 4_194_304,
      },
      shutdownGraceMs: 10_000,
      limits: {
        maxBodyBytes: 65_536,
        maxDepth: 8,
        maxAliases: 10,
        maxRootFields: 10,
        maxDirectives: 10,
        maxTokens: 1_000,
        allowBatchedRequests: false,
        maxBulkShares: 200,
        maxEntityRepresentations: 500,
      },
      mutationRateLimit: { perMinute: 120, burst: 30 },
      readRateLimit: { perMinute: 600, burst: 120 },
      corsOrigins: ["https://studio.apollographql.com"],
      auth: { kind: "meta-token" },
      routerSecret: undefined,
      metricsPort: undefined,
      otlpEndpoint: undefined,
      logLevel: "info",
      state: { kind: "embedded", dataDir: ".state/pglite" },
      expiry: { minAheadMs: 60_000, maxAheadMs: 365 * 86_400_000, pollIntervalMs: 1_000 },
    });
  });

  it("the token is undefined, not an empty string, when unset", () => {
    const config = loadConfig({});
    assert.equal(config.graphApi.token, undefined);
  });

  it("the socket timeout follows the upstream deadline (15 s more) unless set", () => {
    assert.equal(loadConfig({ GRAPH_API_DEADLINE_MS: "60000" }).http.socketTimeoutMs, 75_000);
    assert.equal(
      loadConfig({ GRAPH_API_DEADLINE_MS: "60000", HTTP_SOCKET_TIMEOUT_MS: "61000" }).http
        .socketTimeoutMs,
      61_000,
    );
  });

  it("ignores variables it does not know", () => {
    assert.deepEqual(loadConfig({ PATH: "/usr/bin", SOMETHING_ELSE: "x" }), loadConfig({}));
  });
});

describe("loadConfig upstream", () => {
  it("production without GRAPH_API_URL goes to Meta, never to the emulator", () => {
    const config = loadConfig({ NODE_ENV: "production" });
    assert.equal(config.env, "production");
    assert.deepEqual(config.graphApi.upstream, { kind: "url", url: "https://graph.facebook.com" });
    assert.equal(META_GRAPH_API_URL, "https://graph.facebook.com");
  });

  it("production with an empty GRAPH_API_URL still goes to Meta", () => {
    const config = loadConfig({ NODE_ENV: "production", GRAPH_API_URL: "" });
    assert.deepEqual(config.graphApi.upstream, { kind: "url", url: META_GRAPH_API_URL });
  });

  const honoured: { name: string; env: Env; url: string }[] = [
    {
      name: "development (default)",
      env: { GRAPH_API_URL: "http://127.0.0.1:9999" },
      url: "http://127.0.0.1:9999",
    },
    {
      name: "development (explicit)",
      env: { NODE_ENV: "development", GRAPH_API_URL: "https://graph.example.test/base" },
      url: "https://graph.example.test/base",
    },
    {
      name: "test",
      env: { NODE_ENV: "test", GRAPH_API_URL: "http://localhost:4100" },
      url: "http://localhost:4100",
    },
    {
      name: "production",
      env: { NODE_ENV: "production", GRAPH_API_URL: "https://proxy.example.test" },
      url: "https://proxy.example.test",
    },
  ];
  for (const { name, env, url } of honoured) {
    it(`GRAPH_API_URL is honoured in ${name}`, () => {
      assert.deepEqual(loadConfig(env).graphApi.upstream, { kind: "url", url });
    });
  }
});

describe("loadConfig values", () => {
  for (const version of SUPPORTED_GRAPH_API_VERSIONS) {
    it(`accepts GRAPH_API_VERSION=${version}`, () => {
      assert.equal(loadConfig({ GRAPH_API_VERSION: version }).graphApi.version, version);
    });
  }

  it("supports at least v23.0, v24.0 and v25.0", () => {
    assert.deepEqual([...SUPPORTED_GRAPH_API_VERSIONS], ["v23.0", "v24.0", "v25.0"]);
  });

  const accepted: {
    name: string;
    env: Env;
    check: (config: ReturnType<typeof loadConfig>) => void;
  }[] = [
    {
      name: "PORT=8080",
      env: { PORT: "8080" },
      check: (c) => {
        assert.equal(c.http.port, 8080);
      },
    },
    {
      name: "PORT=65535",
      env: { PORT: "65535" },
      check: (c) => {
        assert.equal(c.http.port, 65_535);
      },
    },
    {
      name: "HOST=127.0.0.1",
      env: { HOST: "127.0.0.1" },
      check: (c) => {
        assert.equal(c.http.host, "127.0.0.1");
      },
    },
    {
      name: "GRAPH_API_TOKEN=EAAB-token_1.x",
      env: { GRAPH_API_TOKEN: "EAAB-token_1.x" },
      check: (c) => {
        assert.equal(c.graphApi.token, "EAAB-token_1.x");
      },
    },
    {
      name: "GRAPH_API_TIMEOUT_MS=100",
      env: { GRAPH_API_TIMEOUT_MS: "100" },
      check: (c) => {
        assert.equal(c.graphApi.timeoutMs, 100);
      },
    },
    {
      name: "GRAPH_API_TIMEOUT_MS=120000",
      env: { GRAPH_API_TIMEOUT_MS: "120000" },
      check: (c) => {
        assert.equal(c.graphApi.timeoutMs, 120_000);
      },
    },
    {
      name: "the HTTP server settings",
      env: {
        HTTP_REQUEST_TIMEOUT_MS: "30000",
        HTTP_HEADERS_TIMEOUT_MS: "30000",
        HTTP_KEEP_ALIVE_TIMEOUT_MS: "5000",
        HTTP_SOCKET_TIMEOUT_MS: "20000",
        HTTP_MAX_CONNECTIONS: "10",
        HTTP_MAX_REQUESTS_PER_SOCKET: "500",
        GRAPH_API_DEADLINE_MS: "19000",
      },
      check: (c) => {
        assert.deepEqual(
          { ...c.http, host: undefined, port: undefined },
          {
            host: undefined,
            port: undefined,
            requestTimeoutMs: 30_000,
            headersTimeoutMs: 30_000,
            keepAliveTimeoutMs: 5_000,
            socketTimeoutMs: 20_000,
            maxConnections: 10,
            maxRequestsPerSocket: 500,
            trustProxy: [],
          },
        );
      },
    },
    {
      name: "GRAPH_API_MAX_RESPONSE_BYTES=1024",
      env: { GRAPH_API_MAX_RESPONSE_BYTES: "1024" },
      check: (c) => {
        assert.equal(c.graphApi.maxResponseBytes, 1_024);
      },
    },
    {
      name: "TRUST_PROXY with addresses, CIDRs and proxy-addr's names",
      env: {
        TRUST_PROXY: " 10.0.0.0/8, 192.168.1.7,::1 ,fd00::/8, 127.0.0.1/32,loopback,uniquelocal",
      },
      check: (c) => {
        assert.deepEqual(c.http.trustProxy, [
          "10.0.0.0/8",
          "192.168.1.7",
          "::1",
          "fd00::/8",
          "127.0.0.1/32",
          "loopback",
          "uniquelocal",
        ]);
      },
    },
    {
      name: "LOG_LEVEL=debug",
      env: { LOG_LEVEL: "debug" },
      check: (c) => {
        assert.equal(c.logLevel, "debug");
      },
    },
    {
      name: "LOG_LEVEL=silent",
      env: { LOG_LEVEL: "silent" },
      check: (c) => {
        assert.equal(c.logLevel, "silent");
      },
    },
  ];
  for (const { name, env, check } of accepted) {
    it(`accepts ${name}`, () => {
      check(loadConfig(env));
    });
  }
});

describe("loadConfig: empty strings count as unset", () => {
  const variables = [
    "NODE_ENV",
    "HOST",
    "PORT",
    "GRAPH_API_URL",
    "GRAPH_API_VERSION",
    "GRAPH_API_TOKEN",
    "GRAPH_API_TIMEOUT_MS",
    "LOG_LEVEL",
  ];
  for (const variable of variables) {
    it(`${variable}="" gives the default`, () => {
      assert.deepEqual(loadConfig({ [variable]: "" }), loadConfig({}));
    });
  }

  it("all of them empty at once give the defaults", () => {
    const env = Object.fromEntries(variables.map((variable) => [variable, ""]));
    assert.deepEqual(loadConfig(env), loadConfig({}));
  });
});

describe("loadConfig: blank values count as unset", () => {
  it("PORT, HOST and GRAPH_API_URL of white space fall back to their defaults", () => {
    const config = loadConfig({ PORT: " ", HOST: "\t", GRAPH_API_URL: "  " });
    assert.equal(config.http.port, 4000);
    assert.equal(config.http.host, "localhost");
    assert.deepEqual(config.graphApi.upstream, { kind: "emulator" });
  });
});

describe("loadConfig rejects bad values", () => {
  const rejected: { variable: string; value: string }[] = [
    { variable: "PORT", value: "abc" },
    { variable: "PORT", value: "-1" },
    { variable: "PORT", value: "65536" },
    { variable: "PORT", value: "1.5" },
    { variable: "PORT", value: "0x10" },
    { variable: "PORT", value: "1e3" },
    { variable: "GRAPH_API_URL", value: "https://user:secret@graph.example" },
    { variable: "GRAPH_API_TIMEOUT_MS", value: "1e3" },
    { variable: "GRAPH_API_DEADLINE_MS", value: "99" },
    { variable: "GRAPH_API_MAX_RETRIES", value: "11" },
    { variable: "GRAPH_API_MAX_RETRIES", value: "-1" },
    { variable: "GRAPH_API_RETRY_BASE_DELAY_MS", value: "60001" },
    { variable: "GRAPH_API_RETRY_MAX_DELAY_MS", value: "fast" },
    { variable: "GRAPH_API_CIRCUIT_THRESHOLD", value: "5" },
    { variable: "GRAPH_API_CIRCUIT_FAILURE_PERCENT", value: "0" },
    { variable: "GRAPH_API_CIRCUIT_FAILURE_PERCENT", value: "100" },
    { variable: "GRAPH_API_CIRCUIT_WINDOW_MS", value: "999" },
    { variable: "GRAPH_API_CIRCUIT_MIN_CALLS", value: "0" },
    { variable: "GRAPH_API_MAX_CALLS_PER_REQUEST", value: "0" },
    { variable: "GRAPH_API_MAX_CALLS_PER_REQUEST", value: "1001" },
    { variable: "MAX_ENTITY_REPRESENTATIONS", value: "0" },
    { variable: "READ_RATE_LIMIT_PER_MINUTE", value: "0" },
    { variable: "READ_RATE_LIMIT_BURST", value: "many" },
    { variable: "GRAPH_API_CIRCUIT_COOLDOWN_MS", value: "99" },
    { variable: "SHUTDOWN_GRACE_MS", value: "600001" },
    { variable: "GRAPH_API_URL", value: "ftp://x" },
    { variable: "GRAPH_API_URL", value: "not a url" },
    { variable: "GRAPH_API_URL", value: "http://x/?a=1" },
    { variable: "GRAPH_API_URL", value: "http://x/#frag" },
    { variable: "GRAPH_API_VERSION", value: "v22.0" },
    { variable: "GRAPH_API_VERSION", value: "v26.0" },
    { variable: "GRAPH_API_VERSION", value: "25.0" },
    { variable: "GRAPH_API_VERSION", value: "latest" },
    { variable: "GRAPH_API_TOKEN", value: "abc def" },
    { variable: "GRAPH_API_TOKEN", value: "abc\ndef" },
    { variable: "GRAPH_API_TOKEN", value: "abcdef\n" },
    { variable: "LOG_LEVEL", value: "verbose" },
    { variable: "LOG_LEVEL", value: "INFO" },
    { variable: "NODE_ENV", value: "prod" },
    { variable: "NODE_ENV", value: "staging" },
    { variable: "GRAPH_API_TIMEOUT_MS", value: "99" },
    { variable: "GRAPH_API_TIMEOUT_MS", value: "120001" },
    { variable: "GRAPH_API_TIMEOUT_MS", value: "0" },
    { variable: "HTTP_REQUEST_TIMEOUT_MS", value: "99" },
    { variable: "HTTP_REQUEST_TIMEOUT_MS", value: "600001" },
    { variable: "HTTP_HEADERS_TIMEOUT_MS", value: "soon" },
    { variable: "HTTP_KEEP_ALIVE_TIMEOUT_MS", value: "0" },
    { variable: "HTTP_SOCKET_TIMEOUT_MS", value: "999" },
    { variable: "HTTP_MAX_CONNECTIONS", value: "0" },
    { variable: "HTTP_MAX_REQUESTS_PER_SOCKET", value: "-1" },
    { variable: "GRAPH_API_MAX_RESPONSE_BYTES", value: "1023" },
    { variable: "GRAPH_API_MAX_RESPONSE_BYTES", value: "4MiB" },
    { variable: "TRUST_PROXY", value: "true" },
    { variable: "TRUST_PROXY", value: "*" },
    { variable: "TRUST_PROXY", value: "0.0.0.0/0" },
    { variable: "TRUST_PROXY", value: "::/0" },
    { variable: "TRUST_PROXY", value: "10.0.0.1, ::/0" },
    { variable: "TRUST_PROXY", value: "::ffff:0:0/96" },
    { variable: "TRUST_PROXY", value: "1" },
    { variable: "TRUST_PROXY", value: "proxy.internal" },
    { variable: "TRUST_PROXY", value: "10.0.0.0/33" },
    { variable: "TRUST_PROXY", value: "10.0.0.0/255.0.0.0" },
  ];
  for (const { variable, value } of rejected) {
    it(`${variable}=${JSON.stringify(value)} → one ConfigError problem naming ${variable}`, () => {
      const error = configErrorOf({ [variable]: value });
      assert.equal(error.name, "ConfigError");
      assert.ok(error instanceof Error);
      assert.equal(error.problems.length, 1, JSON.stringify(error.problems));
      assert.ok(
        error.problems[0]!.startsWith(`${variable} `),
        `problem should name ${variable}: ${error.problems[0]!}`,
      );
      assert.ok(error.message.includes(variable), error.message);
    });
  }
});

describe("loadConfig: the breaker, the call budget and the read budget", () => {
  it("reads every knob", () => {
    const config = loadConfig({
      GRAPH_API_CIRCUIT_FAILURE_PERCENT: "75",
      GRAPH_API_CIRCUIT_WINDOW_MS: "60000",
      GRAPH_API_CIRCUIT_MIN_CALLS: "100",
      GRAPH_API_MAX_CALLS_PER_REQUEST: "7",
      MAX_ENTITY_REPRESENTATIONS: "42",
      READ_RATE_LIMIT_PER_MINUTE: "60",
      READ_RATE_LIMIT_BURST: "10",
    });
    assert.equal(config.graphApi.circuitFailurePercent, 75);
    assert.equal(config.graphApi.circuitWindowMs, 60_000);
    assert.equal(config.graphApi.circuitMinCalls, 100);
    assert.equal(config.graphApi.maxCallsPerRequest, 7);
    assert.equal(config.limits.maxEntityRepresentations, 42);
    assert.deepEqual(config.readRateLimit, { perMinute: 60, burst: 10 });
  });

  it("says what replaced GRAPH_API_CIRCUIT_THRESHOLD instead of ignoring it", () => {
    const error = configErrorOf({ GRAPH_API_CIRCUIT_THRESHOLD: "5" });
    assert.match(error.problems[0] ?? "", /no longer used.*GRAPH_API_CIRCUIT_FAILURE_PERCENT/);
  });
});

describe("loadConfig: TRUST_PROXY never trusts everyone", () => {
  for (const value of ["true", "*", "0.0.0.0/0", "::/0"]) {
    it(`TRUST_PROXY=${value} is refused with a message saying why`, () => {
      const [problem] = configErrorOf({ TRUST_PROXY: value }).problems;
      assert.match(problem ?? "", /^TRUST_PROXY must not trust every client/);
      assert.match(problem ?? "", /addresses or CIDRs of your router or ingress/);
    });
  }

  it("names entries it does not understand", () => {
    const [problem] = configErrorOf({ TRUST_PROXY: "10.0.0.1,proxy.internal" }).problems;
    assert.match(problem ?? "", /not understood: "proxy\.internal"$/);
  });
});

describe("loadConfig fails closed", () => {
  it("the default HOST is loopback", () => {
    assert.equal(loadConfig({}).http.host, "localhost");
  });

  for (const host of ["localhost", "127.0.0.1", "127.8.9.10", "::1"]) {
    it(`the emulator serves in development on HOST=${host}`, () => {
      assert.deepEqual(loadConfig({ HOST: host }).graphApi.upstream, { kind: "emulator" });
    });
  }

  for (const host of ["0.0.0.0", "::", "192.168.1.20", "example.com"]) {
    it(`without GRAPH_API_URL, development on HOST=${host} refuses to start`, () => {
      const error = configErrorOf({ HOST: host });
      assert.equal(error.problems.length, 1);
      assert.match(
        error.problems[0] ?? "",
        /^GRAPH_API_URL is not set, so the embedded Meta emulator would serve fake answers on HOST=".*", which is not a loopback address/,
      );
      assert.deepEqual(
        loadConfig({ HOST: host, GRAPH_API_URL: "http://127.0.0.1:4100" }).graphApi.upstream,
        { kind: "url", url: "http://127.0.0.1:4100" },
        "with an upstream it starts",
      );
    });
  }

  it("NODE_ENV=test without GRAPH_API_URL refuses to start (the emulator is for development)", () => {
    const error = configErrorOf({ NODE_ENV: "test", HOST: "127.0.0.1" });
    assert.deepEqual(error.problems.length, 1);
    assert.match(error.problems[0] ?? "", /^GRAPH_API_URL must be set when NODE_ENV=test/);
  });

  it("production on any HOST goes to Meta without GRAPH_API_URL", () => {
    const config = loadConfig({ NODE_ENV: "production", HOST: "0.0.0.0" });
    assert.deepEqual(config.graphApi.upstream, { kind: "url", url: META_GRAPH_API_URL });
  });

  for (const url of [
    "http://graph.example.test",
    "http://10.0.0.5:8080",
    "http://localhost.example",
  ]) {
    it(`production refuses plain http:// to a non-loopback host (${url})`, () => {
      const error = configErrorOf({ NODE_ENV: "production", GRAPH_API_URL: url });
      assert.equal(error.problems.length, 1);
      assert.match(
        error.problems[0] ?? "",
        /^GRAPH_API_URL must be an https:\/\/ URL in production/,
      );
    });
  }

  for (const url of ["http://127.0.0.1:4100", "http://localhost:4100/", "http://[::1]:4100"]) {
    it(`production accepts plain http:// to loopback (${url})`, () => {
      assert.deepEqual(
        loadConfig({ NODE_ENV: "production", GRAPH_API_URL: url }).graphApi.upstream,
        {
          kind: "url",
          url,
        },
      );
    });
  }

  it("development and test accept plain http:// anywhere", () => {
    for (const NODE_ENV of ["development", "test"]) {
      assert.equal(
        loadConfig({ NODE_ENV, GRAPH_API_URL: "http://meta-mock.internal" }).graphApi.upstream.kind,
        "url",
      );
    }
  });
});

describe("loadConfig: rules between variables", () => {
  it("the headers timeout may not exceed the request timeout", () => {
    const [problem] = configErrorOf({ HTTP_HEADERS_TIMEOUT_MS: "20000" }).problems;
    assert.match(
      problem ?? "",
      /^HTTP_HEADERS_TIMEOUT_MS \(20000\) must not exceed HTTP_REQUEST_TIMEOUT_MS \(10000\)/,
    );
  });

  it("the socket timeout must outlast the upstream deadline", () => {
    const [problem] = configErrorOf({ HTTP_SOCKET_TIMEOUT_MS: "15000" }).problems;
    assert.match(
      problem ?? "",
      /^HTTP_SOCKET_TIMEOUT_MS \(15000\) must be longer than GRAPH_API_DEADLINE_MS \(15000\)/,
    );
  });

  it("are reported with the other problems, once each", () => {
    const error = configErrorOf({
      PORT: "abc",
      HOST: "0.0.0.0",
      HTTP_HEADERS_TIMEOUT_MS: "20000",
      HTTP_REQUEST_TIMEOUT_MS: "nope",
      HTTP_SOCKET_TIMEOUT_MS: "2000",
    });
    assert.deepEqual(
      error.problems.map((problem) => problem.split(" ")[0]),
      ["PORT", "HTTP_REQUEST_TIMEOUT_MS", "GRAPH_API_URL", "HTTP_SOCKET_TIMEOUT_MS"],
      "the headers rule is skipped: the request timeout is invalid on its own",
    );
  });
});

describe("loadConfig reports every problem at once", () => {
  const bad: Env = {
    PORT: "abc",
    GRAPH_API_URL: "ftp://x",
    GRAPH_API_VERSION: "latest",
    LOG_LEVEL: "loud",
    NODE_ENV: "staging",
    GRAPH_API_TIMEOUT_MS: "5",
  };

  it("throws ONE ConfigError with one problem per bad variable, each named in the message", () => {
    const error = configErrorOf({ ...bad, HOST: "localhost" });
    const variables = Object.keys(bad);
    assert.equal(error.problems.length, variables.length, JSON.stringify(error.problems));
    for (const variable of variables) {
      const mentions = error.problems.filter((problem) => problem.startsWith(`${variable} `));
      assert.equal(mentions.length, 1, `${variable} in ${JSON.stringify(error.problems)}`);
      assert.ok(error.message.includes(variable), `${variable} missing from ${error.message}`);
    }
    // One line per problem after the header.
    assert.equal(error.message.split("\n").length, variables.length + 1, error.message);
  });
});

describe("loadConfig keeps the token secret", () => {
  const secrets = ["EAAB s3cr3t-XYZ", "EAABs3cr3t\nQwErTy", "EAAB\tZZs3cr3tTAB"];
  for (const secret of secrets) {
    it(`a bad GRAPH_API_TOKEN (${JSON.stringify(secret)}) is rejected without being echoed`, () => {
      const error = configErrorOf({ GRAPH_API_TOKEN: secret, PORT: "nope" });
      assert.equal(error.problems.length, 2);
      assert.ok(error.message.includes("GRAPH_API_TOKEN"), error.message);
      assert.ok(!error.message.includes(secret), error.message);
      // Nor any recognisable part of it.
      for (const part of secret.split(/\s+/)) {
        assert.ok(!error.message.includes(part), `${part} leaked in ${error.message}`);
        for (const problem of error.problems) {
          assert.ok(!problem.includes(part), `${part} leaked in ${problem}`);
        }
      }
    });
  }
});

describe("loadConfig authentication modes", () => {
  const JWT = {
    AUTH_JWKS_URL: "https://idp.example.com/.well-known/jwks.json",
    AUTH_ISSUER: "https://idp.example.com/",
    AUTH_AUDIENCE: "preverified-sharing",
  };
  const META = { GRAPH_API_URL: "https://graph.facebook.com" };

  it("no GRAPH_API_TOKEN: the caller's own Meta token", () => {
    assert.deepEqual(loadConfig(META).auth, { kind: "meta-token" });
  });

  it("GRAPH_API_TOKEN with AUTH_*: JWTs, with the documented defaults", () => {
    assert.deepEqual(loadConfig({ ...META, ...JWT, GRAPH_API_TOKEN: "t" }).auth, {
      kind: "jwt",
      jwt: {
        jwksUrl: JWT.AUTH_JWKS_URL,
        issuer: JWT.AUTH_ISSUER,
        audience: JWT.AUTH_AUDIENCE,
        algorithms: ["RS256", "ES256"],
        businessesClaim: "businesses",
        clockToleranceSeconds: 30,
      },
    });
  });

  it("GRAPH_API_TOKEN on the embedded emulator: its development identity provider", () => {
    assert.deepEqual(loadConfig({ GRAPH_API_TOKEN: "t" }).auth, { kind: "emulator-jwt" });
  });

  it("AUTH_DISABLED=true: service mode without authentication, even in production", () => {
    const config = loadConfig({
      ...META,
      NODE_ENV: "production",
      GRAPH_API_TOKEN: "t",
      AUTH_DISABLED: "true",
    });
    assert.deepEqual(config.auth, { kind: "disabled" });
  });

  const refusals: { name: string; env: Env; problem: RegExp }[] = [
    {
      name: "production, GRAPH_API_TOKEN without AUTH_*",
      env: { ...META, NODE_ENV: "production", GRAPH_API_TOKEN: "t" },
      problem: /callers are not authenticated/,
    },
    {
      name: "AUTH_* without GRAPH_API_TOKEN",
      env: { ...META, ...JWT },
      problem: /needs GRAPH_API_TOKEN/,
    },
    {
      name: "part of the trio",
      env: { ...META, GRAPH_API_TOKEN: "t", AUTH_JWKS_URL: JWT.AUTH_JWKS_URL },
      problem: /AUTH_ISSUER and AUTH_AUDIENCE must be set too/,
    },
    {
      name: "an extra without the trio",
      env: { ...META, GRAPH_API_TOKEN: "t", AUTH_ALGORITHMS: "ES256" },
      problem: /only apply with JWT authentication/,
    },
    {
      name: "AUTH_DISABLED with AUTH_*",
      env: { ...META, ...JWT, GRAPH_API_TOKEN: "t", AUTH_DISABLED: "true" },
      problem: /contradicts AUTH_JWKS_URL/,
    },
    {
      name: "HS256 or none in AUTH_ALGORITHMS",
      env: { ...META, ...JWT, GRAPH_API_TOKEN: "t", AUTH_ALGORITHMS: "ES256,HS256" },
      problem: /AUTH_ALGORITHMS must be a comma-separated list/,
    },
    {
      name: "a plain-http JWKS in production",
      env: {
        ...META,
        ...JWT,
        NODE_ENV: "production",
        GRAPH_API_TOKEN: "t",
        AUTH_JWKS_URL: "http://idp.example.com/jwks.json",
      },
      problem: /AUTH_JWKS_URL must be an https:\/\/ URL in production/,
    },
    {
      name: "a short ROUTER_SECRET",
      env: { ...META, ROUTER_SECRET: "short" },
      problem: /ROUTER_SECRET must be at least 16 characters/,
    },
    {
      name: "METRICS_PORT equal to PORT",
      env: { ...META, PORT: "4000", METRICS_PORT: "4000" },
      problem: /METRICS_PORT \(4000\) must differ from PORT/,
    },
  ];
  for (const { name, env, problem } of refusals) {
    it(`refuses ${name}`, () => {
      const error = configErrorOf(env);
      assert.ok(
        error.problems.some((line) => problem.test(line)),
        error.problems.join("\n"),
      );
      assert.ok(!error.message.includes("short"), "a secret's value is never echoed");
    });
  }
});

describe("loadConfig: the state engine", () => {
  it("PostgreSQL at DATABASE_URL, with its pool size", () => {
    assert.deepEqual(
      loadConfig({ DATABASE_URL: "postgres://u:p@db:5432/x", DATABASE_POOL_SIZE: "4" }).state,
      { kind: "postgres", url: "postgres://u:p@db:5432/x", poolSize: 4 },
    );
    assert.equal(loadConfig({ DATABASE_URL: "postgresql://db/x" }).state.kind, "postgres");
  });

  it("production without DATABASE_URL is stateless; development embeds PGlite (STATE_DIR, memory)", () => {
    assert.deepEqual(loadConfig({ NODE_ENV: "production" }).state, { kind: "none" });
    assert.deepEqual(loadConfig({ STATE_DIR: "memory" }).state, {
      kind: "embedded",
      dataDir: undefined,
    });
    assert.deepEqual(loadConfig({ STATE_DIR: "/tmp/x" }).state, {
      kind: "embedded",
      dataDir: "/tmp/x",
    });
  });

  it("refuses a DATABASE_URL that is not PostgreSQL without echoing it, and STATE_DIR in production", () => {
    const error = configErrorOf({
      DATABASE_URL: "mysql://root:hunter2@db/x",
      NODE_ENV: "production",
      STATE_DIR: "/data",
    });
    assert.match(error.message, /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    assert.match(error.message, /STATE_DIR/);
    assert.doesNotMatch(error.message, /hunter2/);
  });

  it("DATABASE_POOL_SIZE needs DATABASE_URL; the expiry window and polling are read", () => {
    assert.match(configErrorOf({ DATABASE_POOL_SIZE: "5" }).message, /needs DATABASE_URL/);
    assert.deepEqual(
      loadConfig({
        SHARE_EXPIRY_MIN_SECONDS: "5",
        SHARE_EXPIRY_MAX_DAYS: "30",
        EXPIRY_POLL_INTERVAL_MS: "500",
      }).expiry,
      { minAheadMs: 5_000, maxAheadMs: 30 * 86_400_000, pollIntervalMs: 500 },
    );
    assert.match(configErrorOf({ EXPIRY_POLL_INTERVAL_MS: "100" }).message, /at least 500/);
  });
});
