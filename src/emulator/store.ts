/**
The emulator's in-memory state: businesses, access tokens, pre-verified numbers and shares, plus
the share rules and read-access rules that depend on that state. Knows nothing about HTTP or Meta's
wire format; the server turns a `ShareRejection` into Meta's error.
*/
import { VerificationCodes, randomCode } from "./codes.js";
import { createSeed, formatMetaTime, FIXTURES } from "./seed.js";

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
  AddNumberOutcome,
  LifecycleOutcome,
  RequestCodeRejection,
  VerifyCodeRejection,
  DeleteNumberRejection,
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
  AddNumberRejection,
  AddNumberOutcome,
  LifecycleOutcome,
  RequestCodeRejection,
  VerifyCodeRejection,
  DeleteNumberRejection,
} from "./types.js";

/** The permission the share edge checks (Meta's guide; the OpenAPI spec names another one). */
export const SHARE_PERMISSION = "business_management";

const DAY_MS = 24 * 60 * 60 * 1000;
/** A VERIFIED number may request a new code this close to its expiry (an assumption). */
export const REVERIFY_WINDOW_MS = 45 * DAY_MS;
/** How long a verification lasts. */
export const VERIFICATION_TTL_MS = 90 * DAY_MS;
/** The first ID `add_phone_numbers` gives; later ones run on in steps of one. */
const FIRST_ADDED_NUMBER = 3_000_000_000_001_000;

/** Options for an `EmulatorStore`. */
export interface EmulatorStoreOptions {
  /** Called with every code `request_code` issues (the emulator's `logCodes`). */
  onCodeIssued?: (preverifiedId: string, code: string) => void;
}

export class EmulatorStore {
  readonly #seedFactory: () => SeedData;
  readonly #businesses = new Map<string, BusinessRecord>();
  readonly #tokens = new Map<string, AccessTokenRecord>();
  readonly #numbers = new Map<string, PreverifiedNumberRecord>();
  readonly #shares = new Map<string, Set<string>>();
  readonly #codes = new VerificationCodes();
  /** Numbers `add_phone_numbers` created (they get random codes; seeded ones the dev code). */
  readonly #added = new Set<string>();
  readonly #onCodeIssued: ((preverifiedId: string, code: string) => void) | undefined;
  #nextAddedId = FIRST_ADDED_NUMBER;

  /** @param seedFactory returns the data `reset()` goes back to; defaults to `createSeed`. */
  constructor(seedFactory: () => SeedData = createSeed, options: EmulatorStoreOptions = {}) {
    this.#seedFactory = seedFactory;
    this.#onCodeIssued = options.onCodeIssued;
    this.reset();
  }

