// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { Field, ID, InputType } from "type-graphql";

@InputType({ description: "Which pre-verified number to share, from which business, with whom." })
export class SharePreverifiedNumberInput {
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
      "The partner business that gains access to the number (Meta's `partner_business_id`). " +
      "Digits only, and different from `businessId`.",
  })
  partnerBusinessId!: string;
}
