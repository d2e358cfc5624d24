import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyShareResponse } from "../../src/graph-api/classify.js";
import type {
  Failure,
  FailureKind,
  SharingRejectionReason,
  UpstreamReason,
} from "../../src/graph-api/failure.js";
import {
  classifyNumberChangeResponse,
  classifyVerificationResponse,
  successTrue,
} from "../../src/graph-api/classify.js";
import {
  INVALID_INPUT_FIELD_PATTERNS,
  LIFECYCLE_ERROR_RULES,
  NUMBER_REJECTION_PATTERNS,
  REQUEST_CODE_VOLUME_PATTERN,
  META_ERROR_RULES,
  type MetaErrorRule,
  type NumberMatch,
  SHARING_REJECTION_PATTERNS,
  describeRule,
  selectRule,
} from "../../src/graph-api/meta-error-table.js";

type Expected =
  | { kind: "upstream"; reason: UpstreamReason; retryable: boolean }
  | { kind: Exclude<FailureKind, "upstream">; retryable: boolean };

const INVALID: Expected = { kind: "invalid_input", retryable: false };
const AUTH: Expected = { kind: "authentication", retryable: false };
const DENIED: Expected = { kind: "permission_denied", retryable: false };
const NOT_FOUND: Expected = { kind: "not_found", retryable: false };
const REJECTED: Expected = { kind: "sharing_rejected", retryable: false };
const RATE: Expected = { kind: "rate_limited", retryable: true };
const SERVER: Expected = { kind: "upstream", reason: "server_error", retryable: true };
const UNEXPECTED: Expected = { kind: "upstream", reason: "unexpected_response", retryable: false };

/**
What each row must produce, written independently of the table (from the brief and Meta's docs),
so that a row whose outcome is edited by mistake fails here. Keyed by `describeRule`.
*/
const EXPECTED: Record<string, Expected> = {
  "code=100": INVALID,
  "code=131008": INVALID,
  "code=131009": INVALID,
  "code=135000": INVALID,

  "code=190": AUTH,
  "code=190 subcode=458": AUTH,
  "code=190 subcode=459": AUTH,
  "code=190 subcode=460": AUTH,
  "code=190 subcode=463": AUTH,
  "code=190 subcode=464": AUTH,
  "code=190 subcode=467": AUTH,
  "code=190 subcode=492": AUTH,
  "code=190 subcode=493": AUTH,
  "code=102": AUTH,
  "code=104": AUTH,
  "code=0": AUTH,
  "code=2500": AUTH,
  "code=2500 message=/unknown path components/i": UNEXPECTED,

  "code=3": DENIED,
  "code=10": DENIED,
  "code=200-299": DENIED,
  "code=200000-299999": DENIED,
  "code=368": DENIED,
  "code=131005": DENIED,
  "code=131031": DENIED,
  "code=100 message=/missing permission/i": DENIED,

  "code=803": NOT_FOUND,
  "code=33": NOT_FOUND,
  "code=100 subcode=33": NOT_FOUND,

  "code=100 status=422": REJECTED,

  "code=4": RATE,
  "code=17": RATE,
  "code=32": RATE,
  "code=341": RATE,
  "code=613": RATE,
  "code=80000-80014": RATE,
  "code=130429": RATE,
  "code=131048": RATE,
  "code=131056": RATE,
  "code=133016": RATE,

  "code=1": SERVER,
  "code=2": SERVER,
  "code=131000": SERVER,
  "code=131016": SERVER,
  "code=131057": SERVER,
  "code=133004": SERVER,

  "status=401": AUTH,
  "status=403": DENIED,
  "status=404": NOT_FOUND,
  "status=422": REJECTED,
  "status=429": RATE,
  "status=400-499": UNEXPECTED,
  "status=500-599": SERVER,
  "message=/service (?:temporarily )?unavailable/i": SERVER,
  "(any other)": UNEXPECTED,
};

/** A message matching each row's `message` pattern, keyed by the pattern's source text. */
const SAMPLE_MESSAGES: Record<string, string> = {
  "/unknown path components/i": "Unknown path components: /v25.0/123/share_preverified_number",
  "/missing permission/i": "(#100) Missing Permission",
  "/service (?:temporarily )?unavailable/i": "Service temporarily unavailable",
};

/** Matches no row's pattern. */
const NEUTRAL_MESSAGE = "Synthetic error for a table test";

function points(match: NumberMatch | undefined, fallback: readonly number[]): readonly number[] {
  if (match === undefined) {
    return fallback;
  }
  if (typeof match === "number") {
    return [match];
  }
  return [match[0], Math.floor((match[0] + match[1]) / 2), match[1]];
}

interface Sample {
  code: number | undefined;
  subcode: number | undefined;
  status: number;
  message: string;
}

