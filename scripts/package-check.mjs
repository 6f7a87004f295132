#!/usr/bin/env node
// npm test step "package": the packaged build (npm run build → .next/standalone) starts from a
// read-only copy of its output with all its state in a fresh data folder, migrates, answers
// /api/health; a second start on the same data is refused in words, `db:migrate` with nothing
// pending and the package's backup succeed beside the running app, and its restore refuses until
// the app is stopped, then restores.
//
// With CI=true (or CAIRN_PACKAGE_CLEAN=1) it first makes that output the way a packager does:
// a clean clone of HEAD, `npm ci`, `npm run build` (several minutes: npm ci compiles
// better-sqlite3). Otherwise it packages this checkout's current build.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { assemblePackage } from "./build.mjs";
import { bundledMigrations, log, root } from "./env.mjs";

const started = Date.now();
const clean = process.env.CAIRN_PACKAGE_CLEAN ? process.env.CAIRN_PACKAGE_CLEAN === "1" : Boolean(process.env.CI);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-package-"));
fs.chmodSync(work, 0o755);
const install = path.join(work, "install");
const data = path.join(work, "data");
/** @type {string[]} */
const failures = [];
/** @param {boolean} cond @param {string} what */
const check = (cond, what) => {
  log(`${cond ? "ok  " : "FAIL"} ${what}`);
  if (!cond) failures.push(what);
};
const seconds = () => `${Math.round((Date.now() - started) / 1000)}s`;

