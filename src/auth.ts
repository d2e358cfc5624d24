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

/** The parts of an HTTP request that identify its caller. */
export interface CallerRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
The caller-authentication step, asynchronous so that a JWT verified against a JWKS can take its
place: the Meta token to call with, or why there is none.
*/
export type Authenticate = (request: CallerRequest) => Promise<CallerAuth>;

/**
Today's authentication: in service mode every caller uses `serviceToken`; otherwise the caller's
own `Authorization: Bearer <Meta token>` is forwarded, and Meta decides what it may do.
*/
export function metaTokenAuthentication(serviceToken: string | undefined): Authenticate {
  if (serviceToken !== undefined) {
    const service: CallerAuth = { kind: "bearer", token: serviceToken };
    return () => Promise.resolve(service);
  }
  return (request) => {
    const header = request.headers["authorization"];
    return Promise.resolve(parseAuthorization(typeof header === "string" ? header : undefined));
  };
}
