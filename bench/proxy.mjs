// The reference: a raw passthrough proxy, as its own process. node:http in, `undici.request` out
// (keep-alive Agent), doing the minimum the service must also do: parse the GraphQL POST body, pick
// the three IDs, forward `{preverified_id, partner_business_id}` with the caller's Authorization,
// parse Meta's answer and reply with a small JSON. On success it sends the same bytes as the
// service, so both targets are checked against the same expected answer; anything else is a 502
// carrying the upstream body.
import { Buffer } from "node:buffer";
import { createServer } from "node:http";
import { Agent, request } from "undici";
import { GRAPH_API_VERSION, MUTATION_SUCCESS, bindToParent } from "./lib/common.mjs";

const send = bindToParent();
const upstream = process.env.UPSTREAM_URL;
if (upstream === undefined || upstream === "") {
  throw new Error("UPSTREAM_URL is required");
}
const agent = new Agent({
  connections: 128,
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 60_000,
  pipelining: 1,
});

function reply(res, status, body) {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

async function share(req, res) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  const input = JSON.parse(Buffer.concat(chunks).toString("utf8"))?.variables?.input;
  const { businessId, preverifiedId, partnerBusinessId } = input ?? {};
  if (![businessId, preverifiedId, partnerBusinessId].every((id) => typeof id === "string")) {
    reply(res, 400, JSON.stringify({ errors: [{ message: "bad input" }] }));
    return;
  }
  const answer = await request(
    `${upstream}/${GRAPH_API_VERSION}/${encodeURIComponent(businessId)}/share_preverified_numbers`,
    {
      method: "POST",
      dispatcher: agent,
      headers: {
        authorization: req.headers.authorization ?? "",
        "content-type": "application/json",
        accept: "application/json",
        "user-agent": "bench-raw-proxy",
      },
      body: JSON.stringify({
        preverified_id: preverifiedId,
        partner_business_id: partnerBusinessId,
      }),
    },
  );
  const text = await answer.body.text();
  const parsed = JSON.parse(text);
  if (answer.statusCode === 200 && parsed?.success === true) {
    reply(res, 200, MUTATION_SUCCESS);
  } else {
    reply(res, 502, text);
  }
}

const server = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/graphql") {
    reply(res, 404, "{}");
    return;
  }
  share(req, res).catch((error) => {
    if (!res.headersSent) {
      reply(res, 502, JSON.stringify({ errors: [{ message: String(error) }] }));
    }
  });
});
server.keepAliveTimeout = 65_000;

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  void send({ type: "ready", port: typeof address === "object" && address ? address.port : 0 });
});
