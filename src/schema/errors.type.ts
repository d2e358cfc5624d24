// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { Directive, Field, Int, InterfaceType, ObjectType, registerEnumType } from "type-graphql";

@InterfaceType("Error", {
  description: "Something that prevented the operation. Every error variant implements it.",
})
export abstract class ErrorInterface {
  @Field((_type) => String, { description: "What went wrong, in English, safe to show to a user." })
  message!: string;
}

@InterfaceType("MetaError", {
  implements: ErrorInterface,
  description:
    "An error with the details Meta gave (or would give) for it. Quote `fbtraceId` to Meta support.",
})
export abstract class MetaErrorInterface extends ErrorInterface {
  @Field((_type) => Boolean, {
    description: "Whether repeating the same request later may succeed.",
  })
  retryable!: boolean;

  @Field((_type) => String, {
    nullable: true,
    description: "Meta's `fbtrace_id` for this failure, when Meta answered. It expires quickly.",
  })
  fbtraceId?: string;

  @Field((_type) => Int, { nullable: true, description: "Meta's numeric error `code`, if any." })
  metaCode?: number;

  @Field((_type) => Int, { nullable: true, description: "Meta's `error_subcode`, if any." })
  metaSubcode?: number;

  @Field((_type) => String, {
    nullable: true,
    description: "Meta's localised `error_user_title`, meant for end users, when given.",
  })
  userTitle?: string;

  @Field((_type) => String, {
    nullable: true,
    description: "Meta's localised `error_user_msg`, meant for end users, when given.",
  })
  userMessage?: string;
}

@Directive("@shareable")
@ObjectType({
  implements: [ErrorInterface, MetaErrorInterface],
  description:
    "The input was rejected: by this service before any call to Meta (ID pattern, length, sharing " +
    "with oneself), or by Meta as an invalid parameter (code 100).",
})
export class InvalidInputError extends MetaErrorInterface {
  @Field((_type) => String, {
    nullable: true,
    description:
      "The input field at fault (`businessId`, `preverifiedId` or `partnerBusinessId`), when known.",
  })
  field?: string;
}

@Directive("@shareable")
@ObjectType({
  implements: [ErrorInterface, MetaErrorInterface],
  description:
    "No usable access token: none was sent, it is malformed, or Meta rejected it as invalid or " +
    "expired (codes 190, 102, 104, 0, 2500). Obtain a new token.",
})
export class AuthenticationError extends MetaErrorInterface {}

@Directive("@shareable")
@ObjectType({
  implements: [ErrorInterface, MetaErrorInterface],
  description:
    "The token's business may not do this: no rights on the number, the partner is not accessible, " +
    "or a missing permission (codes 3, 10, 200–299, 200000 range).",
})
export class PermissionDeniedError extends MetaErrorInterface {}

@Directive("@shareable")
@ObjectType({
  implements: [ErrorInterface, MetaErrorInterface],
  description:
    "The pre-verified number or a business does not exist, or is invisible to this token " +
    "(code 803, code 100 with subcode 33, HTTP 404).",
})
export class NotFoundError extends MetaErrorInterface {}

export enum SharingRejectionReason {
  ALREADY_SHARED = "already_shared",
  NOT_SHAREABLE = "not_shareable",
  RELATIONSHIP_NOT_ALLOWED = "relationship_not_allowed",
  OTHER = "other",
}
registerEnumType(SharingRejectionReason, {
  name: "SharingRejectionReason",
  description: "Why Meta refused a well-formed share.",
  valuesConfig: {
    ALREADY_SHARED: { description: "The number is already shared with this partner." },
    NOT_SHAREABLE: {
      description:
        "The number is not in a shareable state (not verified, or verification expired).",
    },
    RELATIONSHIP_NOT_ALLOWED: {
      description: "The relationship between the two businesses does not allow sharing.",
    },
    OTHER: { description: "Another reason; see `message`." },
  },
});

@Directive("@shareable")
@ObjectType({
  implements: [ErrorInterface, MetaErrorInterface],
  description: "Meta understood the share but refused it (HTTP 422).",
})
export class SharingRejectedError extends MetaErrorInterface {
  @Field((_type) => SharingRejectionReason, { description: "Why the share was refused." })
  rejectionReason!: SharingRejectionReason;
}

@Directive("@shareable")
@ObjectType({
  implements: [ErrorInterface, MetaErrorInterface],
  description:
    "Meta is throttling the app or the business (codes 4, 17, 32, 341, 613, 80000–80014, 130429, " +
    "HTTP 429). Wait before retrying: calling while throttled extends the block.",
})
export class RateLimitedError extends MetaErrorInterface {
  @Field((_type) => Int, {
    nullable: true,
    description:
      "Seconds until Meta expects to accept calls again (from `X-Business-Use-Case-Usage` or " +
      "`Retry-After`), when it said so; at most 3600: this service never holds a business " +
      "back for longer than an hour.",
  })
  retryAfterSeconds?: number;
}

