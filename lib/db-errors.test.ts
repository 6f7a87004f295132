import net from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import { describe, expect, it } from "vitest";
import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-pg/client";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/respond";
import { databaseError, databaseFault } from "./db-errors";

const sqlite = (code: string, message: string) => Object.assign(new Error(message), { name: "SqliteError", code });
const pgAdapter = (cause: Record<string, unknown>) => Object.assign(new Error("DriverAdapterError"), { name: "DriverAdapterError", cause });
const pgKnown = (cause: Record<string, unknown>) =>
  Object.assign(new Error("Invalid invocation"), {
    name: "PrismaClientKnownRequestError",
    code: "P2010",
    meta: { driverAdapterError: pgAdapter(cause) },
  });

describe("databaseError", () => {
  it.each([
    ["SQLITE_BUSY from the driver", sqlite("SQLITE_BUSY", "database is locked"), "busy"],
    ["SQLITE_LOCKED", sqlite("SQLITE_LOCKED_SHAREDCACHE", "database table is locked"), "busy"],
    ["Prisma P1008 (driver timeout)", Object.assign(new Error("Operations timed out"), { code: "P1008" }), "busy"],
    ["Prisma P2028 (transaction could not start)", Object.assign(new Error("Transaction API error"), { code: "P2028" }), "busy"],
    [
      "an adapter error wrapping SQLITE_BUSY",
      Object.assign(new Error("x"), { cause: { kind: "SocketTimeout", originalCode: "SQLITE_BUSY" } }),
      "busy",
    ],
    ["disk I/O error", sqlite("SQLITE_IOERR_WRITE", "disk I/O error"), "write"],
    ["read-only database", sqlite("SQLITE_READONLY", "attempt to write a readonly database"), "write"],
    ["disk full", sqlite("SQLITE_FULL", "database or disk is full"), "write"],
    ["cannot open", sqlite("SQLITE_CANTOPEN", "unable to open database file"), "write"],
    [
      "a Prisma error carrying the message only",
      Object.assign(new Error("Invalid invocation: disk I/O error"), { name: "PrismaClientUnknownRequestError" }),
      "write",
    ],
    // PostgreSQL, as @prisma/adapter-pg 6.19 reports it (a DriverAdapterError's cause) and as
    // Prisma wraps it (meta.driverAdapterError).
    ["PostgreSQL serialization failure", pgAdapter({ kind: "TransactionWriteConflict" }), "busy"],
    ["PostgreSQL deadlock (40P01)", pgAdapter({ kind: "postgres", originalCode: "40P01", originalMessage: "deadlock detected" }), "busy"],
    [
      "PostgreSQL lock timeout (55P03)",
      pgKnown({ kind: "postgres", originalCode: "55P03", originalMessage: "canceling statement due to lock timeout" }),
      "busy",
    ],
    ["PostgreSQL too many connections", pgAdapter({ kind: "TooManyConnections", cause: "sorry, too many clients already" }), "busy"],
    ["PostgreSQL pool exhausted (pg-pool)", new Error("timeout exceeded when trying to connect"), "busy"],
    [
      "PostgreSQL disk full (53100)",
      pgKnown({ kind: "postgres", originalCode: "53100", originalMessage: "could not extend file" }),
      "write",
    ],
    [
      "PostgreSQL read-only standby (25006)",
      pgAdapter({ kind: "postgres", originalCode: "25006", originalMessage: "cannot execute UPDATE in a read-only transaction" }),
      "write",
    ],
    ["PostgreSQL connection refused", pgAdapter({ kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 }), "unreachable"],
    [
      "PostgreSQL server shutting down (57P01)",
      pgKnown({ kind: "postgres", originalCode: "57P01", originalMessage: "terminating connection due to administrator command" }),
      "unreachable",
    ],
    [
      "Prisma P1001 (can't reach the server)",
      Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: "P1001" }),
      "unreachable",
    ],
  ])("%s → %s", (_name, e, fault) => {
    expect(databaseFault(e)).toBe(fault);
    const err = databaseError(e)!;
    expect(err.code).toBe("unavailable");
    expect(err.message).toMatch(
      fault === "busy" ? /database is busy/ : fault === "write" ? /cannot write to the database/i : /database server cannot be reached/i,
    );
    const res = errorResponse(e);
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("leaves other errors alone", () => {
    expect(databaseError(new AppError("conflict", "x"))).toBeNull();
    expect(databaseError(new Error("boom"))).toBeNull();
    expect(databaseError(Object.assign(new Error("Unique constraint"), { code: "P2002" }))).toBeNull();
    // A PostgreSQL unique violation is Prisma's P2002 as on SQLite: a conflict, not a database fault.
    expect(databaseError(pgKnown({ kind: "UniqueConstraintViolation", constraint: { fields: ["email"] } }))).toBeNull();
    expect(databaseError("SQLITE_BUSY")).toBeNull();
    expect(errorResponse(new Error("boom")).status).toBe(500);
  });

  it("text PostgreSQL refuses (a NUL character) is the input's fault: 422, never a 500", async () => {
    const e = pgKnown({ kind: "postgres", originalCode: "22021", originalMessage: 'invalid byte sequence for encoding "UTF8": 0x00' });
    expect(databaseFault(e)).toBeNull();
    const res = errorResponse(e);
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: "invalid", message: expect.stringMatching(/NUL character/) });
  });

  it("a PostgreSQL server that refuses connections is a plain 503 'cannot be reached', from the real driver", async () => {
    // A port nothing listens on: the real adapter's real error, as Prisma hands it to a service.
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: `postgresql://cairn@127.0.0.1:${port}/cairn` }) });
    const e = await client.user.count().then(
      () => null,
      (err: unknown) => err,
    );
    await client.$disconnect().catch(() => undefined);
    expect(e).not.toBeNull();
    expect(databaseFault(e)).toBe("unreachable");
    const res = errorResponse(e);
    expect(res.status).toBe(503);
    expect((await res.json()).error.message).toMatch(/database server cannot be reached/i);
    expect(Number(res.headers.get("retry-after"))).toBe(10);
  });
});
