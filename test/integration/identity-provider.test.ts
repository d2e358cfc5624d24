// The test identity provider (test/helpers/jwt.ts) behaves like a real one for jose's verifier:
// the JWT tests of the subgraph rely on each of these.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from "jose";
import { startIdentityProvider, type IdentityProvider } from "../helpers/jwt.js";

const ISSUER = "https://idp.helper.test";
const AUDIENCE = "helper-api";

describe("test identity provider", () => {
  let idp: IdentityProvider;
  before(async () => {
    idp = await startIdentityProvider({ issuer: ISSUER, audience: AUDIENCE });
  });
  after(async () => {
    await idp.close();
  });

  /** A fresh verifier without jose's 30 s cooldown, so a refetch on an unknown kid is immediate. */
  const verify = (token: string) =>
    jwtVerify(token, createRemoteJWKSet(new URL(idp.jwksUrl), { cooldownDuration: 0 }), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["ES256", "RS256"],
    });

  it("signs ES256 by default and RS256 on request, with the claims and iss/aud/iat/exp", async () => {
    const token = await idp.sign({ sub: "u1", businesses: ["b1"], scope: "a b", tenant: "t" });
    const { payload, protectedHeader } = await verify(token);
    assert.deepEqual(
      { alg: protectedHeader.alg, typ: protectedHeader.typ, kid: protectedHeader.kid },
      { alg: "ES256", typ: "JWT", kid: idp.currentKid },
    );
    assert.equal(payload.sub, "u1");
    assert.deepEqual(payload["businesses"], ["b1"]);
    assert.equal(payload["scope"], "a b");
    assert.equal(payload["tenant"], "t");
    assert.equal(payload.exp! - payload.iat!, 300);
    const rs = await idp.sign({ sub: "u2" }, { alg: "RS256", typ: "at+jwt" });
    assert.deepEqual(decodeProtectedHeader(rs).alg, "RS256");
    assert.equal((await verify(rs)).protectedHeader.typ, "at+jwt");
  });

  it("makes tokens a verifier refuses: expired, not yet valid, foreign iss/aud, forged", async () => {
    const cases: [string, Promise<string>, new (...args: never[]) => Error][] = [
      ["expired", idp.sign({}, { expiresIn: -60 }), errors.JWTExpired],
      ["not yet valid", idp.sign({}, { notBefore: 120 }), errors.JWTClaimValidationFailed],
      ["issuer", idp.sign({}, { issuer: "https://other.test" }), errors.JWTClaimValidationFailed],
      ["audience", idp.sign({}, { audience: "other" }), errors.JWTClaimValidationFailed],
      ["forged", idp.sign({}, { forge: true }), errors.JWSSignatureVerificationFailed],
    ];
    for (const [name, token, type] of cases) {
      await assert.rejects(verify(await token), type, name);
    }
    assert.equal(decodeProtectedHeader(idp.signUnsecured({ sub: "x" })).alg, "none");
  });

  it("rotates: an unpublished key is unknown until published, and each fetch is counted", async () => {
    const kid = await idp.rotate({ publish: false });
    assert.equal(idp.currentKid, kid);
    const token = await idp.sign({ sub: "rotated" });
    const before = idp.jwksRequests;
    await assert.rejects(verify(token), errors.JWKSNoMatchingKey);
    assert.ok(idp.jwksRequests > before);
    idp.publish(kid);
    assert.equal((await verify(token)).payload.sub, "rotated");
    idp.retire(kid);
    await assert.rejects(verify(token), errors.JWKSNoMatchingKey);
    assert.equal(idp.publicJwk(kid).kid, kid);
  });

  it("goes down with a 503 or closed connections, and comes back", async () => {
    const token = await idp.sign({ sub: "down" }, { alg: "RS256" });
    idp.setDown("503");
    await assert.rejects(verify(token), errors.JOSEError);
    idp.setDown("close");
    await assert.rejects(verify(token));
    idp.setDown(false);
    assert.equal((await verify(token)).payload.sub, "down");
  });
});
