import { GraphQLError } from "graphql";
import { asShareFailure } from "../graph-api/classify.js";
import type {
  Failure,
  FailureKind,
  NumberRejectionReason,
  ReadFailure,
  NumberChangeFailure,
  ReadFailureKind,
  ShareFailureKind,
  VerificationFailure,
  SharingRejectionReason as RejectionReasonKind,
  UpstreamReason,
} from "../graph-api/failure.js";
import {
  AuthenticationError,
  InvalidInputError,
  type MetaErrorInterface,
  NotFoundError,
  PermissionDeniedError,
  PreverifiedNumberRejectedError,
  PreverifiedNumberRejectionReason,
  RateLimitedError,
  SharingRejectedError,
  SharingRejectionReason,
  UpstreamError,
  UpstreamErrorReason,
  VerificationCodeError,
} from "./errors.type.js";

/** The one mapping from failure kind to GraphQL error variant (plain data, unit-tested per row). */
export const FAILURE_VARIANTS = {
  invalid_input: InvalidInputError,
  authentication: AuthenticationError,
  permission_denied: PermissionDeniedError,
  not_found: NotFoundError,
  sharing_rejected: SharingRejectedError,
  number_rejected: PreverifiedNumberRejectedError,
  verification_code: VerificationCodeError,
  rate_limited: RateLimitedError,
  upstream: UpstreamError,
} as const satisfies Record<FailureKind, new () => MetaErrorInterface>;

const REJECTION_REASONS: Record<RejectionReasonKind, SharingRejectionReason> = {
  already_shared: SharingRejectionReason.ALREADY_SHARED,
  not_shareable: SharingRejectionReason.NOT_SHAREABLE,
  relationship_not_allowed: SharingRejectionReason.RELATIONSHIP_NOT_ALLOWED,
  other: SharingRejectionReason.OTHER,
};

const NUMBER_REJECTION_REASONS: Record<NumberRejectionReason, PreverifiedNumberRejectionReason> = {
  already_added: PreverifiedNumberRejectionReason.ALREADY_ADDED,
  limit_reached: PreverifiedNumberRejectionReason.LIMIT_REACHED,
  in_use: PreverifiedNumberRejectionReason.IN_USE,
  other: PreverifiedNumberRejectionReason.OTHER,
};

const UPSTREAM_REASONS: Record<UpstreamReason, UpstreamErrorReason> = {
  server_error: UpstreamErrorReason.SERVER_ERROR,
  timeout: UpstreamErrorReason.TIMEOUT,
  network: UpstreamErrorReason.NETWORK,
  unparseable_response: UpstreamErrorReason.UNPARSEABLE_RESPONSE,
  unexpected_response: UpstreamErrorReason.UNEXPECTED_RESPONSE,
  unknown_code: UpstreamErrorReason.UNKNOWN_CODE,
  circuit_open: UpstreamErrorReason.CIRCUIT_OPEN,
  call_budget_exceeded: UpstreamErrorReason.CALL_BUDGET_EXCEEDED,
  response_too_large: UpstreamErrorReason.RESPONSE_TOO_LARGE,
  state_unavailable: UpstreamErrorReason.STATE_UNAVAILABLE,
};

export type ErrorVariant = InstanceType<(typeof FAILURE_VARIANTS)[FailureKind]>;

/**
The mapping for reads (`preverifiedNumber`, `preverifiedNumbers`, entity fields, `partners`):
the members of `PreverifiedNumberResult` and `PreverifiedNumbersResult`, which have no
`SharingRejectedError`. Keyed by `ReadFailureKind`, so a read cannot be handed a rejection.
*/
export const READ_FAILURE_VARIANTS = {
  invalid_input: InvalidInputError,
  authentication: AuthenticationError,
  permission_denied: PermissionDeniedError,
  not_found: NotFoundError,
  rate_limited: RateLimitedError,
  upstream: UpstreamError,
} as const satisfies Record<ReadFailureKind, new () => MetaErrorInterface>;

/** The mapping for shares: the members of `SharePreverifiedNumberResult`. */
export const SHARE_FAILURE_VARIANTS = {
  invalid_input: InvalidInputError,
  authentication: AuthenticationError,
  permission_denied: PermissionDeniedError,
  not_found: NotFoundError,
  sharing_rejected: SharingRejectedError,
  rate_limited: RateLimitedError,
  upstream: UpstreamError,
} as const satisfies Record<ShareFailureKind, new () => MetaErrorInterface>;

export type ShareErrorVariant = InstanceType<(typeof SHARE_FAILURE_VARIANTS)[ShareFailureKind]>;

/** A member of the share union (a lifecycle refusal, never seen on a share, is unexpected). */
export function toShareErrorVariant(failure: Failure): ShareErrorVariant {
  const share = asShareFailure(failure);
  return Object.assign(new SHARE_FAILURE_VARIANTS[share.kind](), fieldsOf(share));
}

