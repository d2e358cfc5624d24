// Caller authentication with JWTs (service mode), through HTTP: a JWKS served by the test, the
// subgraph verifying every token itself, and every refusal answered before any Meta call.
import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { CompactSign } from "jose";
import { FIXTURES } from "../../src/emulator/index.js";
import {
  AuthEntityFieldsDocument,
  AuthNumberDocument,
  AuthNumbersDocument,
  AuthTypenameDocument,
  ServiceSdlDocument,
  SharePreverifiedNumberDocument,
} from "../__generated__/graphql.js";
import {
  jwtSettingsOf,
  startIdentityProvider,
  type IdentityProvider,
  type TokenClaims,
} from "../helpers/jwt.js";
import { startStack, type Stack } from "../helpers/stack.js";

const { businesses, numbers, tokens } = FIXTURES;
const SERVICE_TOKEN = tokens.acme;
const ISSUER = "https://idp.test.example/";
const AUDIENCE = "preverified-sharing-subgraph";
const ALL_SCOPES = "preverified:read preverified:share preverified:manage";

const ACME_CALLER: TokenClaims = {
  sub: "user-acme-1",
  businesses: [businesses.acme],
  scope: ALL_SCOPES,
};

const shareInput = (preverifiedId: string = numbers.verified) => ({
  input: { businessId: businesses.acme, preverifiedId, partnerBusinessId: businesses.partnerOne },
});

