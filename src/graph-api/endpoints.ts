/**
Every Meta endpoint this service calls, declared once: its name (a metric label and span name),
method, path template (IDs never enter a label or a span), parameters, how its answer is
classified, whether it reads, and how a retry after an unknown outcome settles. `GraphApiClient`
runs any of them through the upstream guard; tracing, metrics and readiness read names and
templates from here. Adding an operation is adding a descriptor.
*/
import {
  asReadResult,
  classifyNumberChangeResponse,
  classifyReadResponse,
  classifyShareResponse,
  classifyVerificationResponse,
  type MetaResponse,
  successTrue,
} from "./classify.js";
import { type BatchItemAnswer, classifyBatchResponse } from "./batch-answer.js";
import type {
  Failure,
  NumberChangeFailure,
  ReadFailure,
  Result,
  UpstreamFailure,
  VerificationFailure,
} from "./failure.js";
import { mayHaveActed } from "./retry-policy.js";
import {
  type AddNumberSuccessBody,
  type CodeVerificationStatus,
  META_ID_PATTERN,
  PREVERIFIED_NUMBER_FIELDS,
  type ShareRequestBody,
  type ShareSuccessBody,
  type LifecycleSuccessBody,
  type UnshareSuccessBody,
} from "./wire.js";

/** How a request's body goes on the wire. */
export type EndpointBody = { json: unknown } | { form: URLSearchParams };

/** The upstream endpoints this service calls (a metric label: a small, fixed set). */
export type UpstreamEndpoint =
  | "share_preverified_numbers"
  | "unshare_preverified_numbers"
  | "multi_id_read"
  | "list_preverified_numbers"
  | "list_partners"
  | "batch"
  | "add_phone_numbers"
  | "request_code"
  | "verify_code"
  | "delete_preverified_number";

export interface Endpoint<P, T, F extends Failure = Failure> {
  readonly name: UpstreamEndpoint;
  readonly method: "GET" | "POST" | "DELETE";
  /** The path with placeholders, e.g. `/{version}/{business-id}/share_preverified_numbers`. */
  readonly pathTemplate: string;
  /** A read: paid from the caller's read budget, and repeating it is harmless. */
  readonly reads: boolean;
  /** The path after the version, e.g. `123/share_preverified_numbers` (`""` for the root). */
  path(params: P): string;
  query?(params: P): Readonly<Record<string, string>>;
  body?(params: P, token: string): EndpointBody;
  /** The business Meta may throttle for this call (checked and recorded), if the path names one. */
  business?(params: P): string | undefined;
  /** Meta's answer as this operation's result: only this operation's failures. */
  classify(response: MetaResponse, params: P): Result<T, F>;
  /**
  How a failure after a retry settles when an earlier attempt may have reached Meta (a timeout, a
  reset, a 5xx): e.g. a share retried that meets "already shared" did happen.
  */
  settle?(failure: Failure, earlierAttemptMayHaveActed: boolean): Result<T, F> | undefined;
}

/** One share (or unshare), with IDs already validated against Meta's patterns. */
export interface ShareParams {
  businessId: string;
  preverifiedId: string;
  partnerBusinessId: string;
}

const SHARED: Result<ShareSuccessBody> = { ok: true, value: { success: true } };
const UNSHARED: Result<UnshareSuccessBody, ReadFailure> = { ok: true, value: { success: true } };

/** `POST /{version}/{business-id}/share_preverified_numbers`. */
export const SHARE = {
  name: "share_preverified_numbers",
  method: "POST",
  pathTemplate: "/{version}/{business-id}/share_preverified_numbers",
  reads: false,
  path: (params: ShareParams) => `${params.businessId}/share_preverified_numbers`,
  body: (params: ShareParams) => ({
    json: {
      preverified_id: params.preverifiedId,
      partner_business_id: params.partnerBusinessId,
    } satisfies ShareRequestBody,
  }),
  business: (params: ShareParams) => params.businessId,
  classify: classifyShareResponse,
  // A retry of a share Meta may already have done: "already shared" means it did.
  settle: (failure: Failure, earlierAttemptMayHaveActed: boolean) =>
    earlierAttemptMayHaveActed &&
    failure.kind === "sharing_rejected" &&
    failure.reason === "already_shared"
      ? SHARED
      : undefined,
} as const satisfies Endpoint<ShareParams, ShareSuccessBody>;

