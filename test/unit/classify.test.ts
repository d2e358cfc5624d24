import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  MAX_META_TEXT_CHARS,
  asReadFailure,
  classifyFailureResponse,
  classifyReadResponse,
  classifyShareResponse,
  parseMetaBody,
} from "../../src/graph-api/classify.js";
import type { Failure, ReadFailure } from "../../src/graph-api/failure.js";

const TRACE = "AXsgnV2Cm3ZMGF3dF_cfYIn";
const JSON_HEADERS = { "content-type": "application/json; charset=UTF-8" };

interface Call {
  status: number;
  /** A string is sent as is; anything else is JSON-encoded. */
  body: unknown;
  headers?: Record<string, string>;
  businessId?: string;
}

function classify(call: Call) {
  return classifyShareResponse({
    status: call.status,
    headers: new Headers(call.headers ?? JSON_HEADERS),
    bodyText: typeof call.body === "string" ? call.body : JSON.stringify(call.body),
    ...(call.businessId === undefined ? {} : { businessId: call.businessId }),
  });
}

function failureOf(call: Call): Failure {
  const result = classify(call);
  if (result.ok) {
    assert.fail(`expected a failure, got ${JSON.stringify(result)}`);
  }
  return result.failure;
}

/** Every example of Meta's OpenAPI spec for `share_preverified_numbers`, verbatim. */
describe("Meta's OpenAPI examples for share_preverified_numbers", () => {
  it("200 successful_sharing → ok", () => {
    assert.deepEqual(classify({ status: 200, body: { success: true } }), {
      ok: true,
      value: { success: true },
    });
  });

  const examples: {
    name: string;
    status: number;
    error: Record<string, unknown>;
    expected: Failure;
  }[] = [
    {
      name: "400 invalid_phone_number_id",
      status: 400,
      error: {
        message: "Invalid preverified_id: must be a valid numeric string",
        type: "OAuthException",
        code: 100,
        fbtrace_id: TRACE,
      },
      expected: {
        kind: "invalid_input",
        field: "preverifiedId",
        retryable: false,
        message: "Invalid preverified_id: must be a valid numeric string",
        httpStatus: 400,
        fbtraceId: TRACE,
        metaCode: 100,
        metaType: "OAuthException",
      },
    },
    {
      name: "400 invalid_business_id",
      status: 400,
      error: {
        message: "Invalid partner_business_id: business not found or not accessible",
        type: "OAuthException",
        code: 100,
        fbtrace_id: TRACE,
      },
      expected: {
        kind: "invalid_input",
        field: "partnerBusinessId",
        retryable: false,
        message: "Invalid partner_business_id: business not found or not accessible",
        httpStatus: 400,
        fbtraceId: TRACE,
        metaCode: 100,
        metaType: "OAuthException",
      },
    },
    {
      name: "401",
      status: 401,
      error: {
        message: "Invalid OAuth access token",
        type: "OAuthException",
        code: 190,
        error_subcode: 463,
        fbtrace_id: TRACE,
      },
      expected: {
        kind: "authentication",
        retryable: false,
        message: "Invalid OAuth access token",
        httpStatus: 401,
        fbtraceId: TRACE,
        metaCode: 190,
        metaSubcode: 463,
        metaType: "OAuthException",
      },
    },
    {
      name: "403 insufficient_permissions",
      status: 403,
      error: {
        message: "Your business doesn't have permission to share this pre-verified phone number",
        type: "OAuthException",
        code: 200,
        error_subcode: 1349174,
        fbtrace_id: TRACE,
        error_user_title: "Permission Denied",
        error_user_msg: "Your business doesn't have permission to share this phone number",
      },
      expected: {
        kind: "permission_denied",
        retryable: false,
        message: "Your business doesn't have permission to share this pre-verified phone number",
        httpStatus: 403,
        fbtraceId: TRACE,
        metaCode: 200,
        metaSubcode: 1349174,
        metaType: "OAuthException",
        userTitle: "Permission Denied",
        userMessage: "Your business doesn't have permission to share this phone number",
      },
    },
    {
      name: "403 business_relationship_denied",
      status: 403,
      error: {
        message: "Target business is not accessible or sharing is not allowed",
        type: "OAuthException",
        code: 200,
        error_subcode: 1349175,
        fbtrace_id: TRACE,
        error_user_title: "Access Denied",
        error_user_msg: "Cannot share with the specified business",
      },
      expected: {
        kind: "permission_denied",
        retryable: false,
        message: "Target business is not accessible or sharing is not allowed",
        httpStatus: 403,
        fbtraceId: TRACE,
        metaCode: 200,
        metaSubcode: 1349175,
        metaType: "OAuthException",
        userTitle: "Access Denied",
        userMessage: "Cannot share with the specified business",
      },
    },
    {
      name: "404 phone_number_not_found",
      status: 404,
      error: {
        message: "Pre-verified phone number not found",
        type: "GraphMethodException",
        code: 803,
        fbtrace_id: TRACE,
      },
      expected: {
        kind: "not_found",
        retryable: false,
        message: "Pre-verified phone number not found",
        httpStatus: 404,
        fbtraceId: TRACE,
        metaCode: 803,
        metaType: "GraphMethodException",
      },
    },
    {
      name: "404 business_not_found",
      status: 404,
      error: {
        message: "Business not found",
        type: "GraphMethodException",
        code: 803,
        fbtrace_id: TRACE,
      },
      expected: {
        kind: "not_found",
        retryable: false,
        message: "Business not found",
        httpStatus: 404,
        fbtraceId: TRACE,
        metaCode: 803,
        metaType: "GraphMethodException",
      },
    },
    {
      name: "422 phone_number_not_shareable",
      status: 422,
      error: {
        message: "Pre-verified phone number is not in a shareable state",
        type: "GraphMethodException",
        code: 100,
        fbtrace_id: TRACE,
      },
      expected: {
        kind: "sharing_rejected",
        reason: "not_shareable",
        retryable: false,
        message: "Pre-verified phone number is not in a shareable state",
        httpStatus: 422,
        fbtraceId: TRACE,
        metaCode: 100,
        metaType: "GraphMethodException",
      },
    },
    {
      name: "422 already_shared",
      status: 422,
      error: {
        message: "Pre-verified phone number is already shared with the target business",
        type: "GraphMethodException",
        code: 100,
        fbtrace_id: TRACE,
      },
      expected: {
        kind: "sharing_rejected",
        reason: "already_shared",
        retryable: false,
        message: "Pre-verified phone number is already shared with the target business",
        httpStatus: 422,
        fbtraceId: TRACE,
        metaCode: 100,
        metaType: "GraphMethodException",
      },
    },
    {
      name: "422 business_relationship_invalid",
      status: 422,
      error: {
        message: "Business relationship does not allow phone number sharing",
        type: "GraphMethodException",
        code: 100,
        fbtrace_id: TRACE,
      },
      expected: {
        kind: "sharing_rejected",
        reason: "relationship_not_allowed",
        retryable: false,
        message: "Business relationship does not allow phone number sharing",
        httpStatus: 422,
        fbtraceId: TRACE,
        metaCode: 100,
        metaType: "GraphMethodException",
      },
    },
    {
      name: "429",
      status: 429,
      error: {
        message: "Application request limit reached",
        type: "OAuthException",
        code: 4,
        error_subcode: 2446079,
        fbtrace_id: TRACE,
        is_transient: true,
      },
      expected: {
        kind: "rate_limited",
        retryable: true,
        message: "Application request limit reached",
        httpStatus: 429,
        fbtraceId: TRACE,
        metaCode: 4,
        metaSubcode: 2446079,
        metaType: "OAuthException",
        isTransient: true,
      },
    },
    {
      name: "500",
      status: 500,
      error: {
        message: "An unexpected error occurred. Please retry your request",
        type: "GraphMethodException",
        code: 2,
        fbtrace_id: TRACE,
        is_transient: true,
      },
      expected: {
        kind: "upstream",
        reason: "server_error",
        retryable: true,
        message: "An unexpected error occurred. Please retry your request",
        httpStatus: 500,
        fbtraceId: TRACE,
        metaCode: 2,
        metaType: "GraphMethodException",
        isTransient: true,
      },
    },
  ];
  for (const example of examples) {
    it(`${example.name} → ${example.expected.kind}`, () => {
      assert.deepEqual(
        failureOf({ status: example.status, body: { error: example.error } }),
        example.expected,
      );
    });
  }

  it("429 with X-Business-Use-Case-Usage carries retryAfterSeconds for the business", () => {
    const failure = failureOf({
      status: 429,
      businessId: "102290129340398",
      headers: {
        ...JSON_HEADERS,
        "x-business-use-case-usage": JSON.stringify({
          "102290129340398": [
            {
              type: "whatsapp_business_management",
              call_count: 100,
              total_cputime: 12,
              total_time: 15,
              estimated_time_to_regain_access: 3,
            },
          ],
          "999": [{ type: "whatsapp", estimated_time_to_regain_access: 60 }],
        }),
      },
      body: { error: { message: "Application request limit reached", code: 4 } },
    });
    assert.equal(failure.kind, "rate_limited");
    assert.equal(failure.retryAfterSeconds, 180);
  });
});

