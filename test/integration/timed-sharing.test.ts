// Time-limited shares through HTTP on the embedded database (PGlite in the test process): the
// expiry window, the unshare at `expiresAt` (once, never early; the emulator counts DELETEs),
// sharing again, unsharing, the history, and the refusals of stateless and forwarding modes.
import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { FIXTURES } from "../../src/emulator/index.js";
import { createEmbeddedDatabase } from "../../src/state/database.js";
import { migrate } from "../../src/state/migrate.js";
import { createLogger } from "../../src/logger.js";
import {
  SharingHistoryDocument,
  TimedShareDocument,
  TimedSharesDocument,
  UnsharePreverifiedNumberDocument,
} from "../__generated__/graphql.js";
import { jwtSettingsOf, startIdentityProvider } from "../helpers/jwt.js";
import { startStack, type Stack } from "../helpers/stack.js";

const { businesses, tokens, numbers } = FIXTURES;
const SERVICE_TOKEN = tokens.acme;
type Loose = Record<string, unknown>;

const SHARE = {
  businessId: businesses.acme,
  preverifiedId: numbers.verified,
  partnerBusinessId: businesses.partnerOne,
};

function inSeconds(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}

async function share(stack: Stack, input: Loose): Promise<Loose> {
  const response = await stack.execute(TimedShareDocument, { input: { ...SHARE, ...input } });
  assert.equal(response.body.errors, undefined, response.text);
  const result = response.body.data?.sharePreverifiedNumber as Loose | undefined;
  assert.ok(result, response.text);
  return result;
}

async function history(stack: Stack, id: string, first = 25): Promise<Loose[]> {
  const response = await stack.execute(SharingHistoryDocument, { id, first });
  assert.equal(response.body.errors, undefined, response.text);
  const number = response.body.data?.preverifiedNumber as Loose;
  const connection = number["sharingHistory"] as { nodes: Loose[] };
  return connection.nodes;
}

function deletes(stack: Stack, preverifiedId: string, partnerBusinessId: string): number {
  return stack.emulator.requests.filter(
    (request) =>
      request.method === "DELETE" &&
      request.query["preverified_id"] === preverifiedId &&
      request.query["partner_business_id"] === partnerBusinessId,
  ).length;
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) {
      assert.fail(`not within ${timeoutMs} ms`);
    }
    await sleep(50);
  }
}

