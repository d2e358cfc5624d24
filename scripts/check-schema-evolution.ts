// `npm run check:schema-evolution`: compares schema/schema.graphql (working tree) with the version
// on the main branch using GraphQL Inspector, prints every change with its criticality, and exits 1
// when a breaking change is not acknowledged in CHANGELOG.md (the convention is at its top).
//
//   tsx scripts/check-schema-evolution.ts [--base <rev>] [--root <dir>]
//
// The base, unless `--base <rev>` names one: the merge-base of HEAD with `origin/main` (else
// `main`), so a branch is judged on its own changes only, not on what main gained since it forked.
// When that is HEAD itself (a clone of main, as in CI; or no main at all), the parent of the last
// commit on HEAD's first-parent line that changed the file, so the change that landed on main is
// checked even when later commits did not touch the schema. When there is no earlier version of the
// file (it was added by that commit, the first one, or the clone is too shallow), it prints
// "no base schema" and passes. Exit 0: no unacknowledged breaking change; 1: some; 2: cannot check.
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Change, CriticalityLevel, diff } from "@graphql-inspector/core";
import {
  buildASTSchema,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  type InputValueDefinitionNode,
  Kind,
  type NamedTypeNode,
  OperationTypeNode,
  parse,
  type TypeDefinitionNode,
  type TypeExtensionNode,
} from "graphql";

export const SCHEMA_PATH = "schema/schema.graphql";
export const CHANGELOG_PATH = "CHANGELOG.md";

// ---------------------------------------------------------------------------------------------
// A subgraph SDL as a plain GraphQL schema for diffing
// ---------------------------------------------------------------------------------------------

/** Federation directives: their definitions are plumbing, replaced by FEDERATION_PRELUDE. */
const FEDERATION_DIRECTIVES = new Set([
  "link",
  "key",
  "shareable",
  "external",
  "requires",
  "provides",
  "extends",
  "inaccessible",
  "override",
  "tag",
  "composeDirective",
  "interfaceObject",
  "authenticated",
  "requiresScopes",
  "policy",
  "context",
  "fromContext",
  "cost",
  "listSize",
]);
/** Types the router and `@link` add; never part of the API clients see. */
const FEDERATION_TYPES = new Set(["_Service", "_Any", "_Entity", "_FieldSet", "FieldSet"]);
/** Root fields the router uses to fetch entities and the SDL. */
const FEDERATION_QUERY_FIELDS = new Set(["_entities", "_service"]);
const INACCESSIBLE = new Set(["inaccessible", "federation__inaccessible"]);

const isFederationDirective = (name: string) =>
  FEDERATION_DIRECTIVES.has(name) || name.startsWith("federation__") || name.startsWith("link__");
const isFederationType = (name: string) =>
  FEDERATION_TYPES.has(name) || name.startsWith("federation__") || name.startsWith("link__");

/**
The same definitions on both sides of every diff, so the directives `@key`, `@shareable`… are
defined whatever the SDL carries (the emitted file defines them; a hand-written subgraph SDL does
not), and a federation version bump that changes them is not reported as a schema change.
*/
export const FEDERATION_PRELUDE = `
scalar federation__FieldSet
scalar federation__Scope
scalar federation__Policy
directive @key(fields: federation__FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
directive @shareable repeatable on OBJECT | FIELD_DEFINITION
directive @external on OBJECT | FIELD_DEFINITION
directive @requires(fields: federation__FieldSet!) on FIELD_DEFINITION
directive @provides(fields: federation__FieldSet!) on FIELD_DEFINITION
directive @extends on OBJECT | INTERFACE
directive @override(from: String!, label: String) on FIELD_DEFINITION
directive @tag(name: String!) repeatable on FIELD_DEFINITION | INTERFACE | OBJECT | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION | SCHEMA
directive @interfaceObject on OBJECT
directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
directive @requiresScopes(scopes: [[federation__Scope!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
directive @policy(policies: [[federation__Policy!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
`;

