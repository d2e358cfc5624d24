/**
A request as the emulator's rules see it (a standalone request or a batch item) and how they read
its parameters: a JSON body, a form body or the query string, and the access token from the
`Authorization` header or `access_token`. No HTTP: the server builds a `ReceivedRequest`.
*/
import type { IncomingHttpHeaders } from "node:http";

export interface ReceivedRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  bodyTooLarge: boolean;
}

export type ParamValue =
  { kind: "absent" } | { kind: "value"; value: string } | { kind: "not_a_string" };

export interface RequestParams {
  token: string | undefined;
  get(name: string): ParamValue;
}

/** Longest piece of a client-supplied path echoed back in a message. */
const MAX_ECHO_CHARS = 200;

export function readParams(request: ReceivedRequest): RequestParams {
  const fromBody = parseBody(request);
  const lookup = (name: string): unknown => {
    const value = fromBody.get(name);
    return value === undefined || value === null ? (request.query.get(name) ?? undefined) : value;
  };
  return {
    token: headerToken(request.headers.authorization) ?? nonEmptyString(lookup("access_token")),
    get(name) {
      const value = lookup(name);
      if (value === undefined || value === null || value === "") {
        return { kind: "absent" };
      }
      if (typeof value === "string") {
        return { kind: "value", value };
      }
      // JSON numbers are fine when they survive the round trip (IDs above 2^53 do not).
      if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) {
        return { kind: "value", value: String(value) };
      }
      return { kind: "not_a_string" };
    },
  };
}

/** Body parameters by name. Unparseable bodies give none (Meta then reports a missing parameter). */
function parseBody(request: ReceivedRequest): Map<string, unknown> {
  const text = request.body;
  if (text.trim() === "") {
    return new Map();
  }
  const mediaType = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  const isJson =
    mediaType === "application/json" ||
    (mediaType !== "application/x-www-form-urlencoded" && text.trimStart().startsWith("{"));
  if (!isJson) {
    return new Map(new URLSearchParams(text));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return new Map();
    }
    return new Map(Object.entries(parsed));
  } catch {
    return new Map();
  }
}

/** `Authorization: Bearer <token>` (Meta also accepts `OAuth <token>`). */
function headerToken(header: string | undefined): string | undefined {
  const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

/** A parameter as sent (body first, then the query string); a JSON body may give any JSON value. */
export function rawParam(request: ReceivedRequest, name: string): unknown {
  const value = parseBody(request).get(name);
  return value === undefined || value === null ? (request.query.get(name) ?? undefined) : value;
}

export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A client-supplied text as a message may echo it: at most 200 characters, then `…`. */
export function truncate(text: string): string {
  return text.length > MAX_ECHO_CHARS ? `${text.slice(0, MAX_ECHO_CHARS)}…` : text;
}
