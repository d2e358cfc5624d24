/**
Fault injection for the share edge: the fault spec grammar (`<fault>[;times=<N>][;rate=<p>]`), its
parser and printer, the reply each fault stands for, and `FaultController`, which decides per
request which fault applies. No I/O: the server puts the chosen fault on the wire.

Sources, highest precedence first: the `x-emulator-fault` header, faults enqueued with
`emulator.faults.enqueue()`, the run-wide `fault` option (`EMULATOR_FAULT`). The highest source
present decides alone, even when its `times` or `rate` lets the request through.

Reads (`GET` node, multi-ID, `preverified_numbers`, `partners`) take any fault from the header
(only in place of a successful answer; latency delays errors too), and a run-wide fault only when
it is a `latency:`; enqueued faults are for share requests alone.
*/
import { createHash } from "node:crypto";

import { metaErrors } from "./errors.js";
import { FACEBOOK_ERROR_PAGE, type ScenarioReply } from "./scenarios.js";

/** The per-request header carrying one fault spec. */
export const EMULATOR_FAULT_HEADER = "x-emulator-fault";

/** Statuses `status:<status>` accepts. */
export const FAULT_STATUSES = [500, 502, 503, 504] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

/** One way to misbehave. */
export type Fault =
  /** Delays whatever answer the rules give (errors included) by `ms`. */
  | { kind: "latency"; ms: number }
  /** A Meta JSON error: code 2 (transient) for 500/503, code 1 for 502/504. */
  | { kind: "status"; status: FaultStatus }
  /** Facebook's HTML error page. */
  | { kind: "html"; status: number }
  /** No body at all. */
  | { kind: "empty"; status: number }
  /** The answer the rules give, JSON cut off before its end (`{"success":tr`). */
  | { kind: "truncated" }
  /** The connection is reset without any response. */
  | { kind: "reset" }
  /** No response headers, ever (until the client gives up or the emulator closes). */
  | { kind: "stall" }
  /** Status 200, headers and `{"succ`, then nothing more. */
  | { kind: "stall-body" }
  /**
  HTTP 429 code 80008 with `X-Business-Use-Case-Usage` naming the path's business (a read's:
  the token's), or `businessId` instead when given.
  */
  | { kind: "rate-limit"; minutes: number; businessId?: string }
  /** A Meta JSON error with this HTTP status, `code` and `error_subcode` (e.g. 422 / 100). */
  | { kind: "meta-error"; status: number; code: number; subcode?: number }
  /** HTTP 400 code 4/2446079 with `X-App-Usage`. */
  | { kind: "app-rate-limit" }
  /** HTTP 503 code 2 with `Retry-After: <seconds>`. */
  | { kind: "retry-after"; seconds: number }
  /** HTTP 200 with a valid JSON body of exactly `bytes` bytes (`{"success":true,"padding":"…"}`). */
  | { kind: "big-body"; bytes: number };

export type FaultKind = Fault["kind"];

/** A parsed `<fault>[;times=<N>][;rate=<p>]`. */
export interface FaultSpec {
  fault: Fault;
  /** Only the first N matching requests get the fault (counted per identical request). */
  times?: number;
  /** Probability from 0 to 1 that a matching request gets the fault. */
  rate?: number;
}

/** Thrown by `parseFaultSpec`; `reason` says what is wrong without repeating the spec. */
export class FaultSpecError extends Error {
  override readonly name = "FaultSpecError";
  constructor(
    readonly spec: string,
    readonly reason: string,
  ) {
    super(`Invalid fault spec "${echo(spec)}": ${reason}`);
  }
}

