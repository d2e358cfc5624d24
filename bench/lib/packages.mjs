// Which package a profiled frame belongs to, and how a frame is named: shared by the CPU profile
// and the allocation profile.
import { join, relative, sep } from "node:path";
import { URL } from "node:url";
import { BENCH_DIR, ROOT } from "./targets.mjs";

const DIST = join(ROOT, "dist") + sep;
const PEER = join(BENCH_DIR, "peer") + sep;

/** The package a script URL belongs to, "service" for dist/, "peer" for bench/peer/, or undefined (Node, V8, eval). */
export function packageOf(url) {
  if (url === "") {
    return undefined;
  }
  const path = url.startsWith("file://") ? decodeURIComponent(new URL(url).pathname) : url;
  const at = path.lastIndexOf("/node_modules/");
  if (at !== -1) {
    const [first, second] = path.slice(at + "/node_modules/".length).split("/");
    return first?.startsWith("@") ? `${first}/${second}` : first;
  }
  if (path.startsWith(DIST)) {
    return "service";
  }
  if (path.startsWith(PEER)) {
    return "peer";
  }
  return undefined;
}

/** A frame as "function file:line", the file relative to the project; V8's builtins have no file. */
export function frameName({ functionName, url, lineNumber }) {
  const name = functionName || "(anonymous)";
  if (url === "") {
    return name;
  }
  const path = url.startsWith("file://") ? decodeURIComponent(new URL(url).pathname) : url;
  return `${name} ${path.startsWith("/") ? relative(ROOT, path) : path}:${lineNumber + 1}`;
}
