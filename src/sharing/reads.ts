/**
The read use cases: a number by ID, a page of a business's numbers, a page of a number's
partners, a number's sharing history. Each validates its input and asks the authorization hook before any Meta call, reads
through the request's batching loaders, and answers domain values or its own failures.
*/
import type { EdgePage } from "../graph-api/list.source.js";
import type { ReadFailure, Result } from "../graph-api/failure.js";
import { invalidInput, validateId } from "../graph-api/validate.js";
import type { CodeVerificationStatus, PreverifiedNumberNode } from "../graph-api/wire.js";
import { authorize, mayListPartners, mayShow } from "./authorization.js";
import type { SharingPorts } from "./ports.js";
import type { NumberDetails, Page, PageInfo, SharingEvent } from "./types.js";

/** Meta's own defaults and limits for edge pages. */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/** Meta's cursors are opaque base64-like strings. */
const CURSOR = /^[A-Za-z0-9_=+/-]{1,512}$/;
const PHONE_FILTER = /^[+0-9 ()-]{1,32}$/;

type ReadResultOf<T> = Result<T, ReadFailure>;

/** A number's details, read with every other number of the request in one multi-ID read. */
export async function getNumber(
  ports: SharingPorts,
  id: string,
): Promise<ReadResultOf<NumberDetails>> {
  const checked = validateId("id", id);
  if (!checked.ok) {
    return checked;
  }
  const refused = authorize(ports.caller, { scope: "preverified:read" });
  if (refused !== undefined) {
    return { ok: false, failure: refused };
  }
  if (!ports.upstream.ok) {
    return { ok: false, failure: ports.upstream.failure };
  }
  const node = await ports.upstream.loaders.numberById.load(checked.value);
  if (!node.ok) {
    return node;
  }
  const details = detailsOf(node.value);
  // Before any field of it is returned: is it the caller's to see?
  const hidden = await mayShow(ports, details);
  return hidden === undefined ? { ok: true, value: details } : { ok: false, failure: hidden };
}

export interface ListNumbersInput {
  businessId: string;
  first: number;
  after?: string | null | undefined;
  verificationStatus?: CodeVerificationStatus | null | undefined;
  phoneNumber?: string | null | undefined;
}

/** A page of a business's numbers; their details are primed for the request's other reads. */
export async function listNumbers(
  ports: SharingPorts,
  input: ListNumbersInput,
): Promise<ReadResultOf<Page<NumberDetails>>> {
  const business = validateId("businessId", input.businessId);
  if (!business.ok) {
    return business;
  }
  const page = pageArguments(input.first, input.after);
  if (!page.ok) {
    return page;
  }
  const phoneNumber = input.phoneNumber?.trim();
  if (phoneNumber !== undefined && !PHONE_FILTER.test(phoneNumber)) {
    return invalidInput("filter.phoneNumber", "filter.phoneNumber must be a phone number.");
  }
  const refused = authorize(ports.caller, {
    scope: "preverified:read",
    businessId: business.value,
  });
  if (refused !== undefined) {
    return { ok: false, failure: refused };
  }
  if (!ports.upstream.ok) {
    return { ok: false, failure: ports.upstream.failure };
  }
  const { loaders } = ports.upstream;
  const read = await loaders.numbersPage.load({
    businessId: business.value,
    ...page.value,
    ...(input.verificationStatus ? { verificationStatus: input.verificationStatus } : {}),
    ...(phoneNumber ? { phoneNumber } : {}),
  });
  if (!read.ok) {
    return read;
  }
  // The page already holds every field: prime the loader so no field reads Meta again.
  for (const node of read.value.nodes) {
    loaders.numberById.prime(node.id, { ok: true, value: node });
  }
  return { ok: true, value: pageOf(read.value, detailsOf) };
}

