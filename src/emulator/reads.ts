/**
The emulator's read side, in Meta's wire shapes with the field names of Meta's SDK specs (not the
OpenAPI spec's): a pre-verified number node (`GET /{id}`), a multi-ID read (`GET /?ids=`), a
business's numbers (`GET /{business-id}/preverified_numbers`) and the partners a number is shared
with (`GET /{id}/partners`), which `fields` may also expand inside a node or multi-ID read
(`fields=partners.limit(N){id,name}`, Meta's field expansion). Knows the store and Meta's errors,
not HTTP: the server authenticates the caller, injects faults and puts the answer on the wire.

A number the caller may not read (see `EmulatorStore.canRead`) behaves exactly like an unknown one.
*/
import { META_ID_PATTERN } from "../graph-api/wire.js";
import { metaErrors, type MetaErrorReply } from "./errors.js";
import type {
  BusinessRecord,
  CodeVerificationStatus,
  EmulatorStore,
  PreverifiedNumberView,
} from "./store.js";

/**
Most IDs one multi-ID read (`?ids=`) may name (after dropping duplicates). The emulator's
assumption: Meta's real maximum is unconfirmed.
*/
export const MAX_MULTI_IDS = 50;
/** Page size of `preverified_numbers` and `partners` without `limit`. */
export const DEFAULT_PAGE_LIMIT = 25;
/** Largest `limit` accepted; larger ones are answered with 400 code 100. */
export const MAX_PAGE_LIMIT = 100;

export const PREVERIFIED_NUMBER_NODE_TYPE = "WhatsAppBusinessPreVerifiedPhoneNumber";
const BUSINESS_NODE_TYPE = "Business";

/** Fields of a pre-verified number node (Meta's SDK spec). */
export const PREVERIFIED_NUMBER_FIELDS = [
  "id",
  "phone_number",
  "code_verification_status",
  "code_verification_time",
  "verification_expiry_time",
  "owner_business",
] as const;
export type PreverifiedNumberField = (typeof PREVERIFIED_NUMBER_FIELDS)[number];

/**
Edges of a pre-verified number that `fields` may expand (`partners`, `partners.limit(N)`,
`partners.limit(N){id,name}`), with the same pages and cursors as the edge itself.
*/
export const PREVERIFIED_NUMBER_EDGES = ["partners"] as const;
export type PreverifiedNumberEdge = (typeof PREVERIFIED_NUMBER_EDGES)[number];

/** Deepest nesting of `{…}` in `fields`; deeper is a syntax error (nothing here nests past 2). */
const MAX_FIELDS_DEPTH = 4;

/** What a node read answers without `fields`. */
export const DEFAULT_PREVERIFIED_NUMBER_FIELDS: readonly PreverifiedNumberField[] = [
  "id",
  "phone_number",
  "code_verification_status",
];

/** Fields of a business (partners, `owner_business`); both are also the default. */
export const BUSINESS_FIELDS = ["id", "name"] as const;
export type BusinessField = (typeof BUSINESS_FIELDS)[number];

const CODE_VERIFICATION_STATUSES: readonly CodeVerificationStatus[] = [
  "VERIFIED",
  "NOT_VERIFIED",
  "EXPIRED",
];

/** Longest piece of a client-supplied value echoed back in a message. */
const MAX_ECHO_CHARS = 200;

// ---------------------------------------------------------------------------------------------
// Wire shapes

/** A business as Meta sends it: the requested fields, `id` always. */
export interface BusinessNode {
  id: string;
  name?: string;
}

/**
A pre-verified number as Meta sends it: only the requested fields, `id` always. Fields without a
value (the times of a number never verified) are left out, as Meta does.
*/
export interface PreverifiedNumberNode {
  id: string;
  phone_number?: string;
  code_verification_status?: CodeVerificationStatus;
  /** Meta's datetime style, e.g. `2026-04-14T22:12:31+0000`. */
  code_verification_time?: string;
  /** Meta's datetime style, e.g. `2026-04-14T22:12:31+0000`. */
  verification_expiry_time?: string;
  owner_business?: BusinessNode;
  /**
  The `partners` edge when `fields` expands it: its first page, `paging.next` pointing at the
  edge (`/{version}/{id}/partners?…&after=…`). Left out when the number has no partners.
  */
  partners?: EdgePage<BusinessNode>;
}

