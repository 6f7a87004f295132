// @ts-check
// Copies a Cairn SQLite database into an empty, migrated PostgreSQL one (`npm run db:copy`):
// plain JavaScript, so the script runs it without a build, and tests and the bench call it too.
//
// Everything happens in one PostgreSQL transaction: either every row of every table is there, with
// its id and history, and the row counts match the source's, or nothing was written. The source
// is read inside one SQLite read transaction, a consistent snapshot.
//
// SQLite keeps Prisma's types its own way; each value is converted by the target column's type:
// DateTime as ISO text ("…+00:00"), SQLite's "YYYY-MM-DD HH:MM:SS" (UTC) or epoch milliseconds →
// timestamp; Boolean as 0/1 → boolean; 64-bit integers read exactly (BigInt) → int8.
import Database from "better-sqlite3";
import pg from "pg";

/** Rows per INSERT statement (PostgreSQL takes at most 65,535 parameters in one). */
const BATCH_PARAMS = 30_000;

export class CopyError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "CopyError";
  }
}

/** @param {string} name */
const q = (name) => `"${name.replace(/"/g, '""')}"`;

/**
 * A SQLite DateTime as Cairn and Prisma write it, as a Date (UTC).
 * @param {unknown} v
 * @returns {Date | null}
 */
export function sqliteDateValue(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return new Date(Number(v));
  if (typeof v === "number") return new Date(v);
  if (typeof v !== "string") throw new CopyError(`cannot read ${typeof v} as a date`);
  const s = v.trim();
  if (/^-?\d+$/.test(s)) return new Date(Number(s));
  // SQLite's own CURRENT_TIMESTAMP: "YYYY-MM-DD HH:MM:SS[.SSS]", always UTC, no zone.
  const plain = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(s);
  const d = new Date(plain ? `${plain[1]}T${plain[2]}Z` : /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
  if (Number.isNaN(d.getTime())) throw new CopyError(`cannot read ${JSON.stringify(v)} as a date`);
  return d;
}

/**
 * Converts one SQLite value for a PostgreSQL column of type `type` (information_schema data_type).
 * @param {unknown} v @param {string} type
 */
export function convertValue(v, type) {
  if (v === null || v === undefined) return null;
  switch (type) {
    case "timestamp without time zone": {
      // Prisma keeps UTC in a zone-less column; PostgreSQL ignores any zone written in the input.
      const d = /** @type {Date} */ (sqliteDateValue(v));
      return d.toISOString().replace("Z", "");
    }
    case "timestamp with time zone":
    case "date":
      return /** @type {Date} */ (sqliteDateValue(v)).toISOString();
    case "boolean":
      if (typeof v === "bigint") return v !== 0n;
      if (typeof v === "number") return v !== 0;
      if (typeof v === "string") return v === "1" || v.toLowerCase() === "true";
      return Boolean(v);
    case "bigint":
      return typeof v === "bigint" ? v.toString() : String(v);
    case "integer":
    case "smallint": {
      const n = Number(v);
      if (!Number.isSafeInteger(n)) throw new CopyError(`${String(v)} does not fit an integer column`);
      return n;
    }
    case "double precision":
    case "real":
    case "numeric":
      return typeof v === "bigint" ? Number(v) : Number(v);
    case "bytea":
      return Buffer.isBuffer(v) ? v : Buffer.from(String(v));
    default:
      return typeof v === "bigint" ? v.toString() : v;
  }
}

/**
 * @typedef {{ table: string, source: number, target: number }} TableCount
 * @typedef {{ tables: TableCount[], rows: number, ms: number }} CopyResult
 */

/**
 * Copies every table of the SQLite file `from` into the PostgreSQL database at `to`.
 * @param {{ from: string, to: string, log?: (line: string) => void }} options
 * @returns {Promise<CopyResult>}
 */
export async function copySqliteToPostgres({ from, to, log = () => {} }) {
  const started = Date.now();
  const source = new Database(from, { readonly: true, fileMustExist: true });
  const client = new pg.Client({ connectionString: to });
  try {
    await client.connect();
  } catch (e) {
    source.close();
    throw new CopyError(`cannot connect to the PostgreSQL database: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    source.defaultSafeIntegers(true);
    // One read transaction: every table from the same moment, even if something writes meanwhile.
    source.exec("BEGIN");
    const sourceTables = /** @type {{ name: string }[]} */ (
      source
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'")
        .all()
    ).map((r) => r.name);

    const target = await describeTarget(client);
    if (target.columns.size === 0) {
      throw new CopyError("the PostgreSQL database has no Cairn tables: migrate it first (it is migrated when Cairn starts on it)");
    }
    /** @type {Map<string, string[]>} */
    const sourceColumns = new Map();
    for (const t of sourceTables) {
      const cols = /** @type {{ name: string }[]} */ (source.prepare(`PRAGMA table_info(${q(t)})`).all()).map((c) => c.name);
      sourceColumns.set(t, cols);
      const there = target.columns.get(t);
      if (!there) throw new CopyError(`table ${t} is in the SQLite database but not in PostgreSQL: both must be on the same Cairn version`);
      const missing = cols.filter((c) => !there.has(c));
      if (missing.length) {
        throw new CopyError(
          `${t}.${missing.join(`, ${t}.`)} is in the SQLite database but not in PostgreSQL: both must be on the same Cairn version`,
        );
      }
    }
    for (const [t, cols] of target.columns) {
      const have = sourceColumns.get(t);
      const required = [...cols.values()].filter((c) => c.required && !have?.includes(c.name));
      if (required.length) {
        throw new CopyError(
          `${t}.${required[0]?.name} is required in PostgreSQL but missing from the SQLite database: migrate it first (npm run db:migrate)`,
        );
      }
    }

    await client.query("BEGIN");
    try {
      const tables = [...target.columns.keys()];
      // Nobody writes into the target while it is checked and filled.
      await client.query(`LOCK TABLE ${tables.map(q).join(", ")} IN EXCLUSIVE MODE`);
      const occupied = [];
      for (const t of tables) {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${q(t)}`);
        if (rows[0].n > 0) occupied.push(`${t} (${rows[0].n})`);
      }
      if (occupied.length) {
        throw new CopyError(
          `the PostgreSQL database is not empty — ${occupied.join(", ")}; db:copy only copies into an empty database, so nothing was changed`,
        );
      }

      /** @type {TableCount[]} */
      const counts = [];
      let total = 0;
      for (const t of orderByReferences(sourceTables, target.references)) {
        const cols = /** @type {string[]} */ (sourceColumns.get(t));
        const types = cols.map((c) => /** @type {{ type: string }} */ (target.columns.get(t)?.get(c)).type);
        const self = target.references.filter((r) => r.table === t && r.refTable === t);
        let rows = /** @type {Record<string, unknown>[]} */ (source.prepare(`SELECT * FROM ${q(t)}`).all());
        if (self.length) rows = parentsFirst(rows, self);
        const perBatch = Math.max(1, Math.floor(BATCH_PARAMS / Math.max(1, cols.length)));
        const head = `INSERT INTO ${q(t)} (${cols.map(q).join(", ")}) VALUES `;
        for (let i = 0; i < rows.length; i += perBatch) {
          const chunk = rows.slice(i, i + perBatch);
          /** @type {unknown[]} */
          const params = [];
          const tuples = chunk.map((row) => {
            const start = params.length;
            cols.forEach((c, j) => {
              try {
                params.push(convertValue(row[c], /** @type {string} */ (types[j])));
              } catch (e) {
                throw new CopyError(`${t}.${c}: ${e instanceof Error ? e.message : String(e)}`);
              }
            });
            return `(${cols.map((_, j) => `$${start + j + 1}`).join(", ")})`;
          });
          await client.query(head + tuples.join(", "), params);
        }
        total += rows.length;
        counts.push({ table: t, source: rows.length, target: -1 });
        log(`${t}: ${rows.length} rows`);
      }
      for (const seq of target.sequences) {
        await client.query(
          `SELECT setval(${lit(/** @type {string} */ (seq.sequence))}, COALESCE((SELECT max(${q(seq.column)}) FROM ${q(seq.table)}), 0) + 1, false)`,
        );
      }
      // Counted again in PostgreSQL, in the same transaction: a difference rolls everything back.
      for (const c of counts) {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${q(c.table)}`);
        c.target = rows[0].n;
        const n = /** @type {{ n: bigint }} */ (source.prepare(`SELECT count(*) AS n FROM ${q(c.table)}`).get()).n;
        c.source = Number(n);
      }
      const wrong = counts.filter((c) => c.source !== c.target);
      if (wrong.length) {
        throw new CopyError(
          `row counts differ after the copy (${wrong.map((c) => `${c.table}: ${c.source} → ${c.target}`).join(", ")}); nothing was kept`,
        );
      }
      await client.query("COMMIT");
      counts.sort((a, b) => a.table.localeCompare(b.table));
      return { tables: counts, rows: total, ms: Date.now() - started };
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    }
  } finally {
    if (source.inTransaction) source.exec("COMMIT");
    source.close();
    await client.end().catch(() => undefined);
  }
}

/** @param {string} s */
const lit = (s) => `'${s.replace(/'/g, "''")}'`;

/**
 * @typedef {{ table: string, columns: string[], refTable: string, refColumns: string[] }} Reference
 * @param {InstanceType<typeof pg.Client>} client
 */
async function describeTarget(client) {
  const { rows: cols } = await client.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'
      ORDER BY table_name, ordinal_position`,
  );
  /** @type {Map<string, Map<string, { name: string, type: string, required: boolean }>>} */
  const columns = new Map();
  for (const c of cols) {
    if (!columns.has(c.table_name)) columns.set(c.table_name, new Map());
    columns.get(c.table_name)?.set(c.column_name, {
      name: c.column_name,
      type: c.data_type,
      required: c.is_nullable === "NO" && c.column_default === null,
    });
  }
  const { rows: fks } = await client.query(
    `SELECT c.conrelid::regclass::text AS tbl, c.confrelid::regclass::text AS ref,
            ARRAY(SELECT attname FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k)::text[] AS cols,
            ARRAY(SELECT attname FROM unnest(c.confkey) k JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k)::text[] AS refcols
       FROM pg_constraint c
       JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  const unquote = (/** @type {string} */ s) => s.replace(/^"(.*)"$/, "$1").replace(/""/g, '"');
  /** @type {Reference[]} */
  const references = fks.map((/** @type {{ tbl: string, ref: string, cols: string[], refcols: string[] }} */ f) => ({
    table: unquote(f.tbl),
    refTable: unquote(f.ref),
    columns: f.cols,
    refColumns: f.refcols,
  }));
  const { rows: seqs } = await client.query(
    `SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`,
  );
  /** @typedef {{ table_name: string, column_name: string, seq: string | null }} SequenceRow */
  const sequences = seqs
    .filter((/** @type {SequenceRow} */ s) => s.seq)
    .map((/** @type {SequenceRow} */ s) => ({ table: s.table_name, column: s.column_name, sequence: s.seq }));
  return { columns, references, sequences };
}

/**
 * Tables ordered so that every table comes after the tables it references.
 * @param {string[]} tables @param {Reference[]} refs
 */
function orderByReferences(tables, refs) {
  /** @type {string[]} */
  const out = [];
  const state = new Map();
  const visit = (/** @type {string} */ t) => {
    if (state.get(t) === "done") return;
    if (state.get(t) === "visiting") throw new CopyError(`tables reference each other in a cycle through ${t}`);
    state.set(t, "visiting");
    for (const r of refs) if (r.table === t && r.refTable !== t && tables.includes(r.refTable)) visit(r.refTable);
    state.set(t, "done");
    out.push(t);
  };
  for (const t of [...tables].sort()) visit(t);
  return out;
}

/**
 * Rows of a table that references itself (subtasks → their parent), each after the row it names.
 * @param {Record<string, unknown>[]} rows @param {Reference[]} self
 */
function parentsFirst(rows, self) {
  const key = (/** @type {Record<string, unknown>} */ r, /** @type {string[]} */ cols) => JSON.stringify(cols.map((c) => String(r[c])));
  const placed = new Set();
  /** @type {Record<string, unknown>[]} */
  const out = [];
  let pending = rows;
  while (pending.length) {
    /** @type {Record<string, unknown>[]} */
    const later = [];
    for (const r of pending) {
      const ready = self.every((s) => s.columns.some((c) => r[c] === null) || placed.has(key(r, s.columns)));
      if (ready) {
        out.push(r);
        for (const s of self) placed.add(key(r, s.refColumns));
      } else later.push(r);
    }
    if (later.length === pending.length) {
      // A parent that is missing altogether: let the foreign key say so.
      out.push(...later);
      break;
    }
    pending = later;
  }
  return out;
}
