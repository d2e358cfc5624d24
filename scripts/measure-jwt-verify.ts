// What caller authentication costs per request with a cached JWKS: `npx tsx scripts/measure-jwt-verify.ts`.
// A test identity provider serves the JWKS; each variant runs 2,000 warm-up and 20,000 measured calls.
import { jwtAuthentication } from "../src/auth/jwt.js";
import { metaTokenAuthentication } from "../src/auth/meta-token.js";
import { jwtSettingsOf, startIdentityProvider } from "../test/helpers/jwt.js";

const idp = await startIdentityProvider({ issuer: "https://idp/", audience: "aud" });
const settings = jwtSettingsOf(idp);
const auth = jwtAuthentication(settings, "service");
const claims = {
  sub: "u1",
  businesses: ["1000000000000001"],
  scope: "preverified:read preverified:share",
};
const es = await idp.sign(claims, { alg: "ES256" });
const rs = await idp.sign(claims, { alg: "RS256" });
const pass = metaTokenAuthentication(undefined);
async function time(label: string, fn: () => Promise<unknown>, n = 20000) {
  for (let i = 0; i < 2000; i++) await fn();
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  const us = Number(process.hrtime.bigint() - t) / 1000 / n;
  console.log(`${label}: ${us.toFixed(1)} µs/request`);
}
/** Fresh tokens, so each call checks a signature (the first request of each token). */
async function firstSight(label: string, alg: "ES256" | "RS256", n = 3000) {
  const fresh = await Promise.all(
    Array.from({ length: n }, (_unused, index) =>
      idp.sign({ ...claims, sub: `s${index}` }, { alg }),
    ),
  );
  const t = process.hrtime.bigint();
  for (const jwt of fresh) await auth({ headers: { authorization: `Bearer ${jwt}` }, ip: "1" });
  const us = Number(process.hrtime.bigint() - t) / 1000 / n;
  console.log(`${label}: ${us.toFixed(1)} µs/request`);
}
for (let round = 0; round < 2; round++) {
  await firstSight("JWT ES256, first request of a token (signature checked)", "ES256");
  await firstSight("JWT RS256, first request of a token (signature checked)", "RS256");
  await time("pass-through (hash of the Meta token)", () =>
    pass({ headers: { authorization: "Bearer EAAtoken" }, ip: "1" }),
  );
  await time("JWT ES256, a token seen before (remembered)", () =>
    auth({ headers: { authorization: `Bearer ${es}` }, ip: "1" }),
  );
  await time("JWT RS256, a token seen before (remembered)", () =>
    auth({ headers: { authorization: `Bearer ${rs}` }, ip: "1" }),
  );
}
console.log("JWKS fetches:", idp.jwksRequests);
await idp.close();
