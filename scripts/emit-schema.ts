// `npm run schema`: writes the subgraph SDL the code emits to schema/schema.graphql.
// A test (test/integration/schema.test.ts) fails when the committed file and the code differ.
import "reflect-metadata";
import { writeFile } from "node:fs/promises";
import { buildFederatedSchema } from "../src/schema/build-schema.js";
import { printFederatedSdl } from "../src/schema/print-schema.js";

export const SCHEMA_FILE = new URL("../schema/schema.graphql", import.meta.url);

await writeFile(SCHEMA_FILE, printFederatedSdl(await buildFederatedSchema()));
console.log(`Wrote ${SCHEMA_FILE.pathname}`);
