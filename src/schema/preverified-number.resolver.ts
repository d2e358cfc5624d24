// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import type { InvalidInputFailure, ReadResult } from "../graph-api/failure.js";
import type { EdgePage } from "../graph-api/list.source.js";
import { validateId } from "../graph-api/validate.js";
import type { PreverifiedNumberNode } from "../graph-api/wire.js";
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

/** Meta's own defaults for edge pages. */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

@Resolver((_of) => PreverifiedNumber)
export class PreverifiedNumberResolver {
  @Query((_returns) => PreverifiedNumberResult, {
    description:
      "A pre-verified phone number by ID, read with every other number of the same request in " +
      "one Meta multi-ID read (`GET /?ids=…`). Expected failures are typed error members of " +
      "the result union.",
  })
  async preverifiedNumber(
    @Arg("id", (_type) => ID, { description: "Meta's ID of the pre-verified phone number." })
    id: string,
    @Ctx() { upstream, outcome }: Context,
  ): Promise<PreverifiedNumber | ReadErrorVariant> {
    // A read's failures are `ReadFailure`s: every one has a member in this union.
    const loaded = await load(id, upstream);
    const result = loaded.ok
      ? PreverifiedNumber.fromNode(loaded.value)
      : toReadErrorVariant(loaded.failure);
    outcome.results.push(result.constructor.name);
    return result;
  }

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
    @Ctx() { upstream, outcome }: Context,
  ): Promise<PreverifiedNumberConnection | ReadErrorVariant> {
    const result = await listPage({ businessId, first, after, filter }, upstream);
    outcome.results.push(result.constructor.name);
    return result;
  }

  @FieldResolver((_returns) => String, {
    nullable: true,
    description: "The number as Meta displays it, e.g. `+1 555-0100` (Meta's `phone_number`).",
  })
  async phoneNumber(@Root() number: PreverifiedNumber, @Ctx() context: Context) {
    return (await nodeOf(number, context)).phone_number ?? null;
  }

  @FieldResolver((_returns) => VerificationStatus, {
    nullable: true,
    description: "Meta's `code_verification_status`.",
  })
  async verificationStatus(@Root() number: PreverifiedNumber, @Ctx() context: Context) {
    return (await nodeOf(number, context)).code_verification_status ?? null;
  }

  @FieldResolver((_returns) => String, {
    nullable: true,
    description:
      "When the verification expires (ISO 8601, UTC; Meta's `verification_expiry_time`). " +
      "Re-verify before then.",
  })
  async verificationExpiresAt(@Root() number: PreverifiedNumber, @Ctx() context: Context) {
    return isoTime((await nodeOf(number, context)).verification_expiry_time);
  }

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
    @Ctx() { upstream }: Context,
  ): Promise<BusinessConnection> {
    const id = validateId("id", number.id);
    if (!id.ok) {
      throw toGraphQLError(id.failure);
    }
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw toGraphQLError(invalidFailure("first", `first must be from 1 to ${MAX_PAGE_SIZE}.`));
    }
    if (after != null && !CURSOR.test(after)) {
      throw toGraphQLError(
        invalidFailure("after", "after must be a cursor returned in pageInfo.endCursor."),
      );
    }
    if (!upstream.ok) {
      throw toGraphQLError(upstream.failure);
    }
    const page = await upstream.loaders.partnersPage.load({
      preverifiedId: id.value,
      first,
      ...(after == null ? {} : { after }),
    });
    if (!page.ok) {
      throw toGraphQLError(page.failure);
    }
    return Object.assign(new BusinessConnection(), {
      nodes: page.value.nodes.map((partner) => Business.of(partner.id)),
      pageInfo: pageInfoOf(page.value),
    });
  }

  @FieldResolver((_returns) => Business, {
    nullable: true,
    description: "The business that owns the number (a reference another subgraph resolves).",
  })
  async ownerBusiness(@Root() number: PreverifiedNumber, @Ctx() context: Context) {
    const owner = (await nodeOf(number, context)).owner_business;
    return owner === undefined ? null : Business.of(owner.id);
  }
}

/** Meta's cursors are opaque base64-like strings. */
const CURSOR = /^[A-Za-z0-9_=+/-]{1,512}$/;

async function listPage(
  args: {
    businessId: string;
    first: number;
    after: string | null | undefined;
    filter: PreverifiedNumberFilter | null | undefined;
  },
  upstream: Context["upstream"],
): Promise<PreverifiedNumberConnection | ReadErrorVariant> {
  const business = validateId("businessId", args.businessId);
  if (!business.ok) {
    return toReadErrorVariant(business.failure);
  }
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE_SIZE) {
    return invalid("first", `first must be from 1 to ${MAX_PAGE_SIZE}.`);
  }
  const after = args.after ?? undefined;
  if (after !== undefined && !CURSOR.test(after)) {
    return invalid("after", "after must be a cursor returned in pageInfo.endCursor.");
  }
  const phoneNumber = args.filter?.phoneNumber?.trim();
  if (phoneNumber !== undefined && !/^[+0-9 ()-]{1,32}$/.test(phoneNumber)) {
    return invalid("filter.phoneNumber", "filter.phoneNumber must be a phone number.");
  }
  if (!upstream.ok) {
    return toReadErrorVariant(upstream.failure);
  }
  const page = await upstream.loaders.numbersPage.load({
    businessId: business.value,
    first: args.first,
    ...(after === undefined ? {} : { after }),
    ...(args.filter?.verificationStatus
      ? { verificationStatus: args.filter.verificationStatus }
      : {}),
    ...(phoneNumber ? { phoneNumber } : {}),
  });
  if (!page.ok) {
    return toReadErrorVariant(page.failure);
  }
  // The page already holds every field: prime the loader so no field reads Meta again.
  for (const node of page.value.nodes) {
    upstream.loaders.numberById.prime(node.id, { ok: true, value: node });
  }
  return Object.assign(new PreverifiedNumberConnection(), {
    nodes: page.value.nodes.map((node) => PreverifiedNumber.fromNode(node)),
    pageInfo: pageInfoOf(page.value),
  });
}

function invalidFailure(field: string, message: string): InvalidInputFailure {
  return { kind: "invalid_input", field, message, retryable: false };
}

function invalid(field: string, message: string): ReadErrorVariant {
  return toReadErrorVariant(invalidFailure(field, message));
}

function pageInfoOf(page: EdgePage<unknown>): PageInfo {
  return Object.assign(new PageInfo(), {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.startCursor,
    endCursor: page.endCursor,
  });
}

/** The number's node: already read, or loaded through the request's batching loader. */
async function nodeOf(number: PreverifiedNumber, context: Context): Promise<PreverifiedNumberNode> {
  if (number.node !== undefined) {
    return number.node;
  }
  const loaded = await load(number.id, context.upstream);
  if (!loaded.ok) {
    // Entity fields cannot carry a union: the failure becomes a GraphQL error with its code.
    throw toGraphQLError(loaded.failure);
  }
  number.node = loaded.value;
  return loaded.value;
}

async function load(
  id: string,
  upstream: Context["upstream"],
): Promise<ReadResult<PreverifiedNumberNode>> {
  const checked = validateId("id", id);
  if (!checked.ok) {
    return checked;
  }
  if (!upstream.ok) {
    return { ok: false, failure: upstream.failure };
  }
  return upstream.loaders.numberById.load(checked.value);
}

/** Meta's `2026-04-14T22:12:31+0000` as ISO 8601 in UTC, or null when unreadable. */
function isoTime(metaTime: string | undefined): string | null {
  if (metaTime === undefined) {
    return null;
  }
  const time = Date.parse(metaTime.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