/** A multi-ID read's answer: one node per distinct requested ID, keyed by it. */
export type MultiIdReadBody = Record<string, PreverifiedNumberNode>;

/** One page of an edge. An empty page is `{"data":[]}`, without `paging`. */
export interface EdgePage<T> {
  data: T[];
  paging?: {
    /** Opaque; `before` points at the first item of the page, `after` at the last. */
    cursors: { before: string; after: string };
    /** Present when items come before this page. */
    previous?: string;
    /** Present when items come after this page. */
    next?: string;
  };
}

// ---------------------------------------------------------------------------------------------
// Requests and answers

export type ReadRoute =
  | { kind: "node"; id: string }
  | { kind: "multi" }
  | { kind: "preverified_numbers"; businessId: string }
  | { kind: "partners"; id: string };

export interface ReadRequest {
  route: ReadRoute;
  /** The request's query string. */
  query: URLSearchParams;
  /** The business the (valid) access token belongs to. */
  callerBusinessId: string;
  /** Scheme, host and pathname of the request: where `paging.next` and `previous` point. */
  pageUrl: string;
  /** Scheme, host and version, e.g. `http://127.0.0.1:4100/v25.0`: where an expanded edge's `paging.next` points. */
  apiUrl: string;
}

export type ReadOutcome = { ok: true; body: unknown } | { ok: false; error: MetaErrorReply };

type Result<T> = { ok: true; value: T } | { ok: false; error: MetaErrorReply };

function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

function fail(error: MetaErrorReply): { ok: false; error: MetaErrorReply } {
  return { ok: false, error };
}

/** Applies the read's rules in order; the first failing one answers. */
export function answerRead(store: EmulatorStore, request: ReadRequest): ReadOutcome {
  const { route } = request;
  switch (route.kind) {
    case "node":
      return readNode(store, request, route.id);
    case "multi":
      return readMany(store, request);
    case "preverified_numbers":
      return listNumbers(store, request, route.businessId);
    case "partners":
      return listPartners(store, request, route.id);
  }
}

/**
1. The number (100/33 when unknown or not readable), 2. `fields`, 3. an expanded `partners` only
for its owner or a business with sharing rights (403 code 200, as on the edge).
*/
function readNode(store: EmulatorStore, request: ReadRequest, id: string): ReadOutcome {
  const number = readableNumber(store, request.callerBusinessId, id);
  if (number === undefined) {
    return fail(metaErrors.objectDoesNotExist(truncate(id), "GET"));
  }
  const selection = numberSelection(request.query.get("fields"));
  if (!selection.ok) {
    return selection;
  }
  const allowed = expansionsAllowed(store, request, [number], selection.value);
  if (!allowed.ok) {
    return allowed;
  }
  return { ok: true, body: renderNumber(store, number, selection.value, request) };
}

/**
1. `ids` present, numeric and at most `MAX_MULTI_IDS` distinct, 2. every ID readable, else the
whole read fails with 803 naming the others, 3. `fields`, 4. an expanded `partners` only when the
caller may list the partners of every number, else the whole read fails with 403 code 200 (naming
none).
*/
function readMany(store: EmulatorStore, request: ReadRequest): ReadOutcome {
  const ids = [
    ...new Set(
      (request.query.get("ids") ?? "")
        .split(",")
        .map((id) => id.trim())
        .filter((id) => id !== ""),
    ),
  ];
  if (ids.length === 0) {
    return fail(metaErrors.parameterRequired("ids"));
  }
  if (ids.some((id) => !META_ID_PATTERN.test(id))) {
    return fail(metaErrors.parameterNotNumeric("ids"));
  }
  if (ids.length > MAX_MULTI_IDS) {
    return fail(metaErrors.tooManyIds(MAX_MULTI_IDS));
  }
  const found: PreverifiedNumberView[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const number = readableNumber(store, request.callerBusinessId, id);
    if (number === undefined) {
      missing.push(truncate(id));
    } else {
      found.push(number);
    }
  }
  if (missing.length > 0) {
    return fail(metaErrors.aliasesDoNotExist(missing));
  }
  const selection = numberSelection(request.query.get("fields"));
  if (!selection.ok) {
    return selection;
  }
  const allowed = expansionsAllowed(store, request, found, selection.value);
  if (!allowed.ok) {
    return allowed;
  }
  const body: MultiIdReadBody = Object.fromEntries(
    found.map((number) => [number.id, renderNumber(store, number, selection.value, request)]),
  );
  return { ok: true, body };
}

