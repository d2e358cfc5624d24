// The emulator's unshare edge: `DELETE /{version}/{business-id}/share_preverified_numbers`.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { FIXTURES, startMetaEmulator, type MetaEmulator } from "../../src/emulator/index.js";
import { NOT_SHARED_MESSAGE } from "../../src/emulator/errors.js";
import type { GraphApiErrorBody } from "../../src/graph-api/wire.js";
import { shareParams } from "./support.js";

const { businesses: B, tokens: T, numbers: N } = FIXTURES;

let emulator: MetaEmulator;
beforeEach(async () => {
  emulator = await startMetaEmulator();
});
afterEach(async () => {
  await emulator.close();
});

/** A DELETE on Acme's share edge, parameters in the query string or in a form body. */
async function unshare(
  preverifiedId: string,
  partnerBusinessId: string,
  options: { token?: string; inBody?: boolean; business?: string } = {},
) {
  const params = new URLSearchParams(shareParams(preverifiedId, partnerBusinessId));
  const url = `${emulator.url}/v25.0/${options.business ?? B.acme}/share_preverified_numbers`;
  const response = await fetch(options.inBody ? url : `${url}?${params.toString()}`, {
    method: "DELETE",
    headers: {
      authorization: `Bearer ${options.token ?? T.acme}`,
      ...(options.inBody ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    ...(options.inBody ? { body: params.toString() } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const errorOf = (body: Record<string, unknown>) => (body as unknown as GraphApiErrorBody).error;

describe("the unshare edge", () => {
  it("removes the partner's access, with the parameters in the query or the body", async () => {
    assert.deepEqual(await unshare(N.sharedWithPartnerOne, B.partnerOne), {
      status: 200,
      body: { success: true },
    });
    assert.deepEqual(emulator.store.sharedWith(N.sharedWithPartnerOne), []);
    emulator.store.reset();
    assert.equal(
      (await unshare(N.sharedWithPartnerOne, B.partnerOne, { inBody: true })).status,
      200,
    );
    assert.deepEqual(emulator.store.sharedWith(N.sharedWithPartnerOne), []);
  });

  it("answers 400 code 100 with the documented assumption for a number not shared", async () => {
    const { status, body } = await unshare(N.verified, B.partnerOne);
    assert.equal(status, 400);
    assert.equal(errorOf(body).code, 100);
    assert.equal(errorOf(body).message, `(#100) ${NOT_SHARED_MESSAGE}`);
  });

  it("answers the share edge's errors for unknown, foreign and unauthorised requests", async () => {
    const unknown = await unshare(N.unknown, B.partnerOne);
    assert.deepEqual([unknown.status, errorOf(unknown.body).code], [404, 803]);
    const foreign = await unshare(N.globexNoRights, B.partnerOne);
    assert.deepEqual(
      [foreign.status, errorOf(foreign.body).code, errorOf(foreign.body).error_subcode],
      [403, 200, 1349174],
    );
    const partner = await unshare(N.sharedWithPartnerOne, "2999999999999999");
    assert.deepEqual([partner.status, errorOf(partner.body).code], [404, 803]);
    const token = await unshare(N.sharedWithPartnerOne, B.partnerOne, { token: T.unknown });
    assert.deepEqual([token.status, errorOf(token.body).code], [401, 190]);
    const malformed = await unshare("12ab", B.partnerOne);
    assert.deepEqual([malformed.status, errorOf(malformed.body).code], [400, 100]);
    assert.deepEqual(emulator.store.sharedWith(N.sharedWithPartnerOne), [B.partnerOne]);
  });

  it("works as a batch item", async () => {
    const batch = [
      {
        method: "DELETE",
        relative_url: `v25.0/${B.acme}/share_preverified_numbers?${new URLSearchParams(shareParams(N.sharedWithPartnerOne, B.partnerOne)).toString()}`,
      },
    ];
    const response = await fetch(`${emulator.url}/v25.0/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ batch: JSON.stringify(batch), access_token: T.acme }).toString(),
    });
    const [item] = (await response.json()) as ({ code: number; body: string } | undefined)[];
    assert.equal(item?.code, 200);
    assert.deepEqual(JSON.parse(item.body), { success: true });
    assert.deepEqual(emulator.store.sharedWith(N.sharedWithPartnerOne), []);
  });
});
