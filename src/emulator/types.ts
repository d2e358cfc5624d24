/**
The records the emulator's store holds and its seed creates (here, apart from both, so that the
seed and the store do not import each other).
*/
export type CodeVerificationStatus = "VERIFIED" | "NOT_VERIFIED" | "EXPIRED";

export interface BusinessRecord {
  id: string;
  name: string;
  /** Partner businesses this business may share pre-verified numbers with. */
  accessiblePartnerIds: readonly string[];
  /** Accessible partners whose relationship does not allow phone number sharing. */
  sharingNotAllowedPartnerIds: readonly string[];
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
