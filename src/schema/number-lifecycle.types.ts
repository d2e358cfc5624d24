// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { createUnionType, Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  PermissionDeniedError,
  PreverifiedNumberRejectedError,
  RateLimitedError,
  UpstreamError,
  VerificationCodeError,
} from "./errors.type.js";
import { PreverifiedNumber } from "./preverified-number.type.js";

export enum VerificationCodeMethod {
  SMS = "SMS",
  VOICE = "VOICE",
}
registerEnumType(VerificationCodeMethod, {
  name: "VerificationCodeMethod",
  description: "How Meta delivers a verification code (Meta's `code_method`).",
  valuesConfig: {
    SMS: { description: 'A text message ("WhatsApp code 123-456").' },
    VOICE: { description: "A voice call that reads the code out." },
  },
});

@InputType({ description: "The phone number to add to a business as a pre-verified number." })
export class AddPreverifiedNumberInput {
  @Field((_type) => ID, {
    description: "The Solution Partner business that adds the number. Digits only.",
  })
  businessId!: string;

  @Field((_type) => String, {
    description:
      "The phone number in international format (E.164, e.g. `+15550142000`; spaces, dashes " +
      "and brackets are accepted). Checked and normalised before Meta is called; never logged.",
  })
  phoneNumber!: string;
}

@ObjectType({
  description:
    "Meta added the number: it is `NOT_VERIFIED` until a code is requested and verified (Meta " +
    "removes numbers left unverified for 90 days).",
})
export class AddPreverifiedNumberSuccess {
  @Field((_type) => PreverifiedNumber, { description: "The new pre-verified number." })
  preverifiedNumber!: PreverifiedNumber;
}

@InputType({ description: "Which number should receive a verification code, and how." })
export class RequestVerificationCodeInput {
  @Field((_type) => ID, { description: "The pre-verified number's ID. Digits only." })
  preverifiedId!: string;

  @Field((_type) => VerificationCodeMethod, { description: "SMS or a voice call." })
  method!: VerificationCodeMethod;

  @Field((_type) => String, {
    description: "The language of the message or call, as `xx_XX` (e.g. `en_US`).",
  })
  language!: string;
}

@ObjectType({
  description:
    "Meta sent a code (valid for a few minutes; a new request replaces it). Verify it with " +
    "`verifyPreverifiedNumber`.",
})
export class RequestVerificationCodeSuccess {
  @Field((_type) => PreverifiedNumber, { description: "The number the code was sent to." })
  preverifiedNumber!: PreverifiedNumber;
}

@InputType({ description: "The code a number received." })
export class VerifyPreverifiedNumberInput {
  @Field((_type) => ID, { description: "The pre-verified number's ID. Digits only." })
  preverifiedId!: string;

  @Field((_type) => String, {
    description: "The six-digit code; the SMS's hyphen (`123-456`) and spaces are removed.",
  })
  code!: string;
}

@ObjectType({
  description:
    "The number is verified: `VERIFIED` for 90 days (see `verificationExpiresAt`), and can be " +
    "shared. It can be verified again from 45 days before it expires.",
})
export class VerifyPreverifiedNumberSuccess {
  @Field((_type) => PreverifiedNumber, { description: "The verified number." })
  preverifiedNumber!: PreverifiedNumber;
}

@InputType({ description: "Which pre-verified number to delete." })
export class DeletePreverifiedNumberInput {
  @Field((_type) => ID, { description: "The pre-verified number's ID. Digits only." })
  preverifiedId!: string;
}

@ObjectType({ description: "Meta deleted the number: reads of its ID answer not found." })
export class DeletePreverifiedNumberSuccess {
  @Field((_type) => ID, { description: "The ID of the deleted number." })
  deletedId!: string;
}

const SELECT = "Select `__typename` and `... on Error { message }` at least.";

export const AddPreverifiedNumberResult = createUnionType({
  name: "AddPreverifiedNumberResult",
  description:
    "The outcome of adding a number: the success type or one typed error (a number Meta will " +
    `not add, already added or over the business's limit, is \`PreverifiedNumberRejectedError\`). ${SELECT}`,
  types: () =>
    [
      AddPreverifiedNumberSuccess,
      InvalidInputError,
      AuthenticationError,
      PermissionDeniedError,
      NotFoundError,
      PreverifiedNumberRejectedError,
      RateLimitedError,
      UpstreamError,
    ] as const,
});

export const RequestVerificationCodeResult = createUnionType({
  name: "RequestVerificationCodeResult",
  description:
    "The outcome of requesting a code: the success type or one typed error (Meta's volume " +
    `limit is \`RateLimitedError\`; a number already verified is \`VerificationCodeError\`). ${SELECT}`,
  types: () =>
    [
      RequestVerificationCodeSuccess,
      InvalidInputError,
      AuthenticationError,
      PermissionDeniedError,
      NotFoundError,
      VerificationCodeError,
      RateLimitedError,
      UpstreamError,
    ] as const,
});

export const VerifyPreverifiedNumberResult = createUnionType({
  name: "VerifyPreverifiedNumberResult",
  description:
    "The outcome of verifying a code: the success type or one typed error (a wrong, expired " +
    `or void code is \`VerificationCodeError\`). ${SELECT}`,
  types: () =>
    [
      VerifyPreverifiedNumberSuccess,
      InvalidInputError,
      AuthenticationError,
      PermissionDeniedError,
      NotFoundError,
      VerificationCodeError,
      RateLimitedError,
      UpstreamError,
    ] as const,
});

export const DeletePreverifiedNumberResult = createUnionType({
  name: "DeletePreverifiedNumberResult",
  description:
    "The outcome of deleting a number: the success type or one typed error (a number in use, " +
    `i.e. shared with a partner, is \`PreverifiedNumberRejectedError\`). ${SELECT}`,
  types: () =>
    [
      DeletePreverifiedNumberSuccess,
      InvalidInputError,
      AuthenticationError,
      PermissionDeniedError,
      NotFoundError,
      PreverifiedNumberRejectedError,
      RateLimitedError,
      UpstreamError,
    ] as const,
});
