/**
The expiry job's use case: at `expiresAt`, take the partner's access away
(`DELETE …/share_preverified_numbers`) once, whatever happens to the replicas.

The queue may run a job twice (a replica killed mid-job, a database lost before the outcome was
written), so each attempt is counted in the schedule before Meta is called. An attempt that finds
an earlier one reads the number's partners first: if the partner is gone, the earlier attempt
did it, and nothing is sent again. Meta's "not shared" / "not found" counts as done; transient
failures (throttles included: the guard answers them without a call while Meta's regain time
lasts) are deferred with backoff; refusals end the schedule as failed. Every outcome lands in
the history.
*/
import type { Failure, Result } from "../graph-api/failure.js";
import type { GraphApi } from "../graph-api/index.js";
import type { UpstreamCall } from "../graph-api/share.source.js";
import type { ExpiryJob, ExpiryOutcome, ExpiryState } from "./ports.js";
import type { Share } from "./types.js";

export interface ExpiryPorts {
  readonly state: ExpiryState;
  readonly graphApi: Pick<GraphApi, "sharing" | "partners">;
  /** A fresh call with the service token, deadline and budget, for one attempt. */
  readonly call: () => UpstreamCall;
}

/** Attempts at most before an expiry is given up as failed (about eight hours of backoff). */
export const MAX_EXPIRY_ATTEMPTS = 100;
const BACKOFF_MS = { first: 5_000, max: 300_000 };
/** Partner pages read at most to find out whether an earlier attempt got through. */
const MAX_PARTNER_PAGES = 10;

/** Runs one expiry job. Throws only when the database is unreachable (the queue retries). */
export async function expireShare(ports: ExpiryPorts, job: ExpiryJob): Promise<void> {
  const claim = await ports.state.claim(job);
  if (claim.kind === "skip") {
    return;
  }
  const { share, attempt } = claim;
  const call = ports.call();
  if (attempt > 1) {
    const still = await stillShared(ports, share, call);
    if (!still.ok) {
      await ports.state.settle(job, outcomeOfFailure(still.failure, attempt));
      return;
    }
    if (!still.value) {
      await ports.state.settle(job, { kind: "expired", result: "already_unshared" });
      return;
    }
  }
  const unshared = await ports.graphApi.sharing.unshare(share, call);
  await ports.state.settle(
    job,
    unshared.ok
      ? { kind: "expired", result: "success" }
      : unshared.failure.kind === "not_found"
        ? { kind: "expired", result: "already_unshared" }
        : outcomeOfFailure(unshared.failure, attempt),
  );
}

/** Whether Meta still lists the partner among the number's partners. */
async function stillShared(
  ports: ExpiryPorts,
  share: Share,
  call: UpstreamCall,
): Promise<Result<boolean>> {
  let after: string | undefined;
  for (let page = 0; page < MAX_PARTNER_PAGES; page += 1) {
    const [read] = await ports.graphApi.partners.getPages(
      [
        {
          preverifiedId: share.preverifiedId,
          first: 100,
          ...(after === undefined ? {} : { after }),
        },
      ],
      call,
    );
    if (read === undefined) {
      break;
    }
    if (!read.ok) {
      // The number itself is gone (claimed or deleted): so is the partner's access.
      return read.failure.kind === "not_found" ? { ok: true, value: false } : read;
    }
    if (read.value.nodes.some((partner) => partner.id === share.partnerBusinessId)) {
      return { ok: true, value: true };
    }
    if (!read.value.hasNextPage || read.value.endCursor === undefined) {
      return { ok: true, value: false };
    }
    after = read.value.endCursor;
  }
  // Too many partners to be sure: send the unshare (a repeat only meets "not shared").
  return { ok: true, value: true };
}

/** A failed attempt: deferred with backoff while it may succeed later, else failed for good. */
export function outcomeOfFailure(failure: Failure, attempt: number): ExpiryOutcome {
  // A rejected service token is an operator's to fix: keep trying, slowly.
  const transient = failure.retryable || failure.kind === "authentication";
  if (!transient || attempt >= MAX_EXPIRY_ATTEMPTS) {
    return { kind: "failed", failure };
  }
  const backoff = Math.min(BACKOFF_MS.first * 2 ** (attempt - 1), BACKOFF_MS.max);
  const metaWait =
    (failure.kind === "rate_limited" || failure.kind === "upstream") &&
    failure.retryAfterSeconds !== undefined
      ? failure.retryAfterSeconds * 1000
      : 0;
  return { kind: "deferred", failure, retryInMs: Math.max(backoff, metaWait) };
}
