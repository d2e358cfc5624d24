/**
The sharing use cases (a share's failures are every `Failure` kind, rejections included): share one
number, for good or until `expiresAt`; share many (Meta's batch API); unshare. Each validates its
input, checks the caller's grants and mutation budget before any Meta call, sends identical shares
of one request once, records every attempt in the audit log and the sharing history, and answers
domain values or its own failures.

A time-limited share writes its schedule, the job that unshares at `expiresAt` and its history
entry (`pending`) before Meta is called, in one transaction: a share this service made can never
exist without them. Meta's answer settles the entry; if Meta refuses, the schedule is put back as
it was; if the process dies in between, the expiry still runs and meets "not shared" at worst,
which counts as done.
*/
import type { Failure, Result } from "../graph-api/failure.js";
import { type ShareRequest, shareKey } from "../graph-api/share.source.js";
import { invalidInput, validateShareRequest } from "../graph-api/validate.js";
import { authorize } from "./authorization.js";
import type { Attempt, AuditEntry, ScheduleTicket, SharingPorts } from "./ports.js";
import type { Share, UnshareFailure } from "./types.js";

/** A share as asked for: the three IDs, and when it is to end (absent or null: never). */
export interface ShareInput extends ShareRequest {
  readonly expiresAt?: Date | null | undefined;
}

/** A share that happened, and when this service will take it away (undefined: never). */
export interface SharedNumber extends Share {
  readonly expiresAt: Date | undefined;
}

/** How long past the request's deadline a timed share may still be in flight at Meta. */
const IN_FLIGHT_MARGIN_MS = 5_000;

/**
Shares a number with a partner (`POST …/share_preverified_numbers`), until `expiresAt` when given.
Sharing again changes the schedule, so Meta's "already shared" is then a success: always with
`expiresAt`, and without it when a schedule stood (it ends).
*/
export async function shareNumber(
  ports: SharingPorts,
  input: ShareInput,
): Promise<Result<SharedNumber>> {
  const admitted = await admit(ports, input);
  if (!admitted.ok) {
    return audited<SharedNumber, Failure>(ports, "share", input, admitted);
  }
  const { request, upstream, expiresAt } = admitted.value;
  const attempt = attemptOf(ports, request);
  let ticket: ScheduleTicket | undefined;
  if (expiresAt !== undefined) {
    const prepared = await ports.state.prepareTimedShare(
      attempt,
      expiresAt,
      upstream.call.deadline.remainingMs() + IN_FLIGHT_MARGIN_MS,
    );
    if (!prepared.ok) {
      return audited<SharedNumber, Failure>(ports, "share", input, prepared);
    }
    ticket = prepared.value;
  }
  // The loader sends identical shares of one request once (a second POST would only earn a
  // spurious "already shared").
  const shared = await upstream.loaders.share.load(request);
  const outcome: Result<{ expiresAt: Date | undefined }> =
    shared.ok || (alreadyShared(shared.failure) && (await reshares(ports, request, expiresAt)))
      ? { ok: true, value: { expiresAt } }
      : shared;
  await ports.state.settleShare(attempt, outcome, ticket);
  return audited(
    ports,
    "share",
    input,
    outcome.ok ? { ok: true, value: { ...request, expiresAt } } : outcome,
  );
}

/** Whether a share Meta calls "already shared" changes a schedule, and so succeeds. */
async function reshares(
  ports: SharingPorts,
  share: Share,
  expiresAt: Date | undefined,
): Promise<boolean> {
  if (expiresAt !== undefined) {
    return true;
  }
  const standing = await ports.state.standingExpiry(share);
  return standing.ok && standing.value !== undefined;
}

function alreadyShared(failure: Failure): boolean {
  return failure.kind === "sharing_rejected" && failure.reason === "already_shared";
}

function attemptOf(ports: SharingPorts, share: Share): Attempt {
  return { share, actor: ports.caller.subject ?? "unknown", requestId: ports.requestId };
}

/** Takes a partner's access to a number away (`DELETE …/share_preverified_numbers`). */
export async function unshareNumber(
  ports: SharingPorts,
  input: ShareRequest,
): Promise<Result<Share, UnshareFailure>> {
  const admitted = await admit(ports, { ...input, expiresAt: undefined });
  if (!admitted.ok) {
    return audited<Share, UnshareFailure>(ports, "unshare", input, admitted);
  }
  const { request, upstream } = admitted.value;
  const unshared = await upstream.graphApi.sharing.unshare(request, upstream.call);
  await ports.state.settleUnshare(attemptOf(ports, request), unshared);
  return audited(ports, "unshare", input, unshared.ok ? { ok: true, value: request } : unshared);
}

