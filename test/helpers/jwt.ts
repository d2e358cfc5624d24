/**
A test identity provider: key pairs made with jose, a JWKS served over HTTP on 127.0.0.1 (a random
port) at `/.well-known/jwks.json`, and a `sign` that issues tokens the way a real provider would,
plus the knobs the failure tests need (key rotation, an unpublished key, a forged signature under a
known `kid`, an unsecured `alg: none` token, an outage of the JWKS endpoint).

It starts with one ES256 key (the default signing key) and one RS256 key, both published.
*/
import type { JwtSettings } from "../../src/config.js";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
  UnsecuredJWT,
} from "jose";

export const JWKS_PATH = "/.well-known/jwks.json";

export type SigningAlgorithm = "ES256" | "RS256";

/** The claims a caller's token carries; anything else passes through as is. */
export interface TokenClaims {
  sub?: string;
  /** Business IDs the caller may act for (the default `AUTH_BUSINESSES_CLAIM`). */
  businesses?: readonly string[];
  /** Space-separated scopes, e.g. `"preverified:read preverified:share"`. */
  scope?: string;
  [claim: string]: unknown;
}

export interface SignOptions {
  /** `iss`; defaults to the provider's issuer. */
  issuer?: string;
  /** `aud`; defaults to the provider's audience. */
  audience?: string | readonly string[];
  /**
  Lifetime: seconds from now (negative: already expired) or a jose time span ("5m", "-1h").
  `null` leaves `exp` out. Defaults to 300 s.
  */
  expiresIn?: number | string | null;
  /** `nbf`: seconds from now or a jose time span ("2m"). Left out unless given. */
  notBefore?: number | string;
  /** `iat` in seconds since the epoch; defaults to now. */
  issuedAt?: number;
  /** The key to sign with (its `kid` goes in the header); defaults to the current signing key. */
  kid?: string;
  /** Picks the newest key of this algorithm when `kid` is not given. */
  alg?: SigningAlgorithm;
  /** The `typ` header; defaults to `JWT`. */
  typ?: string;
  /**
  Sign with a fresh key the JWKS does not know, keeping the chosen key's `kid` and `alg` in the
  header: a forged signature under a known `kid`.
  */
  forge?: boolean;
}

export interface RotateOptions {
  alg?: SigningAlgorithm;
  /** Put the new key in the JWKS now (default true); otherwise call `publish(kid)` later. */
  publish?: boolean;
}

/** `true` or `"503"`: the JWKS answers 503; `"close"`: connections are destroyed unanswered. */
export type Outage = boolean | "503" | "close";

export interface IdentityProvider {
  /** `http://127.0.0.1:<port>/.well-known/jwks.json` */
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** The `kid` that `sign` uses when none is given (the newest key made by `rotate`). */
  readonly currentKid: string;
  /** Every key's `kid`, published or not, oldest first. */
  readonly kids: readonly string[];
  /** How many requests reached the JWKS endpoint (counted even while down). */
  readonly jwksRequests: number;
  sign(claims: TokenClaims, options?: SignOptions): Promise<string>;
  /** An unsecured (`alg: none`) token with the provider's `iss`/`aud` and a 300 s `exp`. */
  signUnsecured(claims: TokenClaims, options?: Pick<SignOptions, "issuer" | "audience">): string;
  /** Makes a new key (ES256 unless told), which becomes the default signing key; returns its kid. */
  rotate(options?: RotateOptions): Promise<string>;
  /** Adds an unpublished key to the JWKS. */
  publish(kid: string): void;
  /** Removes a key from the JWKS (it can still sign). */
  retire(kid: string): void;
  /** The public JWK of a key (e.g. for an HS256 token "signed with the public key"). */
  publicJwk(kid?: string): JWK;
  /** Takes the JWKS endpoint down (or `false`: back up). */
  setDown(outage: Outage): void;
  close(): Promise<void>;
}

interface ProviderKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: CryptoKey;
  publicJwk: JWK;
  published: boolean;
}

async function makeKey(alg: SigningAlgorithm, kid: string): Promise<ProviderKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { kid, alg, privateKey, publicJwk, published: true };
}

/** jose reads a number as an absolute time; this helper's numbers are relative to now. */
function timeOf(value: number | string, now: number): number | string {
  return typeof value === "number" ? now + value : value;
}

