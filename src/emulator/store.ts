/**
The emulator's in-memory state: businesses, access tokens, pre-verified numbers and shares, plus
the share rules and read-access rules that depend on that state. Knows nothing about HTTP or Meta's
wire format; the server turns a `ShareRejection` into Meta's error.
*/
import { createSeed } from "./seed.js";

import type {
  CodeVerificationStatus,
  BusinessRecord,
  AccessTokenRecord,
  PreverifiedNumberRecord,
  SeedData,
  PreverifiedNumberView,
  ShareRequest,
  ShareRejection,
  ShareOutcome,
} from "./types.js";

export type {
  CodeVerificationStatus,
  BusinessRecord,
  AccessTokenRecord,
  PreverifiedNumberRecord,
  SeedShare,
  SeedData,
  PreverifiedNumberView,
  ShareRequest,
  ShareRejection,
  ShareOutcome,
} from "./types.js";

/** The permission the share edge checks (Meta's guide; the OpenAPI spec names another one). */
export const SHARE_PERMISSION = "business_management";

export class EmulatorStore {
  readonly #seedFactory: () => SeedData;
  readonly #businesses = new Map<string, BusinessRecord>();
  readonly #tokens = new Map<string, AccessTokenRecord>();
  readonly #numbers = new Map<string, PreverifiedNumberRecord>();
  readonly #shares = new Map<string, Set<string>>();

  /** @param seedFactory returns the data `reset()` goes back to; defaults to `createSeed`. */
  constructor(seedFactory: () => SeedData = createSeed) {
    this.#seedFactory = seedFactory;
    this.reset();
  }