describe("precedence: code, then subcode, then status, then message", () => {
  const cases: { name: string; call: Call; check: (failure: Failure) => void }[] = [
    {
      name: "code 190 on HTTP 404 → authentication",
      call: { status: 404, body: { error: { message: "Invalid token", code: 190 } } },
      check: (f) => {
        assert.equal(f.kind, "authentication");
      },
    },
    {
      name: "code 100 on HTTP 422 → sharing_rejected",
      call: { status: 422, body: { error: { message: "Cannot share", code: 100 } } },
      check: (f) => {
        assert.equal(f.kind, "sharing_rejected");
        assert.equal(f.reason, "other");
      },
    },
    {
      name: "code 100 + 'Missing permission' → permission_denied",
      call: { status: 400, body: { error: { message: "(#100) Missing permissions", code: 100 } } },
      check: (f) => {
        assert.equal(f.kind, "permission_denied");
      },
    },
    {
      name: "code 100 + subcode 33 on HTTP 400 → not_found",
      call: {
        status: 400,
        body: {
          error: {
            message: "Unsupported post request. Object with ID '123' does not exist",
            type: "GraphMethodException",
            code: 100,
            error_subcode: 33,
          },
        },
      },
      check: (f) => {
        assert.equal(f.kind, "not_found");
        assert.equal(f.metaSubcode, 33);
      },
    },
    {
      name: "unknown code 999999 on HTTP 404 → upstream unknown_code keeping 999999",
      call: { status: 404, body: { error: { message: "Something new", code: 999999 } } },
      check: (f) => {
        assert.equal(f.kind, "upstream");
        assert.equal(f.reason, "unknown_code");
        assert.equal(f.metaCode, 999999);
        assert.equal(f.retryable, false);
        assert.equal(f.message, "Something new");
      },
    },
    {
      name: "unknown code with is_transient: true → retryable (Meta's hint)",
      call: { status: 400, body: { error: { message: "x", code: 123456, is_transient: true } } },
      check: (f) => {
        assert.equal(f.kind === "upstream" && f.reason, "unknown_code");
        assert.equal(f.retryable, true);
        assert.equal(f.isTransient, true);
      },
    },
    {
      name: "is_transient: true on a 401 190 stays non-retryable",
      call: {
        status: 401,
        body: {
          error: { message: "Error validating access token", code: 190, is_transient: true },
        },
      },
      check: (f) => {
        assert.equal(f.kind, "authentication");
        assert.equal(f.retryable, false);
        assert.equal(f.isTransient, true);
      },
    },
    {
      name: "is_transient: false on code 2 stays retryable",
      call: { status: 500, body: { error: { message: "Service", code: 2, is_transient: false } } },
      check: (f) => {
        assert.equal(f.kind === "upstream" && f.reason, "server_error");
        assert.equal(f.retryable, true);
      },
    },
    {
      name: "code 2500 'An active access token must be used…' → authentication",
      call: {
        status: 400,
        body: {
          error: {
            message:
              "An active access token must be used to query information about the current user.",
            type: "OAuthException",
            code: 2500,
          },
        },
      },
      check: (f) => {
        assert.equal(f.kind, "authentication");
      },
    },
    {
      name: "code 2500 'Unknown path components' → upstream unexpected_response",
      call: {
        status: 400,
        body: {
          error: { message: "Unknown path components: /foo", type: "OAuthException", code: 2500 },
        },
      },
      check: (f) => {
        assert.equal(f.kind === "upstream" && f.reason, "unexpected_response");
        assert.equal(f.retryable, false);
      },
    },
    {
      name: "code 80008 (WhatsApp BUC) on HTTP 400 → rate_limited",
      call: {
        status: 400,
        body: { error: { message: "limit", code: 80008, error_subcode: 2446079 } },
      },
      check: (f) => {
        assert.equal(f.kind, "rate_limited");
        assert.equal(f.retryable, true);
      },
    },
    {
      name: "code 2 on HTTP 401 (observed) → upstream server_error",
      call: {
        status: 401,
        body: { error: { message: "Service temporarily unavailable", code: 2 } },
      },
      check: (f) => {
        assert.equal(f.kind === "upstream" && f.reason, "server_error");
      },
    },
    {
      name: "code 100 on HTTP 422 with 'Missing permission' → sharing_rejected (status beats message)",
      call: { status: 422, body: { error: { message: "(#100) Missing permission", code: 100 } } },
      check: (f) => {
        assert.equal(f.kind, "sharing_rejected");
      },
    },
  ];
  for (const { name, call, check } of cases) {
    it(name, () => {
      check(failureOf(call));
    });
  }
});