export async function startIdentityProvider(settings: {
  issuer: string;
  audience: string;
}): Promise<IdentityProvider> {
  const keys: ProviderKey[] = [];
  let serial = 0;
  const nextKid = (alg: SigningAlgorithm): string => `test-${alg.toLowerCase()}-${++serial}`;
  let current = await makeKey("ES256", nextKid("ES256"));
  keys.push(current, await makeKey("RS256", nextKid("RS256")));

  let requests = 0;
  let outage: Outage = false;
  const sockets = new Set<Socket>();

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path !== JWKS_PATH) {
      response.writeHead(404).end();
      return;
    }
    requests += 1;
    if (outage === "close") {
      request.socket.destroy();
      return;
    }
    if (outage !== false) {
      response.writeHead(503, { "content-type": "text/plain" }).end("identity provider down");
      return;
    }
    const body = JSON.stringify({
      keys: keys.filter((key) => key.published).map((key) => key.publicJwk),
    });
    response
      .writeHead(200, { "content-type": "application/json", "cache-control": "no-store" })
      .end(body);
  };

  const server = createServer(handle);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const find = (kid: string): ProviderKey => {
    const key = keys.find((candidate) => candidate.kid === kid);
    if (!key) {
      throw new Error(`test identity provider: no key ${kid}`);
    }
    return key;
  };
  const newestOf = (alg: SigningAlgorithm): ProviderKey => {
    const key = keys.findLast((candidate) => candidate.alg === alg);
    if (!key) {
      throw new Error(`test identity provider: no ${alg} key`);
    }
    return key;
  };

  const payloadOf = (claims: TokenClaims): JWTPayload => {
    const payload: JWTPayload = {};
    for (const [name, value] of Object.entries(claims)) {
      if (value !== undefined) {
        payload[name] = value;
      }
    }
    return payload;
  };

  return {
    jwksUrl: `http://127.0.0.1:${port}${JWKS_PATH}`,
    issuer: settings.issuer,
    audience: settings.audience,
    get currentKid() {
      return current.kid;
    },
    get kids() {
      return keys.map((key) => key.kid);
    },
    get jwksRequests() {
      return requests;
    },
    async sign(claims, options = {}) {
      const key =
        options.kid !== undefined
          ? find(options.kid)
          : options.alg !== undefined && options.alg !== current.alg
            ? newestOf(options.alg)
            : current;
      const signingKey = options.forge
        ? (await generateKeyPair(key.alg)).privateKey
        : key.privateKey;
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT(payloadOf(claims))
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: options.typ ?? "JWT" })
        .setIssuer(options.issuer ?? settings.issuer)
        .setAudience(
          typeof options.audience === "string"
            ? options.audience
            : options.audience
              ? [...options.audience]
              : settings.audience,
        )
        .setIssuedAt(options.issuedAt ?? now);
      const expiresIn = options.expiresIn === undefined ? 300 : options.expiresIn;
      if (expiresIn !== null) {
        jwt.setExpirationTime(timeOf(expiresIn, now));
      }
      if (options.notBefore !== undefined) {
        jwt.setNotBefore(timeOf(options.notBefore, now));
      }
      return jwt.sign(signingKey);
    },
    signUnsecured(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new UnsecuredJWT(payloadOf(claims))
        .setIssuer(options.issuer ?? settings.issuer)
        .setAudience(
          typeof options.audience === "string"
            ? options.audience
            : options.audience
              ? [...options.audience]
              : settings.audience,
        )
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .encode();
    },
    async rotate(options = {}) {
      const alg = options.alg ?? "ES256";
      const key = await makeKey(alg, nextKid(alg));
      key.published = options.publish ?? true;
      keys.push(key);
      current = key;
      return key.kid;
    },
    publish(kid) {
      find(kid).published = true;
    },
    retire(kid) {
      find(kid).published = false;
    },
    publicJwk(kid) {
      return { ...(kid === undefined ? current : find(kid)).publicJwk };
    },
    setDown(next) {
      outage = next;
    },
    async close() {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

/** The subgraph's JWT settings for this provider (both algorithms it signs with). */
export function jwtSettingsOf(
  idp: Pick<IdentityProvider, "jwksUrl" | "issuer" | "audience">,
  overrides: Partial<JwtSettings> = {},
): JwtSettings {
  return {
    jwksUrl: idp.jwksUrl,
    issuer: idp.issuer,
    audience: idp.audience,
    algorithms: ["ES256", "RS256"],
    businessesClaim: "businesses",
    clockToleranceSeconds: 5,
    ...overrides,
  };
}