/**
1. The path business exists (100/33), 2. it is the token's business (403 code 10), 3. `fields`,
4. filters, 5. `limit` and cursors.
*/
function listNumbers(store: EmulatorStore, request: ReadRequest, businessId: string): ReadOutcome {
  const { query } = request;
  if (!META_ID_PATTERN.test(businessId) || store.getBusiness(businessId) === undefined) {
    return fail(metaErrors.objectDoesNotExist(truncate(businessId), "GET"));
  }
  if (request.callerBusinessId !== businessId) {
    return fail(metaErrors.noPermission());
  }
  const selection = numberSelection(query.get("fields"));
  if (!selection.ok) {
    return selection;
  }
  const filter = numberFilter(query);
  if (!filter.ok) {
    return filter;
  }
  // A cursor names a number; its place in creation order is where the page starts or ends.
  const params = pageParams(query, (key) => store.creationIndex(key) !== undefined);
  if (!params.ok) {
    return params;
  }
  const position = (id: string): number => store.creationIndex(id) ?? -1;
  const numbers = store.numbersOf(businessId).filter(filter.value);
  const page = paginate(
    numbers,
    params.value,
    (number, key) => position(number.id) - position(key),
  );
  const data = page.items.map((number) => renderNumber(store, number, selection.value, request));
  return { ok: true, body: edgePage(request, params.value, page, data, (number) => number.id) };
}

/**
1. The number is readable (100/33), 2. the caller owns it or has sharing rights on it (a partner
gets 403 code 200), 3. `fields`, 4. `limit` and cursors. Partners come sorted by ID.
*/
function listPartners(store: EmulatorStore, request: ReadRequest, id: string): ReadOutcome {
  const { query, callerBusinessId } = request;
  if (readableNumber(store, callerBusinessId, id) === undefined) {
    return fail(metaErrors.objectDoesNotExist(truncate(id), "GET"));
  }
  if (!store.canManage(callerBusinessId, id)) {
    return fail(metaErrors.permissionError());
  }
  const raw = query.get("fields");
  const fields = raw === null ? undefined : parseFieldList(raw);
  if (fields === undefined && raw !== null) {
    return fail(metaErrors.fieldsSyntax(truncate(raw)));
  }
  const selection = businessSelection(fields ?? [], raw ?? "");
  if (!selection.ok) {
    return selection;
  }
  const params = pageParams(query, () => true);
  if (!params.ok) {
    return params;
  }
  return { ok: true, body: partnersPage(store, request, id, params.value, selection.value) };
}

