import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/respond";
import { databaseError, databaseFault } from "./db-errors";

const sqlite = (code: string, message: string) => Object.assign(new Error(message), { name: "SqliteError", code });

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
  ])("%s → %s", (_name, e, fault) => {
    expect(databaseFault(e)).toBe(fault);
    const err = databaseError(e)!;
    expect(err.code).toBe("unavailable");
    expect(err.message).toMatch(fault === "busy" ? /database is busy/ : /cannot write to the database/i);
    const res = errorResponse(e);
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("leaves other errors alone", () => {
    expect(databaseError(new AppError("conflict", "x"))).toBeNull();
    expect(databaseError(new Error("boom"))).toBeNull();
    expect(databaseError(Object.assign(new Error("Unique constraint"), { code: "P2002" }))).toBeNull();
    expect(databaseError("SQLITE_BUSY")).toBeNull();
    expect(errorResponse(new Error("boom")).status).toBe(500);
  });
});
