/**
The one state engine: PostgreSQL, reached through `pg` in production (`DATABASE_URL`) or embedded
in-process as PGlite by default in development and tests. Both run the same SQL behind this port;
the stores, the migrations and the job queue see only `Database`.
*/
import { mkdir } from "node:fs/promises";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { type ConstructorOptions, fromPglite } from "pg-boss";

/** Something SQL runs on: the database itself, or one transaction of it. */
export interface Queryable {
  /** Runs one statement with `$1…` parameters and answers its rows. */
  query<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Database extends Queryable {
  readonly kind: "postgres" | "embedded";
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
  Calls `onPayload` for each `NOTIFY` on `channel`, and `onConnected` each time the listener is
  (re)connected (what was sent while it was away is lost, so that is the moment to reload). The
  listener reconnects by itself after the database comes back. Answers how to stop listening.
  */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onConnected: () => void,
  ): Promise<() => Promise<void>>;
  /** How pg-boss reaches this database (its own pool for PostgreSQL; the instance for PGlite). */
  jobQueueOptions(): ConstructorOptions;
  /** A session node-pg-migrate can run on, and how to let it go. */
  migrationSession(): Promise<{ client: pg.ClientBase; release: () => Promise<void> }>;
  close(): Promise<void>;
}

export interface PostgresSettings {
  readonly url: string;
  readonly poolSize: number;
}

/** A query, or taking a connection, fails after this long instead of waiting for a lost server. */
const CONNECT_TIMEOUT_MS = 2_000;
const STATEMENT_TIMEOUT_MS = 5_000;
/** How long the listener waits before it tries to reconnect, doubling up to the maximum. */
const LISTEN_RETRY_MS = { first: 250, max: 5_000 };

/** Statements with parameters given a name (so prepared once per connection) at most. */
const MAX_PREPARED = 128;

/**
The statements the stores send are a few fixed texts with parameters: each gets a name, so that
PostgreSQL parses and plans it once per connection instead of on every call. Texts beyond
`MAX_PREPARED` (none today) and statements without parameters go unnamed.
*/
function preparedStatements(): (text: string, params?: readonly unknown[]) => pg.QueryConfig {
  const names = new Map<string, string>();
  return (text, params) => {
    if (params === undefined) {
      return { text };
    }
    let name = names.get(text);
    if (name === undefined && names.size < MAX_PREPARED) {
      name = `preverified_${names.size}`;
      names.set(text, name);
    }
    return name === undefined ? { text, values: [...params] } : { name, text, values: [...params] };
  };
}

