/**
The read edges: a pre-verified number node (`GET /{version}/{id}`), a multi-ID read
(`GET /{version}/?ids=…`), a business's numbers (`GET /{version}/{business-id}/preverified_numbers`)
and the partners a number is shared with (`GET /{version}/{id}/partners`), which `fields` may also
expand inside a node or multi-ID read (`fields=partners.limit(N){id,name}`, Meta's field
expansion). Each applies its rules in order, the first failing one answering; an injected fault
only replaces (or cuts) a successful answer.

A number the caller may not read (see `EmulatorStore.canRead`) behaves exactly like an unknown one.
*/
import { META_ID_PATTERN } from "../../graph-api/wire.js";
import { metaErrors, type MetaErrorReply } from "../errors.js";
import {
  businessSelection,
  numberSelection,
  parseFieldList,
  type NumberFieldSelection,
} from "../fields.js";
import { edgePage, pageParams, paginate } from "../paging.js";
import {
  MAX_MULTI_IDS,
  fail,
  isOneOf,
  nonBlank,
  ok,
  type MultiIdReadBody,
  type ReadRequest,
  type Result,
} from "../reads.js";
import { partnersPage, renderNumber } from "../render.js";
import { truncate } from "../request.js";
import type { CodeVerificationStatus, EmulatorStore, PreverifiedNumberView } from "../store.js";
import { withFaults, type EdgeCall, type EdgeHandler } from "./edge.js";

const CODE_VERIFICATION_STATUSES: readonly CodeVerificationStatus[] = [
  "VERIFIED",
  "NOT_VERIFIED",
  "EXPIRED",
];

type ReadOutcome = { ok: true; body: unknown } | { ok: false; error: MetaErrorReply };

/** A read's rules as an edge: the caller is authenticated; its answer is open to injected faults. */
function readEdge(
  rules: (store: EmulatorStore, request: ReadRequest, path: EdgeCall["path"]) => ReadOutcome,
): EdgeHandler {
  return (call) => {
    const { store, request, caller, origin, version } = call;
    const outcome = rules(
      store,
      {
        query: request.query,
        callerBusinessId: caller.businessId,
        pageUrl: `${origin}${request.pathname}`,
        apiUrl: `${origin}/${version}`,
      },
      call.path,
    );
    if (!outcome.ok) {
      return { kind: "error", error: outcome.error };
    }
    return withFaults(call, caller.businessId, () => ({ kind: "json", body: outcome.body }));
  };
}

/** `GET /{version}/{id}`. */
export const nodeRead = readEdge((store, request, path) => readNode(store, request, path.id ?? ""));
/** `GET /{version}/?ids=…`. */
export const multiIdRead = readEdge((store, request) => readMany(store, request));
/** `GET /{version}/{business-id}/preverified_numbers`. */
export const preverifiedNumbersRead = readEdge((store, request, path) =>
  listNumbers(store, request, path.businessId ?? ""),
);
/** `GET /{version}/{id}/partners`. */
export const partnersRead = readEdge((store, request, path) =>
  listPartners(store, request, path.id ?? ""),
);

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

function onlyDigits(text: string): string {
  return text.replace(/[^0-9]/g, "");
}
