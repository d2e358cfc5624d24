/**
The share edge (`POST /{version}/{business-id}/share_preverified_numbers`): the path business
and the token's rights on it, the parameters, injected faults, the scenario IDs, then the store's
share rules. The unshare edge (`unshare.ts`) takes the same checks.
*/
import { META_ID_PATTERN } from "../../graph-api/wire.js";
import { metaErrors, type MetaErrorReply } from "../errors.js";
import type { Reply } from "../reply.js";
import { truncate } from "../request.js";
import { scenarioFor } from "../scenarios.js";
import { SHARE_PERMISSION, type EmulatorStore } from "../store.js";
import type { ShareRejection, ShareRequest } from "../types.js";
import { withFaults, type EdgeCall, type EdgeHandler } from "./edge.js";

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

/** `POST` on the share edge. */
export const shareEdge: EdgeHandler = (call) =>
  shareEdgeRules(call, (request) => shareReply(call.store, request));

/**
4–7, the rules the share and unshare edges have in common, then `storeRules` (or a scenario ID's
forced failure): 4. the path business exists, 5. it is the token's business and the token may
manage it, 6. both IDs given and numeric, 7. injected faults (never before authentication and
access).
*/
export function shareEdgeRules(
  call: EdgeCall,
  storeRules: (request: ShareRequest) => EdgeReply,
): Reply {
  const { store, caller, params } = call;
  const fail = (error: MetaErrorReply): Reply => ({ kind: "error", error });

  // 4. The path business.
  const businessId = call.path.businessId ?? "";
  if (!META_ID_PATTERN.test(businessId) || store.getBusiness(businessId) === undefined) {
    return fail(metaErrors.objectDoesNotExist(truncate(businessId)));
  }

  // 5. The token's rights on it.
  if (caller.businessId !== businessId) {
    return fail(metaErrors.noPermission());
  }
  if (!caller.permissions.includes(SHARE_PERMISSION)) {
    return fail(metaErrors.missingPermission(SHARE_PERMISSION));
  }

  // 6. Parameters.
  const preverifiedId = params.get("preverified_id");
  const partnerBusinessId = params.get("partner_business_id");
  for (const [name, value] of [
    ["preverified_id", preverifiedId],
    ["partner_business_id", partnerBusinessId],
  ] as const) {
    if (value.kind === "absent") {
      return fail(metaErrors.parameterRequired(name));
    }
  }
  if (preverifiedId.kind !== "value" || !META_ID_PATTERN.test(preverifiedId.value)) {
    return fail(metaErrors.parameterNotNumeric("preverified_id"));
  }
  if (partnerBusinessId.kind !== "value" || !META_ID_PATTERN.test(partnerBusinessId.value)) {
    return fail(metaErrors.parameterNotNumeric("partner_business_id"));
  }

  // 7. Injected faults, then forced upstream failures, then the store.
  return withFaults(
    call,
    businessId,
    () =>
      scenarioFor(preverifiedId.value, businessId) ??
      storeRules({
        businessId,
        preverifiedId: preverifiedId.value,
        partnerBusinessId: partnerBusinessId.value,
      }),
  );
}

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