  /** Drops every change and loads a fresh copy of the seed. */
  reset(): void {
    const seed = this.#seedFactory();
    this.#businesses.clear();
    this.#tokens.clear();
    this.#numbers.clear();
    this.#shares.clear();
    for (const business of seed.businesses) {
      this.#businesses.set(business.id, {
        ...business,
        accessiblePartnerIds: [...business.accessiblePartnerIds],
        sharingNotAllowedPartnerIds: [...business.sharingNotAllowedPartnerIds],
      });
    }
    for (const token of seed.tokens) {
      this.#tokens.set(token.token, { ...token, permissions: [...token.permissions] });
    }
    for (const number of seed.numbers) {
      this.#numbers.set(number.id, {
        ...number,
        sharingRightsBusinessIds: [...number.sharingRightsBusinessIds],
      });
    }
    for (const share of seed.shares) {
      this.#shares.set(share.preverifiedId, new Set(share.partnerBusinessIds));
    }
  }

  getBusiness(id: string): BusinessRecord | undefined {
    return this.#businesses.get(id);
  }

  getToken(token: string): AccessTokenRecord | undefined {
    return this.#tokens.get(token);
  }

  /** A snapshot of the number; changing it does not change the store. */
  getNumber(id: string): PreverifiedNumberView | undefined {
    const number = this.#numbers.get(id);
    if (number === undefined) {
      return undefined;
    }
    return {
      ...number,
      sharingRightsBusinessIds: [...number.sharingRightsBusinessIds],
      sharedWithBusinessIds: this.sharedWith(id),
    };
  }

  /** Partner businesses the number is shared with, sorted. */
  sharedWith(preverifiedId: string): string[] {
    return [...(this.#shares.get(preverifiedId) ?? [])].sort();
  }

  /** Whether the business owns the number or has sharing rights on it (it may share it). */
  canManage(businessId: string, preverifiedId: string): boolean {
    const number = this.#numbers.get(preverifiedId);
    return (
      number !== undefined &&
      (number.ownerBusinessId === businessId ||
        number.sharingRightsBusinessIds.includes(businessId))
    );
  }

  /**
  Whether the business may read the number: it owns it, has sharing rights on it, or is a partner
  it was shared with. For any other business the number behaves as if it did not exist.
  */
  canRead(businessId: string, preverifiedId: string): boolean {
    return (
      this.canManage(businessId, preverifiedId) ||
      this.#shares.get(preverifiedId)?.has(businessId) === true
    );
  }

  /**
  The business's own numbers (owned or with sharing rights; not those shared with it as a
  partner), in creation order (the seed's order).
  */
  numbersOf(businessId: string): PreverifiedNumberView[] {
    const views: PreverifiedNumberView[] = [];
    for (const id of this.#numbers.keys()) {
      const view = this.canManage(businessId, id) ? this.getNumber(id) : undefined;
      if (view !== undefined) {
        views.push(view);
      }
    }
    return views;
  }

  /** The number's position in creation order (0 for the first), or `undefined` if unknown. */
  creationIndex(preverifiedId: string): number | undefined {
    let index = 0;
    for (const id of this.#numbers.keys()) {
      if (id === preverifiedId) {
        return index;
      }
      index += 1;
    }
    return undefined;
  }

  /** Changes a number's verification status (for tests that need other states). */
  setCodeVerificationStatus(preverifiedId: string, status: CodeVerificationStatus): void {
    const number = this.#numbers.get(preverifiedId);
    if (number === undefined) {
      throw new Error(`No pre-verified number ${preverifiedId} in the emulator store`);
    }
    this.#numbers.set(preverifiedId, { ...number, codeVerificationStatus: status });
  }

  /**
  Applies the share rules in Meta's order and records the share when they all pass. The number's
  owner never changes; the partner gains access.
  */
  /**
  Takes a partner's access away: the owner or a business with sharing rights may, for a partner
  the number is shared with. Unsharing what is not shared is refused (`not_shared`: an assumption;
  Meta's answer is unconfirmed, see README).
  */
  unshare(request: ShareRequest): UnshareOutcome {
    const { businessId, preverifiedId, partnerBusinessId } = request;
    const number = this.#numbers.get(preverifiedId);
    if (number === undefined) {
      return { ok: false, rejection: "number_not_found" };
    }
    if (!this.#businesses.has(partnerBusinessId)) {
      return { ok: false, rejection: "partner_not_found" };
    }
    if (
      number.ownerBusinessId !== businessId &&
      !number.sharingRightsBusinessIds.includes(businessId)
    ) {
      return { ok: false, rejection: "number_not_accessible" };
    }
    const partners = this.#shares.get(preverifiedId);
    if (partners?.delete(partnerBusinessId) !== true) {
      return { ok: false, rejection: "not_shared" };
    }
    return { ok: true };
  }

  share(request: ShareRequest): ShareOutcome {
    const { businessId, preverifiedId, partnerBusinessId } = request;
    if (partnerBusinessId === businessId) {
      return reject("share_with_self");
    }
    const number = this.#numbers.get(preverifiedId);
    if (number === undefined) {
      return reject("number_not_found");
    }
    const business = this.#businesses.get(businessId);
    if (business === undefined) {
      // The server checks the path business first; kept for callers using the store directly.
      return reject("number_not_accessible");
    }
    if (!this.#businesses.has(partnerBusinessId)) {
      return reject("partner_not_found");
    }
    if (
      number.ownerBusinessId !== businessId &&
      !number.sharingRightsBusinessIds.includes(businessId)
    ) {
      return reject("number_not_accessible");
    }
    if (!business.accessiblePartnerIds.includes(partnerBusinessId)) {
      return reject("partner_not_accessible");
    }
    if (business.sharingNotAllowedPartnerIds.includes(partnerBusinessId)) {
      return reject("relationship_not_allowed");
    }
    if (number.codeVerificationStatus !== "VERIFIED") {
      return reject("not_shareable");
    }
    let partners = this.#shares.get(preverifiedId);
    if (partners?.has(partnerBusinessId) === true) {
      return reject("already_shared");
    }
    if (partners === undefined) {
      partners = new Set();
      this.#shares.set(preverifiedId, partners);
    }
    partners.add(partnerBusinessId);
    return { ok: true };
  }
}

/** Why the emulator refuses an unshare. */
export type UnshareRejection =
  "number_not_found" | "partner_not_found" | "number_not_accessible" | "not_shared";

export type UnshareOutcome = { ok: true } | { ok: false; rejection: UnshareRejection };

function reject(rejection: ShareRejection): ShareOutcome {
  return { ok: false, rejection };
}