describe("odd bodies", () => {
  const html502 =
    "<!DOCTYPE html><html><head><title>Facebook | Error</title></head><body>Sorry, something went wrong.</body></html>";

  const cases: {
    name: string;
    call: Call;
    expected: Partial<Failure> & Record<string, unknown>;
  }[] = [
    {
      name: "HTML page on HTTP 502",
      call: { status: 502, body: html502, headers: { "content-type": "text/html; charset=utf-8" } },
      expected: {
        kind: "upstream",
        reason: "unparseable_response",
        retryable: true,
        message: "Meta answered HTTP 502 with a non-JSON body (text/html).",
        httpStatus: 502,
      },
    },
    {
      name: "empty body on HTTP 500",
      call: { status: 500, body: "", headers: {} },
      expected: {
        kind: "upstream",
        reason: "unparseable_response",
        retryable: true,
        message: "Meta answered HTTP 500 with an empty body.",
      },
    },
    {
      name: "empty body on HTTP 200 (lost in transit: retryable)",
      call: { status: 200, body: "" },
      expected: {
        kind: "upstream",
        reason: "unparseable_response",
        retryable: true,
        message: "Meta answered HTTP 200 with an empty body.",
      },
    },
    {
      name: "truncated JSON on HTTP 200 (lost in transit: retryable)",
      call: { status: 200, body: '{"success":tr' },
      expected: { kind: "upstream", reason: "unparseable_response", retryable: true },
    },
    {
      name: "whitespace-only body on HTTP 503",
      call: { status: 503, body: " \r\n" },
      expected: { kind: "upstream", reason: "unparseable_response", retryable: true },
    },
    {
      name: "'Bad Gateway' text on HTTP 502",
      call: { status: 502, body: "Bad Gateway", headers: { "content-type": "text/plain" } },
      expected: {
        kind: "upstream",
        reason: "unparseable_response",
        retryable: true,
        message: "Meta answered HTTP 502 with a non-JSON body (text/plain).",
      },
    },
    {
      name: "non-JSON body without content type",
      call: { status: 502, body: "oops", headers: {} },
      expected: { message: "Meta answered HTTP 502 with a non-JSON body (no content type)." },
    },
    {
      name: "non-JSON body with a garbage content type",
      call: { status: 502, body: "oops", headers: { "content-type": "<script>alert(1)</script>" } },
      expected: {
        message: "Meta answered HTTP 502 with a non-JSON body (unrecognised content type).",
      },
    },
    {
      name: "truncated JSON on HTTP 400",
      call: { status: 400, body: '{"error":{"message":"Invalid OAuth access token","code":19' },
      expected: {
        kind: "upstream",
        reason: "unparseable_response",
        retryable: false,
        message: "Meta answered HTTP 400 with a non-JSON body (application/json).",
      },
    },
    {
      name: "truncated JSON on HTTP 401 → authentication by status",
      call: { status: 401, body: '{"error":{"message":"Invalid OAuth' },
      expected: { kind: "authentication", retryable: false, httpStatus: 401 },
    },
    {
      name: "plain text on HTTP 403 / 404 / 422 / 429 → status rows",
      call: { status: 429, body: "Too Many Requests", headers: { "content-type": "text/plain" } },
      expected: { kind: "rate_limited", retryable: true },
    },
    {
      name: "plain text on HTTP 404",
      call: { status: 404, body: "Not Found", headers: { "content-type": "text/plain" } },
      expected: { kind: "not_found", retryable: false },
    },
    {
      name: "plain text on HTTP 403",
      call: { status: 403, body: "Forbidden", headers: { "content-type": "text/plain" } },
      expected: { kind: "permission_denied", retryable: false },
    },
    {
      name: "plain text on HTTP 422",
      call: { status: 422, body: "Unprocessable", headers: { "content-type": "text/plain" } },
      expected: { kind: "sharing_rejected", reason: "other", retryable: false },
    },
    {
      name: '{"error":"string"} on HTTP 400',
      call: { status: 400, body: { error: "Invalid request" } },
      expected: {
        kind: "upstream",
        reason: "unexpected_response",
        retryable: false,
        message: "Invalid request",
        metaCode: undefined,
      },
    },
    {
      name: '{"error":"string"} on HTTP 401',
      call: { status: 401, body: { error: "Invalid token" } },
      expected: { kind: "authentication", message: "Invalid token" },
    },
    {
      name: "error without code on HTTP 500",
      call: { status: 500, body: { error: { message: "Oops", type: "OAuthException" } } },
      expected: {
        kind: "upstream",
        reason: "server_error",
        retryable: true,
        message: "Oops",
        metaType: "OAuthException",
        metaCode: undefined,
      },
    },
    {
      name: "error without code on HTTP 403",
      call: { status: 403, body: { error: { message: "Denied", type: "OAuthException" } } },
      expected: { kind: "permission_denied", message: "Denied" },
    },
    {
      name: "error without type",
      call: { status: 400, body: { error: { message: "(#100) Bad preverified_id", code: 100 } } },
      expected: {
        kind: "invalid_input",
        field: "preverifiedId",
        metaType: undefined,
        metaCode: 100,
      },
    },
    {
      name: "error without message",
      call: { status: 400, body: { error: { code: 100, type: "OAuthException" } } },
      expected: {
        kind: "invalid_input",
        field: undefined,
        message: "Meta answered HTTP 400 with error code 100 and no message.",
      },
    },
    {
      name: "empty error object on HTTP 500",
      call: { status: 500, body: { error: {} } },
      expected: {
        kind: "upstream",
        reason: "server_error",
        message: "Meta answered HTTP 500 with an error without code or message.",
      },
    },
    {
      name: "code and subcode as numeric strings",
      call: {
        status: 401,
        body: { error: { message: "Expired", code: "190", error_subcode: "463" } },
      },
      expected: { kind: "authentication", metaCode: 190, metaSubcode: 463 },
    },
    {
      name: "code that is not a number (ignored)",
      call: { status: 502, body: { error: { message: "x", code: "abc", error_subcode: -1 } } },
      expected: {
        kind: "upstream",
        reason: "server_error",
        metaCode: undefined,
        metaSubcode: undefined,
      },
    },
    {
      name: "fractional and negative codes (ignored)",
      call: { status: 404, body: { error: { message: "x", code: 190.5 } } },
      expected: { kind: "not_found", metaCode: undefined },
    },
    {
      name: "error object on HTTP 200 (code 2)",
      call: {
        status: 200,
        body: {
          error: { message: "Service temporarily unavailable", code: 2, is_transient: true },
        },
      },
      expected: { kind: "upstream", reason: "server_error", retryable: true, httpStatus: 200 },
    },
    {
      name: "error object on HTTP 200 (code 190)",
      call: { status: 200, body: { error: { message: "Invalid OAuth access token", code: 190 } } },
      expected: { kind: "authentication", httpStatus: 200, metaCode: 190 },
    },
    {
      name: "error without code on HTTP 200",
      call: { status: 200, body: { error: { message: "Something odd" } } },
      expected: { kind: "upstream", reason: "unexpected_response", retryable: false },
    },
    {
      name: "error without code on HTTP 200 saying 'Service Unavailable'",
      call: { status: 200, body: { error: { message: "Service Unavailable" } } },
      expected: { kind: "upstream", reason: "server_error", retryable: true },
    },
    {
      name: "success: true together with an error → failure",
      call: { status: 200, body: { success: true, error: { message: "Nope", code: 10 } } },
      expected: { kind: "permission_denied" },
    },
    {
      name: "success: false on HTTP 200",
      call: { status: 200, body: { success: false } },
      expected: {
        kind: "upstream",
        reason: "unexpected_response",
        retryable: false,
        message: "Meta answered HTTP 200 with `success: false`.",
      },
    },
    {
      name: 'success: "true" (a string) on HTTP 200',
      call: { status: 200, body: { success: "true" } },
      expected: { kind: "upstream", reason: "unexpected_response" },
    },
    {
      name: "another object on HTTP 200",
      call: { status: 200, body: { id: "123" } },
      expected: {
        kind: "upstream",
        reason: "unexpected_response",
        message:
          "Meta answered HTTP 200 with a JSON object that is neither `success: true` nor a Meta error.",
      },
    },
    {
      name: "[] on HTTP 200",
      call: { status: 200, body: "[]" },
      expected: {
        kind: "upstream",
        reason: "unexpected_response",
        message: "Meta answered HTTP 200 with a JSON array.",
      },
    },
    {
      name: "null on HTTP 200",
      call: { status: 200, body: "null" },
      expected: {
        kind: "upstream",
        reason: "unexpected_response",
        message: "Meta answered HTTP 200 with JSON `null`.",
      },
    },
    {
      name: "a JSON number on HTTP 200",
      call: { status: 200, body: "42" },
      expected: {
        kind: "upstream",
        reason: "unexpected_response",
        retryable: false,
        message: "Meta answered HTTP 200 with a JSON number.",
      },
    },
    {
      name: "a JSON string on HTTP 200",
      call: { status: 200, body: '"Service Unavailable"' },
      expected: { kind: "upstream", reason: "unexpected_response" },
    },
    {
      name: '{"error":null} on HTTP 200 (error key ignored)',
      call: { status: 200, body: { error: null } },
      expected: { kind: "upstream", reason: "unexpected_response" },
    },
    {
      name: "success: true on HTTP 500",
      call: { status: 500, body: { success: true } },
      expected: {
        kind: "upstream",
        reason: "unexpected_response",
        retryable: true,
        message: "Meta answered HTTP 500 with a success body on a non-success status.",
      },
    },
    {
      name: "success: true on HTTP 302",
      call: { status: 302, body: { success: true } },
      expected: { kind: "upstream", reason: "unexpected_response", retryable: false },
    },
    {
      name: "JSON array on HTTP 503",
      call: { status: 503, body: "[]" },
      expected: { kind: "upstream", reason: "unexpected_response", retryable: true },
    },
    {
      name: "legacy flat shape with an HTTP-like code on HTTP 400",
      call: {
        status: 400,
        body: {
          error_type: "OAuthException",
          code: 400,
          error_message: "Invalid OAuth 2.0 Access Token",
        },
      },
      expected: {
        kind: "upstream",
        reason: "unexpected_response",
        message: "Invalid OAuth 2.0 Access Token",
        metaType: "OAuthException",
        metaCode: undefined,
      },
    },
    {
      name: "legacy flat shape on HTTP 401",
      call: {
        status: 401,
        body: { error_type: "OAuthException", code: 401, error_message: "Invalid token" },
      },
      expected: { kind: "authentication", message: "Invalid token", metaCode: undefined },
    },
    {
      name: "legacy flat shape: code 190 is in 100–599, so not taken as a Meta code",
      call: { status: 500, body: { error_type: "OAuthException", code: 190, error_message: "x" } },
      expected: { kind: "upstream", reason: "server_error", metaCode: undefined },
    },
    {
      name: "legacy flat shape: a code outside 100–599 is a Meta code",
      call: { status: 400, body: { error_type: "OAuthException", code: 2500, error_message: "x" } },
      expected: { kind: "authentication", metaCode: 2500 },
    },
    {
      name: "On-Prem errors[] with a Graph code",
      call: {
        status: 400,
        body: {
          meta: { api_status: "stable", version: "2.51.2" },
          errors: [
            { code: 131009, title: "Parameter value is not valid", details: "bad preverified_id" },
            { code: 1, title: "ignored" },
          ],
        },
      },
      expected: {
        kind: "invalid_input",
        metaCode: 131009,
        message: "Parameter value is not valid: bad preverified_id",
        field: "preverifiedId",
      },
    },
    {
      name: "On-Prem errors[] with an On-Prem-only code → unknown_code",
      call: {
        status: 404,
        body: {
          meta: { api_status: "stable" },
          errors: [{ code: 1006, title: "Resource not found" }],
        },
      },
      expected: {
        kind: "upstream",
        reason: "unknown_code",
        metaCode: 1006,
        message: "Resource not found",
      },
    },
    {
      name: "On-Prem errors[] whose first entry is not an object",
      call: { status: 500, body: { errors: [42] } },
      expected: { kind: "upstream", reason: "server_error", retryable: true },
    },
    {
      name: "error_data as an object",
      call: {
        status: 400,
        body: {
          error: {
            message: "(#131009) Parameter value is not valid",
            code: 131009,
            error_data: { messaging_product: "whatsapp", details: "partner_business_id is wrong" },
          },
        },
      },
      expected: { kind: "invalid_input", field: undefined },
    },
    {
      name: "error_data as an array",
      call: { status: 400, body: { error: { message: "x", code: 100, error_data: [] } } },
      expected: { kind: "invalid_input" },
    },
    {
      name: "error_data as a JSON string",
      call: {
        status: 400,
        body: { error: { message: "x", code: 100, error_data: '{"blame_field_specs":[["x"]]}' } },
      },
      expected: { kind: "invalid_input" },
    },
    {
      name: "error_data as a broken JSON string",
      call: { status: 400, body: { error: { message: "x", code: 100, error_data: "{oops" } } },
      expected: { kind: "invalid_input" },
    },
    {
      name: "keys named like Object.prototype members",
      call: { status: 400, body: '{"__proto__":{"error":{"code":190}},"constructor":1}' },
      expected: { kind: "upstream", reason: "unexpected_response" },
    },
  ];
  for (const { name, call, expected } of cases) {
    it(name, () => {
      const failure = failureOf(call) as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(expected)) {
        assert.deepEqual(failure[key], value, `${key} of ${JSON.stringify(failure)}`);
      }
    });
  }

  it("a 2 MB HTML body never reaches the message", () => {
    const huge = `<html><body>${"<p>Sorry, something went wrong.</p>".repeat(60_000)}</body></html>`;
    assert.ok(huge.length > 2_000_000);
    for (const status of [200, 502]) {
      const failure = failureOf({ status, body: huge, headers: { "content-type": "text/html" } });
      assert.equal(failure.kind, "upstream");
      assert.equal(failure.reason, "unparseable_response");
      assert.ok(failure.message.length < 200, failure.message);
      assert.ok(!failure.message.includes("<"), failure.message);
    }
  });

  it("a huge Meta message is cut to 1,000 characters", () => {
    const message = "x".repeat(5000);
    const failure = failureOf({ status: 400, body: { error: { message, code: 100 } } });
    assert.equal(failure.message.length, MAX_META_TEXT_CHARS);
    assert.ok(failure.message.endsWith("…"));
  });

  it("the cut never splits a surrogate pair", () => {
    const message = `${"x".repeat(MAX_META_TEXT_CHARS - 2)}😀${"y".repeat(10)}`;
    const failure = failureOf({ status: 400, body: { error: { message, code: 100 } } });
    assert.ok(failure.message.length <= MAX_META_TEXT_CHARS);
    assert.ok(!/[\uD800-\uDBFF]…$/.test(failure.message));
  });

  it("user title and message are cut too", () => {
    const long = "z".repeat(3000);
    const failure = failureOf({
      status: 403,
      body: { error: { message: "m", code: 200, error_user_title: long, error_user_msg: long } },
    });
    assert.equal(failure.userTitle?.length, MAX_META_TEXT_CHARS);
    assert.equal(failure.userMessage?.length, MAX_META_TEXT_CHARS);
  });
});

