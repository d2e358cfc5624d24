// The identity provider of `--auth jwt`, inside the runner: an ES256 key pair made with jose at
// start, its public half served as a JWKS by node:http on 127.0.0.1, and one JWT signed with it
// for the whole run. The service fetches the JWKS (once: jose caches it) and verifies the JWT on
// every request; the fetches are counted so the report can show that the cache held.
import { Buffer } from "node:buffer";
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { BUSINESS_ID } from "./common.mjs";

export const JWT_AUDIENCE = "preverified-sharing-bench";
export const JWT_SUBJECT = "bench-caller";
export const JWT_SCOPE = "preverified:read preverified:share";
const ALGORITHM = "ES256";

/**
Starts the JWKS server and signs the run's token, valid for `validSeconds` from now. Returns the
service's AUTH_* variables (AUTH_ALGORITHMS and AUTH_BUSINESSES_CLAIM keep their defaults), the `Authorization` value to send it, a JWKS fetch counter and `close`.
*/
export async function startIdentityProvider(validSeconds) {
  const { publicKey, privateKey } = await generateKeyPair(ALGORITHM);
  const kid = `bench-${randomUUID()}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: ALGORITHM, use: "sig" };
  const jwks = JSON.stringify({ keys: [jwk] });
  const stats = { jwksFetches: 0, other: 0 };

  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/.well-known/jwks.json") {
      stats.jwksFetches += 1;
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(jwks),
      });
      res.end(jwks);
      return;
    }
    stats.other += 1;
    res.writeHead(404).end();
  });
  const port = await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
  const issuer = `http://127.0.0.1:${port}/`;
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ businesses: [BUSINESS_ID], scope: JWT_SCOPE })
    .setProtectedHeader({ alg: ALGORITHM, kid, typ: "JWT" })
    .setSubject(JWT_SUBJECT)
    .setIssuer(issuer)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + Math.ceil(validSeconds))
    .sign(privateKey);

  return {
    env: {
      AUTH_JWKS_URL: `${issuer}.well-known/jwks.json`,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: JWT_AUDIENCE,
    },
    authorization: `Bearer ${token}`,
    tokenBytes: token.length,
    stats: () => ({ ...stats }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
