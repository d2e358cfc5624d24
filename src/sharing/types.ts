/**
The sharing domain: what the use cases return (camelCase, `Date`s), never Meta's wire shapes,
and each operation's own failures.
*/
import type { ReadFailure } from "../graph-api/failure.js";
import type { CodeVerificationStatus } from "../graph-api/wire.js";

/** A pre-verified number as far as it was read from Meta (absent fields were not sent). */
export interface NumberDetails {
  id: string;
  phoneNumber?: string;
  verificationStatus?: CodeVerificationStatus;
  verificationExpiresAt?: Date;
  ownerBusinessId?: string;
}

/** A share or an unshare that happened: who shared which number with whom. */
export interface Share {
  businessId: string;
  preverifiedId: string;
  partnerBusinessId: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor?: string;
  endCursor?: string;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

/** An unshare's failures: nothing is rejected when access is taken away. */
export type UnshareFailure = ReadFailure;
/** A read's failures. */
export type { ReadFailure };
