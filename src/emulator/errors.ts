/**
The emulator's catalogue of Meta errors for `share_preverified_numbers` and the read routes: status,
`error` object (without `fbtrace_id`, which the server adds fresh per response) and the
`WWW-Authenticate` challenge. Messages follow Meta's OpenAPI examples and payloads observed in the
wild.
*/
import type { BusinessUseCaseUsageHeader, GraphApiErrorObject } from "../graph-api/wire.js";

/** The emulator's message for unsharing what is not shared (an assumption; see README). */
export const NOT_SHARED_MESSAGE =
  "Pre-verified phone number is not shared with the target business";

/** The error keyword Meta puts in `WWW-Authenticate: OAuth "Facebook Platform" "<kind>" "<message>"`. */
export type OAuthChallenge =
  "invalid_token" | "insufficient_scope" | "invalid_request" | "not_found";

/** One Meta error answer, before the server stamps it with a fresh `fbtrace_id`. */
export interface MetaErrorReply {
  status: number;
  error: Omit<GraphApiErrorObject, "fbtrace_id">;
  challenge: OAuthChallenge;
  /** Extra response headers (rate-limit usage headers). */
  headers?: Readonly<Record<string, string>>;
}

const GRAPH_API_DOCS = "https://developers.facebook.com/docs/graph-api";

