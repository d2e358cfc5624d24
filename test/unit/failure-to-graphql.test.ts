import "reflect-metadata";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isUnionType } from "graphql";
import type {
  Failure,
  FailureKind,
  MetaDetails,
  ReadFailureKind,
  SharingRejectionReason as RejectionReasonKind,
  UpstreamReason,
} from "../../src/graph-api/failure.js";
import {
  AuthenticationError,
  ErrorInterface,
  InvalidInputError,
  MetaErrorInterface,
  NotFoundError,
  PermissionDeniedError,
  PreverifiedNumberRejectedError,
  RateLimitedError,
  SharingRejectedError,
  SharingRejectionReason,
  UpstreamError,
  UpstreamErrorReason,
  VerificationCodeError,
} from "../../src/schema/errors.type.js";
import { buildFederatedSchema } from "../../src/schema/build-schema.js";
import {
  FAILURE_CODES,
  FAILURE_VARIANTS,
  NUMBER_CHANGE_FAILURE_VARIANTS,
  READ_FAILURE_VARIANTS,
  SHARE_FAILURE_VARIANTS,
  VERIFICATION_FAILURE_VARIANTS,
  toErrorVariant,
  toNumberChangeErrorVariant,
  toShareErrorVariant,
  toVerificationErrorVariant,
  toGraphQLError,
  toReadErrorVariant,
} from "../../src/schema/failure-to-graphql.js";

/** Every failure kind, spelled out (not derived from the module under test). */
const KINDS: readonly FailureKind[] = [
  "invalid_input",
  "authentication",
  "permission_denied",
  "not_found",
  "sharing_rejected",
  "number_rejected",
  "verification_code",
  "rate_limited",
  "upstream",
];

/** The expected class per kind; `satisfies` makes the compiler insist on every kind. */
const EXPECTED_CLASS = {
  invalid_input: InvalidInputError,
  authentication: AuthenticationError,
  permission_denied: PermissionDeniedError,
  not_found: NotFoundError,
  sharing_rejected: SharingRejectedError,
  number_rejected: PreverifiedNumberRejectedError,
  verification_code: VerificationCodeError,
  rate_limited: RateLimitedError,
  upstream: UpstreamError,
} as const satisfies Record<FailureKind, new () => MetaErrorInterface>;

const DETAILS = {
  httpStatus: 400,
  fbtraceId: "AXsgnV2Cm3ZMGF3dF_cfYIn",
  metaCode: 100,
  metaSubcode: 2_494_010,
  metaType: "OAuthException",
  isTransient: false,
  userTitle: "Titre",
  userMessage: "Message pour l'utilisateur",
} as const satisfies MetaDetails;

/** One fully populated failure per kind (every optional detail set, so copying is observable). */
function failureOf(kind: FailureKind, index: number): Failure {
  const base = { ...DETAILS, message: `message for ${kind}`, retryable: index % 2 === 0 };
  switch (kind) {
    case "invalid_input":
      return { ...base, kind, field: "preverifiedId" };
    case "sharing_rejected":
      return { ...base, kind, reason: "already_shared" };
    case "number_rejected":
      return { ...base, kind, reason: "in_use" };
    case "rate_limited":
      return { ...base, kind, retryAfterSeconds: 42 };
    case "upstream":
      return { ...base, kind, reason: "server_error", httpStatus: 503 };
    case "authentication":
    case "permission_denied":
    case "not_found":
    case "verification_code":
      return { ...base, kind };
  }
}

describe("FAILURE_VARIANTS", () => {
  it("has exactly one entry per failure kind", () => {
    assert.deepEqual(Object.keys(FAILURE_VARIANTS).sort(), [...KINDS].sort());
  });

  for (const kind of KINDS) {
    it(`maps ${kind} to ${EXPECTED_CLASS[kind].name}`, () => {
      assert.equal(FAILURE_VARIANTS[kind], EXPECTED_CLASS[kind]);
    });
  }

  it("the classes are pairwise distinct", () => {
    assert.equal(new Set(Object.values(FAILURE_VARIANTS)).size, KINDS.length);
    assert.equal(new Set(Object.values(EXPECTED_CLASS)).size, KINDS.length);
  });
});

