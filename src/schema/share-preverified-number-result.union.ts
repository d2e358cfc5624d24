import { createUnionType } from "type-graphql";
import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  SharingRejectedError,
  UpstreamError,
} from "./errors.type.js";
import { SharePreverifiedNumberSuccess } from "./share-preverified-number-success.type.js";

export const SharePreverifiedNumberResult = createUnionType({
  name: "SharePreverifiedNumberResult",
  description:
    "The outcome of a share: the success type or one typed error. Select `__typename` and " +
    "`... on Error { message }` at least.",
  types: () =>
    [
      SharePreverifiedNumberSuccess,
      InvalidInputError,
      AuthenticationError,
      PermissionDeniedError,
      NotFoundError,
      SharingRejectedError,
      RateLimitedError,
      UpstreamError,
    ] as const,
});
