// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import {
  DEFAULT_PAGE_SIZE,
  getNumber,
  listNumbers,
  listPartners,
  MAX_HISTORY_PAGE,
  MAX_PAGE_SIZE,
  sharingHistory,
} from "../sharing/reads.js";
import type { NumberDetails, Page } from "../sharing/types.js";
import { AUTHENTICATED, REQUIRES_READ } from "./auth-directives.js";
import { Business } from "./business.type.js";
import { type ReadErrorVariant, toGraphQLError, toReadErrorVariant } from "./failure-to-graphql.js";
import {
  BusinessConnection,
  PageInfo,
  PreverifiedNumberConnection,
  PreverifiedNumberFilter,
  PreverifiedNumbersResult,
} from "./preverified-number-connection.type.js";
import { PreverifiedNumberResult } from "./preverified-number-result.union.js";
import { PreverifiedNumber, VerificationStatus } from "./preverified-number.type.js";
import { SharingEvent, SharingEventConnection } from "./sharing-event.type.js";

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };

@Resolver((_of) => PreverifiedNumber)
export class PreverifiedNumberResolver {
  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_READ)
  @Query((_returns) => PreverifiedNumberResult, {
    description:
      "A pre-verified phone number by ID, read with every other number of the same request in " +
      "one Meta multi-ID read (`GET /?ids=…`). Expected failures are typed error members of " +
      "the result union.",
  })
  async preverifiedNumber(
    @Arg("id", (_type) => ID, { description: "Meta's ID of the pre-verified phone number." })
    id: string,
    @Ctx() context: Context,
  ): Promise<PreverifiedNumber | ReadErrorVariant> {
    // A read's failures are `ReadFailure`s: every one has a member in this union.
    const loaded = await getNumber(context, id);
    const result = loaded.ok
      ? PreverifiedNumber.fromDetails(loaded.value)
      : toReadErrorVariant(loaded.failure);
    context.outcome.results.push(result.constructor.name);
    return result;
  }

  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_READ)
  @Query((_returns) => PreverifiedNumbersResult, {
    description:
      "A business's pre-verified numbers, a page at a time " +
      "(`GET /{businessId}/preverified_numbers`, Meta's cursors passed through). The same " +
      "page asked twice in a request (aliases with the same arguments) is one Meta call.",
  })
  async preverifiedNumbers(
    @Arg("businessId", (_type) => ID, { description: "The business that owns the numbers." })
    businessId: string,
    @Arg("first", (_type) => Int, {
      defaultValue: DEFAULT_PAGE_SIZE,
      description: `Page size, 1–${MAX_PAGE_SIZE}.`,
    })
    first: number,
    @Arg("after", (_type) => String, {
      nullable: true,
      description: "`pageInfo.endCursor` of the previous page.",
    })
    after: string | null | undefined,
    @Arg("filter", (_type) => PreverifiedNumberFilter, {
      nullable: true,
      description: "Narrows the list.",
    })
    filter: PreverifiedNumberFilter | null | undefined,
    @Ctx() context: Context,
  ): Promise<PreverifiedNumberConnection | ReadErrorVariant> {
    const page = await listNumbers(context, {
      businessId,
      first,
      after,
      verificationStatus: filter?.verificationStatus,
      phoneNumber: filter?.phoneNumber,
    });
    const result = page.ok
      ? Object.assign(new PreverifiedNumberConnection(), {
          nodes: page.value.nodes.map((details) => PreverifiedNumber.fromDetails(details)),
          pageInfo: pageInfoOf(page.value),
        })
      : toReadErrorVariant(page.failure);
    context.outcome.results.push(result.constructor.name);
    return result;
  }

  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_READ)
  @FieldResolver((_returns) => String, {
    nullable: true,
    description: "The number as Meta displays it, e.g. `+1 555-0100` (Meta's `phone_number`).",
  })
  async phoneNumber(@Root() number: PreverifiedNumber, @Ctx() context: Context) {
    return (await detailsOf(number, context)).phoneNumber ?? null;
  }

  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_READ)
  @FieldResolver((_returns) => VerificationStatus, {
    nullable: true,
    description: "Meta's `code_verification_status`.",
  })
  async verificationStatus(@Root() number: PreverifiedNumber, @Ctx() context: Context) {
    return (await detailsOf(number, context)).verificationStatus ?? null;
  }

  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_READ)
  @FieldResolver((_returns) => String, {
    nullable: true,
    description:
      "When the verification expires (ISO 8601, UTC; Meta's `verification_expiry_time`). " +
      "Re-verify before then.",
  })
  async verificationExpiresAt(@Root() number: PreverifiedNumber, @Ctx() context: Context) {
    return (await detailsOf(number, context)).verificationExpiresAt?.toISOString() ?? null;
  }

  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_READ)
  @FieldResolver((_returns) => BusinessConnection, {
    nullable: true,
    description:
      "The partner businesses the number is shared with, a page at a time. First pages are read " +
      "in bulk: every number of the request asking for the same `first` shares one Meta " +
      "multi-ID read per chunk of numbers (50 by default; `GET /?ids=…&fields=partners.limit(first){id,name}`); a " +
      "page `after` a cursor is one Meta call per number (`GET /{id}/partners`). The same page " +
      "asked twice in a request is read once. Only the owner or a business with sharing rights " +
      "may list them; otherwise this field is null with a FORBIDDEN error.",
  })
  async partners(
    @Root() number: PreverifiedNumber,
    @Arg("first", (_type) => Int, {
      defaultValue: DEFAULT_PAGE_SIZE,
      description: `Page size, 1–${MAX_PAGE_SIZE}.`,
    })
    first: number,
    @Arg("after", (_type) => String, {
      nullable: true,
      description: "`pageInfo.endCursor` of the previous page.",
    })
    after: string | null | undefined,
    @Ctx() context: Context,
  ): Promise<BusinessConnection> {
    const page = await listPartners(context, { preverifiedId: number.id, first, after });
    if (!page.ok) {
      // Entity fields cannot carry a union: the failure becomes a GraphQL error with its code.
      throw toGraphQLError(page.failure);
    }
    return Object.assign(new BusinessConnection(), {
      nodes: page.value.nodes.map((partner) => Business.of(partner.id)),
      pageInfo: pageInfoOf(page.value),
    });
  }

  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_READ)
  @FieldResolver((_returns) => SharingEventConnection, {
    nullable: true,
    description:
      "What happened to this number's sharing through this service, newest first: shares, " +
      "unshares, expiries and their failures, with who did it and Meta's `fbtrace_id`. Kept in " +
      "this service's database; a deployment without one (production without DATABASE_URL) " +
      "keeps none, and the history is then always empty. A caller that does not own the number " +
      "sees only the entries about its own businesses. While the database is unreachable this " +
      "field is null with an UPSTREAM_ERROR error (`upstreamReason` state_unavailable, " +
      "retryable).",
  })
  async sharingHistory(
    @Root() number: PreverifiedNumber,
    @Arg("first", (_type) => Int, {
      defaultValue: DEFAULT_PAGE_SIZE,
      description: `Page size, 1–${MAX_HISTORY_PAGE}.`,
    })
    first: number,
    @Arg("after", (_type) => String, {
      nullable: true,
      description: "`pageInfo.endCursor` of the previous page (older entries).",
    })
    after: string | null | undefined,
    @Ctx() context: Context,
  ): Promise<SharingEventConnection> {
    const page = await sharingHistory(context, { preverifiedId: number.id, first, after });
    if (!page.ok) {
      throw toGraphQLError(page.failure);
    }
    return Object.assign(new SharingEventConnection(), {
      nodes: page.value.nodes.map((event) => SharingEvent.of(event)),
      pageInfo: pageInfoOf(page.value),
    });
  }

  @Directive(AUTHENTICATED)
  @Directive(REQUIRES_READ)
  @FieldResolver((_returns) => Business, {
    nullable: true,
    description: "The business that owns the number (a reference another subgraph resolves).",
  })
  async ownerBusiness(@Root() number: PreverifiedNumber, @Ctx() context: Context) {
    const owner = (await detailsOf(number, context)).ownerBusinessId;
    return owner === undefined ? null : Business.of(owner);
  }
}

function pageInfoOf(page: Page<unknown>): PageInfo {
  return Object.assign(new PageInfo(), page.pageInfo);
}

/** The number's details: already read, or loaded through the request's batching loader. */
async function detailsOf(number: PreverifiedNumber, context: Context): Promise<NumberDetails> {
  if (number.details !== undefined) {
    return number.details;
  }
  const loaded = await getNumber(context, number.id);
  if (!loaded.ok) {
    // Entity fields cannot carry a union: the failure becomes a GraphQL error with its code.
    throw toGraphQLError(loaded.failure);
  }
  number.details = loaded.value;
  return loaded.value;
}
