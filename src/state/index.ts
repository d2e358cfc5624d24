/**
The state engine, opened by the composition root: the database (PostgreSQL at `DATABASE_URL`,
else PGlite in the process, else none), its migrations, the expiry queue and its worker, and the
stores the use cases see. With PostgreSQL the service starts even while the database is
unreachable: stateless operations work, time-limited shares and history answer
`state_unavailable`, and the connection, migrations and worker are retried until they succeed.
*/
import type { ExpirySettings, StateSettings } from "../config.js";
import type { GraphApi } from "../graph-api/index.js";
import { serviceCall } from "../graph-api/service-call.js";
import type { Logger } from "../logger.js";
import { expireShare, type ExpiryPorts } from "../sharing/expiry.js";
import type { SharingState } from "../sharing/ports.js";
import { createEmbeddedDatabase, createPostgresDatabase, type Database } from "./database.js";
import { ExpiryQueue } from "./expiry-queue.js";
import { migrate } from "./migrate.js";
import { SharingStore } from "./sharing-store.js";
import { statelessSharingState } from "./stateless.js";

export interface StateOptions {
  readonly logger: Logger;
  readonly expiry: ExpirySettings;
  /** The Graph API client the expiry worker unshares through. */
  readonly graphApi: GraphApi;
  /**
  The service's own Meta token (GRAPH_API_TOKEN), which expiries are sent with; without it
  (callers' own tokens are forwarded, and never stored) time-limited shares are refused.
  */
  readonly serviceToken: string | undefined;
  /** Called with a problem while the database is unreachable, and with undefined once it is back. */
  readonly onHealth: (problem: string | undefined) => void;
}

export const FORWARDING_REFUSAL =
  "Time-limited shares need the service's own Meta token (GRAPH_API_TOKEN) to unshare at " +
  "expiresAt, and this deployment forwards each caller's own token, which is never stored. " +
  "Share without expiresAt.";

/** How long past one request's deadline an expiry attempt holds its schedule. */
const CLAIM_MARGIN_MS = 30_000;

export interface State {
  readonly mode: StateSettings["kind"];
  readonly sharing: SharingState;
  /** Pending, overdue and failed expiries (undefined without a database, or while it is away). */
  expiryCounts(): Promise<{ pending: number; overdue: number; failed: number } | undefined>;
  close(): Promise<void>;
}

/** Expiries one replica runs at once. */
const EXPIRY_CONCURRENCY = 8;
/** How often the database is checked while the service runs, and retried after a failed start. */
const CHECK_INTERVAL_MS = 5_000;

export async function openState(settings: StateSettings, options: StateOptions): Promise<State> {
  const { logger, graphApi, serviceToken } = options;
  const expiryWindowMs = { min: options.expiry.minAheadMs, max: options.expiry.maxAheadMs };
  if (settings.kind === "none") {
    return {
      mode: "none",
      sharing: statelessSharingState(expiryWindowMs),
      expiryCounts: () => Promise.resolve(undefined),
      close: () => Promise.resolve(),
    };
  }
  let reported: string | undefined;
  const report = (problem: string | undefined): void => {
    if (problem !== reported) {
      reported = problem;
      options.onHealth(problem);
    }
  };
  const db: Database =
    settings.kind === "postgres"
      ? createPostgresDatabase(settings, (error) => {
          logger.debug({ err: error }, "State database connection error");
        })
      : await createEmbeddedDatabase(settings.dataDir);
  const queue = new ExpiryQueue(
    db,
    { pollIntervalMs: options.expiry.pollIntervalMs, concurrency: EXPIRY_CONCURRENCY },
    logger,
  );
  const store = new SharingStore(
    db,
    queue,
    {
      expiryWindowMs,
      timedSharesRefusal: serviceToken === undefined ? FORWARDING_REFUSAL : undefined,
      claimMs: graphApi.settings.deadlineMs + CLAIM_MARGIN_MS,
    },
    logger,
  );
  let started = false;
  let stopped = false;
  const start = async (): Promise<void> => {
    const applied = await migrate(db, logger);
    if (applied.length > 0) {
      logger.info({ migrations: applied }, "State database migrated");
    }
    await queue.start();
    if (serviceToken !== undefined) {
      const ports: ExpiryPorts = {
        state: store,
        graphApi,
        call: () => serviceCall(graphApi.settings, serviceToken),
      };
      await queue.work(async (job) => {
        await expireShare(ports, job);
      });
    }
    started = true;
    store.ready = true;
  };
  const problem =
    "The state database is unreachable: time-limited shares and history are unavailable";
  // Started before serving; with PostgreSQL a failure only delays it (retried below).
  try {
    await start();
  } catch (error) {
    if (settings.kind === "embedded") {
      throw error;
    }
    logger.warn({ err: error }, `${problem}; retrying every ${CHECK_INTERVAL_MS / 1000} s`);
    report(problem);
  }
  const timer = setInterval(() => {
    void (async () => {
      try {
        if (!started) {
          await start();
          logger.info("State database reachable: started");
        } else {
          await db.query("SELECT 1");
        }
        report(undefined);
      } catch (error) {
        if (reported === undefined) {
          logger.warn({ err: error }, problem);
        }
        report(problem);
      }
    })();
  }, CHECK_INTERVAL_MS);
  timer.unref();
  return {
    mode: settings.kind,
    sharing: store,
    async expiryCounts() {
      try {
        return started ? await store.expiryCounts() : undefined;
      } catch {
        return undefined;
      }
    },
    async close() {
      if (stopped) {
        return;
      }
      stopped = true;
      clearInterval(timer);
      if (started) {
        await queue.stop().catch((error: unknown) => {
          logger.warn({ err: error }, "Expiry queue did not stop cleanly");
        });
      }
      await db.close();
    },
  };
}
