import type { InvalidInputFailure, Result } from "./failure.js";
import type { ShareRequest } from "./share.source.js";
import { META_ID_PATTERN } from "./wire.js";

/** Meta's object IDs are decimal strings of at most ~20 digits; anything past this is not an ID. */
export const MAX_ID_LENGTH = 32;

const FIELDS = ["businessId", "preverifiedId", "partnerBusinessId"] as const;

/**
Checks one share against Meta's own patterns before anything is sent: surrounding white space is
trimmed, then each ID must be 1–32 ASCII digits, and a business cannot share with itself.
The first offending field is reported.
*/
export function validateShareRequest(
  input: Readonly<ShareRequest>,
): Result<ShareRequest, InvalidInputFailure> {
  const request = { ...input };
  for (const field of FIELDS) {
    const checked = validateId(field, input[field]);
    if (!checked.ok) {
      return checked;
    }
    request[field] = checked.value;
  }
  // Compared as numbers: "0123" and "123" name the same business.
  if (BigInt(request.partnerBusinessId) === BigInt(request.businessId)) {
    return invalidInput(
      "partnerBusinessId",
      "partnerBusinessId must differ from businessId: a business cannot share a number with itself.",
    );
  }
  return { ok: true, value: request };
}

/**
One Meta object ID, trimmed: 1–32 ASCII digits (Meta's own pattern). The failure names `field`,
the input field at fault.
*/
export function validateId(field: string, input: string): Result<string, InvalidInputFailure> {
  const value = input.trim();
  const problem =
    value === ""
      ? "must not be empty"
      : value.length > MAX_ID_LENGTH
        ? `must be at most ${MAX_ID_LENGTH} digits`
        : META_ID_PATTERN.test(value)
          ? undefined
          : "must contain only the digits 0-9";
  return problem === undefined ? { ok: true, value } : invalidInput(field, `${field} ${problem}.`);
}

/** The failure for a bad input field, as every use case reports one. */
export function invalidInput(
  field: string,
  message: string,
): { ok: false; failure: InvalidInputFailure } {
  return { ok: false, failure: { kind: "invalid_input", field, message, retryable: false } };
}
