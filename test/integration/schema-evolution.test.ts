// The schema evolution check (scripts/check-schema-evolution.ts): breaking changes fail unless
// CHANGELOG.md acknowledges them under `## Unreleased`, dangerous ones are only reported. The old
// and new SDLs are string edits of the real schema/schema.graphql; the CLI runs against this
// repository and against throwaway git repositories that exercise its choice of base.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type Change } from "@graphql-inspector/core";
import { GraphQLError, isObjectType } from "graphql";
import {
  buildSchemaForDiff,
  checkSchemaEvolution,
  type SchemaEvolution,
} from "../../scripts/check-schema-evolution.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCRIPT = join(ROOT, "scripts/check-schema-evolution.ts");
const SDL = await readFile(join(ROOT, "schema/schema.graphql"), "utf8");
const CHANGELOG = await readFile(join(ROOT, "CHANGELOG.md"), "utf8");
/** The auth directives on `PreverifiedNumber`'s fields read from Meta, as printed in the SDL. */
const READ = ' @authenticated @requiresScopes(scopes: [["preverified:read"]])';

// --- string edits of the real SDL; each fails loudly when its anchor is gone -----------------

/** Replaces the only occurrence of `from` in `text`. */
function replaceOnce(text: string, from: string, to: string): string {
  const parts = text.split(from);
  assert.equal(parts.length, 2, `expected exactly one ${JSON.stringify(from)}`);
  return parts.join(to);
}

/**
Applies `edit` to the definition whose first line starts with `header`: up to its closing `}`, or
that line alone (a union).
*/
function inType(sdl: string, header: string, edit: (block: string) => string): string {
  const start = sdl.indexOf(`\n${header}`);
  assert.notEqual(start, -1, `no definition starting with ${JSON.stringify(header)}`);
  const lineEnd = sdl.indexOf("\n", start + 1);
  const end = sdl[lineEnd - 1] === "{" ? sdl.indexOf("\n}\n", start) + 3 : lineEnd + 1;
  return sdl.slice(0, start) + edit(sdl.slice(start, end)) + sdl.slice(end);
}

/** Removes the member line `line` (a field or enum value) and its description from a type. */
function removeMember(sdl: string, header: string, line: string): string {
  return inType(sdl, header, (block) => {
    const lines = block.split("\n");
    const index = lines.indexOf(line);
    assert.notEqual(index, -1, `no ${JSON.stringify(line)} in ${header}`);
    let from = index;
    if (lines[index - 1] === '  """') {
      from = lines.lastIndexOf('  """', index - 2);
    } else if (lines[index - 1]?.startsWith('  """')) {
      from = index - 1;
    }
    lines.splice(from, index - from + 1);
    return lines.join("\n");
  });
}

const removePhoneNumber = (sdl: string) =>
  removeMember(sdl, 'type PreverifiedNumber @key(fields: "id") {', `  phoneNumber: String${READ}`);

const paths = (changes: Change[]) => changes.map((change) => `${change.type} ${change.path}`);

async function check(newSdl: string, changelog = ""): Promise<SchemaEvolution> {
  return checkSchemaEvolution({ oldSdl: SDL, newSdl, changelog });
}

// --- the CLI ----------------------------------------------------------------------------------

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

const runCli = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  run(process.execPath, ["--import", import.meta.resolve("tsx"), SCRIPT, ...args], cwd, env);

/** A throwaway repository: no global or system git configuration, a fixed identity. */
class Repo {
  static readonly ENV = { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
  constructor(readonly dir: string) {}

  async git(...args: string[]): Promise<string> {
    const result = await run(
      "git",
      ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args],
      this.dir,
      Repo.ENV,
    );
    assert.equal(result.code, 0, `git ${args.join(" ")}: ${result.stderr}`);
    return result.stdout.trim();
  }

  async write(path: string, content: string): Promise<void> {
    await mkdir(join(this.dir, path, ".."), { recursive: true });
    await writeFile(join(this.dir, path), content);
  }

  /** Writes the files, commits them, returns the commit. */
  async commit(message: string, files: Record<string, string>): Promise<string> {
    for (const [path, content] of Object.entries(files)) {
      await this.write(path, content);
    }
    await this.git("add", "--all");
    await this.git("commit", "--quiet", "--no-verify", "-m", message);
    return this.git("rev-parse", "HEAD");
  }

  check(...args: string[]): Promise<Run> {
    return runCli(["--root", this.dir, ...args], this.dir, Repo.ENV);
  }
}

