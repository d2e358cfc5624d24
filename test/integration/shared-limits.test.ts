// Meta's throttles and the callers' budgets shared by replicas through PostgreSQL: on PGlite (one
// process) and on a real server with two pools standing for two replicas, including a server
// stopped and started again under them.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createLogger, type Logger } from "../../src/logger.js";
import { CallerRateLimiter } from "../../src/rate-limit.js";
import {
  createEmbeddedDatabase,
  createPostgresDatabase,
  type Database,
} from "../../src/state/database.js";
import { migrate } from "../../src/state/migrate.js";
import { createBudgets, SharedCallerBudget, windowOf } from "../../src/state/shared-budgets.js";
import { createSharedThrottles, SharedThrottleStore } from "../../src/state/shared-throttles.js";
import { type PostgresServer, skipWithoutPostgres, startPostgres } from "../helpers/postgres.js";

const skip = skipWithoutPostgres();

/** A logger whose lines the test can read. */
function capturedLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const logger = createLogger("debug", {
    write(line: string) {
      lines.push(line);
    },
  });
  return {
    logger,
    lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** Polls `condition` every 10 ms; answers the milliseconds it took, or fails after `withinMs`. */
async function eventually(condition: () => boolean, withinMs: number, what: string) {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > withinMs) {
      assert.fail(`${what} did not happen within ${withinMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return performance.now() - started;
}

/** Answers within `ms`, or fails: what a take must never do is hang. */
async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what} took longer than ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe("windowOf: the fixed window closest to a token bucket", () => {
  it("keeps the burst and the long-run rate", () => {
    assert.deepEqual(windowOf({ perMinute: 60, burst: 3 }), { points: 3, duration: 3 });
    assert.deepEqual(windowOf({ perMinute: 6, burst: 1 }), { points: 1, duration: 10 });
    assert.deepEqual(windowOf({ perMinute: 120, burst: 120 }), { points: 120, duration: 60 });
  });
});

describe("a shared budget whose database does not answer", () => {
  it("answers from memory after its timeout, and still counts", async () => {
    const silent = {
      kind: "postgres",
      query: () => new Promise<never>(() => {}),
    } as unknown as Database;
    const budget = new SharedCallerBudget(
      silent,
      { perMinute: 60, burst: 1 },
      capturedLogger().logger,
      {
        name: "hanging",
        timeoutMs: 50,
      },
    );
    const started = performance.now();
    assert.equal(await within(1_000, budget.take("erin"), "take"), undefined);
    assert.ok((await within(1_000, budget.take("erin"), "take")) !== undefined, "memory counts");
    const tookMs = performance.now() - started;
    assert.ok(tookMs >= 90 && tookMs < 500, `two takes waited for the timeout only (${tookMs} ms)`);
  });
});

describe("shared limits on the embedded database (PGlite)", () => {
  let db: Database;
  before(async () => {
    db = await createEmbeddedDatabase(undefined);
    await migrate(db, capturedLogger().logger);
  });
  after(async () => {
    await db.close();
  });

  it("stores a throttle, keeps the later regain time, and answers it from memory", async () => {
    const { logger } = capturedLogger();
    const store = await createSharedThrottles(db, logger);
    try {
      store.record("1001", 120);
      assert.equal(store.check("1001")?.retryAfterSeconds, 120, "answered at once, from memory");
      store.record("1001", 30);
      await store.settled();
      const rows = await db.query<{ seconds: number }>(
        "SELECT EXTRACT(EPOCH FROM (until - now()))::float8 AS seconds FROM meta_throttle WHERE business_id = $1",
        ["1001"],
      );
      assert.equal(rows.length, 1);
      assert.ok(Number(rows[0]?.seconds) > 100, "the later regain time is stored");
      await eventually(
        () => Number(store.check("1001")?.retryAfterSeconds) > 100,
        1_000,
        "the stored (later) time coming back through NOTIFY",
      );
      assert.equal(store.check("2002"), undefined, "another business is not throttled");
    } finally {
      await store.close();
    }
  });

  it("loads the throttles stored before it started", async () => {
    await db.query(
      "INSERT INTO meta_throttle (business_id, until) VALUES ($1, now() + interval '90 seconds')",
      ["3003"],
    );
    await db.query(
      "INSERT INTO meta_throttle (business_id, until) VALUES ($1, now() - interval '1 second')",
      ["3004"],
    );
    const store = await createSharedThrottles(db, capturedLogger().logger);
    try {
      await eventually(() => store.check("3003") !== undefined, 1_000, "loading stored throttles");
      const wait = store.check("3003")?.retryAfterSeconds ?? 0;
      assert.ok(wait > 85 && wait <= 90, `waits what is left (${wait} s)`);
      assert.equal(store.check("3004"), undefined, "an expired row is not loaded");
    } finally {
      await store.close();
    }
  });

  it("deletes expired rows now and then", async () => {
    await db.query(
      "INSERT INTO meta_throttle (business_id, until) VALUES ($1, now() - interval '1 second')",
      ["4004"],
    );
    const store = await createSharedThrottles(db, capturedLogger().logger, { cleanupEveryMs: 20 });
    try {
      const started = performance.now();
      while (performance.now() - started < 2_000) {
        const rows = await db.query("SELECT 1 FROM meta_throttle WHERE business_id = $1", ["4004"]);
        if (rows.length === 0) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const rows = await db.query("SELECT 1 FROM meta_throttle WHERE business_id = $1", ["4004"]);
      assert.equal(rows.length, 0, "the expired row is gone");
    } finally {
      await store.close();
    }
  });

  it("ignores a malformed notification", async () => {
    const { logger, lines } = capturedLogger();
    const store = await createSharedThrottles(db, logger);
    try {
      await db.query(`SELECT pg_notify('meta_throttle', $1)`, [
        '{"businessId":"x; drop","seconds":5}',
      ]);
      await eventually(
        () => lines().some((line) => String(line.msg).includes("malformed")),
        1_000,
        "the warning",
      );
      assert.equal(store.check("x; drop"), undefined);
    } finally {
      await store.close();
    }
  });

  it("keeps the callers' budgets in memory: one process, nothing to share", () => {
    const budgets = createBudgets(
      db,
      { mutations: { perMinute: 60, burst: 2 }, reads: { perMinute: 60, burst: 2 } },
      capturedLogger().logger,
    );
    assert.ok(budgets.mutations instanceof CallerRateLimiter);
    assert.ok(budgets.reads instanceof CallerRateLimiter);
  });

  it("runs the shared budget's SQL on PGlite too", async () => {
    const budget = new SharedCallerBudget(
      db,
      { perMinute: 60, burst: 2 },
      capturedLogger().logger,
      {
        name: "embedded-check",
      },
    );
    assert.equal(await budget.take("caller"), undefined);
    assert.equal(await budget.take("caller"), undefined);
    const wait = await budget.take("caller");
    assert.ok(wait !== undefined && wait >= 1 && wait <= 2, `refused for the window (${wait} s)`);
    const rows = await db.query<{ key: string; points: number }>(
      "SELECT key, points FROM caller_budget WHERE key = $1",
      ["embedded-check:caller"],
    );
    assert.equal(rows.length, 1, "counted in the table");
  });
});

describe("shared limits on a real PostgreSQL server: two replicas", { skip }, () => {
  let server: PostgresServer;
  let first: Database;
  let second: Database;
  const errors: unknown[] = [];
  before(async () => {
    server = await startPostgres({ database: "limits" });
    const open = () =>
      createPostgresDatabase({ url: server.url, poolSize: 4 }, (error) => errors.push(error));
    first = open();
    second = open();
    await migrate(first, capturedLogger().logger);
  });
  after(async () => {
    await Promise.all([first.close(), second.close()]);
    await server.close();
  });

  it("a throttle recorded by one replica is honoured by the other within a second", async () => {
    const one = await SharedThrottleStore.start(first, capturedLogger().logger);
    const two = await SharedThrottleStore.start(second, capturedLogger().logger);
    try {
      assert.equal(two.check("5005"), undefined);
      one.recordAll([{ businessId: "5005", seconds: 300 }]);
      const tookMs = await eventually(
        () => two.check("5005") !== undefined,
        1_000,
        "replica 2 learning",
      );
      const wait = two.check("5005")?.retryAfterSeconds ?? 0;
      assert.ok(wait > 295 && wait <= 300, `replica 2 waits what replica 1 was told (${wait} s)`);
      assert.ok(tookMs < 1_000, `learned in ${tookMs.toFixed(1)} ms`);
      console.log(`throttle shared in ${tookMs.toFixed(1)} ms`);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it("a budget spent through one replica is spent for the other", async () => {
    const limit = { perMinute: 30, burst: 3 };
    const one = new SharedCallerBudget(first, limit, capturedLogger().logger, { name: "shares" });
    const two = new SharedCallerBudget(second, limit, capturedLogger().logger, { name: "shares" });
    assert.equal(await one.take("sub:alice"), undefined);
    assert.equal(await two.take("sub:alice"), undefined);
    assert.equal(await one.take("sub:alice"), undefined);
    const refused = await two.take("sub:alice");
    assert.ok(refused !== undefined && refused >= 1 && refused <= 6, `refused (${refused} s)`);
    assert.ok((await one.take("sub:alice")) !== undefined, "refused on replica 1 too");
    assert.equal(await two.take("sub:bob"), undefined, "another caller has its own budget");
    const other = new SharedCallerBudget(first, limit, capturedLogger().logger, { name: "reads" });
    assert.equal(await other.take("sub:alice"), undefined, "another budget has its own count");
  });

  it("concurrent takes through two replicas: exactly the budget is allowed, then no statement", async () => {
    const limit = { perMinute: 60, burst: 100 };
    const statements = { one: 0, two: 0 };
    const counted = (db: Database, name: "one" | "two"): Database => ({
      ...db,
      kind: db.kind,
      query<R>(text: string, params?: readonly unknown[]) {
        statements[name] += 1;
        return db.query<R>(text, params);
      },
    });
    const one = new SharedCallerBudget(counted(first, "one"), limit, capturedLogger().logger, {
      name: "crowd",
    });
    const two = new SharedCallerBudget(counted(second, "two"), limit, capturedLogger().logger, {
      name: "crowd",
    });
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_unused, i) => (i % 2 === 0 ? one : two).take("sub:crowd")),
    );
    assert.equal(answers.filter((answer) => answer === undefined).length, 100, "the burst, once");
    assert.ok(
      answers.every((answer) => answer === undefined || (answer >= 1 && answer <= 100)),
      "the refused wait for the window's end",
    );
    assert.ok(
      statements.one + statements.two < 30,
      `300 takes took ${statements.one + statements.two} statements`,
    );
    // Both replicas now know the caller is over its budget: no statement until the window ends.
    const before = statements.one + statements.two;
    for (let i = 0; i < 20; i += 1) {
      assert.notEqual(await (i % 2 === 0 ? one : two).take("sub:crowd"), undefined);
    }
    assert.equal(statements.one + statements.two, before, "refused from memory");
    assert.equal(await one.take("sub:someone-else"), undefined, "others keep their budget");
  });

  it("measures the cost of a take", async () => {
    const budget = new SharedCallerBudget(
      first,
      { perMinute: 1e9, burst: 1e9 },
      capturedLogger().logger,
      {
        name: "bench",
      },
    );
    for (let i = 0; i < 50; i += 1) {
      await budget.take(`warm-${i % 5}`);
    }
    const n = 1_000;
    const started = performance.now();
    for (let i = 0; i < n; i += 1) {
      await budget.take(`caller-${i % 20}`);
    }
    const sequentialUs = ((performance.now() - started) * 1000) / n;
    const queryStarted = performance.now();
    for (let i = 0; i < n; i += 1) {
      await first.query("SELECT 1");
    }
    const queryUs = ((performance.now() - queryStarted) * 1000) / n;
    const parallelStarted = performance.now();
    await Promise.all(Array.from({ length: n }, (_unused, i) => budget.take(`caller-${i % 20}`)));
    const parallelUs = ((performance.now() - parallelStarted) * 1000) / n;
    console.log(
      `take on PostgreSQL: ${sequentialUs.toFixed(0)} µs sequential, ${parallelUs.toFixed(0)} µs each with ${n} concurrent (pool of 4); a bare SELECT 1: ${queryUs.toFixed(0)} µs`,
    );
    assert.ok(sequentialUs < 20_000, "a take costs a query, not a connection");
  });

  it("with the server stopped: takes answer from memory, throttles from memory; both resume after", async () => {
    const limit = { perMinute: 60, burst: 2 };
    const budgetLog = capturedLogger();
    const one = new SharedCallerBudget(first, limit, budgetLog.logger, { name: "outage" });
    const two = new SharedCallerBudget(second, limit, capturedLogger().logger, { name: "outage" });
    const throttleLog = capturedLogger();
    const throttlesOne = await SharedThrottleStore.start(first, throttleLog.logger);
    const throttlesTwo = await SharedThrottleStore.start(second, capturedLogger().logger);
    try {
      // Stored without a notification (as if announced while replica 2 was away): only the
      // reload on reconnect can teach it.
      await first.query(
        "INSERT INTO meta_throttle (business_id, until) VALUES ($1, now() + interval '5 minutes')",
        ["8008"],
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(throttlesTwo.check("8008"), undefined, "not announced, so not known yet");
      await server.stop();

      // Memory fallback: the budget still holds per replica, and no take hangs or throws.
      const started = performance.now();
      assert.equal(await within(3_000, one.take("carol"), "take"), undefined);
      assert.equal(await within(3_000, one.take("carol"), "take"), undefined);
      const refused = await within(3_000, one.take("carol"), "take");
      assert.ok(refused !== undefined, "the memory still counts");
      assert.equal(
        await within(3_000, two.take("carol"), "take"),
        undefined,
        "another replica counts on its own meanwhile",
      );
      const outageMs = performance.now() - started;
      console.log(`4 takes with the server stopped: ${outageMs.toFixed(0)} ms`);

      // Throttles: recorded here and answered here; the write fails quietly, logged once.
      throttlesOne.record("6006", 60);
      throttlesOne.record("6007", 60);
      assert.ok(throttlesOne.check("6006") !== undefined, "still answered from memory");
      await throttlesOne.settled();
      const warnings = throttleLog.lines().filter((line) => line.level === 40);
      assert.equal(warnings.length, 1, "the outage is logged once");
      assert.equal(
        budgetLog.lines().filter((line) => line.level === 40).length,
        1,
        "the budget's outage is logged once",
      );

      await server.start();

      // Throttles: replica 2 reloads on reconnect and sees what is stored from now on.
      throttlesOne.record("7007", 120);
      await eventually(
        () => throttlesTwo.check("7007") !== undefined,
        10_000,
        "replica 2 learning after the restart",
      );
      await eventually(() => throttlesTwo.check("8008") !== undefined, 5_000, "the reload");
      // Budgets: shared again (a fresh caller, so the memory's counts do not blur the check).
      assert.equal(await one.take("dave"), undefined);
      assert.equal(await two.take("dave"), undefined);
      assert.ok((await one.take("dave")) !== undefined, "spent across both replicas again");
      assert.ok(
        budgetLog.lines().some((line) => String(line.msg).includes("answers again")),
        "the recovery is logged",
      );
    } finally {
      await Promise.all([throttlesOne.close(), throttlesTwo.close()]);
    }
  });
});
