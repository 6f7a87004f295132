#!/usr/bin/env node
// Starts a packaged Cairn (the output of `npm run build`, also what the NixOS module and the
// systemd unit run): every piece of state under CAIRN_DATA_DIR, the install folder read-only.
// Creates the data folder and the session secret on first start, applies pending migrations,
// then runs Next's standalone server in this process.
//   HOST (default 0.0.0.0), PORT (default 3000), CAIRN_DATA_DIR (default <install>/data)
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { authUrlNote, dataDir, DatabaseInUseError, ensureSecret, log, migrate, refuseIfRunning, resolveDatabaseUrl, root } from "./env.mjs";

const server = path.join(root, "server.js");
if (!fs.existsSync(server)) {
  log(`${server} is missing: this runs the packaged build (npm run build, then .next/standalone/scripts/serve.mjs)`);
  process.exit(1);
}
const host = process.env.HOST || "0.0.0.0";
const port = process.env.PORT || "3000";
const dir = dataDir();
try {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.accessSync(dir, fs.constants.W_OK);
} catch (e) {
  log(`the data folder ${dir} cannot be written (${e instanceof Error ? e.message : String(e)}); set CAIRN_DATA_DIR to a writable folder`);
  process.exit(1);
}
const databaseUrl = resolveDatabaseUrl();
await refuseIfRunning(databaseUrl, port, host);
try {
  const applied = await migrate(databaseUrl);
  if (applied.length > 0) log(`applied ${applied.length} migration(s): ${applied.join(", ")}`);
} catch (e) {
  log(e instanceof DatabaseInUseError ? e.message : `could not migrate the database: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

Object.assign(process.env, {
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  CAIRN_DATA_DIR: dir,
  DATABASE_URL: databaseUrl,
  NEXTAUTH_SECRET: ensureSecret(databaseUrl),
  // Next's standalone server reads HOSTNAME and PORT.
  HOSTNAME: host,
  PORT: port,
});
log(`data: ${dir}`);
log(`serving on http://${host.includes(":") ? `[${host}]` : host}:${port}`);
// Unset, NEXTAUTH_URL stays unset: sign-in, sign-out and links follow the address each browser used.
log(authUrlNote());
await import(pathToFileURL(server).href);
