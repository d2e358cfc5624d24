// Group commit (src/state/batches.ts): an item alone leaves at once; items asked for while the
// statements are on their way leave together in the next; each item gets its own answer.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { batched } from "../../src/state/batches.js";

/** A statement the test finishes by hand, and the batches it was called with. */
function controlled() {
  const calls: { items: readonly string[]; finish: () => void; fail: (error: Error) => void }[] =
    [];
  const run = (items: readonly string[]) =>
    new Promise<readonly (string | Error)[]>((resolve, reject) => {
      calls.push({
        items,
        finish: () => {
          resolve(
            items.map((item) => (item.startsWith("bad") ? new Error(item) : item.toUpperCase())),
          );
        },
        fail: reject,
      });
    });
  return { calls, run };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("batched statements", () => {
  it("sends one item alone at once, and what arrives meanwhile together next", async () => {
    const { calls, run } = controlled();
    const write = batched(run, { maxBatch: 10, maxInFlight: 1 });
    const first = write("a");
    await settle();
    assert.deepEqual(
      calls.map((call) => call.items),
      [["a"]],
    );
    const later = [write("b"), write("c")];
    await settle();
    const more = write("d");
    await settle();
    assert.equal(calls.length, 1, "nothing else leaves while the one statement is on its way");
    calls[0]?.finish();
    assert.equal(await first, "A");
    await settle();
    assert.deepEqual(
      calls.map((call) => call.items),
      [["a"], ["b", "c", "d"]],
    );
    calls[1]?.finish();
    assert.deepEqual(await Promise.all([...later, more]), ["B", "C", "D"]);
  });

  it("keeps at most maxInFlight statements on their way and at most maxBatch items in one", async () => {
    const { calls, run } = controlled();
    const write = batched(run, { maxBatch: 3, maxInFlight: 2 });
    const answers = ["a", "b", "c", "d", "e", "f", "g"].map((item) => write(item));
    await settle();
    assert.deepEqual(
      calls.map((call) => call.items),
      [
        ["a", "b", "c"],
        ["d", "e", "f"],
      ],
    );
    calls[0]?.finish();
    await settle();
    const [, second, third] = calls;
    assert.ok(second !== undefined && third !== undefined, "a third statement left");
    assert.deepEqual(third.items, ["g"]);
    second.finish();
    third.finish();
    assert.deepEqual(await Promise.all(answers), ["A", "B", "C", "D", "E", "F", "G"]);
  });

  it("rejects only the item its statement failed, or every item of a failed statement", async () => {
    const { calls, run } = controlled();
    const write = batched(run, { maxBatch: 10, maxInFlight: 1 });
    const good = write("ok");
    const bad = write("bad item");
    await settle();
    calls[0]?.finish();
    assert.equal(await good, "OK");
    await assert.rejects(bad, /bad item/);

    const lost = [write("x"), write("y")];
    await settle();
    calls[1]?.fail(new Error("connection lost"));
    for (const item of lost) {
      await assert.rejects(item, /connection lost/);
    }
    // The slot is back after a failure: the next item leaves.
    const next = write("z");
    await settle();
    calls[2]?.finish();
    assert.equal(await next, "Z");
  });
});
