// Started once per server process from instrumentation.ts: the endpoint watch, the backup
// schedule and the check that every instance on the database shares the session secret. Timers
// are unref'd, so they never keep a process alive on their own.
import "server-only";
import { backupDue, runBackup } from "./backup";
import { startEndpointWatch } from "./monitor";
import { watchSharedSecret } from "./shared-secret";

/** How often the schedule looks whether a backup is due (the interval itself is in hours). */
const BACKUP_TICK_MS = 5 * 60_000;

const g = globalThis as unknown as { cairnOpsStarted?: boolean };

export function startOps(): void {
  if (g.cairnOpsStarted) return;
  g.cairnOpsStarted = true;
  startEndpointWatch();
  watchSharedSecret();
  const backup = async () => {
    try {
      if (await backupDue()) await runBackup();
    } catch (e) {
      // Recorded and announced by runBackup; the log says it too.
      console.error(`[cairn] scheduled backup failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  setTimeout(() => void backup(), 10_000).unref();
  setInterval(() => void backup(), BACKUP_TICK_MS).unref();
}
