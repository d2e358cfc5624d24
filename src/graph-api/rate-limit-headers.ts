/**
Meta's rate-limit headers, read defensively: a missing, malformed or surprising header gives
`undefined`, never an exception.

- `X-Business-Use-Case-Usage`: JSON keyed by business-object ID, each an array of
  `{type, call_count, total_cputime, total_time, estimated_time_to_regain_access}`; the last one is
  in **minutes** (0 when not throttled).
- `Retry-After`: not documented by Meta, but standard HTTP (delta-seconds or an HTTP-date).
- `X-App-Usage`: `{"call_count":28,"total_time":25,"total_cputime":25}`, percentages of the app's
  rolling one-hour quota.
*/

import type { BusinessWait } from "./failure.js";

/** `X-App-Usage` percentages (0–100, may exceed 100 while throttled). */
export interface AppUsage {
  callCount: number;
  totalTime: number;
  totalCputime: number;
}

/** The longest wait this service takes from one answer of Meta's: an hour. */
export const MAX_WAIT_SECONDS = 3_600;

/**
Seconds until Meta expects to accept calls again, or `undefined` when no header says so; at most
`MAX_WAIT_SECONDS`.

With `businessId` (the business in the call's path), only that business's entries in
`X-Business-Use-Case-Usage` count: the largest `estimated_time_to_regain_access` among them
(minutes → seconds, rounded up; 0 means "not throttled"). A header that does not name that
business says nothing about it, whatever it says about others. Without `businessId` (a call that
names no business), the largest entry of any business counts. Either way `Retry-After`
(delta-seconds, or an HTTP-date relative to `now`, rounded up, never below 0) is the fallback.
*/
export function retryAfterSecondsFrom(
  headers: Headers,
  businessId?: string,
  now: Date = new Date(),
): number | undefined {
  const usage = parseJsonObject(headers.get("x-business-use-case-usage"));
  const fromUsage =
    usage === undefined
      ? undefined
      : businessId === undefined
        ? largestWait(Object.values(usage))
        : Object.hasOwn(usage, businessId)
          ? largestWait([usage[businessId]])
          : undefined;
  const seconds = fromUsage ?? retryAfterHeaderSeconds(headers.get("retry-after"), now);
  return seconds === undefined ? undefined : Math.min(seconds, MAX_WAIT_SECONDS);
}

/**
The businesses a throttling answer says to leave alone, each with its wait (at most
`MAX_WAIT_SECONDS`): every business `X-Business-Use-Case-Usage` names with a positive regain
time, and `businessId` (the call's path business, which the answer concerns) with the wait
`retryAfterSecondsFrom` gives for it. Nobody else: a header that names only another business
never puts `businessId` on the list, and `Retry-After` without a path business concerns nobody
this service can name. Businesses come in the header's order, `businessId` first.
*/
export function throttledBusinessesFrom(
  headers: Headers,
  businessId?: string,
  now: Date = new Date(),
): BusinessWait[] {
  const waits: BusinessWait[] = [];
  if (businessId !== undefined) {
    const seconds = retryAfterSecondsFrom(headers, businessId, now);
    if (seconds !== undefined && seconds > 0) {
      waits.push({ businessId, seconds });
    }
  }
  const usage = parseJsonObject(headers.get("x-business-use-case-usage"));
  if (usage === undefined) {
    return waits;
  }
  for (const [id, entries] of Object.entries(usage)) {
    if (id === businessId || !/^[0-9]{1,32}$/.test(id)) {
      continue;
    }
    const seconds = largestWait([entries]);
    if (seconds !== undefined) {
      waits.push({ businessId: id, seconds: Math.min(seconds, MAX_WAIT_SECONDS) });
    }
  }
  return waits;
}

/** `X-App-Usage` as numbers, or `undefined` when absent or not the documented JSON shape. */
export function parseAppUsage(headers: Headers): AppUsage | undefined {
  const value = parseJsonObject(headers.get("x-app-usage"));
  if (value === undefined) {
    return undefined;
  }
  const callCount = nonNegativeNumber(value.call_count);
  const totalTime = nonNegativeNumber(value.total_time);
  const totalCputime = nonNegativeNumber(value.total_cputime);
  if (callCount === undefined || totalTime === undefined || totalCputime === undefined) {
    return undefined;
  }
  return { callCount, totalTime, totalCputime };
}

/** The largest positive `estimated_time_to_regain_access` in these entry lists, in seconds. */
function largestWait(lists: readonly unknown[]): number | undefined {
  let maxMinutes = 0;
  for (const list of lists) {
    if (!Array.isArray(list)) {
      continue;
    }
    for (const entry of list as unknown[]) {
      if (!isPlainObject(entry)) {
        continue;
      }
      const minutes = nonNegativeNumber(entry.estimated_time_to_regain_access);
      if (minutes !== undefined && minutes > maxMinutes) {
        maxMinutes = minutes;
      }
    }
  }
  return maxMinutes > 0 ? Math.ceil(maxMinutes * 60) : undefined;
}

/** IMF-fixdate, RFC 850 and asctime, the three HTTP-date forms (RFC 9110 §5.6.7). */
const HTTP_DATE_FORMS = [
  /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Za-z]{6,9}, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

function retryAfterHeaderSeconds(header: string | null, now: Date): number | undefined {
  if (header === null) {
    return undefined;
  }
  const value = header.trim();
  if (/^\d+(?:\.\d+)?$/.test(value)) {
    const seconds = Math.ceil(Number(value));
    return Number.isSafeInteger(seconds) ? seconds : undefined;
  }
  if (!HTTP_DATE_FORMS.some((form) => form.test(value))) {
    return undefined;
  }
  // asctime carries no zone; HTTP says it is GMT, while Date.parse would assume local time.
  const at = Date.parse(value.endsWith("GMT") ? value : `${value} GMT`);
  if (!Number.isFinite(at)) {
    return undefined;
  }
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

function parseJsonObject(text: string | null): Record<string, unknown> | undefined {
  if (text === null) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonNegativeNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}
