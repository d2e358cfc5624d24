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
