/**
THE table that turns a Meta error into a failure kind, as plain data, plus the function that picks a
row. Nothing here parses HTTP: `classify.ts` extracts `code`, `error_subcode`, the HTTP status and
Meta's message, then asks `selectRule`.

Sources for every row: `/work/shared/reference/meta-graph-api.md` §2.2–2.3 and §5 (Meta's "Handling
Errors", WhatsApp "Error codes", rate-limit docs and observed payloads) and Meta's OpenAPI examples
for `share_preverified_numbers`.
*/

import type {
  FailureKind,
  NumberRejectionReason,
  SharingRejectionReason,
  UpstreamReason,
} from "./failure.js";

/** A single value, or an inclusive `[min, max]` range. */
export type NumberMatch = number | readonly [min: number, max: number];

export interface RuleConditions {
  /** Meta's `error.code`. Rows without `code` apply only when the response carries no Meta code. */
  code?: NumberMatch;
  /** Meta's `error.error_subcode`. */
  subcode?: number;
  /** The HTTP status of Meta's answer. */
  status?: NumberMatch;
  /** Meta's `error.message`; the last resort (never `error_user_msg`, which is localised). */
  message?: RegExp;
  /** Why this row exists, with its source. */
  note: string;
}

/** The kinds of the general table; the lifecycle edges' own refusals are in `LIFECYCLE_ERROR_RULES`. */
type TableKind = Exclude<FailureKind, "upstream" | "number_rejected" | "verification_code">;

/** One row: conditions (all given ones must match) and the outcome. */
export type MetaErrorRule = RuleConditions &
  (
    | { kind: TableKind; retryable: boolean; reason?: never }
    | { kind: "upstream"; retryable: boolean; reason: UpstreamReason }
  );

