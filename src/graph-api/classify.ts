/**
Turns any HTTP answer from Meta into a `Result`: success only for a 2xx whose body is an object with
`success: true`; everything else becomes a typed `Failure` through `META_ERROR_RULES`.

Never throws, whatever the body: HTML pages, plain text, empty or truncated bodies, odd JSON shapes
and the error-envelope variants seen in the wild (see `parseMetaBody`). A failure's `message` is
Meta's own message (at most 1,000 characters) or one of ours; it never contains the raw body.
*/

import type {
  Failure,
  MetaDetails,
  NumberChangeFailure,
  ReadFailure,
  ReadResult,
  Result,
  ShareFailure,
  VerificationFailure,
} from "./failure.js";
import {
  INVALID_INPUT_FIELD_PATTERNS,
  LIFECYCLE_ERROR_RULES,
  META_ERROR_RULES,
  type MetaErrorRule,
  NUMBER_REJECTION_PATTERNS,
  READ_ERROR_RULES,
  REQUEST_CODE_VOLUME_PATTERN,
  SHARING_REJECTION_PATTERNS,
  selectFrom,
  selectRule,
} from "./meta-error-table.js";
import { retryAfterSecondsFrom, throttledBusinessesFrom } from "./rate-limit-headers.js";
import type { ShareSuccessBody } from "./wire.js";

/** One HTTP answer from Meta, body already read as text. */
export interface MetaResponse {
  status: number;
  headers: Headers;
  bodyText: string;
  /** The business the call was made for; picks its entries in `X-Business-Use-Case-Usage`. */
  businessId?: string | undefined;
}

/** The error fields this service reads, normalised from whichever envelope Meta used. */
export interface MetaErrorFields {
  code?: number;
  subcode?: number;
  type?: string;
  message?: string;
  fbtraceId?: string;
  isTransient?: boolean;
  userTitle?: string;
  userMessage?: string;
}

/** What a body turned out to be. */
export type ParsedMetaBody =
  | { shape: "empty" }
  | { shape: "not_json" }
  | { shape: "success" }
  | { shape: "error"; error: MetaErrorFields }
  /** Valid JSON that is neither `{success: true}` nor an error; `description` names what it was. */
  | { shape: "other_json"; description: string };

/** Longest Meta-provided text (message, user title/message) passed on; longer text is cut. */
export const MAX_META_TEXT_CHARS = 1000;

/** The result of `POST /{version}/{business-id}/share_preverified_numbers`. */
export function classifyShareResponse(response: MetaResponse): Result<ShareSuccessBody> {
  const body = parseMetaBody(response.bodyText);
  if (isSuccessStatus(response.status) && body.shape === "success") {
    return { ok: true, value: { success: true } };
  }
  return { ok: false, failure: failureFrom(response, body) };
}

/**
The result of a Graph read (a node, a multi-ID map, an edge page): success when the status is
2xx and the body is a JSON object without an `error`; anything else is classified through
`READ_ERROR_RULES`, the table without the share edge's rejections, so a read never fails as
`sharing_rejected` (see there for what a 422 on a read means). The body is parsed once on the
success path.
*/
export function classifyReadResponse(response: MetaResponse): ReadResult<Record<string, unknown>> {
  if (isSuccessStatus(response.status)) {
    let value: unknown;
    try {
      value = JSON.parse(response.bodyText);
    } catch {
      value = undefined;
    }
    if (
      isPlainObject(value) &&
      errorFieldsFrom(value) === undefined &&
      // An `error` of a shape no envelope uses (an array, a number) is still not a node.
      (value["error"] === undefined || value["error"] === null)
    ) {
      return { ok: true, value };
    }
  }
  return { ok: false, failure: readFailureFrom(response, parseMetaBody(response.bodyText)) };
}

const NUMBER_CHANGE_RULES = LIFECYCLE_ERROR_RULES.filter((rule) => rule.kind === "number_rejected");
const VERIFICATION_RULES = LIFECYCLE_ERROR_RULES.filter(
  (rule) => rule.kind === "verification_code",
);