/** PostgreSQL through a `pg` pool of `poolSize` connections (plus pg-boss's own, see README). */
export function createPostgresDatabase(
  settings: PostgresSettings,
  onError: (error: unknown) => void,
): Database {
  const connection = {
    connectionString: settings.url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: STATEMENT_TIMEOUT_MS + 1_000,
    application_name: "preverified-sharing-subgraph",
  };
  const pool = new pg.Pool({ ...connection, max: settings.poolSize });
  const prepared = preparedStatements();
  // An idle connection that the server drops emits here; unhandled, it would end the process.
  pool.on("error", onError);
  const listeners = new Set<() => Promise<void>>();
  return {
    kind: "postgres",
    async query<R>(text: string, params?: readonly unknown[]): Promise<R[]> {
      const result = await pool.query(prepared(text, params));
      return result.rows as R[];
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query("BEGIN");
        const value = await work({
          async query<R>(text: string, params?: readonly unknown[]): Promise<R[]> {
            const result = await client.query(prepared(text, params));
            return result.rows as R[];
          },
        });
        await client.query("COMMIT");
        return value;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        // A connection whose ROLLBACK failed is not handed out again.
        client.release(broken);
      }
    },
    async listen(channel, onPayload, onConnected) {
      let stopped = false;
      let client: pg.Client | undefined;
      let delay = LISTEN_RETRY_MS.first;
      let timer: NodeJS.Timeout | undefined;
      const connect = async (): Promise<void> => {
        if (stopped) {
          return;
        }
        const next = new pg.Client(connection);
        next.on("notification", (message) => {
          if (message.channel === channel) {
            onPayload(message.payload ?? "");
          }
        });
        next.on("error", (error: unknown) => {
          onError(error);
          lost(next);
        });
        next.on("end", () => {
          lost(next);
        });
        try {
          await next.connect();
          await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
          client = next;
          delay = LISTEN_RETRY_MS.first;
          onConnected();
        } catch (error) {
          onError(error);
          lost(next);
        }
      };
      const lost = (which: pg.Client): void => {
        if (client === which) {
          client = undefined;
        }
        void which.end().catch(() => {});
        if (stopped || timer !== undefined) {
          return;
        }
        timer = setTimeout(() => {
          timer = undefined;
          void connect();
        }, delay);
        timer.unref();
        delay = Math.min(delay * 2, LISTEN_RETRY_MS.max);
      };
      await connect();
      const stop = async (): Promise<void> => {
        stopped = true;
        clearTimeout(timer);
        listeners.delete(stop);
        await client?.end().catch(() => {});
      };
      listeners.add(stop);
      return stop;
    },
    jobQueueOptions() {
      return {
        connectionString: settings.url,
        max: Math.max(2, Math.ceil(settings.poolSize / 2)),
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        application_name: "preverified-sharing-subgraph/jobs",
      };
    },
    async migrationSession() {
      const client = new pg.Client(connection);
      client.on("error", onError);
      await client.connect();
      return { client, release: () => client.end() };
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}

/**
PGlite: PostgreSQL compiled to WebAssembly, in this process. `dataDir` keeps it on disk (schedules
then survive a restart); undefined keeps it in memory. One connection: statements and transactions
take turns, and NOTIFY reaches only this process (there are no other replicas to reach).
*/
export async function createEmbeddedDatabase(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) {
    await mkdir(dataDir, { recursive: true });
  }
  // Imported here, not at the top: production with DATABASE_URL never loads PGlite (its module and
  // WebAssembly glue: about 1.5 MiB of the service's idle RSS, measured with PostgreSQL).
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(dataDir === undefined ? {} : { dataDir });
  const rowsOf = async <R>(
    on: Pick<PGlite, "query" | "exec">,
    text: string,
    params?: readonly unknown[],
  ): Promise<R[]> => {
    if (params !== undefined && params.length > 0) {
      return (await on.query<R>(text, [...params])).rows;
    }
    // Without parameters a statement may be several (migrations): the simple protocol runs them.
    const results = await on.exec(text);
    return results.flatMap((result) => result.rows as R[]);
  };
  return {
    kind: "embedded",
    query: (text, params) => rowsOf(db, text, params),
    transaction: (work) =>
      db.transaction((tx) => work({ query: (text, params) => rowsOf(tx, text, params) })),
    async listen(channel, onPayload, onConnected) {
      const unlisten = await db.listen(channel, onPayload);
      onConnected();
      return unlisten;
    },
    jobQueueOptions: () => ({ db: fromPglite(db), backend: "pglite" }),
    migrationSession() {
      // node-pg-migrate calls `query(text)` or `query(text, values)` and reads `rows`.
      const client = {
        async query(text: string | { text: string; values?: unknown[] }, values?: unknown[]) {
          const sql = typeof text === "string" ? text : text.text;
          const params = typeof text === "string" ? values : text.values;
          const rows = await rowsOf<Record<string, unknown>>(db, sql, params);
          return { rows, rowCount: rows.length };
        },
      } as unknown as pg.ClientBase;
      return Promise.resolve({ client, release: () => Promise.resolve() });
    },
    close: () => db.close(),
  };
}

/** SQLSTATE classes that mean "the server is not there (now)", not "this statement is wrong". */
const UNAVAILABLE_SQLSTATE = /^(08|57|53)/;

/**
Whether `error` means the database is unreachable (connection refused or lost, timeouts, server
shutting down or overloaded) rather than a bug in a statement. Only the former is worth retrying.
*/
export function isUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) {
    return false;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
    return UNAVAILABLE_SQLSTATE.test(code);
  }
  // No SQLSTATE: a socket error (ECONNREFUSED, ECONNRESET, ETIMEDOUT, …) or pg's own
  // "Connection terminated", "timeout exceeded when trying to connect", "Query read timeout".
  return true;
}
