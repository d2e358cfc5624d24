// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { createUnionType, Field, ID, InputType, ObjectType } from "type-graphql";
import { Business } from "./business.type.js";
import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  UpstreamError,
} from "./errors.type.js";
import { PreverifiedNumber } from "./preverified-number.type.js";

@InputType({
  description: "Which pre-verified number to stop sharing, from which business, with whom.",
})
export class UnsharePreverifiedNumberInput {
  @Field((_type) => ID, {
    description:
      "The business that owns the number or has sharing rights to it (Meta's `{Business-ID}` " +
      "path parameter). Digits only.",
  })
  businessId!: string;

  @Field((_type) => ID, {
    description: "The pre-verified phone number's ID (Meta's `preverified_id`). Digits only.",
  })
  preverifiedId!: string;

  @Field((_type) => ID, {
    description:
      "The partner business that loses access to the number (Meta's `partner_business_id`). " +
      "Digits only, and different from `businessId`.",
  })
  partnerBusinessId!: string;
}

@ObjectType({
  description:
    "Meta took the partner's access away: the number no longer appears in the partner's " +
    "Embedded Signup, nor in the number's `partners`.",
})
export class UnsharePreverifiedNumberSuccess {
  @Field((_type) => PreverifiedNumber, { description: "The number that was unshared." })
  preverifiedNumber!: PreverifiedNumber;

  @Field((_type) => Business, { description: "The business that unshared the number." })
  business!: Business;

  @Field((_type) => Business, { description: "The partner business that lost access." })
  partnerBusiness!: Business;
}

export const UnsharePreverifiedNumberResult = createUnionType({
  name: "UnsharePreverifiedNumberResult",
  description:
    "The outcome of an unshare: the success type or one typed error (nothing is rejected when " +
    "access is taken away; a number not shared with the partner is `NotFoundError`). Select " +
    "`__typename` and `... on Error { message }` at least.",
  types: () =>
    [
      UnsharePreverifiedNumberSuccess,
      InvalidInputError,
      AuthenticationError,
      PermissionDeniedError,
      NotFoundError,
      RateLimitedError,
      UpstreamError,
    ] as const,
});
