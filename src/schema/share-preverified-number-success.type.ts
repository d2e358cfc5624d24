// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
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
}