describe("fbtrace_id", () => {
  it("comes from the body when given", () => {
    const failure = failureOf({
      status: 400,
      headers: { ...JSON_HEADERS, "x-fb-trace-id": "FromHeader" },
      body: { error: { message: "x", code: 100, fbtrace_id: "FromBody" } },
    });
    assert.equal(failure.fbtraceId, "FromBody");
  });

  it("falls back to the x-fb-trace-id header", () => {
    const failure = failureOf({
      status: 400,
      headers: { ...JSON_HEADERS, "x-fb-trace-id": "FromHeader" },
      body: { error: { message: "x", code: 100 } },
    });
    assert.equal(failure.fbtraceId, "FromHeader");
  });

  it("is taken from the header for a non-JSON body too", () => {
    const failure = failureOf({
      status: 502,
      headers: { "content-type": "text/html", "x-fb-trace-id": "HtmlTrace" },
      body: "<html></html>",
    });
    assert.equal(failure.fbtraceId, "HtmlTrace");
  });

  it("is absent when neither says", () => {
    const failure = failureOf({ status: 400, body: { error: { message: "x", code: 100 } } });
    assert.equal("fbtraceId" in failure, false);
  });
});

describe("rate_limited retryAfterSeconds", () => {
  it("from Retry-After on a code-less 429", () => {
    const failure = failureOf({
      status: 429,
      headers: { "content-type": "text/plain", "retry-after": "30" },
      body: "Too Many Requests",
    });
    assert.equal(failure.kind === "rate_limited" && failure.retryAfterSeconds, 30);
  });

  it("absent when no header says", () => {
    const failure = failureOf({ status: 400, body: { error: { message: "x", code: 613 } } });
    assert.equal(failure.kind, "rate_limited");
    assert.equal("retryAfterSeconds" in failure, false);
  });

  it("kept on an upstream failure (a 503 saying when to come back)", () => {
    const failure = failureOf({
      status: 503,
      headers: { "retry-after": "30" },
      body: "Service Unavailable",
    });
    assert.equal(failure.kind === "upstream" && failure.retryAfterSeconds, 30);
  });

  it("ignored for other kinds", () => {
    const failure = failureOf({
      status: 404,
      headers: { "retry-after": "30" },
      body: { error: { message: "gone", code: 803 } },
    });
    assert.equal(failure.kind, "not_found");
    assert.equal("retryAfterSeconds" in failure, false);
  });
});

