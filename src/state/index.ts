/**
The state engine, opened by the composition root: the database (PostgreSQL at `DATABASE_URL`,
else PGlite in the process, else none), its migrations, the expiry queue and its worker, and the
stores the use cases see. With PostgreSQL the service starts even while the database is
unreachable: stateless operations work, time-limited shares and history answer
`state_unavailable`, and the connection, migrations and worker are retried until they succeed.
*/
import type { Clock } from "../clock.js";
import type { ExpirySettings, RateLimit, StateSettings } from "../config.js";
import type { ThrottleStore } from "../graph-api/throttle.js";
import type { ExpiryCounts } from "../observability/metrics.js";
import type { GraphApi } from "../graph-api/index.js";
import { serviceCall } from "../graph-api/service-call.js";
import type { Logger } from "../logger.js";
import { expireShare, type ExpiryPorts } from "../sharing/expiry.js";
import type { SharingState } from "../sharing/ports.js";
import { createEmbeddedDatabase, createPostgresDatabase, type Database } from "./database.js";
import { ExpiryQueue } from "./expiry-queue.js";
import { migrate } from "./migrate.js";
import { type Budgets, createBudgets, memoryBudgets } from "./shared-budgets.js";
import { SharedThrottleStore } from "./shared-throttles.js";
import { SharingStore } from "./sharing-store.js";
import { statelessSharingState } from "./stateless.js";

export interface StateOptions {
  readonly logger: Logger;
  /** Called with a problem while the database is unreachable, and with undefined once it is back. */
  readonly onHealth: (problem: string | undefined) => void;
  /** The throttles' clock (tests); the system's by default. */
  readonly clock?: Clock;
}

/** What the expiry worker needs, known once the Graph API client is built. */
export interface ServicesOptions {
  readonly expiry: ExpirySettings;
  /** The Graph API client the expiry worker unshares through. */
  readonly graphApi: GraphApi;
  /**
  The service's own Meta token (GRAPH_API_TOKEN), which expiries are sent with; without it
  (callers' own tokens are forwarded, and never stored) time-limited shares are refused.
  */
  readonly serviceToken: string | undefined;
}

export const FORWARDING_REFUSAL =
  "Time-limited shares need the service's own Meta token (GRAPH_API_TOKEN) to unshare at " +
  "expiresAt, and this deployment forwards each caller's own token, which is never stored. " +
  "Share without expiresAt.";

/**
How long past one request's deadline an expiry attempt holds its schedule: another attempt on
the same schedule (the queue's retry of a replica that died mid-job) waits this long at most.
*/
const CLAIM_MARGIN_MS = 5_000;
/** Expiries one replica runs at once. */
const EXPIRY_CONCURRENCY = 8;
/** How often the database is checked while the service runs, and retried after a failed start. */
const CHECK_INTERVAL_MS = 5_000;

const UNREACHABLE =
  "The state database is unreachable: time-limited shares and history are unavailable";

/**
The state engine in two steps, because the Graph API client sits between them: `openState` opens
the database, applies the migrations and starts the shared throttles (which the client takes);
`start` then starts the expiry queue, its worker and the stores (which use the client).
*/
export interface State {
  readonly mode: StateSettings["kind"];
  /** Meta's throttles as every replica learns them; undefined: this process's memory. */
  readonly throttles: ThrottleStore | undefined;
  /** The callers' budgets: shared by the replicas with PostgreSQL, in memory otherwise. */
  budgets(limits: { mutations: RateLimit; reads: RateLimit }, clock?: Clock): Budgets;
  start(options: ServicesOptions): Promise<StateServices>;
  close(): Promise<void>;
}

export interface StateServices {
  readonly sharing: SharingState;
  /** Pending, overdue and failed expiries (undefined without a database, or while it is away). */
  expiryCounts(): Promise<ExpiryCounts | undefined>;
}

export async function openState(settings: StateSettings, options: StateOptions): Promise<State> {
  const { logger } = options;
  if (settings.kind === "none") {
    return {
      mode: "none",
      throttles: undefined,
      budgets: (limits, clock) => memoryBudgets(limits, clock),
      start: (services) =>
        Promise.resolve({
          sharing: statelessSharingState(windowOf(services.expiry)),
          expiryCounts: () => Promise.resolve(undefined),
        }),
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
  let migrated = false;
  const migrateOnce = async (): Promise<void> => {
    if (!migrated) {
      const applied = await migrate(db, logger);
      migrated = true;
      if (applied.length > 0) {
        logger.info({ migrations: applied }, "State database migrated");
      }
    }
  };
  try {
    await migrateOnce();
  } catch (error) {
    if (settings.kind === "embedded") {
      throw error;
    }
    // Served meanwhile; retried below until the database is there.
    logger.warn({ err: error }, `${UNREACHABLE}; retrying every ${CHECK_INTERVAL_MS / 1000} s`);
    report(UNREACHABLE);
  }
  const throttles = await SharedThrottleStore.start(
    db,
    logger,
    options.clock === undefined ? {} : { clock: options.clock },
  );
  let stopped = false;
  let stopServices: (() => Promise<void>) | undefined;
  const timers: NodeJS.Timeout[] = [];
  return {
    mode: settings.kind,
    throttles,
    budgets: (limits, clock) => createBudgets(db, limits, logger, clock),
    async start(services) {
      const { graphApi, serviceToken } = services;
      const queue = new ExpiryQueue(
        db,
        { pollIntervalMs: services.expiry.pollIntervalMs, concurrency: EXPIRY_CONCURRENCY },
        logger,
      );
      const store = new SharingStore(
        db,
        queue,
        {
          expiryWindowMs: windowOf(services.expiry),
          timedSharesRefusal: serviceToken === undefined ? FORWARDING_REFUSAL : undefined,
          claimMs: graphApi.settings.deadlineMs + CLAIM_MARGIN_MS,
        },
        logger,
      );
      let started = false;
      const startQueue = async (): Promise<void> => {
        await migrateOnce();
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
      try {
        await startQueue();
      } catch (error) {
        if (settings.kind === "embedded") {
          throw error;
        }
        logger.warn({ err: error }, `${UNREACHABLE}; retrying every ${CHECK_INTERVAL_MS / 1000} s`);
        report(UNREACHABLE);
      }
      const timer = setInterval(() => {
        void (async () => {
          try {
            if (started) {
              await db.query("SELECT 1");
            } else {
              await startQueue();
              logger.info("State database reachable: expiry queue started");
            }
            report(undefined);
          } catch (error) {
            if (reported === undefined) {
              logger.warn({ err: error }, UNREACHABLE);
            }
            report(UNREACHABLE);
          }
        })();
      }, CHECK_INTERVAL_MS);
      timer.unref();
      timers.push(timer);
      stopServices = async () => {
        if (started) {
          await queue.stop().catch((error: unknown) => {
            logger.warn({ err: error }, "Expiry queue did not stop cleanly");
          });
        }
      };
      return {
        sharing: store,
        async expiryCounts() {
          try {
            return started ? await store.expiryCounts() : undefined;
          } catch {
            return undefined;
          }
        },
      };
    },
    async close() {
      if (stopped) {
        return;
      }
      stopped = true;
      for (const timer of timers) {
        clearInterval(timer);
      }
      await stopServices?.();
      await throttles.close();
      await db.close();
    },
  };
}

function windowOf(expiry: ExpirySettings): { min: number; max: number } {
  return { min: expiry.minAheadMs, max: expiry.maxAheadMs };
}
