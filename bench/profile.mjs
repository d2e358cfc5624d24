// `npm run bench:profile`: where the built service spends its CPU under the bench's load. Starts the
// stub and the service (with `--cpu-prof`), drives the share mutation with autocannon, stops the
// service so V8 writes its profile, and prints (and writes to bench/results/profile.md) the busy
// CPU of the measured window only (start-up and warm-up excluded), attributed three ways:
//
// - self time by the innermost package frame: each sample goes to the nearest frame on its stack
//   that belongs to a package (node_modules/<name>) or to the service (dist/); Node's own
//   JavaScript and V8 builtins called from a package count for that package;
// - inclusive time per package (a sample counts once for every package on its stack);
// - the functions with the most self time, and the service's own functions by inclusive time.
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { stopAll } from "./lib/children.mjs";
import {
  buildUnless,
  integerOption,
  markdownTable,
  runMain,
  writeFormatted,
} from "./lib/report.mjs";
import { frameName, packageOf } from "./lib/packages.mjs";
import { MUTATION_BODY, MUTATION_SUCCESS, TOKEN } from "./lib/common.mjs";
import { startIdentityProvider } from "./lib/jwt.mjs";
import {
  BENCH_DIR,
  CheckError,
  ROOT,
  autocannon,
  precheck,
  startHelper,
  startService,
} from "./lib/targets.mjs";

function readOptions() {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "15" },
      warmup: { type: "string", default: "3" },
      connections: { type: "string", default: "50" },
      top: { type: "string", default: "25" },
      "skip-build": { type: "boolean", default: false },
      auth: { type: "string" },
    },
  });
  const auth = values.auth ?? (process.env.BENCH_AUTH || "pass-through");
  if (auth !== "pass-through" && auth !== "jwt") {
    throw new CheckError(`--auth / BENCH_AUTH must be pass-through or jwt (got ${auth})`);
  }
  const number = (name, min, max) => integerOption(values, name, min, max);
  return {
    durationSec: number("duration", 1, 120),
    warmupSec: number("warmup", 1, 60),
    connections: number("connections", 1, 1000),
    top: number("top", 5, 200),
    skipBuild: values["skip-build"],
    auth,
  };
}

/** The µs clock V8 stamps its samples with (CLOCK_MONOTONIC, as `process.hrtime`). */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

// ---------------------------------------------------------------------------------------------
// Attribution

/** What a sample with no package frame on its stack is spent on. */
function unattributed(frame) {
  const { functionName, url } = frame;
  if (functionName === "(garbage collector)") {
    return "GC";
  }
  if (functionName === "(program)") {
    return "V8 and native (program)";
  }
  if (url.startsWith("node:")) {
    return "Node core (http server, net, streams, timers)";
  }
  return "other";
}

