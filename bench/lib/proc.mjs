// Readers of /proc for another process: CPU time (all threads) and resident memory.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Clock ticks per second of utime/stime (`getconf CLK_TCK`, 100 on Linux almost always). */
export const CLK_TCK = (() => {
  try {
    const value = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isInteger(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of the whole process in clock ticks, or undefined once it is gone. */
export function cpuTicks(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may contain spaces: split after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); utime is field 14 and stime field 15.
  return Number(fields[11]) + Number(fields[12]);
}

/** VmRSS and VmHWM (lifetime peak) in KiB, or undefined once the process is gone. */
export function memoryKiB(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1]);
  return { rss: field("VmRSS"), hwm: field("VmHWM") };
}

export function ticksToMs(ticks) {
  return (ticks * 1000) / CLK_TCK;
}

/** Busy clock ticks of the whole machine, all cores (everything in /proc/stat but idle and iowait). */
export function machineBusyTicks() {
  const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/).slice(1);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return user + nice + system + irq + softirq + steal;
}
