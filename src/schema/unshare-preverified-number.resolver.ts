// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { Arg, Ctx, Directive, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { unshareNumber } from "../sharing/share.js";
import { AUTHENTICATED, REQUIRES_SHARE } from "./auth-directives.js";
import { Business } from "./business.type.js";
import { toReadErrorVariant } from "./failure-to-graphql.js";
import { PreverifiedNumber } from "./preverified-number.type.js";
import {
  UnsharePreverifiedNumberInput,
  UnsharePreverifiedNumberResult,
  UnsharePreverifiedNumberSuccess,
} from "./unshare-preverified-number.types.js";

@Resolver()
export class UnsharePreverifiedNumberResolver {
  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_SHARE)
  @Mutation((_returns) => UnsharePreverifiedNumberResult, {
    description:
      "Takes a partner business's access to a pre-verified phone number away " +
      "(`DELETE /{version}/{businessId}/share_preverified_numbers`). Same checks, budget, " +
      "throttles and retries as a share; a retry after an unknown outcome that meets " +
      '"not shared" counts as done. Expected failures are typed error members of the union.',
  })
  async unsharePreverifiedNumber(
    @Arg("input", (_type) => UnsharePreverifiedNumberInput, {
      description: "The business, the pre-verified number and the partner to take it from.",
    })
    input: UnsharePreverifiedNumberInput,
    @Ctx() context: Context,
  ): Promise<typeof UnsharePreverifiedNumberResult> {
    const unshared = await unshareNumber(context, input);
    // An unshare's failures have no rejection kind: every one is a member of this union.
    const result = unshared.ok
      ? Object.assign(new UnsharePreverifiedNumberSuccess(), {
          preverifiedNumber: PreverifiedNumber.of(unshared.value.preverifiedId),
          business: Business.of(unshared.value.businessId),
          partnerBusiness: Business.of(unshared.value.partnerBusinessId),
        })
      : toReadErrorVariant(unshared.failure);
    context.outcome.results.push(result.constructor.name);
    return result;
  }
}