export const FAULT_LIMITS = {
  latencyMs: 60_000,
  /** `rate-limit:<minutes>`: a day at most. */
  minutes: 1_440,
  /** `retry-after:<seconds>`: a day at most. */
  seconds: 86_400,
  /** `meta-error:<status>:<code>[:<subcode>]`: Meta's codes and subcodes fit in 9 digits. */
  maxCode: 999_999_999,
  /** `rate-limit:<minutes>:<business-id>`: Meta's ID pattern, at most 32 digits. */
  maxBusinessIdDigits: 32,
  /** `html:<status>` and `empty:<status>`. */
  minStatus: 200,
  maxStatus: 599,
  times: 1_000_000,
  /** `big-body:<bytes>`: from the smallest such JSON body to 64 MiB. */
  minBigBodyBytes: 32,
  maxBigBodyBytes: 67_108_864,
} as const;

const USAGE: Readonly<Record<FaultKind, string>> = {
  latency: "latency:<ms>",
  status: "status:<500|502|503|504>",
  html: "html:<status>",
  empty: "empty:<status>",
  truncated: "truncated",
  reset: "reset",
  stall: "stall",
  "stall-body": "stall-body",
  "rate-limit": "rate-limit:<minutes>[:<business-id>]",
  "meta-error": "meta-error:<status>:<code>[:<subcode>]",
  "app-rate-limit": "app-rate-limit",
  "retry-after": "retry-after:<seconds>",
  "big-body": "big-body:<bytes>",
};

/** Longest piece of a spec echoed back in a message. */
const MAX_ECHO_CHARS = 100;

function echo(text: string): string {
  return text.length > MAX_ECHO_CHARS ? `${text.slice(0, MAX_ECHO_CHARS)}…` : text;
}

function isFaultKind(name: string): name is FaultKind {
  return Object.hasOwn(USAGE, name);
}

/** Parses one fault spec, e.g. `status:503;times=2` or `latency:300;rate=0.5`. */
export function parseFaultSpec(spec: string): FaultSpec {
  const fail = (reason: string): never => {
    throw new FaultSpecError(spec, reason);
  };
  const [head = "", ...options] = spec.split(";").map((part) => part.trim());
  if (head === "") {
    fail(`no fault given; expected one of ${Object.values(USAGE).join(", ")}`);
  }
  const result: FaultSpec = { fault: parseFault(head, fail) };
  for (const option of options) {
    const equals = option.indexOf("=");
    const name = equals === -1 ? option : option.slice(0, equals).trim();
    const value = equals === -1 ? "" : option.slice(equals + 1).trim();
    if (name === "times") {
      if (result.times !== undefined) {
        fail("times is given twice");
      }
      result.times = integer(value, 1, FAULT_LIMITS.times, "times", fail);
    } else if (name === "rate") {
      if (result.rate !== undefined) {
        fail("rate is given twice");
      }
      result.rate = probability(value, fail);
    } else {
      fail(`unknown option "${echo(option)}"; expected times=<N> or rate=<0..1>`);
    }
  }
  return result;
}

