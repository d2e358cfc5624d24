/**
The unshare edge (`DELETE` on the share edge; `preverified_id` and `partner_business_id` in the
query string or the body): the share edge's checks, then the store's unshare rules.
*/
import { metaErrors, type MetaErrorReply } from "../errors.js";
import type { EmulatorStore, UnshareRejection } from "../store.js";
import type { ShareRequest } from "../types.js";
import type { EdgeHandler } from "./edge.js";
import { SHARE_REJECTION_ERRORS, edgeReply, shareEdgeRules, type EdgeReply } from "./share.js";

/** Meta's error for each of the store's unshare rejections (the share edge's, plus "not shared"). */
const UNSHARE_REJECTION_ERRORS: Readonly<Record<UnshareRejection, () => MetaErrorReply>> = {
  number_not_found: SHARE_REJECTION_ERRORS.number_not_found,
  partner_not_found: SHARE_REJECTION_ERRORS.partner_not_found,
  number_not_accessible: SHARE_REJECTION_ERRORS.number_not_accessible,
  not_shared: () => metaErrors.notShared(),
};

/** `DELETE` on the share edge. */
export const unshareEdge: EdgeHandler = (call) =>
  shareEdgeRules(call, (request) => unshareReply(call.store, request));

/** The store's unshare rules. */
export function unshareReply(store: EmulatorStore, request: ShareRequest): EdgeReply {
  return edgeReply(store.unshare(request), UNSHARE_REJECTION_ERRORS);
}
