/**
The emulator's record types: what the seed holds and what the store answers. Types only, so the
seed and the store both import them without importing each other.
*/
export type CodeVerificationStatus = "VERIFIED" | "NOT_VERIFIED" | "EXPIRED";

export interface BusinessRecord {
  id: string;
  name: string;
  /** Partner businesses this business may share pre-verified numbers with. */
  accessiblePartnerIds: readonly string[];
  /** Accessible partners whose relationship does not allow phone number sharing. */
  sharingNotAllowedPartnerIds: readonly string[];
  /** How many numbers the business may own (`add_phone_numbers`); no limit when absent. */
  maxPhoneNumbers?: number;
}

export interface AccessTokenRecord {
  token: string;
  businessId: string;
  status: "valid" | "expired";
  /** ISO 8601 time the token expired (or will expire); `null` for tokens that never expire. */
  expiresAt: string | null;
  /** Granted permissions, e.g. `business_management`. */
  permissions: readonly string[];
}

export interface PreverifiedNumberRecord {
  id: string;
  /** Display phone number, e.g. `+1 555-0100`. */
  phoneNumber: string;
  codeVerificationStatus: CodeVerificationStatus;
  /**
  When the code was last verified, Meta's datetime style (`2026-04-14T22:12:31+0000`); absent or
  `null` when never verified.
  */
  codeVerificationTime?: string | null;
  /** Meta's datetime style, e.g. `2026-04-14T22:12:31+0000`; `null` when never verified. */
  verificationExpiryTime: string | null;
  ownerBusinessId: string;
  /** Businesses other than the owner that may share this number. */
  sharingRightsBusinessIds: readonly string[];
}

export interface SeedShare {
  preverifiedId: string;
  partnerBusinessIds: readonly string[];
}

export interface SeedData {
  businesses: readonly BusinessRecord[];
  tokens: readonly AccessTokenRecord[];
  numbers: readonly PreverifiedNumberRecord[];
  shares: readonly SeedShare[];
}

/** A pre-verified number as the store sees it now, including the partners it is shared with. */
export interface PreverifiedNumberView extends PreverifiedNumberRecord {
  /** Partner businesses the number is shared with, sorted. */
  sharedWithBusinessIds: string[];
}

export interface ShareRequest {
  businessId: string;
  preverifiedId: string;
  partnerBusinessId: string;
}

/** Why the store refused a share, in the order the rules are checked. */
export type ShareRejection =
  | "share_with_self"
  | "number_not_found"
  | "partner_not_found"
  | "number_not_accessible"
  | "partner_not_accessible"
  | "relationship_not_allowed"
  | "not_shareable"
  | "already_shared";

export type ShareOutcome = { ok: true } | { ok: false; rejection: ShareRejection };

/** Why the store refused `add_phone_numbers`. */
export type AddNumberRejection = "invalid_phone_number" | "already_added" | "limit_reached";

export type AddNumberOutcome =
  { ok: true; preverifiedId: string } | { ok: false; rejection: AddNumberRejection };

/** Why the store refused `request_code`. */
export type RequestCodeRejection = "already_verified" | "too_many_codes";

/** Why the store refused `verify_code`. */
export type VerifyCodeRejection =
  "no_code_requested" | "too_many_attempts" | "code_expired" | "incorrect_code";

/** Why the store refused to delete a number. */
export type DeleteNumberRejection = "in_use";

/** A store outcome: done, or refused for a reason. */
export type LifecycleOutcome<R extends string> = { ok: true } | { ok: false; rejection: R };
