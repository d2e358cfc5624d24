/**
The emulator's one reply encoder. An edge (or a fault, or a scenario) answers a `Reply`; `encode`
gives it its shape once (status, body text, its own headers, a fresh trace ID) and two thin
writers put that shape where it goes: `writeReply` on the HTTP wire (with Meta's common headers,
`x-fb-trace-id` among them) and `batchItem` as a batch item's `{code, headers, body}`.
*/
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";

import type { GraphApiErrorBody, ShareSuccessBody } from "../graph-api/wire.js";
import { BATCH_ITEM_CONTENT_TYPE, type BatchItemHeader, type BatchItemResponse } from "./batch.js";
import type { MetaErrorReply } from "./errors.js";

/** What an edge, a scenario or a fault answers, before it is encoded. */
export type Reply =
  /** The share edge's `{"success":true}`. */
  | { kind: "success" }
  /** HTTP 200 with this JSON body (a read's answer, a batch's, `big-body`). */
  | { kind: "json"; body: unknown }
  | { kind: "error"; error: MetaErrorReply }
  /** Facebook's HTML error page. */
  | { kind: "html"; status: number; html: string }
  /** No body at all. */
  | { kind: "empty"; status: number }
  /** Never answers: the socket stays open until the client aborts or the emulator closes. */
  | { kind: "hang" }
  /** A TCP RST instead of any response. */
  | { kind: "reset" }
  /** Status 200, headers and `STALL_BODY_CHUNK`, then silence. */
  | { kind: "stall-body" }
  /** The reply's JSON body cut off before its end (the `truncated` fault). */
  | { kind: "truncated"; reply: Reply };

/** The first chunk `stall-body` sends before going silent. */
export const STALL_BODY_CHUNK = '{"succ';

export const JSON_CONTENT_TYPE = "application/json; charset=UTF-8";
const HTML_CONTENT_TYPE = "text/html; charset=utf-8";

/** A reply's shape, the same for the wire and a batch item. */
export type EncodedReply =
  | {
      kind: "complete";
      status: number;
      format: "json" | "html" | "empty";
      body: string;
      /** The reply's own headers (usage headers, `WWW-Authenticate`, `Retry-After`). */
      headers: Readonly<Record<string, string>>;
      /** `x-fb-trace-id` on the wire; an error body's `fbtrace_id`. */
      traceId: string;
    }
  | { kind: "stall-body"; traceId: string }
  | { kind: "hang" }
  | { kind: "reset" };

/** Gives a reply its shape; `cut` cuts a JSON body before its end (`truncated`). */
export function encode(reply: Reply, cut = false): EncodedReply {
  const traceId = randomTraceId();
  const json = (
    status: number,
    body: unknown,
    headers: Readonly<Record<string, string>> = {},
  ): EncodedReply => {
    const text = JSON.stringify(body);
    return {
      kind: "complete",
      status,
      format: "json",
      body: cut ? truncateJson(text) : text,
      headers,
      traceId,
    };
  };
  switch (reply.kind) {
    case "success": {
      const body: ShareSuccessBody = { success: true };
      return json(200, body);
    }
    case "json":
      return json(200, reply.body);
    case "error": {
      const { error } = reply;
      const body: GraphApiErrorBody = { error: { ...error.error, fbtrace_id: traceId } };
      return json(error.status, body, {
        ...error.headers,
        "www-authenticate": `OAuth "Facebook Platform" "${error.challenge}" "${quotedStringContent(error.error.message)}"`,
      });
    }
    case "truncated":
      return encode(reply.reply, true);
    case "html":
      return {
        kind: "complete",
        status: reply.status,
        format: "html",
        body: reply.html,
        headers: {},
        traceId,
      };
    case "empty":
      return {
        kind: "complete",
        status: reply.status,
        format: "empty",
        body: "",
        headers: {},
        traceId,
      };
    case "stall-body":
      return { kind: "stall-body", traceId };
    case "hang":
    case "reset":
      return { kind: reply.kind };
  }
}

