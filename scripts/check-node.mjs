// Fails loudly when an npm script runs on a Node.js older than the one this service is built for.
// npm puts node_modules/.bin first on PATH, so the `node` package (Node 24) normally wins; if its
// install script did not run (e.g. `npm ci --ignore-scripts`), the machine's own Node would be used.
const required = 24;
const major = Number(process.versions.node.split(".")[0]);
if (major < required) {
  console.error(
    `\n✖ This project needs Node.js ${required}+, but ${process.execPath} is ${process.version}.\n` +
      `  Run \`npm ci\` (without --ignore-scripts) so the pinned \`node\` package provides Node ${required},\n` +
      `  and run commands through npm scripts (npm start, npm test), which put it first on PATH.\n`,
  );
  process.exit(1);
}