/**
`DELETE /{version}/{business-id}/share_preverified_numbers` with `preverified_id` and
`partner_business_id` (query parameters). Its failures are a share's without the rejection kinds
(there is nothing to reject in taking access away).
*/
export const UNSHARE = {
  name: "unshare_preverified_numbers",
  method: "DELETE",
  pathTemplate: "/{version}/{business-id}/share_preverified_numbers",
  reads: false,
  path: (params: ShareParams) => `${params.businessId}/share_preverified_numbers`,
  query: (params: ShareParams) => ({
    preverified_id: params.preverifiedId,
    partner_business_id: params.partnerBusinessId,
  }),
  business: (params: ShareParams) => params.businessId,
  classify: (response: MetaResponse) => unshareResult(classifyShareResponse(response)),
  // A retry of an unshare Meta may already have done: "not shared" or "not found" means it did.
  settle: (failure: Failure, earlierAttemptMayHaveActed: boolean) =>
    earlierAttemptMayHaveActed && (failure.kind === "not_found" || isNotShared(failure))
      ? UNSHARED
      : undefined,
} as const satisfies Endpoint<ShareParams, UnshareSuccessBody, ReadFailure>;

/** A share's classification for an unshare: "not shared with" that partner is not found. */
function unshareResult(
  result: Result<UnshareSuccessBody>,
): Result<UnshareSuccessBody, ReadFailure> {
  if (!result.ok && isNotShared(result.failure)) {
    const { kind: _kind, ...details } = result.failure;
    return {
      ok: false,
      failure: {
        ...details,
        kind: "not_found",
        retryable: false,
        message: "The number is not shared with that partner business.",
      },
    };
  }
  return asReadResult(result);
}

/**
Meta's answer to unsharing what is not shared (unconfirmed: the emulator answers code 100 with
"is not shared with"; see README). Recognised so that a retry meeting it counts as done.
*/
export function isNotShared(failure: Failure): boolean {
  return failure.kind !== "upstream" && /\bnot shared with\b/i.test(failure.message);
}

/** IDs and fields of a multi-ID read. */
export interface MultiIdReadParams {
  ids: readonly string[];
  fields: string;
}

/** `GET /{version}/?ids=a,b,…&fields=…`: nodes by ID, one entry per ID. */
export const MULTI_ID_READ = {
  name: "multi_id_read",
  method: "GET",
  pathTemplate: "/{version}/?ids={ids}",
  reads: true,
  path: () => "",
  query: (params: MultiIdReadParams) => ({ ids: params.ids.join(","), fields: params.fields }),
  classify: classifyReadResponse,
} as const satisfies Endpoint<MultiIdReadParams, Record<string, unknown>, ReadFailure>;

/** One page of a business's numbers, with Meta's filters. */
export interface ListNumbersParams {
  businessId: string;
  /** Page size, 1–100. */
  first: number;
  /** Meta's `after` cursor, passed through as it is. */
  after?: string;
  verificationStatus?: CodeVerificationStatus;
  phoneNumber?: string;
}

/** `GET /{version}/{business-id}/preverified_numbers`, one page. */
export const LIST_NUMBERS = {
  name: "list_preverified_numbers",
  method: "GET",
  pathTemplate: "/{version}/{business-id}/preverified_numbers",
  reads: true,
  path: (params: ListNumbersParams) => `${params.businessId}/preverified_numbers`,
  query: (params: ListNumbersParams) => ({
    fields: PREVERIFIED_NUMBER_FIELDS,
    limit: String(params.first),
    ...(params.after === undefined ? {} : { after: params.after }),
    ...(params.verificationStatus === undefined
      ? {}
      : { code_verification_status: params.verificationStatus }),
    ...(params.phoneNumber === undefined ? {} : { phone_number: params.phoneNumber }),
  }),
  business: (params: ListNumbersParams) => params.businessId,
  classify: classifyReadResponse,
} as const satisfies Endpoint<ListNumbersParams, Record<string, unknown>, ReadFailure>;

