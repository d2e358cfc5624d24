/** The share edge's store rules (`POST /{version}/{business-id}/share_preverified_numbers`). */
import { metaErrors, type MetaErrorReply } from "../errors.js";
import type { EmulatorStore } from "../store.js";
import type { ShareRejection, ShareRequest } from "../types.js";

/** What a share or unshare edge answers once the request has passed the common checks. */
export type EdgeReply = { kind: "success" } | { kind: "error"; error: MetaErrorReply };

/** 8–15. Meta's error for each of the store's share rejections. */
export const SHARE_REJECTION_ERRORS: Readonly<Record<ShareRejection, () => MetaErrorReply>> = {
  share_with_self: () => metaErrors.shareWithSelf(),
  number_not_found: () => metaErrors.numberNotFound(),
  partner_not_found: () => metaErrors.businessNotFound(),
  number_not_accessible: () => metaErrors.numberNotAccessible(),
  partner_not_accessible: () => metaErrors.partnerNotAccessible(),
  relationship_not_allowed: () => metaErrors.relationshipNotAllowed(),
  not_shareable: () => metaErrors.notShareable(),
  already_shared: () => metaErrors.alreadyShared(),
};

/** 8–15. The store's share rules. */
export function shareReply(store: EmulatorStore, request: ShareRequest): EdgeReply {
  return edgeReply(store.share(request), SHARE_REJECTION_ERRORS);
}

/** A store outcome as an edge's answer: success, or the error the table names for the rejection. */
export function edgeReply<R extends string>(
  outcome: { ok: true } | { ok: false; rejection: R },
  errors: Readonly<Record<R, () => MetaErrorReply>>,
): EdgeReply {
  return outcome.ok ? { kind: "success" } : { kind: "error", error: errors[outcome.rejection]() };
}
