// `npm run bench`: throughput, CPU, memory and added latency of the built service (dist/) against a
// raw passthrough proxy and a hand-written Apollo Server + RESTDataSource peer measured in the same
// run, all in front of the same upstream stub; then a scale figure of the service in front of a
// stub answering after 150 ms. The service runs with a disposable PostgreSQL at DATABASE_URL
// (unless --no-database), and a round of time-limited shares compares the share mutation with and
// without expiresAt (service and database CPU per share). Every figure printed is measured here;
// see bench/README.md for the method.
//
// Exit code: 0 when every correctness check passed (even if a goal is missed: it is a report),
// 1 when an answer was wrong, a process failed, or the run overran its time budget.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, relative } from "node:path";
import { clearTimeout, setInterval, clearInterval, setTimeout } from "node:timers";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { request } from "undici";
import { killAllNow, start, stopAll, waitForMessage } from "./lib/children.mjs";
import {
  AUTHORIZATION,
  BUSINESS_ID,
  MUTATION_BODY,
  PARTNER_BUSINESS_ID,
  PREVERIFIED_ID,
  MUTATION_SUCCESS,
  SHARE_BODY,
  SHARE_PATH,
  SHARE_SUCCESS,
  TOKEN,
  median,
} from "./lib/common.mjs";
import { JWT_SCOPE, JWT_SUBJECT, startIdentityProvider } from "./lib/jwt.mjs";
import {
  POSTGRES_SETTINGS,
  findPostgres,
  query,
  startPostgres,
  ticksBetween,
} from "./lib/postgres.mjs";
import { CLK_TCK, cpuTicks, machineBusyTicks, memoryKiB, ticksToMs } from "./lib/proc.mjs";
import {
  BENCH_DIR,
  CheckError,
  NODE,
  ROOT,
  SERVICE_ENV,
  authorizationOf,
  autocannon,
  dockerNodeFlags,
  once,
  precheck,
  run,
  startHelper,
  startService,
  stubStats,
} from "./lib/targets.mjs";

const RESULTS_DIR = join(BENCH_DIR, "results");

/** How the service authenticates its callers (`--auth`). */
const AUTH_MODES = {
  "pass-through": {
    label: "pass-through",
    text: "the caller's Meta token (`Authorization: Bearer bench-token`) is forwarded to the stub",
    results: "latest",
  },
  jwt: {
    label: "JWT (service mode)",
    text:
      "the caller sends an ES256 JWT, verified with jose against a JWKS the bench serves on " +
      "127.0.0.1; the service calls the stub with GRAPH_API_TOKEN (the raw proxy and the peer " +
      "still forward the caller's Meta token)",
    results: "latest-jwt",
  },
};

/**
The goals, each a report line (a missed goal never fails the run). `unit` says how the measured
value prints; a `limit` that is a function is read from the same run (the peer's own figure).
*/
const GOALS = [
  { id: "throughput", text: "throughput ≥ 0.25× proxy", limit: 0.25, atLeast: true, unit: "×" },
  { id: "cpu", text: "CPU/req ≤ 4× proxy", limit: 4, atLeast: false, unit: "×" },
  {
    id: "addedP50",
    text: "added serial latency p50 ≤ 400 µs",
    limit: 400,
    atLeast: false,
    unit: "µs",
  },
  {
    id: "addedP99",
    text: "added serial latency p99 ≤ 2 ms",
    limit: 2000,
    atLeast: false,
    unit: "µs",
  },
  { id: "rss", text: "peak RSS ≤ 1.5× proxy", limit: 1.5, atLeast: false, unit: "×" },
  // Issue 15: against the hand-written peer, and at scale.
  { id: "peerCpu", text: "CPU/req ≤ 0.75× peer", limit: 0.75, atLeast: false, unit: "×" },
  { id: "peerThroughput", text: "throughput ≥ 1.3× peer", limit: 1.3, atLeast: true, unit: "×" },
  {
    id: "peerAddedP50",
    text: "added serial latency p50 ≤ peer's",
    limit: (summary) => summary.addedLatency.peer.p50Us,
    atLeast: false,
    unit: "µs",
  },
  { id: "rssTight", text: "peak RSS ≤ 1.3× proxy", limit: 1.3, atLeast: false, unit: "×" },
  {
    id: "scale",
    text: "at 150 ms upstream, 200 connections: ≥ 90 % of ideal throughput",
    limit: 0.9,
    atLeast: true,
    unit: "%",
  },
];

/** The scale figure: the service in front of a stub answering after `latencyMs`. */
const SCALE = { latencyMs: 150, connections: 200 };

/** The service's pool of connections to the bench's PostgreSQL (`DATABASE_POOL_SIZE`). */
const DATABASE_POOL_SIZE = 10;

// ---------------------------------------------------------------------------------------------
// Options

function readOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      duration: { type: "string" },
      warmup: { type: "string" },
      rounds: { type: "string" },
      connections: { type: "string" },
      serial: { type: "string" },
      "serial-seconds": { type: "string" },
      "scale-seconds": { type: "string" },
      "skip-build": { type: "boolean", default: false },
      service: { type: "string" },
      auth: { type: "string" },
      "no-database": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(
      "npm run bench [-- --quick] [--duration S] [--warmup S] [--rounds N] [--connections N]\n" +
        "              [--serial N] [--serial-seconds S] [--scale-seconds S] [--skip-build]\n" +
        "              [--service path/to/main.js] [--auth pass-through|jwt] [--no-database]\n" +
        "env: BENCH_QUICK=1 BENCH_DURATION BENCH_WARMUP BENCH_ROUNDS BENCH_CONNECTIONS BENCH_SERIAL " +
        "BENCH_SERIAL_SECONDS BENCH_SCALE_SECONDS BENCH_AUTH BENCH_DATABASE=0",
    );
    process.exit(0);
  }
  const env = process.env;
  const quick = values.quick || env.BENCH_QUICK === "1";
  const number = (flag, envName, fallback, min, max) => {
    const raw = values[flag] ?? env[envName];
    if (raw === undefined || raw === "") {
      return fallback;
    }
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new CheckError(`--${flag} / ${envName} must be a number in [${min}, ${max}]`);
    }
    return value;
  };
  const auth = values.auth ?? (env.BENCH_AUTH || "pass-through");
  if (!Object.hasOwn(AUTH_MODES, auth)) {
    throw new CheckError(
      `--auth / BENCH_AUTH must be one of ${Object.keys(AUTH_MODES).join(", ")} (got ${auth})`,
    );
  }
  return {
    quick,
    auth,
    database: !values["no-database"] && env.BENCH_DATABASE !== "0",
    durationSec: Math.round(number("duration", "BENCH_DURATION", quick ? 3 : 10, 1, 120)),
    warmupSec: Math.round(number("warmup", "BENCH_WARMUP", quick ? 1 : 3, 1, 60)),
    rounds: Math.round(number("rounds", "BENCH_ROUNDS", quick ? 1 : 3, 1, 10)),
    connections: Math.round(number("connections", "BENCH_CONNECTIONS", 50, 1, 1000)),
    serialCount: Math.round(number("serial", "BENCH_SERIAL", 2000, 10, 100_000)),
    serialMaxSec: number("serial-seconds", "BENCH_SERIAL_SECONDS", quick ? 3 : 8, 1, 60),
    scaleSec: Math.round(number("scale-seconds", "BENCH_SCALE_SECONDS", quick ? 3 : 5, 1, 60)),
    // The service opens up to 200 upstream connections and warms its JIT at the new rate first.
    scaleWarmupSec: quick ? 2 : 3,
    // Another build's entry point (e.g. of an older commit) may be measured instead of dist/.
    serviceEntry: values.service ?? join(ROOT, "dist", "main.js"),
    skipBuild: values["skip-build"] || values.service !== undefined,
  };
}

