/**
`npm run emulator`: the Meta emulator as a standalone process on a fixed port, for local
development against the service or with curl. The only emulator file that reads `process.env`.
*/
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

async function main(): Promise<void> {
  const port = parsePort(process.env.EMULATOR_PORT);
  const rawHost = process.env.EMULATOR_HOST?.trim();
  const host = rawHost === undefined || rawHost === "" ? DEFAULT_HOST : rawHost;
  const emulator = await startMetaEmulator({ port, host });

  const { tokens, businesses: b, numbers: n, scenarios } = FIXTURES;
  console.log(
    [
      `Meta emulator listening on ${emulator.url}`,
      `tokens: ${tokens.acme} (Acme ${b.acme}), ${tokens.globex} (Globex ${b.globex}), ${tokens.expired}, ${tokens.noPermission}`,
      `partners: ${b.partnerOne}, ${b.partnerTwo} (${b.outsider} not accessible, ${b.restrictedPartner} restricted)`,
      `numbers: ${n.verified}…${n.globexShareable}`,
      `scenarios: ${Object.values(scenarios).join(", ")}`,
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
