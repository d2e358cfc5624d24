import { Agent, type Dispatcher, request as undiciRequest } from "undici";

export interface UndiciFetchOptions {
  /** Connection pool; one keep-alive Agent per server. */
  dispatcher: Dispatcher;
}

/**
A `fetch` for ky that runs on `undici.request` instead of Node's WHATWG `fetch`: the same
connection handling (undici), a fraction of the CPU per call (no WHATWG streams on the way in or
out). ky keeps doing what it is for — URLs, headers, JSON, per-attempt timeouts, error types.

What it does differently from `fetch`, on purpose:
- the response body is buffered (Meta's answers are small) into a real `Response`;
- no redirects and no decompression (the Graph API needs neither; no `accept-encoding` is sent);
- errors map to what ky expects: an aborted signal rejects with the signal's reason (ky's own
  timeout aborts it), anything else with `TypeError("fetch failed", { cause })`, which ky turns
  into a `NetworkError`.
*/
export function createUndiciFetch(options: UndiciFetchOptions): typeof fetch {
  const { dispatcher } = options;
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const signal = init?.signal ?? request.signal;
    signal.throwIfAborted();
    try {
      const body = await readRequestBody(request);
      const response = await undiciRequest(request.url, {
        method: request.method,
        headers: Object.fromEntries(request.headers),
        body,
        signal,
        dispatcher,
      });
      const bytes = await response.body.bytes();
      const headers = toHeadersInit(response.headers);
      const result = new Response(NULL_BODY_STATUSES.has(response.statusCode) ? null : bytes, {
        status: response.statusCode,
        headers,
      });
      Object.defineProperty(result, "url", { value: request.url });
      return result;
    } catch (error) {
      if (signal.aborted) {
        throw signal.reason;
      }
      throw new TypeError("fetch failed", { cause: error });
    }
  };
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** undici's header record as `Response` takes it; repeated headers (set-cookie) as pairs. */
function toHeadersInit(
  record: Record<string, string | string[] | undefined>,
): ConstructorParameters<typeof Headers>[0] {
  const pairs: [string, string][] = [];
  let repeated = false;
  for (const [name, value] of Object.entries(record)) {
    if (Array.isArray(value)) {
      repeated = true;
      for (const item of value) {
        pairs.push([name, item]);
      }
    } else if (value !== undefined) {
      pairs.push([name, value]);
    }
  }
  return repeated ? pairs : (record as Record<string, string>);
}

/**
Reads the request body with a reader and releases the lock: `arrayBuffer()` would leave the
stream locked, and ky's clean-up then cancels it and builds an error (with a stack) per call.
*/
async function readRequestBody(request: Request): Promise<Uint8Array | undefined> {
  if (request.body === null) {
    return undefined;
  }
  const reader: ReadableStreamDefaultReader<Uint8Array> = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      chunks.push(value);
      length += value.byteLength;
    }
  } finally {
    reader.releaseLock();
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
}

/**
A keep-alive pool for the Graph API. undici's own header/body timers are set above any
per-attempt timeout this service allows, so ky's timeout (which aborts the request) always
decides first and reports a `TimeoutError`.
*/
export function createGraphApiAgent(): Agent {
  return new Agent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    headersTimeout: 130_000,
    bodyTimeout: 130_000,
    connections: 256,
    pipelining: 1,
  });
}