/** Upper bound of a whole run; past it everything is stopped and the run fails. */
function timeBudgetMs(options) {
  const load = 3 * (options.warmupSec + options.durationSec + 5);
  const serial = 4 * (options.serialMaxSec + 5);
  // Per round a service and a peer window, then one window on the slow stub directly.
  const scale = (2 * options.rounds + 1) * (options.scaleWarmupSec + options.scaleSec + 5) + 40;
  // The time-limited shares: a window with and one without expiresAt per round, and a service.
  const timed = 2 * (options.warmupSec + options.durationSec + 5) * options.rounds + 40;
  return (120 + options.rounds * (load + serial) + scale + timed) * 1000;
}

// ---------------------------------------------------------------------------------------------
// Measurements

/** Warm-up, then one measured window with CPU and memory of the target (and the others). */
async function loadWindow(target, stub, options, database) {
  await precheck(target);
  const warmup = await autocannon(target, options.warmupSec, options.connections);
  await sleep(300);

  const before = {
    target: cpuTicks(target.pid),
    stub: cpuTicks(stub.pid),
    database: database?.cpuTicks(),
    stats: await stubStats(stub),
    runner: process.cpuUsage(),
    machine: machineBusyTicks(),
    at: process.hrtime.bigint(),
  };
  let peakRssKiB = 0;
  let autocannonTicks = 0;
  const result = await autocannon(target, options.durationSec, options.connections, (child) => {
    const sample = () => {
      const memory = memoryKiB(target.pid);
      if (memory !== undefined) {
        peakRssKiB = Math.max(peakRssKiB, memory.rss);
      }
      // Last value seen before autocannon exits: up to 100 ms of its CPU may be missed.
      autocannonTicks = cpuTicks(child.pid) ?? autocannonTicks;
    };
    sample();
    const timer = setInterval(sample, 100);
    return () => clearInterval(timer);
  });
  const after = {
    target: cpuTicks(target.pid),
    stub: cpuTicks(stub.pid),
    database: database?.cpuTicks(),
    stats: await stubStats(stub),
    runner: process.cpuUsage(before.runner),
    machine: machineBusyTicks(),
    at: process.hrtime.bigint(),
  };
  if (before.target === undefined || after.target === undefined) {
    throw new CheckError(`${target.name} exited during the run\n${target.child.tail()}`);
  }
  const wallSec = Number(after.at - before.at) / 1e9;
  const responses = result["2xx"];
  const targetTicks = after.target - before.target;
  const upstreamCalls = after.stats.shares - before.stats.shares;
  const percent = (ticks) => (ticks / CLK_TCK / wallSec) * 100;
  const stubTicks = after.stub - before.stub;
  const runnerTicks = ((after.runner.user + after.runner.system) / 1e6) * CLK_TCK;
  // PostgreSQL's postmaster and its children (a backend that ended in the window is not counted).
  const databaseTicks = database === undefined ? 0 : ticksBetween(before.database, after.database);
  // Whatever else ran on the machine meanwhile (other jobs on a shared box): the noise figure.
  const otherTicks =
    after.machine -
    before.machine -
    targetTicks -
    stubTicks -
    autocannonTicks -
    runnerTicks -
    databaseTicks;
  return {
    reqPerSec: result.requests.average,
    responses,
    durationSec: result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      mean: result.latency.average,
      max: result.latency.max,
    },
    cpuMsPerReq: ticksToMs(targetTicks) / responses,
    cpuTicks: targetTicks,
    databaseCpuMsPerReq: database === undefined ? Number.NaN : ticksToMs(databaseTicks) / responses,
    cpuPercent: {
      target: percent(targetTicks),
      stub: percent(stubTicks),
      database: database === undefined ? Number.NaN : percent(databaseTicks),
      autocannon: percent(autocannonTicks),
      others: Math.max(0, percent(otherTicks)),
      machine: percent(after.machine - before.machine),
    },
    cpuWindowSec: wallSec,
    peakRssMiB: peakRssKiB / 1024,
    lifetimePeakRssMiB: (memoryKiB(target.pid)?.hwm ?? Number.NaN) / 1024,
    // Against requests sent: the (at most `connections`) requests still in flight when autocannon
    // stops were forwarded too, but never answered to autocannon.
    upstreamCallsPerRequest: upstreamCalls / result.requests.sent,
    upstreamCalls,
    requestsSent: result.requests.sent,
    warmupRequests: warmup.requests.sent,
    newUpstreamConnections: after.stats.connections - before.stats.connections,
  };
}

/** The one-at-a-time latency client, as its own process. */
async function serial(target, options) {
  const job = {
    url: target.endpoint,
    body: target.body,
    headers: { "content-type": "application/json", authorization: authorizationOf(target) },
    expected: target.expected,
    warmup: Math.min(200, Math.ceil(options.serialCount / 10)),
    count: options.serialCount,
    maxSeconds: options.serialMaxSec,
  };
  const child = start(NODE, [join(BENCH_DIR, "serial.mjs"), JSON.stringify(job)], { ipc: true });
  const result = await waitForMessage(
    child,
    (m) => m?.type === "result",
    (options.serialMaxSec + 30) * 1000,
    `serial client (${target.name})`,
  );
  await child.exited;
  if (result.errors > 0) {
    throw new CheckError(`${target.name}: serial client got a wrong answer: ${result.firstError}`);
  }
  return { count: result.count, us: result.us };
}