/** @param {string} cmd @param {string[]} args @param {import("node:child_process").SpawnSyncOptions} opts */
function run(cmd, args, opts) {
  log(`$ ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status})`);
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** @param {string} dir @returns {string[]} */
const listTree = (dir) => /** @type {string[]} */ (fs.readdirSync(dir, { recursive: true })).sort();

// Root ignores file modes: the server then runs as `nobody`, so read-only really is read-only.
const asRoot = process.getuid?.() === 0;
const nobody = asRoot ? { uid: 65534, gid: 65534 } : {};

let server = /** @type {import("node:child_process").ChildProcess | null} */ (null);
try {
  let output;
  if (clean) {
    const src = path.join(work, "src");
    const sha = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain"], { cwd: root, encoding: "utf8" }).trim();
    if (dirty) log("note: uncommitted changes are not in the clean clone (it builds HEAD)");
    run("git", ["clone", "--quiet", "--no-checkout", root, src], {});
    run("git", ["checkout", "--quiet", sha], { cwd: src });
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: "", CAIRN_DATA_DIR: "" };
    run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: src, env });
    log(`npm ci done (${seconds()})`);
    run("npm", ["run", "build"], { cwd: src, env });
    log(`npm run build done (${seconds()})`);
    check(!fs.existsSync(path.join(src, "data")), "the build wrote no data folder");
    output = path.join(src, ".next", "standalone");
    fs.cpSync(output, install, { recursive: true, verbatimSymlinks: true });
  } else {
    assemblePackage(install);
  }
  check(
    fs.existsSync(path.join(install, "server.js")) && fs.existsSync(path.join(install, "scripts", "serve.mjs")),
    "the package has server.js and scripts/serve.mjs",
  );
  check(fs.existsSync(path.join(install, ".next", "static")), "the package has its static files");
  check(!fs.existsSync(path.join(install, "node_modules", "typescript")), "the package carries no dev dependencies (typescript)");
  // lib/ holds only the plain-JavaScript backup code the backup and restore scripts import.
  const libFiles = fs.existsSync(path.join(install, "lib"))
    ? listTree(path.join(install, "lib")).filter((f) => fs.statSync(path.join(install, "lib", f)).isFile())
    : [];
  check(
    !["app", "components", "e2e"].some((d) => fs.existsSync(path.join(install, d))) &&
      libFiles.every((f) => f === path.join("ops", "backup-core.mjs")),
    `the package carries no sources (lib: ${libFiles.join(", ") || "none"})`,
  );
  execFileSync("chmod", ["-R", "a-w", install]);
  const before = listTree(install);

  const port = await freePort();
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, CAIRN_DATA_DIR: data, PORT: String(port), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1" };
  for (const k of ["DATABASE_URL", "NEXTAUTH_SECRET", "NEXTAUTH_URL", "CAIRN_BACKUP_DIR", "CAIRN_SCRATCH_DB", "NODE_OPTIONS"])
    delete env[k];
  if (asRoot) {
    fs.mkdirSync(data, { mode: 0o700 });
    fs.chownSync(data, 65534, 65534);
  }
  const serve = path.join(install, "scripts", "serve.mjs");
  let out = "";
  const app = spawn(process.execPath, [serve], { cwd: work, env, stdio: ["ignore", "pipe", "pipe"], ...nobody });
  server = app;
  app.stdout?.on("data", (d) => (out += String(d)));
  app.stderr?.on("data", (d) => (out += String(d)));
  const deadline = Date.now() + 120_000;
  /** @type {any} */
  let health = null;
  while (Date.now() < deadline && app.exitCode === null) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      health = { status: res.status, body: await res.json() };
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  if (!health) throw new Error(`the packaged app did not answer /api/health:\n${out}`);
  log(`/api/health → ${health.status} ${JSON.stringify(health.body)} (${seconds()})`);
  check(health.status === 200 && health.body.status === "ok", "/api/health answers 200 ok");
  // No NEXTAUTH_URL here: the launcher sets none, says so, and sign-in links follow the address used (127.0.0.1, not localhost).
  check(out.includes("NEXTAUTH_URL is not set"), "the launcher leaves NEXTAUTH_URL unset and says links follow each browser's address");
  const providers = await (await fetch(`http://127.0.0.1:${port}/api/auth/providers`)).json().catch(() => ({}));
  const signinUrl = String(providers?.credentials?.signinUrl ?? "");
  check(signinUrl.startsWith(`http://127.0.0.1:${port}/`), `sign-in links follow the address the browser used (${signinUrl || "none"})`);
  check(health.body.database?.migrations === bundledMigrations().length, `every migration applied (${bundledMigrations().length})`);
  const db = path.join(data, "cairn.db");
  check(fs.existsSync(db) && (fs.statSync(db).mode & 0o777) === 0o600, "the database is in the data folder, owner-only");
  check(fs.existsSync(path.join(data, ".nextauth-secret")), "the session secret is in the data folder");
  const lock = fs.existsSync(`${db}.pid`) ? JSON.parse(fs.readFileSync(`${db}.pid`, "utf8")) : null;
  check(lock?.pid === app.pid && lock?.port === port, "the running app names itself beside its database (cairn.db.pid)");
  check(JSON.stringify(listTree(install)) === JSON.stringify(before), "nothing was written to the install folder");

  // Beside the running app: migrating with nothing pending succeeds, a second start is refused.
  const migrate = spawnSync(process.execPath, [path.join(install, "scripts", "migrate.mjs")], {
    cwd: work,
    env,
    encoding: "utf8",
    ...nobody,
  });
  check(migrate.status === 0 && /up to date/.test(migrate.stdout), `db:migrate beside the running app: ${migrate.stdout.trim()}`);
  const second = spawnSync(process.execPath, [serve], {
    cwd: work,
    env: { ...env, PORT: String(await freePort()) },
    encoding: "utf8",
    ...nobody,
  });
  check(
    second.status !== 0 && second.stdout.includes(`in use by a running Cairn (pid ${app.pid}, port ${port})`),
    `a second start on the same data is refused: ${second.stdout.trim().split("\n").join(" / ")}`,
  );

  // The package's own backup command, beside the running app (what the backup timers run).
  const backup = spawnSync(process.execPath, [path.join(install, "scripts", "backup.mjs")], {
    cwd: work,
    env,
    encoding: "utf8",
    ...nobody,
  });
  // (The app's own schedule may have taken one too: the one this command names must be there.)
  const written = /backed up .* to (\S+\.db) /.exec(backup.stdout)?.[1];
  check(
    backup.status === 0 && /integrity check ok/.test(backup.stdout) && !!written && fs.existsSync(written),
    `backup beside the running app: ${(backup.stdout + backup.stderr).trim().split("\n")[0]}`,
  );
  const restoreArgs = [path.join(install, "scripts", "restore.mjs"), written ?? "none"];
  const refused = spawnSync(process.execPath, restoreArgs, { cwd: work, env, encoding: "utf8", ...nobody });
  check(
    refused.status !== 0 && /in use by a running Cairn/.test(refused.stdout + refused.stderr),
    `restore is refused while the app runs: ${(refused.stdout + refused.stderr).trim().split("\n")[0]}`,
  );

  app.kill("SIGTERM");
  await new Promise((r) => (app.exitCode !== null ? r(null) : app.once("exit", r)));
  check(!fs.existsSync(`${db}.pid`), "the lock file is gone after a clean stop");
  const restored = spawnSync(process.execPath, restoreArgs, { cwd: work, env, encoding: "utf8", ...nobody });
  check(
    restored.status === 0 && /restored/.test(restored.stdout),
    `restore once stopped: ${restored.stdout.trim().split("\n").join(" / ")}`,
  );
} catch (e) {
  failures.push(e instanceof Error ? e.message : String(e));
  log(`FAIL ${e instanceof Error ? e.message : String(e)}`);
} finally {
  if (server && server.exitCode === null) server.kill("SIGKILL");
  spawnSync("chmod", ["-R", "u+w", work]);
  fs.rmSync(work, { recursive: true, force: true });
}
log(
  `packaged build check (${clean ? "clean clone, npm ci, npm run build" : "this checkout's build"}): ${failures.length ? "FAILED" : "passed"} in ${seconds()}`,
);
process.exit(failures.length ? 1 : 0);