/** The mapping for adding and deleting a number (their unions' error members). */
export const NUMBER_CHANGE_FAILURE_VARIANTS = {
  ...READ_FAILURE_VARIANTS,
  number_rejected: PreverifiedNumberRejectedError,
} as const satisfies Record<NumberChangeFailure["kind"], new () => MetaErrorInterface>;

/** The mapping for requesting and verifying a code (their unions' error members). */
export const VERIFICATION_FAILURE_VARIANTS = {
  ...READ_FAILURE_VARIANTS,
  verification_code: VerificationCodeError,
} as const satisfies Record<VerificationFailure["kind"], new () => MetaErrorInterface>;

export type NumberChangeErrorVariant = InstanceType<
  (typeof NUMBER_CHANGE_FAILURE_VARIANTS)[NumberChangeFailure["kind"]]
>;
export type VerificationErrorVariant = InstanceType<
  (typeof VERIFICATION_FAILURE_VARIANTS)[VerificationFailure["kind"]]
>;

/** A member of the add or delete union. */
export function toNumberChangeErrorVariant(failure: NumberChangeFailure): NumberChangeErrorVariant {
  return Object.assign(new NUMBER_CHANGE_FAILURE_VARIANTS[failure.kind](), fieldsOf(failure));
}

/** A member of the request-code or verify union. */
export function toVerificationErrorVariant(failure: VerificationFailure): VerificationErrorVariant {
  return Object.assign(new VERIFICATION_FAILURE_VARIANTS[failure.kind](), fieldsOf(failure));
}

export type ReadErrorVariant = InstanceType<(typeof READ_FAILURE_VARIANTS)[ReadFailureKind]>;

/** A union member instance (type-graphql resolves union types by `instanceof`). */
export function toErrorVariant(failure: Failure): ErrorVariant {
  return Object.assign(new FAILURE_VARIANTS[failure.kind](), fieldsOf(failure));
}

/** A member of a read's union; only read failures are accepted. */
export function toReadErrorVariant(failure: ReadFailure): ReadErrorVariant {
  return Object.assign(new READ_FAILURE_VARIANTS[failure.kind](), fieldsOf(failure));
}

/** The GraphQL fields of a failure's variant: the common ones, then the variant's own. */
function fieldsOf(failure: Failure): Partial<MetaErrorInterface> & Record<string, unknown> {
  const common = {
    message: failure.message,
    retryable: failure.retryable,
    fbtraceId: failure.fbtraceId,
    metaCode: failure.metaCode,
    metaSubcode: failure.metaSubcode,
    userTitle: failure.userTitle,
    userMessage: failure.userMessage,
  };
  switch (failure.kind) {
    case "invalid_input":
      return { ...common, field: failure.field };
    case "sharing_rejected":
      return { ...common, rejectionReason: REJECTION_REASONS[failure.reason] };
    case "number_rejected":
      return { ...common, rejectionReason: NUMBER_REJECTION_REASONS[failure.reason] };
    case "rate_limited":
      return { ...common, retryAfterSeconds: failure.retryAfterSeconds };
    case "upstream":
      return {
        ...common,
        upstreamReason: UPSTREAM_REASONS[failure.reason],
        httpStatus: failure.httpStatus,
      };
    case "authentication":
    case "permission_denied":
    case "not_found":
    case "verification_code":
      return common;
  }
}

/**
`extensions.code` of a read failure raised as a GraphQL error (entity fields and `partners`
cannot carry a union). Keyed by `ReadFailureKind`: every read failure has a code.
*/
export const FAILURE_CODES: Record<ReadFailureKind, string> = {
  invalid_input: "BAD_USER_INPUT",
  authentication: "UNAUTHENTICATED",
  permission_denied: "FORBIDDEN",
  not_found: "NOT_FOUND",
  rate_limited: "RATE_LIMITED",
  upstream: "UPSTREAM_ERROR",
};

/** A read failure as a GraphQL error, with the same details the error variants carry. */
export function toGraphQLError(failure: ReadFailure): GraphQLError {
  return new GraphQLError(failure.message, {
    extensions: {
      code: FAILURE_CODES[failure.kind],
      retryable: failure.retryable,
      ...(failure.fbtraceId === undefined ? {} : { fbtraceId: failure.fbtraceId }),
      ...(failure.metaCode === undefined ? {} : { metaCode: failure.metaCode }),
      ...(failure.metaSubcode === undefined ? {} : { metaSubcode: failure.metaSubcode }),
      ...(failure.kind === "upstream" ? { upstreamReason: failure.reason.toUpperCase() } : {}),
      ...(failure.kind === "rate_limited" && failure.retryAfterSeconds !== undefined
        ? { retryAfterSeconds: failure.retryAfterSeconds }
        : {}),
      // No union to carry it: an unauthenticated caller is told so by the HTTP status too.
      ...(failure.kind === "authentication" ? { http: { status: 401 } } : {}),
    },
  });
}
