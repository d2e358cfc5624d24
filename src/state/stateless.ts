/**
The `SharingState` of a deployment without a database (production without `DATABASE_URL`):
time-limited shares are refused before anything is sent, nothing is recorded, and every history
is empty (the schema's description of `sharingHistory` says so).
*/
import type { SharingState } from "../sharing/ports.js";

export const STATELESS_REFUSAL =
  "Time-limited shares need this service's database, and this deployment runs without one " +
  "(DATABASE_URL is not set). Share without expiresAt, or ask the operator to configure it.";

export function statelessSharingState(
  expiryWindowMs: SharingState["expiryWindowMs"],
): SharingState {
  return {
    timedSharesRefusal: STATELESS_REFUSAL,
    expiryWindowMs,
    prepareTimedShare: () => Promise.reject(new Error("time-limited shares are refused here")),
    standingExpiry: () => Promise.resolve({ ok: true, value: undefined }),
    settleShare: () => Promise.resolve(),
    settleUnshare: () => Promise.resolve(),
    history: () =>
      Promise.resolve({
        ok: true,
        value: { nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false } },
      }),
  };
}
