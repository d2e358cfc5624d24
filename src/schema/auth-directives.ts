/**
The federation auth directives this subgraph puts on its fields (Federation v2.5+: `@authenticated`
and `@requiresScopes`, imported by the `@link` in build-schema.ts). They tell a router that
enforces them (GraphOS Router, Hive Gateway) to refuse early; they are metadata only, so the
subgraph enforces the same rules itself. `_service`, `_entities` and `__typename` stay open: the
router composes from `_service`, and `_entities` answers only the fields asked for, each guarded
here. Not allowed on interfaces since Federation 2.9.
*/
import type { Scope } from "../sharing/ports.js";

/** The scopes by what they allow (the use cases check the same ones; see authorization.ts). */
export const SCOPES = {
  /** Queries, entities, partners. */
  read: "preverified:read",
  /** Share, bulk share, unshare. */
  share: "preverified:share",
  /** The number lifecycle: add, request and verify a code, delete. */
  manage: "preverified:manage",
} as const satisfies Record<string, Scope>;

export const AUTHENTICATED = "@authenticated";

/** `@requiresScopes` with one AND group: every scope listed is needed. */
export function requiresScopes(...scopes: readonly Scope[]): string {
  return `@requiresScopes(scopes: [[${scopes.map((scope) => JSON.stringify(scope)).join(", ")}]])`;
}

export const REQUIRES_READ = requiresScopes(SCOPES.read);
export const REQUIRES_SHARE = requiresScopes(SCOPES.share);
export const REQUIRES_MANAGE = requiresScopes(SCOPES.manage);
