/**
Nodes as Meta draws them: a pre-verified number with the selected fields in their order (an
expanded `partners` as its first page), a business, and a page of a number's partners.
*/
import type { NumberFieldSelection } from "./fields.js";
import { edgePage, paginate, type PageParams } from "./paging.js";
import {
  BUSINESS_FIELDS,
  DEFAULT_PAGE_LIMIT,
  type BusinessField,
  type BusinessNode,
  type EdgePage,
  type PreverifiedNumberNode,
  type ReadRequest,
} from "./reads.js";
import type { BusinessRecord, EmulatorStore, PreverifiedNumberView } from "./store.js";

/** The node with the selected fields in their order; `id` last unless asked for earlier. */
export function renderNumber(
  store: EmulatorStore,
  number: PreverifiedNumberView,
  selection: readonly NumberFieldSelection[],
  request: ReadRequest,
): PreverifiedNumberNode {
  const node: Partial<PreverifiedNumberNode> = {};
  for (const { field, business, limit } of selection) {
    switch (field) {
      case "id":
        node.id = number.id;
        break;
      case "phone_number":
        node.phone_number = number.phoneNumber;
        break;
      case "code_verification_status":
        node.code_verification_status = number.codeVerificationStatus;
        break;
      case "code_verification_time":
        if (number.codeVerificationTime !== undefined && number.codeVerificationTime !== null) {
          node.code_verification_time = number.codeVerificationTime;
        }
        break;
      case "verification_expiry_time":
        if (number.verificationExpiryTime !== null) {
          node.verification_expiry_time = number.verificationExpiryTime;
        }
        break;
      case "owner_business": {
        const owner = store.getBusiness(number.ownerBusinessId);
        if (owner !== undefined) {
          node.owner_business = renderBusiness(owner, business ?? BUSINESS_FIELDS);
        }
        break;
      }
      case "partners": {
        const page = expandedPartners(store, request, number.id, limit, business);
        if (page.data.length > 0) {
          node.partners = page;
        }
        break;
      }
    }
  }
  return { ...node, id: number.id };
}

/**
The first page of an expanded `partners`, as `GET /{id}/partners?limit=N&fields=…` answers it: its
`paging.next` points at that edge (with the request's `access_token`, when it came in the query),
so the next page continues there with the same cursors.
*/
function expandedPartners(
  store: EmulatorStore,
  request: ReadRequest,
  id: string,
  limit: number = DEFAULT_PAGE_LIMIT,
  fields: readonly BusinessField[] = BUSINESS_FIELDS,
): EdgePage<BusinessNode> {
  const query = new URLSearchParams();
  const accessToken = request.query.get("access_token");
  if (accessToken !== null) {
    query.set("access_token", accessToken);
  }
  query.set("fields", fields.join(","));
  const edge: ReadRequest = {
    query,
    callerBusinessId: request.callerBusinessId,
    pageUrl: `${request.apiUrl}/${id}/partners`,
    apiUrl: request.apiUrl,
  };
  return partnersPage(store, edge, id, { limit }, fields);
}

/** A page of the number's partners (sorted by ID) with the given business fields. */
export function partnersPage(
  store: EmulatorStore,
  request: ReadRequest,
  id: string,
  params: PageParams,
  fields: readonly BusinessField[],
): EdgePage<BusinessNode> {
  const partners = store
    .sharedWith(id)
    .map((partnerId) => store.getBusiness(partnerId))
    .filter((business) => business !== undefined);
  const page = paginate(partners, params, (business, key) => compareStrings(business.id, key));
  const data = page.items.map((business) => renderBusiness(business, fields));
  return edgePage(request, params, page, data, (business) => business.id);
}

function renderBusiness(business: BusinessRecord, fields: readonly BusinessField[]): BusinessNode {
  const node: Partial<BusinessNode> = {};
  for (const field of fields) {
    node[field] = business[field];
  }
  return { ...node, id: business.id };
}

/** Orders IDs as `EmulatorStore.sharedWith` sorts them. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
