/**
What every edge handler gets and answers. The route table (`routes.ts`) names a handler per
method and path; the server calls it once the request has passed the common checks (path,
version, method, fault header, and the access token, which `authenticate` checks), so a handler
starts at its own rules.
*/
import { metaErrors, type MetaErrorReply } from "../errors.js";
import type { Fault } from "../fault-spec.js";
import { faultReply } from "../faults.js";
import type { Reply } from "../reply.js";
import type { ReceivedRequest, RequestParams } from "../request.js";
import type { EmulatorStore } from "../store.js";
import type { AccessTokenRecord } from "../types.js";

/** One authenticated request on an edge. */
export interface EdgeCall {
  request: ReceivedRequest;
  /** Its parameters (body first, then the query string). */
  params: RequestParams;
  /** The path's parameters, named as in the route's pattern (`:businessId` → `businessId`). */
  path: Readonly<Record<string, string>>;
  /** The access token's record: a known token that has not expired. */
  caller: AccessTokenRecord;
  store: EmulatorStore;
  /** The path's Graph API version. */
  version: string;
  /** Scheme and host the client reached the emulator at: where a read's paging links point. */
  origin: string;
  /** When the request arrived. */
  now: Date;
  /** Uses the request's injected fault, if any; call it once the edge's own checks passed. */
  takeFault(): Fault | undefined;
}

export type EdgeHandler = (call: EdgeCall) => Reply;

/**
The injected fault, taken once the edge's checks passed: a replacing fault answers instead of
`answer` (which is then never run, so the store is left alone), `truncated` cuts its answer, and
latency (already waited for) changes nothing. `businessId` is the one a rate-limit fault names.
*/
export function withFaults(call: EdgeCall, businessId: string, answer: () => Reply): Reply {
  const fault = call.takeFault();
  if (fault !== undefined && fault.kind !== "latency" && fault.kind !== "truncated") {
    return faultReply(fault, businessId);
  }
  const reply = answer();
  return fault?.kind === "truncated" ? { kind: "truncated", reply } : reply;
}

/**
2–3. The access token every edge requires (the batch edge only its presence): given, known, not
expired. Its record is the `caller` of an `EdgeCall`.
*/
export function authenticate(
  store: EmulatorStore,
  token: string | undefined,
  now: Date,
): { ok: true; record: AccessTokenRecord } | { ok: false; error: MetaErrorReply } {
  if (token === undefined) {
    return { ok: false, error: metaErrors.missingToken() };
  }
  const record = store.getToken(token);
  if (record === undefined) {
    return { ok: false, error: metaErrors.invalidToken() };
  }
  if (record.status === "expired") {
    return {
      ok: false,
      error: metaErrors.expiredToken(record.expiresAt ?? now.toISOString(), now),
    };
  }
  return { ok: true, record };
}
