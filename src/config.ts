import { isIP } from "node:net";
import { z } from "zod";
import type { GraphApiOptions } from "./graph-api/options.js";
import { SUPPORTED_GRAPH_API_VERSIONS } from "./graph-api/wire.js";

/** Meta's public Graph API, the upstream in production when `GRAPH_API_URL` is not set. */
export const META_GRAPH_API_URL = "https://graph.facebook.com";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
How callers are authenticated (see README, "Modes"): by their own Meta token (no service token),
by JWTs from an identity provider (service mode), or not at all (service mode, explicitly).
*/
export type AuthMode =
  | { readonly kind: "meta-token" }
  | { readonly kind: "jwt"; readonly jwt: JwtSettings }
  /**
  Service mode on the embedded emulator without AUTH_*: JWTs from the emulator's development
  identity provider (`npm run token`), whose address is known once the emulator listens.
  */
  | { readonly kind: "emulator-jwt" }
  | { readonly kind: "disabled" };

/** How callers' JWTs are verified (`src/auth/jwt.ts`). */
export interface JwtSettings {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** Accepted `alg` values, e.g. `RS256`, `ES256`. */
  readonly algorithms: readonly string[];
  /** The claim holding the caller's business IDs. */
  readonly businessesClaim: string;
  readonly clockToleranceSeconds: number;
  /**
  After a JWKS fetch, how long no other may start, even for an unknown `kid` (30 s unless
  given; tests shorten it).
  */
  readonly jwksCooldownMs?: number;
}

/** Signature algorithms a caller's JWT may use: asymmetric only, never `none` or an HMAC. */
export const JWT_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
] as const;

/** Where upstream calls go: Meta (or any URL given), or the embedded emulator started by main.ts. */
export type Upstream = { kind: "url"; url: string } | { kind: "emulator" };

export interface Config {
  readonly env: "production" | "development" | "test";
  readonly http: { readonly host: string; readonly port: number } & HttpServerSettings;
  readonly graphApi: GraphApiOptions & { readonly upstream: Upstream };

  /** How long in-flight requests may take to finish after SIGTERM. */
  readonly shutdownGraceMs: number;
  /** What one HTTP request / GraphQL operation may contain; checked before any resolver runs. */
  readonly limits: RequestLimits;
  /** Per-caller token bucket for mutations, checked before Meta is called. */
  readonly mutationRateLimit: RateLimit;
  /** Per-caller token bucket for Meta reads: one token per read call, checked before it. */
  readonly readRateLimit: RateLimit;
  /** Origins allowed to call cross-origin (browser apps); Sandbox's in development by default. */
  readonly corsOrigins: readonly string[];
  readonly auth: AuthMode;
  /** When set, every GraphQL request must carry it in `Router-Authorization`. */
  readonly routerSecret: string | undefined;
  /** `/metrics` on this port of its own instead of the GraphQL port. */
  readonly metricsPort: number | undefined;
  /** OTLP/HTTP endpoint for traces (e.g. http://collector:4318); unset = no tracing cost. */
  readonly otlpEndpoint: string | undefined;
  readonly logLevel: LogLevel;
  /** Where schedules, history and what replicas share are kept (README "State"). */
  readonly state: StateSettings;
  /** Time-limited shares: the furthest `expiresAt` may lie ahead, and how often expiries are polled. */
  readonly expiry: ExpirySettings;
}

/**
The state engine: PostgreSQL at `DATABASE_URL`; else, outside production, PGlite embedded in the
process (in `STATE_DIR`, or in memory); else none (stateless: no time-limited shares, no history).
*/
export type StateSettings =
  | { readonly kind: "postgres"; readonly url: string; readonly poolSize: number }
  | { readonly kind: "embedded"; readonly dataDir: string | undefined }
  | { readonly kind: "none" };

export interface ExpirySettings {
  /** The nearest `expiresAt` may lie (`SHARE_EXPIRY_MIN_SECONDS`; a minute by default). */
  readonly minAheadMs: number;
  /** The furthest ahead `expiresAt` may lie (`SHARE_EXPIRY_MAX_DAYS`). */
  readonly maxAheadMs: number;
  /** How often each replica looks for expiries that are due (`EXPIRY_POLL_INTERVAL_MS`). */
  readonly pollIntervalMs: number;
}

