// The PostgreSQL schema and migrations never drift from the SQLite schema, the one source of truth
// (scripts/pg-schema.mjs makes them; `npm run db:pg-schema` after any change to prisma/schema.prisma).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  PG_MIGRATIONS,
  PG_SCHEMA,
  SQLITE_SCHEMA,
  postgresMigrations,
  sqliteMigrations,
  toPostgresSchema,
  withByteCollation,
} from "./pg-schema.mjs";

const FIX = "run `npm run db:pg-schema` and commit prisma/postgres";
const pgMigrationSql = (): string =>
  (postgresMigrations() as string[]).map((m) => fs.readFileSync(path.join(PG_MIGRATIONS, m, "migration.sql"), "utf8")).join("\n");

/** Model name → its scalar field names, from a schema text (relation fields left out). */
function scalarFields(schema: string): Map<string, string[]> {
  const models = new Map<string, string[]>();
  const names = [...schema.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]!);
  for (const block of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const fields: string[] = [];
    for (const line of block[2]!.split("\n")) {
      const m = /^\s+(\w+)\s+(\w+)(\[\])?\??/.exec(line);
      if (!m || m[1]!.startsWith("@@")) continue;
      if (names.includes(m[2]!) || line.includes("@relation")) continue;
      fields.push(m[1]!);
    }
    models.set(block[1]!, fields);
  }
  return models;
}

describe("the PostgreSQL schema", () => {
  it("is exactly what scripts/pg-schema.mjs makes from prisma/schema.prisma", () => {
    const expected = toPostgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
    expect(fs.existsSync(PG_SCHEMA), FIX).toBe(true);
    expect(fs.readFileSync(PG_SCHEMA, "utf8"), FIX).toBe(expected);
    expect(expected).toContain('provider = "postgresql"');
    expect(expected).toContain('output     = "../../lib/generated/prisma-pg"');
  });

  it("has migrations of its own, locked to postgresql, caught up with every SQLite migration", () => {
    const pg = postgresMigrations() as string[];
    const sqlite = sqliteMigrations() as string[];
    expect(pg.length, FIX).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(PG_MIGRATIONS, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
    // Each PostgreSQL migration is named after the newest SQLite migration it caught up with.
    expect(pg.at(-1)!.slice(0, 14) >= sqlite.at(-1)!.slice(0, 14), `${FIX} (newest SQLite migration: ${sqlite.at(-1)})`).toBe(true);
  });

  it("migrations create every table and column of the SQLite schema, text in byte order", () => {
    const sql = pgMigrationSql();
    for (const [model, fields] of scalarFields(fs.readFileSync(SQLITE_SCHEMA, "utf8"))) {
      const table = new RegExp(`CREATE TABLE "${model}" \\(([\\s\\S]*?)\\n\\);`).exec(sql)?.[1] ?? "";
      expect(table, `no CREATE TABLE "${model}" in prisma/postgres/migrations: ${FIX}`).not.toBe("");
      for (const f of fields) {
        const inCreate = new RegExp(`^\\s+"${f}" `, "m").test(table);
        const added = new RegExp(`ALTER TABLE "${model}"[^;]*ADD COLUMN\\s+"${f}"`).test(sql);
        expect(inCreate || added, `column ${model}.${f} is in no PostgreSQL migration: ${FIX}`).toBe(true);
      }
    }
    // SQLite compares and sorts text byte by byte (board ranks depend on it): so does every text column here.
    expect(sql).not.toMatch(/"\w+" TEXT(?! COLLATE "C")/);
    expect(withByteCollation('    "rank" TEXT NOT NULL,')).toBe('    "rank" TEXT COLLATE "C" NOT NULL,');
  });

  it.runIf(/^postgres/i.test(process.env.DATABASE_URL ?? ""))(
    "migrations applied to PostgreSQL build the very database the schema describes",
    async () => {
      // The test database was made by applying prisma/postgres/migrations (lib/test/global-setup.ts).
      // A second one is made from the schema alone; their catalogs must match.
      const { default: pg } = await import("pg");
      const migrated = process.env.DATABASE_URL!;
      const u = new URL(migrated);
      const name = `cairn_schema_check_${process.pid}`;
      const admin = new pg.Client({ connectionString: migrated });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      u.pathname = `/${name}`;
      const fresh = u.toString();
      try {
        const r = spawnSync(
          process.execPath,
          [
            "node_modules/prisma/build/index.js",
            "migrate",
            "diff",
            "--config",
            "prisma/postgres/prisma.config.ts",
            "--from-empty",
            "--to-schema-datamodel",
            "prisma/postgres/schema.prisma",
            "--script",
          ],
          { encoding: "utf8", env: { ...process.env, DATABASE_URL: fresh, PRISMA_HIDE_UPDATE_MESSAGE: "1" } },
        );
        expect(r.status, r.stderr).toBe(0);
        const c = new pg.Client({ connectionString: fresh });
        await c.connect();
        await c.query(withByteCollation(r.stdout));
        await c.end();
        const catalog = async (url: string) => {
          const k = new pg.Client({ connectionString: url });
          await k.connect();
          try {
            const columns = await k.query(
              `SELECT table_name, column_name, data_type, is_nullable, column_default, collation_name FROM information_schema.columns
               WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`,
            );
            const indexes = await k.query(
              `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`,
            );
            const constraints = await k.query(
              `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
               WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY conname`,
            );
            return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows };
          } finally {
            await k.end();
          }
        };
        expect(await catalog(migrated), FIX).toEqual(await catalog(fresh));
      } finally {
        const d = new pg.Client({ connectionString: migrated });
        await d.connect();
        await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await d.end();
      }
    },
    60_000,
  );
});