const DEFINITION_OF_EXTENSION: Partial<Record<Kind, Kind>> = {
  [Kind.OBJECT_TYPE_EXTENSION]: Kind.OBJECT_TYPE_DEFINITION,
  [Kind.INTERFACE_TYPE_EXTENSION]: Kind.INTERFACE_TYPE_DEFINITION,
  [Kind.UNION_TYPE_EXTENSION]: Kind.UNION_TYPE_DEFINITION,
  [Kind.ENUM_TYPE_EXTENSION]: Kind.ENUM_TYPE_DEFINITION,
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: Kind.INPUT_OBJECT_TYPE_DEFINITION,
  [Kind.SCALAR_TYPE_EXTENSION]: Kind.SCALAR_TYPE_DEFINITION,
};

type TypeNode = TypeDefinitionNode | TypeExtensionNode;

function isTypeNode(node: DefinitionNode): node is TypeNode {
  return (
    "name" in node &&
    node.kind !== Kind.DIRECTIVE_DEFINITION &&
    node.kind !== Kind.OPERATION_DEFINITION &&
    node.kind !== Kind.FRAGMENT_DEFINITION
  );
}

interface Directed {
  readonly directives?: readonly ConstDirectiveNode[];
}

const inaccessible = (node: Directed) =>
  (node.directives ?? []).some((directive) => INACCESSIBLE.has(directive.name.value));

/**
The client-facing part of a subgraph SDL, as a document: without `extend schema @link(…)`, the
federation definitions (`_Service`, `_Entity`, `_Any`, `link__*`, `federation__*`, federation
directive definitions) and `Query._entities`/`_service`; without anything marked `@inaccessible`
(hidden from the supergraph, so marking a field inaccessible reads as removing it); with an
`extend type X` that has no `type X` turned into its definition (subgraphs may declare
`extend type Query { … }` alone, which graphql-js would otherwise drop).
*/
export function clientFacingDocument(sdl: string): DocumentNode {
  const document = parse(sdl, { noLocation: true });
  let queryTypeName = "Query";
  for (const node of document.definitions) {
    if (node.kind === Kind.SCHEMA_DEFINITION || node.kind === Kind.SCHEMA_EXTENSION) {
      const query = node.operationTypes?.find(
        (operation) => operation.operation === OperationTypeNode.QUERY,
      );
      queryTypeName = query?.type.name.value ?? queryTypeName;
    }
  }
  const hiddenTypes = new Set(
    document.definitions
      .filter(isTypeNode)
      .filter((node) => isFederationType(node.name.value) || inaccessible(node))
      .map((node) => node.name.value),
  );
  const visible = (node: Directed) => !inaccessible(node);
  const visibleMember = (named: NamedTypeNode) => !hiddenTypes.has(named.name.value);
  const fields = (typeName: string, list: readonly FieldDefinitionNode[] | undefined) =>
    list
      ?.filter(visible)
      .filter(
        (field) => !(typeName === queryTypeName && FEDERATION_QUERY_FIELDS.has(field.name.value)),
      )
      .map((field) => ({ ...field, arguments: field.arguments?.filter(visible) }));
  const inputs = (list: readonly InputValueDefinitionNode[] | undefined) => list?.filter(visible);

  const definedTypes = new Set(
    document.definitions
      .filter((node) => isTypeNode(node) && !(node.kind in DEFINITION_OF_EXTENSION))
      .map((node) => (node as TypeNode).name.value),
  );
  const definitions: DefinitionNode[] = [];
  for (const node of document.definitions) {
    switch (node.kind) {
      case Kind.SCHEMA_DEFINITION:
        definitions.push({ ...node, directives: [] });
        continue;
      case Kind.SCHEMA_EXTENSION:
        if (node.operationTypes?.length) {
          definitions.push({ ...node, directives: [] });
        }
        continue;
      case Kind.DIRECTIVE_DEFINITION:
        if (!isFederationDirective(node.name.value)) {
          definitions.push(node);
        }
        continue;
      default:
        break;
    }
    if (!isTypeNode(node)) {
      definitions.push(node);
      continue;
    }
    const name = node.name.value;
    if (hiddenTypes.has(name)) {
      continue;
    }
    let kept: TypeNode;
    switch (node.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION:
        kept = {
          ...node,
          interfaces: node.interfaces?.filter(visibleMember),
          fields: fields(name, node.fields),
        };
        break;
      case Kind.UNION_TYPE_DEFINITION:
      case Kind.UNION_TYPE_EXTENSION:
        kept = { ...node, types: node.types?.filter(visibleMember) };
        break;
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION:
        kept = { ...node, values: node.values?.filter(visible) };
        break;
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        kept = { ...node, fields: inputs(node.fields) };
        break;
      default:
        kept = node;
    }
    const definitionKind = DEFINITION_OF_EXTENSION[kept.kind];
    if (definitionKind !== undefined && !definedTypes.has(name)) {
      // The first `extend type X` of an undefined X becomes `type X`; later ones extend it.
      kept = { ...kept, kind: definitionKind } as TypeNode;
      definedTypes.add(name);
    } else if (definitionKind !== undefined && isEmptyExtension(kept)) {
      continue;
    }
    definitions.push(kept);
  }
  return { kind: Kind.DOCUMENT, definitions };
}