describe("caller authentication with JWTs (service mode)", () => {
  let idp: IdentityProvider;
  let stack: Stack;

  before(async () => {
    idp = await startIdentityProvider({ issuer: ISSUER, audience: AUDIENCE });
    stack = await startStack({ serviceToken: SERVICE_TOKEN, jwt: jwtSettingsOf(idp) });
  });
  after(async () => {
    await stack.close();
    await idp.close();
  });
  beforeEach(() => {
    stack.resetEmulator();
  });

  async function shareWith(authorization: string | undefined) {
    const answer = await stack.execute(
      SharePreverifiedNumberDocument,
      shareInput(),
      authorization === undefined ? {} : { authorization },
    );
    assert.equal(answer.status, 200, answer.text);
    const result = answer.body.data?.sharePreverifiedNumber;
    assert.ok(result, answer.text);
    return { result, text: answer.text };
  }

  async function assertRefused(
    authorization: string | undefined,
    typename: "AuthenticationError" | "PermissionDeniedError",
    message: RegExp,
  ) {
    const { result, text } = await shareWith(authorization);
    assert.equal(result.__typename, typename, text);
    assert.ok("message" in result);
    assert.match(result.message, message);
    assert.equal(stack.emulator.requests.length, 0, "refused before any Meta call");
    assert.ok(!text.includes(SERVICE_TOKEN), "the service token never reaches an answer");
  }

  it("shares for a caller with the scope and the business; Meta sees the service token only", async () => {
    const jwt = await idp.sign(ACME_CALLER);
    const { result } = await shareWith(`Bearer ${jwt}`);
    assert.equal(result.__typename, "SharePreverifiedNumberSuccess");
    const shares = stack.emulator.requests.filter((request) => request.method === "POST");
    assert.equal(shares.length, 1);
    assert.equal(shares[0]?.headers["authorization"], `Bearer ${SERVICE_TOKEN}`);
    const seen = JSON.stringify(stack.emulator.requests);
    assert.ok(!seen.includes(jwt), "Meta never sees the caller's JWT");
  });

  it("records one audit line per mutation attempt: who, which IDs, what came of it", async () => {
    const jwt = await idp.sign({ ...ACME_CALLER, sub: "auditor-7" });
    const from = stack.logs.length;
    await shareWith(`Bearer ${jwt}`);
    await shareWith(
      `Bearer ${await idp.sign({ ...ACME_CALLER, sub: "auditor-7", businesses: [] })}`,
    );
    const lines = stack.logs
      .slice(from)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line["audit"] === true);
    assert.equal(lines.length, 2, JSON.stringify(lines));
    const [shared, denied] = lines;
    assert.deepEqual(
      {
        sub: shared?.["sub"],
        action: shared?.["action"],
        businessId: shared?.["businessId"],
        preverifiedId: shared?.["preverifiedId"],
        partnerBusinessId: shared?.["partnerBusinessId"],
        result: shared?.["result"],
      },
      {
        sub: "auditor-7",
        action: "share",
        businessId: businesses.acme,
        preverifiedId: numbers.verified,
        partnerBusinessId: businesses.partnerOne,
        result: "success",
      },
    );
    assert.equal(typeof shared?.["requestId"], "string");
    assert.equal(denied?.["result"], "permission_denied");
    const text = stack.logs.slice(from).join("\n");
    assert.ok(!text.includes(jwt) && !text.includes(SERVICE_TOKEN), "no token in the logs");
    assert.ok(!text.includes("+1 555"), "no phone number in the logs");
    const metrics = await (await fetch(`${stack.origin}/metrics`)).text();
    assert.match(metrics, /graphql_/);
    assert.ok(!metrics.includes("auditor-7"), "the sub is never a metric label");
  });

  describe("refuses, before any Meta call", () => {
    it("no token", () => assertRefused(undefined, "AuthenticationError", /No token was sent/));

    it("a malformed Authorization header", () =>
      assertRefused("Basic dXNlcjpwYXNz", "AuthenticationError", /malformed/));

    it("an opaque token that is not a JWT", () =>
      assertRefused(`Bearer ${tokens.acme}`, "AuthenticationError", /not a valid JWT/));

    it("an expired token (past the clock tolerance)", async () =>
      assertRefused(
        `Bearer ${await idp.sign(ACME_CALLER, { expiresIn: -60 })}`,
        "AuthenticationError",
        /expired/,
      ));

    it("a token without an expiry", async () =>
      assertRefused(
        `Bearer ${await idp.sign(ACME_CALLER, { expiresIn: null })}`,
        "AuthenticationError",
        /no `exp` claim/,
      ));

    it("a token not valid yet", async () =>
      assertRefused(
        `Bearer ${await idp.sign(ACME_CALLER, { notBefore: 600 })}`,
        "AuthenticationError",
        /not valid yet/,
      ));

    it("another issuer", async () =>
      assertRefused(
        `Bearer ${await idp.sign(ACME_CALLER, { issuer: "https://evil.example/" })}`,
        "AuthenticationError",
        /`iss` claim is not accepted/,
      ));

    it("another audience", async () =>
      assertRefused(
        `Bearer ${await idp.sign(ACME_CALLER, { audience: "another-api" })}`,
        "AuthenticationError",
        /`aud` claim is not accepted/,
      ));

    it("a forged signature under a known kid", async () =>
      assertRefused(
        `Bearer ${await idp.sign(ACME_CALLER, { forge: true })}`,
        "AuthenticationError",
        /signature does not verify/,
      ));

    it("alg: none", () =>
      assertRefused(
        `Bearer ${idp.signUnsecured(ACME_CALLER)}`,
        "AuthenticationError",
        /algorithm that is not accepted|not a valid JWT/,
      ));

    it("HS256 signed with the provider's public key", async () => {
      const publicJwk = idp.publicJwk();
      const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
      const now = Math.floor(Date.now() / 1000);
      const payload = new TextEncoder().encode(
        JSON.stringify({ ...ACME_CALLER, iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 300 }),
      );
      const jwt = await new CompactSign(payload)
        .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: publicJwk.kid ?? "" })
        .sign(secret);
      await assertRefused(`Bearer ${jwt}`, "AuthenticationError", /algorithm that is not accepted/);
    });

    it("a token without the share scope", async () =>
      assertRefused(
        `Bearer ${await idp.sign({ ...ACME_CALLER, scope: "preverified:read" })}`,
        "PermissionDeniedError",
        /needs the scope `preverified:share`/,
      ));

    it("a caller acting for another business", async () =>
      assertRefused(
        `Bearer ${await idp.sign({ ...ACME_CALLER, businesses: [businesses.globex] })}`,
        "PermissionDeniedError",
        new RegExp(`act for business ${businesses.acme}`),
      ));

    it("a token without the businesses claim", async () => {
      const { businesses: _omitted, ...withoutBusinesses } = ACME_CALLER;
      await assertRefused(
        `Bearer ${await idp.sign(withoutBusinesses)}`,
        "PermissionDeniedError",
        new RegExp(`act for business ${businesses.acme}`),
      );
    });

    it("a businesses claim that is not a list of IDs", async () => {
      const { businesses: _omitted, ...rest } = ACME_CALLER;
      await assertRefused(
        `Bearer ${await idp.sign({ ...rest, businesses: businesses.acme } as unknown as TokenClaims)}`,
        "AuthenticationError",
        /`businesses` claim must be an array/,
      );
    });
  });

  describe("reads", () => {
    it("a business's numbers only for the caller's businesses", async () => {
      const jwt = await idp.sign({ ...ACME_CALLER, businesses: [businesses.globex] });
      const refused = await stack.execute(
        AuthNumbersDocument,
        { businessId: businesses.acme },
        { token: jwt },
      );
      assert.equal(refused.body.data?.preverifiedNumbers.__typename, "PermissionDeniedError");
      assert.equal(stack.emulator.requests.length, 0);
      const own = await stack.execute(
        AuthNumbersDocument,
        { businessId: businesses.acme },
        { token: await idp.sign(ACME_CALLER) },
      );
      assert.equal(own.body.data?.preverifiedNumbers.__typename, "PreverifiedNumberConnection");
    });

    it("a number by ID only when owned by, or shared with, one of the caller's businesses", async () => {
      const read = async (claims: TokenClaims, id: string) => {
        const answer = await stack.execute(
          AuthNumberDocument,
          { id },
          { token: await idp.sign(claims) },
        );
        const number = answer.body.data?.preverifiedNumber;
        assert.ok(number, answer.text);
        return { number, text: answer.text };
      };
      const owner = await read(ACME_CALLER, numbers.verified);
      assert.equal(owner.number.__typename, "PreverifiedNumber");
      const partner = { ...ACME_CALLER, businesses: [businesses.partnerOne] };
      const shared = await read(partner, numbers.sharedWithPartnerOne);
      assert.equal(shared.number.__typename, "PreverifiedNumber");
      const foreign = await read(partner, numbers.verified);
      assert.equal(foreign.number.__typename, "PermissionDeniedError");
      assert.ok(!foreign.text.includes("+1 555"), "no field of a foreign number is returned");
    });

    it("no entity field of a foreign number, and no partner list for a mere partner", async () => {
      const partner = await idp.sign({ ...ACME_CALLER, businesses: [businesses.partnerOne] });
      const answer = await stack.execute(
        AuthEntityFieldsDocument,
        {
          representations: [
            { __typename: "PreverifiedNumber", id: numbers.verified },
            { __typename: "PreverifiedNumber", id: numbers.sharedWithPartnerOne },
          ],
        },
        { token: partner },
      );
      assert.ok(!answer.text.includes("+1 555-0100"), answer.text);
      const entities = answer.body.data?._entities;
      assert.ok(entities, answer.text);
      assert.equal(entities[0], null, "the foreign number is not resolved at all");
      const codes = (answer.body.errors ?? []).map((error) => ({
        path: error.path?.join("."),
        code: error.extensions?.["code"],
      }));
      assert.deepEqual(codes, [
        { path: "_entities.0", code: "FORBIDDEN" },
        { path: "_entities.1.partners", code: "FORBIDDEN" },
      ]);
      assert.ok(entities[1] && "phoneNumber" in entities[1] && entities[1].phoneNumber);
    });

    it("no token on an entity read: UNAUTHENTICATED with HTTP 401", async () => {
      const answer = await stack.execute(AuthEntityFieldsDocument, {
        representations: [{ __typename: "PreverifiedNumber", id: numbers.verified }],
      });
      assert.equal(answer.status, 401, answer.text);
      assert.equal(answer.body.errors?.[0]?.extensions?.["code"], "UNAUTHENTICATED");
      assert.ok(!answer.text.includes('"http"'), "the status hint stays out of the body");
      assert.equal(stack.emulator.requests.length, 0);
    });

    it("`_service { sdl }` and `__typename` answer without a token", async () => {
      const sdl = await stack.execute(ServiceSdlDocument, {});
      assert.equal(sdl.status, 200);
      assert.match(sdl.body.data?._service.sdl ?? "", /sharePreverifiedNumber/);
      const typename = await stack.execute(AuthTypenameDocument, {});
      assert.deepEqual(typename.body.data, { __typename: "Query" });
    });
  });

  it("keys the callers' budgets by `sub`, not by address", async () => {
    const limited = await startStack({
      serviceToken: SERVICE_TOKEN,
      jwt: jwtSettingsOf(idp),
      mutationRateLimit: { perMinute: 1, burst: 1 },
    });
    try {
      const as = async (sub: string) =>
        (
          await limited.execute(SharePreverifiedNumberDocument, shareInput(numbers.bulk[0]), {
            token: await idp.sign({ ...ACME_CALLER, sub }),
          })
        ).body.data?.sharePreverifiedNumber.__typename;
      assert.equal(await as("alice"), "SharePreverifiedNumberSuccess");
      assert.equal(await as("alice"), "RateLimitedError");
      // Same address, another identity: a budget of its own (Meta answers "already shared"
      // as success on this number, which is the point: it reached Meta).
      assert.notEqual(await as("bob"), "RateLimitedError");
    } finally {
      await limited.close();
    }
  });
});