describe("rate_limited throttledBusinesses", () => {
  const usage = (byBusiness: Record<string, number>) =>
    JSON.stringify(
      Object.fromEntries(
        Object.entries(byBusiness).map(([id, minutes]) => [
          id,
          [{ type: "whatsapp_business_management", estimated_time_to_regain_access: minutes }],
        ]),
      ),
    );
  const throttle = { error: { message: "(#80008) Too many calls", code: 80008 } };

  it("names the path's business when the header does", () => {
    const failure = failureOf({
      status: 429,
      businessId: "1",
      headers: { "x-business-use-case-usage": usage({ "1": 5 }) },
      body: throttle,
    });
    assert.equal(failure.kind, "rate_limited");
    assert.equal(failure.retryAfterSeconds, 300);
    assert.deepEqual(failure.throttledBusinesses, [{ businessId: "1", seconds: 300 }]);
  });

  it("a header naming only another business throttles that one, not the path's", () => {
    const failure = failureOf({
      status: 429,
      businessId: "1",
      headers: { "x-business-use-case-usage": usage({ "2": 60 }) },
      body: throttle,
    });
    assert.equal(failure.kind, "rate_limited");
    assert.equal("retryAfterSeconds" in failure, false, "no wait for the path's business");
    assert.deepEqual(failure.throttledBusinesses, [{ businessId: "2", seconds: 3_600 }]);
  });

  it("a 10-hour regain time is capped at an hour", () => {
    const failure = failureOf({
      status: 429,
      businessId: "1",
      headers: { "x-business-use-case-usage": usage({ "1": 600 }) },
      body: throttle,
    });
    assert.equal(failure.kind, "rate_limited");
    assert.equal(failure.retryAfterSeconds, 3_600);
    assert.deepEqual(failure.throttledBusinesses, [{ businessId: "1", seconds: 3_600 }]);
  });

  it("absent when the answer gives no wait", () => {
    const failure = failureOf({ status: 400, businessId: "1", body: throttle });
    assert.equal("throttledBusinesses" in failure, false);
  });
});