function isEmptyExtension(node: TypeNode): boolean {
  const lists: (readonly unknown[] | undefined)[] = [node.directives];
  if ("fields" in node) {
    lists.push(node.fields);
  }
  if ("interfaces" in node) {
    lists.push(node.interfaces);
  }
  if ("types" in node) {
    lists.push(node.types);
  }
  if ("values" in node) {
    lists.push(node.values);
  }
  return lists.every((list) => !list?.length);
}

/** `clientFacingDocument` after FEDERATION_PRELUDE, built into a schema (the SDL is trusted). */
export function buildSchemaForDiff(sdl: string): GraphQLSchema {
  const ours = clientFacingDocument(sdl);
  const prelude = parse(FEDERATION_PRELUDE, { noLocation: true });
  return buildASTSchema(
    { kind: Kind.DOCUMENT, definitions: [...prelude.definitions, ...ours.definitions] },
    { assumeValidSDL: true },
  );
}

// ---------------------------------------------------------------------------------------------
// Changes and their acknowledgement in CHANGELOG.md
// ---------------------------------------------------------------------------------------------

export interface SchemaEvolution {
  breaking: Change[];
  dangerous: Change[];
  safe: Change[];
  /** The breaking changes no `BREAKING` line under `## Unreleased` mentions. */
  unacknowledged: Change[];
  /** No unacknowledged breaking change. Dangerous changes never make it false. */
  ok: boolean;
}

/** What a changelog line must mention to acknowledge a change: its path, else its type. */
export function acknowledgementKey(change: Change): string {
  return change.path ?? String(change.type);
}

