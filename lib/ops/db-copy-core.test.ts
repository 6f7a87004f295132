// How db:copy reads SQLite's representations of Prisma's types for PostgreSQL columns.
import { describe, expect, it } from "vitest";
import { convertValue, sqliteDateValue } from "./db-copy-core.mjs";

describe("db:copy value conversion", () => {
  it("reads every way a SQLite database holds a DateTime as the same UTC instant", () => {
    const instant = Date.UTC(2026, 11, 1, 14, 47, 56, 123);
    for (const stored of [
      "2026-12-01T14:47:56.123+00:00",
      "2026-12-01T14:47:56.123Z",
      "2026-12-01T15:47:56.123+01:00",
      instant,
      BigInt(instant),
      String(instant),
    ]) {
      expect(sqliteDateValue(stored)?.getTime(), String(stored)).toBe(instant);
    }
    // SQLite's own CURRENT_TIMESTAMP text is UTC without a zone.
    expect(sqliteDateValue("2026-12-01 14:47:56")?.getTime()).toBe(Date.UTC(2026, 11, 1, 14, 47, 56));
    expect(() => sqliteDateValue("yesterday")).toThrow(/cannot read "yesterday" as a date/);
  });

  it("writes UTC into zone-less timestamp columns, whatever offset the text had", () => {
    expect(convertValue("2026-12-01T15:47:56.123+01:00", "timestamp without time zone")).toBe("2026-12-01T14:47:56.123");
    expect(convertValue(null, "timestamp without time zone")).toBeNull();
  });

  it("turns 0/1 into booleans, keeps 64-bit integers exact and refuses integers that do not fit", () => {
    expect(convertValue(1n, "boolean")).toBe(true);
    expect(convertValue(0n, "boolean")).toBe(false);
    expect(convertValue(0, "boolean")).toBe(false);
    expect(convertValue(9007199254740993n, "bigint")).toBe("9007199254740993");
    expect(convertValue(42n, "integer")).toBe(42);
    expect(() => convertValue(9007199254740993n, "integer")).toThrow(/does not fit/);
    expect(convertValue(0.2, "double precision")).toBe(0.2);
    expect(convertValue("ünïcødé", "text")).toBe("ünïcødé");
  });
});