function parseFault(text: string, fail: (reason: string) => never): Fault {
  const colon = text.indexOf(":");
  const name = (colon === -1 ? text : text.slice(0, colon)).trim();
  const value = colon === -1 ? undefined : text.slice(colon + 1).trim();
  if (!isFaultKind(name)) {
    return fail(
      `unknown fault "${echo(name)}"; expected one of ${Object.values(USAGE).join(", ")}`,
    );
  }
  const required = (): string =>
    value === undefined || value === "" ? fail(`${name} needs a value: ${USAGE[name]}`) : value;
  const none = (): void => {
    if (value !== undefined) {
      fail(`${name} takes no value`);
    }
  };
  switch (name) {
    case "latency":
      return { kind: name, ms: integer(required(), 0, FAULT_LIMITS.latencyMs, "latency ms", fail) };
    case "status": {
      const raw = required();
      const status = FAULT_STATUSES.find((candidate) => String(candidate) === raw);
      return status === undefined
        ? fail(`status must be one of ${FAULT_STATUSES.join(", ")}, got "${echo(raw)}"`)
        : { kind: name, status };
    }
    case "html":
    case "empty":
      return {
        kind: name,
        status: integer(
          required(),
          FAULT_LIMITS.minStatus,
          FAULT_LIMITS.maxStatus,
          `${name} status`,
          fail,
        ),
      };
    case "rate-limit": {
      const [minutes = "", businessId, ...rest] = required()
        .split(":")
        .map((part) => part.trim());
      if (rest.length > 0) {
        return fail(`rate-limit takes at most two values: ${USAGE[name]}`);
      }
      const fault: Fault = {
        kind: name,
        minutes: integer(minutes, 0, FAULT_LIMITS.minutes, "minutes", fail),
      };
      if (businessId !== undefined) {
        if (!new RegExp(`^[0-9]{1,${FAULT_LIMITS.maxBusinessIdDigits}}$`).test(businessId)) {
          return fail(
            `business-id must be 1 to ${FAULT_LIMITS.maxBusinessIdDigits} digits, got "${echo(businessId)}"`,
          );
        }
        fault.businessId = businessId;
      }
      return fault;
    }
    case "meta-error": {
      const [status = "", code, subcode, ...rest] = required()
        .split(":")
        .map((part) => part.trim());
      if (code === undefined || rest.length > 0) {
        return fail(`meta-error takes a status, a code and maybe a subcode: ${USAGE[name]}`);
      }
      const fault: Fault = {
        kind: name,
        status: integer(
          status,
          FAULT_LIMITS.minStatus,
          FAULT_LIMITS.maxStatus,
          "meta-error status",
          fail,
        ),
        code: integer(code, 0, FAULT_LIMITS.maxCode, "meta-error code", fail),
      };
      if (subcode !== undefined) {
        fault.subcode = integer(subcode, 0, FAULT_LIMITS.maxCode, "meta-error subcode", fail);
      }
      return fault;
    }
    case "retry-after":
      return { kind: name, seconds: integer(required(), 0, FAULT_LIMITS.seconds, "seconds", fail) };
    case "big-body":
      return {
        kind: name,
        bytes: integer(
          required(),
          FAULT_LIMITS.minBigBodyBytes,
          FAULT_LIMITS.maxBigBodyBytes,
          "big-body bytes",
          fail,
        ),
      };
    case "truncated":
    case "reset":
    case "stall":
    case "stall-body":
    case "app-rate-limit":
      none();
      return { kind: name };
  }
}

function integer(
  text: string,
  min: number,
  max: number,
  what: string,
  fail: (reason: string) => never,
): number {
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < min || value > max) {
    return fail(`${what} must be an integer from ${min} to ${max}, got "${echo(text)}"`);
  }
  return value;
}

function probability(text: string, fail: (reason: string) => never): number {
  const value = Number(text);
  if (!/^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(text) || value > 1) {
    return fail(`rate must be a number from 0 to 1, got "${echo(text)}"`);
  }
  return value;
}

/** The fault alone, canonical: `status:503`, `stall-body`. What `RecordedRequest.fault` holds. */
export function formatFault(fault: Fault): string {
  switch (fault.kind) {
    case "latency":
      return `latency:${fault.ms}`;
    case "status":
    case "html":
    case "empty":
      return `${fault.kind}:${fault.status}`;
    case "rate-limit":
      return fault.businessId === undefined
        ? `rate-limit:${fault.minutes}`
        : `rate-limit:${fault.minutes}:${fault.businessId}`;
    case "meta-error":
      return fault.subcode === undefined
        ? `meta-error:${fault.status}:${fault.code}`
        : `meta-error:${fault.status}:${fault.code}:${fault.subcode}`;
    case "retry-after":
      return `retry-after:${fault.seconds}`;
    case "big-body":
      return `big-body:${fault.bytes}`;
    case "truncated":
    case "reset":
    case "stall":
    case "stall-body":
    case "app-rate-limit":
      return fault.kind;
  }
}

/** The canonical spec text, which `parseFaultSpec` reads back: `status:503;times=2;rate=0.5`. */
export function formatFaultSpec(spec: FaultSpec): string {
  const times = spec.times === undefined ? "" : `;times=${spec.times}`;
  const rate = spec.rate === undefined ? "" : `;rate=${spec.rate}`;
  return `${formatFault(spec.fault)}${times}${rate}`;
}

