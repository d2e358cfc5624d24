/**
The `fields` parameter (`a,b,owner_business{id,name},partners.limit(5){id,name}`): its parser and
what it selects on a pre-verified number (its fields, `owner_business`'s and `partners`'
subfields, `partners.limit(N)`) or on a business, with Meta's errors for the rest.
*/
import { metaErrors } from "./errors.js";
import {
  BUSINESS_FIELDS,
  DEFAULT_PAGE_LIMIT,
  DEFAULT_PREVERIFIED_NUMBER_FIELDS,
  MAX_PAGE_LIMIT,
  PREVERIFIED_NUMBER_EDGES,
  PREVERIFIED_NUMBER_FIELDS,
  PREVERIFIED_NUMBER_NODE_TYPE,
  fail,
  isOneOf,
  ok,
  type BusinessField,
  type PreverifiedNumberEdge,
  type PreverifiedNumberField,
  type Result,
} from "./reads.js";
import { truncate } from "./request.js";

const BUSINESS_NODE_TYPE = "Business";

/** Deepest nesting of `{…}` in `fields`; deeper is a syntax error (nothing here nests past 2). */
const MAX_FIELDS_DEPTH = 4;

export interface FieldRequest {
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
export function parseFieldList(text: string): FieldRequest[] | undefined {
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

export interface NumberFieldSelection {
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
export function numberSelection(raw: string | null): Result<NumberFieldSelection[]> {
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
export function businessSelection(
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
