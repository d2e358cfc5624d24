// The history entries of concurrent shares and unshares share statements (src/state/batches.ts),
// on PGlite: each entry is written once, in the order asked, with the kind it would have had alone
// (the first permanent share of a scheduled share ends its schedule), and a lost database keeps
// them for later.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { createLogger } from "../../src/logger.js";
import type { Attempt } from "../../src/sharing/ports.js";
import { createEmbeddedDatabase, type Database } from "../../src/state/database.js";
import { ExpiryQueue } from "../../src/state/expiry-queue.js";
import { migrate } from "../../src/state/migrate.js";
import { SharingStore } from "../../src/state/sharing-store.js";

const silent = createLogger("silent");

/** The database, counting the statements that write history entries. */
function counting(db: Database): {
  db: Database;
  inserts: () => number;
  fail: (on: boolean) => void;
} {
  let inserts = 0;
  let failing = false;
  return {
    db: {
      ...db,
      kind: db.kind,
      async query<R>(text: string, params?: readonly unknown[]): Promise<R[]> {
        if (text.includes("INSERT INTO sharing_event")) {
          if (failing) {
            throw new Error("connection terminated");
          }
          inserts += 1;
        }
        return db.query<R>(text, params);
      },
      transaction: (work) => db.transaction(work),
    },
    inserts: () => inserts,
    fail: (on) => {
      failing = on;
    },
  };
}

function attempt(partner: number, requestId: string): Attempt {
  return {
    share: {
      businessId: "1000000000000001",
      preverifiedId: "5550000000000001",
      partnerBusinessId: `20000000000000${String(partner).padStart(2, "0")}`,
    },
    actor: "tester",
    requestId,
  };
}

interface Row {
  kind: string;
  partner_business_id: string;
  result: string;
  request_id: string;
  fbtrace_id: string | null;
}

describe("history entries written in batches (embedded database)", () => {
  let base: Database;
  let wrapped: ReturnType<typeof counting>;
  let store: SharingStore;
  before(async () => {
    base = await createEmbeddedDatabase(undefined);
    await migrate(base, silent);
    wrapped = counting(base);
    store = new SharingStore(
      wrapped.db,
      // Never started: the permanent shares and unshares here schedule nothing.
      new ExpiryQueue(base, { pollIntervalMs: 1_000, concurrency: 1 }, silent),
      {
        expiryWindowMs: { min: 1_000, max: 86_400_000 },
        timedSharesRefusal: undefined,
        claimMs: 1_000,
      },
      silent,
    );
    store.ready = true;
  });
  beforeEach(async () => {
    await base.query("TRUNCATE share_schedule");
    await base.query("ALTER TABLE sharing_event DISABLE TRIGGER sharing_event_append_only");
    await base.query("DELETE FROM sharing_event");
    await base.query("ALTER TABLE sharing_event ENABLE TRIGGER sharing_event_append_only");
  });
  after(async () => {
    await base.close();
  });

  const rows = () =>
    base.query<Row>(
      `SELECT kind, partner_business_id, result, request_id, fbtrace_id
         FROM sharing_event ORDER BY id`,
    );

  it("writes the entries of 40 concurrent requests in few statements, each once, in order", async () => {
    const before = wrapped.inserts();
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        index % 4 === 3
          ? store.settleShare(attempt(index, `r${index}`), {
              ok: false,
              failure: {
                kind: "sharing_rejected",
                reason: "not_shareable",
                retryable: false,
                message: "no",
                fbtraceId: `trace-${index}`,
              },
            })
          : index % 4 === 2
            ? store.settleUnshare(attempt(index, `r${index}`), { ok: true, value: undefined })
            : store.settleShare(attempt(index, `r${index}`), {
                ok: true,
                value: { expiresAt: undefined },
              }),
      ),
    );
    const statements = wrapped.inserts() - before;
    assert.ok(statements <= 2, `40 entries took ${statements} statements`);
    const written = await rows();
    assert.deepEqual(
      written.map((row) => row.request_id),
      Array.from({ length: 40 }, (_, index) => `r${index}`),
    );
    assert.deepEqual(
      written.slice(0, 4).map((row) => [row.kind, row.result, row.fbtrace_id]),
      [
        ["shared", "success", null],
        ["shared", "success", null],
        ["unshared", "success", null],
        ["share_failed", "sharing_rejected", "trace-3"],
      ],
    );
  });

  it("lets the first of several permanent shares end the schedule that stood, as one by one", async () => {
    const { share } = attempt(1, "x");
    await base.query(
      `INSERT INTO share_schedule (preverified_id, partner_business_id, business_id, expires_at,
         version, state) VALUES ($1, $2, $3, now() + interval '1 hour', 1, 'scheduled')`,
      [share.preverifiedId, share.partnerBusinessId, share.businessId],
    );
    const success = { ok: true as const, value: { expiresAt: undefined } };
    await Promise.all([
      store.settleShare(attempt(1, "first"), success),
      store.settleShare(attempt(2, "other partner"), success),
      store.settleShare(attempt(1, "second"), success),
      store.settleUnshare(attempt(1, "unshare"), { ok: true, value: undefined }),
    ]);
    assert.deepEqual(
      (await rows()).map((row) => [row.request_id, row.kind]),
      [
        ["first", "expiry_changed"],
        ["other partner", "shared"],
        ["second", "shared"],
        ["unshare", "unshared"],
      ],
    );
    const [schedule] = await base.query<{ state: string; version: number }>(
      "SELECT state, version FROM share_schedule",
    );
    assert.deepEqual(schedule, { state: "cancelled", version: 2 });
  });

  it("keeps the entries of a failed statement and writes them once the database answers", async () => {
    wrapped.fail(true);
    await Promise.all([
      store.settleShare(attempt(1, "during 1"), { ok: true, value: { expiresAt: undefined } }),
      store.settleShare(attempt(2, "during 2"), { ok: true, value: { expiresAt: undefined } }),
    ]);
    const kept = () => store.backlogSize;
    assert.equal(kept(), 2);
    assert.deepEqual(await rows(), []);
    wrapped.fail(false);
    const end = Date.now() + 5_000;
    while (kept() > 0 && Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(
      (await rows()).map((row) => row.request_id),
      ["during 1", "during 2"],
    );
  });
});