describe("time-limited shares (embedded database)", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      serviceToken: SERVICE_TOKEN,
      state: { kind: "embedded", dataDir: undefined },
      expiry: { minAheadMs: 1_000, pollIntervalMs: 500 },
    });
  });
  beforeEach(() => {
    stack.resetEmulator();
  });
  after(async () => {
    await stack.close();
  });

  it("shares until expiresAt, then unshares once, not before, and records both", async () => {
    const expiresAt = inSeconds(2);
    const result = await share(stack, { expiresAt });
    assert.equal(result["__typename"], "SharePreverifiedNumberSuccess", JSON.stringify(result));
    assert.equal(result["expiresAt"], expiresAt);
    assert.ok(stack.emulator.store.sharedWith(numbers.verified).includes(businesses.partnerOne));
    assert.equal(deletes(stack, numbers.verified, businesses.partnerOne), 0);

    await until(() => deletes(stack, numbers.verified, businesses.partnerOne) > 0, 10_000);
    const sent = stack.emulator.requests.find((request) => request.method === "DELETE");
    assert.ok(sent);
    assert.ok(sent.receivedAt >= Date.parse(expiresAt), "never before expiresAt");
    assert.equal(
      stack.emulator.store.sharedWith(numbers.verified).includes(businesses.partnerOne),
      false,
    );
    await sleep(1_500);
    assert.equal(deletes(stack, numbers.verified, businesses.partnerOne), 1, "exactly once");

    const events = await history(stack, numbers.verified);
    assert.deepEqual(
      events.slice(0, 2).map((event) => [event["kind"], event["actor"], event["result"]]),
      [
        ["EXPIRED", "service", "success"],
        ["SHARED", "unknown", "success"],
      ],
    );
    const shared = events[1];
    assert.ok(shared);
    assert.equal(shared["expiresAt"], expiresAt);
    assert.equal((shared["partnerBusiness"] as Loose)["id"], businesses.partnerOne);
  });

  it("refuses expiresAt too soon, too far or in the past with InvalidInputError and sends nothing", async () => {
    for (const expiresAt of [inSeconds(0.2), inSeconds(-60), inSeconds(400 * 86_400)]) {
      const before = stack.emulator.requests.length;
      const result = await share(stack, { expiresAt });
      assert.equal(result["__typename"], "InvalidInputError", JSON.stringify(result));
      assert.equal(result["field"], "expiresAt");
      assert.equal(stack.emulator.requests.length, before, "nothing sent to Meta");
    }
  });

  it("rejects a malformed expiresAt as a GraphQL validation error", async () => {
    const response = await stack.execute(TimedShareDocument, {
      input: { ...SHARE, expiresAt: "tomorrow" },
    });
    assert.equal(response.body.data, undefined);
    assert.match(JSON.stringify(response.body.errors), /DateTime/);
  });

  it("sharing again moves the schedule: Meta's already-shared is a success; the first time never fires", async () => {
    const first = await share(stack, { expiresAt: inSeconds(1.5) });
    assert.equal(first["__typename"], "SharePreverifiedNumberSuccess");
    const later = inSeconds(3);
    const again = await share(stack, { expiresAt: later });
    assert.equal(again["__typename"], "SharePreverifiedNumberSuccess", JSON.stringify(again));
    assert.equal(again["expiresAt"], later);
    await sleep(2_200);
    assert.equal(deletes(stack, numbers.verified, businesses.partnerOne), 0, "not at the old time");
    await until(() => deletes(stack, numbers.verified, businesses.partnerOne) > 0, 10_000);
    const events = await history(stack, numbers.verified, 3);
    assert.deepEqual(
      events.map((event) => event["kind"]),
      ["EXPIRED", "EXPIRY_CHANGED", "SHARED"],
    );
  });

  it("sharing again without expiresAt makes it permanent; unshare ends a schedule", async () => {
    assert.equal(
      (await share(stack, { expiresAt: inSeconds(1.5) }))["__typename"],
      "SharePreverifiedNumberSuccess",
    );
    const permanent = await share(stack, {});
    assert.equal(
      permanent["__typename"],
      "SharePreverifiedNumberSuccess",
      JSON.stringify(permanent),
    );
    assert.equal(permanent["expiresAt"], null);

    const other = { ...SHARE, preverifiedId: numbers.bulk[0] ?? "" };
    assert.equal(
      (await share(stack, { ...other, expiresAt: inSeconds(1.5) }))["__typename"],
      "SharePreverifiedNumberSuccess",
    );
    const unshared = await stack.execute(UnsharePreverifiedNumberDocument, { input: other });
    assert.equal(
      (unshared.body.data?.unsharePreverifiedNumber as Loose | undefined)?.["__typename"],
      "UnsharePreverifiedNumberSuccess",
      unshared.text,
    );
    await sleep(2_500);
    assert.equal(deletes(stack, numbers.verified, businesses.partnerOne), 0, "permanent now");
    assert.equal(
      deletes(stack, other.preverifiedId, businesses.partnerOne),
      1,
      "only the caller's unshare",
    );
    assert.deepEqual(
      (await history(stack, other.preverifiedId, 2)).map((event) => event["kind"]),
      ["UNSHARED", "SHARED"],
    );
  });

  it("a share Meta refuses keeps no schedule and is recorded as failed", async () => {
    const result = await share(stack, {
      preverifiedId: numbers.notVerified,
      expiresAt: inSeconds(1.5),
    });
    assert.equal(result["__typename"], "SharingRejectedError");
    await sleep(2_500);
    assert.equal(deletes(stack, numbers.notVerified, businesses.partnerOne), 0);
    const [event] = await history(stack, numbers.notVerified, 1);
    assert.ok(event);
    assert.equal(event["kind"], "SHARE_FAILED");
    assert.equal(event["result"], "sharing_rejected");
  });

  it("bulk shares carry expiresAt per entry", async () => {
    const expiresAt = inSeconds(1.5);
    const ids = numbers.bulk.slice(1, 4);
    const response = await stack.execute(TimedSharesDocument, {
      input: ids.map((preverifiedId) => ({ ...SHARE, preverifiedId, expiresAt })),
    });
    const results = response.body.data?.sharePreverifiedNumbers as Loose[] | undefined;
    assert.deepEqual(
      results?.map((result) => [result["__typename"], result["expiresAt"]]),
      ids.map(() => ["SharePreverifiedNumberSuccess", expiresAt]),
      response.text,
    );
    await until(() => ids.every((id) => deletes(stack, id, businesses.partnerOne) === 1), 10_000);
  });

  it("counts pending expiries in share_expiries on /metrics", async () => {
    const id = numbers.bulk[20] ?? "";
    await share(stack, { preverifiedId: id, expiresAt: inSeconds(3_600) });
    const metrics = await (await fetch(`${stack.origin}/metrics`)).text();
    const pending = /^share_expiries\{state="pending"\} (\d+)$/m.exec(metrics);
    assert.ok(pending, metrics.slice(0, 2_000));
    assert.ok(Number(pending[1]) >= 1);
    assert.match(metrics, /^share_expiries\{state="overdue"\} 0$/m);
    assert.match(metrics, /^share_expiries\{state="failed"\} 0$/m);
    await stack.execute(UnsharePreverifiedNumberDocument, {
      input: { ...SHARE, preverifiedId: id },
    });
    const after = await (await fetch(`${stack.origin}/metrics`)).text();
    assert.equal(
      Number(/^share_expiries\{state="pending"\} (\d+)$/m.exec(after)?.[1]),
      Number(pending[1]) - 1,
      "the unshare ended the schedule",
    );
  });

  it("pages the history with cursors, newest first", async () => {
    const id = numbers.bulk[10];
    assert.ok(id);
    for (let round = 0; round < 3; round += 1) {
      await share(stack, { preverifiedId: id });
      await stack.execute(UnsharePreverifiedNumberDocument, {
        input: { ...SHARE, preverifiedId: id },
      });
    }
    const first = await stack.execute(SharingHistoryDocument, { id, first: 4 });
    const page = (first.body.data?.preverifiedNumber as Loose)["sharingHistory"] as {
      nodes: Loose[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
    assert.equal(page.nodes.length, 4);
    assert.equal(page.pageInfo.hasNextPage, true);
    const second = await stack.execute(SharingHistoryDocument, {
      id,
      first: 4,
      after: page.pageInfo.endCursor,
    });
    const rest = (
      (second.body.data?.preverifiedNumber as Loose)["sharingHistory"] as { nodes: Loose[] }
    ).nodes;
    assert.equal(rest.length, 2);
    const ids = [...page.nodes, ...rest].map((event) => Number(event["id"]));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
      "newest first",
    );
    const bad = await stack.execute(SharingHistoryDocument, { id, first: 4, after: "bm90LW91cnM" });
    assert.match(JSON.stringify(bad.body.errors), /BAD_USER_INPUT/);
  });
});