/**
Selection (see `selectRule`): among the rows whose every given condition matches, the most specific
wins, compared in this order: `code` (exact beats range), then `subcode`, then `status` (exact beats
range), then `message`. Ties go to the earlier row. A Meta code that no row names is not in this
table: `classify.ts` turns it into `upstream`/`unknown_code` and keeps the raw code.

`retryable` is this table's decision; Meta's `is_transient` is only a hint (observed `true` on a
401 190 and `false` on errors that succeeded on retry) and is used for unknown codes only.
*/
export const META_ERROR_RULES: readonly MetaErrorRule[] = [
  // ── invalid_input ────────────────────────────────────────────────────────────────────────────
  {
    code: 100,
    kind: "invalid_input",
    retryable: false,
    note: "Invalid parameter (default for 100; OAS 400 examples on preverified_id/partner_business_id)",
  },
  {
    code: 131008,
    kind: "invalid_input",
    retryable: false,
    note: "WA: required parameter is missing",
  },
  {
    code: 131009,
    kind: "invalid_input",
    retryable: false,
    note: "WA: parameter value is not valid",
  },
  { code: 135000, kind: "invalid_input", retryable: false, note: "WA: generic user error" },

  // ── authentication ───────────────────────────────────────────────────────────────────────────
  {
    code: 190,
    kind: "authentication",
    retryable: false,
    note: "Access token expired or invalid (OAS 401 example: 190/463); is_transient is ignored",
  },
  { code: 190, subcode: 458, kind: "authentication", retryable: false, note: "App not installed" },
  { code: 190, subcode: 459, kind: "authentication", retryable: false, note: "User checkpointed" },
  { code: 190, subcode: 460, kind: "authentication", retryable: false, note: "Password changed" },
  {
    code: 190,
    subcode: 463,
    kind: "authentication",
    retryable: false,
    note: "Token expired, revoked or otherwise invalid",
  },
  { code: 190, subcode: 464, kind: "authentication", retryable: false, note: "Unconfirmed user" },
  {
    code: 190,
    subcode: 467,
    kind: "authentication",
    retryable: false,
    note: "Invalid access token",
  },
  {
    code: 190,
    subcode: 492,
    kind: "authentication",
    retryable: false,
    note: "Invalid session (user lacks a role on the asset)",
  },
  {
    code: 190,
    subcode: 493,
    kind: "authentication",
    retryable: false,
    note: "Token invalid: user has not engaged the app in 90 days (observed)",
  },
  {
    code: 102,
    kind: "authentication",
    retryable: false,
    note: "API session: login status or token expired",
  },
  {
    code: 104,
    kind: "authentication",
    retryable: false,
    note: "An access token is required to request this resource",
  },
  {
    code: 0,
    kind: "authentication",
    retryable: false,
    note: "WA AuthException: unable to authenticate the app user",
  },
  {
    code: 2500,
    kind: "authentication",
    retryable: false,
    note: "An active access token must be used to query information about the current user",
  },
  {
    code: 2500,
    message: /unknown path components/i,
    kind: "upstream",
    reason: "unexpected_response",
    retryable: false,
    note: "2500 'Unknown path components': a path this service built is wrong; not the caller's fault",
  },

  // ── permission_denied ────────────────────────────────────────────────────────────────────────
  { code: 3, kind: "permission_denied", retryable: false, note: "API method: capability missing" },
  {
    code: 10,
    kind: "permission_denied",
    retryable: false,
    note: "Permission denied / not eligible for the endpoint",
  },
  {
    code: [200, 299],
    kind: "permission_denied",
    retryable: false,
    note: "Permission errors (OAS 403 examples: 200/1349174, 200/1349175)",
  },
  {
    code: [200000, 299999],
    kind: "permission_denied",
    retryable: false,
    note: "200000 range, e.g. 200000/3095008 from a non-partner app",
  },
  {
    code: 368,
    kind: "permission_denied",
    retryable: false,
    note: "Temporarily blocked for policy violations; no tight retry",
  },
  { code: 131005, kind: "permission_denied", retryable: false, note: "WA: access denied" },
  { code: 131031, kind: "permission_denied", retryable: false, note: "WA: account locked" },
  {
    code: 100,
    message: /missing permission/i,
    kind: "permission_denied",
    retryable: false,
    note: "'(#100) Missing permission(s)': a permission problem reported as code 100 (observed)",
  },

  // ── not_found ────────────────────────────────────────────────────────────────────────────────
  {
    code: 803,
    kind: "not_found",
    retryable: false,
    note: "Object/alias does not exist (OAS 404 examples)",
  },
  {
    code: 33,
    kind: "not_found",
    retryable: false,
    note: "WA: the business phone number has been deleted",
  },
  {
    code: 100,
    subcode: 33,
    kind: "not_found",
    retryable: false,
    note: "Object does not exist, cannot be loaded due to missing permissions, or unsupported operation",
  },

  // ── sharing_rejected (reason from the message, see SHARING_REJECTION_PATTERNS) ───────────────
  {
    code: 100,
    status: 422,
    kind: "sharing_rejected",
    retryable: false,
    note: "OAS 422 examples: not shareable / already shared / relationship not allowed",
  },

  // ── rate_limited ─────────────────────────────────────────────────────────────────────────────
  {
    code: 4,
    kind: "rate_limited",
    retryable: true,
    note: "Application request limit reached (OAS 429 example: 4/2446079)",
  },
  { code: 17, kind: "rate_limited", retryable: true, note: "User request limit reached" },
  { code: 32, kind: "rate_limited", retryable: true, note: "Pages request limit reached" },
  { code: 341, kind: "rate_limited", retryable: true, note: "Application limit reached" },
  { code: 613, kind: "rate_limited", retryable: true, note: "Custom rate limit reached" },
  {
    code: [80000, 80014],
    kind: "rate_limited",
    retryable: true,
    note: "Business use case limits (80007 WABA, 80008 WhatsApp Business Management API, …)",
  },
  { code: 130429, kind: "rate_limited", retryable: true, note: "WA: Cloud API throughput reached" },
  { code: 131048, kind: "rate_limited", retryable: true, note: "WA: spam rate limit hit" },
  { code: 131056, kind: "rate_limited", retryable: true, note: "WA: pair rate limit hit" },
  {
    code: 133016,
    kind: "rate_limited",
    retryable: true,
    note: "WA: register/deregister rate limit exceeded",
  },

  // ── upstream: Meta-side trouble ──────────────────────────────────────────────────────────────
  {
    code: 1,
    kind: "upstream",
    reason: "server_error",
    retryable: true,
    note: "API unknown: possibly temporary downtime",
  },
  {
    code: 2,
    kind: "upstream",
    reason: "server_error",
    retryable: true,
    note: "API service: temporary downtime or overload (OAS 500 example)",
  },
  {
    code: 131000,
    kind: "upstream",
    reason: "server_error",
    retryable: true,
    note: "WA: something went wrong",
  },
  {
    code: 131016,
    kind: "upstream",
    reason: "server_error",
    retryable: true,
    note: "WA: service unavailable",
  },
  {
    code: 131057,
    kind: "upstream",
    reason: "server_error",
    retryable: true,
    note: "WA: account in maintenance mode",
  },
  {
    code: 133004,
    kind: "upstream",
    reason: "server_error",
    retryable: true,
    note: "WA: server temporarily unavailable",
  },

  // ── no Meta code: HTTP status, then message ─────────────────────────────────────────────────
  {
    status: 401,
    kind: "authentication",
    retryable: false,
    note: "HTTP 401 without a Meta code",
  },
  {
    status: 403,
    kind: "permission_denied",
    retryable: false,
    note: "HTTP 403 without a Meta code",
  },
  { status: 404, kind: "not_found", retryable: false, note: "HTTP 404 without a Meta code" },
  {
    status: 422,
    kind: "sharing_rejected",
    retryable: false,
    note: "HTTP 422 without a Meta code",
  },
  { status: 429, kind: "rate_limited", retryable: true, note: "HTTP 429 without a Meta code" },
  {
    status: [400, 499],
    kind: "upstream",
    reason: "unexpected_response",
    retryable: false,
    note: "Other HTTP 4xx without a Meta code: nothing says the caller can fix it",
  },
  {
    status: [500, 599],
    kind: "upstream",
    reason: "server_error",
    retryable: true,
    note: "HTTP 5xx without a Meta code",
  },
  {
    message: /service (?:temporarily )?unavailable/i,
    kind: "upstream",
    reason: "server_error",
    retryable: true,
    note: "No code, no telling status, message says unavailable (PY-SDK: Meta may answer 200 so)",
  },
  {
    kind: "upstream",
    reason: "unexpected_response",
    retryable: false,
    note: "Catch-all without a Meta code (e.g. an error body on HTTP 200 or 3xx)",
  },
];