  /** Drops every change and loads a fresh copy of the seed. */
  reset(): void {
    const seed = this.#seedFactory();
    this.#businesses.clear();
    this.#tokens.clear();
    this.#numbers.clear();
    this.#shares.clear();
    this.#codes.clear();
    this.#added.clear();
    this.#nextAddedId = FIRST_ADDED_NUMBER;
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
  `add_phone_numbers`: a new NOT_VERIFIED number owned by the business, unless the phone number
  is impossible, the business already owns it, or the business is at its limit.
  */
  addPhoneNumber(businessId: string, phoneNumber: string): AddNumberOutcome {
    const e164 = normalisePhoneNumber(phoneNumber);
    if (e164 === undefined) {
      return { ok: false, rejection: "invalid_phone_number" };
    }
    const owned = [...this.#numbers.values()].filter(
      (number) => number.ownerBusinessId === businessId,
    );
    if (owned.some((number) => normalisePhoneNumber(number.phoneNumber) === e164)) {
      return { ok: false, rejection: "already_added" };
    }
    const limit = this.#businesses.get(businessId)?.maxPhoneNumbers;
    if (limit !== undefined && owned.length >= limit) {
      return { ok: false, rejection: "limit_reached" };
    }
    let id = String(this.#nextAddedId);
    while (this.#numbers.has(id) || id === FIXTURES.numbers.unknown) {
      this.#nextAddedId += 1;
      id = String(this.#nextAddedId);
    }
    this.#nextAddedId += 1;
    this.#numbers.set(id, {
      id,
      phoneNumber: e164,
      codeVerificationStatus: "NOT_VERIFIED",
      codeVerificationTime: null,
      verificationExpiryTime: null,
      ownerBusinessId: businessId,
      sharingRightsBusinessIds: [],
    });
    this.#added.add(id);
    return { ok: true, preverifiedId: id };
  }

  /**
  `request_code`: a new code valid 10 minutes, replacing any earlier one, unless the number is
  VERIFIED with more than 45 days left or has had 3 codes within the hour. Seeded numbers get
  `FIXTURES.verificationCode`, added ones a random code. The caller checked the number exists.
  */
  requestCode(preverifiedId: string, now: Date): LifecycleOutcome<RequestCodeRejection> {
    const number = this.#numbers.get(preverifiedId);
    if (number === undefined) {
      throw new Error(`No pre-verified number ${preverifiedId} in the emulator store`);
    }
    const expiry = parseMetaTime(number.verificationExpiryTime);
    if (
      number.codeVerificationStatus === "VERIFIED" &&
      (expiry === undefined || expiry - now.getTime() > REVERIFY_WINDOW_MS)
    ) {
      return { ok: false, rejection: "already_verified" };
    }
    if (this.#codes.volumeReached(preverifiedId, now.getTime())) {
      return { ok: false, rejection: "too_many_codes" };
    }
    const code = this.#added.has(preverifiedId) ? randomCode() : FIXTURES.verificationCode;
    this.#codes.issue(preverifiedId, code, now.getTime());
    this.#onCodeIssued?.(preverifiedId, code);
    return { ok: true };
  }

  /** The number's current code (valid, not used up), for the development endpoint and tests. */
  currentCode(preverifiedId: string, now: Date = new Date()): string | undefined {
    return this.#codes.current(preverifiedId, now.getTime());
  }

  /**
  `verify_code`: the right code makes the number VERIFIED for 90 days from `now`. The caller
  checked the number exists.
  */
  verifyCode(
    preverifiedId: string,
    code: string,
    now: Date,
  ): LifecycleOutcome<VerifyCodeRejection> {
    const number = this.#numbers.get(preverifiedId);
    if (number === undefined) {
      throw new Error(`No pre-verified number ${preverifiedId} in the emulator store`);
    }
    const check = this.#codes.check(preverifiedId, code, now.getTime());
    if (check !== "verified") {
      return { ok: false, rejection: check };
    }
    this.#numbers.set(preverifiedId, {
      ...number,
      codeVerificationStatus: "VERIFIED",
      codeVerificationTime: formatMetaTime(now),
      verificationExpiryTime: formatMetaTime(new Date(now.getTime() + VERIFICATION_TTL_MS)),
    });
    return { ok: true };
  }

  /** `DELETE`: the number is gone, unless it is shared with a partner ("in use"). */
  deleteNumber(preverifiedId: string): LifecycleOutcome<DeleteNumberRejection> {
    if ((this.#shares.get(preverifiedId)?.size ?? 0) > 0) {
      return { ok: false, rejection: "in_use" };
    }
    this.#numbers.delete(preverifiedId);
    this.#shares.delete(preverifiedId);
    this.#codes.forget(preverifiedId);
    this.#added.delete(preverifiedId);
    return { ok: true };
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

/**
A phone number in E.164 (`+15550142000`), ignoring spaces, dashes, dots and parentheses
(`+1 555-0100` → `+15550100`), or `undefined` when it cannot be one: a `+`, a country code not
starting with 0, 7 to 15 digits in all (the emulator's rule; Meta's checks are finer).
*/
export function normalisePhoneNumber(text: string): string | undefined {
  const compact = text.replace(/[\s\-.()]/g, "");
  return /^\+[1-9][0-9]{6,14}$/.test(compact) ? compact : undefined;
}

/** Epoch milliseconds of Meta's `2026-04-14T22:12:31+0000`, if it is one. */
function parseMetaTime(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) {
    return undefined;
  }
  const time = Date.parse(text.replace(/\+0000$/, "Z"));
  return Number.isNaN(time) ? undefined : time;
}
