// Prints a JWT from the emulator's development identity provider, for service mode on the
// emulator (`GRAPH_API_TOKEN=emu-token-acme npm start`):
//   npm run --silent token -- --business 1000000000000001 --scope "preverified:read preverified:share"
import { parseArgs } from "node:util";
import { FIXTURES, signDevToken } from "../src/emulator/index.js";

const { values } = parseArgs({
  options: {
    business: { type: "string", multiple: true },
    scope: { type: "string" },
    sub: { type: "string" },
    expires: { type: "string" },
    help: { type: "boolean" },
  },
});

if (values.help === true) {
  console.log(
    'Usage: npm run --silent token -- [--business <id>]... [--scope "<scopes>"] [--sub <id>] ' +
      "[--expires <seconds>]\n" +
      `Defaults: --business ${FIXTURES.businesses.acme} --scope "preverified:read ` +
      'preverified:share preverified:manage" --sub dev-user --expires 3600',
  );
  process.exit(0);
}

const businesses = (values.business ?? [FIXTURES.businesses.acme]).flatMap((entry) =>
  entry.split(",").map((id) => id.trim()),
);
const expires = Number(values.expires ?? "3600");
if (!Number.isInteger(expires) || expires < 1) {
  console.error("--expires must be a whole number of seconds");
  process.exit(2);
}
console.log(
  await signDevToken({
    businesses,
    scope: values.scope ?? "preverified:read preverified:share preverified:manage",
    ...(values.sub === undefined ? {} : { sub: values.sub }),
    expiresInSeconds: expires,
  }),
);
