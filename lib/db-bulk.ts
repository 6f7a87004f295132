import "server-only";
import { provider, type Tx } from "./db";

/** Prisma's DateTime text format in SQLite, so rows written here read back as Dates. */
export const sqliteDate = (d: Date) => d.toISOString().replace("Z", "+00:00");

/** A date as a raw query's parameter: Prisma's text format on SQLite, the Date itself on PostgreSQL (a timestamp). */
export const sqlDate = (d: Date): string | Date => (provider === "postgresql" ? d : sqliteDate(d));

/** A value as a raw query's parameter: SQLite keeps dates as text and booleans as 0/1; PostgreSQL has the types. */
const toSql = (v: unknown) =>
  provider === "postgresql" ? (v ?? null) : v instanceof Date ? sqliteDate(v) : typeof v === "boolean" ? (v ? 1 : 0) : (v ?? null);

/**
 * The `n` positional parameters of a raw statement, from `first` on: `?` on SQLite, `$1 …` on
 * PostgreSQL (for `$queryRawUnsafe` / `$executeRawUnsafe`; tagged `$queryRaw` templates need none).
 */
export function placeholders(n: number, first = 1): string[] {
  return Array.from({ length: n }, (_, i) => (provider === "postgresql" ? `$${first + i}` : "?"));
}

/**
 * Batched multi-row INSERTs inside the caller's transaction. Prisma's createMany through the
 * JS engine costs ~1 ms a row here; this is ~50× faster for imports of thousands of tasks.
 * Table and column names come from code, never from input (quoted: PostgreSQL folds bare names).
 */
export async function bulkInsert(tx: Tx, table: string, rows: Record<string, unknown>[], chunkSize = 400): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES `;
  for (let i = 0; i < rows.length; i += chunkSize) {
    const chunk = rows.slice(i, i + chunkSize);
    const params = chunk.flatMap((r) => columns.map((c) => toSql(r[c])));
    const marks = placeholders(params.length);
    const tuples = chunk.map((_, r) => `(${marks.slice(r * columns.length, (r + 1) * columns.length).join(",")})`);
    await tx.$executeRawUnsafe(head + tuples.join(","), ...params);
  }
}
