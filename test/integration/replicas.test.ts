// Three replicas of the real service (separate processes) on one real PostgreSQL and one emulator:
// expiries fire once across replicas, never early, even when a replica is SIGKILLed mid-job; a
// database outage keeps the stateless operations working and recovers without a restart; a
// throttle one replica learns keeps the others from calling Meta.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import {
  FIXTURES,
  startMetaEmulator,
  type MetaEmulator,
  type RecordedRequest,
} from "../../src/emulator/index.js";
import {
  PreverifiedNumberDocument,
  SharingHistoryDocument,
  ThrottledShareDocument,
  TimedShareDocument,
} from "../__generated__/graphql.js";
import { type PostgresServer, skipWithoutPostgres, startPostgres } from "../helpers/postgres.js";
import { stopAll } from "../helpers/processes.js";
import { type Replica, startReplicas } from "../helpers/replicas.js";

const { businesses, numbers, tokens } = FIXTURES;
type Loose = Record<string, unknown>;

/** Latency the emulator adds to the first DELETEs, so that some are in flight at the SIGKILL. */
const DELETE_LATENCY_MS = 1_500;
const UNREACHABLE = /state database is unreachable/;

function shareOf(preverifiedId: string): {
  businessId: string;
  preverifiedId: string;
  partnerBusinessId: string;
} {
  return { businessId: businesses.acme, preverifiedId, partnerBusinessId: businesses.partnerOne };
}

function bulk(index: number): string {
  const id = numbers.bulk[index];
  assert.ok(id !== undefined, `bulk number ${index}`);
  return id;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) {
      assert.fail(`${what}: not within ${timeoutMs} ms`);
    }
    await sleep(100);
  }
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

function lateness(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    `n=${sorted.length} p50=${percentile(sorted, 50)} ms p99=${percentile(sorted, 99)} ms ` +
    `max=${sorted.at(-1) ?? Number.NaN} ms`
  );
}

