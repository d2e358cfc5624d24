/**
The emulator's catalogue of Meta errors for `share_preverified_numbers`, the lifecycle edges
(`add_phone_numbers`, `request_code`, `verify_code`, deleting a number), the reads and the batch
endpoint, as one table (`META_ERRORS`: status, type, code, subcode, challenge, message template)
and one builder (`metaError`) that turns a row and its arguments into a `MetaErrorReply`: the
`error` object (without `fbtrace_id`, which the reply encoder adds fresh per response) and the
`WWW-Authenticate` challenge. `metaErrors.<name>(…)` is the same builder, one function per row.
Messages follow Meta's OpenAPI examples and payloads observed in the wild.
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

/** The two exception types Meta's errors carry here. */
type ErrorType = "OAuthException" | "GraphMethodException";

/** What a row may let its arguments decide: the status, the code and subcode, extra headers. */
interface ErrorVariation {
  status?: number;
  code?: number;
  subcode?: number;
  headers?: Readonly<Record<string, string>>;
}

/** One Meta error: its fixed fields and a message template over the builder's arguments. */
export interface MetaErrorRow<A extends readonly unknown[]> {
  status: number;
  type: ErrorType;
  code: number;
  subcode?: number;
  /** `error_user_title` (when Meta sends one) and `error_user_msg`. */
  user?: { title?: string; message: string };
  /** `is_transient`, when Meta sends it. */
  transient?: boolean;
  challenge: OAuthChallenge;
  message: (...args: A) => string;
  vary?: (...args: A) => ErrorVariation;
}

function row<A extends readonly unknown[]>(spec: MetaErrorRow<A>): MetaErrorRow<A> {
  return spec;
}

const OAUTH = "OAuthException";
const GRAPH_METHOD = "GraphMethodException";

