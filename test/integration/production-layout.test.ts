/**
The Docker image's layout, outside Docker: `dist/` compiled by `tsc -p tsconfig.build.json`,
package.json next to it and production dependencies installed with
`npm ci --omit=dev --ignore-scripts`, then the Dockerfile's `CMD` (`node <flags> dist/main.js`)
with NODE_ENV=production, as its final stage runs it. The Meta emulator (`dist/emulator/main.js`) is the upstream.
*/
import assert from "node:assert/strict";
import { copyFile, cp, mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ServiceSdlDocument, SharePreverifiedNumberDocument } from "../__generated__/graphql.js";
import { executeAt } from "../helpers/graphql.js";
import { type SpawnedNode, runToCompletion, spawnNode, stopAll } from "../helpers/processes.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

/** What npm may need to reach its registry (proxies, private CAs); nothing else of the caller's env. */
const NPM_ENV_PASSTHROUGH = [
  "npm_config_registry",
  "npm_config_cache",
  "npm_config_userconfig",
  "npm_config_cafile",
  "npm_config_strict_ssl",
  "npm_config_proxy",
  "npm_config_https_proxy",
  "npm_config_noproxy",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
];

/** The Dockerfile's `CMD` as an argv: `["node", ...flags, "dist/main.js"]`. */
async function dockerCmd(): Promise<string[]> {
  const dockerfile = await readFile(join(ROOT, "Dockerfile"), "utf8");
  const lines = dockerfile.split("\n").filter((line) => line.startsWith("CMD ["));
  assert.equal(lines.length, 1, "one exec-form CMD");
  const argv: unknown = JSON.parse(lines[0]!.slice("CMD ".length));
  assert.ok(Array.isArray(argv) && argv.every((item) => typeof item === "string"));
  assert.equal(argv[0], "node");
  assert.equal(argv.at(-1), "dist/main.js");
  return argv;
}

/** The runtime stage's `ENV` settings (the last stage of the Dockerfile). */
async function dockerRuntimeEnv(): Promise<Record<string, string>> {
  const dockerfile = await readFile(join(ROOT, "Dockerfile"), "utf8");
  const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
  const env: Record<string, string> = {};
  for (const [, body = ""] of runtime.replace(/\\\n/g, " ").matchAll(/^ENV (.*)$/gm)) {
    for (const [, name = "", value = ""] of body.matchAll(/([A-Z_]+)=(\S+)/g)) {
      env[name] = value;
    }
  }
  return env;
}

interface GraphQLResponse {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

interface LockFile {
  packages: Record<string, { dev?: boolean }>;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Every file under `dir` with its size and mtime, to show the service writes nothing. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    files.set(path, `${info.size}:${info.mtimeMs}`);
  }
  return files;
}

