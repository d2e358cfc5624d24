/**
A real PostgreSQL server for tests: `initdb` in a temporary folder, `postgres` on a free loopback
port with trust authentication, torn down by `close()`. The server binaries come from PATH or from
Debian's `/usr/lib/postgresql/<version>/bin` (package `postgresql`, which `.ci/run` installs).
`initdb` refuses to run as root, so as root the binaries run as the `postgres` user (created by the
Debian package) through `setpriv`, and the temporary folder belongs to that user.

The postmaster is a direct child of the test process (no `pg_ctl` daemon), so one that outlives its
test is SIGKILLed with the other tracked processes when the test process exits (see processes.ts).
*/
import {
  accessSync,
  chownSync,
  constants,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import pg from "pg";
import { runToCompletion, type SpawnedNode, spawnProcess } from "./processes.js";

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/DATABASE`; no password (trust on loopback). */
  readonly url: string;
  readonly port: number;
  /** Stops the server (fast shutdown: open sessions are ended); keeps its data and port. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it if running and removes its temporary folder. Idempotent. */
  close(): Promise<void>;
}

export interface StartPostgresOptions {
  /** A database to create and name in `url` (default: `postgres`, which always exists). */
  database?: string;
}

/** The database superuser `initdb` creates, whichever OS user runs the server. */
const SUPERUSER = "postgres";
/** The OS user the server runs as when the tests run as root. */
const UNPRIVILEGED_USER = "postgres";
const READY_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 10_000;

const MISSING_PACKAGE =
  "PostgreSQL server binaries not found (Debian package `postgresql`; `.ci/run` installs it)";

interface Toolchain {
  /** Directory holding `initdb` and `postgres`. */
  binDir: string;
  /** As root: who runs the server, and the `setpriv` that makes it so. */
  runAs?: { uid: number; gid: number; setpriv: string };
}

let probed: { toolchain: Toolchain } | { reason: string } | undefined;

/** Why no server can be started here (names the Debian package `postgresql`), or undefined. */
export function postgresUnavailable(): string | undefined {
  const probe = probeToolchain();
  return "reason" in probe ? probe.reason : undefined;
}

/**
For node:test's `{ skip }`: the reason there is no PostgreSQL here, or false. Under CI
(`process.env.CI` set) a missing PostgreSQL throws instead, because CI must not skip.
*/
export function skipWithoutPostgres(): string | false {
  const reason = postgresUnavailable();
  if (reason === undefined) {
    return false;
  }
  if (process.env.CI) {
    throw new Error(`${reason}. CI is set, so the PostgreSQL tests may not be skipped.`);
  }
  return reason;
}

function probeToolchain(): { toolchain: Toolchain } | { reason: string } {
  probed ??= findToolchain();
  return probed;
}

function findToolchain(): { toolchain: Toolchain } | { reason: string } {
  const binDir = findBinDir();
  if (binDir === undefined) {
    return { reason: MISSING_PACKAGE };
  }
  if (process.getuid?.() !== 0) {
    return { toolchain: { binDir } };
  }
  const user = lookUpUser(UNPRIVILEGED_USER);
  if (user === undefined) {
    return {
      reason: `Running as root, but there is no \`${UNPRIVILEGED_USER}\` user to run the PostgreSQL server as (the Debian package \`postgresql\` creates it)`,
    };
  }
  const setpriv = findOnPath("setpriv");
  if (setpriv === undefined) {
    return {
      reason: `Running as root, but \`setpriv\` (Debian package \`util-linux\`) is missing to run the PostgreSQL server as \`${UNPRIVILEGED_USER}\``,
    };
  }
  return { toolchain: { binDir, runAs: { ...user, setpriv } } };
}

/** The first PATH directory with both server binaries, else Debian's highest installed version. */
function findBinDir(): string | undefined {
  const candidates = (process.env.PATH ?? "").split(delimiter).filter((dir) => dir !== "");
  const debian = "/usr/lib/postgresql";
  let versions: string[] = [];
  try {
    versions = readdirSync(debian).filter((name) => /^\d+(\.\d+)?$/.test(name));
  } catch {
    // No Debian PostgreSQL.
  }
  versions.sort((a, b) => Number(b) - Number(a));
  candidates.push(...versions.map((version) => join(debian, version, "bin")));
  return candidates.find(
    (dir) => isExecutable(join(dir, "initdb")) && isExecutable(join(dir, "postgres")),
  );
}

function findOnPath(name: string): string | undefined {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => dir !== "")
    .map((dir) => join(dir, name))
    .find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function lookUpUser(name: string): { uid: number; gid: number } | undefined {
  let passwd: string;
  try {
    passwd = readFileSync("/etc/passwd", "utf8");
  } catch {
    return undefined;
  }
  for (const line of passwd.split("\n")) {
    const [user, , uid, gid] = line.split(":");
    if (user === name && uid !== undefined && gid !== undefined) {
      return { uid: Number(uid), gid: Number(gid) };
    }
  }
  return undefined;
}

