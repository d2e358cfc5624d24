// The bench's disposable PostgreSQL server, as test/helpers/postgres.ts starts one for the tests:
// `initdb --auth=trust` in a temporary folder, `postgres` on a free loopback port with the same
// fast settings (no fsync: the bench measures CPU, not the disk), as the `postgres` user through
// `setpriv` when the bench runs as root. The postmaster is a child of the runner (children.mjs),
// stopped with SIGINT (fast shutdown) with the others; its folder is removed when the runner exits.
import {
  accessSync,
  chownSync,
  constants,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { start } from "./children.mjs";
import { cpuTicks } from "./proc.mjs";
import { CheckError, freePort } from "./targets.mjs";

const SUPERUSER = "postgres";
const UNPRIVILEGED_USER = "postgres";
const READY_TIMEOUT_MS = 20_000;

/** The settings of test/helpers/postgres.ts (fast, loopback only). */
export const POSTGRES_SETTINGS = {
  fsync: "off",
  synchronous_commit: "off",
  full_page_writes: "off",
  max_connections: "200",
};

const isExecutable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const onPath = () => (process.env.PATH ?? "").split(delimiter).filter((dir) => dir !== "");

/**
Where the server binaries are and who runs them, or `{ reason }` when no server can start here:
the first PATH directory with `initdb` and `postgres`, else Debian's highest
`/usr/lib/postgresql/<version>/bin`.
*/
export function findPostgres() {
  let versions = [];
  try {
    versions = readdirSync("/usr/lib/postgresql").filter((name) => /^\d+(\.\d+)?$/.test(name));
  } catch {
    // No Debian PostgreSQL.
  }
  versions.sort((a, b) => Number(b) - Number(a));
  const binDir = [...onPath(), ...versions.map((v) => join("/usr/lib/postgresql", v, "bin"))].find(
    (dir) => isExecutable(join(dir, "initdb")) && isExecutable(join(dir, "postgres")),
  );
  if (binDir === undefined) {
    return { reason: "no PostgreSQL server binaries (Debian package `postgresql`)" };
  }
  if (process.getuid?.() !== 0) {
    return { binDir };
  }
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith(`${UNPRIVILEGED_USER}:`));
  const [, , uid, gid] = line?.split(":") ?? [];
  const setpriv = onPath()
    .map((dir) => join(dir, "setpriv"))
    .find(isExecutable);
  if (uid === undefined || gid === undefined || setpriv === undefined) {
    return {
      reason: `running as root without a \`${UNPRIVILEGED_USER}\` user or \`setpriv\` to run PostgreSQL as`,
    };
  }
  return { binDir, runAs: { uid: Number(uid), gid: Number(gid), setpriv } };
}

function command(toolchain, binary, args) {
  const path = join(toolchain.binDir, binary);
  const runAs = toolchain.runAs;
  if (runAs === undefined) {
    return [path, args];
  }
  return [
    runAs.setpriv,
    [`--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, "--clear-groups", "--", path, ...args],
  ];
}

const folders = new Set();
process.once("exit", () => {
  for (const folder of folders) {
    try {
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // A server killed a moment ago may still be writing; /tmp is cleaned eventually.
    }
  }
});

/**
Starts a fresh server. Returns its URL (`postgres://postgres@127.0.0.1:PORT/postgres`, no
password), version, the postmaster's pid and `cpuTicks()`: utime+stime of the postmaster and
every process it started (the backends serving the pools, the background writers), summed.
*/
export async function startPostgres(toolchain) {
  const folder = mkdtempSync(join(tmpdir(), "pg-bench-"));
  folders.add(folder);
  if (toolchain.runAs !== undefined) {
    chownSync(folder, toolchain.runAs.uid, toolchain.runAs.gid);
  }
  const dataDir = join(folder, "data");
  const [initdb, initArgs] = command(toolchain, "initdb", [
    `--pgdata=${dataDir}`,
    "--auth=trust",
    `--username=${SUPERUSER}`,
    "--no-sync",
    "--encoding=UTF8",
    "--locale=C",
  ]);
  const init = start(initdb, initArgs);
  const { code } = await init.exited;
  if (code !== 0) {
    throw new CheckError(`initdb failed (exit ${code})\n${init.tail()}`);
  }
  const port = await freePort();
  const settings = {
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: folder,
    ...POSTGRES_SETTINGS,
  };
  const [postgres, args] = command(toolchain, "postgres", [
    "-D",
    dataDir,
    ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
  ]);
  const child = start(postgres, args);
  // SIGINT is the postmaster's fast shutdown (SIGTERM would wait for every session to end).
  child.stopSignal = "SIGINT";
  const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let version;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new CheckError(`PostgreSQL exited during start-up\n${child.tail()}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      version = (await client.query("SHOW server_version")).rows[0].server_version;
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        throw new CheckError(`PostgreSQL accepted no connection: ${error}\n${child.tail()}`);
      }
    }
    await sleep(50);
  }
  return {
    child,
    pid: child.pid,
    url,
    port,
    version,
    cpuTicks: () => treeTicks(child.pid),
  };
}

/**
utime+stime per process of `pid` and of every process whose parent it is (PostgreSQL's are one
level), as a Map, or undefined once the postmaster is gone.
*/
function treeTicks(pid) {
  const own = cpuTicks(pid);
  if (own === undefined) {
    return undefined;
  }
  const ticks = new Map([[pid, own]]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    let text;
    try {
      text = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // Gone meanwhile.
    }
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // fields[1] is field 4 (ppid).
    if (Number(fields[1]) === pid) {
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    }
  }
  return ticks;
}

/**
CPU ticks the server used between two `cpuTicks()` readings: per process alive at the end, its
ticks since the first reading (all of them if it started since). A backend that ended in between
is missed (the service's pools keep theirs open under load).
*/
export function ticksBetween(before, after) {
  if (before === undefined || after === undefined) {
    return Number.NaN;
  }
  let total = 0;
  for (const [pid, ticks] of after) {
    total += ticks - (before.get(pid) ?? 0);
  }
  return total;
}

/** Runs one query on a short-lived connection (counting rows after a round). */
export async function query(url, text) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}
