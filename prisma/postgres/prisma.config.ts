// Prisma's CLI for Cairn on PostgreSQL: `--config prisma/postgres/prisma.config.ts`, run from the
// project folder (the scripts pass it when DATABASE_URL is a postgresql:// URL). The schema is
// generated from the SQLite one: scripts/pg-schema.mjs.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

const url = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "postgresql://postgres@localhost:5432/cairn";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  adapter: async () => new PrismaPg({ connectionString: url }),
});
