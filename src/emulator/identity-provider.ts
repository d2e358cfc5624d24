/**
The emulator's development identity provider: one fixed ES256 key whose public half the emulator
serves as a JWKS at `/.well-known/jwks.json`, and a signer for tokens it verifies
(`npm run token`, and Sandbox's preloaded header in service mode on the emulator).

The private key is committed ON PURPOSE and is worthless: it only ever signs tokens for the
emulator, which never runs in production (the service starts it in development only, on a
loopback address), and no production configuration points at it.
*/
import { importJWK, type JWK, SignJWT } from "jose";

/** `iss` and `aud` of the development tokens; `main.ts` verifies them in service mode. */
export const DEV_ISSUER = "urn:preverified-emulator:dev-identity-provider";
export const DEV_AUDIENCE = "preverified-sharing-subgraph";
export const DEV_JWKS_PATH = "/.well-known/jwks.json";

const DEV_KID = "emulator-dev-es256";

const DEV_PUBLIC_JWK: JWK = {
  kty: "EC",
  crv: "P-256",
  x: "8yxizyFWtN2Xc7CCAdpccoV7nbrXan5hItGz0WUS2z4",
  y: "LExMca6Jdw3JzhZCosO5Op4pbsekplmh5eX6Atd0brk",
  kid: DEV_KID,
  alg: "ES256",
  use: "sig",
};

/** Development only (see above). */
const DEV_PRIVATE_JWK: JWK = {
  ...DEV_PUBLIC_JWK,
  d: "sV4iaDlJoqM4tZ54va1OYOWR_kprlqAY-vOqvuTiesE",
};

/** The JWKS document the emulator serves. */
export const DEV_JWKS = JSON.stringify({ keys: [DEV_PUBLIC_JWK] });

export interface DevTokenClaims {
  /** The caller's identity; `dev-user` unless given. */
  sub?: string;
  businesses: readonly string[];
  /** Space-separated scopes. */
  scope: string;
  /** Lifetime in seconds; an hour unless given. */
  expiresInSeconds?: number;
}

/** A JWT the development identity provider vouches for. */
export async function signDevToken(claims: DevTokenClaims): Promise<string> {
  const key = await importJWK(DEV_PRIVATE_JWK, "ES256");
  return new SignJWT({ businesses: [...claims.businesses], scope: claims.scope })
    .setProtectedHeader({ alg: "ES256", kid: DEV_KID, typ: "JWT" })
    .setSubject(claims.sub ?? "dev-user")
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${claims.expiresInSeconds ?? 3_600}s`)
    .sign(key);
}
