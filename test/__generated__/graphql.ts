/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** The phone number to add to a business as a pre-verified number. */
export type AddPreverifiedNumberInput = {
  /** The Solution Partner business that adds the number. Digits only. */
  businessId: string | number;
  /** The phone number in international format (E.164, e.g. `+15550142000`; spaces, dashes and brackets are accepted). Checked and normalised before Meta is called; never logged. */
  phoneNumber: string;
};

/** Which pre-verified number to delete. */
export type DeletePreverifiedNumberInput = {
  /** The pre-verified number's ID. Digits only. */
  preverifiedId: string | number;
};

/** Narrows the list (Meta's filters). */
export type PreverifiedNumberFilter = {
  /** Only this phone number (digits are compared; `+1 555-0103` = `15550103`). */
  phoneNumber?: string | null | undefined;
  /** Only numbers in this verification state. */
  verificationStatus?: VerificationStatus | null | undefined;
};

/** Why Meta refused to add or delete a well-formed pre-verified number. */
export type PreverifiedNumberRejectionReason =
  /** The business already has this phone number (add). */
  | 'ALREADY_ADDED'
  /** The number is in use, e.g. shared with a partner: unshare it first (delete). */
  | 'IN_USE'
  /** The business has as many pre-verified numbers as Meta allows it (add). */
  | 'LIMIT_REACHED'
  /** Another reason; see `message`. */
  | 'OTHER';

/** Which number should receive a verification code, and how. */
export type RequestVerificationCodeInput = {
  /** The language of the message or call, as `xx_XX` (e.g. `en_US`). */
  language: string;
  /** SMS or a voice call. */
  method: VerificationCodeMethod;
  /** The pre-verified number's ID. Digits only. */
  preverifiedId: string | number;
};

/** Which pre-verified number to share, from which business, with whom. */
export type SharePreverifiedNumberInput = {
  /** The business that owns the number or has sharing rights to it (Meta's `{Business-ID}` path parameter). Digits only. */
  businessId: string | number;
  /** When the share is to end (RFC 3339): this service unshares it then, once, whatever happens to its replicas. At least SHARE_EXPIRY_MIN_SECONDS (a minute) and at most SHARE_EXPIRY_MAX_DAYS (a year) ahead, else `InvalidInputError { field: "expiresAt" }` and nothing is sent. Absent or null: for good. Sharing again changes the schedule (Meta's "already shared" is then a success); `unsharePreverifiedNumber` ends it. Needs this service's database and its own Meta token. */
  expiresAt?: unknown;
  /** The partner business that gains access to the number (Meta's `partner_business_id`). Digits only, and different from `businessId`. */
  partnerBusinessId: string | number;
  /** The pre-verified phone number's ID (Meta's `preverified_id`). Digits only. */
  preverifiedId: string | number;
};

/** What happened to a number's sharing with a partner. */
export type SharingEventKind =
  /** The service took the access away at `expiresAt` (`result` `already_unshared`: it was gone already). */
  | 'EXPIRED'
  /** Shared again while a schedule stood: it now ends at `expiresAt`, or never (null). */
  | 'EXPIRY_CHANGED'
  /** An expiry attempt failed transiently (`result` says why); it is retried. */
  | 'EXPIRY_DEFERRED'
  /** An expiry failed for good (Meta refused): the partner may still have access; unshare it by hand. */
  | 'EXPIRY_FAILED'
  /** Shared; until `expiresAt` when it is set, else for good. */
  | 'SHARED'
  /** A share Meta did not make (`result` says why). */
  | 'SHARE_FAILED'
  /** A caller took the partner's access away. */
  | 'UNSHARED'
  /** An unshare Meta did not make (`result` says why). */
  | 'UNSHARE_FAILED';

/** Why Meta refused a well-formed share. */
export type SharingRejectionReason =
  /** The number is already shared with this partner. */
  | 'ALREADY_SHARED'
  /** The number is not in a shareable state (not verified, or verification expired). */
  | 'NOT_SHAREABLE'
  /** Another reason; see `message`. */
  | 'OTHER'
  /** The relationship between the two businesses does not allow sharing. */
  | 'RELATIONSHIP_NOT_ALLOWED';

/** Which pre-verified number to stop sharing, from which business, with whom. */
export type UnsharePreverifiedNumberInput = {
  /** The business that owns the number or has sharing rights to it (Meta's `{Business-ID}` path parameter). Digits only. */
  businessId: string | number;
  /** The partner business that loses access to the number (Meta's `partner_business_id`). Digits only, and different from `businessId`. */
  partnerBusinessId: string | number;
  /** The pre-verified phone number's ID (Meta's `preverified_id`). Digits only. */
  preverifiedId: string | number;
};

/** What kind of upstream failure happened. */
export type UpstreamErrorReason =
  /** Not sent: this GraphQL request already made as many Meta calls as one request may (`GRAPH_API_MAX_CALLS_PER_REQUEST`). Ask for less, or split the request; retrying the same request gives the same answer. */
  | 'CALL_BUDGET_EXCEEDED'
  /** Not sent: Meta has been failing, so calls are paused for a few seconds. Retry later. */
  | 'CIRCUIT_OPEN'
  /** The connection to Meta failed (refused, reset, DNS, TLS). */
  | 'NETWORK'
  /** Meta's answer was larger than this service accepts, so it was not read. Not retried. */
  | 'RESPONSE_TOO_LARGE'
  /** Meta reported a server-side problem (codes 1, 2, HTTP 5xx). */
  | 'SERVER_ERROR'
  /** This service's own database (time-limited shares' schedules, sharing history) is unreachable and the operation needs it. Nothing was sent to Meta; retry in a few seconds (`retryAfterSeconds`). Shares without `expiresAt` keep working meanwhile. */
  | 'STATE_UNAVAILABLE'
  /** Meta did not answer within the configured time. */
  | 'TIMEOUT'
  /** Meta answered JSON of an unexpected shape. */
  | 'UNEXPECTED_RESPONSE'
  /** Meta answered an error code this service does not know. */
  | 'UNKNOWN_CODE'
  /** Meta's answer was not JSON (an HTML error page, plain text, empty, truncated). */
  | 'UNPARSEABLE_RESPONSE';

/** How Meta delivers a verification code (Meta's `code_method`). */
export type VerificationCodeMethod =
  /** A text message ("WhatsApp code 123-456"). */
  | 'SMS'
  /** A voice call that reads the code out. */
  | 'VOICE';