describe("toErrorVariant", () => {
  KINDS.forEach((kind, index) => {
    describe(kind, () => {
      const failure = failureOf(kind, index);
      const variant = toErrorVariant(failure);

      it(`is an instance of ${EXPECTED_CLASS[kind].name}, MetaErrorInterface and ErrorInterface`, () => {
        assert.ok(variant instanceof EXPECTED_CLASS[kind]);
        assert.equal(Object.getPrototypeOf(variant), EXPECTED_CLASS[kind].prototype);
        assert.ok(variant instanceof MetaErrorInterface);
        assert.ok(variant instanceof ErrorInterface);
      });

      it("is an instance of no other variant class", () => {
        for (const other of KINDS) {
          if (other !== kind) {
            assert.ok(
              !(variant instanceof EXPECTED_CLASS[other]),
              `${kind} is also a ${EXPECTED_CLASS[other].name}`,
            );
          }
        }
      });

      it("copies the common fields", () => {
        assert.equal(variant.message, `message for ${kind}`);
        assert.equal(variant.retryable, index % 2 === 0);
        assert.equal(variant.fbtraceId, DETAILS.fbtraceId);
        assert.equal(variant.metaCode, DETAILS.metaCode);
        assert.equal(variant.metaSubcode, DETAILS.metaSubcode);
        assert.equal(variant.userTitle, DETAILS.userTitle);
        assert.equal(variant.userMessage, DETAILS.userMessage);
      });

      it("does not expose the failure's kind or Meta's internal type", () => {
        assert.ok(!("kind" in variant));
        assert.ok(!("metaType" in variant));
        assert.ok(!("isTransient" in variant));
      });
    });
  });

  it("copies both retryable values", () => {
    for (const retryable of [true, false]) {
      const variant = toErrorVariant({ kind: "not_found", message: "m", retryable });
      assert.equal(variant.retryable, retryable);
    }
  });

  it("leaves absent details undefined", () => {
    const variant = toErrorVariant({
      kind: "authentication",
      message: "no token",
      retryable: false,
    });
    assert.ok(variant instanceof AuthenticationError);
    assert.equal(variant.message, "no token");
    assert.equal(variant.retryable, false);
    assert.equal(variant.fbtraceId, undefined);
    assert.equal(variant.metaCode, undefined);
    assert.equal(variant.metaSubcode, undefined);
    assert.equal(variant.userTitle, undefined);
    assert.equal(variant.userMessage, undefined);
  });
});

describe("toErrorVariant variant-specific fields", () => {
  it("invalid_input copies field", () => {
    for (const field of ["businessId", "preverifiedId", "partnerBusinessId"]) {
      const variant = toErrorVariant({
        kind: "invalid_input",
        field,
        message: "m",
        retryable: false,
      });
      assert.ok(variant instanceof InvalidInputError);
      assert.equal(variant.field, field);
    }
  });

  it("invalid_input without a field leaves it undefined", () => {
    const variant = toErrorVariant({ kind: "invalid_input", message: "m", retryable: false });
    assert.ok(variant instanceof InvalidInputError);
    assert.equal(variant.field, undefined);
  });

  const rejectionReasons = {
    already_shared: SharingRejectionReason.ALREADY_SHARED,
    not_shareable: SharingRejectionReason.NOT_SHAREABLE,
    relationship_not_allowed: SharingRejectionReason.RELATIONSHIP_NOT_ALLOWED,
    other: SharingRejectionReason.OTHER,
  } as const satisfies Record<RejectionReasonKind, SharingRejectionReason>;

  const rejectionKinds: readonly RejectionReasonKind[] = [
    "already_shared",
    "not_shareable",
    "relationship_not_allowed",
    "other",
  ];
  for (const reason of rejectionKinds) {
    const expected = rejectionReasons[reason];
    it(`sharing_rejected reason ${reason} → SharingRejectionReason.${expected}`, () => {
      const variant = toErrorVariant({
        kind: "sharing_rejected",
        reason,
        message: "m",
        retryable: false,
      });
      assert.ok(variant instanceof SharingRejectedError);
      assert.equal(variant.rejectionReason, expected);
    });
  }

  it("every GraphQL SharingRejectionReason value is reachable", () => {
    assert.deepEqual(
      Object.values(rejectionReasons).sort(),
      Object.values(SharingRejectionReason).sort(),
    );
  });

  const retryAfters: (number | undefined)[] = [0, 1, 3600, undefined];
  for (const retryAfterSeconds of retryAfters) {
    it(`rate_limited retryAfterSeconds ${String(retryAfterSeconds)} is copied`, () => {
      const variant = toErrorVariant({
        kind: "rate_limited",
        message: "m",
        retryable: true,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      });
      assert.ok(variant instanceof RateLimitedError);
      assert.equal(variant.retryAfterSeconds, retryAfterSeconds);
    });
  }

  const upstreamReasons = {
    server_error: UpstreamErrorReason.SERVER_ERROR,
    timeout: UpstreamErrorReason.TIMEOUT,
    network: UpstreamErrorReason.NETWORK,
    unparseable_response: UpstreamErrorReason.UNPARSEABLE_RESPONSE,
    unexpected_response: UpstreamErrorReason.UNEXPECTED_RESPONSE,
    unknown_code: UpstreamErrorReason.UNKNOWN_CODE,
    circuit_open: UpstreamErrorReason.CIRCUIT_OPEN,
    call_budget_exceeded: UpstreamErrorReason.CALL_BUDGET_EXCEEDED,
    response_too_large: UpstreamErrorReason.RESPONSE_TOO_LARGE,
    state_unavailable: UpstreamErrorReason.STATE_UNAVAILABLE,
  } as const satisfies Record<UpstreamReason, UpstreamErrorReason>;

  Object.entries(upstreamReasons).forEach(([reason, expected], index) => {
    it(`upstream reason ${reason} → UpstreamErrorReason.${expected}, httpStatus copied`, () => {
      const httpStatus = 500 + index;
      const variant = toErrorVariant({
        kind: "upstream",
        reason: reason as UpstreamReason,
        httpStatus,
        message: "m",
        retryable: true,
      });
      assert.ok(variant instanceof UpstreamError);
      assert.equal(variant.upstreamReason, expected);
      assert.equal(variant.httpStatus, httpStatus);
    });
  });

  it("upstream without an HTTP status (timeout) leaves httpStatus undefined", () => {
    const variant = toErrorVariant({
      kind: "upstream",
      reason: "timeout",
      message: "Meta did not answer in time.",
      retryable: true,
    });
    assert.ok(variant instanceof UpstreamError);
    assert.equal(variant.upstreamReason, UpstreamErrorReason.TIMEOUT);
    assert.equal(variant.httpStatus, undefined);
  });

  it("every GraphQL UpstreamErrorReason value is reachable", () => {
    assert.deepEqual(
      Object.values(upstreamReasons).sort(),
      Object.values(UpstreamErrorReason).sort(),
    );
  });
});

