// How long the service keeps a connection whose request body stops arriving.
//
//   node scripts/measure-stalled-body.mjs [--max-seconds 150] [--root <checkout>]
//
// Starts `<root>/src/main.ts` (tsx) in production mode on a loopback port with no further
// configuration (the timeouts are the defaults of that checkout), opens a socket, sends a POST's
// headers announcing a 1,000-byte body and only 10 bytes of it, then waits until the service
// closes the connection, or `--max-seconds` pass. Prints one JSON line.
import { spawn } from "node:child_process";
import net from "node:net";
import { performance } from "node:perf_hooks";
import { clearTimeout, setTimeout } from "node:timers";
import { URL } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    "max-seconds": { type: "string", default: "150" },
    root: { type: "string", default: new URL("..", import.meta.url).pathname },
  },
});
const maxMs = Number(values["max-seconds"]) * 1000;
const root = values.root;

const service = spawn(process.execPath, ["--import", "tsx", `${root}/src/main.ts`], {
  cwd: root,
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: "0",
    // Nothing is sent upstream: the request never completes.
    GRAPH_API_URL: "http://127.0.0.1:9",
    LOG_LEVEL: "info",
  },
  stdio: ["ignore", "pipe", "pipe"],
});
service.stderr.pipe(process.stderr);

const port = await new Promise((resolve, reject) => {
  let text = "";
  service.stdout.setEncoding("utf8");
  service.stdout.on("data", (chunk) => {
    text += chunk;
    const match = /GraphQL ready at http:\/\/localhost:(\d+)\//.exec(text);
    if (match) {
      resolve(Number(match[1]));
    }
  });
  service.once("exit", (code) => {
    reject(new Error(`the service exited (${code}) before it was ready:\n${text}`));
  });
});

const result = await new Promise((resolve) => {
  const started = performance.now();
  let received = "";
  const socket = net.connect(port, "127.0.0.1", () => {
    socket.write(
      "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
        'Content-Length: 1000\r\n\r\n{"query":"',
    );
  });
  socket.setEncoding("utf8");
  socket.on("data", (chunk) => {
    received += chunk;
  });
  socket.on("error", () => undefined);
  const timer = setTimeout(() => {
    resolve({ closedByService: false, openAfterMs: Math.round(performance.now() - started) });
    socket.destroy();
  }, maxMs);
  socket.on("close", () => {
    clearTimeout(timer);
    resolve({
      closedByService: true,
      heldMs: Math.round(performance.now() - started),
      answer: received.split("\r\n")[0] ?? "",
    });
  });
});

console.log(JSON.stringify({ root, ...result }));
service.kill("SIGTERM");
