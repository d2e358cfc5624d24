// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { Arg, Ctx, Directive, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { shareNumber, shareNumbers } from "../sharing/share.js";
import type { SharedNumber } from "../sharing/share.js";
import { AUTHENTICATED, REQUIRES_SHARE } from "./auth-directives.js";
import { Business } from "./business.type.js";
import { toShareErrorVariant } from "./failure-to-graphql.js";
import { PreverifiedNumber } from "./preverified-number.type.js";
import { SharePreverifiedNumberInput } from "./share-preverified-number.input.js";
import { SharePreverifiedNumberResult } from "./share-preverified-number-result.union.js";
import { SharePreverifiedNumberSuccess } from "./share-preverified-number-success.type.js";

@Resolver()
export class SharePreverifiedNumberResolver {
  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_SHARE)
  @Mutation((_returns) => SharePreverifiedNumberResult, {
    description:
      "Shares a pre-verified phone number with a partner business " +
      "(`POST /{version}/{businessId}/share_preverified_numbers`). Expected failures are returned " +
      "as typed error members of the result union, never as GraphQL `errors`.",
  })
  async sharePreverifiedNumber(
    @Arg("input", (_type) => SharePreverifiedNumberInput, {
      description: "The business, the pre-verified number and the partner to share it with.",
    })
    input: SharePreverifiedNumberInput,
    @Ctx() context: Context,
  ): Promise<typeof SharePreverifiedNumberResult> {
    const shared = await shareNumber(context, input);
    const result = shared.ok ? success(shared.value) : toShareErrorVariant(shared.failure);
    context.outcome.results.push(result.constructor.name);
    return result;
  }

  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_SHARE)
  @Mutation((_returns) => [SharePreverifiedNumberResult], {
    description:
      "Shares many pre-verified numbers at once through Meta's batch API (at most 50 per Meta " +
      "call, more are sent in several calls). One result per input, in input order, each " +
      "exactly as `sharePreverifiedNumber` would answer it.",
  })
  async sharePreverifiedNumbers(
    @Arg("input", (_type) => [SharePreverifiedNumberInput], {
      description: "The shares; at most MAX_BULK_SHARES (200 by default).",
    })
    inputs: SharePreverifiedNumberInput[],
    @Ctx() context: Context,
  ): Promise<(typeof SharePreverifiedNumberResult)[]> {
    const shared = await shareNumbers(context, inputs);
    return shared.map((one) => {
      const result = one.ok ? success(one.value) : toShareErrorVariant(one.failure);
      context.outcome.results.push(result.constructor.name);
      return result;
    });
  }
}

function success(request: SharedNumber): SharePreverifiedNumberSuccess {
  return Object.assign(new SharePreverifiedNumberSuccess(), {
    preverifiedNumber: PreverifiedNumber.of(request.preverifiedId),
    business: Business.of(request.businessId),
    partnerBusiness: Business.of(request.partnerBusinessId),
    expiresAt: request.expiresAt ?? null,
  });
}