/** Every read failure kind, spelled out: all but `sharing_rejected`. */
const READ_KINDS: readonly ReadFailureKind[] = [
  "invalid_input",
  "authentication",
  "permission_denied",
  "not_found",
  "rate_limited",
  "upstream",
];

describe("READ_FAILURE_VARIANTS (reads: preverifiedNumber, preverifiedNumbers, entity fields)", () => {
  it("has one entry per read failure kind, and none for sharing_rejected", () => {
    assert.deepEqual(Object.keys(READ_FAILURE_VARIANTS).sort(), [...READ_KINDS].sort());
    assert.ok(
      !Object.values(READ_FAILURE_VARIANTS).some((variant) => variant === SharingRejectedError),
    );
  });

  for (const kind of READ_KINDS) {
    it(`maps ${kind} to ${EXPECTED_CLASS[kind].name}, as shares do`, () => {
      assert.equal(READ_FAILURE_VARIANTS[kind], EXPECTED_CLASS[kind]);
    });
  }

  it("is exactly the error members of both read unions", async () => {
    const schema = await buildFederatedSchema();
    const expected = Object.values(READ_FAILURE_VARIANTS)
      .map((variant) => variant.name)
      .sort();
    for (const [union, success] of [
      ["PreverifiedNumberResult", "PreverifiedNumber"],
      ["PreverifiedNumbersResult", "PreverifiedNumberConnection"],
    ] as const) {
      const type = schema.getType(union);
      assert.ok(isUnionType(type), union);
      const errors = type
        .getTypes()
        .map((member) => member.name)
        .filter((name) => name !== success)
        .sort();
      assert.deepEqual(errors, expected, union);
    }
  });

  READ_KINDS.forEach((kind, index) => {
    it(`toReadErrorVariant(${kind}) gives the same variant and fields as toErrorVariant`, () => {
      const failure = failureOf(kind, index);
      assert.ok(failure.kind !== "sharing_rejected");
      assert.ok(failure.kind !== "number_rejected" && failure.kind !== "verification_code");
      const read = toReadErrorVariant(failure);
      assert.equal(Object.getPrototypeOf(read), EXPECTED_CLASS[kind].prototype);
      assert.deepEqual(Object.entries(read), Object.entries(toErrorVariant(failure)));
    });
  });
});