describe(
  "three replicas on one PostgreSQL",
  { skip: skipWithoutPostgres(), timeout: 150_000 },
  () => {
    let server: PostgresServer;
    let emulator: MetaEmulator;
    let db: pg.Pool;
    let replicas: Replica[];
    /** When the emulator's store really took each partner's access away, by `number:partner`. */
    const unshared = new Map<string, number[]>();
    const closers: (() => Promise<void>)[] = [];

    const deletesOf = (preverifiedId: string): RecordedRequest[] =>
      emulator.requests.filter(
        (request) =>
          request.method === "DELETE" &&
          request.query["preverified_id"] === preverifiedId &&
          request.query["partner_business_id"] === businesses.partnerOne,
      );

    async function timedShare(replica: Replica, preverifiedId: string, expiresAt?: Date) {
      const response = await replica.execute(TimedShareDocument, {
        input: {
          ...shareOf(preverifiedId),
          ...(expiresAt === undefined ? {} : { expiresAt: expiresAt.toISOString() }),
        },
      });
      assert.equal(response.body.errors, undefined, response.text);
      const result = response.body.data?.sharePreverifiedNumber as Loose | undefined;
      assert.ok(result, response.text);
      return result;
    }

    async function scheduled(): Promise<number> {
      const { rows } = await db.query<{ count: number }>(
        "SELECT count(*)::int AS count FROM share_schedule WHERE state = 'scheduled'",
      );
      return rows[0]?.count ?? -1;
    }

    /** What is still scheduled, and its jobs, for a failure's message. */
    async function schedulesLeft(): Promise<unknown> {
      const { rows } = await db.query(
        `SELECT s.preverified_id, s.version, s.attempts, s.expires_at, s.expiry_claimed_until,
              s.last_failure, now() AS now,
              (SELECT json_agg(json_build_object('state', j.state, 'retries', j.retry_count,
                                                 'startAfter', j.start_after))
                 FROM pgboss.job j WHERE j.data->>'preverifiedId' = s.preverified_id) AS jobs
         FROM share_schedule s WHERE s.state = 'scheduled'`,
      );
      return rows;
    }

    let replicaEnv: Record<string, string> = {};
    before(async () => {
      const started = performance.now();
      [server, emulator] = await Promise.all([startPostgres(), startMetaEmulator()]);
      closers.push(
        () => server.close(),
        () => emulator.close(),
      );
      db = new pg.Pool({ connectionString: server.url, max: 2 });
      closers.push(() => db.end().catch(() => undefined));
      // A server stopped under the pool emits 'error' on idle clients; the queries are what count.
      db.on("error", () => undefined);
      const store = emulator.store;
      const unshare = store.unshare.bind(store);
      store.unshare = (request) => {
        const outcome = unshare(request);
        if (outcome.ok) {
          const key = `${request.preverifiedId}:${request.partnerBusinessId}`;
          unshared.set(key, [...(unshared.get(key) ?? []), Date.now()]);
        }
        return outcome;
      };
      replicaEnv = {
        DATABASE_URL: server.url,
        DATABASE_POOL_SIZE: "5",
        GRAPH_API_URL: emulator.url,
        GRAPH_API_TOKEN: tokens.acme,
        AUTH_DISABLED: "true",
        NODE_ENV: "test",
        SHARE_EXPIRY_MIN_SECONDS: "1",
        EXPIRY_POLL_INTERVAL_MS: "500",
        // An attempt's claim on its schedule lasts the deadline plus a margin: a short deadline
        // makes a SIGKILLed replica's claims lapse sooner.
        GRAPH_API_TIMEOUT_MS: "2500",
        GRAPH_API_DEADLINE_MS: "3000",
        MUTATION_RATE_LIMIT_PER_MINUTE: "100000",
        MUTATION_RATE_LIMIT_BURST: "100000",
        READ_RATE_LIMIT_PER_MINUTE: "100000",
        READ_RATE_LIMIT_BURST: "100000",
      };
      replicas = await startReplicas(3, replicaEnv);
      console.log(
        `# PostgreSQL, emulator and 3 replicas up in ${(performance.now() - started).toFixed(0)} ms`,
      );
    });

    after(async () => {
      await stopAll();
      // Last opened, first closed; only what `before` got to open.
      for (const close of closers.reverse()) {
        await close();
      }
    });

    it("thirty shares expiring over a few seconds, created through different replicas, one replica SIGKILLed mid-way", async () => {
      const ids = numbers.bulk.slice(0, 30);
      assert.equal(ids.length, 30);
      const base = Date.now();
      const expiresAt = new Map(
        ids.map((id, index) => [id, new Date(base + 2_000 + Math.round((index * 4_000) / 29))]),
      );
      const results = await Promise.all(
        ids.map((id, index) => timedShare(replicas[index % 3]!, id, expiresAt.get(id))),
      );
      for (const [index, result] of results.entries()) {
        assert.equal(result["__typename"], "SharePreverifiedNumberSuccess", JSON.stringify(result));
        assert.equal(result["expiresAt"], expiresAt.get(ids[index]!)?.toISOString());
      }
      for (const id of ids) {
        assert.ok(emulator.store.sharedWith(id).includes(businesses.partnerOne));
      }
      // Each of the first thirty DELETEs waits 1.5 s before the emulator decides it, so that some
      // are in flight at the SIGKILL (a request whose client went away is dropped, undecided).
      emulator.faults.enqueue(`latency:${DELETE_LATENCY_MS}`, 30);

      const allDeletes = () => emulator.requests.filter((request) => request.method === "DELETE");
      await until("ten DELETEs", () => allDeletes().length >= 10, 15_000);
      const killedAt = Date.now();
      const deletesBeforeKill = allDeletes().length;
      const killed = await replicas[0]!.process.stop("SIGKILL");
      assert.equal(killed.signal, "SIGKILL");
      const inFlightAtKill = allDeletes().filter(
        (request) =>
          request.receivedAt <= killedAt && request.receivedAt + DELETE_LATENCY_MS > killedAt,
      ).length;

      await until("every schedule expired", async () => (await scheduled()) === 0, 55_000).catch(
        async (error: unknown) => {
          console.log(`# schedules left: ${JSON.stringify(await schedulesLeft())}`);
          throw error;
        },
      );
      // Anything still to come (a repeat) would arrive now.
      await sleep(1_500);
      const doneAt = Date.now();

      const firstLateness: number[] = [];
      const effectiveLateness: number[] = [];
      let takenOver = 0;
      for (const id of ids) {
        const due = expiresAt.get(id)!.getTime();
        const sent = deletesOf(id);
        const effective = unshared.get(`${id}:${businesses.partnerOne}`) ?? [];
        assert.equal(effective.length, 1, `${id}: unshared exactly once at the emulator`);
        assert.ok(sent.length >= 1, `${id}: a DELETE`);
        for (const request of sent) {
          assert.ok(
            request.receivedAt >= due,
            `${id}: DELETE ${request.receivedAt - due} ms early`,
          );
        }
        // A DELETE before the last one is only allowed if the killed replica had it in flight
        // (the emulator drops a request whose client went away, so Meta never acted on it).
        for (const request of sent.slice(0, -1)) {
          assert.ok(
            request.receivedAt <= killedAt && request.receivedAt + DELETE_LATENCY_MS > killedAt,
            `${id}: a second DELETE although the first was not cut by the SIGKILL`,
          );
        }
        const last = sent.at(-1)!;
        assert.ok(effective[0]! >= last.receivedAt, `${id}: the last DELETE is the one that acted`);
        assert.equal(
          emulator.store.sharedWith(id).includes(businesses.partnerOne),
          false,
          `${id}: partner gone`,
        );
        firstLateness.push(sent[0]!.receivedAt - due);
        effectiveLateness.push(last.receivedAt - due);
        if (sent.length > 1 || last.receivedAt - due > 5_000) {
          takenOver += 1;
        }
      }

      const survivor = replicas[1]!;
      for (const id of ids) {
        const response = await survivor.execute(SharingHistoryDocument, { id, first: 25 });
        assert.equal(response.body.errors, undefined, response.text);
        const number = response.body.data?.preverifiedNumber as Loose | undefined;
        assert.ok(number, response.text);
        const { nodes } = number["sharingHistory"] as { nodes: Loose[] };
        const expired = nodes.filter((event) => event["kind"] === "EXPIRED");
        assert.equal(expired.length, 1, `${id}: one EXPIRED event, got ${JSON.stringify(nodes)}`);
        const [event] = expired;
        assert.ok(event);
        assert.equal(event["actor"], "service");
        assert.equal(event["result"], "success");
      }

      const repeats = ids.reduce((sum, id) => sum + deletesOf(id).length - 1, 0);
      console.log(
        `# SIGKILL after ${deletesBeforeKill} DELETEs; ${inFlightAtKill} DELETEs ` +
          `in flight at the kill; ${repeats} re-sent by a survivor (the cut ones); ` +
          `${takenOver} expiries taken over from the killed replica; all settled ` +
          `${((doneAt - killedAt) / 1000).toFixed(1)} s after the kill`,
      );
      console.log(`# expiry lateness, first DELETE - expiresAt: ${lateness(firstLateness)}`);
      console.log(
        `# expiry lateness, effective DELETE - expiresAt (SIGKILL takeovers included): ${lateness(effectiveLateness)}`,
      );
      const normal = effectiveLateness.filter((ms) => ms <= 5_000);
      console.log(`# expiry lateness, not taken over: ${lateness(normal)}`);
    });
    it("the database stopped and restarted during traffic", async () => {
      // Replica 1 was SIGKILLed above; the other two carry on.
      const live = replicas.slice(1);
      const [second, third] = [live[0]!, live[1]!];
      emulator.faults.clear();
      const exits: string[] = [];
      for (const replica of live) {
        void replica.process.exited.then((status) => {
          exits.push(`replica ${replica.number} exited: ${JSON.stringify(status)}`);
        });
      }

      // A schedule made before the outage, due while the database is down.
      const early = bulk(40);
      const earlyDue = new Date(Date.now() + 3_000);
      const made = await timedShare(second, early, earlyDue);
      assert.equal(made["__typename"], "SharePreverifiedNumberSuccess", JSON.stringify(made));

      // Reads through both replicas all along.
      const reads: { at: number; typename: unknown }[] = [];
      const traffic = { running: true };
      const readLoop = (async () => {
        for (let turn = 0; traffic.running; turn += 1) {
          const response = await live[turn % 2]!.execute(PreverifiedNumberDocument, {
            id: numbers.verified,
          });
          reads.push({
            at: Date.now(),
            typename: response.body.data?.preverifiedNumber.__typename,
          });
          await sleep(200);
        }
      })();

      const stoppedAt = Date.now();
      await server.stop();

      // Stateless operations keep working.
      for (const [index, id] of [bulk(41), bulk(42)].entries()) {
        const permanent = await timedShare(live[index]!, id);
        assert.equal(
          permanent["__typename"],
          "SharePreverifiedNumberSuccess",
          JSON.stringify(permanent),
        );
        assert.equal(permanent["expiresAt"], null);
        assert.ok(emulator.store.sharedWith(id).includes(businesses.partnerOne));
      }
      // A time-limited share is refused, retryable, with nothing sent to Meta.
      const refusedId = bulk(43);
      const refused = await timedShare(third, refusedId, new Date(Date.now() + 60_000));
      assert.equal(refused["__typename"], "UpstreamError", JSON.stringify(refused));
      assert.equal(refused["upstreamReason"], "STATE_UNAVAILABLE");
      assert.equal(refused["retryable"], true);
      assert.equal(
        emulator.requests.filter((request) => request.body.includes(refusedId)).length,
        0,
        "nothing sent for the refused share",
      );
      // Still ready (the other operations work), and the problem is named.
      await until(
        "readiness names the database",
        async () => {
          const states = await Promise.all(live.map((replica) => replica.ready()));
          return states.every(
            (state) =>
              state.status === 200 &&
              (state.body.warnings ?? []).some((warning) => UNREACHABLE.test(warning)),
          );
        },
        12_000,
      );
      // A replica started while the database is down serves, says so, and recovers with the rest.
      const [fresh] = await startReplicas(1, replicaEnv);
      assert.ok(fresh);
      live.push(fresh);
      const freshShare = await timedShare(fresh, bulk(45));
      assert.equal(
        freshShare["__typename"],
        "SharePreverifiedNumberSuccess",
        JSON.stringify(freshShare),
      );
      const freshReady = await fresh.ready();
      assert.equal(freshReady.status, 200);
      assert.ok(
        (freshReady.body.warnings ?? []).some((warning) => UNREACHABLE.test(warning)),
        JSON.stringify(freshReady.body),
      );
      // The early schedule falls due during the outage, and cannot fire yet.
      // The outage lasts past the early schedule's time and at least one readiness check (5 s).
      await until(
        "the early schedule is due",
        () => Date.now() > Math.max(earlyDue.getTime() + 500, stoppedAt + 6_000),
        10_000,
      );
      assert.equal(deletesOf(early).length, 0);

      await server.start();
      const restartedAt = Date.now();
      const outageMs = restartedAt - stoppedAt;

      // Within ~15 s a time-limited share works again.
      const later = bulk(44);
      let laterDue = new Date();
      let refusals = 0;
      await until(
        "a time-limited share succeeds again",
        async () => {
          laterDue = new Date(Date.now() + 2_000);
          const result = await timedShare(third, later, laterDue);
          if (result["__typename"] === "SharePreverifiedNumberSuccess") {
            return true;
          }
          assert.equal(result["upstreamReason"], "STATE_UNAVAILABLE", JSON.stringify(result));
          refusals += 1;
          await sleep(400);
          return false;
        },
        15_000,
      );
      const recoveredMs = Date.now() - restartedAt;

      // Both schedules fire, once each, not early.
      await until(
        "both expiries sent",
        () => deletesOf(early).length > 0 && deletesOf(later).length > 0,
        20_000,
      );
      await until("every schedule expired", async () => (await scheduled()) === 0, 20_000).catch(
        async (error: unknown) => {
          console.log(`# schedules left: ${JSON.stringify(await schedulesLeft())}`);
          throw error;
        },
      );
      await sleep(1_000);
      for (const [id, due] of [
        [early, earlyDue],
        [later, laterDue],
      ] as const) {
        const sent = deletesOf(id);
        assert.equal(sent.length, 1, `${id}: exactly one DELETE`);
        assert.ok(sent[0]!.receivedAt >= due.getTime(), `${id}: not before expiresAt`);
        assert.equal(emulator.store.sharedWith(id).includes(businesses.partnerOne), false);
      }
      const earlyLateness = deletesOf(early)[0]!.receivedAt - earlyDue.getTime();
      const laterLateness = deletesOf(later)[0]!.receivedAt - laterDue.getTime();

      await until(
        "readiness warnings clear",
        async () => {
          const states = await Promise.all(live.map((replica) => replica.ready()));
          return states.every(
            (state) =>
              state.status === 200 &&
              !(state.body.warnings ?? []).some((warning) => UNREACHABLE.test(warning)),
          );
        },
        12_000,
      );
      // The replica that started during the outage migrated and started its queue once it could.
      const freshTimed = await timedShare(fresh, bulk(46), new Date(Date.now() + 60_000));
      assert.equal(
        freshTimed["__typename"],
        "SharePreverifiedNumberSuccess",
        JSON.stringify(freshTimed),
      );
      // The history of the shares made during the outage is written once the database is back.
      await until(
        "history of the shares made during the outage",
        async () => {
          for (const id of [bulk(41), bulk(42)]) {
            const response = await second.execute(SharingHistoryDocument, { id, first: 5 });
            const number = response.body.data?.preverifiedNumber as Loose | undefined;
            const history = number?.["sharingHistory"] as { nodes: Loose[] } | undefined;
            if (!(history?.nodes ?? []).some((event) => event["kind"] === "SHARED")) {
              return false;
            }
          }
          return true;
        },
        15_000,
      );
      traffic.running = false;
      await readLoop;
      const during = reads.filter((read) => read.at > stoppedAt && read.at < restartedAt);
      assert.ok(during.length >= 5, `reads during the outage: ${during.length}`);
      assert.deepEqual(
        reads.filter((read) => read.typename !== "PreverifiedNumber"),
        [],
        "every read answered",
      );
      assert.deepEqual(exits, [], "no replica exited");
      console.log(
        `# outage ${(outageMs / 1000).toFixed(1)} s: ${during.length} reads answered meanwhile; ` +
          `time-limited share accepted ${recoveredMs} ms after the restart (${refusals} refused ` +
          `before); the schedule due during the outage fired ${earlyLateness} ms after its ` +
          `expiresAt, the one made after ${laterLateness} ms`,
      );
    });

    it("a throttle learned by one replica is honoured by another with no Meta call", async () => {
      // Replicas 2 and 3 (replica 1 was SIGKILLed); after the outage, so their listeners reconnected.
      const [learner, other] = [replicas[1]!, replicas[2]!];
      emulator.faults.clear();
      emulator.faults.enqueue("rate-limit:5");
      const first = await learner.execute(ThrottledShareDocument, { input: shareOf(bulk(60)) });
      const learned = first.body.data?.sharePreverifiedNumber as Loose | undefined;
      assert.equal(learned?.["__typename"], "RateLimitedError", first.text);
      assert.equal(learned["metaCode"], 80008, "Meta's answer, passed on");
      const answeredAt = Date.now();

      // Well within a second.
      await sleep(300);
      const before = emulator.requests.length;
      const sentAt = Date.now();
      const second = await other.execute(ThrottledShareDocument, { input: shareOf(bulk(61)) });
      const honoured = second.body.data?.sharePreverifiedNumber as Loose | undefined;
      assert.equal(honoured?.["__typename"], "RateLimitedError", second.text);
      assert.equal(honoured["retryable"], true);
      const seconds = Number(honoured["retryAfterSeconds"]);
      assert.ok(seconds > 0 && seconds <= 300, `retryAfterSeconds ${seconds}`);
      assert.equal(honoured["metaCode"], null, "the service's own answer, not Meta's");
      assert.equal(emulator.requests.length, before, "no request reached Meta");
      assert.deepEqual(emulator.store.sharedWith(bulk(61)), []);
      console.log(
        `# second replica asked ${sentAt - answeredAt} ms after the first learned the throttle`,
      );
    });
  },
);
