import "server-only";
import path from "node:path";

/** Where Cairn keeps its state: `CAIRN_DATA_DIR`, else `./data` (relative paths against the working directory). */
export function dataDir(): string {
  const raw = process.env.CAIRN_DATA_DIR?.trim();
  return path.resolve(raw || "data");
}

/** Where backups go: `CAIRN_BACKUP_DIR`, else `<data dir>/backups`. */
export function backupDir(): string {
  const raw = process.env.CAIRN_BACKUP_DIR?.trim();
  return raw ? path.resolve(raw) : path.join(dataDir(), "backups");
}
