#!/usr/bin/env node
// npm run db:migrate: apply pending migrations to DATABASE_URL (default <data dir>/cairn.db; a
// postgresql:// URL migrates that PostgreSQL database with prisma/postgres/migrations).
// Safe beside a running Cairn: nothing pending → done without a lock; something pending → wait
// up to 10 s for the running Cairn to stop, then say so and exit 1.
import { DatabaseInUseError, describeDatabase, ensureDependencies, log, migrate, resolveDatabaseUrl } from "./env.mjs";

const url = resolveDatabaseUrl();
ensureDependencies();
try {
  const applied = await migrate(url, {
    onWait: (h) => log(`the database is in use by a running Cairn${h.pid ? ` (pid ${h.pid})` : ""}; waiting up to 10 s for it to stop…`),
  });
  log(
    applied.length > 0
      ? `migrated ${describeDatabase(url)}: ${applied.join(", ")}`
      : `${describeDatabase(url)} is up to date (no pending migrations)`,
  );
} catch (e) {
  log(e instanceof DatabaseInUseError ? e.message : `migration failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
