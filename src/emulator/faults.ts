/**
Fault injection: what each fault answers in place of the rules (`faultReply`) and
`FaultController`, which decides per request which fault applies. The language the faults are
written in (`<fault>[;times=<N>][;rate=<p>]`) is `fault-spec.ts`. No I/O: the server puts the
chosen fault on the wire.

Sources, highest precedence first: the `x-emulator-fault` header, faults enqueued with
`emulator.faults.enqueue()`, the run-wide `fault` option (`EMULATOR_FAULT`). The highest source
present decides alone, even when its `times` or `rate` lets the request through.

Reads (`GET` node, multi-ID, `preverified_numbers`, `partners`) take any fault from the header
(only in place of a successful answer; latency delays errors too), and a run-wide fault only when
it is a `latency:`; enqueued faults are for share requests alone.
*/
import { createHash } from "node:crypto";

import { metaErrors } from "./errors.js";
import {
  FaultSpecError,
  formatFaultSpec,
  parseFaultSpec,
  type Fault,
  type FaultSpec,
} from "./fault-spec.js";
import type { Reply } from "./reply.js";
import { FACEBOOK_ERROR_PAGE } from "./scenarios.js";

/** The per-request header carrying one fault spec. */
export const EMULATOR_FAULT_HEADER = "x-emulator-fault";

// ---------------------------------------------------------------------------------------------
// Replies

/** Faults that replace the rules' answer (latency delays it, truncated cuts it). */
export type ReplacingFault = Exclude<Fault, { kind: "latency" | "truncated" }>;

/** What the server sends instead of the rules' answer. */
export function faultReply(fault: ReplacingFault, businessId: string): Reply {
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