/**
Many shares through Meta's batch API: one result per input, in input order, each as
`shareNumber` would answer it. Identical shares in one list reach Meta once and get the same
answer (the same share with two different `expiresAt` is refused); each distinct one takes a token
of the caller's mutation budget.
*/
export async function shareNumbers(
  ports: SharingPorts,
  inputs: readonly ShareInput[],
): Promise<Result<SharedNumber>[]> {
  if (inputs.length > ports.maxBulkShares) {
    const tooMany = failed({
      kind: "invalid_input",
      field: "input",
      retryable: false,
      message: `At most ${ports.maxBulkShares} shares per request; ${inputs.length} were sent.`,
    });
    return inputs.map(() => tooMany);
  }
  const results: (Result<SharedNumber> | undefined)[] = [];
  const pending = new Map<
    string,
    { request: ShareRequest; expiresAt: Date | undefined; indexes: number[] }
  >();
  const { upstream } = ports;
  for (const [index, input] of inputs.entries()) {
    const checked = check(ports, input);
    if (!checked.ok) {
      results[index] = checked;
      continue;
    }
    const { request, expiresAt } = checked.value;
    const key = shareKey(request);
    const known = pending.get(key);
    if (known !== undefined) {
      results[index] =
        known.expiresAt?.getTime() === expiresAt?.getTime()
          ? undefined
          : invalidInput(
              "expiresAt",
              "The same share appears earlier in this list with another expiresAt.",
            );
      if (results[index] === undefined) {
        known.indexes.push(index);
      }
      continue;
    }
    const throttled = await checked.value.upstream.admitMutation();
    if (throttled !== undefined) {
      results[index] = failed(throttled);
      continue;
    }
    pending.set(key, { request, expiresAt, indexes: [index] });
  }
  if (upstream.ok && pending.size > 0) {
    // Each time-limited share's schedule is written before the batch is sent (see above).
    const entries: {
      request: ShareRequest;
      expiresAt: Date | undefined;
      indexes: number[];
      ticket?: ScheduleTicket;
    }[] = [];
    for (const entry of pending.values()) {
      if (entry.expiresAt === undefined) {
        entries.push(entry);
        continue;
      }
      const prepared = await ports.state.prepareTimedShare(
        attemptOf(ports, entry.request),
        entry.expiresAt,
        upstream.call.deadline.remainingMs() + IN_FLIGHT_MARGIN_MS,
      );
      if (prepared.ok) {
        entries.push({ ...entry, ticket: prepared.value });
      } else {
        for (const index of entry.indexes) {
          results[index] = prepared;
        }
      }
    }
    const shared =
      entries.length === 0
        ? []
        : await upstream.graphApi.batchSharing.shareMany(
            entries.map((entry) => entry.request),
            upstream.call,
          );
    for (const [position, entry] of entries.entries()) {
      const answer = shared[position];
      const outcome: Result<{ expiresAt: Date | undefined }> =
        answer === undefined
          ? failed(unexpected("Meta's batch answer had no entry for this share."))
          : answer.ok ||
              (alreadyShared(answer.failure) &&
                (await reshares(ports, entry.request, entry.expiresAt)))
            ? { ok: true, value: { expiresAt: entry.expiresAt } }
            : answer;
      await ports.state.settleShare(attemptOf(ports, entry.request), outcome, entry.ticket);
      const result: Result<SharedNumber> = outcome.ok
        ? { ok: true, value: { ...entry.request, expiresAt: entry.expiresAt } }
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
async function admit(ports: SharingPorts, input: ShareInput) {
  const checked = check(ports, input);
  if (!checked.ok) {
    return checked;
  }
  const throttled = await checked.value.upstream.admitMutation();
  return throttled === undefined ? checked : failed(throttled);
}

/** Validation, authorization and the token: everything before the caller's budget. */
function check(ports: SharingPorts, input: ShareInput) {
  // Input is checked before the token, so a bad request is reported as such either way.
  const validated = validateShareRequest(input);
  if (!validated.ok) {
    return validated;
  }
  const expiry = validateExpiry(ports, input.expiresAt);
  if (!expiry.ok) {
    return expiry;
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
  return { ok: true as const, value: { request, upstream, expiresAt: expiry.value } };
}

/** `expiresAt` lies within the accepted window from now, and time-limited shares are kept here. */
function validateExpiry(ports: SharingPorts, expiresAt: Date | null | undefined) {
  if (expiresAt === undefined || expiresAt === null) {
    return { ok: true as const, value: undefined };
  }
  const { state } = ports;
  if (state.timedSharesRefusal !== undefined) {
    return invalidInput("expiresAt", state.timedSharesRefusal);
  }
  const ahead = expiresAt.getTime() - ports.clock.now();
  const { min, max } = state.expiryWindowMs;
  if (!Number.isFinite(ahead) || ahead < min || ahead > max) {
    return invalidInput(
      "expiresAt",
      `expiresAt must lie between ${describe(min)} and ${describe(max)} from now; ` +
        (Number.isNaN(expiresAt.getTime())
          ? "it is not a time."
          : `${expiresAt.toISOString()} does not.`),
    );
  }
  return { ok: true as const, value: expiresAt };
}

function describe(ms: number): string {
  const [amount, unit] =
    ms >= 86_400_000
      ? [ms / 86_400_000, "day"]
      : ms >= 60_000
        ? [ms / 60_000, "minute"]
        : [ms / 1000, "second"];
  return `${amount} ${unit}${amount === 1 ? "" : "s"}`;
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
