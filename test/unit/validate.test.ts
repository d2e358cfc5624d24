import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { InvalidInputFailure } from "../../src/graph-api/failure.js";
import type { ShareRequest } from "../../src/graph-api/share.source.js";
import { MAX_ID_LENGTH, validateShareRequest } from "../../src/graph-api/validate.js";

type Field = keyof ShareRequest;

const VALID: ShareRequest = {
  businessId: "1234567890",
  preverifiedId: "5550001112",
  partnerBusinessId: "9876543210",
};

function invalidOf(input: ShareRequest): InvalidInputFailure {
  const result = validateShareRequest(input);
  if (result.ok) {
    return assert.fail(`expected invalid_input, got ${JSON.stringify(result)}`);
  }
  return result.failure;
}

function assertRejected(input: ShareRequest, field: Field): InvalidInputFailure {
  const failure = invalidOf(input);
  assert.equal(failure.kind, "invalid_input");
  assert.equal(failure.field, field);
  assert.equal(failure.retryable, false);
  assert.ok(failure.message.includes(field), `message should name ${field}: ${failure.message}`);
  return failure;
}

describe("validateShareRequest accepts valid IDs", () => {
  it("returns the request unchanged when already clean", () => {
    assert.deepEqual(validateShareRequest(VALID), { ok: true, value: VALID });
  });

  it("does not mutate its input", () => {
    const input = { businessId: " 1 ", preverifiedId: " 2 ", partnerBusinessId: " 3 " };
    validateShareRequest(input);
    assert.deepEqual(input, { businessId: " 1 ", preverifiedId: " 2 ", partnerBusinessId: " 3 " });
  });

  const padded: { name: string; input: ShareRequest }[] = [
    {
      name: "spaces",
      input: { businessId: "  1 ", preverifiedId: " 2", partnerBusinessId: "3   " },
    },
    {
      name: "tabs",
      input: { businessId: "\t1\t", preverifiedId: "\t2", partnerBusinessId: "3\t\t" },
    },
    {
      name: "newlines",
      input: { businessId: "\n1\n", preverifiedId: "\r\n2\r\n", partnerBusinessId: "3\n" },
    },
    {
      name: "mixed white space",
      input: { businessId: " \t\n1 \t\n", preverifiedId: "\n \t2", partnerBusinessId: "3\t \n" },
    },
  ];
  for (const { name, input } of padded) {
    it(`trims ${name}`, () => {
      assert.deepEqual(validateShareRequest(input), {
        ok: true,
        value: { businessId: "1", preverifiedId: "2", partnerBusinessId: "3" },
      });
    });
  }

  it(`accepts IDs of exactly MAX_ID_LENGTH (${MAX_ID_LENGTH}) digits`, () => {
    const input = {
      businessId: "1".repeat(MAX_ID_LENGTH),
      preverifiedId: "2".repeat(MAX_ID_LENGTH),
      partnerBusinessId: "3".repeat(MAX_ID_LENGTH),
    };
    assert.deepEqual(validateShareRequest(input), { ok: true, value: input });
  });

  it("MAX_ID_LENGTH is 32", () => {
    assert.equal(MAX_ID_LENGTH, 32);
  });

  it("accepts single-digit IDs", () => {
    const input = { businessId: "1", preverifiedId: "0", partnerBusinessId: "2" };
    assert.deepEqual(validateShareRequest(input), { ok: true, value: input });
  });
});

