/**
History writes that could not wait: a share or unshare Meta already answered is recorded even
while the database is unreachable, by keeping the write here and retrying it until the database
is back (oldest first). Bounded; what is here is lost if the process dies before then (the log
line of each attempt, `audit: true`, still has it).
*/
import type { Logger } from "../logger.js";
import { isUnavailable } from "./database.js";

/** Writes kept at most; beyond it the oldest is dropped (and logged). */
const MAX_WRITES = 10_000;
const RETRY_MS = { first: 500, max: 10_000 };

export class WriteBacklog {
  private readonly writes: (() => Promise<void>)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private delay = RETRY_MS.first;

  constructor(private readonly logger: Logger) {}

  get size(): number {
    return this.writes.length;
  }

  /** Runs `write` now; when it fails, keeps it for later. Never rejects. */
  async run(write: () => Promise<void>): Promise<void> {
    if (this.writes.length === 0) {
      try {
        await write();
        return;
      } catch (error) {
        if (!isUnavailable(error)) {
          this.logger.error({ err: error }, "State write failed (not retried)");
          return;
        }
        this.logger.warn({ err: error }, "State write failed; kept in memory and retried");
      }
    }
    this.keep(write);
  }

  private keep(write: () => Promise<void>): void {
    if (this.writes.length >= MAX_WRITES) {
      this.writes.shift();
      this.logger.error("State write backlog full: the oldest history write was dropped");
    }
    this.writes.push(write);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.delay);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    while (this.writes.length > 0) {
      const next = this.writes[0];
      if (next === undefined) {
        break;
      }
      try {
        await next();
      } catch (error) {
        if (!isUnavailable(error)) {
          this.logger.error({ err: error }, "State write failed (not retried)");
          this.writes.shift();
          continue;
        }
        this.delay = Math.min(this.delay * 2, RETRY_MS.max);
        this.schedule();
        return;
      }
      this.writes.shift();
    }
    this.delay = RETRY_MS.first;
    this.logger.info("State writes kept during the outage are written");
  }
}
