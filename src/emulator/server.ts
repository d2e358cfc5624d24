/**
The Meta emulator's HTTP plumbing: a real `node:http` server that reads each request (its body up
to `MAX_BODY_BYTES`), records it, checks what every route has in common (body size, path and
version, method, fault header, access token), applies injected latency, dispatches through the
route table (`routes.ts`: the share and unshare edges, the reads, the batch endpoint, in
`edges/`) and writes the edge's `Reply` in Meta's wire format (`reply.ts`).
Product code never imports it; `src/main.ts` (dev default) and tests start it.

It logs nothing, so tokens never reach a log; requests are only kept in memory (`requests`).
Faults (slow, broken or missing answers) are injected on demand; see `faults.ts`.
*/
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

import { batchEdge, type BatchItemCall } from "./edges/batch.js";
import { authenticate } from "./edges/edge.js";
import { metaErrors, type MetaErrorReply } from "./errors.js";
import { formatFault, parseFaultSpec, type Fault } from "./fault-spec.js";
import {
  EMULATOR_FAULT_HEADER,
  FaultController,
  type EmulatorFaults,
  type FaultCandidate,
} from "./faults.js";
import { writeReply, type Reply } from "./reply.js";
import { readParams, type ReceivedRequest } from "./request.js";
import { LATEST_VERSION, matchBatch, matchRoute } from "./routes.js";
import { DEV_JWKS, DEV_JWKS_PATH } from "./identity-provider.js";
import { EmulatorStore } from "./store.js";

/** Requests kept in `requests` at most; the oldest are dropped first. */
export const MAX_RECORDED_REQUESTS = 10_000;

export interface MetaEmulatorOptions {
  /** TCP port; `0` (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; defaults to `127.0.0.1`. */
  host?: string;
  /**
  A fault spec applied to every share request (share, unshare and the lifecycle edges; e.g.
  `latency:300`, `status:503;rate=0.2`) unless
  an `x-emulator-fault` header or an enqueued fault decides. A `latency:` spec also delays every
  read (other run-wide faults leave reads alone). Blank means none; an invalid spec makes
  `startMetaEmulator` throw a `FaultSpecError`.
  */
  fault?: string;
  /** Numbers in [0, 1) for `rate=`; defaults to `Math.random`. Inject one for deterministic tests. */
  random?: () => number;
  /** How many requests `requests` keeps (oldest dropped first); `MAX_RECORDED_REQUESTS` by default. */
  maxRecordedRequests?: number;
  /**
  Writes one stdout line per verification code issued (`emulator: verification code for <id>:
  <code>`, never the phone number); for `npm run emulator` and the dev default. Off by default.
  */
  logCodes?: boolean;
  /** Epoch milliseconds "now" for each request (code expiry, volume limits); `Date.now` by default. */
  clock?: () => number;
}

/** Where a developer reads a number's current code: `GET /_emulator/verification-codes/<id>`. */
export const VERIFICATION_CODES_PATH = "/_emulator/verification-codes/";

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
  /**
  Faults for the next share requests (share, unshare, lifecycle; `enqueue`, `clear`; reads never
  take them); see `faults.ts`.
  */
  faults: EmulatorFaults;
  /** Stops listening and ends every connection, including hanging and keep-alive ones. */
  close(): Promise<void>;
}

/** Larger bodies are answered with HTTP 413 (and drained, not stored). */
export const MAX_BODY_BYTES = 64 * 1024;