/**
The rows for reads (a node, a multi-ID map, an edge page): every row but the `sharing_rejected`
ones. A refused share is the share edge's answer: Meta documents HTTP 422 (code 100: "not in a
shareable state", "already shared", "relationship does not allow sharing") for
`share_preverified_numbers` only, and a read has nothing to share. So on a read:
- code 100 on HTTP 422 means what code 100 means everywhere: an invalid parameter
  (`invalid_input`; with subcode 33 `not_found`, with "Missing permission" `permission_denied`);
- HTTP 422 without a Meta code falls to "other HTTP 4xx without a Meta code"
  (`upstream`/`unexpected_response`, not retried): nothing says the caller can fix it.
*/
export const READ_ERROR_RULES: readonly MetaErrorRule[] = META_ERROR_RULES.filter(
  (rule) => rule.kind !== "sharing_rejected",
);

/** Why Meta refused a share, from its message; first match wins, no match → `other`. */
export const SHARING_REJECTION_PATTERNS: readonly {
  message: RegExp;
  reason: SharingRejectionReason;
}[] = [
  { message: /already shared/i, reason: "already_shared" },
  { message: /shareable state|not shareable|not verified/i, reason: "not_shareable" },
  { message: /relationship/i, reason: "relationship_not_allowed" },
];

/** Which GraphQL input field an `invalid_input` message points at; first match wins. */
export const INVALID_INPUT_FIELD_PATTERNS: readonly { message: RegExp; field: string }[] = [
  { message: /preverified_id/i, field: "preverifiedId" },
  { message: /partner_business_id/i, field: "partnerBusinessId" },
  { message: /phone_number/i, field: "phoneNumber" },
  { message: /code_method/i, field: "method" },
  { message: /\blanguage\b/i, field: "language" },
];

/** A row of the lifecycle edges' own table: a refusal kind only those edges answer. */
export type LifecycleErrorRule = RuleConditions & {
  kind: "number_rejected" | "verification_code";
  retryable: false;
};

/**
The rows only the number-lifecycle edges answer (add_phone_numbers, request_code, verify_code,
`DELETE /{preverified-id}`), consulted before the read table (`READ_ERROR_RULES`) when that table
found an invalid parameter or no known code. Each edge takes the rows of its own kind:
add and delete `number_rejected`, request_code and verify_code `verification_code`. Sources:
`/work/shared/reference/next-capabilities.md` §1.3.
*/
export const LIFECYCLE_ERROR_RULES: readonly LifecycleErrorRule[] = [
  {
    code: 136024,
    kind: "verification_code",
    retryable: false,
    note: "request_code: 'Request code error' (R-RC, WA-EC; observed on HTTP 400, subcodes overloaded); its volume limit is RateLimitedError (REQUEST_CODE_VOLUME_PATTERN)",
  },
  {
    code: 136025,
    kind: "verification_code",
    retryable: false,
    note: "verify_code: 'Verify code error' (WA-EC): wrong or expired code, too many attempts",
  },
  {
    code: 100,
    status: 422,
    kind: "number_rejected",
    retryable: false,
    note: "OAS 422 examples: add 'Maximum number of phone numbers…', delete '…currently in use'",
  },
  {
    status: 422,
    kind: "number_rejected",
    retryable: false,
    note: "HTTP 422 without a Meta code on add or delete",
  },
];

