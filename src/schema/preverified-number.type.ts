// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { NumberDetails } from "../sharing/types.js";

export enum VerificationStatus {
  VERIFIED = "VERIFIED",
  NOT_VERIFIED = "NOT_VERIFIED",
  EXPIRED = "EXPIRED",
}
registerEnumType(VerificationStatus, {
  name: "VerificationStatus",
  description: "Meta's `code_verification_status` of a pre-verified number.",
  valuesConfig: {
    VERIFIED: { description: "Verified; it can be shared and offered in Embedded Signup." },
    NOT_VERIFIED: { description: "Added but not verified (or reverted): verify it first." },
    EXPIRED: { description: "The verification expired: verify it again." },
  },
});

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    "A WhatsApp Business pre-verified phone number: a number a Solution Partner verified in " +
    "advance so that its customers can pick it in Embedded Signup without an OTP. Fields other " +
    "than `id` are read from Meta, batched: all the numbers of one request in one call per 50.",
})
export class PreverifiedNumber {
  @Field((_type) => ID, { description: "Meta's ID of the pre-verified phone number." })
  id!: string;

  /** The number's details, once read (not a GraphQL field: the field resolvers read them). */
  details?: NumberDetails;

  static of(id: string): PreverifiedNumber {
    return Object.assign(new PreverifiedNumber(), { id });
  }

  static fromDetails(details: NumberDetails): PreverifiedNumber {
    return Object.assign(new PreverifiedNumber(), { id: details.id, details });
  }
}