export async function startMetaEmulator(options: MetaEmulatorOptions = {}): Promise<MetaEmulator> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  const runWide = options.fault?.trim();
  const context: EmulatorContext = {
    store: new EmulatorStore(
      undefined,
      options.logCodes === true
        ? {
            onCodeIssued: (id, code) => {
              console.log(`emulator: verification code for ${id}: ${code}`);
            },
          }
        : {},
    ),
    clock: options.clock ?? Date.now,
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
      writeUnexpected(res);
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

interface EmulatorContext {
  store: EmulatorStore;
  clock: () => number;
  requests: RecordedRequest[];
  maxRecordedRequests: number;
  faults: FaultController;
  /** Cancels each latency wait in progress. */
  waits: Set<() => void>;
  /** The emulator's base URL (set once it listens); pages link here without a `Host` header. */
  url: string;
}

/** A reply and the version it is answered at. */
interface Decided {
  reply: Reply;
  version: string;
}

/** What `decide` needs to know about fault injection. */
interface FaultHooks {
  /** Why the `x-emulator-fault` header is unusable, if it is. */
  invalidHeader: string | undefined;
  /** Uses the request's fault once the request has passed every check before the scenarios. */
  take: () => Fault | undefined;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  context: EmulatorContext,
): Promise<void> {
  const receivedAt = context.clock();
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

  if (request.method === "GET" && pathname === DEV_JWKS_PATH) {
    // The development identity provider's keys (not a Meta route).
    res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=300" });
    res.end(DEV_JWKS);
    return;
  }
  if (request.method === "GET" && pathname.startsWith(VERIFICATION_CODES_PATH)) {
    // The development code endpoint (not a Meta route): a number's current code.
    const id = pathname.slice(VERIFICATION_CODES_PATH.length);
    const code = context.store.currentCode(id, new Date(receivedAt));
    const status = code === undefined ? 404 : 200;
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(
      JSON.stringify(code === undefined ? { error: "no current verification code" } : { code }),
    );
    return;
  }
  const scope: AnswerScope = { res, context, origin: pageOrigin(req, context) };
  const batch = matchBatch(request);
  if (batch !== undefined) {
    // Each item is recorded as its own request, after the batch, and answered like one.
    const reply = await batchEdge(request, batch, (item) => answerItem(item, scope));
    if (reply !== undefined) {
      writeReply(res, reply, batch.version);
    }
    return;
  }

  // Identical requests (a client's retries) share `times` counts.
  const identity = `${request.method}\0${rawUrl}\0${body.text}`;
  const decided = await answer(
    request,
    record,
    identity,
    req.headers[EMULATOR_FAULT_HEADER],
    receivedAt,
    scope,
  );
  if (decided !== undefined) {
    writeReply(res, decided.reply, decided.version);
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

/** Where a request is answered. */
interface AnswerScope {
  res: ServerResponse;
  context: EmulatorContext;
  /** Scheme and host for a read's paging links. */
  origin: string;
}

/** A batch item: recorded as its own request (`batchItem`), then answered like one. */
function answerItem(item: BatchItemCall, scope: AnswerScope): Promise<Decided | undefined> {
  const { request } = item;
  const receivedAt = scope.context.clock();
  const record: RecordedRequest = {
    method: request.method,
    path: request.pathname,
    query: Object.fromEntries(request.query),
    headers: request.headers,
    body: request.body,
    receivedAt,
    batchItem: true,
  };
  recordRequest(scope.context, record);
  return answer(request, record, item.identity, item.fault, receivedAt, scope);
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
  receivedAt: number,
  scope: AnswerScope,
): Promise<Decided | undefined> {
  const { res, context, origin } = scope;
  const { faults } = context;
  const route = matchRoute(request.method, request.pathname);
  const candidate = faults.select({
    header: faultHeader,
    shareEdge: route.kind !== "none" && route.faults === "share",
    readEdge: route.kind === "edge" && route.faults === "read" && request.method === "GET",
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

  return decide(request, context.store, new Date(receivedAt), origin, {
    invalidHeader: candidate?.kind === "invalid" ? candidate.reason : undefined,
    take: apply,
  });
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
The checks every route has in common, in order (the first failing one answers), then the route's
edge handler: 0. the body's size, 1. path, version and method, a usable fault header, 2–3. the
access token. `origin` (scheme and host) is where a read's `paging.next` and `previous` point.
*/
function decide(
  request: ReceivedRequest,
  store: EmulatorStore,
  now: Date,
  origin: string,
  faults: FaultHooks,
): Decided {
  const fail = (error: MetaErrorReply, version = LATEST_VERSION): Decided => ({
    reply: { kind: "error", error },
    version,
  });

  if (request.bodyTooLarge) {
    return fail(metaErrors.bodyTooLarge(MAX_BODY_BYTES));
  }

  // 1. Path, version and method.
  const route = matchRoute(request.method, request.pathname);
  if (route.kind === "none") {
    return fail(route.error);
  }
  const { version } = route;
  if (route.kind === "wrong_method") {
    return fail(route.error, version);
  }
  // A malformed fault header is a malformed request: reported before the token is looked at.
  // (The reason echoes at most 100 characters of the header; the rest is the grammar.)
  if (faults.invalidHeader !== undefined) {
    return fail(metaErrors.invalidFaultHeader(faults.invalidHeader), version);
  }

  // 2–3. Access token.
  const params = readParams(request);
  const caller = authenticate(store, params.token, now);
  if (!caller.ok) {
    return fail(caller.error, version);
  }

  const reply = route.handler({
    request,
    params,
    path: route.path,
    caller: caller.record,
    store,
    version,
    origin,
    now,
    takeFault: faults.take,
  });
  return { reply, version };
}

/** What the emulator answers when it has a bug itself, if it still can. */
function writeUnexpected(res: ServerResponse): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  writeReply(res, { kind: "error", error: metaErrors.internal() }, LATEST_VERSION);
}