/** Puts a reply on the HTTP wire, with Meta's common headers for `version`. */
export function writeReply(res: ServerResponse, reply: Reply, version: string): void {
  const encoded = encode(reply);
  switch (encoded.kind) {
    case "complete": {
      const payload = Buffer.from(encoded.body, "utf8");
      res.writeHead(encoded.status, {
        ...commonHeaders(version, encoded.traceId),
        ...encoded.headers,
        ...contentType(encoded.format, JSON_CONTENT_TYPE),
        "content-length": payload.length,
      });
      res.end(payload);
      return;
    }
    case "stall-body":
      // Headers and a first chunk (chunked encoding), then silence until close() or the client.
      res.writeHead(200, {
        ...commonHeaders(version, encoded.traceId),
        "content-type": JSON_CONTENT_TYPE,
      });
      res.write(STALL_BODY_CHUNK);
      return;
    case "hang":
      // Never answer. The socket stays open until the client aborts or close() destroys it.
      return;
    case "reset":
      if (res.socket === null) {
        res.destroy();
      } else {
        res.socket.resetAndDestroy();
      }
      return;
  }
}

/**
A reply as a batch item: what `writeReply` would send, as `{code, headers, body}` (`headers` left
out unless `withHeaders`). Answers that never complete (a hang, a stalled body, a reset) are
`null`, like the items of a batch Meta only partially completed.
*/
export function batchItem(
  reply: Reply,
  version: string,
  withHeaders: boolean,
): BatchItemResponse | null {
  const encoded = encode(reply);
  if (encoded.kind !== "complete") {
    return null;
  }
  const { status: code, body, format } = encoded;
  const headers = { ...contentType(format, BATCH_ITEM_CONTENT_TYPE), ...encoded.headers };
  return withHeaders ? { code, headers: itemHeaders(headers, version), body } : { code, body };
}

/** The `Content-Type` of a body in this format (none without a body); JSON's is `json`. */
function contentType(
  format: "json" | "html" | "empty",
  json: string,
): Readonly<Record<string, string>> {
  switch (format) {
    case "json":
      return { "content-type": json };
    case "html":
      return { "content-type": HTML_CONTENT_TYPE };
    case "empty":
      return {};
  }
}

/** Cuts a JSON text before its end so it no longer parses: `{"success":true}` → `{"success":tr`. */
export function truncateJson(json: string): string {
  return json.slice(0, Math.min(json.length - 1, Math.max(1, Math.ceil(json.length * 0.8))));
}

/** Meta-style opaque IDs (`AXsgnV2Cm3ZMGF3dF_cfYIn`): 23 base64url characters. */
function randomTraceId(): string {
  return randomBytes(17).toString("base64url");
}

const NO_CACHE_HEADERS = {
  "cache-control": "private, no-cache, no-store, must-revalidate",
  pragma: "no-cache",
  expires: "Sat, 01 Jan 2000 00:00:00 GMT",
} as const;

function commonHeaders(version: string, traceId: string): Record<string, string> {
  return {
    "x-fb-trace-id": traceId,
    "x-fb-request-id": randomTraceId(),
    "facebook-api-version": version,
    ...NO_CACHE_HEADERS,
  };
}

/** Header names as Meta spells them in batch items. */
const ITEM_HEADER_NAMES: Readonly<Record<string, string>> = {
  "www-authenticate": "WWW-Authenticate",
  "facebook-api-version": "Facebook-API-Version",
  "x-app-usage": "X-App-Usage",
};

/** `Content-Type` (when there is a body) first, then the usual headers, then the reply's own. */
function itemHeaders(headers: Record<string, string>, version: string): BatchItemHeader[] {
  const { "content-type": contentType, ...rest } = headers;
  const all: Record<string, string> = {
    ...(contentType === undefined ? {} : { "content-type": contentType }),
    "facebook-api-version": version,
    ...NO_CACHE_HEADERS,
    ...rest,
  };
  return Object.entries(all).map(([name, value]) => ({
    name:
      ITEM_HEADER_NAMES[name] ??
      name.replace(
        /(^|-)([a-z])/g,
        (_match, dash: string, letter: string) => dash + letter.toUpperCase(),
      ),
    value,
  }));
}

/** Makes a message safe inside a header's quoted string (printable ASCII, quotes escaped). */
function quotedStringContent(message: string): string {
  return message.replace(/[^\x20-\x7e]/g, "?").replace(/["\\]/g, "\\$&");
}
