/**
Schema migrations, applied at start-up by node-pg-migrate from the SQL files in `migrations/`
(shipped beside `dist/`). Replicas starting together take turns on node-pg-migrate's advisory
lock; each file runs once, in order, in one transaction.
*/
import { fileURLToPath } from "node:url";
import type { Logger } from "../logger.js";
import type { Database } from "./database.js";

/** `migrations/` at the package root, from `src/state/` and from `dist/state/` alike. */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations", import.meta.url));

/** Applies the migrations not applied yet; answers their names. */
export async function migrate(db: Database, logger: Logger): Promise<string[]> {
  // Loaded only here: node-pg-migrate sets up a file cache when it loads (jiti's, under
  // node_modules/.cache, skipped where that is read-only), which a stateless process never needs.
  const { runner } = await import("node-pg-migrate");
  const session = await db.migrationSession();
  try {
    const applied = await runner({
      dbClient: session.client,
      dir: MIGRATIONS_DIR,
      direction: "up",
      migrationsTable: "schema_migrations",
      checkOrder: true,
      singleTransaction: true,
      advisoryLockMode: "wait",
      logger: {
        debug: () => {},
        info: () => {},
        warn: (message: string) => {
          logger.warn({ migrations: true }, message);
        },
        error: (message: string) => {
          logger.error({ migrations: true }, message);
        },
      },
    });
    return applied.map((migration) => migration.name);
  } finally {
    await session.release();
  }
}