/** The lines of the `## Unreleased` section (until the next `#` or `##` heading); [] if none. */
export function unreleasedLines(changelog: string): string[] {
  const lines = changelog.split(/\r?\n/);
  const start = lines.findIndex((line) => /^##[ \t]+\[?Unreleased\]?[ \t]*$/i.test(line));
  if (start === -1) {
    return [];
  }
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^#{1,2}[ \t]/.test(line));
  return end === -1 ? rest : rest.slice(0, end);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether a `BREAKING` line under `## Unreleased` names this change's path as a whole token. */
export function isAcknowledged(change: Change, unreleased: readonly string[]): boolean {
  // `Query.preverifiedNumber` must not be acknowledged by `Query.preverifiedNumberV2`,
  // `Foo.Query.preverifiedNumber` or `Query.preverifiedNumber.id`; a sentence's final `.` is fine.
  const mention = new RegExp(
    `(?<![\\w.@])${escapeRegExp(acknowledgementKey(change))}(?![\\w]|\\.[\\w@])`,
  );
  return unreleased.some((line) => /\bBREAKING\b/.test(line) && mention.test(line));
}

/** Diffs two subgraph SDLs and sorts the changes; breaking ones must be acknowledged. */
export async function checkSchemaEvolution(input: {
  oldSdl: string;
  newSdl: string;
  changelog: string;
}): Promise<SchemaEvolution> {
  const changes = await diff(buildSchemaForDiff(input.oldSdl), buildSchemaForDiff(input.newSdl));
  const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking);
  const dangerous = changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous);
  const safe = changes.filter((c) => c.criticality.level === CriticalityLevel.NonBreaking);
  const unreleased = unreleasedLines(input.changelog);
  const unacknowledged = breaking.filter((change) => !isAcknowledged(change, unreleased));
  return { breaking, dangerous, safe, unacknowledged, ok: unacknowledged.length === 0 };
}

// ---------------------------------------------------------------------------------------------
// The base schema from git
// ---------------------------------------------------------------------------------------------

export type Base =
  | { found: true; rev: string; commit: string; why: string; sdl: string }
  | { found: false; why: string };

class CheckError extends Error {}

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const result = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    throw new CheckError(`cannot run git: ${result.error.message}`);
  }
  return { ok: result.status === 0, out: result.stdout.trim(), err: result.stderr.trim() };
}

function commitOf(cwd: string, rev: string): string | undefined {
  const result = git(cwd, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]);
  return result.ok ? result.out : undefined;
}

/** Picks the base revision (see the top of this file) and reads the schema there. */
export function findBase(root: string, explicit?: string): Base {
  const inside = git(root, ["rev-parse", "--is-inside-work-tree"]);
  if (!inside.ok || inside.out !== "true") {
    throw new CheckError(`${root} is not in a git work tree: ${inside.err}`);
  }
  let rev: string | undefined;
  let why = "";
  if (explicit !== undefined) {
    if (commitOf(root, explicit) === undefined) {
      throw new CheckError(`--base ${explicit} is not a commit in this repository`);
    }
    rev = explicit;
    why = `--base ${explicit}`;
  } else {
    const head = commitOf(root, "HEAD");
    if (head === undefined) {
      return { found: false, why: "HEAD has no commit yet" };
    }
    const main = ["origin/main", "main"].find((ref) => commitOf(root, ref) !== undefined);
    if (main !== undefined) {
      const mergeBase = git(root, ["merge-base", "HEAD", main]);
      if (!mergeBase.ok) {
        rev = main;
        why = `${main}, which shares no history with HEAD`;
      } else if (mergeBase.out !== head) {
        rev = mergeBase.out;
        why = `merge-base of HEAD and ${main}`;
      }
    }
    if (rev === undefined) {
      // HEAD is main (or behind it): check the last change to the file on main's line of
      // commits, against the version before it, even when later commits did not touch it.
      const reason =
        main === undefined ? "neither origin/main nor main exists" : `HEAD is already in ${main}`;
      const last = git(root, [
        "log",
        "--first-parent",
        "-1",
        "--format=%H",
        "HEAD",
        "--",
        `./${SCHEMA_PATH}`,
      ]);
      if (!last.ok || last.out === "") {
        return { found: false, why: `${reason}, and no commit has ${SCHEMA_PATH}` };
      }
      const lastShort = last.out.slice(0, 12);
      if (commitOf(root, `${last.out}~1`) === undefined) {
        const shallow = git(root, ["rev-parse", "--is-shallow-repository"]).out === "true";
        return {
          found: false,
          why:
            `${reason}, and ${lastShort}, the last commit that changed ${SCHEMA_PATH}, has no parent` +
            (shallow ? " in this shallow clone (fetch more history to check it)" : ""),
        };
      }
      rev = `${last.out}~1`;
      why =
        `${reason}: the parent of ${lastShort}, the last commit that changed ${SCHEMA_PATH}` +
        (last.out === head ? " (HEAD)" : "");
    }
  }
  const commit = commitOf(root, rev) ?? rev;
  const spec = `${commit}:./${SCHEMA_PATH}`;
  if (!git(root, ["cat-file", "-e", spec]).ok) {
    return {
      found: false,
      why: `${SCHEMA_PATH} does not exist at ${commit.slice(0, 12)} (${why})`,
    };
  }
  const shown = git(root, ["show", spec]);
  if (!shown.ok) {
    throw new CheckError(`git show ${spec} failed: ${shown.err}`);
  }
  return { found: true, rev, commit, why, sdl: `${shown.out}\n` };
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

const LABEL: Record<string, string> = {
  [CriticalityLevel.Breaking]: "BREAKING ",
  [CriticalityLevel.Dangerous]: "DANGEROUS",
  [CriticalityLevel.NonBreaking]: "SAFE     ",
};

const USAGE = `Usage: tsx scripts/check-schema-evolution.ts [--base <rev>] [--root <dir>]
  --base <rev>  compare with ${SCHEMA_PATH} at <rev> instead of the default base
  --root <dir>  the project directory (default: the one this script belongs to)`;

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return undefined;
    }
    throw error;
  }
}