/** A page of the number's partners (sorted by ID) with the given business fields. */
function partnersPage(
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

/** An expanded `partners` is for the owner and businesses with sharing rights, as the edge is. */
function expansionsAllowed(
  store: EmulatorStore,
  request: ReadRequest,
  numbers: readonly PreverifiedNumberView[],
  selection: readonly NumberFieldSelection[],
): Result<true> {
  if (
    selection.some((entry) => entry.field === "partners") &&
    numbers.some((number) => !store.canManage(request.callerBusinessId, number.id))
  ) {
    return fail(metaErrors.permissionError());
  }
  return ok(true);
}

function readableNumber(
  store: EmulatorStore,
  businessId: string,
  id: string,
): PreverifiedNumberView | undefined {
  return META_ID_PATTERN.test(id) && store.canRead(businessId, id)
    ? store.getNumber(id)
    : undefined;
}

// ---------------------------------------------------------------------------------------------
// Fields: `a,b,owner_business{id,name},partners.limit(5){id,name}`

interface FieldRequest {
  name: string;
  /** `.limit(5)` and the like, in order: the modifier's name and its argument (trimmed). */
  modifiers: { name: string; argument: string }[];
  /** What `name{…}` asks for. */
  subfields?: FieldRequest[];
}

/** Characters that end a name in `fields`. */
const FIELDS_PUNCTUATION = new Set([",", "{", "}", "(", ")", "."]);

/**
Parses `fields` in one pass, each character read once and no regular expression:
`list := item? ("," item?)*`, `item := name ("." name "(" argument ")")* ("{" list "}")?`, blanks
around names and blank items dropped, at most `MAX_FIELDS_DEPTH` levels of braces. `undefined` for
anything else: unbalanced braces or parentheses, a modifier without its argument, text after `}`…
*/
function parseFieldList(text: string): FieldRequest[] | undefined {
  let index = 0;
  const skipBlanks = () => {
    while (index < text.length && text[index]?.trim() === "") {
      index += 1;
    }
  };
  const name = (): string => {
    const start = index;
    while (index < text.length && !FIELDS_PUNCTUATION.has(text[index] ?? "")) {
      index += 1;
    }
    return text.slice(start, index).trim();
  };
  // `null` for a blank item, `undefined` for a syntax error.
  const item = (depth: number): FieldRequest | null | undefined => {
    const fieldName = name();
    const modifiers: FieldRequest["modifiers"] = [];
    while (text[index] === ".") {
      index += 1;
      const modifier = name();
      if (modifier === "" || text[index] !== "(") {
        return undefined;
      }
      index += 1;
      const start = index;
      while (index < text.length && text[index] !== ")" && text[index] !== "(") {
        index += 1;
      }
      if (text[index] !== ")") {
        return undefined;
      }
      modifiers.push({ name: modifier, argument: text.slice(start, index).trim() });
      index += 1;
      skipBlanks();
    }
    let subfields: FieldRequest[] | undefined;
    if (text[index] === "{") {
      index += 1;
      subfields = list(depth + 1);
      if (subfields === undefined || text[index] !== "}") {
        return undefined;
      }
      index += 1;
      skipBlanks();
    }
    if (fieldName === "") {
      return modifiers.length === 0 && subfields === undefined ? null : undefined;
    }
    return subfields === undefined
      ? { name: fieldName, modifiers }
      : { name: fieldName, modifiers, subfields };
  };
  // Stops at the first character that is not `,` after an item: `}`, the end, or an error.
  const list = (depth: number): FieldRequest[] | undefined => {
    if (depth > MAX_FIELDS_DEPTH) {
      return undefined;
    }
    const fields: FieldRequest[] = [];
    for (;;) {
      const field = item(depth);
      if (field === undefined) {
        return undefined;
      }
      if (field !== null) {
        fields.push(field);
      }
      if (text[index] !== ",") {
        return fields;
      }
      index += 1;
    }
  };
  const fields = list(0);
  return fields !== undefined && index === text.length ? fields : undefined;
}

interface NumberFieldSelection {
  field: PreverifiedNumberField | PreverifiedNumberEdge;
  /** For `owner_business` and `partners`: the business fields. */
  business?: readonly BusinessField[];
  /** For `partners`: the page size (`.limit(N)`, else `DEFAULT_PAGE_LIMIT`). */
  limit?: number;
}

/**
The number fields `fields` asks for, in its order without repeats; defaults when blank. Only
`owner_business` and `partners` take subfields, and only `partners` a modifier: `.limit(N)`.
*/
function numberSelection(raw: string | null): Result<NumberFieldSelection[]> {
  const defaults = DEFAULT_PREVERIFIED_NUMBER_FIELDS.map((field) => ({ field }));
  if (raw === null) {
    return ok(defaults);
  }
  const requests = parseFieldList(raw);
  if (requests === undefined) {
    return fail(metaErrors.fieldsSyntax(truncate(raw)));
  }
  const selection: NumberFieldSelection[] = [];
  for (const request of requests) {
    const { name, subfields, modifiers } = request;
    if (!isOneOf(name, PREVERIFIED_NUMBER_FIELDS) && !isOneOf(name, PREVERIFIED_NUMBER_EDGES)) {
      return fail(metaErrors.nonexistingField(truncate(name), PREVERIFIED_NUMBER_NODE_TYPE));
    }
    if (
      (subfields !== undefined && name !== "owner_business" && name !== "partners") ||
      (modifiers.length > 0 && name !== "partners")
    ) {
      return fail(metaErrors.fieldsSyntax(truncate(raw)));
    }
    let business: readonly BusinessField[] | undefined;
    if (subfields !== undefined) {
      const chosen = businessSelection(subfields, raw);
      if (!chosen.ok) {
        return chosen;
      }
      business = chosen.value;
    }
    let limit: number | undefined;
    if (name === "partners") {
      const chosen = expansionLimit(modifiers, raw);
      if (!chosen.ok) {
        return chosen;
      }
      limit = chosen.value;
    }
    if (!selection.some((entry) => entry.field === name)) {
      selection.push({
        field: name,
        ...(business === undefined ? {} : { business }),
        ...(limit === undefined ? {} : { limit }),
      });
    }
  }
  return ok(selection.length === 0 ? defaults : selection);
}

/** An edge expansion's `.limit(N)` (1…`MAX_PAGE_LIMIT`, at most once); no other modifier. */
function expansionLimit(modifiers: FieldRequest["modifiers"], raw: string): Result<number> {
  let limit = DEFAULT_PAGE_LIMIT;
  for (const [index, modifier] of modifiers.entries()) {
    if (modifier.name !== "limit" || index > 0) {
      return fail(metaErrors.fieldsSyntax(truncate(raw)));
    }
    limit = Number(modifier.argument);
    if (!/^[0-9]{1,4}$/.test(modifier.argument) || limit < 1 || limit > MAX_PAGE_LIMIT) {
      return fail(metaErrors.invalidLimit(MAX_PAGE_LIMIT));
    }
  }
  return ok(limit);
}

/** The business fields asked for, in order without repeats; both when none are. */
function businessSelection(
  requests: readonly FieldRequest[],
  raw: string,
): Result<BusinessField[]> {
  const selection: BusinessField[] = [];
  for (const { name, subfields, modifiers } of requests) {
    if (!isOneOf(name, BUSINESS_FIELDS)) {
      return fail(metaErrors.nonexistingField(truncate(name), BUSINESS_NODE_TYPE));
    }
    if (subfields !== undefined || modifiers.length > 0) {
      return fail(metaErrors.fieldsSyntax(truncate(raw)));
    }
    if (!selection.includes(name)) {
      selection.push(name);
    }
  }
  return ok(selection.length === 0 ? [...BUSINESS_FIELDS] : selection);
}

/** The node with the selected fields in their order; `id` last unless asked for earlier. */
function renderNumber(
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
    route: { kind: "partners", id },
    query,
    callerBusinessId: request.callerBusinessId,
    pageUrl: `${request.apiUrl}/${id}/partners`,
    apiUrl: request.apiUrl,
  };
  return partnersPage(store, edge, id, { limit }, fields);
}