/**
The result of `add_phone_numbers` or `DELETE /{preverified-id}`: success when the status is 2xx
and `success` (the body, when it is Meta's answer) gives a value; otherwise the read table's
failure, or Meta's refusal (`number_rejected`, its reason from the message) for the 422 rows of
`LIFECYCLE_ERROR_RULES`.
*/
export function classifyNumberChangeResponse<T>(
  response: MetaResponse,
  success: (body: unknown) => T | undefined,
): Result<T, NumberChangeFailure> {
  const value = successValue(response, success);
  if (value !== undefined) {
    return { ok: true, value };
  }
  const failure = readFailureFrom(response, parseMetaBody(response.bodyText));
  if (lifecycleRuleFor(failure, NUMBER_CHANGE_RULES) === undefined) {
    return { ok: false, failure };
  }
  const reason = firstMatch(NUMBER_REJECTION_PATTERNS, failure.message)?.reason ?? "other";
  return {
    ok: false,
    failure: {
      ...detailsOf(failure),
      kind: "number_rejected",
      reason,
      retryable: false,
      message: failure.message,
    },
  };
}

/**
The result of `request_code` or `verify_code` (`{"success": true}`): the read table's failure, or
for 136024/136025 a `verification_code` failure; 136024 whose texts speak of volume or of trying
later is `rate_limited` (retryable later; the endpoints never retry it themselves).
*/
export function classifyVerificationResponse<T>(
  response: MetaResponse,
  success: (body: unknown) => T | undefined,
): Result<T, VerificationFailure> {
  const value = successValue(response, success);
  if (value !== undefined) {
    return { ok: true, value };
  }
  const failure = readFailureFrom(response, parseMetaBody(response.bodyText));
  if (lifecycleRuleFor(failure, VERIFICATION_RULES) === undefined) {
    return { ok: false, failure };
  }
  const details = { ...detailsOf(failure), message: failure.message };
  const texts = [failure.message, failure.userTitle ?? "", failure.userMessage ?? ""];
  if (failure.metaCode === 136024 && texts.some((text) => REQUEST_CODE_VOLUME_PATTERN.test(text))) {
    const retryAfterSeconds = retryAfterSecondsFrom(response.headers, response.businessId);
    return {
      ok: false,
      failure: {
        ...details,
        kind: "rate_limited",
        retryable: true,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      },
    };
  }
  return { ok: false, failure: { ...details, kind: "verification_code", retryable: false } };
}

/** The 2xx answer's value, or `undefined` when it is not a success. */
function successValue<T>(
  response: MetaResponse,
  success: (body: unknown) => T | undefined,
): T | undefined {
  if (!isSuccessStatus(response.status)) {
    return undefined;
  }
  let body: unknown;
  try {
    body = JSON.parse(response.bodyText);
  } catch {
    return undefined;
  }
  return isPlainObject(body) && errorFieldsFrom(body) === undefined ? success(body) : undefined;
}

/**
The lifecycle row for a failure the read table left as an invalid parameter or an unknown or
missing code (a permission, a throttle or a server error stays what it is).
*/
function lifecycleRuleFor<R extends (typeof LIFECYCLE_ERROR_RULES)[number]>(
  failure: ReadFailure,
  rules: readonly R[],
): R | undefined {
  if (failure.kind !== "invalid_input" && failure.kind !== "upstream") {
    return undefined;
  }
  return selectFrom(
    { code: failure.metaCode, subcode: failure.metaSubcode, status: failure.httpStatus },
    rules,
  );
}

/** Meta's details of a failure, without its kind-specific fields. */
function detailsOf(failure: Failure): MetaDetails {
  return definedOnly<MetaDetails>({
    httpStatus: failure.httpStatus,
    fbtraceId: failure.fbtraceId,
    metaCode: failure.metaCode,
    metaSubcode: failure.metaSubcode,
    metaType: failure.metaType,
    isTransient: failure.isTransient,
    userTitle: failure.userTitle,
    userMessage: failure.userMessage,
  });
}

