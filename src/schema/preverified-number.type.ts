// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { Directive, Field, ID, ObjectType } from "type-graphql";

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    "A WhatsApp Business pre-verified phone number: a number a Solution Partner verified in " +
    "advance so that its customers can pick it in Embedded Signup without an OTP.",
})
export class PreverifiedNumber {
  @Field((_type) => ID, { description: "Meta's ID of the pre-verified phone number." })
  id!: string;

  static of(id: string): PreverifiedNumber {
    return Object.assign(new PreverifiedNumber(), { id });
  }
}
