import fs from "node:fs";
import path from "node:path";
import { test } from "../support/contract";
import { expect, newUser, onPostgres } from "../support/api";

// The database holds password and token hashes: only the account Cairn runs as may read it.
// (On PostgreSQL there is no database file here: the server keeps its own.)
test.skip(onPostgres(), "the SQLite database file");
test("the database, its WAL and shared-memory files are owner-only in an owner-only folder", async ({ request }) => {
  await newUser(request); // a write, so the WAL certainly exists
  const file = process.env.DATABASE_URL!.replace(/^file:/, "");
  const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);
  expect({
    folder: mode(path.dirname(file)),
    database: mode(file),
    wal: mode(`${file}-wal`),
    shm: mode(`${file}-shm`),
  }).toEqual({ folder: "700", database: "600", wal: "600", shm: "600" });
});