/** One page of a number's partners: the first one, or the one after a cursor. */
export interface PartnersPageParams {
  preverifiedId: string;
  /** Page size, 1–100. */
  first: number;
  /** Meta's `after` cursor (`pageInfo.endCursor` of the previous page), passed through as it is. */
  after?: string;
}

/** One page of a number's partners on the edge, with the fields to read. */
export interface ListPartnersParams extends PartnersPageParams {
  fields: string;
}

/**
`GET /{version}/{preverified-id}/partners`, one page. No business is in the path: no throttled
business can be skipped, and a throttling answer still records the businesses it names.
*/
export const LIST_PARTNERS = {
  name: "list_partners",
  method: "GET",
  pathTemplate: "/{version}/{preverified-id}/partners",
  reads: true,
  path: (params: ListPartnersParams) => `${params.preverifiedId}/partners`,
  query: (params: ListPartnersParams) => ({
    fields: params.fields,
    limit: String(params.first),
    ...(params.after === undefined ? {} : { after: params.after }),
  }),
  classify: classifyReadResponse,
} as const satisfies Endpoint<ListPartnersParams, Record<string, unknown>, ReadFailure>;

/** One item of a batch: a Graph request relative to the version. */
export interface BatchItem {
  method: "GET" | "POST" | "DELETE";
  relative_url: string;
  body?: string;
}

/** The items of a batch call. */
export interface BatchParams {
  items: readonly BatchItem[];
}

/**
`POST /{version}/` with `batch=[…]` (at most 50 items), `include_headers=true` so that each item's
answer carries its rate-limit headers, and the top-level `access_token` Meta requires even when the
header carries it. The answer is the list of item answers; the caller classifies each item.
*/
export const BATCH = {
  name: "batch",
  method: "POST",
  pathTemplate: "/{version}/",
  reads: false,
  path: () => "",
  body: (params: BatchParams, token: string) => ({
    form: new URLSearchParams({
      batch: JSON.stringify(params.items),
      access_token: token,
      include_headers: "true",
    }),
  }),
  classify: (response: MetaResponse, params: BatchParams) =>
    classifyBatchResponse(response, params.items.length),
} as const satisfies Endpoint<BatchParams, (BatchItemAnswer | null)[]>;

/** A number to add to a business, already normalised to E.164. */
export interface AddNumberParams {
  businessId: string;
  /** E.164, e.g. `+15550142000`; sent in the body, never in a URL, a label or a log. */
  phoneNumber: string;
}

/** A code to request for a number. */
export interface RequestCodeParams {
  preverifiedId: string;
  method: "SMS" | "VOICE";
  /** `xx_XX`, e.g. `en_US`. */
  language: string;
}

/** A code to check for a number: six digits. */
export interface VerifyCodeParams {
  preverifiedId: string;
  code: string;
}

/** A number to delete. */
export interface DeleteNumberParams {
  preverifiedId: string;
}

/**
The no-second-OTP rule: an attempt that may have reached Meta (a timeout, a reset after sending,
a 5xx, a lost body) is not retried. Repeating it could send a second code (an SMS or a call the
business pays for, counted against Meta's volume limit), burn a verification attempt, or add the
number twice; the answer is a retryable `UpstreamError` that says what may have happened. A
request that certainly never left (connection refused, circuit open) is retried as usual, and so
is a throttle; a 136024 volume limit is not (it lasts hours).
*/
function noRepeat(maybeDone: string) {
  return (failure: Failure): Result<never, UpstreamFailure> | undefined => {
    if (mayHaveActed(failure) && failure.kind === "upstream") {
      return {
        ok: false,
        failure: {
          ...failure,
          retryable: true,
          message: `${maybeDone} Meta's answer was lost (${failure.reason}), so the request was not repeated; check before trying again.`,
        },
      };
    }
    return undefined;
  };
}

const NOT_REPEATED_CODE = noRepeat("The verification code may have been sent.");

