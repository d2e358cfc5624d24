/**
The expiry jobs, in pg-boss (PostgreSQL's SKIP LOCKED job queue; PGlite through its adapter): one
job per schedule version, sent in the transaction that writes the version, started at
`expiresAt`. pg-boss hands a job to one worker at a time across replicas and runs it again when the
worker dies (its heartbeat stops); the job's handler makes that repeat harmless (see
src/sharing/expiry.ts).
*/
import { type Job, type JobResult, PgBoss } from "pg-boss";
import type { Logger } from "../logger.js";
import type { ExpiryJob } from "../sharing/ports.js";
import type { Database, Queryable } from "./database.js";

export const EXPIRY_QUEUE = "share-expiry";

export interface ExpiryQueueSettings {
  /** How often each replica looks for due jobs. */
  readonly pollIntervalMs: number;
  /** Jobs one replica runs at once. */
  readonly concurrency: number;
}

/**
A worker that stops sending heartbeats for this long (a replica killed mid-job) loses its job to
another replica. pg-boss's minimum.
*/
const HEARTBEAT_SECONDS = 10;

export class ExpiryQueue {
  private readonly boss: PgBoss;

  constructor(
    db: Database,
    private readonly settings: ExpiryQueueSettings,
    logger: Logger,
  ) {
    this.boss = new PgBoss({
      ...db.jobQueueOptions(),
      schema: "pgboss",
      // pg-boss's own maintenance: how often it looks for workers that stopped (heartbeats). Both
      // timers: the supervisor fails jobs with a stale heartbeat only in a queue's monitor pass,
      // which runs every `monitorIntervalSeconds` (60 s by default) whatever the supervisor's own.
      superviseIntervalSeconds: HEARTBEAT_SECONDS,
      monitorIntervalSeconds: HEARTBEAT_SECONDS,
      maintenanceIntervalSeconds: 60,
    });
    let reported = false;
    // Connection losses arrive here; pg-boss keeps polling and recovers by itself.
    this.boss.on("error", (error: unknown) => {
      if (!reported) {
        reported = true;
        logger.warn({ err: error }, "Expiry queue: database error (retrying)");
        setTimeout(() => {
          reported = false;
        }, 30_000).unref();
      }
    });
  }

  /** Installs or migrates pg-boss's schema (under its advisory lock) and the queue. */
  async start(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(EXPIRY_QUEUE, {
      // Retries of a handler that threw (the database went away mid-job); Meta's own answers
      // are rescheduled by the handler, with their own delays.
      retryLimit: 20,
      retryDelay: 5,
      retryBackoff: true,
      retryDelayMax: 300,
      heartbeatSeconds: HEARTBEAT_SECONDS,
      expireInSeconds: 300,
    });
  }

  /** Sends `job` to start at `at`, inside the caller's transaction `tx`. */
  async send(tx: Queryable, job: ExpiryJob, at: Date): Promise<void> {
    await this.boss.send(
      EXPIRY_QUEUE,
      { ...job },
      {
        startAfter: at,
        db: {
          executeSql: async (text: string, values?: unknown[]) => ({
            rows: await tx.query<Record<string, unknown>>(text, values),
          }),
        },
      },
    );
  }

  /**
  Runs `handler` for each due job, several at once; a handler that throws has its job retried.
  Jobs come in batches, fetched back to back while batches come full (a burst of expiries does
  not wait a polling interval per job).
  */
  async work(handler: (job: ExpiryJob) => Promise<void>): Promise<void> {
    const options = {
      pollingIntervalSeconds: this.settings.pollIntervalMs / 1000,
      batchSize: this.settings.concurrency,
      burstWhenBatchFull: true,
      perJobResults: true,
      localConcurrency: 1,
    } as const;
    await this.boss.work<ExpiryJob, unknown, typeof options>(
      EXPIRY_QUEUE,
      options,
      async (jobs: Job<ExpiryJob>[]): Promise<JobResult[]> => {
        const settled = await Promise.allSettled(jobs.map((job) => handler(job.data)));
        return jobs.map((job, index) => ({
          id: job.id,
          status:
            settled[index]?.status === "fulfilled" ? ("completed" as const) : ("failed" as const),
        }));
      },
    );
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 5_000 });
  }
}