/** Binds port 0 on loopback, reads the port the kernel chose, and releases it. */
async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") {
          resolve(address.port);
        } else {
          reject(new Error(`Unexpected server address ${String(address)}`));
        }
      });
    });
  });
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Folders of servers not yet closed, removed when the test process exits. */
const openFolders = new Set<string>();

process.once("exit", () => {
  for (const folder of openFolders) {
    try {
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // A server killed a moment ago may still be writing; the OS cleans /tmp eventually.
    }
  }
});

/** Starts a fresh PostgreSQL server; throws (with the reason) when `postgresUnavailable()`. */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const probe = probeToolchain();
  if ("reason" in probe) {
    throw new Error(probe.reason);
  }
  const server = new LocalPostgres(
    probe.toolchain,
    await freePort(),
    options.database ?? "postgres",
  );
  try {
    await server.initialise();
    await server.start();
    if (options.database !== undefined && options.database !== "postgres") {
      await server.createDatabase(options.database);
    }
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}

class LocalPostgres implements PostgresServer {
  readonly url: string;
  private readonly folder: string;
  private readonly dataDir: string;
  private child: SpawnedNode | undefined;
  private closed = false;

  constructor(
    private readonly toolchain: Toolchain,
    readonly port: number,
    database: string,
  ) {
    this.folder = mkdtempSync(join(tmpdir(), "pg-test-"));
    openFolders.add(this.folder);
    if (toolchain.runAs !== undefined) {
      chownSync(this.folder, toolchain.runAs.uid, toolchain.runAs.gid);
    }
    this.dataDir = join(this.folder, "data");
    this.url = `postgres://${SUPERUSER}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  }

  async initialise(): Promise<void> {
    const [command, args] = this.command("initdb", [
      `--pgdata=${this.dataDir}`,
      "--auth=trust",
      `--username=${SUPERUSER}`,
      "--no-sync",
      "--encoding=UTF8",
      "--locale=C",
    ]);
    await runToCompletion(command, args, { cwd: this.folder, timeoutMs: 60_000 });
  }

  async start(): Promise<void> {
    if (this.closed) {
      throw new Error("This PostgreSQL server is closed");
    }
    if (this.child !== undefined) {
      return;
    }
    const settings = {
      listen_addresses: "127.0.0.1",
      port: String(this.port),
      unix_socket_directories: this.folder,
      fsync: "off",
      synchronous_commit: "off",
      full_page_writes: "off",
      max_connections: "200",
    };
    const [command, args] = this.command("postgres", [
      "-D",
      this.dataDir,
      ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    ]);
    const child = spawnProcess(command, args, { cwd: this.folder });
    this.child = child;
    try {
      await this.waitUntilReady(child);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) {
      return;
    }
    // SIGINT is the postmaster's fast shutdown: sessions are ended, the data stays consistent.
    await child.stop("SIGINT", STOP_GRACE_MS);
    this.child = undefined;
  }

  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    await this.stop();
    rmSync(this.folder, { recursive: true, force: true });
    openFolders.delete(this.folder);
  }

  async createDatabase(name: string): Promise<void> {
    const client = new pg.Client({
      host: "127.0.0.1",
      port: this.port,
      user: SUPERUSER,
      database: "postgres",
    });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    } finally {
      await client.end();
    }
  }

  /** Polls with real connections until one succeeds, the server exits, or the timeout passes. */
  private async waitUntilReady(child: SpawnedNode): Promise<void> {
    const server = { exited: false };
    void child.exited.then(() => {
      server.exited = true;
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let lastError: unknown;
    while (!server.exited && Date.now() < deadline) {
      const client = new pg.Client({
        host: "127.0.0.1",
        port: this.port,
        user: SUPERUSER,
        database: "postgres",
        connectionTimeoutMillis: 2_000,
      });
      // A failed connection may also emit 'error'; the rejection below is what counts.
      client.on("error", () => undefined);
      try {
        await client.connect();
        await client.end();
        return;
      } catch (error) {
        lastError = error;
        await client.end().catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const why = server.exited
      ? "exited before accepting connections"
      : `accepted no connection within ${READY_TIMEOUT_MS} ms (last error: ${String(lastError)})`;
    throw new Error(
      `PostgreSQL on port ${this.port} ${why}. Server log tail:\n${tail(child.output())}`,
    );
  }

  /** The command line for a server binary, as the unprivileged user when running as root. */
  private command(binary: string, args: readonly string[]): [string, string[]] {
    const path = join(this.toolchain.binDir, binary);
    const runAs = this.toolchain.runAs;
    if (runAs === undefined) {
      return [path, [...args]];
    }
    const { uid, gid, setpriv } = runAs;
    return [setpriv, [`--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "--", path, ...args]];
  }
}
