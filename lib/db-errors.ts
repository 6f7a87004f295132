// Database failures as answers: a busy or failing database is a 503 that says which, never a 500.
import { AppError } from "@/lib/errors";

export const BUSY_MESSAGE = "The database is busy; try again in a moment";
export const WRITE_FAILED_MESSAGE = "Cannot write to the database (the disk is failing, full or read-only); try again later";
export const UNREACHABLE_MESSAGE =
  "The database server cannot be reached (it is down, restarting or refusing connections); try again later";

/** Seconds a client should wait before retrying (the Retry-After of these 503s). */
export const RETRY_AFTER_SECONDS = { busy: 2, write: 10, unreachable: 10 } as const;

/** busy: try again soon; write: the database refuses writes; unreachable: no connection to the database server (PostgreSQL). */
export type DatabaseFault = "busy" | "write" | "unreachable";

const BUSY_CODES = /^SQLITE_(BUSY|LOCKED)/;
const WRITE_CODES = /^SQLITE_(IOERR|READONLY|FULL|CANTOPEN|PERM)/;
// pg-pool's "timeout exceeded when trying to connect": every connection of this instance's pool
// stayed in use (writes queued for the lock) longer than a request waits for one.
const BUSY_TEXT = /database is (locked|busy)|SQLITE_BUSY|SQLITE_LOCKED|timeout exceeded when trying to connect/i;
const WRITE_TEXT =
  /disk I\/O error|readonly database|database or disk is full|unable to open database file|SQLITE_(IOERR|READONLY|FULL|CANTOPEN)/i;
// Prisma's codes for "the driver timed out" (P1008, SQLite's SQLITE_BUSY under the driver adapter)
// and for transactions that could not start or outlived their time (P2028, P2034).
const PRISMA_BUSY = new Set(["P1008", "P2028", "P2034"]);
// PostgreSQL SQLSTATEs: 40001 serialization failure, 40P01 deadlock, 55P03 lock timeout, 57014
// statement timeout or cancel, 53300 too many connections, 55006 object in use.
const PG_BUSY = new Set(["40001", "40P01", "55P03", "57014", "53300", "55006"]);
// 53100 disk full, 53200 out of memory, 58030 I/O error, 25006 read-only transaction (a standby),
// XX001 data corrupted.
const PG_WRITE = new Set(["53100", "53200", "58030", "25006", "XX001"]);
// Connection exceptions (08…), the server shutting down or starting (57P01–57P03), and Prisma's
// "can't reach the database server" / "server closed the connection" (P1001, P1017).
const PG_UNREACHABLE = /^(08[0-9A-Z]{3}|57P0[1-3]|P1001|P1017|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN)$/;
// The driver adapter's error kinds (@prisma/driver-adapter-utils).
const KIND_BUSY = new Set(["SocketTimeout", "TransactionWriteConflict", "TooManyConnections"]);
const KIND_UNREACHABLE = new Set(["DatabaseNotReachable", "ConnectionClosed", "DatabaseDoesNotExist", "TlsConnectionError"]);
const UNREACHABLE_TEXT =
  /Can't reach database server|Connection terminated|ECONNREFUSED|server closed the connection|the database system is (starting up|shutting down)/i;

/** Classifies a driver or Prisma error; walks `cause` chains and Prisma's `meta`. */
export function databaseFault(e: unknown, depth = 0): DatabaseFault | null {
  if (!e || typeof e !== "object" || depth > 5) return null;
  const o = e as { code?: unknown; originalCode?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: unknown };
  for (const code of [o.code, o.originalCode]) {
    if (typeof code !== "string") continue;
    if (BUSY_CODES.test(code)) return "busy";
    if (WRITE_CODES.test(code)) return "write";
    if (PRISMA_BUSY.has(code) || PG_BUSY.has(code)) return "busy";
    if (PG_WRITE.has(code)) return "write";
    if (PG_UNREACHABLE.test(code)) return "unreachable";
  }
  if (typeof o.kind === "string") {
    if (KIND_BUSY.has(o.kind)) return "busy";
    if (KIND_UNREACHABLE.has(o.kind)) return "unreachable";
  }
  const fromCause = databaseFault(o.cause, depth + 1) ?? databaseFault(o.meta, depth + 1);
  if (fromCause) return fromCause;
  const meta = o.meta as { driverAdapterError?: unknown } | undefined;
  if (meta?.driverAdapterError) {
    const inner = databaseFault(meta.driverAdapterError, depth + 1);
    if (inner) return inner;
  }
  if (typeof o.message === "string" && (e instanceof Error || "name" in o)) {
    if (WRITE_TEXT.test(o.message)) return "write";
    if (BUSY_TEXT.test(o.message)) return "busy";
    if (UNREACHABLE_TEXT.test(o.message)) return "unreachable";
  }
  return null;
}

/** PostgreSQL refuses the NUL character in text (22021); SQLite stores it. Either way: the input's fault. */
function nulInText(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 5) return false;
  const o = e as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: unknown };
  if (o.originalCode === "22021" || o.code === "22021") return true;
  if (typeof o.message === "string" && /invalid byte sequence for encoding "UTF8": 0x00/.test(o.message)) return true;
  const meta = o.meta as { driverAdapterError?: unknown } | undefined;
  return nulInText(o.cause, depth + 1) || nulInText(meta?.driverAdapterError, depth + 1);
}

/** A database failure as the typed error every entry point maps (503 with Retry-After), else null. */
export function databaseError(e: unknown): AppError | null {
  if (e instanceof AppError) return null;
  if (nulInText(e)) return new AppError("invalid", "Text may not contain the NUL character (U+0000)");
  const fault = databaseFault(e);
  if (!fault) return null;
  const message = fault === "busy" ? BUSY_MESSAGE : fault === "write" ? WRITE_FAILED_MESSAGE : UNREACHABLE_MESSAGE;
  return new AppError("unavailable", message, {
    retryAfterSeconds: RETRY_AFTER_SECONDS[fault],
  });
}

/** Adds Retry-After to the HTTP answer for a database failure (from the error's details). */
export function withRetryAfter(res: Response, err: AppError): Response {
  const seconds = (err.details as { retryAfterSeconds?: number } | null)?.retryAfterSeconds;
  if (seconds) res.headers.set("retry-after", String(seconds));
  return res;
}