function renderBusiness(business: BusinessRecord, fields: readonly BusinessField[]): BusinessNode {
  const node: Partial<BusinessNode> = {};
  for (const field of fields) {
    node[field] = business[field];
  }
  return { ...node, id: business.id };
}

// ---------------------------------------------------------------------------------------------
// Filters and paging

/** `code_verification_status` (exact) and `phone_number` (the same digits, any formatting). */
function numberFilter(query: URLSearchParams): Result<(number: PreverifiedNumberView) => boolean> {
  const status = nonBlank(query.get("code_verification_status"));
  if (status !== undefined && !isOneOf(status, CODE_VERIFICATION_STATUSES)) {
    return fail(
      metaErrors.invalidEnumParameter(
        "code_verification_status",
        CODE_VERIFICATION_STATUSES,
        truncate(status),
      ),
    );
  }
  const phone = nonBlank(query.get("phone_number"));
  const digits = phone === undefined ? undefined : onlyDigits(phone);
  return ok(
    (number) =>
      (status === undefined || number.codeVerificationStatus === status) &&
      (digits === undefined || onlyDigits(number.phoneNumber) === digits),
  );
}

interface PageParams {
  limit: number;
  /** The key (an ID) the `after` cursor names. */
  after?: string;
  /** The key (an ID) the `before` cursor names. */
  before?: string;
}

