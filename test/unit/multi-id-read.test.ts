import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ReadFailure, ReadResult } from "../../src/graph-api/failure.js";
import { type MultiIdRead, readInChunks } from "../../src/graph-api/multi-id-read.js";

const FORBIDDEN: ReadFailure = {
  kind: "permission_denied",
  retryable: false,
  message: "(#200) Permission error",
  metaCode: 200,
};
const THROTTLED: ReadFailure = { kind: "rate_limited", retryable: true, message: "slow down" };

/** A fake Meta: records each request's IDs and answers like the emulator. */
function fakeMeta(options: { unknown?: string[]; forbidden?: string[]; names?: boolean } = {}) {
  const requests: string[][] = [];
  const read: MultiIdRead<string>["read"] = (ids) => {
    requests.push([...ids]);
    const unknown = ids.filter((id) => options.unknown?.includes(id));
    if (unknown.length > 0) {
      const named = options.names === false ? "" : `: ${unknown.join(",")}`;
      return Promise.resolve({
        ok: false,
        failure: {
          kind: "not_found",
          retryable: false,
          metaCode: 803,
          fbtraceId: "AbCdEfGhIjK",
          message: `(#803) Some of the aliases you requested do not exist${named}`,
        },
      });
    }
    if (ids.some((id) => options.forbidden?.includes(id))) {
      return Promise.resolve({ ok: false, failure: FORBIDDEN });
    }
    return Promise.resolve({
      ok: true,
      value: Object.fromEntries(ids.map((id) => [id, { id, value: `v${id}` }])),
    });
  };
  const pick = (entry: unknown, id: string): ReadResult<string> =>
    typeof entry === "object" && entry !== null
      ? { ok: true, value: `v${id}` }
      : { ok: false, failure: { kind: "not_found", retryable: false, message: "no entry" } };
  return { requests, read, pick };
}

const ids = (count: number) => Array.from({ length: count }, (_, index) => String(100 + index));

describe("readInChunks", () => {
  it("reads in chunks of maxIdsPerRead, results in order", async () => {
    const meta = fakeMeta();
    const results = await readInChunks(ids(120), { maxIdsPerRead: 50, ...meta });
    assert.deepEqual(
      meta.requests.map((request) => request.length),
      [50, 50, 20],
    );
    assert.deepEqual(
      results.map((result) => (result.ok ? result.value : "")),
      ids(120).map((id) => `v${id}`),
    );
  });

  it("makes no request for no IDs", async () => {
    const meta = fakeMeta();
    assert.deepEqual(await readInChunks([], { maxIdsPerRead: 50, ...meta }), []);
    assert.equal(meta.requests.length, 0);
  });

  it("reads the others again without the IDs Meta names; the named ones are NOT_FOUND", async () => {
    const meta = fakeMeta({ unknown: ["105", "110"] });
    const results = await readInChunks(ids(20), { maxIdsPerRead: 50, ...meta });
    assert.equal(meta.requests.length, 2);
    assert.equal(meta.requests[1]?.length, 18);
    for (const [index, result] of results.entries()) {
      if (index === 5 || index === 10) {
        assert.ok(!result.ok);
        assert.equal(result.failure.kind, "not_found");
        assert.equal(result.failure.fbtraceId, "AbCdEfGhIjK");
      } else {
        assert.equal(result.ok, true);
      }
    }
  });

  it("halves when Meta names no ID", async () => {
    const meta = fakeMeta({ unknown: ["103"], names: false });
    const results = await readInChunks(ids(8), { maxIdsPerRead: 50, ...meta });
    // 8 → 4 + 4 → (2 + 2) → (1 + 1): 1 + 2 + 2 + 2 requests.
    assert.equal(meta.requests.length, 7);
    assert.deepEqual(
      results.map((result) => result.ok),
      [true, true, true, false, true, true, true, true],
    );
  });

  it("halves on the failures `isolates` accepts; a single ID keeps the failure as it is", async () => {
    const meta = fakeMeta({ forbidden: ["106"] });
    const results = await readInChunks(ids(8), {
      maxIdsPerRead: 50,
      ...meta,
      isolates: (failure) => failure.kind === "permission_denied",
    });
    assert.equal(meta.requests.length, 7);
    assert.deepEqual(results[6], { ok: false, failure: FORBIDDEN });
    assert.equal(results.filter((result) => result.ok).length, 7);
  });

  it("applies other failures to the whole chunk, without another request", async () => {
    const meta = fakeMeta({ forbidden: ["101"] });
    const results = await readInChunks(ids(4), { maxIdsPerRead: 50, ...meta });
    assert.equal(meta.requests.length, 1, "permission is not isolated unless asked");
    assert.ok(results.every((result) => !result.ok && result.failure === FORBIDDEN));
    const throttled = await readInChunks(ids(3), {
      maxIdsPerRead: 50,
      read: () => Promise.resolve({ ok: false, failure: THROTTLED }),
      pick: meta.pick,
      isolates: () => false,
    });
    assert.ok(throttled.every((result) => !result.ok && result.failure === THROTTLED));
  });
});