function analyse(profile, fromUs, toUs) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
  }
  const stackOf = new Map();
  const stack = (id) => {
    let frames = stackOf.get(id);
    if (frames === undefined) {
      frames = [];
      for (let at = id; at !== undefined; at = parent.get(at)) {
        frames.push(byId.get(at));
      }
      stackOf.set(id, frames);
    }
    return frames;
  };

  const self = new Map();
  const inclusive = new Map();
  const selfFunction = new Map();
  const ours = new Map();
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  let busyUs = 0;
  let idleUs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (at < fromUs || at > toUs) {
      continue;
    }
    const frames = stack(profile.samples[i]);
    const leaf = frames[0].callFrame;
    if (leaf.functionName === "(idle)") {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const packages = frames.map((frame) => packageOf(frame.callFrame.url));
    add(self, packages.find((name) => name !== undefined) ?? unattributed(leaf), us);
    for (const name of new Set(packages)) {
      if (name !== undefined) {
        add(inclusive, name, us);
      }
    }
    add(selfFunction, frameName(leaf), us);
    const seen = new Set();
    frames.forEach((frame, index) => {
      if (packages[index] === "service") {
        const key = frameName(frame.callFrame);
        if (!seen.has(key)) {
          seen.add(key);
          add(ours, key, us);
        }
      }
    });
  }
  const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);
  return {
    busyUs,
    idleUs,
    self: sorted(self),
    inclusive: sorted(inclusive),
    functions: sorted(selfFunction),
    ours: sorted(ours),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function report(result, window, options) {
  const { busyUs } = result;
  const share = (us) => `${((us / busyUs) * 100).toFixed(1)}%`;
  const perRequest = (us) => (us / window.responses).toFixed(1);
  const rows = (entries, limit) =>
    entries.slice(0, limit).map(([name, us]) => [`\`${name}\``, share(us), perRequest(us)]);
  const header = ["", "share of busy CPU", "µs per request"];
  return [
    `# Profile: the service under the share mutation${options.auth === "jwt" ? " (JWT auth)" : ""}`,
    "",
    `Service authentication: **${options.auth}**` +
      (options.auth === "jwt"
        ? " (service mode: an ES256 JWT verified with jose on every request, as `npm run bench -- " +
          "--auth jwt` runs it)."
        : " (the caller's Meta token forwarded)."),
    "",
    `${new Date().toISOString()} · ${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length} · Node ` +
      `${process.versions.node} · ${options.connections} connections, ${options.durationSec} s ` +
      `measured after ${options.warmupSec} s warm-up, under \`--cpu-prof\` (which slows it).`,
    "",
    `${window.responses.toLocaleString("en-US")} answers, ${Math.round(window.reqPerSec).toLocaleString("en-US")} req/s; ` +
      `busy CPU ${(busyUs / 1000).toFixed(0)} ms = **${perRequest(busyUs)} µs per request** ` +
      `(idle ${(result.idleUs / 1000).toFixed(0)} ms).`,
    "",
    "## Self time by innermost package frame",
    "",
    markdownTable(header, rows(result.self, 40)),
    "",
    "## Inclusive time by package",
    "",
    markdownTable(header, rows(result.inclusive, 40)),
    "",
    `## Top ${options.top} functions by self time`,
    "",
    markdownTable(header, rows(result.functions, options.top)),
    "",
    `## The service's own functions by inclusive time (top ${options.top})`,
    "",
    markdownTable(header, rows(result.ours, options.top)),
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const options = readOptions();
  await buildUnless(options.skipBuild);
  const profileDir = mkdtempSync(join(os.tmpdir(), "share-profile-"));
  const idp =
    options.auth === "jwt"
      ? await startIdentityProvider(options.warmupSec + options.durationSec + 600)
      : undefined;
  const stub = await startHelper("stub.mjs", {}, "stub");
  const service = await startService(
    stub.url,
    join(ROOT, "dist", "main.js"),
    ["--cpu-prof", `--cpu-prof-dir=${profileDir}`],
    idp === undefined ? {} : { GRAPH_API_TOKEN: TOKEN, ...idp.env },
  );
  const target = {
    name: "service",
    ...service,
    ...(idp === undefined ? {} : { authorization: idp.authorization }),
    endpoint: `${service.url}/graphql`,
    body: MUTATION_BODY,
    expected: MUTATION_SUCCESS,
  };
  await precheck(target);
  console.log(`Warm-up ${options.warmupSec} s, then ${options.durationSec} s profiled…`);
  await autocannon(target, options.warmupSec, options.connections);
  await sleep(300);
  const fromUs = nowUs();
  const result = await autocannon(target, options.durationSec, options.connections);
  const toUs = nowUs();
  const window = { responses: result["2xx"], reqPerSec: result.requests.average };

  service.child.kill("SIGTERM");
  const { code } = await service.child.exited;
  if (code !== 0) {
    throw new CheckError(`The service exited with ${code}\n${service.child.tail()}`);
  }
  const file = readdirSync(profileDir).find((name) => name.endsWith(".cpuprofile"));
  if (file === undefined) {
    throw new CheckError(`No .cpuprofile was written to ${profileDir}`);
  }
  const profile = JSON.parse(readFileSync(join(profileDir, file), "utf8"));
  const analysis = analyse(profile, fromUs, toUs);
  if (analysis.busyUs === 0) {
    throw new CheckError("No profile sample fell in the measured window.");
  }
  const text = report(analysis, window, options);
  console.log(`\n${text}`);
  await idp?.close();
  const out = join(BENCH_DIR, "results", options.auth === "jwt" ? "profile-jwt.md" : "profile.md");
  await writeFormatted(out, text);
  console.log(`Wrote ${relative(ROOT, out)}; the raw profile is ${join(profileDir, file)}`);
  await stopAll();
}

runMain(main);