/** Inputs satisfying every condition of `rule`: both ends and the middle of each range. */
function samplesFor(rule: MetaErrorRule): Sample[] {
  const message =
    rule.message === undefined ? NEUTRAL_MESSAGE : SAMPLE_MESSAGES[String(rule.message)];
  assert.ok(message !== undefined, `add a SAMPLE_MESSAGES entry for ${String(rule.message)}`);
  // A status-free row must win whatever the status: code rows at several statuses; code-free
  // rows only where no status row applies.
  const statuses = points(rule.status, rule.code === undefined ? [200, 302] : [200, 400, 500]);
  const codes: readonly (number | undefined)[] =
    rule.code === undefined ? [undefined] : points(rule.code, []);
  return codes.flatMap((code) =>
    statuses.map((status) => ({ code, subcode: rule.subcode, status, message })),
  );
}

function classifySample(sample: Sample): Failure {
  const error: Record<string, unknown> = {
    message: sample.message,
    type: "OAuthException",
    fbtrace_id: "TableTrace",
  };
  if (sample.code !== undefined) {
    error.code = sample.code;
  }
  if (sample.subcode !== undefined) {
    error.error_subcode = sample.subcode;
  }
  const result = classifyShareResponse({
    status: sample.status,
    headers: new Headers({ "content-type": "application/json" }),
    bodyText: JSON.stringify({ error }),
  });
  assert.equal(result.ok, false);
  return result.failure;
}

describe("META_ERROR_RULES, row by row", () => {
  for (const rule of META_ERROR_RULES) {
    const label = describeRule(rule);
    it(`${label} → ${rule.kind}${rule.reason === undefined ? "" : `/${rule.reason}`} (${rule.note})`, () => {
      const expected = EXPECTED[label];
      assert.ok(expected !== undefined, `no expectation for row "${label}" in this test`);
      for (const sample of samplesFor(rule)) {
        assert.equal(selectRule(sample), rule, `${JSON.stringify(sample)} must select its row`);
        const failure = classifySample(sample);
        const context = JSON.stringify(sample);
        assert.equal(failure.kind, expected.kind, context);
        assert.equal(failure.retryable, expected.retryable, context);
        if (expected.kind === "upstream") {
          assert.equal(failure.kind === "upstream" && failure.reason, expected.reason, context);
        }
        if (failure.kind === "sharing_rejected") {
          assert.equal(failure.reason, "other", context);
        }
        assert.equal(failure.metaCode, sample.code, context);
        assert.equal(failure.metaSubcode, sample.subcode, context);
        assert.equal(failure.httpStatus, sample.status, context);
        assert.equal(failure.fbtraceId, "TableTrace", context);
        assert.equal(failure.message, sample.message, context);
      }
    });
  }
});

describe("META_ERROR_RULES, as a whole", () => {
  it("has exactly the rows this test expects (no untested row, no stale expectation)", () => {
    const labels = META_ERROR_RULES.map(describeRule);
    assert.deepEqual([...labels].sort(), Object.keys(EXPECTED).sort());
  });

  it("has no two rows with the same conditions (the later one could never win)", () => {
    const labels = META_ERROR_RULES.map(describeRule);
    assert.equal(new Set(labels).size, labels.length);
  });

  it("gives a reason to upstream rows and only to them", () => {
    for (const rule of META_ERROR_RULES) {
      assert.equal(rule.kind === "upstream", rule.reason !== undefined, describeRule(rule));
    }
  });

  it("uses stateless patterns and well-formed ranges", () => {
    for (const rule of META_ERROR_RULES) {
      assert.equal(rule.message?.global ?? false, false, describeRule(rule));
      assert.equal(rule.message?.sticky ?? false, false, describeRule(rule));
      for (const match of [rule.code, rule.status]) {
        if (Array.isArray(match)) {
          assert.ok(match[0] < match[1], describeRule(rule));
        }
      }
    }
  });

  it("marks rate limits and server errors retryable, and nothing else", () => {
    for (const rule of META_ERROR_RULES) {
      const retryable =
        rule.kind === "rate_limited" ||
        (rule.kind === "upstream" && rule.reason === "server_error");
      assert.equal(rule.retryable, retryable, describeRule(rule));
    }
  });
});

