import "server-only";
import fs from "node:fs";
import { databaseUrl, isPostgresUrl } from "./db";

// While Cairn serves, it keeps `<database>.pid` beside its database, so that `npm run
// db:migrate`, a second `npm start`, backup and restore can say in words that a running Cairn
// holds the database (scripts/env.mjs `databaseInUse`) instead of failing on its lock.
// On PostgreSQL there is no file, and several instances may serve one database: no lock file.

export function serverLockFile(): string {
  return `${databaseUrl().replace(/^file:/, "")}.pid`;
}

let held = false;

/** Writes the lock file for this process and removes it again when the process exits. */
export function holdServerLock(): void {
  if (held) return;
  held = true;
  if (isPostgresUrl(databaseUrl())) return;
  const file = serverLockFile();
  const body = JSON.stringify({
    pid: process.pid,
    port: process.env.PORT ? Number(process.env.PORT) : null,
    startedAt: new Date().toISOString(),
  });
  try {
    fs.writeFileSync(/* turbopackIgnore: true */ file, `${body}\n`, { mode: 0o600 });
  } catch (e) {
    // The data folder not writable yet: the database will say so on first use.
    console.warn(`[cairn] could not write ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  process.once("exit", () => {
    try {
      if (JSON.parse(fs.readFileSync(/* turbopackIgnore: true */ file, "utf8")).pid === process.pid)
        fs.unlinkSync(/* turbopackIgnore: true */ file);
    } catch {
      // already gone, or another Cairn's now
    }
  });
}
