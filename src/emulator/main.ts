/**
`npm run emulator`: the Meta emulator as a standalone process on a fixed port, for local
development against the service or with curl. The only emulator file that reads `process.env`.
`EMULATOR_FAULT` (e.g. `latency:300`, `status:503;rate=0.2`) makes every share, unshare and
lifecycle request misbehave (a `latency:` also delays reads); the `x-emulator-fault` header does
the same for one request (see `faults.ts`). Verification codes are printed as they are issued.
*/
import { FaultSpecError, formatFaultSpec, parseFaultSpec } from "./fault-spec.js";
import { EMULATOR_FAULT_HEADER } from "./faults.js";
import { FIXTURES } from "./seed.js";
import { startMetaEmulator } from "./server.js";

const DEFAULT_PORT = 4100;
const DEFAULT_HOST = "127.0.0.1";

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") {
    return DEFAULT_PORT;
  }
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`EMULATOR_PORT must be an integer from 0 to 65535, got "${raw}"`);
  }
  return port;
}

/** The run-wide fault in canonical form, or `undefined` when `EMULATOR_FAULT` is unset or blank. */
function parseFault(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === "") {
    return undefined;
  }
  try {
    return formatFaultSpec(parseFaultSpec(raw));
  } catch (error) {
    if (error instanceof FaultSpecError) {
      throw new Error(`EMULATOR_FAULT "${raw}" is invalid: ${error.reason}`, {
        cause: error,
      });
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const port = parsePort(process.env.EMULATOR_PORT);
  const rawHost = process.env.EMULATOR_HOST?.trim();
  const host = rawHost === undefined || rawHost === "" ? DEFAULT_HOST : rawHost;
  const fault = parseFault(process.env.EMULATOR_FAULT);
  const emulator = await startMetaEmulator({ port, host, fault, logCodes: true });

  const { tokens, businesses: b, numbers: n, scenarios } = FIXTURES;
  console.log(
    [
      `Meta emulator listening on ${emulator.url}`,
      `tokens: ${tokens.acme} (Acme ${b.acme}), ${tokens.globex} (Globex ${b.globex}), ${tokens.partnerOne} (Partner One), ${tokens.expired}, ${tokens.noPermission}`,
      `partners: ${b.partnerOne}, ${b.partnerTwo} (${b.outsider} not accessible, ${b.restrictedPartner} restricted)`,
      `numbers: ${n.verified}…${n.globexShareable}, bulk ${n.bulk[0] ?? ""}…${n.bulk[n.bulk.length - 1] ?? ""}`,
      `scenarios: ${Object.values(scenarios).join(", ")}`,
      `lifecycle: ${tokens.full} (at its number limit), verification codes printed here and at GET /_emulator/verification-codes/<id>`,
      `fault: ${fault ?? "none"} (per request: ${EMULATOR_FAULT_HEADER} header)`,
    ].join(" | "),
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    emulator.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error("Meta emulator did not stop cleanly:", error);
        process.exitCode = 1;
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error("Meta emulator failed to start:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
