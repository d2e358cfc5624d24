// The processes a bench run measures, started and checked the same way by every bench script:
// the stub and the raw proxy (our helpers, over IPC), the built service, and autocannon.
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import { start, waitForMessage } from "./children.mjs";
import { AUTHORIZATION } from "./common.mjs";

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = dirname(BENCH_DIR);
export const NODE = process.execPath;
const AUTOCANNON = join(ROOT, "node_modules", "autocannon", "autocannon.js");

/** A failed correctness check: the run stops and exits 1. */
export class CheckError extends Error {}

export function run(command, args) {
  const child = start(command, args);
  return child.exited.then(({ code }) => {
    if (code !== 0) {
      throw new CheckError(`${command} ${args.join(" ")} failed (exit ${code})\n${child.tail()}`);
    }
  });
}

export async function startHelper(script, env, what, nodeArgs = []) {
  const child = start(NODE, [...nodeArgs, join(BENCH_DIR, script)], {
    env: { ...process.env, ...env },
    ipc: true,
  });
  const ready = await waitForMessage(child, (m) => m?.type === "ready", 10_000, what);
  return { child, pid: child.pid, url: `http://127.0.0.1:${ready.port}` };
}

let statsRequestId = 0;
export async function stubStats(stub) {
  const id = ++statsRequestId;
  stub.child.send({ type: "stats", id });
  const answer = await waitForMessage(
    stub.child,
    (m) => m?.type === "stats" && m.id === id,
    5000,
    "stub stats",
  );
  return answer.stats;
}

/** A port that was free a moment ago (the service refuses to start if it was taken since). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
The service's environment besides PORT and GRAPH_API_URL. The per-caller mutation budget is set to
its maximum: the bench has one caller, and measures the success path (the limiter still runs).
*/
export const SERVICE_ENV = {
  NODE_ENV: "production",
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
  MUTATION_RATE_LIMIT_PER_MINUTE: "1000000",
  MUTATION_RATE_LIMIT_BURST: "1000000",
};

/**
The Node flags the container runs the service with: read from the Dockerfile's `CMD`, so the bench
measures exactly what production runs (`CMD ["node", ...flags, "dist/main.js"]`).
*/
export function dockerNodeFlags() {
  const line = readFileSync(join(ROOT, "Dockerfile"), "utf8")
    .split("\n")
    .find((text) => text.startsWith("CMD ["));
  const argv = line === undefined ? undefined : JSON.parse(line.slice("CMD ".length));
  if (!Array.isArray(argv) || argv[0] !== "node" || argv.at(-1) !== "dist/main.js") {
    throw new CheckError(`Unexpected Dockerfile CMD: ${line}`);
  }
  return argv.slice(1, -1);
}

/**
The built service in production mode, pointed at the stub, run with the Dockerfile's Node flags;
`nodeArgs` (e.g. `--cpu-prof`) are added to them, `authEnv` (GRAPH_API_TOKEN and AUTH_*, for
service mode) to its environment.
*/
export async function startService(stubUrl, entry, nodeArgs = [], authEnv = {}) {
  const port = await freePort();
  // Only the variables the brief names; any GRAPH_API_* or AUTH_* of the caller's shell is dropped,
  // so the authentication mode is the one the bench chose.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith("GRAPH_API_") && !key.startsWith("AUTH_"),
    ),
  );
  Object.assign(env, SERVICE_ENV, authEnv, { GRAPH_API_URL: stubUrl, PORT: String(port) });
  const child = start(NODE, [...dockerNodeFlags(), ...nodeArgs, entry], { env });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new CheckError(`The service exited during start-up\n${child.tail()}`);
    }
    try {
      const answer = await request(`${url}/health/ready`);
      const text = await answer.body.text();
      if (answer.statusCode === 200) {
        break;
      }
      if (Date.now() > deadline) {
        throw new CheckError(`The service is not ready: ${answer.statusCode} ${text}`);
      }
    } catch (error) {
      if (error instanceof CheckError || Date.now() > deadline) {
        throw error;
      }
    }
    await sleep(100);
  }
  return { child, pid: child.pid, url };
}

/** What a target's callers send as `Authorization`: the stub's Meta token unless it says otherwise. */
export function authorizationOf(target) {
  return target.authorization ?? AUTHORIZATION;
}

export async function once(target, authorization = authorizationOf(target)) {
  const answer = await request(target.endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", authorization },
    body: target.body,
  });
  return { statusCode: answer.statusCode, text: await answer.body.text() };
}

/** One request before a window; the answer must be exactly the expected success. */
export async function precheck(target) {
  const answer = await once(target);
  const text = answer.text;
  if (answer.statusCode !== 200 || text !== target.expected) {
    throw new CheckError(
      `${target.name}: wrong answer before the run: HTTP ${answer.statusCode} ${text.slice(0, 500)}\n` +
        `expected: ${target.expected}`,
    );
  }
}

/** Runs autocannon as its own process and fails on any error, timeout, non-2xx or wrong body. */
export async function autocannon(target, seconds, connections, onStart) {
  const args = [
    AUTOCANNON,
    "--json",
    "-c",
    String(connections),
    "-d",
    String(seconds),
    "-m",
    "POST",
    "-H",
    "content-type=application/json",
    "-H",
    `authorization=${authorizationOf(target)}`,
    "-b",
    target.body,
    "-E",
    target.expected,
    target.endpoint,
  ];
  const child = start(NODE, args, { captureStdout: true });
  const stop = onStart?.(child);
  const { code } = await child.exited;
  stop?.();
  const line = child.stdoutText().trim().split("\n").pop() ?? "";
  let result;
  try {
    result = JSON.parse(line);
  } catch {
    throw new CheckError(`autocannon (exit ${code}) printed no JSON\n${child.tail()}`);
  }
  const problems = ["errors", "timeouts", "non2xx", "mismatches"].filter(
    (key) => result[key] !== 0,
  );
  if (code !== 0 || problems.length > 0 || !(result["2xx"] > 0)) {
    const sample = await once(target).then(
      ({ statusCode, text }) => `HTTP ${statusCode} ${text.slice(0, 400)}`,
      (error) => String(error),
    );
    throw new CheckError(
      `${target.name}: autocannon found failures: ` +
        `errors=${result.errors} timeouts=${result.timeouts} non2xx=${result.non2xx} ` +
        `mismatches=${result.mismatches} 2xx=${result["2xx"]} (exit ${code})\n` +
        `one more request now gets: ${sample}`,
    );
  }
  return result;
}
