/** What the caller's `Authorization` header says, without ever keeping a malformed value. */
export type CallerAuth =
  { kind: "none" } | { kind: "malformed" } | { kind: "bearer"; token: string };

/** Visible ASCII only: a token with spaces or control characters cannot be a Graph API token. */
const TOKEN_PATTERN = /^[\x21-\x7e]{1,4096}$/;
const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

export function parseAuthorization(header: string | undefined): CallerAuth {
  if (header === undefined || header.trim() === "") {
    return { kind: "none" };
  }
  const token = BEARER.exec(header)?.[1];
  return token !== undefined && TOKEN_PATTERN.test(token)
    ? { kind: "bearer", token }
    : { kind: "malformed" };
}