describe("selectRule", () => {
  const rule = (partial: Partial<MetaErrorRule>, note: string): MetaErrorRule =>
    ({ kind: "not_found", retryable: false, ...partial, note }) as MetaErrorRule;

  it("returns undefined for a code no row names (unknown code)", () => {
    assert.equal(selectRule({ code: 999999, status: 404, message: "x" }), undefined);
  });

  it("ignores rows without a code when the response has a code", () => {
    const rules = [rule({ status: 404 }, "status")];
    assert.equal(selectRule({ code: 5, status: 404 }, rules), undefined);
  });

  it("ignores rows with a code when the response has none", () => {
    const rules = [rule({ code: 100 }, "code"), rule({}, "any")];
    assert.equal(selectRule({ status: 400 }, rules)?.note, "any");
  });

  it("requires every given condition", () => {
    const rules = [rule({ code: 100, subcode: 33, status: 404, message: /gone/ }, "all")];
    assert.equal(
      selectRule({ code: 100, subcode: 33, status: 404, message: "gone" }, rules)?.note,
      "all",
    );
    assert.equal(
      selectRule({ code: 100, subcode: 33, status: 404, message: "here" }, rules),
      undefined,
    );
    assert.equal(
      selectRule({ code: 100, subcode: 33, status: 400, message: "gone" }, rules),
      undefined,
    );
    assert.equal(
      selectRule({ code: 100, subcode: 34, status: 404, message: "gone" }, rules),
      undefined,
    );
    assert.equal(selectRule({ code: 100, status: 404, message: "gone" }, rules), undefined);
  });

  it("prefers an exact code to a range", () => {
    const rules = [rule({ code: [1, 10] }, "range"), rule({ code: 5 }, "exact")];
    assert.equal(selectRule({ code: 5 }, rules)?.note, "exact");
    assert.equal(selectRule({ code: 6 }, rules)?.note, "range");
  });

  it("ranks subcode above status, status above message", () => {
    const rules = [
      rule({ code: 100, message: /x/ }, "message"),
      rule({ code: 100, status: 422 }, "status"),
      rule({ code: 100, subcode: 33 }, "subcode"),
    ];
    assert.equal(
      selectRule({ code: 100, subcode: 33, status: 422, message: "x" }, rules)?.note,
      "subcode",
    );
    assert.equal(selectRule({ code: 100, status: 422, message: "x" }, rules)?.note, "status");
    assert.equal(selectRule({ code: 100, status: 400, message: "x" }, rules)?.note, "message");
  });

  it("prefers an exact status to a range", () => {
    const rules = [rule({ status: [400, 499] }, "range"), rule({ status: 404 }, "exact")];
    assert.equal(selectRule({ status: 404 }, rules)?.note, "exact");
  });

  it("breaks ties in favour of the earlier row", () => {
    const rules = [rule({ code: 7 }, "first"), rule({ code: 7 }, "second")];
    assert.equal(selectRule({ code: 7 }, rules)?.note, "first");
  });

  it("treats code 0 as a code, not as missing", () => {
    assert.equal(selectRule({ code: 0, status: 500 })?.kind, "authentication");
  });
});

describe("SHARING_REJECTION_PATTERNS", () => {
  const cases: [string, SharingRejectionReason][] = [
    ["Pre-verified phone number is already shared with the target business", "already_shared"],
    ["Pre-verified phone number is not in a shareable state", "not_shareable"],
    ["This number is not shareable", "not_shareable"],
    ["The phone number is not verified", "not_shareable"],
    ["Business relationship does not allow phone number sharing", "relationship_not_allowed"],
  ];
  for (const [message, reason] of cases) {
    it(`"${message}" → ${reason}`, () => {
      assert.equal(SHARING_REJECTION_PATTERNS.find((p) => p.message.test(message))?.reason, reason);
    });
  }
  it("every pattern is exercised above", () => {
    for (const pattern of SHARING_REJECTION_PATTERNS) {
      assert.ok(
        cases.some(([message]) => pattern.message.test(message)),
        String(pattern.message),
      );
    }
  });
});

describe("INVALID_INPUT_FIELD_PATTERNS", () => {
  const cases: [string, string][] = [
    ["Invalid preverified_id: must be a valid numeric string", "preverifiedId"],
    ["Invalid partner_business_id: business not found or not accessible", "partnerBusinessId"],
    ["(#100) Invalid parameter: phone_number", "phoneNumber"],
    ["(#100) Invalid parameter: code_method must be one of SMS, VOICE", "method"],
    ["(#100) Invalid parameter: language must look like en_US", "language"],
  ];
  for (const [message, field] of cases) {
    it(`"${message}" → ${field}`, () => {
      assert.equal(INVALID_INPUT_FIELD_PATTERNS.find((p) => p.message.test(message))?.field, field);
    });
  }
  it("every pattern is exercised above", () => {
    for (const pattern of INVALID_INPUT_FIELD_PATTERNS) {
      assert.ok(
        cases.some(([message]) => pattern.message.test(message)),
        String(pattern.message),
      );
    }
  });
});

