/**
Meta Graph API wire shapes (snake_case, exactly as Meta sends them) for the
`share_preverified_numbers` edge. Both the data source and the emulator use these types; nothing
here knows about GraphQL.
*/

/** The Graph API versions this service is built and tested against. */
export const SUPPORTED_GRAPH_API_VERSIONS = ["v23.0", "v24.0", "v25.0"] as const;
export type GraphApiVersion = (typeof SUPPORTED_GRAPH_API_VERSIONS)[number];

/** Meta's OpenAPI pattern for Business-ID, preverified_id and partner_business_id. */
export const META_ID_PATTERN = /^[0-9]+$/;

/** Request body of `POST /{version}/{business-id}/share_preverified_numbers`. */
export interface ShareRequestBody {
  preverified_id: string;
  partner_business_id: string;
}

/** The documented success body. */
export interface ShareSuccessBody {
  success: true;
}

/** Success of `DELETE /{version}/{business-id}/share_preverified_numbers` (Meta's guide). */
export type UnshareSuccessBody = ShareSuccessBody;

/** Success of `add_phone_numbers`: the new pre-verified number's ID. */
export interface AddNumberSuccessBody {
  id: string;
}

/** Success of `request_code`, `verify_code` and `DELETE /{preverified-id}`. */
export type LifecycleSuccessBody = ShareSuccessBody;

/** Meta's `GraphAPIError.error` object. Only `message`, `type` and `code` are documented as required. */
export interface GraphApiErrorObject {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  fbtrace_id?: string;
  is_transient?: boolean;
  error_user_title?: string;
  error_user_msg?: string;
}

/** Meta's error envelope: `{"error": {...}}`. */
export interface GraphApiErrorBody {
  error: GraphApiErrorObject;
}

/** One entry of the `X-Business-Use-Case-Usage` header (keyed by business ID). */
export interface BusinessUseCaseUsage {
  type: string;
  call_count: number;
  total_cputime: number;
  total_time: number;
  /** Minutes until the business may call again; 0 when not throttled. */
  estimated_time_to_regain_access: number;
}

/** `X-Business-Use-Case-Usage`: `{"<business-id>": [BusinessUseCaseUsage, ...]}`. */
export type BusinessUseCaseUsageHeader = Record<string, BusinessUseCaseUsage[]>;

/** Meta's `code_verification_status` of a pre-verified number. */
export const CODE_VERIFICATION_STATUSES = ["VERIFIED", "NOT_VERIFIED", "EXPIRED"] as const;
export type CodeVerificationStatus = (typeof CODE_VERIFICATION_STATUSES)[number];

/**
A `WhatsAppBusinessPreVerifiedPhoneNumber` node as the real Graph API returns it. Field names
follow Meta's SDK specs (`phone_number`, `code_verification_status`, `verification_expiry_time`,
`owner_business`), which is what the API answers; Meta's OpenAPI extract names them differently
(`display_phone_number`, `verification_status`) and is not followed here.
*/
export interface PreverifiedNumberNode {
  id: string;
  phone_number?: string;
  code_verification_status?: CodeVerificationStatus;
  /** Meta datetime, e.g. `2026-04-14T22:12:31+0000`. */
  code_verification_time?: string;
  verification_expiry_time?: string;
  owner_business?: { id: string; name?: string };
}

/** The fields this service reads for a pre-verified number. */
export const PREVERIFIED_NUMBER_FIELDS =
  "id,phone_number,code_verification_status,verification_expiry_time,owner_business";

/** A page of an edge (`GET /{business}/preverified_numbers`, `GET /{id}/partners`). */
export interface EdgePage<T> {
  data: T[];
  paging?: {
    cursors?: { before?: string; after?: string };
    next?: string;
    previous?: string;
  };
}