describe("classifyReadResponse: a read's own vocabulary", () => {
  function readFailure(call: Call): ReadFailure {
    const result = classifyReadResponse({
      status: call.status,
      headers: new Headers(call.headers ?? JSON_HEADERS),
      bodyText: typeof call.body === "string" ? call.body : JSON.stringify(call.body),
    });
    if (result.ok) {
      assert.fail(`expected a failure, got ${JSON.stringify(result)}`);
    }
    return result.failure;
  }

  it("a 2xx JSON object without an error is the value", () => {
    const result = classifyReadResponse({
      status: 200,
      headers: new Headers(JSON_HEADERS),
      bodyText: '{"id":"1"}',
    });
    assert.deepEqual(result, { ok: true, value: { id: "1" } });
  });

  it("code 100 on HTTP 422 is an invalid parameter, as code 100 is everywhere else", () => {
    const failure = readFailure({
      status: 422,
      body: { error: { message: "(#100) Business relationship does not allow it", code: 100 } },
    });
    assert.equal(failure.kind, "invalid_input");
    assert.equal(failure.retryable, false);
    assert.equal(failure.metaCode, 100);
    assert.equal(failure.httpStatus, 422);
  });

  it("code 100 subcode 33 on HTTP 422 is not_found, 'Missing permission' permission_denied", () => {
    assert.equal(
      readFailure({ status: 422, body: { error: { message: "x", code: 100, error_subcode: 33 } } })
        .kind,
      "not_found",
    );
    assert.equal(
      readFailure({
        status: 422,
        body: { error: { message: "(#100) Missing permission", code: 100 } },
      }).kind,
      "permission_denied",
    );
  });

  for (const [name, body, reason] of [
    ["an HTML page", "<html><body>Unprocessable</body></html>", "unparseable_response"],
    ["an empty body", "", "unparseable_response"],
    ["an error without a code", { error: { message: "Cannot process" } }, "unexpected_response"],
  ] as const) {
    it(`HTTP 422 without a Meta code (${name}) is an unexpected answer, not retried`, () => {
      const failure = readFailure({
        status: 422,
        body,
        headers: typeof body === "string" ? { "content-type": "text/html" } : JSON_HEADERS,
      });
      assert.equal(failure.kind, "upstream");
      assert.equal(failure.reason, reason);
      assert.equal(failure.retryable, false);
    });
  }

  it("the same answers on the share edge stay sharing_rejected", () => {
    assert.equal(
      failureOf({ status: 422, body: { error: { message: "already shared", code: 100 } } }).kind,
      "sharing_rejected",
    );
    assert.equal(failureOf({ status: 422, body: "" }).kind, "sharing_rejected");
  });

  it("no status and body makes a read fail as sharing_rejected", () => {
    const statuses = [200, 400, 401, 403, 404, 409, 422, 429, 500, 503];
    const bodies: unknown[] = [
      "",
      "<html>",
      { error: { message: "already shared", code: 100 } },
      { error: { message: "not shareable" } },
      { error: { code: 987_654 } },
      { success: false },
    ];
    for (const status of statuses) {
      for (const body of bodies) {
        const result = classifyReadResponse({
          status,
          headers: new Headers(),
          bodyText: typeof body === "string" ? body : JSON.stringify(body),
        });
        const kind: string = result.ok ? "ok" : result.failure.kind;
        assert.notEqual(kind, "sharing_rejected", `${status} ${JSON.stringify(body)}`);
      }
    }
  });

  it("asReadFailure turns a rejection that got here some other way into an unexpected answer", () => {
    const failure = asReadFailure({
      kind: "sharing_rejected",
      reason: "already_shared",
      retryable: false,
      message: "already shared",
      metaCode: 100,
      fbtraceId: TRACE,
    });
    assert.deepEqual(failure, {
      kind: "upstream",
      reason: "unexpected_response",
      retryable: false,
      message: "already shared",
      metaCode: 100,
      fbtraceId: TRACE,
    });
    const notFound: Failure = { kind: "not_found", retryable: false, message: "gone" };
    assert.equal(asReadFailure(notFound), notFound, "other kinds pass through as they are");
  });
});