async function newRepo(parent: string, name: string): Promise<Repo> {
  const repo = new Repo(join(parent, name));
  await mkdir(repo.dir);
  await repo.git("init", "--quiet");
  await repo.git("symbolic-ref", "HEAD", "refs/heads/main");
  return repo;
}

const SCHEMA = "schema/schema.graphql";

describe("a subgraph SDL as a schema to diff", () => {
  it("keeps our types and drops the federation machinery", () => {
    const schema = buildSchemaForDiff(SDL);
    const query = schema.getQueryType();
    assert.ok(query);
    assert.ok("preverifiedNumber" in query.getFields());
    assert.equal(query.getFields()["_entities"], undefined);
    assert.equal(query.getFields()["_service"], undefined);
    assert.ok(isObjectType(schema.getType("PreverifiedNumber")));
    for (const name of ["_Entity", "_Service", "_Any", "link__Import", "link__Purpose"]) {
      assert.equal(schema.getType(name), undefined, name);
    }
    assert.equal(schema.getDirective("link"), undefined);
    assert.ok(schema.getDirective("key"));
  });

  it("finds no change between the real SDL and itself", async () => {
    const result = await check(SDL);
    assert.deepEqual([result.breaking, result.dangerous, result.safe], [[], [], []]);
    assert.equal(result.ok, true);
  });

  it("finds no change when the federation definitions, `extend schema @link` or `type Query` go", async () => {
    const bare = replaceOnce(
      SDL.slice(0, SDL.indexOf("\ndirective @link(")),
      SDL.slice(0, SDL.indexOf("\n")),
      "",
    );
    assert.doesNotMatch(bare, /@link|_entities|_Entity|federation__/);
    const onlyExtensions = replaceOnce(bare, "\ntype Query {", "\nextend type Query {");
    for (const newSdl of [bare, onlyExtensions]) {
      const result = await check(newSdl);
      assert.deepEqual(paths([...result.breaking, ...result.dangerous, ...result.safe]), []);
    }
  });

  it("finds no change in a federation version bump, wherever @link sits", async () => {
    const extension = SDL.slice(0, SDL.indexOf("\n") + 1);
    assert.match(
      extension,
      /^extend schema @link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.7"/,
    );
    const link = extension.slice("extend schema ".length).trim().replace("v2.7", "v2.9");
    const bumped =
      replaceOnce(replaceOnce(SDL, extension, ""), "\nschema {\n", `\nschema ${link} {\n`) +
      "\ndirective @cost(weight: Int!) on FIELD_DEFINITION | OBJECT\n" +
      "directive @federation__listSize(assumedSize: Int) on FIELD_DEFINITION\n";
    const result = await check(bumped);
    assert.deepEqual(paths([...result.breaking, ...result.dangerous, ...result.safe]), []);
  });

  it("throws a GraphQLError for an SDL that does not parse", () => {
    assert.throws(() => buildSchemaForDiff(`${SDL}\ntype Broken {`), GraphQLError);
  });
});

