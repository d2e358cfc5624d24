import { GraphQLError } from "graphql";
import type {
  Failure,
  FailureKind,
  SharingRejectionReason as RejectionReasonKind,
  UpstreamReason,
} from "../graph-api/failure.js";
import {
  AuthenticationError,
  InvalidInputError,
  type MetaErrorInterface,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  SharingRejectedError,
  SharingRejectionReason,
  UpstreamError,
  UpstreamErrorReason,
} from "./errors.type.js";

/** The one mapping from failure kind to GraphQL error variant (plain data, unit-tested per row). */
export const FAILURE_VARIANTS = {
  invalid_input: InvalidInputError,
  authentication: AuthenticationError,
  permission_denied: PermissionDeniedError,
  not_found: NotFoundError,
  sharing_rejected: SharingRejectedError,
  rate_limited: RateLimitedError,
  upstream: UpstreamError,
} as const satisfies Record<FailureKind, new () => MetaErrorInterface>;

const REJECTION_REASONS: Record<RejectionReasonKind, SharingRejectionReason> = {
  already_shared: SharingRejectionReason.ALREADY_SHARED,
  not_shareable: SharingRejectionReason.NOT_SHAREABLE,
  relationship_not_allowed: SharingRejectionReason.RELATIONSHIP_NOT_ALLOWED,
  other: SharingRejectionReason.OTHER,
};

const UPSTREAM_REASONS: Record<UpstreamReason, UpstreamErrorReason> = {
  server_error: UpstreamErrorReason.SERVER_ERROR,
  timeout: UpstreamErrorReason.TIMEOUT,
  network: UpstreamErrorReason.NETWORK,
  unparseable_response: UpstreamErrorReason.UNPARSEABLE_RESPONSE,
  unexpected_response: UpstreamErrorReason.UNEXPECTED_RESPONSE,
  unknown_code: UpstreamErrorReason.UNKNOWN_CODE,
  circuit_open: UpstreamErrorReason.CIRCUIT_OPEN,
  response_too_large: UpstreamErrorReason.RESPONSE_TOO_LARGE,
};

export type ErrorVariant = InstanceType<(typeof FAILURE_VARIANTS)[FailureKind]>;

/** A union member instance (type-graphql resolves union types by `instanceof`). */
export function toErrorVariant(failure: Failure): ErrorVariant {
  const variant: ErrorVariant = Object.assign(new FAILURE_VARIANTS[failure.kind](), {
    message: failure.message,
    retryable: failure.retryable,
    fbtraceId: failure.fbtraceId,
    metaCode: failure.metaCode,
    metaSubcode: failure.metaSubcode,
    userTitle: failure.userTitle,
    userMessage: failure.userMessage,
  });
  switch (failure.kind) {
    case "invalid_input":
      return Object.assign(variant, { field: failure.field });
    case "sharing_rejected":
      return Object.assign(variant, { rejectionReason: REJECTION_REASONS[failure.reason] });
    case "rate_limited":
      return Object.assign(variant, { retryAfterSeconds: failure.retryAfterSeconds });
    case "upstream":
      return Object.assign(variant, {
        upstreamReason: UPSTREAM_REASONS[failure.reason],
        httpStatus: failure.httpStatus,
      });
    default:
      return variant;
  }
}

/** `extensions.code` of a failure raised as a GraphQL error (entity fields cannot carry a union). */
export const FAILURE_CODES: Record<FailureKind, string> = {
  invalid_input: "BAD_USER_INPUT",
  authentication: "UNAUTHENTICATED",
  permission_denied: "FORBIDDEN",
  not_found: "NOT_FOUND",
  sharing_rejected: "SHARING_REJECTED",
  rate_limited: "RATE_LIMITED",
  upstream: "UPSTREAM_ERROR",
};

/** A failure as a GraphQL error, with the same details the error variants carry. */
export function toGraphQLError(failure: Failure): GraphQLError {
  return new GraphQLError(failure.message, {
    extensions: {
      code: FAILURE_CODES[failure.kind],
      retryable: failure.retryable,
      ...(failure.fbtraceId === undefined ? {} : { fbtraceId: failure.fbtraceId }),
      ...(failure.metaCode === undefined ? {} : { metaCode: failure.metaCode }),
      ...(failure.metaSubcode === undefined ? {} : { metaSubcode: failure.metaSubcode }),
    },
  });
}
