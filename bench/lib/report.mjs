// What the profiling scripts (`bench:profile`, `bench:alloc`) share: option checks, Markdown
// tables, the formatted results file, and how a run ends.
import { writeFileSync } from "node:fs";
import { killAllNow, stopAll } from "./children.mjs";
import { CheckError, run } from "./targets.mjs";

/** `values[name]` as an integer in [min, max], or a CheckError naming the flag. */
export function integerOption(values, name, min, max) {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CheckError(`--${name} must be an integer in [${min}, ${max}]`);
  }
  return value;
}

/** A Markdown table: the first column left-aligned, the others right-aligned. */
export function markdownTable(header, rows) {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (i === 0 ? "---" : "--:")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

/** Writes `text` to `file` as Prettier formats it (results are committed, and checked by Prettier). */
export async function writeFormatted(file, text) {
  const prettier = await import("prettier");
  const config = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(text, { ...config, filepath: file }));
}

/** Runs `main`, stopping every started process on any exit; exit code 1 on failure. */
export function runMain(main) {
  process.on("exit", killAllNow);
  main().then(
    () => process.exit(0),
    async (error) => {
      console.error(`\n✖ ${error instanceof CheckError ? error.message : (error?.stack ?? error)}`);
      await stopAll();
      process.exit(1);
    },
  );
}

/** `npm run build`, unless the run was asked to measure `dist/` as it is. */
export async function buildUnless(skipBuild) {
  if (!skipBuild) {
    console.log("Building the service (npm run build)…");
    await run("npm", ["run", "--silent", "build"]);
  }
}