// ---------------------------------------------------------------------------------------------
// Replies

/** Faults that replace the rules' answer (latency delays it, truncated cuts it). */
export type ReplacingFault = Exclude<Fault, { kind: "latency" | "truncated" }>;

/** What the server sends instead of the rules' answer. */
export type FaultReply =
  ScenarioReply | { kind: "reset" } | { kind: "stall-body" } | { kind: "json"; body: unknown };

/** The first chunk `stall-body` sends before going silent. */
export const STALL_BODY_CHUNK = '{"succ';

export function faultReply(fault: ReplacingFault, businessId: string): FaultReply {
  switch (fault.kind) {
    case "status":
      return {
        kind: "error",
        error:
          fault.status === 500 || fault.status === 503
            ? metaErrors.unexpectedError(fault.status)
            : metaErrors.unknownError(fault.status),
      };
    case "html":
      return { kind: "html", status: fault.status, html: FACEBOOK_ERROR_PAGE };
    case "empty":
      return { kind: "empty", status: fault.status };
    case "rate-limit":
      return {
        kind: "error",
        error: metaErrors.businessUseCaseRateLimit(fault.businessId ?? businessId, fault.minutes),
      };
    case "meta-error":
      return { kind: "error", error: metaErrors.injected(fault.status, fault.code, fault.subcode) };
    case "app-rate-limit":
      return { kind: "error", error: metaErrors.appRateLimit() };
    case "retry-after": {
      const error = metaErrors.unexpectedError(503);
      return {
        kind: "error",
        error: { ...error, headers: { ...error.headers, "retry-after": String(fault.seconds) } },
      };
    }
    case "stall":
      return { kind: "hang" };
    case "reset":
    case "stall-body":
      return { kind: fault.kind };
    case "big-body":
      return { kind: "json", body: bigBody(fault.bytes) };
  }
}

/** `{"success":true,"padding":"xxx…"}`, exactly `bytes` bytes long as JSON (at least 32). */
export function bigBody(bytes: number): { success: true; padding: string } {
  const overhead = JSON.stringify({ success: true, padding: "" }).length;
  return { success: true, padding: "x".repeat(Math.max(0, bytes - overhead)) };
}

/** Cuts a JSON text before its end so it no longer parses: `{"success":true}` → `{"success":tr`. */
export function truncateJson(json: string): string {
  return json.slice(0, Math.min(json.length - 1, Math.max(1, Math.ceil(json.length * 0.8))));
}

// ---------------------------------------------------------------------------------------------
// Choosing the fault for a request

/** `emulator.faults`: faults for the next share requests, for tests. */
export interface EmulatorFaults {
  /**
  The next `count` share requests get this fault, first enqueued first used; each takes one
  entry. `count` defaults to the spec's `times`, else 1. Throws `FaultSpecError` for an invalid
  spec and `RangeError` for a bad count or a count that contradicts `times`.
  */
  enqueue(spec: string, count?: number): void;
  /** Drops the enqueued faults and forgets the `times` counts; the run-wide fault stays. */
  clear(): void;
  /** The enqueued faults not used yet, oldest first, one per request (canonical specs). */
  pending(): string[];
}

/** Where the fault for a request comes from. */
export type FaultSource = "header" | "queue" | "run-wide";

/** The fault source that decides for one request, or why its header is unusable. */
export type FaultCandidate =
  { kind: "spec"; source: FaultSource; spec: FaultSpec } | { kind: "invalid"; reason: string };

/** A request as fault selection sees it. */
export interface FaultRequest {
  /** The `x-emulator-fault` header, if sent. */
  header: string | string[] | undefined;
  /** Whether the path is the share edge; queue and run-wide faults only apply there. */
  shareEdge: boolean;
  /** Whether the request is a read (`GET` on a read route); a run-wide `latency:` applies there. */
  readEdge?: boolean;
  /** Method, target and body: identical requests share `times` counts. */
  identity: string;
}

