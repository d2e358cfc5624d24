// Every process the runner starts goes through here, so all of them are stopped on any exit:
// normal end, a failed check, an exception, Ctrl-C or SIGTERM.
import { spawn } from "node:child_process";
import { clearTimeout, setTimeout } from "node:timers";
import { setTimeout as sleep } from "node:timers/promises";

/** @type {Set<import("node:child_process").ChildProcess>} */
const live = new Set();
const TAIL_CHARS = 4000;

/**
Starts a process. stdout/stderr are piped and their last few KiB kept in `child.tail()` (for error
reports); `ipc: true` adds an IPC channel (our own helpers use it).
*/
export function start(command, args, { env, ipc = false, captureStdout = false } = {}) {
  const child = spawn(command, args, {
    env: env ?? process.env,
    stdio: ["ignore", "pipe", "pipe", ...(ipc ? ["ipc"] : [])],
  });
  live.add(child);
  let stdout = "";
  let tail = "";
  const keep = (chunk) => {
    tail = (tail + chunk).slice(-TAIL_CHARS);
  };
  child.stdout?.setEncoding("utf8").on("data", (chunk) => {
    if (captureStdout) {
      stdout += chunk;
    } else {
      keep(chunk);
    }
  });
  child.stderr?.setEncoding("utf8").on("data", keep);
  child.exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
    child.once("error", (error) => {
      live.delete(child);
      keep(String(error));
      resolve({ code: -1, signal: null });
    });
  });
  child.tail = () => tail;
  child.stdoutText = () => stdout;
  return child;
}

/** Waits for an IPC message matching `predicate`; fails if the process exits or time runs out. */
export function waitForMessage(child, predicate, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${what}: no answer within ${timeoutMs} ms\n${child.tail()}`));
    }, timeoutMs);
    const onMessage = (message) => {
      if (predicate(message)) {
        done();
        resolve(message);
      }
    };
    const onExit = (code, signal) => {
      done();
      reject(
        new Error(`${what}: process exited (code ${code}, signal ${signal})\n${child.tail()}`),
      );
    };
    function done() {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    }
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/**
SIGTERM (or the child's own `stopSignal`, e.g. PostgreSQL's SIGINT) to every live process, then
SIGKILL to whatever is left after `graceMs`.
*/
export async function stopAll(graceMs = 3000) {
  const pending = [...live];
  for (const child of pending) {
    child.kill(child.stopSignal ?? "SIGTERM");
  }
  await Promise.race([Promise.all(pending.map((child) => child.exited)), sleep(graceMs)]);
  killAllNow();
}

/** Synchronous last resort (usable from `process.on("exit")`). */
export function killAllNow() {
  for (const child of live) {
    child.kill("SIGKILL");
  }
}