/** `{"success": true}`, the lifecycle edges' documented answer. */
export function successTrue(body: unknown): { success: true } | undefined {
  return isPlainObject(body) && body["success"] === true ? { success: true } : undefined;
}

/**
A failure as a read may have it. `READ_ERROR_RULES` has no `sharing_rejected` row, so
`classifyReadResponse` never needs this; it keeps the read vocabulary total for failures that
come from elsewhere (e.g. a shared helper): a rejection becomes an unexpected answer.
*/
export function asReadFailure(failure: Failure): ReadFailure {
  switch (failure.kind) {
    case "sharing_rejected":
    case "number_rejected": {
      const { reason: _reason, kind: _kind, ...details } = failure;
      return { ...details, kind: "upstream", reason: "unexpected_response", retryable: false };
    }
    case "verification_code": {
      const { kind: _kind, ...details } = failure;
      return { ...details, kind: "upstream", reason: "unexpected_response", retryable: false };
    }
    default:
      return failure;
  }
}

/**
A failure as a share may have it: the lifecycle refusals never come from the share table, so
this keeps the share vocabulary total for failures typed more widely (an unexpected answer).
*/
export function asShareFailure(failure: Failure): ShareFailure {
  switch (failure.kind) {
    case "number_rejected": {
      const { reason: _reason, kind: _kind, ...details } = failure;
      return { ...details, kind: "upstream", reason: "unexpected_response", retryable: false };
    }
    case "verification_code": {
      const { kind: _kind, ...details } = failure;
      return { ...details, kind: "upstream", reason: "unexpected_response", retryable: false };
    }
    default:
      return failure;
  }
}

/** A read result, whatever failure it came with (see `asReadFailure`). */
export function asReadResult<T>(result: Result<T>): ReadResult<T> {
  return result.ok ? result : { ok: false, failure: asReadFailure(result.failure) };
}

function readFailureFrom(response: MetaResponse, body: ParsedMetaBody): ReadFailure {
  return asReadFailure(failureFrom(response, body, READ_ERROR_RULES));
}

/**
The failure for an answer already known not to be a success (any Graph endpoint). A success body
passed here is classified by its HTTP status alone.
*/
export function classifyFailureResponse(response: MetaResponse): Failure {
  return failureFrom(response, parseMetaBody(response.bodyText));
}

/**
Reads a body without trusting it. Accepted error envelopes:
- canonical `{"error": {message, type, code, error_subcode, fbtrace_id, is_transient,
  error_user_title, error_user_msg, error_data}}`, with any field missing and `code`/`error_subcode`
  possibly numeric strings; `error_data` (object, array or JSON string) is ignored;
- `{"error": "some text"}` (message only, no code);
- WhatsApp On-Premises `{"meta": {…}, "errors": [{code, title, details}]}` (first entry);
- flat legacy `{"error_type", "error_message", "code"}`: that top-level `code` is used as a Meta
  code only outside 100–599. In the observed payloads it echoes the HTTP status (`"code": 400`),
  and a wrong Meta code is worse than none because `code` outranks every other condition.
An `error` key whose value is neither an object nor a string (`null`, `[]`) is ignored.
*/
export function parseMetaBody(bodyText: string): ParsedMetaBody {
  if (bodyText.trim() === "") {
    return { shape: "empty" };
  }
  let value: unknown;
  try {
    value = JSON.parse(bodyText);
  } catch {
    return { shape: "not_json" };
  }
  if (!isPlainObject(value)) {
    return { shape: "other_json", description: describeJsonValue(value) };
  }
  const error = errorFieldsFrom(value);
  if (error !== undefined) {
    return { shape: "error", error };
  }
  if (value.success === true) {
    return { shape: "success" };
  }
  return {
    shape: "other_json",
    description:
      value.success === false
        ? "`success: false`"
        : "a JSON object that is neither `success: true` nor a Meta error",
  };
}