describe("validateShareRequest rejects bad IDs", () => {
  const badValues: { name: string; value: string }[] = [
    { name: "empty", value: "" },
    { name: "spaces only", value: "   " },
    { name: "white space only", value: " \t\n\r " },
    { name: "Arabic-Indic digits", value: "١٢٣" },
    { name: "full-width digits", value: "１２３" },
    { name: "Devanagari digits", value: "१२३" },
    { name: "letters", value: "abc" },
    { name: "digits then a letter", value: "123a" },
    { name: "hex", value: "0x1F" },
    { name: "leading plus", value: "+123" },
    { name: "leading minus", value: "-123" },
    { name: "decimal", value: "1.5" },
    { name: "exponent", value: "1e5" },
    { name: "slash", value: "1/2" },
    { name: "dot-dot", value: ".." },
    { name: "path traversal", value: "../123" },
    { name: "inner space", value: "12 34" },
    { name: "null byte inside", value: "12\u000034" },
    { name: "trailing null byte", value: "1234\u0000" },
    { name: "query string", value: "123?x=1" },
    { name: "too long (MAX_ID_LENGTH+1 digits)", value: "9".repeat(MAX_ID_LENGTH + 1) },
  ];
  const fields: Field[] = ["businessId", "preverifiedId", "partnerBusinessId"];

  for (const field of fields) {
    describe(field, () => {
      for (const { name, value } of badValues) {
        it(`rejects ${name} (${JSON.stringify(value)})`, () => {
          assertRejected({ ...VALID, [field]: value }, field);
        });
      }
    });
  }

  it("the too-long message states the limit", () => {
    const failure = assertRejected(
      { ...VALID, businessId: "1".repeat(MAX_ID_LENGTH + 1) },
      "businessId",
    );
    assert.ok(failure.message.includes(String(MAX_ID_LENGTH)), failure.message);
  });

  it("padding does not count towards the length", () => {
    const id = "4".repeat(MAX_ID_LENGTH);
    const result = validateShareRequest({ ...VALID, preverifiedId: `   ${id}\n` });
    assert.deepEqual(result, { ok: true, value: { ...VALID, preverifiedId: id } });
  });
});

describe("validateShareRequest: a business cannot share with itself", () => {
  const same: { name: string; businessId: string; partnerBusinessId: string }[] = [
    { name: "identical", businessId: "1234", partnerBusinessId: "1234" },
    { name: "equal after trimming", businessId: " 1234\t", partnerBusinessId: "\n1234 " },
    { name: "equal but for leading zeros", businessId: "001234", partnerBusinessId: "1234" },
  ];
  for (const { name, businessId, partnerBusinessId } of same) {
    it(`${name} → rejected on partnerBusinessId`, () => {
      const failure = assertRejected(
        { businessId, preverifiedId: "55", partnerBusinessId },
        "partnerBusinessId",
      );
      assert.ok(failure.message.includes("businessId"), failure.message);
    });
  }

  it("the number may equal a business ID (only partner vs business is checked)", () => {
    const input = { businessId: "7", preverifiedId: "7", partnerBusinessId: "8" };
    assert.deepEqual(validateShareRequest(input), { ok: true, value: input });
  });
});

describe("validateShareRequest reports the first offending field", () => {
  const cases: { name: string; input: ShareRequest; field: Field }[] = [
    {
      name: "all three bad → businessId",
      input: { businessId: "x", preverifiedId: "y", partnerBusinessId: "z" },
      field: "businessId",
    },
    {
      name: "business and partner bad → businessId",
      input: { businessId: "", preverifiedId: "1", partnerBusinessId: "z" },
      field: "businessId",
    },
    {
      name: "number and partner bad → preverifiedId",
      input: { businessId: "1", preverifiedId: "1e5", partnerBusinessId: "" },
      field: "preverifiedId",
    },
    {
      name: "only partner bad → partnerBusinessId",
      input: { businessId: "1", preverifiedId: "2", partnerBusinessId: "-3" },
      field: "partnerBusinessId",
    },
    {
      name: "bad number beats sharing with oneself → preverifiedId",
      input: { businessId: "1", preverifiedId: "x", partnerBusinessId: "1" },
      field: "preverifiedId",
    },
    {
      name: "both business and partner empty → businessId, not the self-share rule",
      input: { businessId: "", preverifiedId: "2", partnerBusinessId: "" },
      field: "businessId",
    },
  ];
  for (const { name, input, field } of cases) {
    it(name, () => {
      assertRejected(input, field);
    });
  }
});