describe("production layout (what the Dockerfile runs)", { timeout: 240_000 }, () => {
  /** The image's WORKDIR (/app); empty until created. */
  let app = "";
  let emulator: SpawnedNode;
  let service: SpawnedNode;
  let graphqlUrl: string;
  let filesBeforeStart: Map<string, string>;

  const AUTH = { authorization: "Bearer emu-token-acme" };

  /** A raw query (the introspection probe). */
  async function post(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse> {
    const response = await fetch(graphqlUrl, {
      method: "POST",
      headers: {
        Authorization: "Bearer emu-token-acme",
        "Content-Type": "application/json",
      },
      body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse["body"] };
  }

  before(async () => {
    app = await mkdtemp(join(tmpdir(), "subgraph-production-layout-"));
    // Dockerfile `build` stage: npm run build, i.e. tsc -p tsconfig.build.json (into our dir).
    await runToCompletion(
      process.execPath,
      [TSC, "-p", "tsconfig.build.json", "--outDir", join(app, "dist")],
      { cwd: ROOT },
    );
    // Dockerfile `deps` stage. --prefer-offline: the lockfile pins every integrity hash, so the
    // tarballs cached by the repository's own `npm ci` do (less network, faster).
    await copyFile(join(ROOT, "package.json"), join(app, "package.json"));
    await copyFile(join(ROOT, "package-lock.json"), join(app, "package-lock.json"));
    // Dockerfile runtime stage: the SQL migrations beside dist/ (applied at start-up).
    await cp(join(ROOT, "migrations"), join(app, "migrations"), { recursive: true });
    const npmEnv = Object.fromEntries(NPM_ENV_PASSTHROUGH.map((name) => [name, process.env[name]]));
    await runToCompletion(
      "npm",
      [
        "ci",
        "--omit=dev",
        "--ignore-scripts",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
      ],
      { cwd: app, env: npmEnv, timeoutMs: 180_000 },
    );
  });

  after(async () => {
    await stopAll();
    if (app !== "") {
      await rm(app, { recursive: true, force: true });
    }
  });

  it("installs production dependencies only, without running install scripts", async () => {
    const pkg = JSON.parse(await readFile(join(app, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    for (const name of Object.keys(pkg.dependencies)) {
      assert.ok(await exists(join(app, "node_modules", name)), `${name} is installed`);
    }
    for (const name of ["typescript", "tsx", "eslint", "prettier", "@graphql-codegen/cli"]) {
      assert.equal(await exists(join(app, "node_modules", name)), false, `${name} is absent`);
    }
    // Every package the lockfile marks dev-only, direct or transitive. (A devDependency that is
    // also a production dependency's dependency is not dev-only and is rightly installed.)
    const lock = JSON.parse(await readFile(join(app, "package-lock.json"), "utf8")) as LockFile;
    const devOnly = Object.entries(lock.packages).filter(([path, entry]) => path && entry.dev);
    assert.ok(devOnly.length > 0);
    for (const [path] of devOnly) {
      assert.equal(await exists(join(app, path)), false, `${path} (dev only) is absent`);
    }
    // The `node` package's preinstall (a ~126 MB Node download) did not run: the image has Node.
    assert.equal(await exists(join(app, "node_modules", "node", "bin", "node")), false);
    assert.equal(await exists(join(app, "node_modules", ".bin", "node")), false);
  });

  it("the image runs in production on every interface of the container", async () => {
    const env = await dockerRuntimeEnv();
    assert.equal(env["NODE_ENV"], "production");
    // The service's own default is loopback; in a container it must listen on the interface.
    assert.equal(env["HOST"], "0.0.0.0");
    assert.equal(env["GRAPH_API_URL"], undefined, "Meta's https:// API by default");
  });

  it("starts the emulator and the service with NODE_ENV=production", async () => {
    emulator = spawnNode(["dist/emulator/main.js"], {
      cwd: app,
      env: { EMULATOR_PORT: "0", EMULATOR_HOST: "127.0.0.1" },
    });
    const listening = await emulator.waitForLine((line) =>
      line.includes("Meta emulator listening"),
    );
    const emulatorUrl = /(http:\/\/127\.0\.0\.1:\d+)/.exec(listening)?.[1];
    assert.ok(emulatorUrl, `emulator URL in: ${listening}`);

    filesBeforeStart = await snapshot(app);
    service = spawnNode((await dockerCmd()).slice(1), {
      cwd: app,
      env: {
        NODE_ENV: "production",
        PORT: "0",
        HOST: "127.0.0.1",
        GRAPH_API_URL: emulatorUrl,
        LOG_LEVEL: "info",
      },
    });
    const ready = await service.waitForLine((line) => line.includes("GraphQL ready at"));
    // Production logs are JSON lines (pino), not pretty-printed.
    const log = JSON.parse(ready) as { msg: string; env?: string };
    assert.equal(log.env, "production");
    const port = /GraphQL ready at http:\/\/localhost:(\d+)\/graphql/.exec(log.msg)?.[1];
    assert.ok(port !== undefined && Number(port) > 0, `port in: ${log.msg}`);
    graphqlUrl = `http://127.0.0.1:${port}/graphql`;
  });

  it("shares a pre-verified number through the emulator", async () => {
    const { status, body } = await executeAt(
      graphqlUrl,
      SharePreverifiedNumberDocument,
      {
        input: {
          businessId: "1000000000000001",
          preverifiedId: "3000000000000001",
          partnerBusinessId: "2000000000000001",
        },
      },
      AUTH,
    );
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const result = body.data?.sharePreverifiedNumber;
    assert.equal(result?.__typename, "SharePreverifiedNumberSuccess", JSON.stringify(body));
  });

  it("refuses introspection in production", async () => {
    const { body } = await post("{ __schema { types { name } } }");
    assert.ok(body.errors && body.errors.length > 0, JSON.stringify(body));
    assert.equal(body.data?.["__schema"], undefined);
  });

  it("answers the federation _service query with the subgraph SDL", async () => {
    const { status, body } = await executeAt(graphqlUrl, ServiceSdlDocument, {}, AUTH);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const sdl: unknown = body.data?._service.sdl;
    assert.equal(typeof sdl, "string");
    assert.match(sdl as string, /@key\b/);
  });

  it("stops gracefully on SIGTERM (exit code 0) and has written nothing", async () => {
    const serviceExit = await service.stop("SIGTERM");
    assert.deepEqual(serviceExit, { code: 0, signal: null }, service.output());
    assert.match(service.output(), /"msg":"Stopped"/);
    const emulatorExit = await emulator.stop("SIGTERM");
    assert.deepEqual(emulatorExit, { code: 0, signal: null }, emulator.output());
    // The image runs with a read-only root filesystem: the app directory must stay untouched.
    assert.deepEqual(await snapshot(app), filesBeforeStart);
  });
});
