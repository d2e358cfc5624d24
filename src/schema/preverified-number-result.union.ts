import { createUnionType } from "type-graphql";
import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  UpstreamError,
} from "./errors.type.js";
import { PreverifiedNumber } from "./preverified-number.type.js";

export const PreverifiedNumberResult = createUnionType({
  name: "PreverifiedNumberResult",
  description:
    "A pre-verified number, or why it could not be read. Select `__typename` and " +
    "`... on Error { message }` at least.",
  types: () =>
    [
      PreverifiedNumber,
      InvalidInputError,
      AuthenticationError,
      PermissionDeniedError,
      NotFoundError,
      RateLimitedError,
      UpstreamError,
    ] as const,
});
