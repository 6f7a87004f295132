import "server-only";
import path from "node:path";

// The same rules as scripts/env.mjs, which every launcher (npm start, the packaged build) runs
// first and which hands the app an absolute CAIRN_DATA_DIR. A relative one resolves against the
// working directory: the project folder under `next start`. (turbopackIgnore: these are data
// paths, not files the build should trace into the package.)

/** Where every piece of state lives: `CAIRN_DATA_DIR`, default `./data`. Absolute. */
export function dataDir(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.CAIRN_DATA_DIR || "data");
}

/** Where backups go: `CAIRN_BACKUP_DIR`, default `<data dir>/backups`. Absolute. */
export function backupDir(): string {
  const raw = process.env.CAIRN_BACKUP_DIR;
  return raw ? path.resolve(/* turbopackIgnore: true */ raw) : path.join(/* turbopackIgnore: true */ dataDir(), "backups");
}