/** Every Meta error the emulator answers, by name. */
export const META_ERRORS = {
  unknownPath: row({
    status: 400,
    type: OAUTH,
    code: 2500,
    challenge: "invalid_request",
    message: (components: string) => `Unknown path components: ${components}`,
  }),
  deprecatedVersion: row({
    status: 400,
    type: OAUTH,
    code: 2635,
    challenge: "invalid_request",
    message: (latest: string) =>
      `(#2635) You are calling a deprecated version of the Graph API. Please update to the latest version: ${latest}.`,
  }),
  unsupportedVersion: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: (version: string, supported: readonly string[]) =>
      `(#100) Unsupported version: ${version}. Supported versions: ${supported.join(", ")}`,
  }),
  unsupportedMethod: row({
    status: 400,
    type: GRAPH_METHOD,
    code: 100,
    challenge: "invalid_request",
    message: (method: string) =>
      `Unsupported ${method.toLowerCase()} request. Please read the Graph API documentation at ${GRAPH_API_DOCS}`,
  }),
  bodyTooLarge: row({
    status: 413,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: (limitBytes: number) =>
      `(#100) Request body is too large. The maximum size is ${limitBytes} bytes.`,
  }),
  missingToken: row({
    status: 400,
    type: OAUTH,
    code: 104,
    challenge: "invalid_request",
    message: () => "An access token is required to request this resource.",
  }),
  invalidToken: row({
    status: 401,
    type: OAUTH,
    code: 190,
    challenge: "invalid_token",
    message: () => "Invalid OAuth access token - Cannot parse access token",
  }),
  expiredToken: row({
    status: 401,
    type: OAUTH,
    code: 190,
    subcode: 463,
    challenge: "invalid_token",
    message: (expiredAt: string, now: Date) =>
      `Error validating access token: Session has expired on ${formatPacificTime(new Date(expiredAt))}. The current time is ${formatPacificTime(now)}.`,
  }),
  /** 100/33; `method` names the request (`POST` on the share edge, `GET` on reads). */
  objectDoesNotExist: row<[id: string, method?: string]>({
    status: 400,
    type: GRAPH_METHOD,
    code: 100,
    subcode: 33,
    challenge: "invalid_request",
    message: (id: string, method = "POST") =>
      `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at ${GRAPH_API_DOCS}`,
  }),
  noPermission: row({
    status: 403,
    type: OAUTH,
    code: 10,
    challenge: "insufficient_scope",
    message: () => "(#10) You do not have permission to perform this action.",
  }),
  missingPermission: row({
    status: 403,
    type: OAUTH,
    code: 200,
    challenge: "insufficient_scope",
    message: (permission: string) =>
      `(#200) Requires ${permission} permission to manage the object`,
  }),
  parameterRequired: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: (name: string) => `(#100) The parameter ${name} is required`,
  }),
  parameterNotNumeric: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: (name: string) => `Invalid ${name}: must be a valid numeric string`,
  }),
  /** A partner reading a number's partners: only its owner and businesses with sharing rights may. */
  permissionError: row({
    status: 403,
    type: OAUTH,
    code: 200,
    challenge: "insufficient_scope",
    message: () => "(#200) Permission error",
  }),
  nonexistingField: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: (field: string, nodeType: string) =>
      `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`,
  }),
  /** Unbalanced braces or a field expansion on a field without subfields. */
  fieldsSyntax: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: (fields: string) => `(#100) Syntax error in the fields parameter: ${fields}`,
  }),
  /** A multi-ID read (`?ids=`) naming IDs that are unknown or not accessible: the whole read fails. */
  aliasesDoNotExist: row({
    status: 404,
    type: OAUTH,
    code: 803,
    challenge: "not_found",
    message: (ids: readonly string[]) =>
      `(#803) Some of the aliases you requested do not exist: ${ids.join(",")}`,
  }),
  /** The emulator's own maximum for `?ids=` (Meta's is unconfirmed). */
  tooManyIds: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: (max: number) => `(#100) Too many IDs. Maximum: ${max}`,
  }),
  /** An enum parameter with a value outside the enum. */
  invalidEnumParameter: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: (name: string, allowed: readonly string[], got: string) =>
      `(#100) Param ${name} must be one of {${allowed.join(", ")}} - got "${got}"`,
  }),
  /** `limit` outside 1…max (message from Meta's OpenAPI example). */
  invalidLimit: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: (max: number) => `Invalid parameter: limit must be between 1 and ${max}`,
  }),
  /** An `after`/`before` cursor the emulator did not issue (message from Meta's OpenAPI example). */
  invalidCursor: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: () => "Invalid parameter: cursor is malformed or expired",
  }),
  /** Both `after` and `before` given (the emulator's rule). */
  conflictingCursors: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: () => "(#100) The parameters after and before cannot be used together",
  }),
  shareWithSelf: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: () =>
      "Invalid partner_business_id: a business cannot share a pre-verified phone number with itself",
  }),
  numberNotFound: row({
    status: 404,
    type: GRAPH_METHOD,
    code: 803,
    challenge: "not_found",
    message: () => "Pre-verified phone number not found",
  }),
  businessNotFound: row({
    status: 404,
    type: GRAPH_METHOD,
    code: 803,
    challenge: "not_found",
    message: () => "Business not found",
  }),
  numberNotAccessible: row({
    status: 403,
    type: OAUTH,
    code: 200,
    subcode: 1349174,
    user: {
      title: "Permission Denied",
      message: "Your business doesn't have permission to share this phone number",
    },
    challenge: "insufficient_scope",
    message: () => "Your business doesn't have permission to share this pre-verified phone number",
  }),
  partnerNotAccessible: row({
    status: 403,
    type: OAUTH,
    code: 200,
    subcode: 1349175,
    user: { title: "Access Denied", message: "Cannot share with the specified business" },
    challenge: "insufficient_scope",
    message: () => "Target business is not accessible or sharing is not allowed",
  }),
  relationshipNotAllowed: row({
    status: 422,
    type: GRAPH_METHOD,
    code: 100,
    challenge: "invalid_request",
    message: () => "Business relationship does not allow phone number sharing",
  }),
  notShareable: row({
    status: 422,
    type: GRAPH_METHOD,
    code: 100,
    challenge: "invalid_request",
    message: () => "Pre-verified phone number is not in a shareable state",
  }),
  /**
  Unsharing a number from a business it is not shared with. Unconfirmed: Meta's guide documents
  only the success; this answer (400, code 100) is the emulator's assumption (see README).
  */
  notShared: row({
    status: 400,
    type: GRAPH_METHOD,
    code: 100,
    challenge: "invalid_request",
    message: () => `(#100) ${NOT_SHARED_MESSAGE}`,
  }),
  alreadyShared: row({
    status: 422,
    type: GRAPH_METHOD,
    code: 100,
    challenge: "invalid_request",
    message: () => "Pre-verified phone number is already shared with the target business",
  }),
  /**
  A lifecycle call (add, request or verify a code, delete) on a business or a number that is not
  the token's business's own (the share edge's 200/1349174, worded for managing).
  */
  notManageable: row({
    status: 403,
    type: OAUTH,
    code: 200,
    subcode: 1349174,
    user: {
      title: "Permission Denied",
      message: "Your business doesn't have permission to manage this phone number",
    },
    challenge: "insufficient_scope",
    message: () => "Your business doesn't have permission to manage this pre-verified phone number",
  }),
  /** `add_phone_numbers` with a phone number that cannot be one. */
  invalidPhoneNumber: row({
    status: 400,
    type: OAUTH,
    code: 100,
    user: { message: "Invalid phone number" },
    challenge: "invalid_request",
    message: () => "(#100) Invalid parameter",
  }),
  /** `add_phone_numbers` with a number the business already has (an assumption; see README). */
  phoneNumberAlreadyAdded: row({
    status: 422,
    type: GRAPH_METHOD,
    code: 100,
    challenge: "invalid_request",
    message: () => "This phone number has already been added to this business",
  }),
  /** `add_phone_numbers` on a business at its number limit (OAS example). */
  phoneNumberLimitReached: row({
    status: 422,
    type: GRAPH_METHOD,
    code: 100,
    challenge: "invalid_request",
    message: () => "Maximum number of phone numbers per business account exceeded",
  }),
  /** A malformed `code_method`, `language` or `code`. */
  invalidLifecycleParameter: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: (name: string, expected: string) =>
      `(#100) Invalid parameter: ${name} must be ${expected}`,
  }),
  /** `request_code` past the volume limit (3 per number per hour, an assumption). */
  tooManyCodes: row({
    status: 400,
    type: OAUTH,
    code: 136024,
    transient: false,
    user: {
      title: "Too many codes requested",
      message: "You requested too many codes for this number. Try again later.",
    },
    challenge: "invalid_request",
    message: () => "Request code error",
  }),
  /** `request_code` on a VERIFIED number more than 45 days before its expiry. */
  alreadyVerified: row({
    status: 400,
    type: OAUTH,
    code: 136024,
    transient: false,
    user: { title: "Number already verified", message: "This phone number is already verified." },
    challenge: "invalid_request",
    message: () => "Request code error",
  }),
  incorrectCode: row({
    status: 400,
    type: OAUTH,
    code: 136025,
    transient: false,
    user: { title: "Incorrect code", message: "The code you entered is incorrect." },
    challenge: "invalid_request",
    message: () => "Verify code error",
  }),
  codeExpired: row({
    status: 400,
    type: OAUTH,
    code: 136025,
    transient: false,
    user: { title: "Code expired", message: "This code has expired. Request a new one." },
    challenge: "invalid_request",
    message: () => "Verify code error",
  }),
  /** The 5th wrong code and after: the code is void. */
  tooManyAttempts: row({
    status: 400,
    type: OAUTH,
    code: 136025,
    transient: false,
    user: {
      title: "Too many attempts",
      message: "Too many incorrect attempts. Request a new code.",
    },
    challenge: "invalid_request",
    message: () => "Verify code error",
  }),
  noCodeRequested: row({
    status: 400,
    type: OAUTH,
    code: 136025,
    transient: false,
    user: { title: "No code requested", message: "Request a code first." },
    challenge: "invalid_request",
    message: () => "Verify code error",
  }),
  /** `DELETE` on a number shared with a partner ("in use", an assumption; OAS example). */
  numberInUse: row({
    status: 422,
    type: GRAPH_METHOD,
    code: 100,
    challenge: "invalid_request",
    message: () => "Cannot delete phone number that is currently in use",
  }),
  /** Meta's transient server error (code 2), e.g. on HTTP 500 or 503. */
  unexpectedError: row<[status: number]>({
    status: 500,
    type: GRAPH_METHOD,
    code: 2,
    transient: true,
    challenge: "invalid_request",
    message: () => "An unexpected error occurred. Please retry your request",
    vary: (status) => ({ status }),
  }),
  /** Meta's catch-all (code 1, not transient), e.g. on HTTP 502 or 504, or even on HTTP 200. */
  unknownError: row<[status: number]>({
    status: 500,
    type: OAUTH,
    code: 1,
    transient: false,
    challenge: "invalid_request",
    message: () => "An unknown error occurred",
    vary: (status) => ({ status }),
  }),
  /** HTTP 429 code 80008 (WhatsApp Business Management BUC limit) with `X-Business-Use-Case-Usage`. */
  businessUseCaseRateLimit: row<[businessId: string, regainAccessMinutes: number]>({
    status: 429,
    type: OAUTH,
    code: 80008,
    transient: true,
    challenge: "invalid_request",
    message: () =>
      "(#80008) There have been too many calls to this WhatsApp Business account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
    vary: (businessId, regainAccessMinutes) => {
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
      return { headers: { "x-business-use-case-usage": JSON.stringify(usage) } };
    },
  }),
  /**
  The `meta-error:<status>:<code>[:<subcode>]` fault: a Meta error with any status, code and
  subcode, and a message that matches none of the classification's message patterns.
  */
  injected: row<[status: number, code: number, subcode?: number]>({
    status: 500,
    type: OAUTH,
    code: 1,
    transient: false,
    challenge: "invalid_request",
    message: (_status, code) => `(#${code}) An error injected by the emulator's fault header`,
    vary: (status, code, subcode) => ({ status, code, subcode }),
  }),
  /** HTTP 400 code 4 subcode 2446079 (application request limit) with `X-App-Usage`. */
  appRateLimit: row({
    status: 400,
    type: OAUTH,
    code: 4,
    subcode: 2446079,
    transient: true,
    challenge: "invalid_request",
    message: () => "(#4) Application request limit reached",
    vary: () => ({
      headers: {
        "x-app-usage": JSON.stringify({ call_count: 100, total_cputime: 20, total_time: 25 }),
      },
    }),
  }),
  /** A batch (`POST /` with `batch=[…]`) of more than `max` requests (Meta's maximum is 50). */
  tooManyBatchRequests: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: (max: number) =>
      `(#100) Too many requests in batch message. Maximum batch size is ${max}`,
  }),
  /** A `batch` parameter that is not a non-empty JSON array of requests (the emulator's wording). */
  invalidBatch: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: (reason: string) => `(#100) Invalid batch parameter: ${reason}`,
  }),
  /** A malformed `x-emulator-fault` header (the emulator's own parameter, reported Meta-style). */
  invalidFaultHeader: row({
    status: 400,
    type: OAUTH,
    code: 100,
    challenge: "invalid_request",
    message: (reason: string) => `(#100) Invalid x-emulator-fault: ${reason}`,
  }),
  /** What the emulator answers if it has a bug itself: Meta's transient code 2. */
  internal: row({
    status: 500,
    type: OAUTH,
    code: 2,
    transient: true,
    challenge: "invalid_request",
    message: () => "An unexpected error has occurred. Please retry your request later.",
  }),
} as const;

