// One SQL statement against PostgreSQL, for e2e/support/api.ts `scratchDb()` on PostgreSQL: reads
// { url, sql, params } as JSON on stdin, prints the rows as JSON. A child process, so the specs'
// synchronous database helper keeps working on a database that only speaks asynchronously.
import pg from "pg";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { url, sql, params } = JSON.parse(input);
// COUNT(*) and other int8 values as numbers, as SQLite gives them.
pg.types.setTypeParser(20, Number);
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const r = await client.query(sql, params);
  process.stdout.write(JSON.stringify(r.rows ?? []));
} finally {
  await client.end();
}
