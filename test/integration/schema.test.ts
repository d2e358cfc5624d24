// The committed contract files stay in step with the code: the subgraph SDL, the codegen output,
// and a description on everything people read in Sandbox.
import "reflect-metadata";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { generate, loadCodegenConfig } from "@graphql-codegen/cli";
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLNamedType,
} from "graphql";
import { buildFederatedSchema } from "../../src/schema/build-schema.js";
import { printFederatedSdl } from "../../src/schema/print-schema.js";

const ROOT = new URL("../../", import.meta.url);

describe("schema/schema.graphql", () => {
  it("matches what the code emits (run `npm run schema` after changing the schema)", async () => {
    const emitted = printFederatedSdl(await buildFederatedSchema());
    const committed = await readFile(new URL("schema/schema.graphql", ROOT), "utf8");
    assert.equal(committed, emitted, "schema/schema.graphql is stale: run `npm run schema`");
  });

  it("describes every type, field, argument, input field and enum value of ours", async () => {
    const schema = await buildFederatedSchema();
    const missing: string[] = [];
    const ours = (type: GraphQLNamedType) =>
      !type.name.startsWith("_") &&
      !type.name.includes("__") &&
      !["Query", "Mutation", "String", "Boolean", "Int", "Float", "ID"].includes(type.name);
    for (const type of Object.values(schema.getTypeMap())) {
      if (ours(type) && !type.description) {
        missing.push(type.name);
      }
      if (
        (isObjectType(type) || isInterfaceType(type)) &&
        (ours(type) || type.name === "Mutation")
      ) {
        for (const field of Object.values(type.getFields())) {
          if (field.name.startsWith("_")) {
            continue;
          }
          if (!field.description) {
            missing.push(`${type.name}.${field.name}`);
          }
          for (const arg of field.args) {
            if (!arg.description) {
              missing.push(`${type.name}.${field.name}(${arg.name})`);
            }
          }
        }
      }
      if (isInputObjectType(type) && ours(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) {
            missing.push(`${type.name}.${field.name}`);
          }
        }
      }
      if (isEnumType(type) && ours(type)) {
        for (const value of type.getValues()) {
          if (!value.description) {
            missing.push(`${type.name}.${value.name}`);
          }
        }
      }
    }
    assert.deepEqual(missing, []);
  });

  it("keeps the result union's eight members and every error on the Error interface", async () => {
    const schema = await buildFederatedSchema();
    const union = schema.getType("SharePreverifiedNumberResult");
    assert.ok(isUnionType(union));
    const members = union.getTypes().map((type) => type.name);
    assert.deepEqual(members, [
      "SharePreverifiedNumberSuccess",
      "InvalidInputError",
      "AuthenticationError",
      "PermissionDeniedError",
      "NotFoundError",
      "SharingRejectedError",
      "RateLimitedError",
      "UpstreamError",
    ]);
    for (const member of union.getTypes().slice(1)) {
      assert.deepEqual(
        member.getInterfaces().map((type) => type.name),
        ["Error", "MetaError"],
        member.name,
      );
    }
  });
});

describe("codegen output", () => {
  it("is up to date (run `npm run codegen` after changing the schema or test/operations)", async () => {
    const { config } = await loadCodegenConfig({
      configFilePath: new URL("codegen.yml", ROOT).pathname,
    });
    const outputs = (await generate({ ...config, cwd: ROOT.pathname, silent: true }, false)) as {
      filename: string;
      content: string;
    }[];
    assert.ok(outputs.length >= 2, "codegen produced its files");
    for (const output of outputs) {
      const committed = await readFile(new URL(output.filename, ROOT), "utf8").catch(() => "");
      assert.equal(
        committed,
        output.content,
        `${output.filename} is stale: run \`npm run codegen\``,
      );
    }
  });
});