/** Upstream calls made by one `_entities` operation of 50 references (read from the stub). */
async function entitiesFigure(service, stub) {
  const ids = Array.from({ length: 50 }, (_, i) => String(3000000000000001 + i));
  const body = JSON.stringify({
    query:
      "query($r: [_Any!]!) { _entities(representations: $r) { ... on PreverifiedNumber { id phoneNumber } } }",
    variables: { r: ids.map((id) => ({ __typename: "PreverifiedNumber", id })) },
  });
  const before = await stubStats(stub);
  const answer = await request(`${service.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: authorizationOf(service) },
    body,
  });
  const text = await answer.body.text();
  const after = await stubStats(stub);
  let entities;
  try {
    const parsed = JSON.parse(text);
    entities = parsed.errors === undefined ? parsed.data?._entities : undefined;
  } catch {
    entities = undefined;
  }
  const ok =
    answer.statusCode === 200 &&
    Array.isArray(entities) &&
    entities.length === ids.length &&
    entities.every((entity, i) => entity?.id === ids[i]);
  if (!ok) {
    throw new CheckError(
      `_entities: wrong answer: HTTP ${answer.statusCode} ${text.slice(0, 500)}`,
    );
  }
  return { references: ids.length, upstreamCalls: after.requests - before.requests };
}

/**
With `--auth jwt`: the stub's Meta token instead of a JWT must be refused (the mutation answers
`AuthenticationError`) before any upstream call, so the figures are known to include the
verification.
*/
async function refusalCheck(service, stub) {
  const before = await stubStats(stub);
  const answer = await once(service, AUTHORIZATION);
  const after = await stubStats(stub);
  const refused = `${JSON.stringify({
    data: { sharePreverifiedNumber: { __typename: "AuthenticationError" } },
  })}\n`;
  if (answer.text !== refused || after.requests !== before.requests) {
    throw new CheckError(
      `service: a request without a JWT was not refused before Meta (HTTP ${answer.statusCode}, ` +
        `${after.requests - before.requests} upstream call(s)): ${answer.text.slice(0, 300)}`,
    );
  }
  return { statusCode: answer.statusCode, typename: "AuthenticationError" };
}

/**
The scale figure: a second stub answering after SCALE.latencyMs, and in front of it a second service
(same flags, environment and authentication) and a second peer. Each round measures one window of
each at SCALE.connections, the order alternating, so the service's figure can be read against what
the hand-written peer reaches on the same machine at the same time; then one window on the slow stub
directly (the harness's ceiling). Medians over rounds; peak RSS is the maximum. All are stopped
before the figure returns.
*/
async function scaleFigure(service, peerTemplate, authEnv, options, database) {
  process.stdout.write(
    `Scale: service and peer on a stub answering after ${SCALE.latencyMs} ms, ` +
      `${SCALE.connections} connections, ${options.rounds} round(s)… `,
  );
  const slowStub = await startHelper(
    "stub.mjs",
    { STUB_LATENCY_MS: String(SCALE.latencyMs) },
    "slow stub",
  );
  const scaled = await startService(slowStub.url, options.serviceEntry, [], authEnv);
  const slowPeer = await startHelper(
    "peer/server.mjs",
    { UPSTREAM_URL: slowStub.url, NODE_ENV: "production" },
    "peer (scale)",
  );
  const targets = {
    service: {
      ...service,
      name: "service (scale)",
      ...scaled,
      endpoint: `${scaled.url}/graphql`,
    },
    peer: {
      ...peerTemplate,
      name: "peer (scale)",
      ...slowPeer,
      endpoint: `${slowPeer.url}/graphql`,
    },
  };
  const idle = {};
  for (const [name, target] of Object.entries(targets)) {
    await precheck(target);
    idle[name] = (memoryKiB(target.pid)?.rss ?? Number.NaN) / 1024;
  }
  const windowOptions = {
    ...options,
    warmupSec: options.scaleWarmupSec,
    durationSec: options.scaleSec,
    connections: SCALE.connections,
  };
  const windows = { service: [], peer: [] };
  for (let r = 0; r < options.rounds; r += 1) {
    for (const name of r % 2 === 0 ? ["service", "peer"] : ["peer", "service"]) {
      windows[name].push(
        await loadWindow(
          targets[name],
          slowStub,
          windowOptions,
          name === "service" ? database : undefined,
        ),
      );
      const stats = await stubStats(slowStub);
      if (stats.bad > 0) {
        throw new CheckError(`The slow stub received ${stats.bad} unexpected request(s).`);
      }
    }
  }
  const log = scaled.child.tail().trim();
  for (const target of Object.values(targets)) {
    target.child.kill("SIGTERM");
    await target.child.exited;
  }
  // The ceiling of the harness itself: autocannon on the slow stub directly, same window.
  const direct = await loadWindow(
    {
      name: "slow stub",
      ...slowStub,
      endpoint: `${slowStub.url}${SHARE_PATH}`,
      body: SHARE_BODY,
      expected: SHARE_SUCCESS,
    },
    slowStub,
    windowOptions,
  );
  slowStub.child.kill("SIGTERM");
  await slowStub.child.exited;
  const window = medianWindow(windows.service);
  const peerWindow = medianWindow(windows.peer);
  console.log(
    `${int(window.reqPerSec)} req/s, ${fixed(window.cpuMsPerReq, 3)} CPU ms/req ` +
      `(peer: ${int(peerWindow.reqPerSec)} req/s, ${fixed(peerWindow.cpuMsPerReq, 3)} CPU ms/req; ` +
      `stub directly: ${int(direct.reqPerSec)} req/s)`,
  );
  return {
    window,
    peerWindow,
    serviceWindows: windows.service,
    peerWindows: windows.peer,
    direct,
    idleRssMiB: idle.service,
    peerIdleRssMiB: idle.peer,
    log,
    ...SCALE,
  };
}

/** Windows of one target over rounds: medians of the rates and latencies, the highest peak RSS. */
function medianWindow(windows) {
  const of = (pick) => median(windows.map(pick));
  return {
    reqPerSec: of((w) => w.reqPerSec),
    latencyMs: { p50: of((w) => w.latencyMs.p50), p99: of((w) => w.latencyMs.p99) },
    cpuMsPerReq: of((w) => w.cpuMsPerReq),
    cpuPercent: { target: of((w) => w.cpuPercent.target) },
    peakRssMiB: Math.max(...windows.map((w) => w.peakRssMiB)),
    upstreamCallsPerRequest: of((w) => w.upstreamCallsPerRequest),
    upstreamCalls: windows.reduce((sum, w) => sum + w.upstreamCalls, 0),
    responses: windows.reduce((sum, w) => sum + w.responses, 0),
    requestsSent: windows.reduce((sum, w) => sum + w.requestsSent, 0),
  };
}

/**
Time-limited shares (issue 14): the same share mutation on one service in service mode, with
`expiresAt` (a day ahead: no expiry fires during the run) and without it, in alternating windows
per round. Each answer must echo the `expiresAt` sent (or null). Also counts the history rows and
pg-boss jobs written per share, read from the database after each window.
*/
async function timedShares(target, stub, options, database) {
  const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
  const body = (input) =>
    JSON.stringify({
      query:
        "mutation($input: SharePreverifiedNumberInput!) { sharePreverifiedNumber(input: $input) " +
        "{ __typename ... on SharePreverifiedNumberSuccess { expiresAt } } }",
      variables: {
        input: {
          businessId: BUSINESS_ID,
          preverifiedId: PREVERIFIED_ID,
          partnerBusinessId: PARTNER_BUSINESS_ID,
          ...input,
        },
      },
    });
  const expected = (value) =>
    `${JSON.stringify({
      data: {
        sharePreverifiedNumber: {
          __typename: "SharePreverifiedNumberSuccess",
          expiresAt: value,
        },
      },
    })}\n`;
  const kinds = {
    permanent: {
      ...target,
      name: `${target.name}, no expiresAt`,
      body: body({}),
      expected: expected(null),
    },
    timed: {
      ...target,
      name: `${target.name}, expiresAt`,
      body: body({ expiresAt }),
      expected: expected(expiresAt),
    },
  };
  const rows = async () => {
    const [counts] = await query(
      database.url,
      "SELECT (SELECT count(*) FROM sharing_event)::int AS events, " +
        "(SELECT count(*) FROM pgboss.job)::int AS jobs",
    );
    return counts;
  };
  const rounds = [];
  for (let r = 0; r < options.rounds; r += 1) {
    const order = r % 2 === 0 ? ["permanent", "timed"] : ["timed", "permanent"];
    const round = {};
    for (const kind of order) {
      process.stdout.write(
        `Time-limited shares ${r + 1}/${options.rounds}: load ${kinds[kind].name}… `,
      );
      // The precheck and warm-up write rows too: counted from just before the measured window
      // would need a hook inside loadWindow, so the rows are per request sent over the whole window
      // including its warm-up (both sent the same mutation).
      const before = await rows();
      const window = await loadWindow(kinds[kind], stub, options, database);
      const after = await rows();
      const sent = window.requestsSent + window.warmupRequests + 1;
      window.eventsPerShare = (after.events - before.events) / sent;
      window.jobsPerShare = (after.jobs - before.jobs) / sent;
      round[kind] = window;
      console.log(
        `${int(window.reqPerSec)} req/s, ${fixed(window.cpuMsPerReq, 3)} CPU ms/req, ` +
          `database ${fixed(window.databaseCpuMsPerReq, 3)} CPU ms/req`,
      );
    }
    rounds.push(round);
  }
  const summary = (kind) => {
    const windows = rounds.map((round) => round[kind]);
    return {
      reqPerSec: median(windows.map((w) => w.reqPerSec)),
      p50Ms: median(windows.map((w) => w.latencyMs.p50)),
      p99Ms: median(windows.map((w) => w.latencyMs.p99)),
      cpuMsPerReq: median(windows.map((w) => w.cpuMsPerReq)),
      databaseCpuMsPerReq: median(windows.map((w) => w.databaseCpuMsPerReq)),
      totalCpuMsPerReq: median(windows.map((w) => w.cpuMsPerReq + w.databaseCpuMsPerReq)),
      databaseCpuPercent: median(windows.map((w) => w.cpuPercent.database)),
      othersCpuPercent: median(windows.map((w) => w.cpuPercent.others)),
      eventsPerShare: median(windows.map((w) => w.eventsPerShare)),
      jobsPerShare: median(windows.map((w) => w.jobsPerShare)),
      upstreamCallsPerRequest: median(windows.map((w) => w.upstreamCallsPerRequest)),
    };
  };
  return { expiresAt, rounds, permanent: summary("permanent"), timed: summary("timed") };
}

// ---------------------------------------------------------------------------------------------
// Report

function summarize(rounds, idleRssMiB, scale) {
  const load = (name) => {
    const windows = rounds.map((round) => round.load[name]);
    return {
      idleRssMiB: idleRssMiB[name],
      reqPerSec: median(windows.map((w) => w.reqPerSec)),
      p50Ms: median(windows.map((w) => w.latencyMs.p50)),
      p99Ms: median(windows.map((w) => w.latencyMs.p99)),
      cpuMsPerReq: median(windows.map((w) => w.cpuMsPerReq)),
      databaseCpuMsPerReq: median(windows.map((w) => w.databaseCpuMsPerReq)),
      peakRssMiB: Math.max(...windows.map((w) => w.peakRssMiB)),
      cpuPercent: {
        target: median(windows.map((w) => w.cpuPercent.target)),
        stub: median(windows.map((w) => w.cpuPercent.stub)),
        autocannon: median(windows.map((w) => w.cpuPercent.autocannon)),
        others: median(windows.map((w) => w.cpuPercent.others)),
      },
      upstreamCallsPerRequest: median(windows.map((w) => w.upstreamCallsPerRequest)),
    };
  };
  const serialOf = (name) => ({
    p50Us: median(rounds.map((round) => round.serial[name].us.p50)),
    p99Us: median(rounds.map((round) => round.serial[name].us.p99)),
  });
  const added = (name) => ({
    p50Us: median(rounds.map((r) => r.serial[name].us.p50 - r.serial.stub.us.p50)),
    p99Us: median(rounds.map((r) => r.serial[name].us.p99 - r.serial.stub.us.p99)),
  });
  const proxy = load("proxy");
  const peer = load("peer");
  const service = load("service");
  const ratio = (one, other) => ({
    throughput: one.reqPerSec / other.reqPerSec,
    cpu: one.cpuMsPerReq / other.cpuMsPerReq,
    rss: one.peakRssMiB / other.peakRssMiB,
  });
  const against = (other) => ratio(service, other);
  const addedLatency = { service: added("service"), proxy: added("proxy"), peer: added("peer") };
  return {
    load: { proxy, peer, service },
    ratios: against(proxy),
    // The goals against the proxy, applied to the hand-written peer: what a team's own facade reaches.
    peerVsProxy: ratio(peer, proxy),
    peerRatios: {
      ...against(peer),
      addedP50: addedLatency.service.p50Us / addedLatency.peer.p50Us,
    },
    serial: {
      stub: serialOf("stub"),
      proxy: serialOf("proxy"),
      peer: serialOf("peer"),
      service: serialOf("service"),
    },
    addedLatency,
    scale: scaleSummary(scale),
  };
}

/** The scale window's figures, against the ideal (connections ÷ upstream latency). */
function scaleSummary({
  window,
  peerWindow,
  serviceWindows,
  peerWindows,
  direct,
  idleRssMiB,
  peerIdleRssMiB,
  latencyMs,
  connections,
}) {
  const idealReqPerSec = connections / (latencyMs / 1000);
  return {
    // Each round's share of the ideal, service and peer: how far the rounds spread.
    rounds: serviceWindows.map((w, i) => ({
      serviceOfIdeal: w.reqPerSec / idealReqPerSec,
      peerOfIdeal: peerWindows[i].reqPerSec / idealReqPerSec,
      serviceCpuMsPerReq: w.cpuMsPerReq,
      peerCpuMsPerReq: peerWindows[i].cpuMsPerReq,
    })),
    peer: {
      reqPerSec: peerWindow.reqPerSec,
      ofIdeal: peerWindow.reqPerSec / idealReqPerSec,
      p50Ms: peerWindow.latencyMs.p50,
      p99Ms: peerWindow.latencyMs.p99,
      cpuMsPerReq: peerWindow.cpuMsPerReq,
      cpuPercent: peerWindow.cpuPercent.target,
      idleRssMiB: peerIdleRssMiB,
      peakRssMiB: peerWindow.peakRssMiB,
      rssMiBPer1000InFlight: ((peerWindow.peakRssMiB - peerIdleRssMiB) * 1000) / connections,
    },
    latencyMs,
    connections,
    idealReqPerSec,
    reqPerSec: window.reqPerSec,
    ofIdeal: window.reqPerSec / idealReqPerSec,
    stubDirect: {
      reqPerSec: direct.reqPerSec,
      ofIdeal: direct.reqPerSec / idealReqPerSec,
      p50Ms: direct.latencyMs.p50,
      p99Ms: direct.latencyMs.p99,
    },
    p50Ms: window.latencyMs.p50,
    p99Ms: window.latencyMs.p99,
    cpuMsPerReq: window.cpuMsPerReq,
    cpuPercent: window.cpuPercent.target,
    idleRssMiB,
    peakRssMiB: window.peakRssMiB,
    // What the requests in flight cost on top of the idle process, scaled to 1,000 of them.
    rssMiBPer1000InFlight: ((window.peakRssMiB - idleRssMiB) * 1000) / connections,
    upstreamCallsPerRequest: window.upstreamCallsPerRequest,
    upstreamCalls: window.upstreamCalls,
    responses: window.responses,
    requestsSent: window.requestsSent,
  };
}

function judge(summary) {
  const value = {
    throughput: summary.ratios.throughput,
    cpu: summary.ratios.cpu,
    addedP50: summary.addedLatency.service.p50Us,
    addedP99: summary.addedLatency.service.p99Us,
    rss: summary.ratios.rss,
    peerCpu: summary.peerRatios.cpu,
    peerThroughput: summary.peerRatios.throughput,
    peerAddedP50: summary.addedLatency.service.p50Us,
    rssTight: summary.ratios.rss,
    scale: summary.scale.ofIdeal,
  };
  // The same goal applied to the hand-written peer, where it is not a comparison with the peer.
  const peerValue = {
    throughput: summary.peerVsProxy.throughput,
    cpu: summary.peerVsProxy.cpu,
    addedP50: summary.addedLatency.peer.p50Us,
    addedP99: summary.addedLatency.peer.p99Us,
    rss: summary.peerVsProxy.rss,
    rssTight: summary.peerVsProxy.rss,
    scale: summary.scale.peer.ofIdeal,
  };
  return GOALS.map((goal) => {
    const measured = value[goal.id];
    const limit = typeof goal.limit === "function" ? goal.limit(summary) : goal.limit;
    const meets = (figure) => (goal.atLeast ? figure >= limit : figure <= limit);
    const peer = peerValue[goal.id];
    return {
      goal: goal.id,
      text: goal.text,
      unit: goal.unit,
      measured,
      limit,
      pass: meets(measured),
      ...(peer === undefined ? {} : { peer, peerPass: meets(peer) }),
    };
  });
}

const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
const int = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "n/a");

function databaseLine(database) {
  return database.kind === "postgres"
    ? `database: **PostgreSQL ${database.version} at \`DATABASE_URL\`, pool ${database.poolSize}** ` +
        "(a disposable server the bench started: initdb in a temporary folder, loopback, " +
        `${Object.entries(database.settings)
          .map(([key, value]) => `${key}=${value}`)
          .join(", ")})`
    : `database: **none (stateless)**: ${database.reason}`;
}

/** The time-limited shares' section of the report. */
function timedLines(timed, options) {
  if (timed === undefined) {
    return [];
  }
  const { permanent, timed: limited } = timed;
  const row = (name, w) =>
    `| ${name} | ${int(w.reqPerSec)} | ${fixed(w.p50Ms, 1)} | ${fixed(w.p99Ms, 1)} | ` +
    `${fixed(w.cpuMsPerReq, 3)} | ${fixed(w.databaseCpuMsPerReq, 3)} (${int(w.databaseCpuPercent)} %) | ` +
    `${fixed(w.totalCpuMsPerReq, 3)} | ${fixed(w.eventsPerShare, 2)} / ${fixed(w.jobsPerShare, 2)} | ` +
    `${int(w.othersCpuPercent)} |`;
  const ratio = (key) => fixed(limited[key] / permanent[key], 2);
  return [
    "",
    `Time-limited shares: ${timed.service}, the same share mutation (selecting \`expiresAt\`) with ` +
      `\`expiresAt\` ${timed.expiresAt} (a day ahead: nothing expires during the run) and without it, ` +
      `${options.rounds} round(s) of one window each, order alternating, ${options.connections} connections. ` +
      "Every answer must be `SharePreverifiedNumberSuccess` echoing the `expiresAt` sent (or null). " +
      "All requests share one schedule row (one number, one partner): its lock serialises the " +
      "time-limited shares, as for one share sent again and again.",
    "",
    "| share mutation | req/s | p50 ms | p99 ms | service CPU ms/req | database CPU ms/req (% of a core) | total CPU ms/req | history rows / jobs per request | CPU % others |",
    "| --- | --: | --: | --: | --: | --: | --: | --: | --: |",
    row("without `expiresAt`", permanent),
    row("with `expiresAt`", limited),
    `| **ratio (with / without)** | ${ratio("reqPerSec")} | ${ratio("p50Ms")} | ${ratio("p99Ms")} | ` +
      `${ratio("cpuMsPerReq")} | ${ratio("databaseCpuMsPerReq")} | **${ratio("totalCpuMsPerReq")}** | | |`,
    "",
    "Database CPU: utime+stime of the postmaster and its children (the backends of the pools, " +
      "the writers) from `/proc`, over the same window, per answer. Rows per request: " +
      "`sharing_event` and `pgboss.job` rows added over the window and its warm-up, per request sent.",
  ];
}

function markdown(report) {
  const { machine, options, summary, goals, entities, rounds } = report;
  const { proxy, peer, service } = summary.load;
  const lines = [];
  const auth = AUTH_MODES[options.auth];
  lines.push(
    `# Benchmark: service vs raw passthrough proxy and hand-written peer${options.auth === "jwt" ? " (JWT auth)" : ""}`,
    "",
  );
  lines.push(
    `${machine.date} · ${machine.cpuModel} × ${machine.cores} · ${fixed(machine.totalMemGiB, 1)} GiB · ` +
      `Node ${machine.node} · load average before ${machine.loadAverageBefore.map((v) => fixed(v, 2)).join(" ")}`,
    "",
    `${options.quick ? "Quick mode: " : ""}${options.rounds} round(s) × [proxy, peer, service], ` +
      `${options.warmupSec} s warm-up + ${options.durationSec} s measured, ` +
      `${options.connections} connections; serial: ${options.serialCount} requests ` +
      `(at most ${options.serialMaxSec} s) per target per round. ` +
      `Medians over rounds; peak RSS is the maximum. dist: \`${report.build.distSha256.slice(0, 12)}\` ` +
      `(commit \`${report.build.commit.slice(0, 12)}\`).`,
    "",
    `How the service ran: as the Dockerfile's CMD does, ` +
      `\`node ${[...report.build.serviceNodeFlags, "dist/main.js"].join(" ")}\`, with ` +
      `${Object.entries(report.build.serviceEnv)
        .filter(
          ([key]) =>
            !key.startsWith("AUTH_") && !key.startsWith("DATABASE_") && key !== "GRAPH_API_TOKEN",
        )
        .map(([key, value]) => `\`${key}=${value}\``)
        .join(", ")}; authentication **${auth.label}**` +
      `${options.auth === "jwt" ? " (`GRAPH_API_TOKEN` and `AUTH_*` set)" : " (no `GRAPH_API_TOKEN`)"}; ` +
      `${databaseLine(report.build.database)}. The peer ran as \`node bench/peer/server.mjs\` with ` +
      "`NODE_ENV=production` and no Node flags.",
    "",
    `Service authentication: **${auth.label}**: ${auth.text}.` +
      (report.jwt === undefined
        ? ""
        : ` JWT: sub \`${report.jwt.subject}\`, scope \`${report.jwt.scope}\`, ` +
          `${report.jwt.tokenBytes} bytes; JWKS fetched ${report.jwt.jwksFetches} time(s) in the ` +
          `run; a request with the Meta token instead of a JWT answered ` +
          `\`${report.jwt.refusal.typename}\` (HTTP ${report.jwt.refusal.statusCode}) with no ` +
          "upstream call."),
    "",
  );
  lines.push(
    "| target | req/s | p50 ms | p99 ms | CPU ms/req | database CPU ms/req | peak RSS MiB | idle RSS MiB | CPU % target / stub / autocannon / others | upstream calls/req |",
    "| --- | --: | --: | --: | --: | --: | --: | --: | --- | --: |",
  );
  for (const [name, row] of [
    ["raw proxy (node:http + undici.request)", proxy],
    ["peer (Apollo Server 5 standalone + RESTDataSource)", peer],
    [`service (dist/, production${options.auth === "jwt" ? ", JWT" : ""})`, service],
  ]) {
    lines.push(
      `| ${name} | ${int(row.reqPerSec)} | ${fixed(row.p50Ms, 1)} | ${fixed(row.p99Ms, 1)} | ` +
        `${fixed(row.cpuMsPerReq, 3)} | ${fixed(row.databaseCpuMsPerReq, 3)} | ` +
        `${fixed(row.peakRssMiB, 1)} | ${fixed(row.idleRssMiB, 1)} | ` +
        `${int(row.cpuPercent.target)} / ${int(row.cpuPercent.stub)} / ≈${int(row.cpuPercent.autocannon)} / ` +
        `${int(row.cpuPercent.others)} | ` +
        `${fixed(row.upstreamCallsPerRequest, 3)} |`,
    );
  }
  lines.push(
    "",
    "req/s, p50 and p99: autocannon (ms). CPU ms/req: the target's utime+stime in the measured " +
      "window over its successful answers. CPU %: 100 = one core, same window; _others_ is what " +
      "the rest of the machine used meanwhile (not the bench's processes). Peak RSS: VmRSS polled " +
      "every 100 ms in the window (idle: after start-up and one request, before any load). " +
      "Database CPU: the bench's PostgreSQL (postmaster and children) in the same window, per " +
      "answer of the target (the proxy and the peer use no database: their figure is its idle work).",
  );
  lines.push(
    "",
    "| ratio (same run) | service / proxy | service / peer | peer / proxy |",
    "| --- | --: | --: | --: |",
    `| throughput | ${fixed(summary.ratios.throughput, 3)} | ${fixed(summary.peerRatios.throughput, 3)} | ` +
      `${fixed(summary.peerVsProxy.throughput, 3)} |`,
    `| CPU per request | ${fixed(summary.ratios.cpu, 2)} | ${fixed(summary.peerRatios.cpu, 2)} | ` +
      `${fixed(summary.peerVsProxy.cpu, 2)} |`,
    `| peak RSS | ${fixed(summary.ratios.rss, 2)} | ${fixed(summary.peerRatios.rss, 2)} | ` +
      `${fixed(summary.peerVsProxy.rss, 2)} |`,
    `| added serial latency p50 | ${fixed(summary.addedLatency.service.p50Us / summary.addedLatency.proxy.p50Us, 2)} | ` +
      `${fixed(summary.peerRatios.addedP50, 2)} | ` +
      `${fixed(summary.addedLatency.peer.p50Us / summary.addedLatency.proxy.p50Us, 2)} |`,
  );
  lines.push(
    "",
    "| serial, one request at a time | p50 µs | p99 µs |",
    "| --- | --: | --: |",
    `| stub directly | ${int(summary.serial.stub.p50Us)} | ${int(summary.serial.stub.p99Us)} |`,
    `| raw proxy | ${int(summary.serial.proxy.p50Us)} | ${int(summary.serial.proxy.p99Us)} |`,
    `| peer | ${int(summary.serial.peer.p50Us)} | ${int(summary.serial.peer.p99Us)} |`,
    `| service | ${int(summary.serial.service.p50Us)} | ${int(summary.serial.service.p99Us)} |`,
    `| **added by the service** (service − stub) | **${int(summary.addedLatency.service.p50Us)}** | ` +
      `**${int(summary.addedLatency.service.p99Us)}** |`,
    `| added by the raw proxy (proxy − stub) | ${int(summary.addedLatency.proxy.p50Us)} | ` +
      `${int(summary.addedLatency.proxy.p99Us)} |`,
    `| added by the peer (peer − stub) | ${int(summary.addedLatency.peer.p50Us)} | ` +
      `${int(summary.addedLatency.peer.p99Us)} |`,
  );
  const scale = summary.scale;
  lines.push(
    "",
    `Scale: the service and the peer on their own stub answering after ${scale.latencyMs} ms, ` +
      `${scale.connections} connections, ${options.rounds} round(s) of one window each (order alternating), ` +
      `${options.scaleWarmupSec} s warm-up + ${options.scaleSec} s measured. Medians over rounds; ` +
      `peak RSS is the maximum.`,
    "",
    "| scale figure | service | peer |",
    "| --- | --: | --: |",
    `| throughput | ${int(scale.reqPerSec)} req/s | ${int(scale.peer.reqPerSec)} req/s |`,
    `| of ideal (${int(scale.idealReqPerSec)} req/s = connections ÷ latency) | ${fixed(scale.ofIdeal * 100, 1)} % | ` +
      `${fixed(scale.peer.ofIdeal * 100, 1)} % |`,
    `| p50 / p99 | ${fixed(scale.p50Ms, 1)} / ${fixed(scale.p99Ms, 1)} ms | ` +
      `${fixed(scale.peer.p50Ms, 1)} / ${fixed(scale.peer.p99Ms, 1)} ms |`,
    `| CPU per request | ${fixed(scale.cpuMsPerReq, 3)} ms (${int(scale.cpuPercent)} % of a core) | ` +
      `${fixed(scale.peer.cpuMsPerReq, 3)} ms (${int(scale.peer.cpuPercent)} % of a core) |`,
    `| peak RSS (idle) | ${fixed(scale.peakRssMiB, 1)} (${fixed(scale.idleRssMiB, 1)}) MiB | ` +
      `${fixed(scale.peer.peakRssMiB, 1)} (${fixed(scale.peer.idleRssMiB, 1)}) MiB |`,
    `| peak RSS − idle, per 1,000 requests in flight | ${fixed(scale.rssMiBPer1000InFlight, 1)} MiB | ` +
      `${fixed(scale.peer.rssMiBPer1000InFlight, 1)} MiB |`,
    `| upstream calls / answers / requests sent, all rounds | ${int(scale.upstreamCalls)} / ` +
      `${int(scale.responses)} / ${int(scale.requestsSent)} | |`,
    `| of ideal, each round | ${scale.rounds.map((r) => fixed(r.serviceOfIdeal * 100, 1)).join(" / ")} % | ` +
      `${scale.rounds.map((r) => fixed(r.peerOfIdeal * 100, 1)).join(" / ")} % |`,
    "",
    `The slow stub directly, same window (the harness's ceiling): ${int(scale.stubDirect.reqPerSec)} req/s, ` +
      `${fixed(scale.stubDirect.ofIdeal * 100, 1)} % of ideal, p50 / p99 ${fixed(scale.stubDirect.p50Ms, 1)} / ` +
      `${fixed(scale.stubDirect.p99Ms, 1)} ms.`,
  );
  lines.push(...timedLines(report.timed, options));
  lines.push(
    "",
    "| goal | measured | limit | result | the peer, same goal |",
    "| --- | --: | --: | --- | --: |",
  );
  const show = (unit, value) => {
    if (unit === "µs") {
      return `${int(value)} µs`;
    }
    return unit === "%" ? `${fixed(value * 100, 1)} %` : `${fixed(value, 3)}×`;
  };
  for (const goal of goals) {
    lines.push(
      `| ${goal.text} | ${show(goal.unit, goal.measured)} | ${show(goal.unit, goal.limit)} | ` +
        `${goal.pass ? "PASS" : "**FAIL**"} | ` +
        `${goal.peer === undefined ? "—" : `${show(goal.unit, goal.peer)} (${goal.peerPass ? "pass" : "fail"})`} |`,
    );
  }
  lines.push(
    "",
    `Entity batching: one \`_entities\` operation of ${entities.references} \`PreverifiedNumber\` ` +
      `references made **${entities.upstreamCalls}** upstream call(s).`,
  );
  if (rounds.length > 1) {
    lines.push(
      "",
      "| round | req/s proxy / peer / service | CPU ms/req proxy / peer / service | CPU % others | added serial p50 µs peer / service |",
      "| --: | --: | --: | --: | --: |",
      ...rounds.map(
        (round, i) =>
          `| ${i + 1} | ${int(round.load.proxy.reqPerSec)} / ${int(round.load.peer.reqPerSec)} / ` +
          `${int(round.load.service.reqPerSec)} | ` +
          `${fixed(round.load.proxy.cpuMsPerReq, 3)} / ${fixed(round.load.peer.cpuMsPerReq, 3)} / ` +
          `${fixed(round.load.service.cpuMsPerReq, 3)} | ` +
          `${int(round.load.proxy.cpuPercent.others)} / ${int(round.load.peer.cpuPercent.others)} / ` +
          `${int(round.load.service.cpuPercent.others)} | ` +
          `${int(round.serial.peer.us.p50 - round.serial.stub.us.p50)} / ` +
          `${int(round.serial.service.us.p50 - round.serial.stub.us.p50)} |`,
      ),
    );
  }
  if (report.notes.length > 0) {
    lines.push("", ...report.notes.map((note) => `- ${note}`));
  }
  return `${lines.join("\n")}\n`;
}

