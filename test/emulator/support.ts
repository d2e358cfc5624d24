// What the emulator's own test files share.

/** Meta's `fbtrace_id`: 11 or more characters of URL-safe base64. */
export const FBTRACE_PATTERN = /^[A-Za-z0-9_-]{11,}$/;

/** The content type of the emulator's JSON answers, as Meta sends it. */
export const JSON_CONTENT_TYPE = "application/json; charset=UTF-8";

/** An HTTP answer, read whole. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

/** Share parameters in Meta's names. */
export function shareParams(
  preverifiedId: string,
  partnerBusinessId: string,
): Record<string, string> {
  return { preverified_id: preverifiedId, partner_business_id: partnerBusinessId };
}
