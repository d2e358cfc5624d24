// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { createUnionType, Directive, Field, InputType, ObjectType } from "type-graphql";
import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  UpstreamError,
} from "./errors.type.js";
import { Business } from "./business.type.js";
import { PreverifiedNumber, VerificationStatus } from "./preverified-number.type.js";

@Directive("@shareable")
@ObjectType({
  description:
    "Where a page is in the list. Meta's cursors are per page, not per item: pass `endCursor` " +
    "as `after` for the next page.",
})
export class PageInfo {
  @Field((_type) => Boolean, { description: "Whether a next page exists." })
  hasNextPage!: boolean;

  @Field((_type) => Boolean, { description: "Whether a previous page exists." })
  hasPreviousPage!: boolean;

  @Field((_type) => String, { nullable: true, description: "Meta's `before` cursor of the page." })
  startCursor?: string;

  @Field((_type) => String, { nullable: true, description: "Meta's `after` cursor of the page." })
  endCursor?: string;
}

@ObjectType({ description: "One page of a business's pre-verified numbers, in creation order." })
export class PreverifiedNumberConnection {
  @Field((_type) => [PreverifiedNumber], { description: "The numbers of this page." })
  nodes!: PreverifiedNumber[];

  @Field((_type) => PageInfo, { description: "Cursors and whether more pages exist." })
  pageInfo!: PageInfo;
}

@ObjectType({ description: "One page of the partner businesses a number is shared with." })
export class BusinessConnection {
  @Field((_type) => [Business], { description: "The partner businesses of this page." })
  nodes!: Business[];

  @Field((_type) => PageInfo, { description: "Cursors and whether more pages exist." })
  pageInfo!: PageInfo;
}

@InputType({ description: "Narrows the list (Meta's filters)." })
export class PreverifiedNumberFilter {
  @Field((_type) => VerificationStatus, {
    nullable: true,
    description: "Only numbers in this verification state.",
  })
  verificationStatus?: VerificationStatus;

  @Field((_type) => String, {
    nullable: true,
    description: "Only this phone number (digits are compared; `+1 555-0103` = `15550103`).",
  })
  phoneNumber?: string;
}

export const PreverifiedNumbersResult = createUnionType({
  name: "PreverifiedNumbersResult",
  description:
    "A page of numbers, or why it could not be read. Select `__typename` and " +
    "`... on Error { message }` at least.",
  types: () =>
    [
      PreverifiedNumberConnection,
      InvalidInputError,
      AuthenticationError,
      PermissionDeniedError,
      NotFoundError,
      RateLimitedError,
      UpstreamError,
    ] as const,
});
