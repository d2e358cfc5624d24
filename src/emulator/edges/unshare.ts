/** The unshare edge's store rules (`DELETE` on the share edge). */
import { metaErrors } from "../errors.js";
import type { EmulatorStore } from "../store.js";
import type { ShareRequest } from "../types.js";
import type { EdgeReply } from "./share.js";

/** The store's unshare rules (`DELETE` on the share edge). */
export function unshareReply(store: EmulatorStore, request: ShareRequest): EdgeReply {
  const outcome = store.unshare(request);
  if (outcome.ok) {
    return { kind: "success" };
  }
  switch (outcome.rejection) {
    case "number_not_found":
      return { kind: "error", error: metaErrors.numberNotFound() };
    case "partner_not_found":
      return { kind: "error", error: metaErrors.businessNotFound() };
    case "number_not_accessible":
      return { kind: "error", error: metaErrors.numberNotAccessible() };
    case "not_shared":
      return { kind: "error", error: metaErrors.notShared() };
  }
}