describe("checkSchemaEvolution", () => {
  it("removing a field is breaking and not ok", async () => {
    const result = await check(removePhoneNumber(SDL));
    assert.deepEqual(paths(result.breaking), ["FIELD_REMOVED PreverifiedNumber.phoneNumber"]);
    assert.deepEqual(result.unacknowledged, result.breaking);
    assert.equal(result.ok, false);
  });

  it("changing a field's type is breaking", async () => {
    const newSdl = inType(SDL, "type PreverifiedNumber ", (block) =>
      replaceOnce(
        block,
        `  verificationExpiresAt: String${READ}\n`,
        `  verificationExpiresAt: Int${READ}\n`,
      ),
    );
    const result = await check(newSdl);
    assert.deepEqual(paths(result.breaking), [
      "FIELD_TYPE_CHANGED PreverifiedNumber.verificationExpiresAt",
    ]);
    assert.equal(result.ok, false);
  });

  it("removing a union member is breaking", async () => {
    const newSdl = inType(SDL, "union SharePreverifiedNumberResult =", (block) =>
      replaceOnce(block, " | SharingRejectedError", ""),
    );
    const result = await check(newSdl);
    assert.deepEqual(paths(result.breaking), ["UNION_MEMBER_REMOVED SharePreverifiedNumberResult"]);
    assert.equal(result.ok, false);
  });

  it("adding a union member is dangerous only, and ok", async () => {
    const newSdl = replaceOnce(
      SDL,
      "union PreverifiedNumberResult = PreverifiedNumber |",
      "union PreverifiedNumberResult = PreverifiedNumber | SharingRejectedError |",
    );
    const result = await check(newSdl);
    assert.deepEqual(paths(result.breaking), []);
    assert.deepEqual(paths(result.dangerous), ["UNION_MEMBER_ADDED PreverifiedNumberResult"]);
    assert.equal(result.ok, true);
  });

  it("adding an enum value is dangerous; removing one is breaking", async () => {
    const added = await check(
      inType(SDL, "enum UpstreamErrorReason {", (block) =>
        replaceOnce(block, "  CIRCUIT_OPEN\n", "  CIRCUIT_OPEN\n  MAINTENANCE\n"),
      ),
    );
    assert.deepEqual(paths(added.dangerous), ["ENUM_VALUE_ADDED UpstreamErrorReason.MAINTENANCE"]);
    assert.deepEqual(added.breaking, []);
    assert.equal(added.ok, true);

    const removed = await check(removeMember(SDL, "enum UpstreamErrorReason {", "  TIMEOUT"));
    assert.deepEqual(paths(removed.breaking), ["ENUM_VALUE_REMOVED UpstreamErrorReason.TIMEOUT"]);
    assert.equal(removed.ok, false);
  });

  it("changing an argument's default is dangerous", async () => {
    const result = await check(
      inType(SDL, "type Query ", (block) =>
        replaceOnce(block, "first: Int! = 25", "first: Int! = 50"),
      ),
    );
    assert.deepEqual(paths(result.dangerous), [
      "FIELD_ARGUMENT_DEFAULT_CHANGED Query.preverifiedNumbers.first",
    ]);
    assert.deepEqual(result.breaking, []);
    assert.equal(result.ok, true);
  });

  it("adding a nullable field is safe", async () => {
    const newSdl = inType(SDL, "type PreverifiedNumber ", (block) =>
      replaceOnce(
        block,
        `  phoneNumber: String${READ}\n`,
        `  phoneNumber: String${READ}\n  nickname: String\n`,
      ),
    );
    const result = await check(newSdl);
    assert.deepEqual(paths(result.safe), ["FIELD_ADDED PreverifiedNumber.nickname"]);
    assert.deepEqual([result.breaking, result.dangerous], [[], []]);
    assert.equal(result.ok, true);
  });

  it("marking a field @inaccessible hides it from clients: breaking", async () => {
    const newSdl = inType(SDL, "type PreverifiedNumber ", (block) =>
      replaceOnce(
        block,
        `  phoneNumber: String${READ}\n`,
        `  phoneNumber: String${READ} @federation__inaccessible\n`,
      ),
    );
    const result = await check(newSdl);
    assert.deepEqual(paths(result.breaking), ["FIELD_REMOVED PreverifiedNumber.phoneNumber"]);
  });

  it("marking a type @inaccessible removes it and its union memberships: breaking", async () => {
    const newSdl = replaceOnce(
      SDL,
      "type SharingRejectedError implements Error & MetaError @shareable {",
      "type SharingRejectedError implements Error & MetaError @shareable @federation__inaccessible {",
    );
    const result = await check(newSdl);
    assert.deepEqual(paths(result.breaking).sort(), [
      "TYPE_REMOVED SharingRejectedError",
      "UNION_MEMBER_REMOVED SharePreverifiedNumberResult",
    ]);
  });

  it("is ok when a BREAKING line under ## Unreleased names the change's path", async () => {
    const changelog = [
      "# Changelog",
      "",
      "## Unreleased",
      "",
      "### Removed",
      "",
      "- BREAKING: removed `PreverifiedNumber.phoneNumber`.",
      "",
      "## 0.1.0",
      "",
      "- First release.",
    ].join("\n");
    const result = await check(removePhoneNumber(SDL), changelog);
    assert.deepEqual(paths(result.breaking), ["FIELD_REMOVED PreverifiedNumber.phoneNumber"]);
    assert.deepEqual(result.unacknowledged, []);
    assert.equal(result.ok, true);

    const bracketed = await check(
      removePhoneNumber(SDL),
      changelog.replace("## Unreleased", "## [Unreleased]"),
    );
    assert.equal(bracketed.ok, true);
  });

  it("is not ok when the BREAKING line is outside ## Unreleased", async () => {
    const line = "- BREAKING: removed `PreverifiedNumber.phoneNumber`.";
    const changelogs = {
      "in a released section": `# Changelog\n\n## Unreleased\n\n- Nothing yet.\n\n## 0.1.0\n\n${line}\n`,
      "before it": `# Changelog\n\n${line}\n\n## Unreleased\n\n- Nothing yet.\n`,
      "with no Unreleased section": `# Changelog\n\n## 0.1.0\n\n${line}\n`,
      "under ### Unreleased": `# Changelog\n\n## 0.2.0\n\n### Unreleased\n\n${line}\n`,
      "in the real CHANGELOG.md's convention example": CHANGELOG,
    };
    assert.match(CHANGELOG, /^- BREAKING: removed `PreverifiedNumber\.phoneNumber`/m);
    for (const [where, changelog] of Object.entries(changelogs)) {
      const result = await check(removePhoneNumber(SDL), changelog);
      assert.equal(result.ok, false, where);
      assert.equal(result.unacknowledged.length, 1, where);
    }
  });

  it("needs the word BREAKING and the whole path on the same line", async () => {
    const unreleased = (...lines: string[]) => `## Unreleased\n\n${lines.join("\n")}\n`;
    const notAcknowledging = [
      unreleased("- Removed `PreverifiedNumber.phoneNumber`."),
      unreleased("- breaking: removed `PreverifiedNumber.phoneNumber`."),
      unreleased("- BREAKING: see below.", "- Removed `PreverifiedNumber.phoneNumber`."),
      unreleased("- BREAKING: removed `PreverifiedNumber.phoneNumberV2`."),
      unreleased("- BREAKING: removed `PreverifiedNumber.phoneNumber.raw`."),
      unreleased("- BREAKING: removed `Old.PreverifiedNumber.phoneNumber`."),
      unreleased("- BREAKING: removed `PreverifiedNumber`."),
    ];
    for (const changelog of notAcknowledging) {
      const result = await check(removePhoneNumber(SDL), changelog);
      assert.equal(result.ok, false, changelog);
    }
    const acknowledging = [
      unreleased("- BREAKING: removed PreverifiedNumber.phoneNumber."),
      unreleased("- Removed PreverifiedNumber.phoneNumber (BREAKING for old clients)"),
    ];
    for (const changelog of acknowledging) {
      const result = await check(removePhoneNumber(SDL), changelog);
      assert.equal(result.ok, true, changelog);
    }
  });

  it("lists only the breaking changes no line acknowledges", async () => {
    const newSdl = removeMember(removePhoneNumber(SDL), "enum UpstreamErrorReason {", "  TIMEOUT");
    const changelog = "## Unreleased\n\n- BREAKING: `UpstreamErrorReason.TIMEOUT` is gone.\n";
    const result = await check(newSdl, changelog);
    assert.deepEqual(paths(result.breaking).sort(), [
      "ENUM_VALUE_REMOVED UpstreamErrorReason.TIMEOUT",
      "FIELD_REMOVED PreverifiedNumber.phoneNumber",
    ]);
    assert.deepEqual(paths(result.unacknowledged), ["FIELD_REMOVED PreverifiedNumber.phoneNumber"]);
    assert.equal(result.ok, false);
  });
});

