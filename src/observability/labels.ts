/**
Metric label values, bounded. A label value becomes a time series: anything a caller or Meta
controls (operation names, Meta's codes) is checked against a pattern and capped in count, so no
request can add series without limit or put a token, an ID or a message into a label.
*/

/** Longest operation name kept as a label. */
export const MAX_OPERATION_NAME_LENGTH = 64;
/** Distinct operation names kept as labels; later ones are `other`. */
export const MAX_OPERATION_NAMES = 100;
/** Distinct result `__typename`s kept as labels (the schema has far fewer). */
export const MAX_RESULT_NAMES = 50;
/** Distinct Meta error codes kept as labels. */
export const MAX_META_CODES = 50;

/** A GraphQL name (the grammar's `Name`). */
const GRAPHQL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const ANONYMOUS = "anonymous";
export const INVALID = "invalid";
export const OTHER = "other";
export const NONE = "none";
/** `operation` of a request that failed before execution (parse, validation, limits, no such operation). */
export const REJECTED = "rejected";

/**
`anonymous` for no name, `invalid` for one that is too long or not a GraphQL name, otherwise the
name itself. Used for span attributes too (no cap there: a span adds no series).
*/
export function normalizeOperationName(name: string | null | undefined): string {
  if (name === null || name === undefined || name === "") {
    return ANONYMOUS;
  }
  return name.length > MAX_OPERATION_NAME_LENGTH || !GRAPHQL_NAME.test(name) ? INVALID : name;
}

/** A GraphQL name (a `__typename`, an error code) as it is, or `invalid`. */
export function safeName(value: string): string {
  return value.length <= MAX_OPERATION_NAME_LENGTH && GRAPHQL_NAME.test(value) ? value : INVALID;
}

/** Admits at most `max` distinct values; the rest map to `other`. */
export class BoundedValues {
  private readonly admitted = new Set<string>();

  constructor(private readonly max: number) {}

  has(value: string): boolean {
    return this.admitted.has(value);
  }

  label(value: string): string {
    if (this.admitted.has(value)) {
      return value;
    }
    if (this.admitted.size >= this.max) {
      return OTHER;
    }
    this.admitted.add(value);
    return value;
  }
}

/**
Operation names as labels: normalized, then capped. Only `label` admits a name into the set, and
the metrics call it for operations that executed without errors; `existing` never admits one.
*/
export class OperationLabels {
  private readonly names = new BoundedValues(MAX_OPERATION_NAMES);

  /** The name's label, admitting it while the set has room (later names are `other`). */
  label(name: string | null | undefined): string {
    // Names seen before skip the pattern check.
    if (name !== null && name !== undefined && this.names.has(name)) {
      return name;
    }
    const normalized = normalizeOperationName(name);
    return normalized === ANONYMOUS || normalized === INVALID
      ? normalized
      : this.names.label(normalized);
  }

  /** The name's label if it was admitted before; otherwise `anonymous`, `invalid` or `other`. */
  existing(name: string | null | undefined): string {
    if (name !== null && name !== undefined && this.names.has(name)) {
      return name;
    }
    const normalized = normalizeOperationName(name);
    return normalized === ANONYMOUS || normalized === INVALID ? normalized : OTHER;
  }
}

/** Result `__typename`s as labels: GraphQL names only, capped. */
export class ResultLabels {
  private readonly names = new BoundedValues(MAX_RESULT_NAMES);

  label(typename: string): string {
    if (this.names.has(typename)) {
      return typename;
    }
    const name = safeName(typename);
    return name === INVALID ? name : this.names.label(name);
  }
}

/** Label strings of HTTP statuses, made once each (at most 500). */
const STATUS_LABELS = new Map<number, string>();

/** An HTTP status as a label: `none` when there was no response, `other` when out of range. */
export function statusLabel(status: number | undefined): string {
  if (status === undefined) {
    return NONE;
  }
  const known = STATUS_LABELS.get(status);
  if (known !== undefined) {
    return known;
  }
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    return OTHER;
  }
  const label = String(status);
  STATUS_LABELS.set(status, label);
  return label;
}

/** Meta's error codes as labels: small non-negative integers, capped; `none` when absent. */
export class MetaCodeLabels {
  private readonly admitted = new Map<number, string>();

  label(code: number | undefined): string {
    if (code === undefined) {
      return NONE;
    }
    const known = this.admitted.get(code);
    if (known !== undefined) {
      return known;
    }
    if (
      !Number.isInteger(code) ||
      code < 0 ||
      code >= 10_000_000 ||
      this.admitted.size >= MAX_META_CODES
    ) {
      return OTHER;
    }
    const label = String(code);
    this.admitted.set(code, label);
    return label;
  }
}
