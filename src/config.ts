import { z } from "zod";
import { SUPPORTED_GRAPH_API_VERSIONS, type GraphApiVersion } from "./graph-api/wire.js";

/** Meta's public Graph API, the upstream in production when `GRAPH_API_URL` is not set. */
export const META_GRAPH_API_URL = "https://graph.facebook.com";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where upstream calls go: Meta (or any URL given), or the embedded emulator started by main.ts. */
export type Upstream = { kind: "url"; url: string } | { kind: "emulator" };

export interface Config {
  readonly env: "production" | "development" | "test";
  readonly http: { readonly host: string; readonly port: number };
  readonly graphApi: {
    readonly upstream: Upstream;
    readonly version: GraphApiVersion;
    /** Service mode: this token is used for every call instead of the caller's. */
    readonly token: string | undefined;
    /** Timeout of one attempt (headers and body). */
    readonly timeoutMs: number;
    /** Time budget of one GraphQL request for every attempt and wait. */
    readonly deadlineMs: number;
    readonly maxRetries: number;
    readonly retryBaseDelayMs: number;
    readonly retryMaxDelayMs: number;
    /** Percentage of guarded calls that must break down, over the window, to open the circuit. */
    readonly circuitFailurePercent: number;
    /** The window the failure rate is measured over. */
    readonly circuitWindowMs: number;
    /** Guarded calls needed within the window before the circuit can open at all. */
    readonly circuitMinCalls: number;
    readonly circuitCooldownMs: number;
    /** Most HTTP requests to Meta one GraphQL request may make (attempts and retries included). */
    readonly maxCallsPerRequest: number;
    /** IDs per multi-ID read (`GET /?ids=…`); more are read in several requests. */
    readonly maxIdsPerRead: number;
  };
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
  /** OTLP/HTTP endpoint for traces (e.g. http://collector:4318); unset = no tracing cost. */
  readonly otlpEndpoint: string | undefined;
  readonly logLevel: LogLevel;
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

const EnvSchema = z.object({
  NODE_ENV: optional(
    z.enum(["production", "development", "test"], {
      error: "must be production, development or test",
    }),
  ),
  HOST: optional(z.string()),
  PORT: optional(integer(0, 65_535)),
  GRAPH_API_URL: optional(
    z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .refine((url) => !/[?#]/.test(url), "must not contain a query string or fragment")
      // Credentials in the URL would end up in logs; tokens go in GRAPH_API_TOKEN.
      .refine((url) => {
        const parsed = URL.parse(url);
        return parsed === null || (parsed.username === "" && parsed.password === "");
      }, "must not contain credentials"),
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
    z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter((origin) => origin !== ""),
      )
      .refine(
        (origins) => origins.every((origin) => /^https?:\/\/[^/?#\s]+$/.test(origin)),
        "must be a comma-separated list of origins like https://app.example.com",
      ),
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(
    z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
  ),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` })),
});

/** Thrown by `loadConfig`; lists every problem at once. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  }
}

/**
Reads the environment once, validates every variable and reports all problems together.
A pure function of its argument, so tests pass plain objects.
*/
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`),
    );
  }
  const vars = parsed.data;
  const nodeEnv = vars.NODE_ENV ?? "development";
  const upstream: Upstream =
    vars.GRAPH_API_URL !== undefined
      ? { kind: "url", url: vars.GRAPH_API_URL }
      : nodeEnv === "production"
        ? { kind: "url", url: META_GRAPH_API_URL }
        : { kind: "emulator" };
  return {
    env: nodeEnv,
    http: { host: vars.HOST ?? "0.0.0.0", port: vars.PORT ?? 4000 },
    graphApi: {
      upstream,
      version: vars.GRAPH_API_VERSION ?? "v25.0",
      token: vars.GRAPH_API_TOKEN,
      timeoutMs: vars.GRAPH_API_TIMEOUT_MS ?? 8_000,
      deadlineMs: vars.GRAPH_API_DEADLINE_MS ?? 15_000,
      maxRetries: vars.GRAPH_API_MAX_RETRIES ?? 2,
      retryBaseDelayMs: vars.GRAPH_API_RETRY_BASE_DELAY_MS ?? 250,
      retryMaxDelayMs: vars.GRAPH_API_RETRY_MAX_DELAY_MS ?? 2_000,
      circuitFailurePercent: vars.GRAPH_API_CIRCUIT_FAILURE_PERCENT ?? 50,
      circuitWindowMs: vars.GRAPH_API_CIRCUIT_WINDOW_MS ?? 30_000,
      circuitMinCalls: vars.GRAPH_API_CIRCUIT_MIN_CALLS ?? 20,
      circuitCooldownMs: vars.GRAPH_API_CIRCUIT_COOLDOWN_MS ?? 10_000,
      maxCallsPerRequest: vars.GRAPH_API_MAX_CALLS_PER_REQUEST ?? 20,
      maxIdsPerRead: vars.GRAPH_API_MAX_IDS_PER_READ ?? 50,
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
    otlpEndpoint: vars.OTEL_EXPORTER_OTLP_ENDPOINT,
    logLevel: vars.LOG_LEVEL ?? "info",
  };
}
