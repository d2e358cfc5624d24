/**
Child processes for tests: start a Node script (or any command) with a minimal environment, wait
for a log line, stop it. Every process started here is tracked; call `stopAll()` from `after()`
so none outlives its test, and any still running when the test process exits is SIGKILLed.
*/
import { type ChildProcess, spawn } from "node:child_process";

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  cwd?: string;
  /** Added to the minimal environment (PATH, HOME); `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
}

export interface SpawnedNode {
  readonly pid: number | undefined;
  /**
  Resolves with the first line (stdout or stderr, already printed or still to come) that matches.
  Rejects, with the output so far, on timeout or when the process exits without such a line.
  */
  waitForLine(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Everything printed so far, stdout and stderr interleaved in arrival order. */
  output(): string;
  /** Settles once the process has exited and its output is fully read. Never rejects. */
  readonly exited: Promise<ExitStatus>;
  /** Sends `signal`, then SIGKILL if the process is still running after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<ExitStatus>;
}

const running = new Set<SpawnedProcess>();

process.once("exit", () => {
  for (const child of running) {
    child.killNow();
  }
});

/** The developer's environment stays out: only what finding programs and a home directory need. */
function minimalEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...extra,
  })) {
    if (value !== undefined) {
      env[name] = value;
    }
  }
  return env;
}

class SpawnedProcess implements SpawnedNode {
  readonly exited: Promise<ExitStatus>;
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private text = "";
  private readonly waiters = new Set<{ check: () => boolean }>();
  private status: ExitStatus | undefined;
  private spawnError: Error | undefined;

  constructor(command: string, args: readonly string[], options: SpawnOptions) {
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: minimalEnv(options.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(this);
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = "";
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        this.text += chunk;
        const parts = (partial + chunk).split(/\r?\n/);
        partial = parts.pop() ?? "";
        this.addLines(parts);
      });
      stream?.on("end", () => {
        if (partial !== "") {
          this.addLines([partial]);
          partial = "";
        }
      });
    }
    this.exited = new Promise<ExitStatus>((resolve) => {
      this.child.once("error", (error) => {
        // Only a failed spawn leaves no 'close' event to wait for.
        if (this.child.pid === undefined) {
          this.spawnError = error;
          this.finish({ code: null, signal: null }, resolve);
        }
      });
      this.child.once("close", (code, signal) => {
        this.finish({ code, signal }, resolve);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  output(): string {
    return this.text;
  }

  waitForLine(predicate: (line: string) => boolean, timeoutMs = 20_000): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      let searched = 0;
      const waiter = {
        check: (): boolean => {
          for (; searched < this.lines.length; searched++) {
            const line = this.lines[searched]!;
            if (predicate(line)) {
              done();
              resolve(line);
              return true;
            }
          }
          if (this.status !== undefined) {
            done();
            reject(
              this.failure(`exited (${describeStatus(this.status)}) without printing that line`),
            );
            return true;
          }
          return false;
        },
      };
      const timer = setTimeout(() => {
        done();
        reject(this.failure(`printed no such line within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  async stop(signal: NodeJS.Signals = "SIGTERM", graceMs = 10_000): Promise<ExitStatus> {
    if (this.status === undefined) {
      this.child.kill(signal);
      const timer = setTimeout(() => {
        this.killNow();
      }, graceMs);
      try {
        return await this.exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return this.exited;
  }

  /** Synchronous, for the `exit` hook too. */
  killNow(): void {
    if (
      this.status === undefined &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    ) {
      this.child.kill("SIGKILL");
    }
  }

  private addLines(lines: readonly string[]): void {
    this.lines.push(...lines);
    for (const waiter of [...this.waiters]) {
      waiter.check();
    }
  }

  private finish(status: ExitStatus, resolve: (status: ExitStatus) => void): void {
    if (this.status !== undefined) {
      return;
    }
    this.status = status;
    running.delete(this);
    resolve(status);
    for (const waiter of [...this.waiters]) {
      waiter.check();
    }
  }

  private failure(what: string): Error {
    const cause = this.spawnError ? ` (spawn failed: ${this.spawnError.message})` : "";
    return new Error(
      `Process ${this.child.spawnargs.join(" ")} ${what}${cause}. Output so far:\n${this.text}`,
    );
  }
}

function describeStatus(status: ExitStatus): string {
  return status.signal !== null ? `signal ${status.signal}` : `code ${String(status.code)}`;
}

/** Starts a command (not necessarily Node) with the minimal environment plus `options.env`. */
export function spawnProcess(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): SpawnedNode {
  return new SpawnedProcess(command, args, options);
}

/** Starts `node <args>` with the Node running the tests (`process.execPath`). */
export function spawnNode(args: readonly string[], options: SpawnOptions = {}): SpawnedNode {
  return spawnProcess(process.execPath, args, options);
}

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;

/**
The real service (`src/main.ts` through tsx) on a free loopback port with `env`. Outside
production its embedded database is in memory, so test processes never share a folder.
*/
export function startMain(env: Record<string, string | undefined>): SpawnedNode {
  return spawnNode(["--import", "tsx", MAIN], {
    env: {
      PORT: "0",
      HOST: "127.0.0.1",
      ...(env["NODE_ENV"] === "production" ? {} : { STATE_DIR: "memory" }),
      ...env,
    },
  });
}

/**
Runs a command to completion and resolves with its output; rejects, with the output, when it
exits with anything but code 0 or runs longer than `timeoutMs` (then it is killed).
*/
export async function runToCompletion(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<string> {
  const child = spawnProcess(command, args, options);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const deadline = { passed: false };
  const timer = setTimeout(() => {
    deadline.passed = true;
    void child.stop("SIGTERM", 2_000);
  }, timeoutMs);
  const status = await child.exited.finally(() => {
    clearTimeout(timer);
  });
  if (deadline.passed || status.code !== 0) {
    const why = deadline.passed
      ? `timed out after ${timeoutMs} ms`
      : `exited with ${describeStatus(status)}`;
    throw new Error(`${command} ${args.join(" ")} ${why}. Output:\n${child.output()}`);
  }
  return child.output();
}

/** Stops every process still running (SIGTERM, then SIGKILL after `graceMs`). For `after()`. */
export async function stopAll(graceMs = 10_000): Promise<void> {
  await Promise.all([...running].map((child) => child.stop("SIGTERM", graceMs)));
}