describe("the identity provider's keys", () => {
  it("fetches the JWKS once for many requests, once more for an unknown kid, and keeps cached keys when it is down", async () => {
    const idp = await startIdentityProvider({ issuer: ISSUER, audience: AUDIENCE });
    const cooldownMs = 300;
    const stack = await startStack({
      serviceToken: SERVICE_TOKEN,
      jwt: jwtSettingsOf(idp, { jwksCooldownMs: cooldownMs }),
    });
    const read = async (jwt: string) =>
      (await stack.execute(AuthNumberDocument, { id: numbers.verified }, { token: jwt })).body.data
        ?.preverifiedNumber;
    try {
      const jwt = await idp.sign(ACME_CALLER);
      for (let index = 0; index < 5; index += 1) {
        assert.equal((await read(jwt))?.__typename, "PreverifiedNumber");
      }
      assert.equal(idp.jwksRequests, 1, "one fetch for five requests");

      // A rotated key, published after the verifier cached the set: within the cooldown a
      // made-up kid cannot cause a fetch; after it, one refetch picks the new key up.
      const kid = await idp.rotate();
      const rotated = await idp.sign(ACME_CALLER, { kid });
      assert.equal((await read(rotated))?.__typename, "AuthenticationError");
      assert.equal(idp.jwksRequests, 1, "no fetch within the cooldown");
      await new Promise((resolve) => setTimeout(resolve, cooldownMs + 50));
      assert.equal((await read(rotated))?.__typename, "PreverifiedNumber");
      assert.equal((await read(rotated))?.__typename, "PreverifiedNumber");
      assert.equal(idp.jwksRequests, 2, "one refetch for the new kid");

      // Down: the cached keys keep working, and an unknown kid is a typed answer, not a hang.
      idp.setDown("503");
      await new Promise((resolve) => setTimeout(resolve, cooldownMs + 50));
      assert.equal((await read(jwt))?.__typename, "PreverifiedNumber");
      const unknown = await idp.rotate({ publish: false });
      const answer = await read(await idp.sign(ACME_CALLER, { kid: unknown }));
      if (answer?.__typename !== "AuthenticationError") {
        return assert.fail(`expected an AuthenticationError, got ${answer?.__typename}`);
      }
      assert.match(answer.message, /key the identity provider does not list|cannot be fetched/);
      assert.ok(idp.jwksRequests <= 3, "at most one more fetch within the cooldown");
    } finally {
      await stack.close();
      await idp.close();
    }
  });

  it("remembers a verified token only until it expires", async () => {
    const idp = await startIdentityProvider({ issuer: ISSUER, audience: AUDIENCE });
    const stack = await startStack({
      serviceToken: SERVICE_TOKEN,
      jwt: jwtSettingsOf(idp, { clockToleranceSeconds: 0 }),
    });
    const read = async (jwt: string) =>
      (await stack.execute(AuthNumberDocument, { id: numbers.verified }, { token: jwt })).body.data
        ?.preverifiedNumber.__typename;
    try {
      const jwt = await idp.sign(ACME_CALLER, { expiresIn: 2 });
      assert.equal(await read(jwt), "PreverifiedNumber");
      assert.equal(await read(jwt), "PreverifiedNumber");
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      assert.equal(await read(jwt), "AuthenticationError");
    } finally {
      await stack.close();
      await idp.close();
    }
  });

  it("with the JWKS unreachable from the start: a retryable typed answer", async () => {
    const idp = await startIdentityProvider({ issuer: ISSUER, audience: AUDIENCE });
    idp.setDown("503");
    const stack = await startStack({ serviceToken: SERVICE_TOKEN, jwt: jwtSettingsOf(idp) });
    try {
      const answer = await stack.execute(SharePreverifiedNumberDocument, shareInput(), {
        token: await idp.sign(ACME_CALLER),
      });
      const result = answer.body.data?.sharePreverifiedNumber;
      if (result?.__typename !== "AuthenticationError") {
        return assert.fail(`expected an AuthenticationError, got ${result?.__typename}`);
      }
      assert.equal(result.retryable, true);
      assert.equal(stack.emulator.requests.length, 0);
    } finally {
      await stack.close();
      await idp.close();
    }
  });
});

