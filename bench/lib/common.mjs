// Shared constants of the benchmark: the request bodies and the exact answers every process checks.

export const BUSINESS_ID = "1000000000000001";
export const PREVERIFIED_ID = "3000000000000001";
export const PARTNER_BUSINESS_ID = "2000000000000001";
export const TOKEN = "bench-token";
export const AUTHORIZATION = `Bearer ${TOKEN}`;
export const GRAPH_API_VERSION = "v25.0";

/** The GraphQL share mutation, sent to both the raw proxy and the service. */
export const MUTATION_BODY = JSON.stringify({
  query:
    "mutation($input: SharePreverifiedNumberInput!) { sharePreverifiedNumber(input: $input) { __typename } }",
  variables: {
    input: {
      businessId: BUSINESS_ID,
      preverifiedId: PREVERIFIED_ID,
      partnerBusinessId: PARTNER_BUSINESS_ID,
    },
  },
});

/**
The only answer counted as a success, byte for byte, from the service and (by design) from the raw
proxy. Apollo Server ends every JSON answer with a newline.
*/
export const MUTATION_SUCCESS = `${JSON.stringify({
  data: { sharePreverifiedNumber: { __typename: "SharePreverifiedNumberSuccess" } },
})}\n`;

/** What the service sends upstream; the serial client sends it to the stub directly. */
export const SHARE_PATH = `/${GRAPH_API_VERSION}/${BUSINESS_ID}/share_preverified_numbers`;
export const SHARE_BODY = JSON.stringify({
  preverified_id: PREVERIFIED_ID,
  partner_business_id: PARTNER_BUSINESS_ID,
});
export const SHARE_SUCCESS = JSON.stringify({ success: true });

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted, p) {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Median of numbers (mean of the middle two for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
Sends messages to the parent over IPC, and exits when the parent goes away, so a helper never
outlives the runner (even if the runner is killed with SIGKILL).
*/
export function bindToParent() {
  if (typeof process.send !== "function") {
    throw new Error("This helper is started by bench/run.mjs (it needs an IPC channel).");
  }
  process.on("disconnect", () => process.exit(0));
  /** Resolves once the message is handed to the channel. */
  return (message) =>
    new Promise((resolve, reject) => {
      process.send?.(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
    });
}