function failureFrom(
  response: MetaResponse,
  body: ParsedMetaBody,
  rules: readonly MetaErrorRule[] = META_ERROR_RULES,
): Failure {
  const { status, headers } = response;
  const error: MetaErrorFields = body.shape === "error" ? body.error : {};
  const details = definedOnly<MetaDetails>({
    httpStatus: status,
    fbtraceId: error.fbtraceId ?? headerText(headers, "x-fb-trace-id"),
    metaCode: error.code,
    metaSubcode: error.subcode,
    metaType: error.type,
    isTransient: error.isTransient,
    userTitle: error.userTitle,
    userMessage: error.userMessage,
  });
  const message = error.message ?? ownMessage(response, body);
  const rule = selectRule(
    { code: error.code, subcode: error.subcode, status, message: error.message },
    rules,
  );

  if (rule === undefined) {
    return {
      kind: "upstream",
      reason: "unknown_code",
      retryable: error.isTransient ?? false,
      message,
      ...details,
    };
  }
  const base = { retryable: rule.retryable, message, ...details };
  switch (rule.kind) {
    case "invalid_input": {
      const field = firstMatch(INVALID_INPUT_FIELD_PATTERNS, error.message)?.field;
      return { kind: rule.kind, ...base, ...(field === undefined ? {} : { field }) };
    }
    case "sharing_rejected": {
      const reason = firstMatch(SHARING_REJECTION_PATTERNS, error.message)?.reason ?? "other";
      return { kind: rule.kind, reason, ...base };
    }
    case "rate_limited": {
      const retryAfterSeconds = retryAfterSecondsFrom(headers, response.businessId);
      const throttledBusinesses = throttledBusinessesFrom(headers, response.businessId);
      return {
        kind: rule.kind,
        ...base,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
        ...(throttledBusinesses.length === 0 ? {} : { throttledBusinesses }),
      };
    }
    case "upstream": {
      // A 503 may say when to come back; the retry policy waits that long (within the deadline).
      const retryAfterSeconds = retryAfterSecondsFrom(headers, response.businessId);
      const reason = upstreamReason(rule, body);
      // A success status whose body did not arrive whole was lost in transit, like a reset: the
      // outcome is unknown and a retry is safe (a repeated share answers "already shared").
      const lostBody = reason === "unparseable_response" && isSuccessStatus(status);
      return {
        kind: rule.kind,
        reason,
        ...base,
        ...(lostBody ? { retryable: true } : {}),
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      };
    }
    case "authentication":
    case "permission_denied":
    case "not_found":
      return { kind: rule.kind, ...base };
  }
}

/**
A row chosen by HTTP status alone says nothing about the body, so the body's shape decides the
reason: not JSON → `unparseable_response`, JSON without a usable error → `unexpected_response`.
`retryable` stays the row's (5xx yes, other statuses no).
*/
function upstreamReason(
  rule: Extract<MetaErrorRule, { kind: "upstream" }>,
  body: ParsedMetaBody,
): Extract<Failure, { kind: "upstream" }>["reason"] {
  if (rule.code !== undefined) {
    return rule.reason;
  }
  switch (body.shape) {
    case "empty":
    case "not_json":
      return "unparseable_response";
    case "success":
    case "other_json":
      return "unexpected_response";
    case "error":
      return rule.reason;
  }
}

/** Our message when Meta gave none. */
function ownMessage(response: MetaResponse, body: ParsedMetaBody): string {
  const prefix = `Meta answered HTTP ${response.status}`;
  switch (body.shape) {
    case "empty":
      return `${prefix} with an empty body.`;
    case "not_json":
      return `${prefix} with a non-JSON body (${contentType(response.headers)}).`;
    case "success":
      return `${prefix} with a success body on a non-success status.`;
    case "other_json":
      return `${prefix} with ${body.description}.`;
    case "error":
      return body.error.code === undefined
        ? `${prefix} with an error without code or message.`
        : `${prefix} with error code ${body.error.code} and no message.`;
  }
}

