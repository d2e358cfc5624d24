// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { DateTimeResolver } from "graphql-scalars";
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

  @Field((_type) => DateTimeResolver, {
    nullable: true,
    description:
      "When the share is to end (RFC 3339): this service unshares it then, once, whatever " +
      "happens to its replicas. At least SHARE_EXPIRY_MIN_SECONDS (a minute) and at most " +
      'SHARE_EXPIRY_MAX_DAYS (a year) ahead, else `InvalidInputError { field: "expiresAt" }` ' +
      "and nothing is sent. Absent or null: for good. Sharing again changes the schedule (Meta's " +
      '"already shared" is then a success); `unsharePreverifiedNumber` ends it. Needs this ' +
      "service's database and its own Meta token.",
  })
  expiresAt?: Date | null;
}