export enum UpstreamErrorReason {
  SERVER_ERROR = "server_error",
  TIMEOUT = "timeout",
  NETWORK = "network",
  UNPARSEABLE_RESPONSE = "unparseable_response",
  UNEXPECTED_RESPONSE = "unexpected_response",
  UNKNOWN_CODE = "unknown_code",
  CIRCUIT_OPEN = "circuit_open",
  CALL_BUDGET_EXCEEDED = "call_budget_exceeded",
  RESPONSE_TOO_LARGE = "response_too_large",
  STATE_UNAVAILABLE = "state_unavailable",
}
registerEnumType(UpstreamErrorReason, {
  name: "UpstreamErrorReason",
  description: "What kind of upstream failure happened.",
  valuesConfig: {
    SERVER_ERROR: { description: "Meta reported a server-side problem (codes 1, 2, HTTP 5xx)." },
    TIMEOUT: { description: "Meta did not answer within the configured time." },
    NETWORK: { description: "The connection to Meta failed (refused, reset, DNS, TLS)." },
    UNPARSEABLE_RESPONSE: {
      description: "Meta's answer was not JSON (an HTML error page, plain text, empty, truncated).",
    },
    UNEXPECTED_RESPONSE: { description: "Meta answered JSON of an unexpected shape." },
    UNKNOWN_CODE: { description: "Meta answered an error code this service does not know." },
    CIRCUIT_OPEN: {
      description:
        "Not sent: Meta has been failing, so calls are paused for a few seconds. Retry later.",
    },
    CALL_BUDGET_EXCEEDED: {
      description:
        "Not sent: this GraphQL request already made as many Meta calls as one request may " +
        "(`GRAPH_API_MAX_CALLS_PER_REQUEST`). Ask for less, or split the request; retrying the " +
        "same request gives the same answer.",
    },
    RESPONSE_TOO_LARGE: {
      description:
        "Meta's answer was larger than this service accepts, so it was not read. Not retried.",
    },
    STATE_UNAVAILABLE: {
      description:
        "This service's own database (time-limited shares' schedules, sharing history) is " +
        "unreachable and the operation needs it. Nothing was sent to Meta; retry in a few " +
        "seconds (`retryAfterSeconds`). Shares without `expiresAt` keep working meanwhile.",
    },
  },
});

@Directive("@shareable")
@ObjectType({
  implements: [ErrorInterface, MetaErrorInterface],
  description:
    "Meta failed or could not be reached: server errors, timeouts, network errors, unreadable " +
    "answers, unknown error codes.",
})
export class UpstreamError extends MetaErrorInterface {
  @Field((_type) => UpstreamErrorReason, { description: "What kind of upstream failure happened." })
  upstreamReason!: UpstreamErrorReason;

  @Field((_type) => Int, {
    nullable: true,
    description: "HTTP status of Meta's answer, when there was one.",
  })
  httpStatus?: number;
}

export enum PreverifiedNumberRejectionReason {
  ALREADY_ADDED = "already_added",
  LIMIT_REACHED = "limit_reached",
  IN_USE = "in_use",
  OTHER = "other",
}
registerEnumType(PreverifiedNumberRejectionReason, {
  name: "PreverifiedNumberRejectionReason",
  description: "Why Meta refused to add or delete a well-formed pre-verified number.",
  valuesConfig: {
    ALREADY_ADDED: { description: "The business already has this phone number (add)." },
    LIMIT_REACHED: {
      description: "The business has as many pre-verified numbers as Meta allows it (add).",
    },
    IN_USE: {
      description: "The number is in use, e.g. shared with a partner: unshare it first (delete).",
    },
    OTHER: { description: "Another reason; see `message`." },
  },
});

@Directive("@shareable")
@ObjectType({
  implements: [ErrorInterface, MetaErrorInterface],
  description:
    "Meta understood the request to add or delete a pre-verified number but refused it (HTTP " +
    "422, code 100): already added, the business's number limit, or the number is in use.",
})
export class PreverifiedNumberRejectedError extends MetaErrorInterface {
  @Field((_type) => PreverifiedNumberRejectionReason, { description: "Why Meta refused." })
  rejectionReason!: PreverifiedNumberRejectionReason;
}

@Directive("@shareable")
@ObjectType({
  implements: [ErrorInterface, MetaErrorInterface],
  description:
    "Meta refused to send or accept a verification code (code 136025: wrong or expired code, too " +
    "many wrong attempts, no code requested; code 136024 other than its volume limit, e.g. the " +
    "number is already verified). `userTitle` and `userMessage` carry Meta's words for the user.",
})
export class VerificationCodeError extends MetaErrorInterface {}
