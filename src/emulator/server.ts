/**
The Meta emulator: a real `node:http` server that answers, in Meta's wire format from an in-memory
store:
- `POST /{version}/{business-id}/share_preverified_numbers` (the share edge) and `DELETE` on it
  (unshare: `preverified_id` and `partner_business_id` in the query string or the body);
- the reads (`reads.ts`): `GET /{version}/{preverified-id}`, `GET /{version}/?ids=…`,
  `GET /{version}/{business-id}/preverified_numbers` and `GET /{version}/{preverified-id}/partners`;
- the batch endpoint (`batch.ts`): `POST /` and `POST /{version}/` with `batch=[…]`, whose items
  take the same rules as the requests above.
Product code never imports it; `src/main.ts` (dev default) and tests start it.

It logs nothing, so tokens never reach a log; requests are only kept in memory (`requests`).
Faults (slow, broken or missing answers) are injected on demand; see `faults.ts`.
*/
import { randomBytes } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

import type { GraphApiErrorBody, ShareSuccessBody } from "../graph-api/wire.js";
import { META_ID_PATTERN, SUPPORTED_GRAPH_API_VERSIONS } from "../graph-api/wire.js";
import {
  BATCH_ITEM_CONTENT_TYPE,
  batchItemTarget,
  parseBatch,
  type BatchItemHeader,
  type BatchItemResponse,
  type BatchResponseBody,
} from "./batch.js";
import { metaErrors, type MetaErrorReply } from "./errors.js";
import {
  EMULATOR_FAULT_HEADER,
  FaultController,
  STALL_BODY_CHUNK,
  faultReply,
  formatFault,
  parseFaultSpec,
  truncateJson,
  type EmulatorFaults,
  type Fault,
  type FaultCandidate,
  type FaultReply,
} from "./faults.js";
import { answerRead, type ReadRoute } from "./reads.js";
import { scenarioFor } from "./scenarios.js";
import { shareReply } from "./edges/share.js";
import { unshareReply } from "./edges/unshare.js";
import { EmulatorStore, SHARE_PERMISSION } from "./store.js";

/** Requests kept in `requests` at most; the oldest are dropped first. */
export const MAX_RECORDED_REQUESTS = 10_000;

export interface MetaEmulatorOptions {
  /** TCP port; `0` (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; defaults to `127.0.0.1`. */
  host?: string;
  /**
  A fault spec applied to every share request (e.g. `latency:300`, `status:503;rate=0.2`) unless
  an `x-emulator-fault` header or an enqueued fault decides. A `latency:` spec also delays every
  read (other run-wide faults leave reads alone). Blank means none; an invalid spec makes
  `startMetaEmulator` throw a `FaultSpecError`.
  */
  fault?: string;
  /** Numbers in [0, 1) for `rate=`; defaults to `Math.random`. Inject one for deterministic tests. */
  random?: () => number;
  /** How many requests `requests` keeps (oldest dropped first); `MAX_RECORDED_REQUESTS` by default. */
  maxRecordedRequests?: number;
}

/** One request as the emulator received it, recorded before it answers. */
export interface RecordedRequest {
  method: string;
  /** The URL's pathname, as sent (not percent-decoded). */
  path: string;
  /** Query-string parameters (the last value wins for repeated names). */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text, cut at `MAX_BODY_BYTES`. */
  body: string;
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
  /** The fault applied to it, canonical (`status:503`, `latency:300`), if any. */
  fault?: string;
  /**
  Set on each item of a batch (`POST /` or `POST /{version}/` with `batch=[…]`), recorded as if
  it were its own request, after the batch's own entry (which has no `batchItem`): `path` is the
  item's `relative_url` under `/{version}/`, `query` its query string, `body` its URL-encoded
  body, and `headers` only `content-type` and `authorization` (`Bearer <the item's token>`: its
  own `access_token`, else the batch's). `receivedAt` is when the item started.
  */
  batchItem?: true;
}

