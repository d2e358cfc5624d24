// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { validateShareRequest } from "../graph-api/validate.js";
import { Business } from "./business.type.js";
import { toErrorVariant } from "./failure-to-graphql.js";
import { PreverifiedNumber } from "./preverified-number.type.js";
import { SharePreverifiedNumberInput } from "./share-preverified-number.input.js";
import { SharePreverifiedNumberResult } from "./share-preverified-number-result.union.js";
import { SharePreverifiedNumberSuccess } from "./share-preverified-number-success.type.js";

@Resolver()
export class SharePreverifiedNumberResolver {
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
    @Ctx() { upstream, outcome }: Context,
  ): Promise<typeof SharePreverifiedNumberResult> {
    const result = await this.share(input, upstream);
    outcome.results.push(result.constructor.name);
    return result;
  }

  private async share(
    input: SharePreverifiedNumberInput,
    upstream: Context["upstream"],
  ): Promise<typeof SharePreverifiedNumberResult> {
    // Input is checked before the token so that a bad request is reported as such either way,
    // and nothing is sent to Meta for either.
    const validated = validateShareRequest(input);
    if (!validated.ok) {
      return toErrorVariant(validated.failure);
    }
    if (!upstream.ok) {
      return toErrorVariant(upstream.failure);
    }
    const throttled = upstream.admitMutation();
    if (throttled !== undefined) {
      return toErrorVariant(throttled);
    }
    const request = validated.value;
    const shared = await upstream.loaders.share.load(request);
    if (!shared.ok) {
      return toErrorVariant(shared.failure);
    }
    return Object.assign(new SharePreverifiedNumberSuccess(), {
      preverifiedNumber: PreverifiedNumber.of(request.preverifiedId),
      business: Business.of(request.businessId),
      partnerBusiness: Business.of(request.partnerBusinessId),
    });
  }
}
