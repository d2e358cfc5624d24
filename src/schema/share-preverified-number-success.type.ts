// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { DateTimeResolver } from "graphql-scalars";
import { Field, ObjectType } from "type-graphql";
import { Business } from "./business.type.js";
import { PreverifiedNumber } from "./preverified-number.type.js";

@ObjectType({
  description:
    "Meta shared the number: the partner business now has access to it, and the owner keeps it.",
})
export class SharePreverifiedNumberSuccess {
  @Field((_type) => PreverifiedNumber, { description: "The number that was shared." })
  preverifiedNumber!: PreverifiedNumber;

  @Field((_type) => Business, { description: "The business that shared the number." })
  business!: Business;

  @Field((_type) => Business, { description: "The partner business that gained access." })
  partnerBusiness!: Business;

  @Field((_type) => DateTimeResolver, {
    nullable: true,
    description: "When this service takes the access away again; null: never (a permanent share).",
  })
  expiresAt?: Date | null;
}