export interface MetaEmulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Requests received, oldest first (the last `MAX_RECORDED_REQUESTS`). Tests may clear it. */
  requests: RecordedRequest[];
  store: EmulatorStore;
  /** Faults for the next share requests (`enqueue`, `clear`; reads never take them); see `faults.ts`. */
  faults: EmulatorFaults;
  /** Stops listening and ends every connection, including hanging and keep-alive ones. */
  close(): Promise<void>;
}

/** Larger bodies are answered with HTTP 413 (and drained, not stored). */
export const MAX_BODY_BYTES = 64 * 1024;

const SHARE_EDGE = "share_preverified_numbers";
const PREVERIFIED_NUMBERS_EDGE = "preverified_numbers";
const PARTNERS_EDGE = "partners";
const VERSION_SHAPE = /^v([0-9]+)\.([0-9]+)$/;
const LATEST_VERSION = SUPPORTED_GRAPH_API_VERSIONS[SUPPORTED_GRAPH_API_VERSIONS.length - 1] ?? "";
const JSON_CONTENT_TYPE = "application/json; charset=UTF-8";
/** Longest piece of a client-supplied path echoed back in a message. */
const MAX_ECHO_CHARS = 200;

export async function startMetaEmulator(options: MetaEmulatorOptions = {}): Promise<MetaEmulator> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  const runWide = options.fault?.trim();
  const context: EmulatorContext = {
    store: new EmulatorStore(),
    requests: [],
    maxRecordedRequests: options.maxRecordedRequests ?? MAX_RECORDED_REQUESTS,
    faults: new FaultController(
      runWide === undefined || runWide === "" ? undefined : parseFaultSpec(runWide),
      options.random,
    ),
    waits: new Set(),
    url: "",
  };
  const { store, requests, faults, waits } = context;

  const server = createServer((req, res) => {
    handle(req, res, context).catch(() => {
      sendUnexpected(res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      // After start-up a server error (e.g. EMFILE on accept) must not crash the host process.
      server.on("error", () => undefined);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  context.url = `http://${urlHost}:${address.port}`;
  let closing: Promise<void> | undefined;

  return {
    url: context.url,
    requests,
    store,
    faults,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        // Latency timers go now; the requests they held are dropped unanswered.
        for (const cancel of [...waits]) {
          cancel();
        }
        // Ends keep-alive sockets and requests that never get an answer (scenario 408, stalls).
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Request handling

interface ReceivedRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  bodyTooLarge: boolean;
}

interface EmulatorContext {
  store: EmulatorStore;
  requests: RecordedRequest[];
  maxRecordedRequests: number;
  faults: FaultController;
  /** Cancels each latency wait in progress. */
  waits: Set<() => void>;
  /** The emulator's base URL (set once it listens); pages link here without a `Host` header. */
  url: string;
}

type Reply =
  | { kind: "success" }
  /** A read's answer: HTTP 200 with this body. */
  | { kind: "json"; body: unknown }
  | FaultReply
  | { kind: "truncated"; reply: Reply };

/** What `decide` needs to know about fault injection. */
interface FaultHooks {
  /** Why the `x-emulator-fault` header is unusable, if it is. */
  invalidHeader: string | undefined;
  /** Uses the request's fault once the request has passed every check before the scenarios. */
  take(): Fault | undefined;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  context: EmulatorContext,
): Promise<void> {
  const receivedAt = Date.now();
  const rawUrl = req.url ?? "/";
  const queryStart = rawUrl.indexOf("?");
  const pathname = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? "" : rawUrl.slice(queryStart + 1));

  let body: { text: string; tooLarge: boolean };
  try {
    body = await readBody(req);
  } catch {
    // The client went away mid-body; there is nobody to answer.
    return;
  }

  const request: ReceivedRequest = {
    method: req.method ?? "GET",
    pathname,
    query,
    headers: req.headers,
    body: body.text,
    bodyTooLarge: body.tooLarge,
  };
  const record: RecordedRequest = {
    method: request.method,
    path: pathname,
    query: Object.fromEntries(query),
    headers: req.headers,
    body: body.text,
    receivedAt,
  };
  recordRequest(context, record);

  const origin = pageOrigin(req, context);
  const batch = matchBatch(request);
  if (batch !== undefined) {
    await handleBatch(request, batch, res, context, origin);
    return;
  }

  // Identical requests (a client's retries) share `times` counts.
  const identity = `${request.method}\0${rawUrl}\0${body.text}`;
  const decided = await answer(request, record, identity, req.headers[EMULATOR_FAULT_HEADER], {
    res,
    context,
    origin,
    receivedAt,
  });
  if (decided !== undefined) {
    send(res, decided.reply, decided.version);
  }
}

/** Keeps `record`, bounded, so a long development session does not grow without end. */
function recordRequest(context: EmulatorContext, record: RecordedRequest): void {
  const { requests, maxRecordedRequests } = context;
  if (requests.length >= maxRecordedRequests) {
    requests.splice(0, requests.length - maxRecordedRequests + 1);
  }
  requests.push(record);
}

/** Where and when a request is answered. */
interface AnswerScope {
  res: ServerResponse;
  context: EmulatorContext;
  /** Scheme and host for a read's paging links. */
  origin: string;
  receivedAt: number;
}

/**
Decides one request (standalone, or a batch item) with fault injection: `faultHeader` is its
`x-emulator-fault` (a batch item's `emulator_fault`). Resolves `undefined` when the client gave
up during an injected latency.
*/
async function answer(
  request: ReceivedRequest,
  record: RecordedRequest,
  identity: string,
  faultHeader: string | string[] | undefined,
  scope: AnswerScope,
): Promise<{ reply: Reply; version: string } | undefined> {
  const { res, context, origin, receivedAt } = scope;
  const { store, faults } = context;
  const route = matchRoute(request.pathname);
  const candidate = faults.select({
    header: faultHeader,
    shareEdge: route.kind === "share",
    readEdge: route.kind === "read" && request.method === "GET",
    identity,
  });
  let pending: Extract<FaultCandidate, { kind: "spec" }> | undefined =
    candidate?.kind === "spec" ? candidate : undefined;
  const apply = (): Fault | undefined => {
    const fault = pending === undefined ? undefined : faults.apply(pending, identity);
    pending = undefined;
    if (fault !== undefined) {
      record.fault = formatFault(fault);
    }
    return fault;
  };

  // Latency comes first and delays every answer, errors included. The request is only decided
  // afterwards, so a client that gives up meanwhile leaves no trace in the store.
  if (pending?.spec.fault.kind === "latency") {
    const fault = apply();
    if (fault?.kind === "latency" && !(await wait(fault.ms, res, context.waits))) {
      return undefined;
    }
  }

  return decide(request, store, new Date(receivedAt), origin, {
    invalidHeader: candidate?.kind === "invalid" ? candidate.reason : undefined,
    take: apply,
  });
}

// ---------------------------------------------------------------------------------------------
// Batch requests (`batch.ts`)

/** A batch request's version (the path's, else the latest) and its raw `batch` parameter. */
interface BatchCall {
  version: string;
  raw: unknown;
}

/**
`POST /` or `POST /{version}/` carrying a `batch` parameter. Without one (or with a body over
the limit) the request takes the ordinary rules, which answer it as before.
*/
function matchBatch(request: ReceivedRequest): BatchCall | undefined {
  if (request.method !== "POST" || request.bodyTooLarge) {
    return undefined;
  }
  const route = matchRoute(request.pathname);
  let version: string;
  if (route.kind === "read" && route.read.kind === "multi") {
    version = route.version;
  } else if (request.pathname.split("/").every((segment) => segment === "")) {
    version = LATEST_VERSION;
  } else {
    return undefined;
  }
  const raw = rawParam(request, "batch");
  return raw === undefined ? undefined : { version, raw };
}

/**
Checks the batch (top-level token, then the `batch` array), runs its items one after another
through `answer` and replies HTTP 200 with their answers in order.
*/
async function handleBatch(
  request: ReceivedRequest,
  batch: BatchCall,
  res: ServerResponse,
  context: EmulatorContext,
  origin: string,
): Promise<void> {
  const { version } = batch;
  // Required even when every item carries its own token; checked here only for presence (each
  // item that falls back on it gets the usual 190 answers if it is unknown or expired).
  const topLevelToken = readParams(request).token;
  if (topLevelToken === undefined) {
    sendError(res, metaErrors.missingToken(), version);
    return;
  }
  const parsed = parseBatch(batch.raw);
  if (!parsed.ok) {
    sendError(res, parsed.error, version);
    return;
  }
  const includeHeaders = rawParam(request, "include_headers");
  const withHeaders = includeHeaders !== false && includeHeaders !== "false";

  const answers: BatchResponseBody = [];
  for (const item of parsed.items) {
    const target = batchItemTarget(item.relativeUrl, version);
    const ownToken =
      nonEmptyString(new URLSearchParams(item.body).get("access_token")) ??
      nonEmptyString(target.query.get("access_token"));
    const headers: IncomingHttpHeaders = {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Bearer ${ownToken ?? topLevelToken}`,
    };
    const itemRequest: ReceivedRequest = {
      method: item.method,
      pathname: target.pathname,
      query: target.query,
      headers,
      body: item.body,
      bodyTooLarge: false,
    };
    const receivedAt = Date.now();
    const record: RecordedRequest = {
      method: item.method,
      path: target.pathname,
      query: Object.fromEntries(target.query),
      headers,
      body: item.body,
      receivedAt,
      batchItem: true,
    };
    recordRequest(context, record);
    const decided = await answer(
      itemRequest,
      record,
      `${item.method}\0${target.url}\0${item.body}`,
      item.fault,
      { res, context, origin, receivedAt },
    );
    if (decided === undefined) {
      // The client gave up on the batch during an item's latency.
      return;
    }
    const itemAnswer = batchItemAnswer(decided.reply, decided.version);
    if (itemAnswer !== null && !withHeaders) {
      delete itemAnswer.headers;
    }
    answers.push(itemAnswer);
  }
  writeJson(res, 200, answers, commonHeaders(version, randomTraceId()));
}

/**
Resolves `true` after `ms`, or `false` as soon as the response closes (the client gave up) or the
emulator closes. The timer never keeps the process alive.
*/
function wait(ms: number, res: ServerResponse, waits: Set<() => void>): Promise<boolean> {
  if (res.destroyed) {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const finish = (elapsed: boolean): void => {
      clearTimeout(timer);
      res.off("close", cancel);
      waits.delete(cancel);
      resolve(elapsed);
    };
    const cancel = (): void => {
      finish(false);
    };
    const timer = setTimeout(() => {
      finish(true);
    }, ms);
    timer.unref();
    res.once("close", cancel);
    waits.add(cancel);
  });
}

/** Reads the body up to `MAX_BODY_BYTES`; anything beyond is drained and dropped. */
async function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    if (tooLarge) {
      continue;
    }
    if (size + buffer.length > MAX_BODY_BYTES) {
      chunks.push(buffer.subarray(0, MAX_BODY_BYTES - size));
      size = MAX_BODY_BYTES;
      tooLarge = true;
      continue;
    }
    chunks.push(buffer);
    size += buffer.length;
  }
  return { text: Buffer.concat(chunks).toString("utf8"), tooLarge };
}

/** `http://<Host header>` (how the client reached the emulator), else the emulator's own URL. */
function pageOrigin(req: IncomingMessage, context: EmulatorContext): string {
  const host = req.headers.host;
  return host !== undefined && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? `http://${host}` : context.url;
}

/**
Applies the rules in order; the first failing one answers. `origin` (scheme and host) is where a
read's `paging.next` and `previous` point.
*/
function decide(
  request: ReceivedRequest,
  store: EmulatorStore,
  now: Date,
  origin: string,
  faults: FaultHooks,
): { reply: Reply; version: string } {
  let version = LATEST_VERSION;
  const fail = (error: MetaErrorReply): { reply: Reply; version: string } => ({
    reply: { kind: "error", error },
    version,
  });

  if (request.bodyTooLarge) {
    return fail(metaErrors.bodyTooLarge(MAX_BODY_BYTES));
  }

  // 1. Path, version and method.
  const route = matchRoute(request.pathname);
  if (route.kind === "unknown") {
    return fail(metaErrors.unknownPath(truncate(route.components)));
  }
  if (route.kind === "deprecated_version") {
    return fail(metaErrors.deprecatedVersion(LATEST_VERSION));
  }
  if (route.kind === "unsupported_version") {
    return fail(
      metaErrors.unsupportedVersion(truncate(route.version), SUPPORTED_GRAPH_API_VERSIONS),
    );
  }
  version = route.version;
  if (route.kind === "read") {
    if (request.method !== "GET") {
      // Only GET reads the root (a multi-ID read); a POST with `batch` never gets here.
      return fail(
        route.read.kind === "multi"
          ? metaErrors.unknownPath("/")
          : metaErrors.unsupportedMethod(request.method),
      );
    }
  } else if (request.method !== "POST" && request.method !== "DELETE") {
    return fail(metaErrors.unsupportedMethod(request.method));
  }
  // A malformed fault header is a malformed request: reported before the token is looked at.
  // (The reason echoes at most 100 characters of the header; the rest is the grammar.)
  if (faults.invalidHeader !== undefined) {
    return fail(metaErrors.invalidFaultHeader(faults.invalidHeader));
  }

  const params = readParams(request);

  // 2–3. Access token.
  const token = params.token;
  if (token === undefined) {
    return fail(metaErrors.missingToken());
  }
  const tokenRecord = store.getToken(token);
  if (tokenRecord === undefined) {
    return fail(metaErrors.invalidToken());
  }
  if (tokenRecord.status === "expired") {
    return fail(metaErrors.expiredToken(tokenRecord.expiresAt ?? now.toISOString(), now));
  }

  // Reads: their own rules (`reads.ts`), then injected faults, which only replace a success.
  if (route.kind === "read") {
    const outcome = answerRead(store, {
      route: route.read,
      query: request.query,
      callerBusinessId: tokenRecord.businessId,
      pageUrl: `${origin}${request.pathname}`,
      apiUrl: `${origin}/${route.version}`,
    });
    if (!outcome.ok) {
      return fail(outcome.error);
    }
    const fault = faults.take();
    if (fault !== undefined && fault.kind !== "latency" && fault.kind !== "truncated") {
      return { reply: faultReply(fault, tokenRecord.businessId), version };
    }
    const reply: Reply = { kind: "json", body: outcome.body };
    return { reply: fault?.kind === "truncated" ? { kind: "truncated", reply } : reply, version };
  }

  // 4. The path business.
  const businessId = route.businessId;
  if (!META_ID_PATTERN.test(businessId) || store.getBusiness(businessId) === undefined) {
    return fail(metaErrors.objectDoesNotExist(truncate(businessId)));
  }

  // 5. The token's rights on it.
  if (tokenRecord.businessId !== businessId) {
    return fail(metaErrors.noPermission());
  }
  if (!tokenRecord.permissions.includes(SHARE_PERMISSION)) {
    return fail(metaErrors.missingPermission(SHARE_PERMISSION));
  }

  // 6. Parameters.
  const preverifiedId = params.get("preverified_id");
  const partnerBusinessId = params.get("partner_business_id");
  for (const [name, value] of [
    ["preverified_id", preverifiedId],
    ["partner_business_id", partnerBusinessId],
  ] as const) {
    if (value.kind === "absent") {
      return fail(metaErrors.parameterRequired(name));
    }
  }
  if (preverifiedId.kind !== "value" || !META_ID_PATTERN.test(preverifiedId.value)) {
    return fail(metaErrors.parameterNotNumeric("preverified_id"));
  }
  if (partnerBusinessId.kind !== "value" || !META_ID_PATTERN.test(partnerBusinessId.value)) {
    return fail(metaErrors.parameterNotNumeric("partner_business_id"));
  }

  // 7. Injected faults (never before authentication and access), then forced upstream failures.
  const fault = faults.take();
  if (fault !== undefined && fault.kind !== "latency" && fault.kind !== "truncated") {
    return { reply: faultReply(fault, businessId), version };
  }
  const shareRequest = {
    businessId,
    preverifiedId: preverifiedId.value,
    partnerBusinessId: partnerBusinessId.value,
  };
  const reply =
    scenarioFor(preverifiedId.value, businessId) ??
    (request.method === "DELETE"
      ? unshareReply(store, shareRequest)
      : shareReply(store, shareRequest));
  return { reply: fault?.kind === "truncated" ? { kind: "truncated", reply } : reply, version };
}

type Route =
  | { kind: "share"; version: string; businessId: string }
  | { kind: "read"; version: string; read: ReadRoute }
  | { kind: "deprecated_version" }
  | { kind: "unsupported_version"; version: string }
  | { kind: "unknown"; components: string };

function matchRoute(pathname: string): Route {
  const segments = pathname.split("/").filter((segment) => segment !== "");
  const [first, ...rest] = segments;
  const versionMatch = first === undefined ? null : VERSION_SHAPE.exec(first);
  if (first === undefined || versionMatch === null) {
    return { kind: "unknown", components: `/${segments.join("/")}` };
  }
  if (!(SUPPORTED_GRAPH_API_VERSIONS as readonly string[]).includes(first)) {
    return versionNumber(first) < OLDEST_SUPPORTED
      ? { kind: "deprecated_version" }
      : { kind: "unsupported_version", version: first };
  }
  const [node, edge, ...extra] = rest;
  if (node === undefined) {
    return { kind: "read", version: first, read: { kind: "multi" } };
  }
  if (edge === undefined) {
    return { kind: "read", version: first, read: { kind: "node", id: node } };
  }
  if (extra.length === 0) {
    switch (edge) {
      case SHARE_EDGE:
        return { kind: "share", version: first, businessId: node };
      case PREVERIFIED_NUMBERS_EDGE:
        return {
          kind: "read",
          version: first,
          read: { kind: "preverified_numbers", businessId: node },
        };
      case PARTNERS_EDGE:
        return { kind: "read", version: first, read: { kind: "partners", id: node } };
    }
  }
  // Like Meta, name the components after the node: `/v25.0/123/foo/bar` → `/foo/bar`.
  const components = rest.length >= 2 ? rest.slice(1) : rest;
  return { kind: "unknown", components: `/${components.join("/")}` };
}

function versionNumber(version: string): number {
  const match = VERSION_SHAPE.exec(version);
  return match === null ? 0 : Number(match[1]) * 1000 + Number(match[2]);
}

const OLDEST_SUPPORTED = Math.min(...SUPPORTED_GRAPH_API_VERSIONS.map(versionNumber));

// ---------------------------------------------------------------------------------------------
// Parameters: JSON body, form body or query string; token from the header or `access_token`.

type ParamValue = { kind: "absent" } | { kind: "value"; value: string } | { kind: "not_a_string" };

interface RequestParams {
  token: string | undefined;
  get(name: string): ParamValue;
}

function readParams(request: ReceivedRequest): RequestParams {
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
function rawParam(request: ReceivedRequest, name: string): unknown {
  const value = parseBody(request).get(name);
  return value === undefined || value === null ? (request.query.get(name) ?? undefined) : value;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function truncate(text: string): string {
  return text.length > MAX_ECHO_CHARS ? `${text.slice(0, MAX_ECHO_CHARS)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// Responses

/** Meta-style opaque IDs (`AXsgnV2Cm3ZMGF3dF_cfYIn`): 23 base64url characters. */
function randomTraceId(): string {
  return randomBytes(17).toString("base64url");
}

function commonHeaders(version: string, traceId: string): Record<string, string> {
  return {
    "x-fb-trace-id": traceId,
    "x-fb-request-id": randomTraceId(),
    "facebook-api-version": version,
    "cache-control": "private, no-cache, no-store, must-revalidate",
    pragma: "no-cache",
    expires: "Sat, 01 Jan 2000 00:00:00 GMT",
  };
}

/** `cut`: send JSON bodies cut off before their end (the `truncated` fault). */
function send(res: ServerResponse, reply: Reply, version: string, cut = false): void {
  switch (reply.kind) {
    case "success": {
      const body: ShareSuccessBody = { success: true };
      writeJson(res, 200, body, commonHeaders(version, randomTraceId()), cut);
      return;
    }
    case "json": {
      writeJson(res, 200, reply.body, commonHeaders(version, randomTraceId()), cut);
      return;
    }
    case "error": {
      sendError(res, reply.error, version, cut);
      return;
    }
    case "truncated": {
      send(res, reply.reply, version, true);
      return;
    }
    case "html": {
      const html = Buffer.from(reply.html, "utf8");
      res.writeHead(reply.status, {
        ...commonHeaders(version, randomTraceId()),
        "content-type": "text/html; charset=utf-8",
        "content-length": html.length,
      });
      res.end(html);
      return;
    }
    case "empty": {
      res.writeHead(reply.status, {
        ...commonHeaders(version, randomTraceId()),
        "content-length": 0,
      });
      res.end();
      return;
    }
    case "hang":
      // Never answer. The socket stays open until the client aborts or close() destroys it.
      return;
    case "stall-body":
      // Headers and a first chunk (chunked encoding), then silence until close() or the client.
      res.writeHead(200, {
        ...commonHeaders(version, randomTraceId()),
        "content-type": JSON_CONTENT_TYPE,
      });
      res.write(STALL_BODY_CHUNK);
      return;
    case "reset":
      // A TCP RST instead of any response.
      if (res.socket === null) {
        res.destroy();
      } else {
        res.socket.resetAndDestroy();
      }
      return;
  }
}

function sendError(res: ServerResponse, reply: MetaErrorReply, version: string, cut = false): void {
  const { fbtraceId, body, headers } = errorParts(reply);
  writeJson(res, reply.status, body, { ...commonHeaders(version, fbtraceId), ...headers }, cut);
}

/** An error's body (with a fresh `fbtrace_id`) and its own headers (usage, `WWW-Authenticate`). */
function errorParts(reply: MetaErrorReply): {
  fbtraceId: string;
  body: GraphApiErrorBody;
  headers: Record<string, string>;
} {
  const fbtraceId = randomTraceId();
  return {
    fbtraceId,
    body: { error: { ...reply.error, fbtrace_id: fbtraceId } },
    headers: {
      ...reply.headers,
      "www-authenticate": `OAuth "Facebook Platform" "${reply.challenge}" "${quotedStringContent(reply.error.message)}"`,
    },
  };
}

/**
A batch item's answer: what `send` would send, as `{code, headers, body}`. Answers that never
complete (a hang, a stalled body, a reset) are `null`, like the items of a batch Meta only
partially completed.
*/
function batchItemAnswer(reply: Reply, version: string, cut = false): BatchItemResponse | null {
  const json = (code: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    return {
      code,
      headers: itemHeaders({ "content-type": BATCH_ITEM_CONTENT_TYPE, ...headers }, version),
      body: cut ? truncateJson(text) : text,
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
      const { body, headers } = errorParts(reply.error);
      return json(reply.error.status, body, headers);
    }
    case "truncated":
      return batchItemAnswer(reply.reply, version, true);
    case "html":
      return {
        code: reply.status,
        headers: itemHeaders({ "content-type": "text/html; charset=utf-8" }, version),
        body: reply.html,
      };
    case "empty":
      return { code: reply.status, headers: itemHeaders({}, version), body: "" };
    case "hang":
    case "stall-body":
    case "reset":
      return null;
  }
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
    "cache-control": "private, no-cache, no-store, must-revalidate",
    pragma: "no-cache",
    expires: "Sat, 01 Jan 2000 00:00:00 GMT",
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

function sendUnexpected(res: ServerResponse): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  sendError(res, metaErrors.internal(), LATEST_VERSION);
}

function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
  cut = false,
): void {
  const json = JSON.stringify(body);
  const payload = Buffer.from(cut ? truncateJson(json) : json, "utf8");
  res.writeHead(status, {
    ...headers,
    "content-type": JSON_CONTENT_TYPE,
    "content-length": payload.length,
  });
  res.end(payload);
}

/** Makes a message safe inside a header's quoted string (printable ASCII, quotes escaped). */
function quotedStringContent(message: string): string {
  return message.replace(/[^\x20-\x7e]/g, "?").replace(/["\\]/g, "\\$&");
}