describe("time-limited shares without a database or without the service token", () => {
  it("stateless (production without DATABASE_URL): expiresAt is refused, history is empty", async () => {
    const stack = await startStack({ serviceToken: SERVICE_TOKEN, state: { kind: "none" } });
    try {
      const result = await share(stack, { expiresAt: inSeconds(3_600) });
      assert.equal(result["__typename"], "InvalidInputError");
      assert.equal(result["field"], "expiresAt");
      assert.match(String(result["message"]), /DATABASE_URL/);
      assert.equal(stack.emulator.requests.length, 0);
      assert.equal((await share(stack, {}))["__typename"], "SharePreverifiedNumberSuccess");
      assert.deepEqual(await history(stack, numbers.verified), []);
    } finally {
      await stack.close();
    }
  });

  it("forwarding callers' own Meta tokens: expiresAt is refused with the reason", async () => {
    const stack = await startStack({ state: { kind: "embedded", dataDir: undefined } });
    try {
      const response = await stack.execute(
        TimedShareDocument,
        { input: { ...SHARE, expiresAt: inSeconds(3_600) } },
        { token: tokens.acme },
      );
      const result = response.body.data?.sharePreverifiedNumber as Loose;
      assert.equal(result["__typename"], "InvalidInputError");
      assert.equal(result["field"], "expiresAt");
      assert.match(String(result["message"]), /GRAPH_API_TOKEN/);
      assert.equal(stack.emulator.requests.length, 0);
    } finally {
      await stack.close();
    }
  });
});