describe("classifyFailureResponse and parseMetaBody", () => {
  it("classifyFailureResponse classifies like classifyShareResponse", () => {
    const failure = classifyFailureResponse({
      status: 404,
      headers: new Headers(),
      bodyText: JSON.stringify({ error: { message: "Business not found", code: 803 } }),
    });
    assert.equal(failure.kind, "not_found");
  });

  it("parseMetaBody names each shape", () => {
    assert.deepEqual(parseMetaBody(""), { shape: "empty" });
    assert.deepEqual(parseMetaBody("<html>"), { shape: "not_json" });
    assert.deepEqual(parseMetaBody('{"success":true}'), { shape: "success" });
    assert.deepEqual(parseMetaBody('{"error":{"code":"4","is_transient":"true"}}'), {
      shape: "error",
      error: { code: 4, isTransient: true },
    });
    assert.equal(parseMetaBody("[1]").shape, "other_json");
  });
});

describe("never throws", () => {
  /** Deterministic pseudo-random numbers (mulberry32), so a failure can be reproduced. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const next = random(20260405);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const values: readonly unknown[] = [
    null,
    true,
    0,
    -1,
    1.5,
    190,
    "190",
    "",
    "x".repeat(2000),
    [],
    [null],
    {},
    { nested: { deeper: [1, "2"] } },
    Number.MAX_SAFE_INTEGER,
  ];
  const keys = [
    "error",
    "errors",
    "code",
    "error_subcode",
    "message",
    "type",
    "success",
    "is_transient",
    "fbtrace_id",
    "error_user_title",
    "error_user_msg",
    "error_data",
    "error_type",
    "error_message",
    "title",
    "details",
    "__proto__",
  ];
  function randomValue(depth: number): unknown {
    const roll = next();
    if (depth > 3 || roll < 0.5) {
      return pick(values);
    }
    if (roll < 0.6) {
      return [randomValue(depth + 1), randomValue(depth + 1)];
    }
    const object: Record<string, unknown> = {};
    for (let count = Math.floor(next() * 4); count > 0; count -= 1) {
      object[pick(keys)] = randomValue(depth + 1);
    }
    return object;
  }
  const kinds = new Set([
    "invalid_input",
    "authentication",
    "permission_denied",
    "not_found",
    "sharing_rejected",
    "rate_limited",
    "upstream",
  ]);

  it("for 2,000 random bodies, statuses and headers", () => {
    for (let round = 0; round < 2000; round += 1) {
      const json = JSON.stringify(randomValue(0));
      const bodyText = next() < 0.2 ? json.slice(0, Math.floor(next() * json.length)) : json;
      const status = pick([
        0, 100, 200, 204, 302, 400, 401, 403, 404, 422, 429, 500, 502, 599, 999,
      ]);
      const headers = new Headers({
        "x-business-use-case-usage": pick([
          '{"1":[{"estimated_time_to_regain_access":2}]}',
          "[",
          "{}",
        ]),
        "retry-after": pick(["5", "soon", "Sun, 06 Nov 1994 08:49:37 GMT"]),
      });
      const result = classifyShareResponse({ status, headers, bodyText, businessId: "1" });
      // No failure body is ever read as a success: a success needs a 2xx and `success: true`.
      if (result.ok) {
        assert.ok(status >= 200 && status < 300, `${status} ${bodyText}`);
        assert.equal((JSON.parse(bodyText) as { success?: unknown }).success, true, bodyText);
      }
      const read = classifyReadResponse({ status, headers, bodyText, businessId: "1" });
      if (read.ok) {
        assert.ok(status >= 200 && status < 300, `${status} ${bodyText}`);
        assert.equal(read.value["error"], undefined, bodyText);
      } else {
        assert.notEqual(read.failure.kind, "sharing_rejected");
      }
      if (!result.ok) {
        assert.ok(kinds.has(result.failure.kind), bodyText);
        assert.equal(typeof result.failure.message, "string");
        assert.ok(result.failure.message.length > 0, bodyText);
        assert.ok(result.failure.message.length <= MAX_META_TEXT_CHARS, bodyText);
        assert.equal(typeof result.failure.retryable, "boolean");
      }
    }
  });
});