/**
What one client connection may cost the HTTP server: how long it may take to send a request, how
long it may sit idle, how many there may be. The request and headers timeouts measure receiving
the request only; the time spent answering it (upstream calls) is not counted.
*/
export interface HttpServerSettings {
  /** Time to receive one whole request, headers and body. */
  readonly requestTimeoutMs: number;
  /** Time to receive one request's headers (at most `requestTimeoutMs`). */
  readonly headersTimeoutMs: number;
  /** How long a kept-alive connection may wait for its next request. */
  readonly keepAliveTimeoutMs: number;
  /**
  Inactivity of a socket while a request is in progress (nothing received or sent, e.g. a client
  that stops reading its answer); longer than the upstream deadline, which is quiet time too.
  */
  readonly socketTimeoutMs: number;
  /** Open connections per listening address; more are closed as soon as they are accepted. */
  readonly maxConnections: number;
  /** Requests per connection; the last answer says `connection: close` and ends it (0 = no limit). */
  readonly maxRequestsPerSocket: number;
  /**
  Addresses and CIDRs (or `loopback`, `linklocal`, `uniquelocal`) of the proxies in front whose
  `X-Forwarded-For` decides the client address. Empty: the socket's peer is the client.
  */
  readonly trustProxy: readonly string[];
}

export interface RequestLimits {
  readonly maxBodyBytes: number;
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxRootFields: number;
  readonly maxDirectives: number;
  readonly maxTokens: number;
  /** Array bodies (several operations per HTTP request). */
  readonly allowBatchedRequests: boolean;
  /** Most shares in one `sharePreverifiedNumbers`. */
  readonly maxBulkShares: number;
  /** Most `_entities` representations in one request, over all `_entities` fields. */
  readonly maxEntityRepresentations: number;
}

/** A token bucket: `burst` tokens, refilled at `perMinute` per minute. */
export interface RateLimit {
  readonly perMinute: number;
  readonly burst: number;
}

/** Apollo Sandbox's origin: allowed cross-origin by default in development only. */
export const SANDBOX_ORIGIN = "https://studio.apollographql.com";

/** An empty or blank variable counts as unset (`FOO=` in a .env file or a compose file). */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    schema.optional(),
  );

/** Plain decimal digits only: `Number()` would also take "0x10", "1e3" or " ". */
const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** A comma-separated list, entries trimmed, empty ones dropped. */
const commaList = () =>
  z.string().transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ""),
  );

/** Credentials in a URL would end up in logs; tokens go in their own variables. */
function withoutCredentials(url: string): boolean {
  const parsed = URL.parse(url);
  return parsed === null || (parsed.username === "" && parsed.password === "");
}

