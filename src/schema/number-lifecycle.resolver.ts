// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { Arg, Ctx, Directive, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { addNumber, deleteNumber, requestCode, verifyCode } from "../sharing/lifecycle.js";
import { AUTHENTICATED, REQUIRES_MANAGE } from "./auth-directives.js";
import { toNumberChangeErrorVariant, toVerificationErrorVariant } from "./failure-to-graphql.js";
import {
  AddPreverifiedNumberInput,
  AddPreverifiedNumberResult,
  AddPreverifiedNumberSuccess,
  DeletePreverifiedNumberInput,
  DeletePreverifiedNumberResult,
  DeletePreverifiedNumberSuccess,
  RequestVerificationCodeInput,
  RequestVerificationCodeResult,
  RequestVerificationCodeSuccess,
  VerifyPreverifiedNumberInput,
  VerifyPreverifiedNumberResult,
  VerifyPreverifiedNumberSuccess,
} from "./number-lifecycle.types.js";
import { PreverifiedNumber } from "./preverified-number.type.js";

const TYPED = "Expected failures are typed error members of the union.";
const NOT_REPEATED =
  "Never repeated after an attempt that may have reached Meta (a timeout, a reset): the answer " +
  "is then a retryable `UpstreamError` saying what may have happened.";

@Resolver()
export class NumberLifecycleResolver {
  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_MANAGE)
  @Mutation((_returns) => AddPreverifiedNumberResult, {
    description:
      "Adds a phone number to a business as a pre-verified number " +
      "(`POST /{version}/{businessId}/add_phone_numbers`); it starts `NOT_VERIFIED`. " +
      `${NOT_REPEATED} ${TYPED}`,
  })
  async addPreverifiedNumber(
    @Arg("input", (_type) => AddPreverifiedNumberInput, {
      description: "The business and the phone number to add.",
    })
    input: AddPreverifiedNumberInput,
    @Ctx() context: Context,
  ): Promise<typeof AddPreverifiedNumberResult> {
    const added = await addNumber(context, input);
    const result = added.ok
      ? Object.assign(new AddPreverifiedNumberSuccess(), {
          preverifiedNumber: PreverifiedNumber.of(added.value.id),
        })
      : toNumberChangeErrorVariant(added.failure);
    context.outcome.results.push(result.constructor.name);
    return result;
  }

  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_MANAGE)
  @Mutation((_returns) => RequestVerificationCodeResult, {
    description:
      "Asks Meta to send a verification code to the number by SMS or voice call " +
      "(`POST /{version}/{preverifiedId}/request_code`). Each request costs the business a " +
      `message or call and counts against Meta's volume limit. ${NOT_REPEATED} ${TYPED}`,
  })
  async requestVerificationCode(
    @Arg("input", (_type) => RequestVerificationCodeInput, {
      description: "The number, the delivery method and the language.",
    })
    input: RequestVerificationCodeInput,
    @Ctx() context: Context,
  ): Promise<typeof RequestVerificationCodeResult> {
    const requested = await requestCode(context, input);
    const result = requested.ok
      ? Object.assign(new RequestVerificationCodeSuccess(), {
          preverifiedNumber: PreverifiedNumber.of(requested.value.id),
        })
      : toVerificationErrorVariant(requested.failure);
    context.outcome.results.push(result.constructor.name);
    return result;
  }

  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_MANAGE)
  @Mutation((_returns) => VerifyPreverifiedNumberResult, {
    description:
      "Checks the code the number received (`POST /{version}/{preverifiedId}/verify_code`); the " +
      `number becomes \`VERIFIED\` for 90 days. ${NOT_REPEATED} ${TYPED}`,
  })
  async verifyPreverifiedNumber(
    @Arg("input", (_type) => VerifyPreverifiedNumberInput, {
      description: "The number and the code it received.",
    })
    input: VerifyPreverifiedNumberInput,
    @Ctx() context: Context,
  ): Promise<typeof VerifyPreverifiedNumberResult> {
    const verified = await verifyCode(context, input);
    const result = verified.ok
      ? Object.assign(new VerifyPreverifiedNumberSuccess(), {
          preverifiedNumber: PreverifiedNumber.of(verified.value.id),
        })
      : toVerificationErrorVariant(verified.failure);
    context.outcome.results.push(result.constructor.name);
    return result;
  }

  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_MANAGE)
  @Mutation((_returns) => DeletePreverifiedNumberResult, {
    description:
      "Deletes a pre-verified number (`DELETE /{version}/{preverifiedId}`); Meta refuses while " +
      'it is shared. A retry after an unknown outcome that meets "not found" counts as done. ' +
      TYPED,
  })
  async deletePreverifiedNumber(
    @Arg("input", (_type) => DeletePreverifiedNumberInput, { description: "The number to delete." })
    input: DeletePreverifiedNumberInput,
    @Ctx() context: Context,
  ): Promise<typeof DeletePreverifiedNumberResult> {
    const deleted = await deleteNumber(context, input);
    const result = deleted.ok
      ? Object.assign(new DeletePreverifiedNumberSuccess(), { deletedId: deleted.value.id })
      : toNumberChangeErrorVariant(deleted.failure);
    context.outcome.results.push(result.constructor.name);
    return result;
  }
}