/** `limit` (1…`MAX_PAGE_LIMIT`) and at most one of `after`/`before`, decoded and `known`. */
function pageParams(query: URLSearchParams, known: (key: string) => boolean): Result<PageParams> {
  const rawLimit = nonBlank(query.get("limit"));
  const limit = rawLimit === undefined ? DEFAULT_PAGE_LIMIT : Number(rawLimit);
  if (
    rawLimit !== undefined &&
    (!/^[0-9]+$/.test(rawLimit) || limit < 1 || limit > MAX_PAGE_LIMIT)
  ) {
    return fail(metaErrors.invalidLimit(MAX_PAGE_LIMIT));
  }
  const after = nonBlank(query.get("after"));
  const before = nonBlank(query.get("before"));
  if (after !== undefined && before !== undefined) {
    return fail(metaErrors.conflictingCursors());
  }
  const cursor = after ?? before;
  if (cursor === undefined) {
    return ok({ limit });
  }
  const key = decodeCursor(cursor);
  if (key === undefined || !known(key)) {
    return fail(metaErrors.invalidCursor());
  }
  return ok(after === undefined ? { limit, before: key } : { limit, after: key });
}

/** Cursors are base64url (no padding) of the item's ID: opaque, and safe unescaped in a URL. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) {
    return undefined;
  }
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  return META_ID_PATTERN.test(key) && encodeCursor(key) === cursor ? key : undefined;
}

interface Page<T> {
  items: T[];
  hasBefore: boolean;
  hasAfter: boolean;
}

/**
The page of `items` (in list order) the parameters ask for. `compareToCursor` places an item
before (< 0), at (0) or after (> 0) a cursor's key, so a cursor stays valid when its item has
since left the list.
*/
function paginate<T>(
  items: readonly T[],
  params: PageParams,
  compareToCursor: (item: T, key: string) => number,
): Page<T> {
  const { limit, after, before } = params;
  if (after !== undefined) {
    const start = items.filter((item) => compareToCursor(item, after) <= 0).length;
    const end = Math.min(items.length, start + limit);
    return { items: items.slice(start, end), hasBefore: start > 0, hasAfter: end < items.length };
  }
  if (before !== undefined) {
    const end = items.filter((item) => compareToCursor(item, before) < 0).length;
    const start = Math.max(0, end - limit);
    return { items: items.slice(start, end), hasBefore: start > 0, hasAfter: end < items.length };
  }
  const end = Math.min(items.length, limit);
  return { items: items.slice(0, end), hasBefore: false, hasAfter: end < items.length };
}

function edgePage<T, D>(
  request: ReadRequest,
  params: PageParams,
  page: Page<T>,
  data: D[],
  keyOf: (item: T) => string,
): EdgePage<D> {
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  if (first === undefined || last === undefined) {
    return { data: [] };
  }
  const before = encodeCursor(keyOf(first));
  const after = encodeCursor(keyOf(last));
  return {
    data,
    paging: {
      cursors: { before, after },
      ...(page.hasBefore ? { previous: pageLink(request, params, "before", before) } : {}),
      ...(page.hasAfter ? { next: pageLink(request, params, "after", after) } : {}),
    },
  };
}

/** The request's own URL and query (`access_token` included, as Meta does) with the new cursor. */
function pageLink(
  request: ReadRequest,
  params: PageParams,
  direction: "after" | "before",
  cursor: string,
): string {
  const query = new URLSearchParams(request.query);
  query.delete("after");
  query.delete("before");
  query.set("limit", String(params.limit));
  query.set(direction, cursor);
  return `${request.pageUrl}?${query.toString()}`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function isOneOf<T extends string>(value: string, options: readonly T[]): value is T {
  return (options as readonly string[]).includes(value);
}

function nonBlank(value: string | null): string | undefined {
  return value === null || value.trim() === "" ? undefined : value.trim();
}

function onlyDigits(text: string): string {
  return text.replace(/[^0-9]/g, "");
}

/** Orders IDs as `EmulatorStore.sharedWith` sorts them. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function truncate(text: string): string {
  return text.length > MAX_ECHO_CHARS ? `${text.slice(0, MAX_ECHO_CHARS)}…` : text;
}
