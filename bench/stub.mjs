// The upstream stub: a minimal stand-in for Meta's share endpoint, as its own process.
//
//   POST /v25.0/{business}/share_preverified_numbers -> 200 {"success":true}
//   GET  /v25.0/?ids=a,b                              -> 200 {"a":{"id":"a","owner_business":…},…}
//
// Every number read is owned by the bench's business, so a JWT caller acting for it (`--auth jwt`)
// may see it without the service reading its partners.
//
// It checks what it receives (token, path, body) so a wrong upstream call cannot pass as a success:
// anything unexpected gets a Meta-style 400 and is counted as `bad`. Counters are read over IPC,
// never over HTTP, so reading them adds no request.
//
// STUB_LATENCY_MS (default 0) delays every answer by that many milliseconds, as Meta's own latency
// would: the bench's scale figure runs the service on a stub answering after 150 ms.
import { Buffer } from "node:buffer";
import { createServer } from "node:http";
import { setTimeout } from "node:timers";
import { URL } from "node:url";
import {
  AUTHORIZATION,
  BUSINESS_ID,
  GRAPH_API_VERSION,
  PARTNER_BUSINESS_ID,
  PREVERIFIED_ID,
  SHARE_SUCCESS,
  bindToParent,
} from "./lib/common.mjs";

const send = bindToParent();
const SHARE_PATH = `/${GRAPH_API_VERSION}/${BUSINESS_ID}/share_preverified_numbers`;
const BAD_REQUEST = JSON.stringify({
  error: { message: "bench stub: unexpected request", type: "OAuthException", code: 100 },
});
const latencyMs = Number(process.env.STUB_LATENCY_MS ?? "0");
if (!Number.isFinite(latencyMs) || latencyMs < 0) {
  throw new Error(`STUB_LATENCY_MS must be a number of milliseconds ≥ 0 (got ${latencyMs})`);
}
const stats = { requests: 0, shares: 0, entityReads: 0, bad: 0, connections: 0 };

function reply(res, status, body) {
  if (latencyMs > 0) {
    setTimeout(() => write(res, status, body), latencyMs);
  } else {
    write(res, status, body);
  }
}

function write(res, status, body) {
  res.writeHead(status, {
    "content-type": "application/json; charset=UTF-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

function isExpectedShare(req, text) {
  if (req.headers.authorization !== AUTHORIZATION) {
    return false;
  }
  try {
    const body = JSON.parse(text);
    return (
      body.preverified_id === PREVERIFIED_ID && body.partner_business_id === PARTNER_BUSINESS_ID
    );
  } catch {
    return false;
  }
}

const server = createServer((req, res) => {
  stats.requests += 1;
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const url = req.url ?? "";
    if (req.method === "POST" && url === SHARE_PATH) {
      if (isExpectedShare(req, Buffer.concat(chunks).toString("utf8"))) {
        stats.shares += 1;
        reply(res, 200, SHARE_SUCCESS);
        return;
      }
    } else if (req.method === "GET" && url.startsWith(`/${GRAPH_API_VERSION}/?ids=`)) {
      const ids = new URL(url, "http://stub").searchParams.get("ids")?.split(",") ?? [];
      stats.entityReads += 1;
      const owner = { id: BUSINESS_ID };
      const nodes = Object.fromEntries(ids.map((id) => [id, { id, owner_business: owner }]));
      reply(res, 200, JSON.stringify(nodes));
      return;
    }
    stats.bad += 1;
    reply(res, 400, BAD_REQUEST);
  });
});
server.on("connection", () => {
  stats.connections += 1;
});
// Longer than any client's idle timeout: the server never closes a pooled connection first.
server.keepAliveTimeout = 65_000;

process.on("message", (message) => {
  if (message?.type === "stats") {
    void send({ type: "stats", id: message.id, stats: { ...stats } });
  }
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  void send({ type: "ready", port: typeof address === "object" && address ? address.port : 0 });
});