describe("the history table", () => {
  it("refuses DELETE, and UPDATE but the one settling a pending entry", async () => {
    const db = await createEmbeddedDatabase(undefined);
    try {
      await migrate(db, createLogger("silent"));
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO sharing_event (kind, preverified_id, business_id, partner_business_id, actor,
           result) VALUES ('shared', '1', '2', '3', 'me', 'pending') RETURNING id::text`,
        [],
      );
      assert.ok(row);
      await db.query("UPDATE sharing_event SET result = 'success' WHERE id = $1::bigint", [row.id]);
      await assert.rejects(
        db.query("UPDATE sharing_event SET result = 'upstream' WHERE id = $1::bigint", [row.id]),
        /append-only/,
      );
      await assert.rejects(
        db.query("DELETE FROM sharing_event WHERE id = $1::bigint", [row.id]),
        /append-only/,
      );
    } finally {
      await db.close();
    }
  });
});

describe("the history as JWT callers see it", () => {
  it("names the caller's sub; a partner sees only its own entries; an outsider none", async () => {
    const idp = await startIdentityProvider({
      issuer: "https://idp.test.example/",
      audience: "preverified-sharing",
    });
    const stack = await startStack({
      serviceToken: SERVICE_TOKEN,
      jwt: jwtSettingsOf(idp),
      state: { kind: "embedded", dataDir: undefined },
    });
    try {
      const acme = await idp.sign({
        sub: "acme-ops",
        businesses: [businesses.acme],
        scope: "preverified:read preverified:share",
      });
      for (const partnerBusinessId of [businesses.partnerOne, businesses.partnerTwo]) {
        const shared = await stack.execute(
          TimedShareDocument,
          { input: { ...SHARE, partnerBusinessId, expiresAt: inSeconds(3_600) } },
          { token: acme },
        );
        assert.equal(
          (shared.body.data?.sharePreverifiedNumber as Loose | undefined)?.["__typename"],
          "SharePreverifiedNumberSuccess",
          shared.text,
        );
      }
      const read = async (token: string) => {
        const response = await stack.execute(
          SharingHistoryDocument,
          { id: numbers.verified, first: 10 },
          { token },
        );
        const number = response.body.data?.preverifiedNumber as Loose | undefined;
        return {
          typename: number?.["__typename"],
          nodes: (number?.["sharingHistory"] as { nodes: Loose[] } | null | undefined)?.nodes,
        };
      };
      const partnerOf = (event: Loose) => (event["partnerBusiness"] as Loose)["id"];
      const owner = await read(acme);
      assert.deepEqual(owner.nodes?.map(partnerOf), [businesses.partnerTwo, businesses.partnerOne]);
      assert.deepEqual(
        owner.nodes.map((event) => event["actor"]),
        ["acme-ops", "acme-ops"],
      );
      const partner = await read(
        await idp.sign({
          sub: "p1",
          businesses: [businesses.partnerOne],
          scope: "preverified:read",
        }),
      );
      assert.deepEqual(partner.nodes?.map(partnerOf), [businesses.partnerOne], "only its own");
      const outsider = await read(
        await idp.sign({ sub: "o", businesses: [businesses.outsider], scope: "preverified:read" }),
      );
      assert.equal(outsider.typename, "PermissionDeniedError");
      assert.equal(outsider.nodes, undefined);
    } finally {
      await stack.close();
      await idp.close();
    }
  });
});
