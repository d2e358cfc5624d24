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

/** `X-App-Usage` percentages (0–100, may exceed 100 while throttled). */
export interface AppUsage {
  callCount: number;
  totalTime: number;
  totalCputime: number;
}

/**
Seconds until Meta expects to accept calls again, or `undefined` when no header says so.

Prefers the largest `estimated_time_to_regain_access` in `X-Business-Use-Case-Usage` (minutes →
seconds), looking only at `businessId`'s entries when the header has that key and at all entries
otherwise; 0 minutes means "not throttled" and is ignored. Falls back to `Retry-After`
(delta-seconds, or an HTTP-date relative to `now`, rounded up, never below 0).
*/
export function retryAfterSecondsFrom(
  headers: Headers,
  businessId?: string,
  now: Date = new Date(),
): number | undefined {
  return (
    businessUseCaseWaitSeconds(headers.get("x-business-use-case-usage"), businessId) ??
    retryAfterHeaderSeconds(headers.get("retry-after"), now)
  );
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

function businessUseCaseWaitSeconds(
  header: string | null,
  businessId: string | undefined,
): number | undefined {
  const usage = parseJsonObject(header);
  if (usage === undefined) {
    return undefined;
  }
  const ownEntries =
    businessId !== undefined && Object.hasOwn(usage, businessId) ? usage[businessId] : undefined;
  const lists = Array.isArray(ownEntries) ? [ownEntries] : Object.values(usage);
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
