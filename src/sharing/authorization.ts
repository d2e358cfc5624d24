/**
Caller authorization, checked by every use case before any Meta call: the operation's scope,
the acting business among the caller's, and for a number read by ID, that it is owned by or
shared with one of the caller's businesses. A caller without grants (no identity of this
service's own: Meta decides) is never refused here.
*/
import type { PermissionDeniedFailure, ReadFailure } from "../graph-api/failure.js";
import type { CallerIdentity, Scope, SharingPorts } from "./ports.js";
import type { NumberDetails } from "./types.js";

/** What a caller asks to do. */
export interface Action {
  scope: Scope;
  /** The acting business, when the operation names one. */
  businessId?: string;
}

/** Partners read per page while looking for one of the caller's businesses. */
const PARTNERS_PAGE = 100;

function denied(message: string): PermissionDeniedFailure {
  return { kind: "permission_denied", retryable: false, message };
}

/** `undefined` when the caller may act; otherwise why not. */
export function authorize(
  caller: CallerIdentity,
  action: Action,
): PermissionDeniedFailure | undefined {
  const grants = caller.grants;
  if (grants === undefined) {
    return undefined;
  }
  if (!grants.scopes.has(action.scope)) {
    return denied(`This operation needs the scope \`${action.scope}\`, which your token lacks.`);
  }
  if (action.businessId !== undefined && !grants.businesses.has(action.businessId)) {
    return denied(`Your token does not let you act for business ${action.businessId}.`);
  }
  return undefined;
}

/**
Whether the caller may see this number: it is owned by one of the caller's businesses, or shared
with one (found in the number's partners, a page of 100 at a time within the request's call
budget). Decided once per number per request.
*/
export function mayShow(
  ports: SharingPorts,
  number: NumberDetails,
): Promise<ReadFailure | undefined> {
  const grants = ports.caller.grants;
  if (grants === undefined) {
    return Promise.resolve(undefined);
  }
  if (number.ownerBusinessId !== undefined && grants.businesses.has(number.ownerBusinessId)) {
    return Promise.resolve(undefined);
  }
  let decided = ports.visibility.get(number.id);
  if (decided === undefined) {
    decided = sharedWithCaller(ports, number.id, grants.businesses);
    ports.visibility.set(number.id, decided);
  }
  return decided;
}

async function sharedWithCaller(
  ports: SharingPorts,
  id: string,
  businesses: ReadonlySet<string>,
): Promise<ReadFailure | undefined> {
  if (!ports.upstream.ok || businesses.size === 0) {
    return notVisible(id);
  }
  let after: string | undefined;
  for (;;) {
    const page = await ports.upstream.loaders.partnersPage.load({
      preverifiedId: id,
      first: PARTNERS_PAGE,
      ...(after === undefined ? {} : { after }),
    });
    if (!page.ok) {
      return page.failure;
    }
    if (page.value.nodes.some((partner) => businesses.has(partner.id))) {
      return undefined;
    }
    if (!page.value.hasNextPage || page.value.endCursor === undefined) {
      return notVisible(id);
    }
    after = page.value.endCursor;
  }
}

function notVisible(id: string): PermissionDeniedFailure {
  return denied(
    `Pre-verified number ${id} is neither owned by nor shared with any business your token ` +
      "lists.",
  );
}

/** Only an owner may list a number's partners (a partner must not learn of the others). */
export function mayListPartners(
  caller: CallerIdentity,
  number: NumberDetails,
): PermissionDeniedFailure | undefined {
  const grants = caller.grants;
  if (
    grants === undefined ||
    (number.ownerBusinessId !== undefined && grants.businesses.has(number.ownerBusinessId))
  ) {
    return undefined;
  }
  return denied(
    `Only the business that owns pre-verified number ${number.id} may list its partners.`,
  );
}
