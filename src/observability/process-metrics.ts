/**
The process's default metrics (CPU, memory, heap, event loop lag, GC, handles, Node version), in a
registry of their own, made once per process.

Why once: prom-client's `collectDefaultMetrics` reads most values when scraped, but each call also
starts an event-loop delay monitor (`monitorEventLoopDelay`, sampling every 10 ms) and a GC
`PerformanceObserver`, and neither can be stopped. One call per server would leave both running for
every server a test suite builds. These metrics describe the process anyway, not one server: each
server's registry is merged with this one for its `/metrics` (prom-client's global default
registry is never used).
*/
import { collectDefaultMetrics, Registry } from "prom-client";

let shared: Registry | undefined;

export function processMetricsRegistry(): Registry {
  if (shared === undefined) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
