// The test helper's real PostgreSQL server: it answers queries, loses its connections on stop(),
// keeps its data and port across stop() and start(), and leaves no folder behind after close().
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, describe, it } from "node:test";
import pg from "pg";
import { type PostgresServer, skipWithoutPostgres, startPostgres } from "../helpers/postgres.js";

const skip = skipWithoutPostgres();

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  // A server going away under an open client emits 'error'; the failing query is what we assert.
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

async function timed<T>(what: string, timings: string[], work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  timings.push(`${what} ${Math.round(performance.now() - started)} ms`);
  return result;
}

describe("a real PostgreSQL server for tests", { skip }, () => {
  const servers: PostgresServer[] = [];
  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it("answers, stops, starts again with its data and port, and closes without a trace", async (t) => {
    const timings: string[] = [];
    const server = await timed("startPostgres", timings, () => startPostgres());
    servers.push(server);
    assert.match(server.url, new RegExp(`^postgres://[^@/]+@127\\.0\\.0\\.1:${server.port}/`));

    const client = await connect(server.url);
    const one = await client.query<{ one: number }>("select 1 as one");
    assert.deepEqual(one.rows, [{ one: 1 }]);
    await client.query("create table notes (id int primary key, body text not null)");
    await client.query("insert into notes values (1, 'kept across a restart')");

    await timed("stop", timings, () => server.stop());
    await assert.rejects(client.query("select 1"), "an open session ends with the server");
    await assert.rejects(connect(server.url), (error: NodeJS.ErrnoException) => {
      assert.equal(error.code, "ECONNREFUSED", String(error));
      return true;
    });

    await timed("start", timings, () => server.start());
    const again = await connect(server.url);
    try {
      const notes = await again.query("select id, body from notes");
      assert.deepEqual(notes.rows, [{ id: 1, body: "kept across a restart" }]);
      assert.equal(new URL(server.url).port, String(server.port), "same port after a restart");
    } finally {
      await again.end();
    }

    const folder = await dataFolder(server);
    await timed("close", timings, () => server.close());
    assert.equal(existsSync(folder), false, `${folder} is removed`);
    await server.close(); // idempotent
    await assert.rejects(connect(server.url), "nothing listens after close()");
    t.diagnostic(timings.join(", "));
  });

  it("creates and names the database it is asked for", async () => {
    const server = await startPostgres({ database: "replica_state" });
    servers.push(server);
    assert.equal(new URL(server.url).pathname, "/replica_state");
    const client = await connect(server.url);
    try {
      const { rows } = await client.query<{ name: string }>("select current_database() as name");
      assert.deepEqual(rows, [{ name: "replica_state" }]);
    } finally {
      await client.end();
    }
  });
});

/** The server's temporary folder (its socket directory, holding its data), as the server reports it. */
async function dataFolder(server: PostgresServer): Promise<string> {
  const client = await connect(server.url);
  try {
    const { rows } = await client.query<{ dir: string }>(
      "select setting as dir from pg_settings where name = 'unix_socket_directories'",
    );
    assert.ok(rows[0], "the server reports its socket directory");
    return rows[0].dir;
  } finally {
    await client.end();
  }
}
