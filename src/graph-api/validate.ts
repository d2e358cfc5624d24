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
export function validateShareRequest(input: Readonly<ShareRequest>): Result<ShareRequest> {
  const request: ShareRequest = {
    businessId: input.businessId.trim(),
    preverifiedId: input.preverifiedId.trim(),
    partnerBusinessId: input.partnerBusinessId.trim(),
  };
  for (const field of FIELDS) {
    const value = request[field];
    const problem =
      value === ""
        ? "must not be empty"
        : value.length > MAX_ID_LENGTH
          ? `must be at most ${MAX_ID_LENGTH} digits`
          : META_ID_PATTERN.test(value)
            ? undefined
            : "must contain only the digits 0-9";
    if (problem !== undefined) {
      return invalid(field, `${field} ${problem}.`);
    }
  }
  // Compared as numbers: "0123" and "123" name the same business.
  if (BigInt(request.partnerBusinessId) === BigInt(request.businessId)) {
    return invalid(
      "partnerBusinessId",
      "partnerBusinessId must differ from businessId: a business cannot share a number with itself.",
    );
  }
  return { ok: true, value: request };
}

function invalid(field: string, message: string): { ok: false; failure: InvalidInputFailure } {
  return { ok: false, failure: { kind: "invalid_input", field, message, retryable: false } };
}