describe("router trust (ROUTER_SECRET)", () => {
  const SECRET = "router-secret-0123456789abcdef";
  let stack: Stack;
  before(async () => {
    stack = await startStack({ routerSecret: SECRET });
  });
  after(() => stack.close());

  for (const [label, headers] of [
    ["missing", {}],
    ["wrong", { "router-authorization": "router-secret-0123456789abcdeX" }],
    ["a prefix of it", { "router-authorization": SECRET.slice(0, 10) }],
  ] as const) {
    it(`refuses a request whose secret is ${label} with 401, before any resolver`, async () => {
      const answer = await stack.execute(SharePreverifiedNumberDocument, shareInput(), {
        token: tokens.acme,
        headers,
      });
      assert.equal(answer.status, 401, answer.text);
      assert.equal(answer.body.errors?.[0]?.extensions?.["code"], "UNAUTHENTICATED");
      assert.equal(stack.emulator.requests.length, 0);
      assert.ok(!answer.text.includes(SECRET.slice(0, 10)));
    });
  }

  it("serves a request that carries it", async () => {
    const answer = await stack.execute(SharePreverifiedNumberDocument, shareInput(), {
      token: tokens.acme,
      headers: { "router-authorization": SECRET },
    });
    assert.equal(answer.status, 200);
    assert.equal(
      answer.body.data?.sharePreverifiedNumber.__typename,
      "SharePreverifiedNumberSuccess",
    );
  });
});

describe("federated inline traces (ftv1) in production", () => {
  const SECRET = "router-secret-0123456789abcdef";
  const TRACE = { "apollo-federation-include-trace": "ftv1" };

  async function traced(stack: Stack, headers: Record<string, string>) {
    const answer = await stack.execute(
      AuthTypenameDocument,
      {},
      { headers: { ...TRACE, ...headers } },
    );
    assert.equal(answer.status, 200, answer.text);
    return /"ftv1"/.test(answer.text);
  }

  it("only for requests that carry the router secret", async () => {
    const stack = await startStack({ env: "production", routerSecret: SECRET });
    try {
      assert.equal(await traced(stack, { "router-authorization": SECRET }), true);
    } finally {
      await stack.close();
    }
  });

  it("never without a router secret: anyone could ask for resolver timings", async () => {
    const stack = await startStack({ env: "production" });
    try {
      assert.equal(await traced(stack, {}), false);
    } finally {
      await stack.close();
    }
  });
});
