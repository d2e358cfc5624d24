// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type {
  SharingEvent as SharingEventValue,
  SharingEventKind as SharingEventKindValue,
} from "../sharing/types.js";
import { Business } from "./business.type.js";
import { PageInfo } from "./preverified-number-connection.type.js";

export enum SharingEventKind {
  SHARED = "shared",
  EXPIRY_CHANGED = "expiry_changed",
  SHARE_FAILED = "share_failed",
  UNSHARED = "unshared",
  UNSHARE_FAILED = "unshare_failed",
  EXPIRED = "expired",
  EXPIRY_DEFERRED = "expiry_deferred",
  EXPIRY_FAILED = "expiry_failed",
}
registerEnumType(SharingEventKind, {
  name: "SharingEventKind",
  description: "What happened to a number's sharing with a partner.",
  valuesConfig: {
    SHARED: { description: "Shared; until `expiresAt` when it is set, else for good." },
    EXPIRY_CHANGED: {
      description:
        "Shared again while a schedule stood: it now ends at `expiresAt`, or never (null).",
    },
    SHARE_FAILED: { description: "A share Meta did not make (`result` says why)." },
    UNSHARED: { description: "A caller took the partner's access away." },
    UNSHARE_FAILED: { description: "An unshare Meta did not make (`result` says why)." },
    EXPIRED: {
      description:
        "The service took the access away at `expiresAt` (`result` `already_unshared`: it was " +
        "gone already).",
    },
    EXPIRY_DEFERRED: {
      description: "An expiry attempt failed transiently (`result` says why); it is retried.",
    },
    EXPIRY_FAILED: {
      description:
        "An expiry failed for good (Meta refused): the partner may still have access; unshare " +
        "it by hand.",
    },
  },
});

/** The domain's kinds as the enum's values (a new kind fails to compile until added here). */
const KINDS: Record<SharingEventKindValue, SharingEventKind> = {
  shared: SharingEventKind.SHARED,
  expiry_changed: SharingEventKind.EXPIRY_CHANGED,
  share_failed: SharingEventKind.SHARE_FAILED,
  unshared: SharingEventKind.UNSHARED,
  unshare_failed: SharingEventKind.UNSHARE_FAILED,
  expired: SharingEventKind.EXPIRED,
  expiry_deferred: SharingEventKind.EXPIRY_DEFERRED,
  expiry_failed: SharingEventKind.EXPIRY_FAILED,
};

@ObjectType({ description: "One entry of a number's sharing history." })
export class SharingEvent {
  @Field((_type) => ID, { description: "The entry's ID (increasing with time)." })
  id!: string;

  @Field((_type) => DateTimeResolver, { description: "When it happened (RFC 3339)." })
  occurredAt!: Date;

  @Field((_type) => SharingEventKind, { description: "What happened." })
  kind!: SharingEventKind;

  @Field((_type) => String, {
    description:
      "Who did it: the caller's JWT `sub`; `service` for expiries; `unknown` for callers " +
      "without one (forwarded Meta tokens).",
  })
  actor!: string;

  @Field((_type) => Business, { description: "The business that shared or unshared." })
  business!: Business;

  @Field((_type) => Business, { description: "The partner business." })
  partnerBusiness!: Business;

  @Field((_type) => DateTimeResolver, {
    nullable: true,
    description: "When the share ends (time-limited shares); null: never, or not applicable.",
  })
  expiresAt?: Date | undefined;

  @Field((_type) => String, {
    description:
      "`success`, `already_unshared`, the failure kind (`rate_limited`, `upstream`, " +
      "`permission_denied`, …), or `pending`: a time-limited share whose answer from Meta was " +
      "never recorded (the service stopped meanwhile); its schedule stands, so it expires anyway.",
  })
  result!: string;

  @Field((_type) => String, {
    nullable: true,
    description: "Meta's `fbtrace_id` of a failed call, for Meta support.",
  })
  fbtraceId?: string | undefined;

  @Field((_type) => String, {
    nullable: true,
    description: "The ID of the request that did it (absent for expiries).",
  })
  requestId?: string | undefined;

  static of(event: SharingEventValue): SharingEvent {
    return Object.assign(new SharingEvent(), {
      id: event.id,
      occurredAt: event.occurredAt,
      kind: KINDS[event.kind],
      actor: event.actor,
      business: Business.of(event.businessId),
      partnerBusiness: Business.of(event.partnerBusinessId),
      expiresAt: event.expiresAt,
      result: event.result,
      fbtraceId: event.fbtraceId,
      requestId: event.requestId,
    });
  }
}

@ObjectType({ description: "One page of a number's sharing history, newest first." })
export class SharingEventConnection {
  @Field((_type) => [SharingEvent], { description: "The entries of this page, newest first." })
  nodes!: SharingEvent[];

  @Field((_type) => PageInfo, {
    description: "Pass `endCursor` as `after` for older entries.",
  })
  pageInfo!: PageInfo;
}