export async function main(argv: string[]): Promise<number> {
  let values: { base?: string; root?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        base: { type: "string" },
        root: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const root = values.root ?? fileURLToPath(new URL("..", import.meta.url));
  try {
    const newSdl = await readOptional(join(root, SCHEMA_PATH));
    if (newSdl === undefined) {
      throw new CheckError(`${join(root, SCHEMA_PATH)} does not exist`);
    }
    const base = findBase(root, values.base);
    if (!base.found) {
      console.log(`Schema evolution: no base schema (${base.why}); nothing to compare, passing.`);
      return 0;
    }
    console.log(
      `Schema evolution: ${SCHEMA_PATH} (working tree) against base ${base.commit.slice(0, 12)} ` +
        `(${base.why})`,
    );
    const changelog = await readOptional(join(root, CHANGELOG_PATH));
    if (changelog === undefined) {
      console.log(`(no ${CHANGELOG_PATH}: no breaking change can be acknowledged)`);
    }
    const result = await checkSchemaEvolution({
      oldSdl: base.sdl,
      newSdl,
      changelog: changelog ?? "",
    });
    const all = [...result.breaking, ...result.dangerous, ...result.safe];
    if (all.length === 0) {
      console.log("No schema changes.");
    }
    for (const change of all) {
      const note =
        change.criticality.level !== CriticalityLevel.Breaking
          ? ""
          : result.unacknowledged.includes(change)
            ? "  [NOT ACKNOWLEDGED]"
            : `  [acknowledged in ${CHANGELOG_PATH}]`;
      const label = LABEL[change.criticality.level] ?? change.criticality.level;
      console.log(`  ${label}  ${acknowledgementKey(change)}: ${change.message}${note}`);
    }
    const acknowledged = result.breaking.length - result.unacknowledged.length;
    console.log(
      `${result.breaking.length} breaking (${acknowledged} acknowledged), ` +
        `${result.dangerous.length} dangerous, ${result.safe.length} safe.`,
    );
    if (result.ok) {
      return 0;
    }
    console.error(
      `\n✖ ${result.unacknowledged.length} breaking change(s) not acknowledged. Either undo them, or ` +
        `add a line for each to the "## Unreleased" section of ${CHANGELOG_PATH} with the word ` +
        `BREAKING and the path, e.g.:\n` +
        result.unacknowledged
          .map((change) => `  - BREAKING: \`${acknowledgementKey(change)}\`: ${change.message}.`)
          .join("\n"),
    );
    return 1;
  } catch (error) {
    if (error instanceof CheckError || error instanceof GraphQLError) {
      console.error(`✖ Cannot check schema evolution: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