/** A Meta error answer, as the lifecycle classifiers receive it. */
function metaAnswer(status: number, error: Record<string, unknown>) {
  return {
    status,
    headers: new Headers({ "content-type": "application/json" }),
    bodyText: JSON.stringify({ error: { type: "OAuthException", fbtrace_id: "T", ...error } }),
  };
}

describe("LIFECYCLE_ERROR_RULES, row by row", () => {
  const expected: Record<string, string> = {
    "code=136024": "verification_code",
    "code=136025": "verification_code",
    "code=100 status=422": "number_rejected",
    "status=422": "number_rejected",
  };
  it("has exactly the rows this test expects", () => {
    assert.deepEqual(LIFECYCLE_ERROR_RULES.map(describeRule).sort(), Object.keys(expected).sort());
  });
  for (const rule of LIFECYCLE_ERROR_RULES) {
    const label = describeRule(rule);
    it(`${label} → ${rule.kind} (${rule.note})`, () => {
      assert.equal(rule.kind, expected[label]);
      assert.equal(rule.retryable, false);
      const status = typeof rule.status === "number" ? rule.status : 400;
      const error = {
        message: "Synthetic lifecycle error",
        ...(rule.code === undefined ? {} : { code: rule.code }),
      };
      const classified =
        rule.kind === "number_rejected"
          ? classifyNumberChangeResponse(metaAnswer(status, error), successTrue)
          : classifyVerificationResponse(metaAnswer(status, error), successTrue);
      assert.ok(!classified.ok);
      assert.equal(classified.failure.kind, rule.kind);
      assert.equal(classified.failure.metaCode, rule.code);
      assert.equal(classified.failure.fbtraceId, "T");
    });
  }

  it("answers 136024 that speaks of volume or of later as rate_limited, else verification_code", () => {
    const volume = classifyVerificationResponse(
      metaAnswer(400, {
        code: 136024,
        message: "Request code error",
        error_user_title: "Too many codes requested",
        error_user_msg: "You requested too many codes for this number. Try again later.",
        is_transient: false,
      }),
      successTrue,
    );
    assert.equal(!volume.ok && volume.failure.kind, "rate_limited");
    assert.equal(!volume.ok && volume.failure.userTitle, "Too many codes requested");
    const verified = classifyVerificationResponse(
      metaAnswer(400, {
        code: 136024,
        message: "Request code error",
        error_user_title: "Number already verified",
        error_user_msg: "This phone number is already verified.",
      }),
      successTrue,
    );
    assert.equal(!verified.ok && verified.failure.kind, "verification_code");
    assert.equal(
      !verified.ok && verified.failure.userMessage,
      "This phone number is already verified.",
    );
    assert.ok(REQUEST_CODE_VOLUME_PATTERN.test("Try again later"));
  });

  it("leaves permissions, throttles and server errors to the read table", () => {
    for (const [status, code, kind] of [
      [403, 200, "permission_denied"],
      [404, 803, "not_found"],
      [400, 4, "rate_limited"],
      [500, 2, "upstream"],
      [400, 100, "invalid_input"],
    ] as const) {
      const change = classifyNumberChangeResponse(
        metaAnswer(status, { code, message: "x" }),
        successTrue,
      );
      assert.equal(!change.ok && change.failure.kind, kind, `${status}/${code}`);
      const verify = classifyVerificationResponse(
        metaAnswer(status, { code, message: "x" }),
        successTrue,
      );
      assert.equal(!verify.ok && verify.failure.kind, kind, `${status}/${code}`);
    }
  });

  it("a share never answers a lifecycle refusal: 136025 on the share edge is an unknown code", () => {
    const share = classifyShareResponse(
      metaAnswer(400, { code: 136025, message: "Verify code error" }),
    );
    assert.equal(!share.ok && share.failure.kind, "upstream");
  });
});

describe("NUMBER_REJECTION_PATTERNS", () => {
  const cases: [string, string][] = [
    ["This phone number has already been added to this business", "already_added"],
    ["Maximum number of phone numbers per business account exceeded", "limit_reached"],
    ["Cannot delete phone number that is currently in use", "in_use"],
  ];
  for (const [message, reason] of cases) {
    it(`"${message}" → ${reason}`, () => {
      assert.equal(NUMBER_REJECTION_PATTERNS.find((p) => p.message.test(message))?.reason, reason);
      const classified = classifyNumberChangeResponse(
        metaAnswer(422, { code: 100, message }),
        successTrue,
      );
      assert.equal(
        !classified.ok &&
          classified.failure.kind === "number_rejected" &&
          classified.failure.reason,
        reason,
      );
    });
  }
  it("every pattern is exercised above", () => {
    for (const pattern of NUMBER_REJECTION_PATTERNS) {
      assert.ok(
        cases.some(([message]) => pattern.message.test(message)),
        String(pattern.message),
      );
    }
  });
});
