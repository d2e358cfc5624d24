/**
Caller authentication with JWTs from the identity provider (service mode). Verified with jose
against the provider's JWKS, which `createRemoteJWKSet` caches: an unknown `kid` reloads the set
once (then not again during a cooldown), so a rotated key is picked up and a flood of made-up
`kid`s cannot turn into a flood of fetches. Checked: the signature, with an explicit algorithm
allow-list (never `none`, never an HMAC keyed with a public key), `iss`, `aud`, `exp` and `nbf`
with a small clock tolerance, and a `sub`. The grants come from the `scope` claim (OAuth's
space-separated string) and the businesses claim (an array of business IDs).
*/
import { hash } from "node:crypto";
import {
  createRemoteJWKSet,
  errors as joseErrors,
  type JWTPayload,
  jwtVerify,
  type JWTVerifyGetKey,
} from "jose";
import type { JwtSettings } from "../config.js";
import { SCOPES, type Scope } from "../sharing/ports.js";
import { parseAuthorization } from "./bearer.js";
import {
  type Authenticate,
  type Authentication,
  type Caller,
  type Grants,
  unauthenticated,
} from "./caller.js";

/** How long one JWKS fetch may take, and how long after a fetch no other may start. */
const JWKS_TIMEOUT_MS = 3_000;
const JWKS_COOLDOWN_MS = 30_000;
/** How long fetched keys are trusted before the next request refetches them. */
const JWKS_MAX_AGE_MS = 600_000;

/** A business ID as Meta writes it, and no more IDs than a token can sensibly carry. */
const BUSINESS_ID = /^[0-9]{1,32}$/;
const MAX_BUSINESSES = 1_000;
const MAX_SUBJECT_CHARS = 256;

/** Verified tokens remembered at most (the oldest dropped first; each expires anyway). */
const MAX_VERIFIED = 10_000;

const NO_TOKEN = unauthenticated(
  "No token was sent. Send the header `Authorization: Bearer <JWT>` with a token from the " +
    "identity provider.",
);
const MALFORMED = unauthenticated(
  "The Authorization header is malformed. Send `Authorization: Bearer <JWT>`.",
);

export function jwtAuthentication(
  settings: JwtSettings,
  serviceToken: string,
  keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(settings.jwksUrl), {
    timeoutDuration: JWKS_TIMEOUT_MS,
    cooldownDuration: settings.jwksCooldownMs ?? JWKS_COOLDOWN_MS,
    cacheMaxAge: JWKS_MAX_AGE_MS,
  }),
): Authenticate {
  const options = {
    issuer: settings.issuer,
    audience: settings.audience,
    algorithms: [...settings.algorithms],
    clockTolerance: settings.clockToleranceSeconds,
    // A token without an expiry would work forever once leaked (RFC 9068 requires `exp`).
    requiredClaims: ["exp"],
  };
  // A signature check costs 120-220 µs; a client sends the same token for many requests. A token
  // verified once is remembered (by its hash) until it expires or the keys would be refetched,
  // whichever comes first, so a key removed from the JWKS stops working as it would uncached.
  const verified = new Map<string, { caller: Caller; until: number }>();
  return async (request): Promise<Authentication> => {
    const header = request.headers["authorization"];
    const auth = parseAuthorization(typeof header === "string" ? header : undefined);
    if (auth.kind === "none") {
      return NO_TOKEN;
    }
    if (auth.kind === "malformed") {
      return MALFORMED;
    }
    const key = hash("sha256", auth.token, "base64url");
    const now = Date.now();
    const known = verified.get(key);
    if (known !== undefined) {
      if (known.until > now) {
        return { ok: true, caller: known.caller };
      }
      verified.delete(key);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(auth.token, keys, options));
    } catch (error) {
      return refusal(error);
    }
    const subject = payload.sub;
    if (typeof subject !== "string" || subject === "" || subject.length > MAX_SUBJECT_CHARS) {
      return unauthenticated("The token has no usable `sub` claim.");
    }
    const grants = grantsOf(payload, settings.businessesClaim);
    if (typeof grants === "string") {
      return unauthenticated(grants);
    }
    const caller: Caller = { metaToken: serviceToken, key: `sub:${subject}`, subject, grants };
    if (typeof payload.exp === "number") {
      if (verified.size >= MAX_VERIFIED) {
        const oldest = verified.keys().next();
        if (oldest.done !== true) {
          verified.delete(oldest.value);
        }
      }
      verified.set(key, { caller, until: Math.min(payload.exp * 1000, now + JWKS_MAX_AGE_MS) });
    }
    return { ok: true, caller };
  };
}

/** The caller's grants, or why the token's claims cannot be read as grants. */
function grantsOf(payload: JWTPayload, businessesClaim: string): Grants | string {
  const scopeClaim = payload["scope"];
  if (scopeClaim !== undefined && typeof scopeClaim !== "string") {
    return "The token's `scope` claim must be a space-separated string.";
  }
  const scopes = new Set<Scope>();
  for (const scope of (scopeClaim ?? "").split(" ")) {
    if ((SCOPES as readonly string[]).includes(scope)) {
      scopes.add(scope as Scope);
    }
  }
  const claimed = payload[businessesClaim];
  if (claimed === undefined) {
    return { scopes, businesses: new Set() };
  }
  if (
    !Array.isArray(claimed) ||
    claimed.length > MAX_BUSINESSES ||
    !claimed.every((id): id is string => typeof id === "string" && BUSINESS_ID.test(id))
  ) {
    return (
      `The token's \`${businessesClaim}\` claim must be an array of at most ${MAX_BUSINESSES} ` +
      "business IDs."
    );
  }
  return { scopes, businesses: new Set(claimed) };
}

/** jose's verdict as an answer for the caller: what is wrong, never the token itself. */
function refusal(error: unknown): Authentication {
  if (error instanceof joseErrors.JWTExpired) {
    return unauthenticated("The token has expired; get a new one from the identity provider.");
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.reason === "missing") {
      return unauthenticated(`The token has no \`${error.claim}\` claim, which is required.`);
    }
    return unauthenticated(
      error.claim === "nbf"
        ? "The token is not valid yet (`nbf`)."
        : `The token's \`${error.claim}\` claim is not accepted here (${error.reason}).`,
    );
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return unauthenticated("The token is signed with an algorithm that is not accepted.");
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return unauthenticated("The token is signed with a key the identity provider does not list.");
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return unauthenticated("The token's signature does not verify.");
  }
  if (
    error instanceof joseErrors.JWKSTimeout ||
    error instanceof joseErrors.JWKSInvalid ||
    (error instanceof joseErrors.JOSEError && error.code === "ERR_JOSE_GENERIC") ||
    !(error instanceof joseErrors.JOSEError)
  ) {
    // The keys could not be fetched (timeout, refused, not a 200, not a JWKS): not the caller's
    // fault, and another try may work.
    return unauthenticated(
      "The identity provider's keys cannot be fetched right now, so the token cannot be " +
        "verified; try again shortly.",
      true,
    );
  }
  return unauthenticated("The token is not a valid JWT.");
}
