/** The share edge's store rules (`POST /{version}/{business-id}/share_preverified_numbers`). */
import { metaErrors, type MetaErrorReply } from "../errors.js";
import type { EmulatorStore } from "../store.js";
import type { ShareRequest } from "../types.js";

/** What a share or unshare edge answers once the request has passed the common checks. */
export type EdgeReply = { kind: "success" } | { kind: "error"; error: MetaErrorReply };

/** 8–15. The store's share rules. */
export function shareReply(store: EmulatorStore, request: ShareRequest): EdgeReply {
  const outcome = store.share(request);
  if (outcome.ok) {
    return { kind: "success" };
  }
  const fail = (error: MetaErrorReply): EdgeReply => ({ kind: "error", error });
  switch (outcome.rejection) {
    case "share_with_self":
      return fail(metaErrors.shareWithSelf());
    case "number_not_found":
      return fail(metaErrors.numberNotFound());
    case "partner_not_found":
      return fail(metaErrors.businessNotFound());
    case "number_not_accessible":
      return fail(metaErrors.numberNotAccessible());
    case "partner_not_accessible":
      return fail(metaErrors.partnerNotAccessible());
    case "relationship_not_allowed":
      return fail(metaErrors.relationshipNotAllowed());
    case "not_shareable":
      return fail(metaErrors.notShareable());
    case "already_shared":
      return fail(metaErrors.alreadyShared());
  }
}