/** Distinct requests whose `times` count is remembered; the oldest are forgotten beyond this. */
const MAX_COUNTED_REQUESTS = 10_000;

export class FaultController implements EmulatorFaults {
  readonly #runWide: FaultSpec | undefined;
  readonly #random: () => number;
  readonly #queue: FaultSpec[] = [];
  readonly #counts = new Map<string, number>();

  /** @param random returns a number in [0, 1), like `Math.random` (the default); used by `rate`. */
  constructor(runWide: FaultSpec | undefined, random: () => number = Math.random) {
    this.#runWide = runWide;
    this.#random = random;
  }

  enqueue(spec: string, count?: number): void {
    const parsed = parseFaultSpec(spec);
    if (count !== undefined && (!Number.isSafeInteger(count) || count < 1)) {
      throw new RangeError(`count must be a positive integer, got ${String(count)}`);
    }
    if (count !== undefined && parsed.times !== undefined && count !== parsed.times) {
      throw new RangeError(`count ${count} contradicts times=${parsed.times} in "${spec}"`);
    }
    // Each entry serves one request, so `times` has done its job here.
    const entry: FaultSpec =
      parsed.rate === undefined
        ? { fault: parsed.fault }
        : { fault: parsed.fault, rate: parsed.rate };
    for (let i = 0; i < (count ?? parsed.times ?? 1); i++) {
      this.#queue.push(entry);
    }
  }

  clear(): void {
    this.#queue.length = 0;
    this.#counts.clear();
  }

  pending(): string[] {
    return this.#queue.map(formatFaultSpec);
  }

  /** The source that decides for this request (header > queue > run-wide), without using it. */
  select(request: FaultRequest): FaultCandidate | undefined {
    const header = Array.isArray(request.header) ? request.header.join(", ") : request.header;
    if (header !== undefined && header.trim() !== "") {
      try {
        return { kind: "spec", source: "header", spec: parseFaultSpec(header) };
      } catch (error) {
        if (error instanceof FaultSpecError) {
          return { kind: "invalid", reason: error.reason };
        }
        throw error;
      }
    }
    if (!request.shareEdge) {
      const runWide = this.#runWide;
      return request.readEdge === true && runWide?.fault.kind === "latency"
        ? { kind: "spec", source: "run-wide", spec: runWide }
        : undefined;
    }
    const queued = this.#queue[0];
    if (queued !== undefined) {
      return { kind: "spec", source: "queue", spec: queued };
    }
    return this.#runWide === undefined
      ? undefined
      : { kind: "spec", source: "run-wide", spec: this.#runWide };
  }

  /**
  Uses the candidate for this request: takes its queue entry, or counts the request against
  `times`, then rolls `rate`. Returns the fault to apply, or `undefined` when the request goes
  through normally. Call it once, when the fault would take effect.
  */
  apply(candidate: Extract<FaultCandidate, { kind: "spec" }>, identity: string): Fault | undefined {
    const { spec } = candidate;
    if (candidate.source === "queue") {
      if (this.#queue[0] !== spec) {
        return undefined;
      }
      this.#queue.shift();
    } else if (spec.times !== undefined) {
      const key = createHash("sha256")
        .update(formatFaultSpec(spec))
        .update("\0")
        .update(identity)
        .digest("base64url");
      const seen = this.#counts.get(key) ?? 0;
      if (seen >= spec.times) {
        return undefined;
      }
      this.#counts.delete(key);
      this.#counts.set(key, seen + 1);
      if (this.#counts.size > MAX_COUNTED_REQUESTS) {
        const oldest = this.#counts.keys().next();
        if (oldest.done !== true) {
          this.#counts.delete(oldest.value);
        }
      }
    }
    if (spec.rate !== undefined && this.#random() >= spec.rate) {
      return undefined;
    }
    return spec.fault;
  }
}