async function writeFormatted(path, text) {
  // The results are committed: keep them in the repository's Prettier style.
  const prettier = await import("prettier");
  const config = (await prettier.resolveConfig(path)) ?? {};
  writeFileSync(path, await prettier.format(text, { ...config, filepath: path }));
}

/** Identifies the measured build: a hash of every .js file next to and below its entry point. */
function distSha256(dist) {
  const hash = createHash("sha256");
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.name.endsWith(".js")) {
        hash.update(relative(dist, path)).update(readFileSync(path));
      }
    }
  };
  walk(dist);
  return hash.digest("hex");
}

function gitCommit() {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 24) {
    throw new CheckError(`Node ${process.version} runs the bench; run it with \`npm run bench\`.`);
  }
  const options = readOptions();
  const auth = AUTH_MODES[options.auth];
  const budgetMs = timeBudgetMs(options);
  const watchdog = setTimeout(() => {
    console.error(`\n✖ The run overran its time budget (${budgetMs / 1000} s); stopping.`);
    void stopAll().finally(() => process.exit(1));
  }, budgetMs);

  if (!options.skipBuild) {
    console.log("Building the service (npm run build)…");
    await run("npm", ["run", "--silent", "build"]);
  }
  const build = {
    commit: gitCommit(),
    built: !options.skipBuild,
    service: relative(ROOT, options.serviceEntry),
    distSha256: distSha256(dirname(options.serviceEntry)),
    serviceEnv: { ...SERVICE_ENV },
    serviceNodeFlags: dockerNodeFlags(),
  };
  const machine = {
    date: new Date().toISOString(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    totalMemGiB: os.totalmem() / 1024 ** 3,
    node: process.versions.node,
    undici: process.versions.undici,
    os: `${os.type()} ${os.release()}`,
    clkTck: CLK_TCK,
    loadAverageBefore: os.loadavg(),
  };

  console.log(`Service authentication: ${auth.label}.`);
  // The service's database: a disposable PostgreSQL, unless --no-database or no server here.
  const toolchain = options.database ? findPostgres() : { reason: "--no-database" };
  let database;
  if (toolchain.reason === undefined) {
    console.log("Starting PostgreSQL (initdb in a temporary folder)…");
    database = await startPostgres(toolchain);
  } else {
    console.log(`No database (${toolchain.reason}): the service runs stateless.`);
  }
  const databaseEnv =
    database === undefined
      ? {}
      : { DATABASE_URL: database.url, DATABASE_POOL_SIZE: String(DATABASE_POOL_SIZE) };
  build.database =
    database === undefined
      ? { kind: "none", reason: toolchain.reason }
      : {
          kind: "postgres",
          version: database.version,
          poolSize: DATABASE_POOL_SIZE,
          settings: POSTGRES_SETTINGS,
        };
  // With `--auth jwt`: the identity provider, and the service in service mode. The token outlives
  // the run's time budget.
  const idp =
    options.auth === "jwt" ? await startIdentityProvider(budgetMs / 1000 + 600) : undefined;
  const authEnv = idp === undefined ? {} : { GRAPH_API_TOKEN: TOKEN, ...idp.env };
  Object.assign(build.serviceEnv, authEnv, databaseEnv);
  const serviceEnv = { ...authEnv, ...databaseEnv };

  console.log("Starting the stub, the raw proxy, the peer and the service…");
  const stub = await startHelper("stub.mjs", { STUB_LATENCY_MS: "0" }, "stub");
  const proxy = await startHelper("proxy.mjs", { UPSTREAM_URL: stub.url }, "raw proxy");
  const peer = await startHelper(
    "peer/server.mjs",
    { UPSTREAM_URL: stub.url, NODE_ENV: "production" },
    "peer",
  );
  const service = await startService(stub.url, options.serviceEntry, [], serviceEnv);

  const targets = {
    stub: {
      name: "stub",
      ...stub,
      endpoint: `${stub.url}${SHARE_PATH}`,
      body: SHARE_BODY,
      expected: SHARE_SUCCESS,
    },
    proxy: {
      name: "raw proxy",
      ...proxy,
      endpoint: `${proxy.url}/graphql`,
      body: MUTATION_BODY,
      expected: MUTATION_SUCCESS,
    },
    peer: {
      name: "peer",
      ...peer,
      // startStandaloneServer serves GraphQL on every path; the service's path is used.
      endpoint: `${peer.url}/graphql`,
      body: MUTATION_BODY,
      expected: MUTATION_SUCCESS,
    },
    service: {
      name: "service",
      ...service,
      ...(idp === undefined ? {} : { authorization: idp.authorization }),
      endpoint: `${service.url}/graphql`,
      body: MUTATION_BODY,
      expected: MUTATION_SUCCESS,
    },
  };
  for (const target of Object.values(targets)) {
    await precheck(target);
  }
  const refusal = idp === undefined ? undefined : await refusalCheck(targets.service, stub);
  // Resident memory after start-up and one request, before any load.
  const idleRssMiB = {
    proxy: (memoryKiB(proxy.pid)?.rss ?? Number.NaN) / 1024,
    peer: (memoryKiB(peer.pid)?.rss ?? Number.NaN) / 1024,
    service: (memoryKiB(service.pid)?.rss ?? Number.NaN) / 1024,
  };

  const rounds = [];
  for (let r = 0; r < options.rounds; r += 1) {
    // Alternating order, so a slow drift of the machine does not favour one target.
    const loadOrder = r % 2 === 0 ? ["proxy", "peer", "service"] : ["service", "peer", "proxy"];
    const serialOrder =
      r % 2 === 0 ? ["stub", "proxy", "peer", "service"] : ["service", "peer", "proxy", "stub"];
    const round = { load: {}, serial: {} };
    for (const name of loadOrder) {
      process.stdout.write(`Round ${r + 1}/${options.rounds}: load ${targets[name].name}… `);
      round.load[name] = await loadWindow(targets[name], stub, options, database);
      console.log(
        `${int(round.load[name].reqPerSec)} req/s, ${fixed(round.load[name].cpuMsPerReq, 3)} CPU ms/req`,
      );
    }
    await sleep(500);
    for (const name of serialOrder) {
      round.serial[name] = await serial(targets[name], options);
    }
    console.log(
      `Round ${r + 1}/${options.rounds}: serial p50 µs stub ${int(round.serial.stub.us.p50)}, ` +
        `proxy ${int(round.serial.proxy.us.p50)}, peer ${int(round.serial.peer.us.p50)}, ` +
        `service ${int(round.serial.service.us.p50)}`,
    );
    rounds.push(round);
  }

  const entities = await entitiesFigure(targets.service, stub);
  const finalStats = await stubStats(stub);
  if (finalStats.bad > 0) {
    throw new CheckError(`The stub received ${finalStats.bad} unexpected request(s).`);
  }
  for (const target of [proxy, peer, service]) {
    if (target.child.exitCode !== null || target.child.signalCode !== null) {
      throw new CheckError(`A target exited during the run\n${target.child.tail()}`);
    }
  }
  const serviceLog = service.child.tail().trim();

  // Time-limited shares need service mode and the database: with --auth jwt on the measured
  // service, else on a second one in JWT service mode (its own identity provider), same database.
  let timed;
  let timedLog = "";
  let timedIdp;
  if (database !== undefined) {
    let timedTarget = targets.service;
    if (idp === undefined) {
      timedIdp = await startIdentityProvider(budgetMs / 1000 + 600);
      const timedService = await startService(stub.url, options.serviceEntry, [], {
        GRAPH_API_TOKEN: TOKEN,
        ...timedIdp.env,
        ...databaseEnv,
      });
      timedTarget = {
        name: "service (JWT)",
        ...timedService,
        authorization: timedIdp.authorization,
        endpoint: `${timedService.url}/graphql`,
      };
    }
    timed = await timedShares(timedTarget, stub, options, database);
    timed.service = timedTarget.name;
    if (timedTarget !== targets.service) {
      timedLog = timedTarget.child.tail().trim();
      timedTarget.child.kill("SIGTERM");
      await timedTarget.child.exited;
      await timedIdp?.close();
    }
    const stats = await stubStats(stub);
    if (stats.bad > 0) {
      throw new CheckError(`The stub received ${stats.bad} unexpected request(s).`);
    }
  }

  const scale = await scaleFigure(targets.service, targets.peer, serviceEnv, options, database);
  await stopAll();
  machine.loadAverageAfter = os.loadavg();
  let jwt;
  if (idp !== undefined) {
    const { jwksFetches } = idp.stats();
    await idp.close();
    jwt = {
      subject: JWT_SUBJECT,
      scope: JWT_SCOPE,
      tokenBytes: idp.tokenBytes,
      jwksFetches,
      refusal,
    };
  }

  const summary = summarize(rounds, idleRssMiB, scale);
  const goals = judge(summary);
  const notes = [];
  for (const name of ["proxy", "peer", "service"]) {
    const calls = summary.load[name].upstreamCallsPerRequest;
    if (Math.abs(calls - 1) > 0.01) {
      notes.push(`${name}: ${fixed(calls, 3)} upstream calls per request (expected 1).`);
    }
  }
  // At 150 ms, requests still queued in the service when autocannon stops are never forwarded:
  // the calls lie between the answers and the requests sent, unless something retried.
  for (const scaleWindow of scale.serviceWindows) {
    if (
      scaleWindow.upstreamCalls < scaleWindow.responses ||
      scaleWindow.upstreamCalls > scaleWindow.requestsSent
    ) {
      notes.push(
        `scale: ${scaleWindow.upstreamCalls} upstream calls for ${scaleWindow.responses} answers and ` +
          `${scaleWindow.requestsSent} requests sent (expected between the two).`,
      );
    }
  }
  if (scale.log !== "") {
    notes.push(
      `The scale run's service logged (LOG_LEVEL=warn): ${scale.log.slice(-300).replace(/\s+/g, " ")}`,
    );
  }
  // One fetch per service process (the measured one and the scale one): jose caches the keys.
  if (jwt !== undefined && jwt.jwksFetches !== 2) {
    notes.push(
      `The JWKS was fetched ${jwt.jwksFetches} times (expected twice, once per service process: ` +
        "jose caches it).",
    );
  }
  if (serviceLog !== "") {
    notes.push(
      `The service logged (LOG_LEVEL=warn): ${serviceLog.slice(-300).replace(/\s+/g, " ")}`,
    );
  }
  if (timedLog !== "") {
    notes.push(
      `The time-limited shares' service logged (LOG_LEVEL=warn): ${timedLog.slice(-300).replace(/\s+/g, " ")}`,
    );
  }
  if (database === undefined) {
    notes.push(
      `Time-limited shares were not measured: they need the database (${build.database.reason}).`,
    );
  }
  const report = { machine, options, build, jwt, summary, timed, goals, entities, rounds, notes };
  const text = markdown(report);
  console.log(`\n${text}`);
  await writeFormatted(join(RESULTS_DIR, `${auth.results}.md`), text);
  await writeFormatted(join(RESULTS_DIR, `${auth.results}.json`), JSON.stringify(report));
  console.log(`Wrote ${relative(ROOT, RESULTS_DIR)}/${auth.results}.json and ${auth.results}.md`);
  clearTimeout(watchdog);
}

let interrupted = false;
process.on("exit", killAllNow);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping every process…`);
    void stopAll().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  });
}

main().then(
  () => process.exit(0),
  async (error) => {
    if (interrupted) {
      return; // The signal handler stops everything and exits; this error is a consequence.
    }
    console.error(`\n✖ ${error instanceof CheckError ? error.message : (error?.stack ?? error)}`);
    await stopAll();
    process.exit(1);
  },
);
