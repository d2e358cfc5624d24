/**
The sharing use cases (a share's failures are every `Failure` kind, rejections included): share one number, share many (Meta's batch API), unshare. Each validates
its input, checks the caller's grants and mutation budget before any Meta call,
sends identical shares of one request once, records every attempt in the audit log, and answers domain values or its own failures.
*/
import type { Failure, Result } from "../graph-api/failure.js";
import { type ShareRequest, shareKey } from "../graph-api/share.source.js";
import { validateShareRequest } from "../graph-api/validate.js";
import { authorize } from "./authorization.js";
import type { AuditEntry, SharingPorts } from "./ports.js";
import type { Share, UnshareFailure } from "./types.js";

/** Shares a number with a partner (`POST …/share_preverified_numbers`). */
export async function shareNumber(
  ports: SharingPorts,
  input: ShareRequest,
): Promise<Result<Share>> {
  const admitted = await admit(ports, input);
  if (!admitted.ok) {
    return audited<Share, Failure>(ports, "share", input, admitted);
  }
  const { request, upstream } = admitted.value;
  // The loader sends identical shares of one request once (a second POST would only earn a
  // spurious "already shared").
  const shared = await upstream.loaders.share.load(request);
  return audited(ports, "share", input, shared.ok ? { ok: true, value: request } : shared);
}

/** Takes a partner's access to a number away (`DELETE …/share_preverified_numbers`). */
export async function unshareNumber(
  ports: SharingPorts,
  input: ShareRequest,
): Promise<Result<Share, UnshareFailure>> {
  const admitted = await admit(ports, input);
  if (!admitted.ok) {
    return audited<Share, UnshareFailure>(ports, "unshare", input, admitted);
  }
  const { request, upstream } = admitted.value;
  const unshared = await upstream.graphApi.sharing.unshare(request, upstream.call);
  return audited(ports, "unshare", input, unshared.ok ? { ok: true, value: request } : unshared);
}

/**
Many shares through Meta's batch API: one result per input, in input order. Identical shares in
one list reach Meta once and get the same answer; each distinct one takes a token of the caller's
mutation budget.
*/
export async function shareNumbers(
  ports: SharingPorts,
  inputs: readonly ShareRequest[],
): Promise<Result<Share>[]> {
  if (inputs.length > ports.maxBulkShares) {
    const tooMany = failed({
      kind: "invalid_input",
      field: "input",
      retryable: false,
      message: `At most ${ports.maxBulkShares} shares per request; ${inputs.length} were sent.`,
    });
    return inputs.map(() => tooMany);
  }
  const results: (Result<Share> | undefined)[] = [];
  const pending = new Map<string, { request: ShareRequest; indexes: number[] }>();
  const { upstream } = ports;
  for (const [index, input] of inputs.entries()) {
    const validated = validateShareRequest(input);
    if (!validated.ok) {
      results[index] = validated;
      continue;
    }
    const request = validated.value;
    const refused = authorize(ports.caller, {
      scope: "preverified:share",
      businessId: request.businessId,
    });
    if (refused !== undefined) {
      results[index] = failed(refused);
      continue;
    }
    if (!upstream.ok) {
      results[index] = failed(upstream.failure);
      continue;
    }
    const key = shareKey(request);
    const known = pending.get(key);
    if (known !== undefined) {
      known.indexes.push(index);
      continue;
    }
    const throttled = await upstream.admitMutation();
    if (throttled !== undefined) {
      results[index] = failed(throttled);
      continue;
    }
    pending.set(key, { request, indexes: [index] });
  }
  if (upstream.ok && pending.size > 0) {
    const entries = [...pending.values()];
    const shared = await upstream.graphApi.batchSharing.shareMany(
      entries.map((entry) => entry.request),
      upstream.call,
    );
    for (const [position, entry] of entries.entries()) {
      const outcome = shared[position];
      const result: Result<Share> =
        outcome === undefined
          ? failed(unexpected("Meta's batch answer had no entry for this share."))
          : outcome.ok
            ? { ok: true, value: entry.request }
            : outcome;
      for (const index of entry.indexes) {
        results[index] = result;
      }
    }
  }
  return Array.from({ length: inputs.length }, (_unused, index) =>
    audited(
      ports,
      "share",
      inputs[index] ?? {},
      results[index] ?? failed(unexpected("No answer was produced for this share.")),
    ),
  );
}

/** Validation, authorization, the token and the caller's budget: all before any Meta call. */
async function admit(ports: SharingPorts, input: ShareRequest) {
  // Input is checked before the token, so a bad request is reported as such either way.
  const validated = validateShareRequest(input);
  if (!validated.ok) {
    return validated;
  }
  const request = validated.value;
  const refused = authorize(ports.caller, {
    scope: "preverified:share",
    businessId: request.businessId,
  });
  if (refused !== undefined) {
    return failed(refused);
  }
  const { upstream } = ports;
  if (!upstream.ok) {
    return failed(upstream.failure);
  }
  const throttled = await upstream.admitMutation();
  if (throttled !== undefined) {
    return failed(throttled);
  }
  return { ok: true as const, value: { request, upstream } };
}

/** A well-formed ID as sent; anything else (free text, maybe personal data) is left out. */
const LOGGABLE_ID = /^[0-9]{1,32}$/;

/** Records one mutation attempt in the audit log, then hands its result on. */
function audited<T, F extends Failure>(
  ports: SharingPorts,
  action: AuditEntry["action"],
  input: Partial<ShareRequest>,
  result: Result<T, F>,
): Result<T, F> {
  const ids: { -readonly [K in keyof ShareRequest]?: string } = {};
  for (const field of ["businessId", "preverifiedId", "partnerBusinessId"] as const) {
    const value = input[field];
    if (typeof value === "string" && LOGGABLE_ID.test(value)) {
      ids[field] = value;
    }
  }
  ports.audit({
    action,
    ...ids,
    result: result.ok ? "success" : result.failure.kind,
    ...(result.ok || result.failure.fbtraceId === undefined
      ? {}
      : { fbtraceId: result.failure.fbtraceId }),
  });
  return result;
}

function failed<T, F extends Failure = Failure>(
  failure: F,
): { ok: false; failure: F } & Result<T, F> {
  return { ok: false, failure };
}

function unexpected(message: string): Failure {
  return { kind: "upstream", reason: "unexpected_response", retryable: false, message };
}