function errorFieldsFrom(body: Record<string, unknown>): MetaErrorFields | undefined {
  const error = own(body, "error");
  if (typeof error === "string") {
    return definedOnly<MetaErrorFields>({ message: metaText(error) });
  }
  if (isPlainObject(error)) {
    return definedOnly<MetaErrorFields>({
      code: metaNumber(own(error, "code")),
      subcode: metaNumber(own(error, "error_subcode")),
      type: metaText(own(error, "type")),
      message: metaText(own(error, "message")),
      fbtraceId: metaText(own(error, "fbtrace_id")),
      isTransient: metaBoolean(own(error, "is_transient")),
      userTitle: metaText(own(error, "error_user_title")),
      userMessage: metaText(own(error, "error_user_msg")),
    });
  }
  const errors = own(body, "errors");
  if (Array.isArray(errors) && errors.length > 0) {
    const first: unknown = errors[0];
    if (typeof first === "string") {
      return definedOnly<MetaErrorFields>({ message: metaText(first) });
    }
    if (!isPlainObject(first)) {
      return {};
    }
    const title = metaText(own(first, "title"));
    const detail = metaText(own(first, "details"));
    return definedOnly<MetaErrorFields>({
      code: metaNumber(own(first, "code")),
      message:
        metaText(own(first, "message")) ??
        (title !== undefined && detail !== undefined
          ? metaText(`${title}: ${detail}`)
          : undefined) ??
        title ??
        detail,
    });
  }
  if (Object.hasOwn(body, "error_type") || Object.hasOwn(body, "error_message")) {
    const code = metaNumber(own(body, "code"));
    return definedOnly<MetaErrorFields>({
      code: code !== undefined && (code < 100 || code > 599) ? code : undefined,
      type: metaText(own(body, "error_type")),
      message: metaText(own(body, "error_message")),
      fbtraceId: metaText(own(body, "fbtrace_id")),
    });
  }
  return undefined;
}

function firstMatch<T extends { message: RegExp }>(
  patterns: readonly T[],
  text: string | undefined,
): T | undefined {
  return text === undefined ? undefined : patterns.find((pattern) => pattern.message.test(text));
}

/** A non-negative integer, given as a JSON number or a numeric string. */
function metaNumber(value: unknown): number | undefined {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  }
  if (typeof value === "string" && /^\s*\d{1,15}\s*$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

function metaBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") {
    return value;
  }
  if (value === "true" || value === "false") {
    return value === "true";
  }
  return undefined;
}

/** Meta-provided text, trimmed and cut to `MAX_META_TEXT_CHARS`; empty → undefined. */
function metaText(value: unknown): string | undefined {
  if (typeof value !== "string") {
    return undefined;
  }
  const text = value.trim();
  return text === "" ? undefined : truncate(text, MAX_META_TEXT_CHARS);
}

function truncate(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  let cut = text.slice(0, max - 1);
  // Do not leave half of a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) {
    cut = cut.slice(0, -1);
  }
  return `${cut}…`;
}

function headerText(headers: Headers, name: string): string | undefined {
  const value = headers.get(name);
  return value === null ? undefined : metaText(value);
}

/** The media type of the answer, safe to put in a message. */
function contentType(headers: Headers): string {
  const mediaType = (headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "") {
    return "no content type";
  }
  return /^[\w.+-]{1,64}\/[\w.+-]{1,64}$/.test(mediaType) ? mediaType : "unrecognised content type";
}

function describeJsonValue(value: unknown): string {
  if (value === null) {
    return "JSON `null`";
  }
  if (Array.isArray(value)) {
    return "a JSON array";
  }
  return `a JSON ${typeof value}`;
}

function isSuccessStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `object[key]` only for own properties, so `"constructor"` or `"__proto__"` never leak in. */
function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Drops `undefined` properties, so failures carry only what is known. */
function definedOnly<T extends object>(object: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