export const metaErrors = {
  unknownPath(components: string): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `Unknown path components: ${components}`,
        type: "OAuthException",
        code: 2500,
      },
      challenge: "invalid_request",
    };
  },

  deprecatedVersion(latest: string): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `(#2635) You are calling a deprecated version of the Graph API. Please update to the latest version: ${latest}.`,
        type: "OAuthException",
        code: 2635,
      },
      challenge: "invalid_request",
    };
  },

  unsupportedVersion(version: string, supported: readonly string[]): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `(#100) Unsupported version: ${version}. Supported versions: ${supported.join(", ")}`,
        type: "OAuthException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  unsupportedMethod(method: string): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `Unsupported ${method.toLowerCase()} request. Please read the Graph API documentation at ${GRAPH_API_DOCS}`,
        type: "GraphMethodException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  bodyTooLarge(limitBytes: number): MetaErrorReply {
    return {
      status: 413,
      error: {
        message: `(#100) Request body is too large. The maximum size is ${limitBytes} bytes.`,
        type: "OAuthException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  missingToken(): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: "An access token is required to request this resource.",
        type: "OAuthException",
        code: 104,
      },
      challenge: "invalid_request",
    };
  },

  invalidToken(): MetaErrorReply {
    return {
      status: 401,
      error: {
        message: "Invalid OAuth access token - Cannot parse access token",
        type: "OAuthException",
        code: 190,
      },
      challenge: "invalid_token",
    };
  },

  expiredToken(expiredAt: string, now: Date): MetaErrorReply {
    return {
      status: 401,
      error: {
        message: `Error validating access token: Session has expired on ${formatPacificTime(new Date(expiredAt))}. The current time is ${formatPacificTime(now)}.`,
        type: "OAuthException",
        code: 190,
        error_subcode: 463,
      },
      challenge: "invalid_token",
    };
  },

  /** 100/33; `method` names the request (`POST` on the share edge, `GET` on reads). */
  objectDoesNotExist(id: string, method = "POST"): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at ${GRAPH_API_DOCS}`,
        type: "GraphMethodException",
        code: 100,
        error_subcode: 33,
      },
      challenge: "invalid_request",
    };
  },

  noPermission(): MetaErrorReply {
    return {
      status: 403,
      error: {
        message: "(#10) You do not have permission to perform this action.",
        type: "OAuthException",
        code: 10,
      },
      challenge: "insufficient_scope",
    };
  },

  missingPermission(permission: string): MetaErrorReply {
    return {
      status: 403,
      error: {
        message: `(#200) Requires ${permission} permission to manage the object`,
        type: "OAuthException",
        code: 200,
      },
      challenge: "insufficient_scope",
    };
  },

  parameterRequired(name: string): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `(#100) The parameter ${name} is required`,
        type: "OAuthException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  parameterNotNumeric(name: string): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `Invalid ${name}: must be a valid numeric string`,
        type: "OAuthException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  /** A partner reading a number's partners: only its owner and businesses with sharing rights may. */
  permissionError(): MetaErrorReply {
    return {
      status: 403,
      error: { message: "(#200) Permission error", type: "OAuthException", code: 200 },
      challenge: "insufficient_scope",
    };
  },

  nonexistingField(field: string, nodeType: string): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`,
        type: "OAuthException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  /** Unbalanced braces or a field expansion on a field without subfields. */
  fieldsSyntax(fields: string): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `(#100) Syntax error in the fields parameter: ${fields}`,
        type: "OAuthException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  /** A multi-ID read (`?ids=`) naming IDs that are unknown or not accessible: the whole read fails. */
  aliasesDoNotExist(ids: readonly string[]): MetaErrorReply {
    return {
      status: 404,
      error: {
        message: `(#803) Some of the aliases you requested do not exist: ${ids.join(",")}`,
        type: "OAuthException",
        code: 803,
      },
      challenge: "not_found",
    };
  },

  /** The emulator's own maximum for `?ids=` (Meta's is unconfirmed). */
  tooManyIds(max: number): MetaErrorReply {
    return {
      status: 400,
      error: { message: `(#100) Too many IDs. Maximum: ${max}`, type: "OAuthException", code: 100 },
      challenge: "invalid_request",
    };
  },

  /** An enum parameter with a value outside the enum. */
  invalidEnumParameter(name: string, allowed: readonly string[], got: string): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `(#100) Param ${name} must be one of {${allowed.join(", ")}} - got "${got}"`,
        type: "OAuthException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  /** `limit` outside 1…max (message from Meta's OpenAPI example). */
  invalidLimit(max: number): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `Invalid parameter: limit must be between 1 and ${max}`,
        type: "OAuthException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  /** An `after`/`before` cursor the emulator did not issue (message from Meta's OpenAPI example). */
  invalidCursor(): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: "Invalid parameter: cursor is malformed or expired",
        type: "OAuthException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  /** Both `after` and `before` given (the emulator's rule). */
  conflictingCursors(): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: "(#100) The parameters after and before cannot be used together",
        type: "OAuthException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  shareWithSelf(): MetaErrorReply {
    return {
      status: 400,
      error: {
        message:
          "Invalid partner_business_id: a business cannot share a pre-verified phone number with itself",
        type: "OAuthException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  numberNotFound(): MetaErrorReply {
    return {
      status: 404,
      error: {
        message: "Pre-verified phone number not found",
        type: "GraphMethodException",
        code: 803,
      },
      challenge: "not_found",
    };
  },

  businessNotFound(): MetaErrorReply {
    return {
      status: 404,
      error: { message: "Business not found", type: "GraphMethodException", code: 803 },
      challenge: "not_found",
    };
  },

  numberNotAccessible(): MetaErrorReply {
    return {
      status: 403,
      error: {
        message: "Your business doesn't have permission to share this pre-verified phone number",
        type: "OAuthException",
        code: 200,
        error_subcode: 1349174,
        error_user_title: "Permission Denied",
        error_user_msg: "Your business doesn't have permission to share this phone number",
      },
      challenge: "insufficient_scope",
    };
  },

  partnerNotAccessible(): MetaErrorReply {
    return {
      status: 403,
      error: {
        message: "Target business is not accessible or sharing is not allowed",
        type: "OAuthException",
        code: 200,
        error_subcode: 1349175,
        error_user_title: "Access Denied",
        error_user_msg: "Cannot share with the specified business",
      },
      challenge: "insufficient_scope",
    };
  },

  relationshipNotAllowed(): MetaErrorReply {
    return {
      status: 422,
      error: {
        message: "Business relationship does not allow phone number sharing",
        type: "GraphMethodException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  notShareable(): MetaErrorReply {
    return {
      status: 422,
      error: {
        message: "Pre-verified phone number is not in a shareable state",
        type: "GraphMethodException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  /**
  Unsharing a number from a business it is not shared with. Unconfirmed: Meta's guide documents
  only the success; this answer (400, code 100) is the emulator's assumption (see README).
  */
  notShared(): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `(#100) ${NOT_SHARED_MESSAGE}`,
        type: "GraphMethodException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  alreadyShared(): MetaErrorReply {
    return {
      status: 422,
      error: {
        message: "Pre-verified phone number is already shared with the target business",
        type: "GraphMethodException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  /** Meta's transient server error (code 2), e.g. on HTTP 500 or 503. */
  unexpectedError(status: number): MetaErrorReply {
    return {
      status,
      error: {
        message: "An unexpected error occurred. Please retry your request",
        type: "GraphMethodException",
        code: 2,
        is_transient: true,
      },
      challenge: "invalid_request",
    };
  },

  /** Meta's catch-all (code 1, not transient), e.g. on HTTP 502 or 504, or even on HTTP 200. */
  unknownError(status: number): MetaErrorReply {
    return {
      status,
      error: {
        message: "An unknown error occurred",
        type: "OAuthException",
        code: 1,
        is_transient: false,
      },
      challenge: "invalid_request",
    };
  },

  /** HTTP 429 code 80008 (WhatsApp Business Management BUC limit) with `X-Business-Use-Case-Usage`. */
  businessUseCaseRateLimit(businessId: string, regainAccessMinutes: number): MetaErrorReply {
    const usage: BusinessUseCaseUsageHeader = {
      [businessId]: [
        {
          type: "whatsapp_business_management",
          call_count: 100,
          total_cputime: 12,
          total_time: 14,
          estimated_time_to_regain_access: regainAccessMinutes,
        },
      ],
    };
    return {
      status: 429,
      error: {
        message:
          "(#80008) There have been too many calls to this WhatsApp Business account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
        type: "OAuthException",
        code: 80008,
        is_transient: true,
      },
      challenge: "invalid_request",
      headers: { "x-business-use-case-usage": JSON.stringify(usage) },
    };
  },

  /**
  The `meta-error:<status>:<code>[:<subcode>]` fault: a Meta error with any status, code and
  subcode, and a message that matches none of the classification's message patterns.
  */
  injected(status: number, code: number, subcode?: number): MetaErrorReply {
    return {
      status,
      error: {
        message: `(#${code}) An error injected by the emulator's fault header`,
        type: "OAuthException",
        code,
        ...(subcode === undefined ? {} : { error_subcode: subcode }),
        is_transient: false,
      },
      challenge: "invalid_request",
    };
  },

  /** HTTP 400 code 4 subcode 2446079 (application request limit) with `X-App-Usage`. */
  appRateLimit(): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: "(#4) Application request limit reached",
        type: "OAuthException",
        code: 4,
        error_subcode: 2446079,
        is_transient: true,
      },
      challenge: "invalid_request",
      headers: {
        "x-app-usage": JSON.stringify({ call_count: 100, total_cputime: 20, total_time: 25 }),
      },
    };
  },

  /** A batch (`POST /` with `batch=[…]`) of more than `max` requests (Meta's maximum is 50). */
  tooManyBatchRequests(max: number): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `(#100) Too many requests in batch message. Maximum batch size is ${max}`,
        type: "OAuthException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  /** A `batch` parameter that is not a non-empty JSON array of requests (the emulator's wording). */
  invalidBatch(reason: string): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `(#100) Invalid batch parameter: ${reason}`,
        type: "OAuthException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  /** A malformed `x-emulator-fault` header (the emulator's own parameter, reported Meta-style). */
  invalidFaultHeader(reason: string): MetaErrorReply {
    return {
      status: 400,
      error: {
        message: `(#100) Invalid x-emulator-fault: ${reason}`,
        type: "OAuthException",
        code: 100,
      },
      challenge: "invalid_request",
    };
  },

  /** What the emulator answers if it has a bug itself: Meta's transient code 2. */
  internal(): MetaErrorReply {
    return {
      status: 500,
      error: {
        message: "An unexpected error has occurred. Please retry your request later.",
        type: "OAuthException",
        code: 2,
        is_transient: true,
      },
      challenge: "invalid_request",
    };
  },
} as const;

const PACIFIC_TIME = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/Los_Angeles",
  weekday: "long",
  day: "2-digit",
  month: "short",
  year: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
});

/** Meta's token-expiry timestamp style: `Tuesday, 01-Jul-25 03:00:00 PDT`. */
export function formatPacificTime(date: Date): string {
  const parts = new Map(PACIFIC_TIME.formatToParts(date).map((part) => [part.type, part.value]));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.get(type) ?? "";
  return `${part("weekday")}, ${part("day")}-${part("month")}-${part("year")} ${part("hour")}:${part("minute")}:${part("second")} ${part("timeZoneName")}`;
}
