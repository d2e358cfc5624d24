/**
Router trust: with `ROUTER_SECRET` set, every GraphQL request must carry it in the
`Router-Authorization` header, so nobody can call the subgraph directly and skip the router's
checks. Compared in constant time (digests of equal length), never logged or echoed.
*/
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

export const ROUTER_AUTHORIZATION_HEADER = "router-authorization";

const digest = (value: string) => createHash("sha256").update(value).digest();

const REFUSAL = JSON.stringify({
  errors: [
    {
      message:
        "This subgraph only answers its router: the Router-Authorization header is missing or " +
        "wrong.",
      extensions: { code: "UNAUTHENTICATED" },
    },
  ],
});

/** A Fastify `onRequest` hook that answers 401 unless the request carries `secret`. */
export function routerAuthorization(secret: string) {
  const expected = digest(secret);
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const given = request.headers[ROUTER_AUTHORIZATION_HEADER];
    if (typeof given === "string" && timingSafeEqual(digest(given), expected)) {
      done();
      return;
    }
    void reply.code(401).type("application/json; charset=utf-8").send(REFUSAL);
  };
}
