// A throwaway PostgreSQL server for tests, benchmarks and the schema script: initdb + pg_ctl into
// a temporary folder (about 3 s), trust authentication on 127.0.0.1 only, gone after stop().
// Needs Debian's `postgresql` package (or PG_BIN pointing at a PostgreSQL 15+ bin folder). As root,
// the server runs as the `postgres` user (PostgreSQL refuses to run as root).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** The newest installed PostgreSQL's bin folder (PG_BIN wins), or null. */
export function postgresBin() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  return newest ? path.join(base, newest, "bin") : null;
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a PostgreSQL server of its own.
 * @param {{ port?: number, log?: (msg: string) => void }} [options]
 * @returns {Promise<{ url: string, port: number, dir: string, createDatabase: (name: string) => Promise<string>, stop: () => void }>}
 *   `url` is the `postgres` database; `createDatabase(name)` makes an empty one and returns its URL.
 */
export async function startThrowawayPostgres({ port, log = () => {} } = {}) {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql");
  const p = port ?? (await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-pg-"));
  const asRoot = process.getuid?.() === 0;
  /** @param {string} cmd @param {string[]} args */
  const run = (cmd, args) => {
    const full = path.join(bin, cmd);
    const r = asRoot
      ? spawnSync("runuser", ["-u", "postgres", "--", full, ...args], { encoding: "utf8" })
      : spawnSync(full, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  if (asRoot) execFileSync("chown", ["postgres", dir]);
  log(`starting a throwaway PostgreSQL on 127.0.0.1:${p} in ${dir}`);
  // C locale: the same byte order as SQLite whatever the machine's locale; UTF-8 text.
  run("initdb", ["-D", path.join(dir, "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
  run("pg_ctl", [
    "-D",
    path.join(dir, "data"),
    "-o",
    `-p ${p} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
    "-l",
    path.join(dir, "log"),
    "-w",
    "start",
  ]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run("pg_ctl", ["-D", path.join(dir, "data"), "-m", "immediate", "-w", "stop"]);
    } catch {
      // already down
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const url = `postgresql://postgres@127.0.0.1:${p}/postgres`;
  /** @param {string} name */
  const createDatabase = async (name) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return `postgresql://postgres@127.0.0.1:${p}/${name}`;
  };
  return { url, port: p, dir, createDatabase, stop };
}