export type MetaErrorName = keyof typeof META_ERRORS;

/** The one builder: a row and its arguments as a Meta error answer (fields in Meta's order). */
export function metaError<A extends readonly unknown[]>(
  spec: MetaErrorRow<A>,
  ...args: A
): MetaErrorReply {
  const variation = spec.vary?.(...args) ?? {};
  const subcode = variation.subcode ?? spec.subcode;
  return {
    status: variation.status ?? spec.status,
    error: {
      message: spec.message(...args),
      type: spec.type,
      code: variation.code ?? spec.code,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      ...(spec.user?.title === undefined ? {} : { error_user_title: spec.user.title }),
      ...(spec.user === undefined ? {} : { error_user_msg: spec.user.message }),
      ...(spec.transient === undefined ? {} : { is_transient: spec.transient }),
    },
    challenge: spec.challenge,
    ...(variation.headers === undefined ? {} : { headers: variation.headers }),
  };
}

type MetaErrorBuilders = {
  readonly [K in MetaErrorName]: (typeof META_ERRORS)[K] extends MetaErrorRow<infer A>
    ? (...args: A) => MetaErrorReply
    : never;
};

/** `metaErrors.<name>(…args)`: `metaError(META_ERRORS.<name>, …args)`. */
export const metaErrors = Object.fromEntries(
  Object.entries(META_ERRORS).map(([name, spec]) => [
    name,
    (...args: never[]) => metaError(spec as MetaErrorRow<never[]>, ...args),
  ]),
) as unknown as MetaErrorBuilders;

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
