// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import type { Failure, Result } from "../graph-api/failure.js";
import { validateId } from "../graph-api/validate.js";
import type { PreverifiedNumberNode } from "../graph-api/wire.js";
import { Business } from "./business.type.js";
import { type ErrorVariant, toErrorVariant, toGraphQLError } from "./failure-to-graphql.js";
import { PreverifiedNumberResult } from "./preverified-number-result.union.js";
import { PreverifiedNumber, VerificationStatus } from "./preverified-number.type.js";

@Resolver((_of) => PreverifiedNumber)
export class PreverifiedNumberResolver {
  @Query((_returns) => PreverifiedNumberResult, {
    description:
      "A pre-verified phone number by ID, read with every other number of the same request in " +
      "one Meta multi-ID read (`GET /?ids=…`). Expected failures are typed error members of " +
      "the result union.",
  })
  async preverifiedNumber(
    @Arg("id", (_type) => ID, { description: "Meta's ID of the pre-verified phone number." })
    id: string,
    @Ctx() { upstream, outcome }: Context,
  ): Promise<PreverifiedNumber | ErrorVariant> {
    // A read never fails as a sharing rejection; if one did, the union would refuse it (a bug).
    const loaded = await load(id, upstream);
    const result = loaded.ok
      ? PreverifiedNumber.fromNode(loaded.value)
      : toErrorVariant(loaded.failure);
    outcome.results.push(result.constructor.name);
    return result;
  }

  @FieldResolver((_returns) => String, {
    nullable: true,
    description: "The number as Meta displays it, e.g. `+1 555-0100` (Meta's `phone_number`).",
  })
  async phoneNumber(@Root() number: PreverifiedNumber, @Ctx() context: Context) {
    return (await nodeOf(number, context)).phone_number ?? null;
  }

  @FieldResolver((_returns) => VerificationStatus, {
    nullable: true,
    description: "Meta's `code_verification_status`.",
  })
  async verificationStatus(@Root() number: PreverifiedNumber, @Ctx() context: Context) {
    return (await nodeOf(number, context)).code_verification_status ?? null;
  }

  @FieldResolver((_returns) => String, {
    nullable: true,
    description:
      "When the verification expires (ISO 8601, UTC; Meta's `verification_expiry_time`). " +
      "Re-verify before then.",
  })
  async verificationExpiresAt(@Root() number: PreverifiedNumber, @Ctx() context: Context) {
    return isoTime((await nodeOf(number, context)).verification_expiry_time);
  }

  @FieldResolver((_returns) => Business, {
    nullable: true,
    description: "The business that owns the number (a reference another subgraph resolves).",
  })
  async ownerBusiness(@Root() number: PreverifiedNumber, @Ctx() context: Context) {
    const owner = (await nodeOf(number, context)).owner_business;
    return owner === undefined ? null : Business.of(owner.id);
  }
}

/** The number's node: already read, or loaded through the request's batching loader. */
async function nodeOf(number: PreverifiedNumber, context: Context): Promise<PreverifiedNumberNode> {
  if (number.node !== undefined) {
    return number.node;
  }
  const loaded = await load(number.id, context.upstream);
  if (!loaded.ok) {
    // Entity fields cannot carry a union: the failure becomes a GraphQL error with its code.
    throw toGraphQLError(loaded.failure);
  }
  number.node = loaded.value;
  return loaded.value;
}

async function load(
  id: string,
  upstream: Context["upstream"],
): Promise<Result<PreverifiedNumberNode>> {
  const checked = validateId("id", id);
  if (!checked.ok) {
    return checked;
  }
  if (!upstream.ok) {
    return { ok: false, failure: upstream.failure satisfies Failure };
  }
  return upstream.loaders.numberById.load(checked.value);
}

/** Meta's `2026-04-14T22:12:31+0000` as ISO 8601 in UTC, or null when unreadable. */
function isoTime(metaTime: string | undefined): string | null {
  if (metaTime === undefined) {
    return null;
  }
  const time = Date.parse(metaTime.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