/** Meta's `code_verification_status` of a pre-verified number. */
export type VerificationStatus =
  /** The verification expired: verify it again. */
  | 'EXPIRED'
  /** Added but not verified (or reverted): verify it first. */
  | 'NOT_VERIFIED'
  /** Verified; it can be shared and offered in Embedded Signup. */
  | 'VERIFIED';

/** The code a number received. */
export type VerifyPreverifiedNumberInput = {
  /** The six-digit code; the SMS's hyphen (`123-456`) and spaces are removed. */
  code: string;
  /** The pre-verified number's ID. Digits only. */
  preverifiedId: string | number;
};

export type AddPreverifiedNumberMutationVariables = Exact<{
  input: AddPreverifiedNumberInput;
}>;


export type AddPreverifiedNumberMutation = { addPreverifiedNumber:
    | { __typename: 'AddPreverifiedNumberSuccess', preverifiedNumber: { id: string, verificationStatus: VerificationStatus | null, verificationExpiresAt: string | null } }
    | { __typename: 'AuthenticationError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'InvalidInputError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, field: string | null, message: string }
    | { __typename: 'NotFoundError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'PermissionDeniedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'PreverifiedNumberRejectedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, rejectionReason: PreverifiedNumberRejectionReason, message: string }
    | { __typename: 'RateLimitedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, retryAfterSeconds: number | null, message: string }
    | { __typename: 'UpstreamError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, upstreamReason: UpstreamErrorReason, httpStatus: number | null, message: string }
   };

export type AuthEntityFieldsQueryVariables = Exact<{
  representations: Array<unknown> | unknown;
}>;


export type AuthEntityFieldsQuery = { _entities: Array<
    | { id: string, phoneNumber: string | null, partners: { nodes: Array<{ id: string }> } | null }
    | Record<PropertyKey, never>
   | null> };

export type AuthNumberQueryVariables = Exact<{
  id: string | number;
}>;


export type AuthNumberQuery = { preverifiedNumber:
    | { __typename: 'AuthenticationError', message: string }
    | { __typename: 'InvalidInputError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'PermissionDeniedError', message: string }
    | { __typename: 'PreverifiedNumber', id: string, phoneNumber: string | null }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'UpstreamError', message: string }
   };

export type AuthNumbersQueryVariables = Exact<{
  businessId: string | number;
}>;


export type AuthNumbersQuery = { preverifiedNumbers:
    | { __typename: 'AuthenticationError', message: string }
    | { __typename: 'InvalidInputError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'PermissionDeniedError', message: string }
    | { __typename: 'PreverifiedNumberConnection', nodes: Array<{ id: string }> }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'UpstreamError', message: string }
   };

export type AuthTypenameQueryVariables = Exact<{ [key: string]: never; }>;


export type AuthTypenameQuery = { __typename: 'Query' };

export type BreakerShareMutationVariables = Exact<{
  input: SharePreverifiedNumberInput;
}>;


export type BreakerShareMutation = { sharePreverifiedNumber:
    | { __typename: 'AuthenticationError', message: string }
    | { __typename: 'InvalidInputError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'PermissionDeniedError', message: string }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'SharePreverifiedNumberSuccess' }
    | { __typename: 'SharingRejectedError', message: string }
    | { __typename: 'UpstreamError', message: string, upstreamReason: UpstreamErrorReason, retryable: boolean }
   };

export type CallBudgetTwoSharesMutationVariables = Exact<{
  bad: SharePreverifiedNumberInput;
  good: SharePreverifiedNumberInput;
}>;


export type CallBudgetTwoSharesMutation = { bad:
    | { __typename: 'AuthenticationError' }
    | { __typename: 'InvalidInputError' }
    | { __typename: 'NotFoundError' }
    | { __typename: 'PermissionDeniedError' }
    | { __typename: 'RateLimitedError' }
    | { __typename: 'SharePreverifiedNumberSuccess' }
    | { __typename: 'SharingRejectedError' }
    | { __typename: 'UpstreamError', upstreamReason: UpstreamErrorReason }
  , good:
    | { __typename: 'AuthenticationError' }
    | { __typename: 'InvalidInputError' }
    | { __typename: 'NotFoundError' }
    | { __typename: 'PermissionDeniedError' }
    | { __typename: 'RateLimitedError' }
    | { __typename: 'SharePreverifiedNumberSuccess' }
    | { __typename: 'SharingRejectedError' }
    | { __typename: 'UpstreamError', upstreamReason: UpstreamErrorReason, retryable: boolean, message: string }
   };

export type DeletePreverifiedNumberMutationVariables = Exact<{
  input: DeletePreverifiedNumberInput;
}>;


export type DeletePreverifiedNumberMutation = { deletePreverifiedNumber:
    | { __typename: 'AuthenticationError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'DeletePreverifiedNumberSuccess', deletedId: string }
    | { __typename: 'InvalidInputError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, field: string | null, message: string }
    | { __typename: 'NotFoundError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'PermissionDeniedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'PreverifiedNumberRejectedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, rejectionReason: PreverifiedNumberRejectionReason, message: string }
    | { __typename: 'RateLimitedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, retryAfterSeconds: number | null, message: string }
    | { __typename: 'UpstreamError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, upstreamReason: UpstreamErrorReason, httpStatus: number | null, message: string }
   };

export type EntityFirstFivePartnersQueryVariables = Exact<{
  r: Array<unknown> | unknown;
}>;


export type EntityFirstFivePartnersQuery = { _entities: Array<
    | { id: string, partners: { nodes: Array<{ id: string }> } | null }
    | Record<PropertyKey, never>
   | null> };

export type EntityPartnerPagesQueryVariables = Exact<{
  r: Array<unknown> | unknown;
}>;


export type EntityPartnerPagesQuery = { _entities: Array<
    | { id: string, partners: { nodes: Array<{ id: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null }
    | Record<PropertyKey, never>
   | null> };

export type EntityPartnersQueryVariables = Exact<{
  r: Array<unknown> | unknown;
}>;


export type EntityPartnersQuery = { _entities: Array<
    | { id: string, partners: { nodes: Array<{ id: string }> } | null }
    | Record<PropertyKey, never>
   | null> };

export type EntityPhoneNumbersQueryVariables = Exact<{
  r: Array<unknown> | unknown;
}>;


export type EntityPhoneNumbersQuery = { _entities: Array<
    | { id: string, phoneNumber: string | null }
    | Record<PropertyKey, never>
   | null> };

type LifecycleErrorFields_AuthenticationError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string };

type LifecycleErrorFields_InvalidInputError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, field: string | null, message: string };

type LifecycleErrorFields_NotFoundError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string };

type LifecycleErrorFields_PermissionDeniedError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string };

type LifecycleErrorFields_PreverifiedNumberRejectedError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, rejectionReason: PreverifiedNumberRejectionReason, message: string };

type LifecycleErrorFields_RateLimitedError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, retryAfterSeconds: number | null, message: string };

type LifecycleErrorFields_SharingRejectedError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string };

type LifecycleErrorFields_UpstreamError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, upstreamReason: UpstreamErrorReason, httpStatus: number | null, message: string };

type LifecycleErrorFields_VerificationCodeError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string };

export type LifecycleErrorFieldsFragment =
  | LifecycleErrorFields_AuthenticationError_Fragment
  | LifecycleErrorFields_InvalidInputError_Fragment
  | LifecycleErrorFields_NotFoundError_Fragment
  | LifecycleErrorFields_PermissionDeniedError_Fragment
  | LifecycleErrorFields_PreverifiedNumberRejectedError_Fragment
  | LifecycleErrorFields_RateLimitedError_Fragment
  | LifecycleErrorFields_SharingRejectedError_Fragment
  | LifecycleErrorFields_UpstreamError_Fragment
  | LifecycleErrorFields_VerificationCodeError_Fragment
;

export type NumberTypenameQueryVariables = Exact<{
  id: string | number;
}>;


export type NumberTypenameQuery = { preverifiedNumber:
    | { __typename: 'AuthenticationError' }
    | { __typename: 'InvalidInputError' }
    | { __typename: 'NotFoundError' }
    | { __typename: 'PermissionDeniedError' }
    | { __typename: 'PreverifiedNumber' }
    | { __typename: 'RateLimitedError' }
    | { __typename: 'UpstreamError' }
   };

export type NumbersTypenameQueryVariables = Exact<{
  businessId: string | number;
  first: number;
}>;


export type NumbersTypenameQuery = { preverifiedNumbers:
    | { __typename: 'AuthenticationError' }
    | { __typename: 'InvalidInputError' }
    | { __typename: 'NotFoundError' }
    | { __typename: 'PermissionDeniedError' }
    | { __typename: 'PreverifiedNumberConnection' }
    | { __typename: 'RateLimitedError' }
    | { __typename: 'UpstreamError' }
   };

export type PartnersPageQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type PartnersPageQuery = { preverifiedNumber:
    | { __typename: 'AuthenticationError' }
    | { __typename: 'InvalidInputError' }
    | { __typename: 'NotFoundError' }
    | { __typename: 'PermissionDeniedError' }
    | { __typename: 'PreverifiedNumber', partners: { nodes: Array<{ id: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null }
    | { __typename: 'RateLimitedError' }
    | { __typename: 'UpstreamError' }
   };

export type PhoneNumberOrUpstreamErrorQueryVariables = Exact<{
  id: string | number;
}>;


export type PhoneNumberOrUpstreamErrorQuery = { preverifiedNumber:
    | { __typename: 'AuthenticationError' }
    | { __typename: 'InvalidInputError' }
    | { __typename: 'NotFoundError' }
    | { __typename: 'PermissionDeniedError' }
    | { __typename: 'PreverifiedNumber', phoneNumber: string | null }
    | { __typename: 'RateLimitedError' }
    | { __typename: 'UpstreamError', upstreamReason: UpstreamErrorReason }
   };

export type PingQueryVariables = Exact<{ [key: string]: never; }>;


export type PingQuery = { __typename: 'Query' };

export type PreverifiedNumberQueryVariables = Exact<{
  id: string | number;
}>;


export type PreverifiedNumberQuery = { preverifiedNumber:
    | { __typename: 'AuthenticationError', message: string, metaCode: number | null }
    | { __typename: 'InvalidInputError', message: string, field: string | null, metaCode: number | null }
    | { __typename: 'NotFoundError', message: string, metaCode: number | null }
    | { __typename: 'PermissionDeniedError', message: string, metaCode: number | null }
    | { __typename: 'PreverifiedNumber', id: string, phoneNumber: string | null, verificationStatus: VerificationStatus | null, ownerBusiness: { id: string } | null }
    | { __typename: 'RateLimitedError', message: string, metaCode: number | null }
    | { __typename: 'UpstreamError', message: string, metaCode: number | null }
   };

export type PreverifiedNumberEntitiesQueryVariables = Exact<{
  representations: Array<unknown> | unknown;
}>;


export type PreverifiedNumberEntitiesQuery = { _entities: Array<
    | { __typename: 'Business' }
    | { __typename: 'PreverifiedNumber', id: string }
   | null> };

export type PreverifiedNumberEntityFieldsQueryVariables = Exact<{
  r: Array<unknown> | unknown;
}>;


export type PreverifiedNumberEntityFieldsQuery = { _entities: Array<
    | { __typename: 'Business' }
    | { __typename: 'PreverifiedNumber', id: string, phoneNumber: string | null, verificationStatus: VerificationStatus | null, verificationExpiresAt: string | null, ownerBusiness: { id: string } | null }
   | null> };

export type PreverifiedNumberEntityIdsQueryVariables = Exact<{
  r: Array<unknown> | unknown;
}>;


export type PreverifiedNumberEntityIdsQuery = { _entities: Array<
    | { id: string }
    | Record<PropertyKey, never>
   | null> };

export type PreverifiedNumbersQueryVariables = Exact<{
  businessId: string | number;
  first: number;
  after?: string | null | undefined;
  filter?: PreverifiedNumberFilter | null | undefined;
}>;


export type PreverifiedNumbersQuery = { preverifiedNumbers:
    | { __typename: 'AuthenticationError', message: string, metaCode: number | null }
    | { __typename: 'InvalidInputError', message: string, field: string | null, metaCode: number | null }
    | { __typename: 'NotFoundError', message: string, metaCode: number | null }
    | { __typename: 'PermissionDeniedError', message: string, metaCode: number | null }
    | { __typename: 'PreverifiedNumberConnection', nodes: Array<{ id: string, phoneNumber: string | null, verificationStatus: VerificationStatus | null, ownerBusiness: { id: string } | null }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } }
    | { __typename: 'RateLimitedError', message: string, metaCode: number | null }
    | { __typename: 'UpstreamError', message: string, metaCode: number | null }
   };

export type ReadBudgetNumberQueryVariables = Exact<{
  id: string | number;
}>;


export type ReadBudgetNumberQuery = { preverifiedNumber:
    | { __typename: 'AuthenticationError' }
    | { __typename: 'InvalidInputError' }
    | { __typename: 'NotFoundError' }
    | { __typename: 'PermissionDeniedError' }
    | { __typename: 'PreverifiedNumber', phoneNumber: string | null }
    | { __typename: 'RateLimitedError', message: string, retryAfterSeconds: number | null, retryable: boolean }
    | { __typename: 'UpstreamError' }
   };

type ReadFailureFields_AuthenticationError_Fragment = { retryable: boolean, metaCode: number | null, message: string };

type ReadFailureFields_InvalidInputError_Fragment = { retryable: boolean, metaCode: number | null, message: string };

type ReadFailureFields_NotFoundError_Fragment = { retryable: boolean, metaCode: number | null, message: string };

type ReadFailureFields_PermissionDeniedError_Fragment = { retryable: boolean, metaCode: number | null, message: string };

type ReadFailureFields_PreverifiedNumberRejectedError_Fragment = { retryable: boolean, metaCode: number | null, message: string };

type ReadFailureFields_RateLimitedError_Fragment = { retryable: boolean, metaCode: number | null, message: string };

type ReadFailureFields_SharingRejectedError_Fragment = { retryable: boolean, metaCode: number | null, message: string };

type ReadFailureFields_UpstreamError_Fragment = { retryable: boolean, metaCode: number | null, upstreamReason: UpstreamErrorReason, httpStatus: number | null, message: string };

type ReadFailureFields_VerificationCodeError_Fragment = { retryable: boolean, metaCode: number | null, message: string };

export type ReadFailureFieldsFragment =
  | ReadFailureFields_AuthenticationError_Fragment
  | ReadFailureFields_InvalidInputError_Fragment
  | ReadFailureFields_NotFoundError_Fragment
  | ReadFailureFields_PermissionDeniedError_Fragment
  | ReadFailureFields_PreverifiedNumberRejectedError_Fragment
  | ReadFailureFields_RateLimitedError_Fragment
  | ReadFailureFields_SharingRejectedError_Fragment
  | ReadFailureFields_UpstreamError_Fragment
  | ReadFailureFields_VerificationCodeError_Fragment
;

export type ReadFailureNumberQueryVariables = Exact<{
  id: string | number;
}>;


export type ReadFailureNumberQuery = { preverifiedNumber:
    | { __typename: 'AuthenticationError', retryable: boolean, metaCode: number | null, message: string }
    | { __typename: 'InvalidInputError', retryable: boolean, metaCode: number | null, message: string }
    | { __typename: 'NotFoundError', retryable: boolean, metaCode: number | null, message: string }
    | { __typename: 'PermissionDeniedError', retryable: boolean, metaCode: number | null, message: string }
    | { __typename: 'PreverifiedNumber' }
    | { __typename: 'RateLimitedError', retryable: boolean, metaCode: number | null, message: string }
    | { __typename: 'UpstreamError', retryable: boolean, metaCode: number | null, upstreamReason: UpstreamErrorReason, httpStatus: number | null, message: string }
   };

export type ReadFailureNumbersQueryVariables = Exact<{
  businessId: string | number;
}>;


export type ReadFailureNumbersQuery = { preverifiedNumbers:
    | { __typename: 'AuthenticationError', retryable: boolean, metaCode: number | null, message: string }
    | { __typename: 'InvalidInputError', retryable: boolean, metaCode: number | null, message: string }
    | { __typename: 'NotFoundError', retryable: boolean, metaCode: number | null, message: string }
    | { __typename: 'PermissionDeniedError', retryable: boolean, metaCode: number | null, message: string }
    | { __typename: 'PreverifiedNumberConnection' }
    | { __typename: 'RateLimitedError', retryable: boolean, metaCode: number | null, message: string }
    | { __typename: 'UpstreamError', retryable: boolean, metaCode: number | null, upstreamReason: UpstreamErrorReason, httpStatus: number | null, message: string }
   };

export type RequestVerificationCodeMutationVariables = Exact<{
  input: RequestVerificationCodeInput;
}>;


export type RequestVerificationCodeMutation = { requestVerificationCode:
    | { __typename: 'AuthenticationError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'InvalidInputError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, field: string | null, message: string }
    | { __typename: 'NotFoundError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'PermissionDeniedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'RateLimitedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, retryAfterSeconds: number | null, message: string }
    | { __typename: 'RequestVerificationCodeSuccess', preverifiedNumber: { id: string, verificationStatus: VerificationStatus | null, verificationExpiresAt: string | null } }
    | { __typename: 'UpstreamError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, upstreamReason: UpstreamErrorReason, httpStatus: number | null, message: string }
    | { __typename: 'VerificationCodeError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
   };

export type ServiceSdlQueryVariables = Exact<{ [key: string]: never; }>;


export type ServiceSdlQuery = { _service: { sdl: string | null } };

export type ShareMutationVariables = Exact<{
  input: SharePreverifiedNumberInput;
}>;


export type ShareMutation = { sharePreverifiedNumber:
    | { __typename: 'AuthenticationError', fbtraceId: string | null }
    | { __typename: 'InvalidInputError', fbtraceId: string | null }
    | { __typename: 'NotFoundError', fbtraceId: string | null }
    | { __typename: 'PermissionDeniedError', fbtraceId: string | null }
    | { __typename: 'RateLimitedError', fbtraceId: string | null }
    | { __typename: 'SharePreverifiedNumberSuccess' }
    | { __typename: 'SharingRejectedError', fbtraceId: string | null }
    | { __typename: 'UpstreamError', fbtraceId: string | null }
   };

export type SharePreverifiedNumberMutationVariables = Exact<{
  input: SharePreverifiedNumberInput;
}>;


export type SharePreverifiedNumberMutation = { sharePreverifiedNumber:
    | { __typename: 'AuthenticationError', message: string, retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null }
    | { __typename: 'InvalidInputError', message: string, retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, field: string | null }
    | { __typename: 'NotFoundError', message: string, retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null }
    | { __typename: 'PermissionDeniedError', message: string, retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null }
    | { __typename: 'RateLimitedError', message: string, retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, retryAfterSeconds: number | null }
    | { __typename: 'SharePreverifiedNumberSuccess', preverifiedNumber: { id: string }, business: { id: string }, partnerBusiness: { id: string } }
    | { __typename: 'SharingRejectedError', message: string, retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, rejectionReason: SharingRejectionReason }
    | { __typename: 'UpstreamError', message: string, retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, upstreamReason: UpstreamErrorReason, httpStatus: number | null }
   };

export type SharePreverifiedNumbersMutationVariables = Exact<{
  input: Array<SharePreverifiedNumberInput> | SharePreverifiedNumberInput;
}>;


export type SharePreverifiedNumbersMutation = { sharePreverifiedNumbers: Array<
    | { __typename: 'AuthenticationError', message: string, metaCode: number | null, retryable: boolean }
    | { __typename: 'InvalidInputError', message: string, metaCode: number | null, retryable: boolean, field: string | null }
    | { __typename: 'NotFoundError', message: string, metaCode: number | null, retryable: boolean }
    | { __typename: 'PermissionDeniedError', message: string, metaCode: number | null, retryable: boolean }
    | { __typename: 'RateLimitedError', message: string, metaCode: number | null, retryable: boolean }
    | { __typename: 'SharePreverifiedNumberSuccess', preverifiedNumber: { id: string }, partnerBusiness: { id: string } }
    | { __typename: 'SharingRejectedError', message: string, metaCode: number | null, retryable: boolean, rejectionReason: SharingRejectionReason }
    | { __typename: 'UpstreamError', message: string, metaCode: number | null, retryable: boolean, upstreamReason: UpstreamErrorReason }
  > };

export type ShareTwiceAliasedMutationVariables = Exact<{
  input: SharePreverifiedNumberInput;
}>;


export type ShareTwiceAliasedMutation = { a:
    | { __typename: 'AuthenticationError' }
    | { __typename: 'InvalidInputError' }
    | { __typename: 'NotFoundError' }
    | { __typename: 'PermissionDeniedError' }
    | { __typename: 'RateLimitedError' }
    | { __typename: 'SharePreverifiedNumberSuccess' }
    | { __typename: 'SharingRejectedError' }
    | { __typename: 'UpstreamError' }
  , b:
    | { __typename: 'AuthenticationError' }
    | { __typename: 'InvalidInputError' }
    | { __typename: 'NotFoundError' }
    | { __typename: 'PermissionDeniedError' }
    | { __typename: 'RateLimitedError' }
    | { __typename: 'SharePreverifiedNumberSuccess' }
    | { __typename: 'SharingRejectedError' }
    | { __typename: 'UpstreamError' }
   };

export type ShareTypenameMutationVariables = Exact<{
  input: SharePreverifiedNumberInput;
}>;


export type ShareTypenameMutation = { sharePreverifiedNumber:
    | { __typename: 'AuthenticationError' }
    | { __typename: 'InvalidInputError' }
    | { __typename: 'NotFoundError' }
    | { __typename: 'PermissionDeniedError' }
    | { __typename: 'RateLimitedError' }
    | { __typename: 'SharePreverifiedNumberSuccess' }
    | { __typename: 'SharingRejectedError' }
    | { __typename: 'UpstreamError' }
   };

export type ShareUpstreamErrorMutationVariables = Exact<{
  input: SharePreverifiedNumberInput;
}>;


export type ShareUpstreamErrorMutation = { sharePreverifiedNumber:
    | { __typename: 'AuthenticationError' }
    | { __typename: 'InvalidInputError' }
    | { __typename: 'NotFoundError' }
    | { __typename: 'PermissionDeniedError' }
    | { __typename: 'RateLimitedError' }
    | { __typename: 'SharePreverifiedNumberSuccess' }
    | { __typename: 'SharingRejectedError' }
    | { __typename: 'UpstreamError', upstreamReason: UpstreamErrorReason, retryable: boolean, message: string, httpStatus: number | null }
   };

export type SharesTypenameMutationVariables = Exact<{
  input: Array<SharePreverifiedNumberInput> | SharePreverifiedNumberInput;
}>;


export type SharesTypenameMutation = { sharePreverifiedNumbers: Array<
    | { __typename: 'AuthenticationError' }
    | { __typename: 'InvalidInputError' }
    | { __typename: 'NotFoundError' }
    | { __typename: 'PermissionDeniedError' }
    | { __typename: 'RateLimitedError' }
    | { __typename: 'SharePreverifiedNumberSuccess' }
    | { __typename: 'SharingRejectedError' }
    | { __typename: 'UpstreamError' }
  > };

export type SharingHistoryQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SharingHistoryQuery = { preverifiedNumber:
    | { __typename: 'AuthenticationError', message: string }
    | { __typename: 'InvalidInputError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'PermissionDeniedError', message: string }
    | { __typename: 'PreverifiedNumber', id: string, sharingHistory: { nodes: Array<{ id: string, occurredAt: unknown, kind: SharingEventKind, actor: string, expiresAt: unknown, result: string, fbtraceId: string | null, requestId: string | null, business: { id: string }, partnerBusiness: { id: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'UpstreamError', message: string }
   };

type ThrottleAnswerFields_AuthenticationError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string };

type ThrottleAnswerFields_InvalidInputError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string };

type ThrottleAnswerFields_NotFoundError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string };

type ThrottleAnswerFields_PermissionDeniedError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string };

type ThrottleAnswerFields_PreverifiedNumberRejectedError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string };

type ThrottleAnswerFields_RateLimitedError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, retryAfterSeconds: number | null, message: string };

type ThrottleAnswerFields_SharingRejectedError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string };

type ThrottleAnswerFields_UpstreamError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string };

type ThrottleAnswerFields_VerificationCodeError_Fragment = { retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string };

export type ThrottleAnswerFieldsFragment =
  | ThrottleAnswerFields_AuthenticationError_Fragment
  | ThrottleAnswerFields_InvalidInputError_Fragment
  | ThrottleAnswerFields_NotFoundError_Fragment
  | ThrottleAnswerFields_PermissionDeniedError_Fragment
  | ThrottleAnswerFields_PreverifiedNumberRejectedError_Fragment
  | ThrottleAnswerFields_RateLimitedError_Fragment
  | ThrottleAnswerFields_SharingRejectedError_Fragment
  | ThrottleAnswerFields_UpstreamError_Fragment
  | ThrottleAnswerFields_VerificationCodeError_Fragment
;

export type ThrottledNumberQueryVariables = Exact<{
  id: string | number;
}>;


export type ThrottledNumberQuery = { preverifiedNumber:
    | { __typename: 'AuthenticationError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'InvalidInputError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'NotFoundError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'PermissionDeniedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'PreverifiedNumber' }
    | { __typename: 'RateLimitedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, retryAfterSeconds: number | null, message: string }
    | { __typename: 'UpstreamError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
   };

export type ThrottledNumbersQueryVariables = Exact<{
  businessId: string | number;
}>;


export type ThrottledNumbersQuery = { preverifiedNumbers:
    | { __typename: 'AuthenticationError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'InvalidInputError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'NotFoundError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'PermissionDeniedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'PreverifiedNumberConnection' }
    | { __typename: 'RateLimitedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, retryAfterSeconds: number | null, message: string }
    | { __typename: 'UpstreamError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
   };

export type ThrottledShareMutationVariables = Exact<{
  input: SharePreverifiedNumberInput;
}>;


export type ThrottledShareMutation = { sharePreverifiedNumber:
    | { __typename: 'AuthenticationError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'InvalidInputError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'NotFoundError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'PermissionDeniedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'RateLimitedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, retryAfterSeconds: number | null, message: string }
    | { __typename: 'SharePreverifiedNumberSuccess' }
    | { __typename: 'SharingRejectedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'UpstreamError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
   };

export type ThrottledSharesMutationVariables = Exact<{
  input: Array<SharePreverifiedNumberInput> | SharePreverifiedNumberInput;
}>;


export type ThrottledSharesMutation = { sharePreverifiedNumbers: Array<
    | { __typename: 'AuthenticationError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'InvalidInputError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'NotFoundError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'PermissionDeniedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'RateLimitedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, retryAfterSeconds: number | null, message: string }
    | { __typename: 'SharePreverifiedNumberSuccess' }
    | { __typename: 'SharingRejectedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'UpstreamError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
  > };

export type TimedShareMutationVariables = Exact<{
  input: SharePreverifiedNumberInput;
}>;


export type TimedShareMutation = { sharePreverifiedNumber:
    | { __typename: 'AuthenticationError', message: string }
    | { __typename: 'InvalidInputError', message: string, field: string | null }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'PermissionDeniedError', message: string }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'SharePreverifiedNumberSuccess', expiresAt: unknown, preverifiedNumber: { id: string }, partnerBusiness: { id: string } }
    | { __typename: 'SharingRejectedError', message: string, rejectionReason: SharingRejectionReason }
    | { __typename: 'UpstreamError', message: string, upstreamReason: UpstreamErrorReason, retryable: boolean }
   };

export type TimedSharesMutationVariables = Exact<{
  input: Array<SharePreverifiedNumberInput> | SharePreverifiedNumberInput;
}>;


export type TimedSharesMutation = { sharePreverifiedNumbers: Array<
    | { __typename: 'AuthenticationError', message: string }
    | { __typename: 'InvalidInputError', message: string, field: string | null }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'PermissionDeniedError', message: string }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'SharePreverifiedNumberSuccess', expiresAt: unknown, preverifiedNumber: { id: string } }
    | { __typename: 'SharingRejectedError', message: string }
    | { __typename: 'UpstreamError', message: string }
  > };

export type UnsharePreverifiedNumberMutationVariables = Exact<{
  input: UnsharePreverifiedNumberInput;
}>;


export type UnsharePreverifiedNumberMutation = { unsharePreverifiedNumber:
    | { __typename: 'AuthenticationError', message: string, retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null }
    | { __typename: 'InvalidInputError', message: string, retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, field: string | null }
    | { __typename: 'NotFoundError', message: string, retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null }
    | { __typename: 'PermissionDeniedError', message: string, retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null }
    | { __typename: 'RateLimitedError', message: string, retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, retryAfterSeconds: number | null }
    | { __typename: 'UnsharePreverifiedNumberSuccess', preverifiedNumber: { id: string, partners: { nodes: Array<{ id: string }> } | null }, business: { id: string }, partnerBusiness: { id: string } }
    | { __typename: 'UpstreamError', message: string, retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, upstreamReason: UpstreamErrorReason, httpStatus: number | null }
   };

export type VerifyPreverifiedNumberMutationVariables = Exact<{
  input: VerifyPreverifiedNumberInput;
}>;


export type VerifyPreverifiedNumberMutation = { verifyPreverifiedNumber:
    | { __typename: 'AuthenticationError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'InvalidInputError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, field: string | null, message: string }
    | { __typename: 'NotFoundError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'PermissionDeniedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'RateLimitedError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, retryAfterSeconds: number | null, message: string }
    | { __typename: 'UpstreamError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, upstreamReason: UpstreamErrorReason, httpStatus: number | null, message: string }
    | { __typename: 'VerificationCodeError', retryable: boolean, fbtraceId: string | null, metaCode: number | null, metaSubcode: number | null, userTitle: string | null, userMessage: string | null, message: string }
    | { __typename: 'VerifyPreverifiedNumberSuccess', preverifiedNumber: { id: string, verificationStatus: VerificationStatus | null, verificationExpiresAt: string | null } }
   };

export const LifecycleErrorFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LifecycleErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"fbtraceId"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}},{"kind":"Field","name":{"kind":"Name","value":"metaSubcode"}},{"kind":"Field","name":{"kind":"Name","value":"userTitle"}},{"kind":"Field","name":{"kind":"Name","value":"userMessage"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumberRejectedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectionReason"}}]}}]}}]} as unknown as DocumentNode<LifecycleErrorFieldsFragment, unknown>;
export const ReadFailureFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReadFailureFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}}]}}]}}]} as unknown as DocumentNode<ReadFailureFieldsFragment, unknown>;
export const ThrottleAnswerFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ThrottleAnswerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"fbtraceId"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}},{"kind":"Field","name":{"kind":"Name","value":"metaSubcode"}},{"kind":"Field","name":{"kind":"Name","value":"userTitle"}},{"kind":"Field","name":{"kind":"Name","value":"userMessage"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]} as unknown as DocumentNode<ThrottleAnswerFieldsFragment, unknown>;
export const AddPreverifiedNumberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddPreverifiedNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddPreverifiedNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addPreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AddPreverifiedNumberSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"verificationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"verificationExpiresAt"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"LifecycleErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LifecycleErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"fbtraceId"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}},{"kind":"Field","name":{"kind":"Name","value":"metaSubcode"}},{"kind":"Field","name":{"kind":"Name","value":"userTitle"}},{"kind":"Field","name":{"kind":"Name","value":"userMessage"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumberRejectedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectionReason"}}]}}]}}]} as unknown as DocumentNode<AddPreverifiedNumberMutation, AddPreverifiedNumberMutationVariables>;
export const AuthEntityFieldsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuthEntityFields"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"representations"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"_Any"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_entities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"representations"},"value":{"kind":"Variable","name":{"kind":"Name","value":"representations"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumber"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"partners"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AuthEntityFieldsQuery, AuthEntityFieldsQueryVariables>;
export const AuthNumberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuthNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumber"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<AuthNumberQuery, AuthNumberQueryVariables>;
export const AuthNumbersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuthNumbers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"businessId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumbers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"businessId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"businessId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumberConnection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<AuthNumbersQuery, AuthNumbersQueryVariables>;
export const AuthTypenameDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuthTypename"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}}]}}]} as unknown as DocumentNode<AuthTypenameQuery, AuthTypenameQueryVariables>;
export const BreakerShareDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BreakerShare"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharePreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}}]}}]}}]} as unknown as DocumentNode<BreakerShareMutation, BreakerShareMutationVariables>;
export const CallBudgetTwoSharesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CallBudgetTwoShares"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"bad"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"good"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"bad"},"name":{"kind":"Name","value":"sharePreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"bad"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"good"},"name":{"kind":"Name","value":"sharePreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"good"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CallBudgetTwoSharesMutation, CallBudgetTwoSharesMutationVariables>;
export const DeletePreverifiedNumberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeletePreverifiedNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeletePreverifiedNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletePreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeletePreverifiedNumberSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedId"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"LifecycleErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LifecycleErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"fbtraceId"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}},{"kind":"Field","name":{"kind":"Name","value":"metaSubcode"}},{"kind":"Field","name":{"kind":"Name","value":"userTitle"}},{"kind":"Field","name":{"kind":"Name","value":"userMessage"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumberRejectedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectionReason"}}]}}]}}]} as unknown as DocumentNode<DeletePreverifiedNumberMutation, DeletePreverifiedNumberMutationVariables>;
export const EntityFirstFivePartnersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EntityFirstFivePartners"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"r"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"_Any"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_entities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"representations"},"value":{"kind":"Variable","name":{"kind":"Name","value":"r"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumber"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"partners"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<EntityFirstFivePartnersQuery, EntityFirstFivePartnersQueryVariables>;
export const EntityPartnerPagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EntityPartnerPages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"r"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"_Any"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_entities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"representations"},"value":{"kind":"Variable","name":{"kind":"Name","value":"r"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumber"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"partners"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<EntityPartnerPagesQuery, EntityPartnerPagesQueryVariables>;
export const EntityPartnersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EntityPartners"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"r"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"_Any"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_entities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"representations"},"value":{"kind":"Variable","name":{"kind":"Name","value":"r"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumber"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"partners"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<EntityPartnersQuery, EntityPartnersQueryVariables>;
export const EntityPhoneNumbersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EntityPhoneNumbers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"r"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"_Any"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_entities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"representations"},"value":{"kind":"Variable","name":{"kind":"Name","value":"r"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumber"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}}]}}]}}]}}]} as unknown as DocumentNode<EntityPhoneNumbersQuery, EntityPhoneNumbersQueryVariables>;
export const NumberTypenameDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NumberTypename"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}}]}}]}}]} as unknown as DocumentNode<NumberTypenameQuery, NumberTypenameQueryVariables>;
export const NumbersTypenameDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NumbersTypename"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"businessId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumbers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"businessId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"businessId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}}]}}]}}]} as unknown as DocumentNode<NumbersTypenameQuery, NumbersTypenameQueryVariables>;
export const PartnersPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PartnersPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumber"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"partners"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<PartnersPageQuery, PartnersPageQueryVariables>;
export const PhoneNumberOrUpstreamErrorDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PhoneNumberOrUpstreamError"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumber"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}}]}}]}}]}}]} as unknown as DocumentNode<PhoneNumberOrUpstreamErrorQuery, PhoneNumberOrUpstreamErrorQueryVariables>;
export const PingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Ping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}}]}}]} as unknown as DocumentNode<PingQuery, PingQueryVariables>;
export const PreverifiedNumberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PreverifiedNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumber"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"verificationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"ownerBusiness"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metaCode"}}]}}]}}]}}]} as unknown as DocumentNode<PreverifiedNumberQuery, PreverifiedNumberQueryVariables>;
export const PreverifiedNumberEntitiesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PreverifiedNumberEntities"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"representations"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"_Any"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_entities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"representations"},"value":{"kind":"Variable","name":{"kind":"Name","value":"representations"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumber"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<PreverifiedNumberEntitiesQuery, PreverifiedNumberEntitiesQueryVariables>;
export const PreverifiedNumberEntityFieldsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PreverifiedNumberEntityFields"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"r"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"_Any"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_entities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"representations"},"value":{"kind":"Variable","name":{"kind":"Name","value":"r"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumber"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"verificationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"verificationExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"ownerBusiness"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<PreverifiedNumberEntityFieldsQuery, PreverifiedNumberEntityFieldsQueryVariables>;
export const PreverifiedNumberEntityIdsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PreverifiedNumberEntityIds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"r"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"_Any"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_entities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"representations"},"value":{"kind":"Variable","name":{"kind":"Name","value":"r"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumber"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<PreverifiedNumberEntityIdsQuery, PreverifiedNumberEntityIdsQueryVariables>;
export const PreverifiedNumbersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PreverifiedNumbers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"businessId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumberFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumbers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"businessId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"businessId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumberConnection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"verificationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"ownerBusiness"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metaCode"}}]}}]}}]}}]} as unknown as DocumentNode<PreverifiedNumbersQuery, PreverifiedNumbersQueryVariables>;
export const ReadBudgetNumberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReadBudgetNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumber"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}}]}}]}}]} as unknown as DocumentNode<ReadBudgetNumberQuery, ReadBudgetNumberQueryVariables>;
export const ReadFailureNumberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReadFailureNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReadFailureFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReadFailureFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}}]}}]}}]} as unknown as DocumentNode<ReadFailureNumberQuery, ReadFailureNumberQueryVariables>;
export const ReadFailureNumbersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReadFailureNumbers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"businessId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumbers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"businessId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"businessId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"2"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReadFailureFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReadFailureFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}}]}}]}}]} as unknown as DocumentNode<ReadFailureNumbersQuery, ReadFailureNumbersQueryVariables>;
export const RequestVerificationCodeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestVerificationCode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestVerificationCodeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestVerificationCode"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RequestVerificationCodeSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"verificationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"verificationExpiresAt"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"LifecycleErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LifecycleErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"fbtraceId"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}},{"kind":"Field","name":{"kind":"Name","value":"metaSubcode"}},{"kind":"Field","name":{"kind":"Name","value":"userTitle"}},{"kind":"Field","name":{"kind":"Name","value":"userMessage"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumberRejectedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectionReason"}}]}}]}}]} as unknown as DocumentNode<RequestVerificationCodeMutation, RequestVerificationCodeMutationVariables>;
export const ServiceSdlDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServiceSdl"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_service"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sdl"}}]}}]}}]} as unknown as DocumentNode<ServiceSdlQuery, ServiceSdlQueryVariables>;
export const ShareDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Share"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharePreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fbtraceId"}}]}}]}}]}}]} as unknown as DocumentNode<ShareMutation, ShareMutationVariables>;
export const SharePreverifiedNumberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SharePreverifiedNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharePreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"partnerBusiness"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"fbtraceId"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}},{"kind":"Field","name":{"kind":"Name","value":"metaSubcode"}},{"kind":"Field","name":{"kind":"Name","value":"userTitle"}},{"kind":"Field","name":{"kind":"Name","value":"userMessage"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SharingRejectedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectionReason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}}]}}]}}]}}]} as unknown as DocumentNode<SharePreverifiedNumberMutation, SharePreverifiedNumberMutationVariables>;
export const SharePreverifiedNumbersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SharePreverifiedNumbers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharePreverifiedNumbers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"partnerBusiness"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metaCode"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SharingRejectedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectionReason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}}]}}]}}]}}]} as unknown as DocumentNode<SharePreverifiedNumbersMutation, SharePreverifiedNumbersMutationVariables>;
export const ShareTwiceAliasedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ShareTwiceAliased"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"a"},"name":{"kind":"Name","value":"sharePreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"b"},"name":{"kind":"Name","value":"sharePreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}}]}}]}}]} as unknown as DocumentNode<ShareTwiceAliasedMutation, ShareTwiceAliasedMutationVariables>;
export const ShareTypenameDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ShareTypename"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharePreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}}]}}]}}]} as unknown as DocumentNode<ShareTypenameMutation, ShareTypenameMutationVariables>;
export const ShareUpstreamErrorDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ShareUpstreamError"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharePreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}}]}}]}}]}}]} as unknown as DocumentNode<ShareUpstreamErrorMutation, ShareUpstreamErrorMutationVariables>;
export const SharesTypenameDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SharesTypename"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharePreverifiedNumbers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}}]}}]}}]} as unknown as DocumentNode<SharesTypenameMutation, SharesTypenameMutationVariables>;
export const SharingHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SharingHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumber"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sharingHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"partnerBusiness"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"fbtraceId"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SharingHistoryQuery, SharingHistoryQueryVariables>;
export const ThrottledNumberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ThrottledNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ThrottleAnswerFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ThrottleAnswerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"fbtraceId"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}},{"kind":"Field","name":{"kind":"Name","value":"metaSubcode"}},{"kind":"Field","name":{"kind":"Name","value":"userTitle"}},{"kind":"Field","name":{"kind":"Name","value":"userMessage"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]} as unknown as DocumentNode<ThrottledNumberQuery, ThrottledNumberQueryVariables>;
export const ThrottledNumbersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ThrottledNumbers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"businessId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumbers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"businessId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"businessId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"2"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ThrottleAnswerFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ThrottleAnswerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"fbtraceId"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}},{"kind":"Field","name":{"kind":"Name","value":"metaSubcode"}},{"kind":"Field","name":{"kind":"Name","value":"userTitle"}},{"kind":"Field","name":{"kind":"Name","value":"userMessage"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]} as unknown as DocumentNode<ThrottledNumbersQuery, ThrottledNumbersQueryVariables>;
export const ThrottledShareDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ThrottledShare"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharePreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ThrottleAnswerFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ThrottleAnswerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"fbtraceId"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}},{"kind":"Field","name":{"kind":"Name","value":"metaSubcode"}},{"kind":"Field","name":{"kind":"Name","value":"userTitle"}},{"kind":"Field","name":{"kind":"Name","value":"userMessage"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]} as unknown as DocumentNode<ThrottledShareMutation, ThrottledShareMutationVariables>;
export const ThrottledSharesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ThrottledShares"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharePreverifiedNumbers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ThrottleAnswerFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ThrottleAnswerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"fbtraceId"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}},{"kind":"Field","name":{"kind":"Name","value":"metaSubcode"}},{"kind":"Field","name":{"kind":"Name","value":"userTitle"}},{"kind":"Field","name":{"kind":"Name","value":"userMessage"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]} as unknown as DocumentNode<ThrottledSharesMutation, ThrottledSharesMutationVariables>;
export const TimedShareDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TimedShare"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharePreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"partnerBusiness"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SharingRejectedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectionReason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}}]}}]}}]} as unknown as DocumentNode<TimedShareMutation, TimedShareMutationVariables>;
export const TimedSharesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TimedShares"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharePreverifiedNumbers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SharePreverifiedNumberSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<TimedSharesMutation, TimedSharesMutationVariables>;
export const UnsharePreverifiedNumberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UnsharePreverifiedNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UnsharePreverifiedNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unsharePreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UnsharePreverifiedNumberSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"partners"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"partnerBusiness"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"fbtraceId"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}},{"kind":"Field","name":{"kind":"Name","value":"metaSubcode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}}]}}]}}]}}]} as unknown as DocumentNode<UnsharePreverifiedNumberMutation, UnsharePreverifiedNumberMutationVariables>;
export const VerifyPreverifiedNumberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"VerifyPreverifiedNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"VerifyPreverifiedNumberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verifyPreverifiedNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VerifyPreverifiedNumberSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preverifiedNumber"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"verificationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"verificationExpiresAt"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"LifecycleErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LifecycleErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetaError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"fbtraceId"}},{"kind":"Field","name":{"kind":"Name","value":"metaCode"}},{"kind":"Field","name":{"kind":"Name","value":"metaSubcode"}},{"kind":"Field","name":{"kind":"Name","value":"userTitle"}},{"kind":"Field","name":{"kind":"Name","value":"userMessage"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamReason"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreverifiedNumberRejectedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectionReason"}}]}}]}}]} as unknown as DocumentNode<VerifyPreverifiedNumberMutation, VerifyPreverifiedNumberMutationVariables>;