const EnvSchema = z.object({
  NODE_ENV: optional(
    z.enum(["production", "development", "test"], {
      error: "must be production, development or test",
    }),
  ),
  HOST: optional(z.string().transform((host) => host.trim())),
  PORT: optional(integer(0, 65_535)),
  HTTP_REQUEST_TIMEOUT_MS: optional(integer(100, 600_000)),
  HTTP_HEADERS_TIMEOUT_MS: optional(integer(100, 600_000)),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: optional(integer(100, 600_000)),
  HTTP_SOCKET_TIMEOUT_MS: optional(integer(1_000, 900_000)),
  HTTP_MAX_CONNECTIONS: optional(integer(1, 1_000_000)),
  HTTP_MAX_REQUESTS_PER_SOCKET: optional(integer(0, 1_000_000)),
  TRUST_PROXY: optional(
    commaList().superRefine((entries, context) => {
      const problem = trustProxyProblem(entries);
      if (problem !== undefined) {
        context.addIssue({ code: "custom", message: problem });
      }
    }),
  ),
  GRAPH_API_URL: optional(
    z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .refine((url) => !/[?#]/.test(url), "must not contain a query string or fragment")
      .refine(withoutCredentials, "must not contain credentials"),
  ),
  GRAPH_API_VERSION: optional(
    z.enum(SUPPORTED_GRAPH_API_VERSIONS, {
      error: `must be one of ${SUPPORTED_GRAPH_API_VERSIONS.join(", ")}`,
    }),
  ),
  // Never echo the value: zod messages here are fixed strings.
  GRAPH_API_TOKEN: optional(
    z
      .string()
      .regex(/^[\x21-\x7e]+$/, "must be a single token without spaces or control characters"),
  ),
  GRAPH_API_TIMEOUT_MS: optional(integer(100, 120_000)),
  GRAPH_API_DEADLINE_MS: optional(integer(100, 300_000)),
  GRAPH_API_MAX_RETRIES: optional(integer(0, 10)),
  GRAPH_API_RETRY_BASE_DELAY_MS: optional(integer(0, 60_000)),
  GRAPH_API_RETRY_MAX_DELAY_MS: optional(integer(0, 60_000)),
  // Replaced by the failure-rate breaker; refused so an old setting is not silently ignored.
  GRAPH_API_CIRCUIT_THRESHOLD: optional(
    z.never({
      error:
        "is no longer used: the breaker opens on a failure rate; set " +
        "GRAPH_API_CIRCUIT_FAILURE_PERCENT, GRAPH_API_CIRCUIT_MIN_CALLS and " +
        "GRAPH_API_CIRCUIT_WINDOW_MS instead",
    }),
  ),
  GRAPH_API_CIRCUIT_FAILURE_PERCENT: optional(integer(1, 99)),
  GRAPH_API_CIRCUIT_WINDOW_MS: optional(integer(1_000, 600_000)),
  GRAPH_API_CIRCUIT_MIN_CALLS: optional(integer(1, 100_000)),
  GRAPH_API_MAX_CALLS_PER_REQUEST: optional(integer(1, 1_000)),
  GRAPH_API_CIRCUIT_COOLDOWN_MS: optional(integer(100, 600_000)),
  GRAPH_API_MAX_IDS_PER_READ: optional(integer(1, 50)),
  GRAPH_API_MAX_RESPONSE_BYTES: optional(integer(1_024, 268_435_456)),
  SHUTDOWN_GRACE_MS: optional(integer(0, 600_000)),
  MAX_BODY_BYTES: optional(integer(1_024, 10_485_760)),
  MAX_QUERY_DEPTH: optional(integer(1, 100)),
  MAX_ALIASES: optional(integer(0, 1_000)),
  MAX_ROOT_FIELDS: optional(integer(1, 1_000)),
  MAX_DIRECTIVES: optional(integer(0, 1_000)),
  MAX_TOKENS: optional(integer(10, 100_000)),
  ALLOW_BATCHED_REQUESTS: optional(z.enum(["true", "false"], { error: "must be true or false" })),
  MAX_BULK_SHARES: optional(integer(1, 1_000)),
  MAX_ENTITY_REPRESENTATIONS: optional(integer(1, 10_000)),
  MUTATION_RATE_LIMIT_PER_MINUTE: optional(integer(1, 1_000_000)),
  MUTATION_RATE_LIMIT_BURST: optional(integer(1, 1_000_000)),
  READ_RATE_LIMIT_PER_MINUTE: optional(integer(1, 1_000_000)),
  READ_RATE_LIMIT_BURST: optional(integer(1, 1_000_000)),
  CORS_ORIGINS: optional(
    commaList().refine(
      (origins) => origins.every((origin) => /^https?:\/\/[^/?#\s]+$/.test(origin)),
      "must be a comma-separated list of origins like https://app.example.com",
    ),
  ),
  AUTH_JWKS_URL: optional(
    z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .refine(withoutCredentials, "must not contain credentials"),
  ),
  AUTH_ISSUER: optional(z.string().trim().min(1).max(2_048)),
  AUTH_AUDIENCE: optional(z.string().trim().min(1).max(2_048)),
  AUTH_ALGORITHMS: optional(
    commaList().refine(
      (entries) =>
        entries.length > 0 &&
        entries.every((entry) => (JWT_ALGORITHMS as readonly string[]).includes(entry)),
      `must be a comma-separated list of ${JWT_ALGORITHMS.join(", ")} (asymmetric ` +
        "algorithms only: never none or HS*)",
    ),
  ),
  AUTH_BUSINESSES_CLAIM: optional(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_:/.-]{1,200}$/, "must be a claim name such as businesses"),
  ),
  AUTH_CLOCK_TOLERANCE_S: optional(integer(0, 300)),
  AUTH_DISABLED: optional(z.enum(["true", "false"], { error: "must be true or false" })),
  // Never echo the value.
  ROUTER_SECRET: optional(
    z
      .string()
      .regex(/^[\x21-\x7e]+$/, "must be a single value without spaces or control characters")
      .min(16, "must be at least 16 characters"),
  ),
  METRICS_PORT: optional(integer(1, 65_535)),
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(
    z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
  ),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` })),
  // Never echo the value: it usually carries a password.
  DATABASE_URL: optional(
    z
      .string()
      .refine(
        (url) => /^postgres(ql)?:$/.test(URL.parse(url)?.protocol ?? ""),
        "must be a postgres:// or postgresql:// URL",
      ),
  ),
  DATABASE_POOL_SIZE: optional(integer(1, 1_000)),
  STATE_DIR: optional(z.string().trim().min(1)),
  SHARE_EXPIRY_MAX_DAYS: optional(integer(1, 3_650)),
  SHARE_EXPIRY_MIN_SECONDS: optional(integer(1, 86_400)),
  EXPIRY_POLL_INTERVAL_MS: optional(integer(500, 60_000)),
});

/** Thrown by `loadConfig`; lists every problem at once. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  }
}

const DEFAULT_PORT = 4000;

/** The default interface: loopback only (`localhost` listens on 127.0.0.1 and ::1). */
export const DEFAULT_HOST = "localhost";

/** Defaults of the HTTP server settings that do not depend on other variables. */
const HTTP_DEFAULTS = {
  requestTimeoutMs: 10_000,
  headersTimeoutMs: 5_000,
  // Longer than the 60 s idle timeout of common load balancers (AWS ALB, nginx), so that the
  // proxy, not this server, closes an idle pooled connection: no request races a close.
  keepAliveTimeoutMs: 72_000,
  maxConnections: 1_024,
  // No limit by default, as in Node, Envoy and Go: recycling a connection costs its client a new
  // one, and in the bench a recycle every 1,000 requests added about 150 µs to the serial p50.
  // Set it to rebalance long-lived router connections across replicas after a scale-out.
  maxRequestsPerSocket: 0,
} as const;

/** `GRAPH_API_DEADLINE_MS` when unset. */
const GRAPH_API_DEFAULT_DEADLINE_MS = 15_000;

/** How much longer than the upstream deadline a socket may be quiet by default. */
const SOCKET_TIMEOUT_MARGIN_MS = 15_000;

/** proxy-addr's names for address ranges, accepted in TRUST_PROXY. */
const TRUST_PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
Why a TRUST_PROXY list cannot be used, or `undefined`. Each entry is an address, a CIDR or one
of proxy-addr's names; nothing that trusts every client (`true`, `*`, a `/0`) is accepted,
since then any caller picks its own address and, with it, its own rate-limit bucket.
*/
function trustProxyProblem(entries: readonly string[]): string | undefined {
  const everyone: string[] = [];
  const malformed: string[] = [];
  for (const entry of entries) {
    const lower = entry.toLowerCase();
    if (["true", "*", "all", "everyone"].includes(lower)) {
      everyone.push(entry);
      continue;
    }
    if (TRUST_PROXY_NAMES.has(lower) || isIP(entry) !== 0) {
      continue;
    }
    const cidr = /^([^/]+)\/([0-9]{1,3})$/.exec(entry);
    const family = cidr ? isIP(cidr[1] ?? "") : 0;
    const prefix = Number(cidr?.[2]);
    if (cidr === null || family === 0 || prefix > (family === 4 ? 32 : 128)) {
      malformed.push(entry);
    } else if (prefix === 0 || (/^::ffff:/i.test(cidr[1] ?? "") && prefix <= 96)) {
      // `::ffff:0:0/96` holds every IPv4 address as seen on a dual-stack socket.
      everyone.push(entry);
    }
  }
  const shown = (list: string[]) =>
    list
      .slice(0, 3)
      .map((entry) => JSON.stringify(entry.slice(0, 50)))
      .join(", ");
  if (everyone.length > 0) {
    return (
      `must not trust every client (${shown(everyone)}): list the addresses or CIDRs of your ` +
      "router or ingress, e.g. 10.0.0.0/8 or 127.0.0.1"
    );
  }
  if (malformed.length > 0) {
    return (
      `must be a comma-separated list of IP addresses or CIDRs (or loopback, linklocal, ` +
      `uniquelocal); not understood: ${shown(malformed)}`
    );
  }
  return undefined;
}

/** localhost, 127.0.0.0/8 or ::1: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  const lower = bare.toLowerCase();
  if (lower === "localhost" || lower === "::1" || lower === "0:0:0:0:0:0:0:1") {
    return true;
  }
  return isIP(lower) === 4 && lower.startsWith("127.");
}

type EnvVars = z.output<typeof EnvSchema>;

/**
Rules that involve more than one variable (or none: the defaults that are only safe in some
places). `invalid` holds the variables that already failed on their own; rules that need them
are skipped, so each problem is reported once.
*/
function crossFieldProblems(vars: EnvVars, invalid: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const known = (...names: string[]) => names.every((name) => !invalid.has(name));
  const nodeEnv = vars.NODE_ENV ?? "development";
  const host = vars.HOST ?? DEFAULT_HOST;
  if (known("NODE_ENV") && nodeEnv === "production" && vars.STATE_DIR !== undefined) {
    problems.push(
      "STATE_DIR (the embedded database) is for development and tests; in production set " +
        "DATABASE_URL, or neither to run stateless",
    );
  }
  if (
    vars.DATABASE_POOL_SIZE !== undefined &&
    vars.DATABASE_URL === undefined &&
    known("DATABASE_URL")
  ) {
    problems.push("DATABASE_POOL_SIZE needs DATABASE_URL");
  }
  if (known("NODE_ENV", "GRAPH_API_URL", "HOST")) {
    const url = vars.GRAPH_API_URL;
    if (url === undefined && nodeEnv === "test") {
      problems.push(
        "GRAPH_API_URL must be set when NODE_ENV=test: the embedded Meta emulator only starts " +
          "in development (NODE_ENV unset or development)",
      );
    } else if (url === undefined && nodeEnv === "development" && !isLoopbackHost(host)) {
      problems.push(
        `GRAPH_API_URL is not set, so the embedded Meta emulator would serve fake answers on ` +
          `HOST=${JSON.stringify(host.slice(0, 100))}, which is not a loopback address: set ` +
          "GRAPH_API_URL (or NODE_ENV=production for Meta's API), or HOST=localhost, 127.0.0.1 " +
          "or ::1",
      );
    } else if (url !== undefined && nodeEnv === "production") {
      const parsed = URL.parse(url);
      if (parsed !== null && parsed.protocol !== "https:" && !isLoopbackHost(parsed.hostname)) {
        problems.push(
          "GRAPH_API_URL must be an https:// URL in production (plain http:// only to " +
            "localhost, 127.0.0.0/8 or ::1)",
        );
      }
    }
  }
  if (known("HTTP_HEADERS_TIMEOUT_MS", "HTTP_REQUEST_TIMEOUT_MS")) {
    const headers = vars.HTTP_HEADERS_TIMEOUT_MS ?? HTTP_DEFAULTS.headersTimeoutMs;
    const request = vars.HTTP_REQUEST_TIMEOUT_MS ?? HTTP_DEFAULTS.requestTimeoutMs;
    if (headers > request) {
      problems.push(
        `HTTP_HEADERS_TIMEOUT_MS (${headers}) must not exceed HTTP_REQUEST_TIMEOUT_MS ` +
          `(${request}): the headers are part of the request`,
      );
    }
  }
  if (
    vars.HTTP_SOCKET_TIMEOUT_MS !== undefined &&
    known("HTTP_SOCKET_TIMEOUT_MS", "GRAPH_API_DEADLINE_MS")
  ) {
    const deadline = vars.GRAPH_API_DEADLINE_MS ?? GRAPH_API_DEFAULT_DEADLINE_MS;
    if (vars.HTTP_SOCKET_TIMEOUT_MS <= deadline) {
      problems.push(
        `HTTP_SOCKET_TIMEOUT_MS (${vars.HTTP_SOCKET_TIMEOUT_MS}) must be longer than ` +
          `GRAPH_API_DEADLINE_MS (${deadline}): a request waiting for Meta is quiet on its socket`,
      );
    }
  }
  problems.push(...authProblems(vars, invalid, nodeEnv));
  if (
    vars.METRICS_PORT !== undefined &&
    known("METRICS_PORT", "PORT") &&
    vars.METRICS_PORT === (vars.PORT ?? DEFAULT_PORT)
  ) {
    problems.push(`METRICS_PORT (${vars.METRICS_PORT}) must differ from PORT`);
  }
  return problems;
}

const AUTH_TRIO = ["AUTH_JWKS_URL", "AUTH_ISSUER", "AUTH_AUDIENCE"] as const;
const AUTH_EXTRAS = ["AUTH_ALGORITHMS", "AUTH_BUSINESSES_CLAIM", "AUTH_CLOCK_TOLERANCE_S"] as const;

/** The rules of the authentication modes (see `AuthMode`). */
function authProblems(vars: EnvVars, invalid: ReadonlySet<string>, nodeEnv: string): string[] {
  const problems: string[] = [];
  const given = (name: string) => vars[name as keyof EnvVars] !== undefined || invalid.has(name);
  const trio = AUTH_TRIO.filter(given);
  const extras = AUTH_EXTRAS.filter(given);
  const serviceMode = given("GRAPH_API_TOKEN");
  const disabled = vars.AUTH_DISABLED === "true";
  if (trio.length > 0 && trio.length < AUTH_TRIO.length) {
    problems.push(
      `${AUTH_TRIO.filter((name) => !given(name)).join(" and ")} must be set too: ` +
        `JWT authentication needs ${AUTH_TRIO.join(", ")} together`,
    );
  }
  if (trio.length === 0 && extras.length > 0) {
    problems.push(
      `${extras.join(", ")} only apply with JWT authentication: set ${AUTH_TRIO.join(", ")}`,
    );
  }
  if ((trio.length > 0 || extras.length > 0) && !serviceMode) {
    problems.push(
      "JWT authentication (AUTH_*) needs GRAPH_API_TOKEN: without a service token the caller's " +
        "own Meta token is its identity and Meta enforces access",
    );
  }
  if (disabled && trio.length > 0) {
    problems.push("AUTH_DISABLED=true contradicts AUTH_JWKS_URL: choose one");
  }
  if (disabled && !serviceMode) {
    problems.push(
      "AUTH_DISABLED=true only applies with GRAPH_API_TOKEN (without it, callers send their " +
        "own Meta token)",
    );
  }
  if (nodeEnv === "production" && serviceMode && trio.length === 0 && !disabled) {
    problems.push(
      "GRAPH_API_TOKEN is set but callers are not authenticated: set AUTH_JWKS_URL, " +
        "AUTH_ISSUER and AUTH_AUDIENCE (JWTs from your identity provider), or AUTH_DISABLED=true " +
        "to let anyone who reaches this service act with the service token",
    );
  }
  const jwks = vars.AUTH_JWKS_URL;
  if (jwks !== undefined && nodeEnv === "production") {
    const parsed = URL.parse(jwks);
    if (parsed !== null && parsed.protocol !== "https:" && !isLoopbackHost(parsed.hostname)) {
      problems.push(
        "AUTH_JWKS_URL must be an https:// URL in production (plain http:// only to " +
          "localhost, 127.0.0.0/8 or ::1)",
      );
    }
  }
  return problems;
}

/** The authentication mode the (valid) variables select. */
function authMode(vars: EnvVars, upstream: Upstream): AuthMode {
  if (vars.GRAPH_API_TOKEN === undefined) {
    return { kind: "meta-token" };
  }
  if (
    vars.AUTH_JWKS_URL !== undefined &&
    vars.AUTH_ISSUER !== undefined &&
    vars.AUTH_AUDIENCE !== undefined
  ) {
    return {
      kind: "jwt",
      jwt: {
        jwksUrl: vars.AUTH_JWKS_URL,
        issuer: vars.AUTH_ISSUER,
        audience: vars.AUTH_AUDIENCE,
        algorithms: vars.AUTH_ALGORITHMS ?? ["RS256", "ES256"],
        businessesClaim: vars.AUTH_BUSINESSES_CLAIM ?? "businesses",
        clockToleranceSeconds: vars.AUTH_CLOCK_TOLERANCE_S ?? 30,
      },
    };
  }
  if (vars.AUTH_DISABLED === "true") {
    return { kind: "disabled" };
  }
  // Development on the embedded emulator (production refuses to get here; see authProblems).
  return upstream.kind === "emulator" ? { kind: "emulator-jwt" } : { kind: "disabled" };
}

/**
Reads the environment once, validates every variable and reports all problems together.
A pure function of its argument, so tests pass plain objects.
*/
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  const invalid = new Set(
    parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[0])),
  );
  // Without the variables that failed, the rest parses; the rules between variables use it.
  const vars = parsed.success
    ? parsed.data
    : EnvSchema.parse(
        Object.fromEntries(Object.entries(env).filter(([name]) => !invalid.has(name))),
      );
  problems.push(...crossFieldProblems(vars, invalid));
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  const nodeEnv = vars.NODE_ENV ?? "development";
  const upstream: Upstream =
    vars.GRAPH_API_URL !== undefined
      ? { kind: "url", url: vars.GRAPH_API_URL }
      : nodeEnv === "production"
        ? { kind: "url", url: META_GRAPH_API_URL }
        : { kind: "emulator" };
  const deadlineMs = vars.GRAPH_API_DEADLINE_MS ?? GRAPH_API_DEFAULT_DEADLINE_MS;
  return {
    env: nodeEnv,
    http: {
      host: vars.HOST ?? DEFAULT_HOST,
      port: vars.PORT ?? DEFAULT_PORT,
      requestTimeoutMs: vars.HTTP_REQUEST_TIMEOUT_MS ?? HTTP_DEFAULTS.requestTimeoutMs,
      headersTimeoutMs: vars.HTTP_HEADERS_TIMEOUT_MS ?? HTTP_DEFAULTS.headersTimeoutMs,
      keepAliveTimeoutMs: vars.HTTP_KEEP_ALIVE_TIMEOUT_MS ?? HTTP_DEFAULTS.keepAliveTimeoutMs,
      socketTimeoutMs: vars.HTTP_SOCKET_TIMEOUT_MS ?? deadlineMs + SOCKET_TIMEOUT_MARGIN_MS,
      maxConnections: vars.HTTP_MAX_CONNECTIONS ?? HTTP_DEFAULTS.maxConnections,
      maxRequestsPerSocket: vars.HTTP_MAX_REQUESTS_PER_SOCKET ?? HTTP_DEFAULTS.maxRequestsPerSocket,
      trustProxy: vars.TRUST_PROXY ?? [],
    },
    graphApi: {
      upstream,
      version: vars.GRAPH_API_VERSION ?? "v25.0",
      token: vars.GRAPH_API_TOKEN,
      timeoutMs: vars.GRAPH_API_TIMEOUT_MS ?? 8_000,
      deadlineMs,
      maxRetries: vars.GRAPH_API_MAX_RETRIES ?? 2,
      retryBaseDelayMs: vars.GRAPH_API_RETRY_BASE_DELAY_MS ?? 250,
      retryMaxDelayMs: vars.GRAPH_API_RETRY_MAX_DELAY_MS ?? 2_000,
      circuitFailurePercent: vars.GRAPH_API_CIRCUIT_FAILURE_PERCENT ?? 50,
      circuitWindowMs: vars.GRAPH_API_CIRCUIT_WINDOW_MS ?? 30_000,
      circuitMinCalls: vars.GRAPH_API_CIRCUIT_MIN_CALLS ?? 20,
      circuitCooldownMs: vars.GRAPH_API_CIRCUIT_COOLDOWN_MS ?? 10_000,
      maxCallsPerRequest: vars.GRAPH_API_MAX_CALLS_PER_REQUEST ?? 20,
      maxIdsPerRead: vars.GRAPH_API_MAX_IDS_PER_READ ?? 50,
      maxResponseBytes: vars.GRAPH_API_MAX_RESPONSE_BYTES ?? 4 * 1024 * 1024,
    },
    shutdownGraceMs: vars.SHUTDOWN_GRACE_MS ?? 10_000,
    limits: {
      maxBodyBytes: vars.MAX_BODY_BYTES ?? 65_536,
      maxDepth: vars.MAX_QUERY_DEPTH ?? 8,
      maxAliases: vars.MAX_ALIASES ?? 10,
      maxRootFields: vars.MAX_ROOT_FIELDS ?? 10,
      maxDirectives: vars.MAX_DIRECTIVES ?? 10,
      maxTokens: vars.MAX_TOKENS ?? 1_000,
      allowBatchedRequests: vars.ALLOW_BATCHED_REQUESTS === "true",
      maxBulkShares: vars.MAX_BULK_SHARES ?? 200,
      maxEntityRepresentations: vars.MAX_ENTITY_REPRESENTATIONS ?? 500,
    },
    mutationRateLimit: {
      perMinute: vars.MUTATION_RATE_LIMIT_PER_MINUTE ?? 120,
      burst: vars.MUTATION_RATE_LIMIT_BURST ?? 30,
    },
    readRateLimit: {
      perMinute: vars.READ_RATE_LIMIT_PER_MINUTE ?? 600,
      burst: vars.READ_RATE_LIMIT_BURST ?? 120,
    },
    corsOrigins: vars.CORS_ORIGINS ?? (nodeEnv === "production" ? [] : [SANDBOX_ORIGIN]),
    auth: authMode(vars, upstream),
    routerSecret: vars.ROUTER_SECRET,
    metricsPort: vars.METRICS_PORT,
    otlpEndpoint: vars.OTEL_EXPORTER_OTLP_ENDPOINT,
    logLevel: vars.LOG_LEVEL ?? "info",
    state: stateSettings(vars, nodeEnv),
    expiry: {
      minAheadMs: (vars.SHARE_EXPIRY_MIN_SECONDS ?? 60) * 1_000,
      maxAheadMs: (vars.SHARE_EXPIRY_MAX_DAYS ?? 365) * 86_400_000,
      pollIntervalMs: vars.EXPIRY_POLL_INTERVAL_MS ?? 1_000,
    },
  };
}

/** `STATE_DIR=memory`: the embedded database lives in memory and ends with the process. */
export const IN_MEMORY_STATE = "memory";
/** The embedded database's folder when `STATE_DIR` is not set (relative to the working folder). */
export const DEFAULT_STATE_DIR = ".state/pglite";

function stateSettings(vars: EnvVars, nodeEnv: Config["env"]): StateSettings {
  if (vars.DATABASE_URL !== undefined) {
    return { kind: "postgres", url: vars.DATABASE_URL, poolSize: vars.DATABASE_POOL_SIZE ?? 10 };
  }
  if (nodeEnv === "production") {
    return { kind: "none" };
  }
  const dir = vars.STATE_DIR ?? DEFAULT_STATE_DIR;
  return { kind: "embedded", dataDir: dir === IN_MEMORY_STATE ? undefined : dir };
}
