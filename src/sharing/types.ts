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

/** What the sharing history records (README "State"). */
export type SharingEventKind =
  /** Shared; `expiresAt` when time-limited. */
  | "shared"
  /** Shared again while a schedule stood: the schedule moved (`expiresAt`) or ended (null). */
  | "expiry_changed"
  | "share_failed"
  | "unshared"
  | "unshare_failed"
  /** The service took the access away at `expiresAt` (or found it already gone). */
  | "expired"
  /** An expiry attempt failed transiently; it is retried. */
  | "expiry_deferred"
  /** An expiry failed for good (Meta refused); the partner may still have access. */
  | "expiry_failed";

/** One entry of a number's sharing history. */
export interface SharingEvent {
  readonly id: string;
  readonly occurredAt: Date;
  readonly kind: SharingEventKind;
  /** The caller's `sub`; `service` for what the service did by itself; `unknown` without one. */
  readonly actor: string;
  readonly businessId: string;
  readonly preverifiedId: string;
  readonly partnerBusinessId: string;
  readonly expiresAt?: Date;
  /** `success`, `already_unshared`, or the failure kind. */
  readonly result: string;
  readonly fbtraceId?: string;
  readonly requestId?: string;
}

/** The actor of what the service does by itself. */
export const SERVICE_ACTOR = "service";