/** Why Meta refused to add or delete a number, from its message; no match → `other`. */
export const NUMBER_REJECTION_PATTERNS: readonly {
  message: RegExp;
  reason: NumberRejectionReason;
}[] = [
  { message: /already (?:been )?added|already exists/i, reason: "already_added" },
  { message: /maximum number|limit/i, reason: "limit_reached" },
  { message: /in use/i, reason: "in_use" },
];

/**
136024 speaking of volume or of trying later (in Meta's message, user title or user message:
hints, since the subcodes are overloaded and the user texts localised): a RateLimitedError.
*/
export const REQUEST_CODE_VOLUME_PATTERN = /too many|try (?:again )?later|volume|limit/i;

/** What `selectRule` looks at. */
export interface RuleInput {
  code?: number | undefined;
  subcode?: number | undefined;
  status?: number | undefined;
  message?: string | undefined;
}

/**
The row for this error, or `undefined` when `input.code` is set and no row names it (an unknown
code). Without a code the catch-all row guarantees an answer.

@example
selectRule({ code: 100, status: 422, message: "…already shared…" }) // → the 100 + 422 row
*/
export function selectRule(
  input: RuleInput,
  rules: readonly MetaErrorRule[] = META_ERROR_RULES,
): MetaErrorRule | undefined {
  return selectFrom(input, rules);
}

/** `selectRule` over any table of rows (e.g. `LIFECYCLE_ERROR_RULES`). */
export function selectFrom<R extends RuleConditions>(
  input: RuleInput,
  rules: readonly R[],
): R | undefined {
  let best: R | undefined;
  let bestScore: readonly number[] = [];
  for (const rule of rules) {
    if (!matches(rule, input)) {
      continue;
    }
    const score = specificity(rule);
    if (best === undefined || compareScores(score, bestScore) > 0) {
      best = rule;
      bestScore = score;
    }
  }
  return best;
}

/** A short, stable label of a row's conditions, e.g. `code=190 subcode=463`. */
export function describeRule(rule: RuleConditions): string {
  const parts: string[] = [];
  if (rule.code !== undefined) {
    parts.push(`code=${describeNumber(rule.code)}`);
  }
  if (rule.subcode !== undefined) {
    parts.push(`subcode=${rule.subcode}`);
  }
  if (rule.status !== undefined) {
    parts.push(`status=${describeNumber(rule.status)}`);
  }
  if (rule.message !== undefined) {
    parts.push(`message=${String(rule.message)}`);
  }
  return parts.length === 0 ? "(any other)" : parts.join(" ");
}

function matches(rule: RuleConditions, input: RuleInput): boolean {
  if (rule.code === undefined) {
    if (input.code !== undefined) {
      return false;
    }
  } else if (input.code === undefined || !numberMatches(rule.code, input.code)) {
    return false;
  }
  if (rule.subcode !== undefined && input.subcode !== rule.subcode) {
    return false;
  }
  if (
    rule.status !== undefined &&
    (input.status === undefined || !numberMatches(rule.status, input.status))
  ) {
    return false;
  }
  if (rule.message !== undefined && !rule.message.test(input.message ?? "")) {
    return false;
  }
  return true;
}

function numberMatches(match: NumberMatch, value: number): boolean {
  return typeof match === "number" ? value === match : value >= match[0] && value <= match[1];
}

/** Higher is more specific; compared element by element in the documented priority order. */
function specificity(rule: RuleConditions): readonly number[] {
  return [
    precision(rule.code),
    rule.subcode === undefined ? 0 : 1,
    precision(rule.status),
    rule.message === undefined ? 0 : 1,
  ];
}

function precision(match: NumberMatch | undefined): number {
  if (match === undefined) {
    return 0;
  }
  return typeof match === "number" ? 2 : 1;
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < a.length; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}

function describeNumber(match: NumberMatch): string {
  return typeof match === "number" ? String(match) : `${match[0]}-${match[1]}`;
}