describe("the CLI", () => {
  it("passes on this repository and says which base it compared against", async () => {
    const result = await runCli([], ROOT);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const base = /against base ([0-9a-f]{12}) \((.+)\)$/m.exec(result.stdout);
    if (base) {
      const type = await run("git", ["cat-file", "-t", base[1]!], ROOT);
      assert.equal(type.stdout.trim(), "commit");
      // Any of the rule's explanations (see the top of the script), depending on the checkout.
      assert.match(
        base[2]!,
        /^(merge-base of HEAD and (origin\/)?main|HEAD is already in (origin\/)?main: the parent of [0-9a-f]{12}|neither origin\/main nor main exists: the parent of [0-9a-f]{12}|(origin\/)?main, which shares no history)/,
      );
      assert.match(
        result.stdout,
        /^\d+ breaking \(\d+ acknowledged\), \d+ dangerous, \d+ safe\.$/m,
      );
    } else {
      assert.match(result.stdout, /no base schema \(.+\)/);
    }
  });

  describe("in a throwaway repository", () => {
    let parent: string;
    before(async () => {
      parent = await mkdtemp(join(tmpdir(), "schema-evolution-"));
    });
    after(async () => {
      await rm(parent, { recursive: true, force: true });
    });

    it("passes with no base schema on the first commit", async () => {
      const repo = await newRepo(parent, "first");
      await repo.commit("first", { [SCHEMA]: SDL });
      const result = await repo.check();
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /no base schema \(.*has no parent/);
    });

    it("passes with no base schema when the last change added the file", async () => {
      const repo = await newRepo(parent, "added");
      await repo.commit("readme", { "README.md": "hello\n" });
      await repo.commit("schema", { [SCHEMA]: SDL });
      const result = await repo.check();
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /no base schema \(schema\/schema\.graphql does not exist at/);
    });

    it("on main, checks the last commit that changed the schema: exit 1 until acknowledged", async () => {
      const repo = await newRepo(parent, "main");
      const first = await repo.commit("first", { [SCHEMA]: SDL });
      const breaking = await repo.commit("drop phoneNumber", { [SCHEMA]: removePhoneNumber(SDL) });
      await repo.commit("later, schema untouched", { "README.md": "hello\n" });

      const failed = await repo.check();
      assert.equal(failed.code, 1, failed.stdout + failed.stderr);
      assert.match(failed.stdout, new RegExp(`against base ${first.slice(0, 12)} `));
      assert.match(failed.stdout, new RegExp(`the parent of ${breaking.slice(0, 12)}`));
      assert.match(
        failed.stdout,
        /BREAKING {3}PreverifiedNumber\.phoneNumber: .*\[NOT ACKNOWLEDGED\]/,
      );
      assert.match(failed.stdout, /^1 breaking \(0 acknowledged\), 0 dangerous, 0 safe\.$/m);
      assert.match(failed.stderr, /- BREAKING: `PreverifiedNumber\.phoneNumber`/);

      // Acknowledged in the working tree's CHANGELOG.md (not yet committed).
      await repo.write(
        "CHANGELOG.md",
        "# Changelog\n\n## Unreleased\n\n- BREAKING: removed `PreverifiedNumber.phoneNumber`.\n",
      );
      const passed = await repo.check();
      assert.equal(passed.code, 0, passed.stdout + passed.stderr);
      assert.match(
        passed.stdout,
        /PreverifiedNumber\.phoneNumber: .*\[acknowledged in CHANGELOG\.md\]/,
      );
      assert.match(passed.stdout, /^1 breaking \(1 acknowledged\)/m);
    });

    it("on a branch, compares with the merge-base, not main's tip; --base overrides", async () => {
      const repo = await newRepo(parent, "branch");
      await repo.commit("first", { [SCHEMA]: SDL });
      await repo.git("checkout", "--quiet", "-b", "feature");
      const withMember = replaceOnce(
        SDL,
        "union PreverifiedNumberResult = PreverifiedNumber |",
        "union PreverifiedNumberResult = PreverifiedNumber | SharingRejectedError |",
      );
      await repo.commit("feature: a union member", { [SCHEMA]: withMember });
      await repo.git("checkout", "--quiet", "main");
      const withField = inType(SDL, "type PreverifiedNumber ", (block) =>
        replaceOnce(
          block,
          `  phoneNumber: String${READ}\n`,
          `  phoneNumber: String${READ}\n  nickname: String\n`,
        ),
      );
      const mainTip = await repo.commit("main: a field", { [SCHEMA]: withField });
      await repo.git("checkout", "--quiet", "feature");

      const result = await repo.check();
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /\(merge-base of HEAD and main\)/);
      assert.match(
        result.stdout,
        /DANGEROUS {2}PreverifiedNumberResult: Member 'SharingRejectedError'/,
      );
      assert.doesNotMatch(result.stdout, /nickname/);

      // Against main's tip the branch would "remove" the field main gained since it forked.
      const againstTip = await repo.check("--base", "main");
      assert.equal(againstTip.code, 1, againstTip.stdout + againstTip.stderr);
      assert.match(
        againstTip.stdout,
        new RegExp(`against base ${mainTip.slice(0, 12)} \\(--base main\\)`),
      );
      assert.match(againstTip.stdout, /BREAKING {3}PreverifiedNumber\.nickname: /);

      // origin/main, when it exists, is preferred over main.
      await repo.git("update-ref", "refs/remotes/origin/main", mainTip);
      const viaOrigin = await repo.check();
      assert.equal(viaOrigin.code, 0, viaOrigin.stdout + viaOrigin.stderr);
      assert.match(viaOrigin.stdout, /\(merge-base of HEAD and origin\/main\)/);
    });

    it("exits 2 when --base is not a commit", async () => {
      const repo = await newRepo(parent, "bad-base");
      await repo.commit("first", { [SCHEMA]: SDL });
      const result = await repo.check("--base", "no-such-branch");
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.match(result.stderr, /--base no-such-branch is not a commit/);
    });
  });
});
