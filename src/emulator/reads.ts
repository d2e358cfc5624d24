/**
The read side's vocabulary, in Meta's wire shapes with the field names of Meta's SDK specs (not
the OpenAPI spec's): the limits, the fields of a pre-verified number and of a business, the nodes
and edge pages as Meta sends them, and the verdict type the read rules share. The rules are the
read edges (`edges/reads.ts`); `fields` is read by `fields.ts`, pages are cut by `paging.ts` and
nodes drawn by `render.ts`.
*/
import type {
  EdgePage as WireEdgePage,
  PreverifiedNumberNode as WirePreverifiedNumberNode,
} from "../graph-api/wire.js";
import type { MetaErrorReply } from "./errors.js";
import type { CodeVerificationStatus } from "./types.js";

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

/** What a node read answers without `fields`. */
export const DEFAULT_PREVERIFIED_NUMBER_FIELDS: readonly PreverifiedNumberField[] = [
  "id",
  "phone_number",
  "code_verification_status",
];

/** Fields of a business (partners, `owner_business`); both are also the default. */
export const BUSINESS_FIELDS = ["id", "name"] as const;

export type BusinessField = (typeof BUSINESS_FIELDS)[number];

// ---------------------------------------------------------------------------------------------
// Wire shapes: each extends the shared wire type (`src/graph-api/wire.ts`), so the compiler holds
// what the emulator sends against what the client reads.

/** A business as Meta sends it: the requested fields, `id` always. */
export interface BusinessNode {
  id: string;
  name?: string;
}

/**
A pre-verified number as Meta sends it: only the requested fields, `id` always. Fields without a
value (the times of a number never verified) are left out, as Meta does.
*/
export interface PreverifiedNumberNode extends WirePreverifiedNumberNode {
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
export interface EdgePage<T> extends WireEdgePage<T> {
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
// Requests and verdicts

/** A read as its rules see it. */
export interface ReadRequest {
  /** The request's query string. */
  query: URLSearchParams;
  /** The business the (valid) access token belongs to. */
  callerBusinessId: string;
  /** Scheme, host and pathname of the request: where `paging.next` and `previous` point. */
  pageUrl: string;
  /** Scheme, host and version, e.g. `http://127.0.0.1:4100/v25.0`: where an expanded edge's `paging.next` points. */
  apiUrl: string;
}

/** A read rule's verdict: a value, or the Meta error that answers the read. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: MetaErrorReply };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(error: MetaErrorReply): { ok: false; error: MetaErrorReply } {
  return { ok: false, error };
}

export function isOneOf<T extends string>(value: string, options: readonly T[]): value is T {
  return (options as readonly string[]).includes(value);
}

export function nonBlank(value: string | null): string | undefined {
  return value === null || value.trim() === "" ? undefined : value.trim();
}
