// `npm run bench:alloc`: what the built service and the hand-written peer allocate per share under
// the bench's load. Each runs in front of the bench stub with `--inspect` on a loopback port; after a
// warm-up, V8's sampling heap profiler runs over one autocannon window with the objects that
// minor and major GCs collected kept in the profile, so it counts every allocation, not only what
// is still alive. Bytes are attributed by the innermost package frame on the allocating stack (as
// `bench:profile` attributes CPU) and divided by the successful answers. Prints and writes
// bench/results/alloc.md. Allocation per request is steadier than CPU on a shared machine (two
// runs of the same build agree within about 1 %), and it is what the young generation must
// scavenge: at the scale figure's 150 ms, what a request holds across the upstream wait is
// copied and promoted.
import os from "node:os";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { WebSocket, fetch } from "undici";
import { stopAll } from "./lib/children.mjs";
import {
  buildUnless,
  integerOption,
  markdownTable,
  runMain,
  writeFormatted,
} from "./lib/report.mjs";
import { MUTATION_BODY, MUTATION_SUCCESS } from "./lib/common.mjs";
import { frameName, packageOf } from "./lib/packages.mjs";
import {
  BENCH_DIR,
  CheckError,
  ROOT,
  autocannon,
  freePort,
  precheck,
  startHelper,
  startService,
} from "./lib/targets.mjs";

/** One sample per this many bytes allocated on average (V8's default is 32 KiB). */
const SAMPLING_INTERVAL = 1024;

function readOptions() {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "5" },
      warmup: { type: "string", default: "2" },
      connections: { type: "string", default: "50" },
      top: { type: "string", default: "20" },
      "skip-build": { type: "boolean", default: false },
    },
  });
  const number = (name, min, max) => integerOption(values, name, min, max);
  return {
    durationSec: number("duration", 1, 60),
    warmupSec: number("warmup", 1, 60),
    connections: number("connections", 1, 1000),
    top: number("top", 5, 100),
    skipBuild: values["skip-build"],
  };
}

/** A Chrome DevTools Protocol session over the inspector's WebSocket (undici's client). */
async function inspectorSession(port) {
  const [first] = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const socket = new WebSocket(first.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", () => reject(new CheckError("inspector: no connection")), {
      once: true,
    });
  });
  const pending = new Map();
  let nextId = 0;
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data));
    const settle = pending.get(message.id);
    if (settle !== undefined) {
      pending.delete(message.id);
      settle(message);
    }
  });
  return {
    async call(method, params = {}) {
      nextId += 1;
      const id = nextId;
      const answer = await new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      });
      if (answer.error !== undefined) {
        throw new CheckError(`inspector: ${method} failed: ${answer.error.message}`);
      }
      return answer.result;
    },
    close: () => socket.close(),
  };
}

/** Self bytes by innermost package frame, and by function, over the whole sampled tree. */
function analyse(profile) {
  const byPackage = new Map();
  const byFunction = new Map();
  const add = (map, key, bytes) => map.set(key, (map.get(key) ?? 0) + bytes);
  let total = 0;
  const walk = (node, owner) => {
    const { url } = node.callFrame;
    const own = packageOf(url);
    const attributed = own ?? owner;
    if (node.selfSize > 0) {
      total += node.selfSize;
      add(
        byPackage,
        attributed ?? (url.startsWith("node:") ? "Node core" : "V8 and native"),
        node.selfSize,
      );
      add(byFunction, frameName(node.callFrame), node.selfSize);
    }
    for (const child of node.children) {
      walk(child, attributed);
    }
  };
  walk(profile.head, undefined);
  const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);
  return { total, byPackage: sorted(byPackage), byFunction: sorted(byFunction) };
}

/** Starts one target with the inspector, loads it, samples one window, stops it. */
async function measure(name, options) {
  const stub = await startHelper("stub.mjs", { STUB_LATENCY_MS: "0" }, "stub");
  const port = await freePort();
  const inspect = [`--inspect=127.0.0.1:${port}`];
  const started =
    name === "service"
      ? await startService(stub.url, join(ROOT, "dist", "main.js"), inspect)
      : await startHelper(
          "peer/server.mjs",
          { UPSTREAM_URL: stub.url, NODE_ENV: "production" },
          "peer",
          inspect,
        );
  const target = {
    name,
    ...started,
    endpoint: `${started.url}/graphql`,
    body: MUTATION_BODY,
    expected: MUTATION_SUCCESS,
  };
  await precheck(target);
  await autocannon(target, options.warmupSec, options.connections);
  await sleep(300);
  const session = await inspectorSession(port);
  await session.call("HeapProfiler.enable");
  await session.call("HeapProfiler.startSampling", {
    samplingInterval: SAMPLING_INTERVAL,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  const result = await autocannon(target, options.durationSec, options.connections);
  const { profile } = await session.call("HeapProfiler.stopSampling");
  session.close();
  for (const child of [started.child, stub.child]) {
    child.kill("SIGTERM");
    await child.exited;
  }
  return { responses: result["2xx"], ...analyse(profile) };
}

function report(results, options) {
  const kib = (bytes, responses) => (bytes / responses / 1024).toFixed(1);
  const { service, peer } = results;
  const packages = new Set([...service.byPackage, ...peer.byPackage].map(([name]) => name));
  const bytesOf = (result, name) => result.byPackage.find(([key]) => key === name)?.[1] ?? 0;
  const rows = [...packages]
    .map((name) => [name, bytesOf(service, name), bytesOf(peer, name)])
    .sort((a, b) => Math.max(b[1], b[2]) - Math.max(a[1], a[2]))
    .slice(0, 30)
    .map(([name, s, p]) => [`\`${name}\``, kib(s, service.responses), kib(p, peer.responses)]);
  return [
    "# Allocation per share: the service and the hand-written peer",
    "",
    `${new Date().toISOString()} · ${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length} · Node ` +
      `${process.versions.node} · ${options.connections} connections, ${options.durationSec} s ` +
      `sampled after ${options.warmupSec} s warm-up, V8's sampling heap profiler (one sample per ` +
      `${SAMPLING_INTERVAL} B, collected objects kept) over the inspector. The service ran as ` +
      "`npm run bench` runs it (Dockerfile flags, production, pass-through, stateless); the peer as " +
      "`node bench/peer/server.mjs`.",
    "",
    `Service: ${service.responses.toLocaleString("en-US")} answers, **${kib(service.total, service.responses)} KiB ` +
      `per share**. Peer: ${peer.responses.toLocaleString("en-US")} answers, ` +
      `**${kib(peer.total, peer.responses)} KiB per share**.`,
    "",
    "## By innermost package frame (KiB per share)",
    "",
    markdownTable(["package", "service", "peer"], rows),
    "",
    `## The service's top ${options.top} allocating functions (KiB per share)`,
    "",
    markdownTable(
      ["function", "KiB"],
      service.byFunction
        .slice(0, options.top)
        .map(([name, bytes]) => [`\`${name}\``, kib(bytes, service.responses)]),
    ),
    "",
  ].join("\n");
}

async function main() {
  const options = readOptions();
  await buildUnless(options.skipBuild);
  const results = {};
  for (const name of ["service", "peer"]) {
    console.log(`Sampling the ${name}'s allocations…`);
    results[name] = await measure(name, options);
  }
  const text = report(results, options);
  console.log(`\n${text}`);
  const out = join(BENCH_DIR, "results", "alloc.md");
  await writeFormatted(out, text);
  console.log(`Wrote ${relative(ROOT, out)}`);
  await stopAll();
}

runMain(main);
