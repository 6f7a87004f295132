#!/usr/bin/env node
// npm run build: the Prisma client, `next build`, and the packaged app in .next/standalone —
// server.js with exactly the node_modules it needs, its static files, the migrations and the
// launch/backup scripts. Works on a clean checkout (after `npm ci`) with no database present.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureBuild, ensurePrismaClient, log, root } from "./env.mjs";

/** The scripts a package runs (serve.mjs launches; backup and restore come with the package too). */
const PACKAGE_SCRIPTS = ["env.mjs", "serve.mjs", "migrate.mjs", "backup.mjs", "restore.mjs"];
const PACKAGE_LIB = ["lib/ops/backup-core.mjs"];

/**
 * Completes `.next/standalone` into a package (or copies it to `dest`): `node <dir>/scripts/serve.mjs`
 * migrates `<data dir>/cairn.db` and serves. The directory may then be made read-only.
 * @param {string} [dest]
 */
export function assemblePackage(dest) {
  const standalone = path.join(root, ".next", "standalone");
  if (!fs.existsSync(path.join(standalone, "server.js"))) {
    throw new Error(`${standalone}/server.js is missing: next build did not write the standalone output`);
  }
  const out = dest ?? standalone;
  if (dest) fs.cpSync(standalone, dest, { recursive: true, verbatimSymlinks: true });
  const copy = (/** @type {string} */ from, /** @type {string} */ to) => {
    if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true, force: true });
  };
  // The tracer also copies sources it cannot rule out (paths computed at run time): the server
  // runs only compiled code, so the package keeps server.js, .next, node_modules, package.json.
  for (const e of fs.readdirSync(out)) {
    if (!["server.js", "package.json", "node_modules", ".next"].includes(e)) fs.rmSync(path.join(out, e), { recursive: true, force: true });
  }
  copy(path.join(root, ".next", "static"), path.join(out, ".next", "static"));
  copy(path.join(root, "public"), path.join(out, "public"));
  copy(path.join(root, "prisma", "migrations"), path.join(out, "prisma", "migrations"));
  copy(path.join(root, "prisma", "postgres", "migrations"), path.join(out, "prisma", "postgres", "migrations"));
  fs.mkdirSync(path.join(out, "scripts"), { recursive: true });
  for (const f of PACKAGE_SCRIPTS) copy(path.join(root, "scripts", f), path.join(out, "scripts", f));
  // What the backup and restore scripts import beside them (plain JavaScript, run without a build).
  for (const f of PACKAGE_LIB) copy(path.join(root, f), path.join(out, f));
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  // `prisma generate` reads DATABASE_URL but never opens it: a clean checkout needs no database.
  const url = process.env.DATABASE_URL || `file:${path.join(os.tmpdir(), "cairn-generate.db")}`;
  ensurePrismaClient(url);
  ensureBuild({ ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
  const out = assemblePackage();
  log(`packaged app: ${path.relative(root, out)} (run: node ${path.relative(root, out)}/scripts/serve.mjs)`);
}