/** `POST /{version}/{business-id}/add_phone_numbers` with `phone_number` → `{"id": …}`. */
export const ADD_NUMBER = {
  name: "add_phone_numbers",
  method: "POST",
  pathTemplate: "/{version}/{business-id}/add_phone_numbers",
  reads: false,
  path: (params: AddNumberParams) => `${params.businessId}/add_phone_numbers`,
  body: (params: AddNumberParams) => ({ json: { phone_number: params.phoneNumber } }),
  business: (params: AddNumberParams) => params.businessId,
  classify: (response: MetaResponse) => classifyNumberChangeResponse(response, addedId),
  settle: noRepeat("The number may have been added."),
} as const satisfies Endpoint<AddNumberParams, AddNumberSuccessBody, NumberChangeFailure>;

function addedId(body: unknown): AddNumberSuccessBody | undefined {
  const id = (body as { id?: unknown }).id;
  return typeof id === "string" && META_ID_PATTERN.test(id) ? { id } : undefined;
}

/** `POST /{version}/{preverified-id}/request_code` with `code_method` and `language`. */
export const REQUEST_CODE = {
  name: "request_code",
  method: "POST",
  pathTemplate: "/{version}/{preverified-id}/request_code",
  reads: false,
  path: (params: RequestCodeParams) => `${params.preverifiedId}/request_code`,
  body: (params: RequestCodeParams) => ({
    json: { code_method: params.method, language: params.language },
  }),
  classify: (response: MetaResponse) => classifyVerificationResponse(response, successTrue),
  settle: (failure: Failure) =>
    NOT_REPEATED_CODE(failure) ??
    // Meta's volume limit on codes lasts hours: its answer stands.
    (failure.kind === "rate_limited" && failure.metaCode === 136024
      ? { ok: false, failure }
      : undefined),
} as const satisfies Endpoint<RequestCodeParams, LifecycleSuccessBody, VerificationFailure>;

/** `POST /{version}/{preverified-id}/verify_code` with `code` (six digits, no hyphen). */
export const VERIFY_CODE = {
  name: "verify_code",
  method: "POST",
  pathTemplate: "/{version}/{preverified-id}/verify_code",
  reads: false,
  path: (params: VerifyCodeParams) => `${params.preverifiedId}/verify_code`,
  body: (params: VerifyCodeParams) => ({ json: { code: params.code } }),
  classify: (response: MetaResponse) => classifyVerificationResponse(response, successTrue),
  // A repeated wrong code burns one more of the number's attempts.
  settle: noRepeat("The code may have been checked (a wrong one counts as an attempt)."),
} as const satisfies Endpoint<VerifyCodeParams, LifecycleSuccessBody, VerificationFailure>;

const DELETED: Result<LifecycleSuccessBody, NumberChangeFailure> = {
  ok: true,
  value: { success: true },
};

/** `DELETE /{version}/{preverified-id}` → `{"success": true}`. Idempotent. */
export const DELETE_NUMBER = {
  name: "delete_preverified_number",
  method: "DELETE",
  pathTemplate: "/{version}/{preverified-id}",
  reads: false,
  path: (params: DeleteNumberParams) => params.preverifiedId,
  classify: (response: MetaResponse) => classifyNumberChangeResponse(response, successTrue),
  // A retry of a delete Meta may already have done: "not found" means it did.
  settle: (failure: Failure, earlierAttemptMayHaveActed: boolean) =>
    earlierAttemptMayHaveActed && failure.kind === "not_found" ? DELETED : undefined,
} as const satisfies Endpoint<DeleteNumberParams, LifecycleSuccessBody, NumberChangeFailure>;

/** Every endpoint, by name (each under its own name: the type checks it). */
export const ENDPOINTS = {
  share_preverified_numbers: SHARE,
  unshare_preverified_numbers: UNSHARE,
  multi_id_read: MULTI_ID_READ,
  list_preverified_numbers: LIST_NUMBERS,
  list_partners: LIST_PARTNERS,
  batch: BATCH,
  add_phone_numbers: ADD_NUMBER,
  request_code: REQUEST_CODE,
  verify_code: VERIFY_CODE,
  delete_preverified_number: DELETE_NUMBER,
} as const satisfies { [K in UpstreamEndpoint]: { name: K; method: string; pathTemplate: string } };