/** A page of the businesses a number is shared with (first pages in bulk; later ones per number). */
export async function listPartners(
  ports: SharingPorts,
  input: { preverifiedId: string; first: number; after?: string | null | undefined },
): Promise<ReadResultOf<Page<{ id: string }>>> {
  const id = validateId("id", input.preverifiedId);
  if (!id.ok) {
    return id;
  }
  const page = pageArguments(input.first, input.after);
  if (!page.ok) {
    return page;
  }
  const refused = authorize(ports.caller, { scope: "preverified:read" });
  if (refused !== undefined) {
    return { ok: false, failure: refused };
  }
  if (!ports.upstream.ok) {
    return { ok: false, failure: ports.upstream.failure };
  }
  if (ports.caller.grants !== undefined) {
    // A caller with grants lists partners only of a number its businesses own.
    const number = await getNumber(ports, id.value);
    if (!number.ok) {
      return number;
    }
    const notOwner = mayListPartners(ports.caller, number.value);
    if (notOwner !== undefined) {
      return { ok: false, failure: notOwner };
    }
  }
  const read = await ports.upstream.loaders.partnersPage.load({
    preverifiedId: id.value,
    ...page.value,
  });
  return read.ok
    ? { ok: true, value: pageOf(read.value, (partner) => ({ id: partner.id })) }
    : read;
}

/** Most history entries per page. */
export const MAX_HISTORY_PAGE = 100;

/**
A number's sharing history, newest first, from this service's database. Shown to whoever may
see the number (Meta is asked, through the request's loader); a caller with grants that does not
own the number sees only the entries about its own businesses.
*/
export async function sharingHistory(
  ports: SharingPorts,
  input: { preverifiedId: string; first: number; after?: string | null | undefined },
): Promise<Result<Page<SharingEvent>, ReadFailure>> {
  const id = validateId("id", input.preverifiedId);
  if (!id.ok) {
    return id;
  }
  if (!Number.isInteger(input.first) || input.first < 1 || input.first > MAX_HISTORY_PAGE) {
    return invalidInput("first", `first must be from 1 to ${MAX_HISTORY_PAGE}.`);
  }
  const number = await getNumber(ports, id.value);
  if (!number.ok) {
    return number;
  }
  const grants = ports.caller.grants;
  const owner = number.value.ownerBusinessId;
  const visibleTo =
    grants === undefined || (owner !== undefined && grants.businesses.has(owner))
      ? undefined
      : grants.businesses;
  return ports.state.history(id.value, {
    first: input.first,
    ...(input.after == null ? {} : { after: input.after }),
    ...(visibleTo === undefined ? {} : { visibleTo }),
  });
}

function pageArguments(
  first: number,
  after: string | null | undefined,
): ReadResultOf<{ first: number; after?: string }> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    return invalidInput("first", `first must be from 1 to ${MAX_PAGE_SIZE}.`);
  }
  if (after != null && !CURSOR.test(after)) {
    return invalidInput("after", "after must be a cursor returned in pageInfo.endCursor.");
  }
  return { ok: true, value: after == null ? { first } : { first, after } };
}

function pageOf<N, T>(page: EdgePage<N>, map: (node: N) => T): Page<T> {
  const pageInfo: PageInfo = {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
  };
  if (page.startCursor !== undefined) {
    pageInfo.startCursor = page.startCursor;
  }
  if (page.endCursor !== undefined) {
    pageInfo.endCursor = page.endCursor;
  }
  return { nodes: page.nodes.map(map), pageInfo };
}

/** Meta's node as domain details: camelCase, Meta's `2026-04-14T22:12:31+0000` as a `Date`. */
export function detailsOf(node: PreverifiedNumberNode): NumberDetails {
  const details: NumberDetails = { id: node.id };
  if (node.phone_number !== undefined) {
    details.phoneNumber = node.phone_number;
  }
  if (node.code_verification_status !== undefined) {
    details.verificationStatus = node.code_verification_status;
  }
  const expiresAt = metaTime(node.verification_expiry_time);
  if (expiresAt !== undefined) {
    details.verificationExpiresAt = expiresAt;
  }
  if (node.owner_business !== undefined) {
    details.ownerBusinessId = node.owner_business.id;
  }
  return details;
}

function metaTime(text: string | undefined): Date | undefined {
  if (text === undefined) {
    return undefined;
  }
  const time = Date.parse(text.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
  return Number.isNaN(time) ? undefined : new Date(time);
}