describe("FAILURE_CODES (a read failure raised as a GraphQL error)", () => {
  const expected = {
    invalid_input: "BAD_USER_INPUT",
    authentication: "UNAUTHENTICATED",
    permission_denied: "FORBIDDEN",
    not_found: "NOT_FOUND",
    rate_limited: "RATE_LIMITED",
    upstream: "UPSTREAM_ERROR",
  } as const satisfies Record<ReadFailureKind, string>;

  it("has a code for every read failure kind, and only those", () => {
    assert.deepEqual(FAILURE_CODES, expected);
  });

  READ_KINDS.forEach((kind, index) => {
    it(`toGraphQLError(${kind}) carries ${expected[kind]} and Meta's details`, () => {
      const failure = failureOf(kind, index);
      assert.ok(failure.kind !== "sharing_rejected");
      assert.ok(failure.kind !== "number_rejected" && failure.kind !== "verification_code");
      const error = toGraphQLError(failure);
      assert.equal(error.message, `message for ${kind}`);
      assert.deepEqual(error.extensions, {
        code: expected[kind],
        retryable: index % 2 === 0,
        fbtraceId: DETAILS.fbtraceId,
        metaCode: DETAILS.metaCode,
        metaSubcode: DETAILS.metaSubcode,
        // What the union members say besides: the upstream reason (as the enum's name) and the wait.
        ...(kind === "upstream" ? { upstreamReason: "SERVER_ERROR" } : {}),
        ...(kind === "rate_limited" ? { retryAfterSeconds: 42 } : {}),
        // Apollo Server turns this into the response's status and leaves it out of the body.
        ...(kind === "authentication" ? { http: { status: 401 } } : {}),
      });
    });
  });
});

describe("the per-operation mappings (share, add and delete, request and verify)", () => {
  it("are exactly the error members of each operation's union", async () => {
    const schema = await buildFederatedSchema();
    for (const [union, success, variants] of [
      ["SharePreverifiedNumberResult", "SharePreverifiedNumberSuccess", SHARE_FAILURE_VARIANTS],
      ["AddPreverifiedNumberResult", "AddPreverifiedNumberSuccess", NUMBER_CHANGE_FAILURE_VARIANTS],
      [
        "DeletePreverifiedNumberResult",
        "DeletePreverifiedNumberSuccess",
        NUMBER_CHANGE_FAILURE_VARIANTS,
      ],
      [
        "RequestVerificationCodeResult",
        "RequestVerificationCodeSuccess",
        VERIFICATION_FAILURE_VARIANTS,
      ],
      [
        "VerifyPreverifiedNumberResult",
        "VerifyPreverifiedNumberSuccess",
        VERIFICATION_FAILURE_VARIANTS,
      ],
    ] as const) {
      const type = schema.getType(union);
      assert.ok(isUnionType(type), union);
      const errors = type
        .getTypes()
        .map((member) => member.name)
        .filter((name) => name !== success)
        .sort();
      const expected = Object.values(variants)
        .map((variant) => variant.name)
        .sort();
      assert.deepEqual(errors, expected, union);
    }
  });

  it("map each kind to the class FAILURE_VARIANTS gives it, with the same fields", () => {
    KINDS.forEach((kind, index) => {
      const failure = failureOf(kind, index);
      const expected = Object.entries(toErrorVariant(failure));
      if (failure.kind === "number_rejected" || failure.kind === "verification_code") {
        // Never on a share: the share union has no member for it.
        assert.ok(toShareErrorVariant(failure) instanceof UpstreamError);
      } else {
        assert.deepEqual(Object.entries(toShareErrorVariant(failure)), expected);
      }
      if (failure.kind !== "sharing_rejected" && failure.kind !== "verification_code") {
        const variant = toNumberChangeErrorVariant(failure);
        assert.ok(variant instanceof EXPECTED_CLASS[kind]);
        assert.deepEqual(Object.entries(variant), expected);
      }
      if (failure.kind !== "sharing_rejected" && failure.kind !== "number_rejected") {
        const variant = toVerificationErrorVariant(failure);
        assert.ok(variant instanceof EXPECTED_CLASS[kind]);
        assert.deepEqual(Object.entries(variant), expected);
      }
    });
  });

  it("gives PreverifiedNumberRejectedError its reason", () => {
    const variant = toNumberChangeErrorVariant({
      kind: "number_rejected",
      reason: "limit_reached",
      retryable: false,
      message: "Maximum number of phone numbers per business account exceeded",
    });
    assert.ok(variant instanceof PreverifiedNumberRejectedError);
    assert.equal(variant.rejectionReason, "limit_reached");
  });
});
