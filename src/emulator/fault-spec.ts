/**
The fault language: `<fault>[;times=<N>][;rate=<p>]`, the `Fault` each spec names, its parser
(`parseFaultSpec`, which throws `FaultSpecError`) and printer (`formatFault`, `formatFaultSpec`,
which `parseFaultSpec` reads back). Pure text and data: what a fault does on the wire is
`faults.ts`'s `faultReply`, and which request gets one is its `FaultController`.
*/
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
