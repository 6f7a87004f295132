// A second `next start` of the same build on a database of its own, for specs that break the
// database (locks, unwritable files) without disturbing the specs running beside them.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { onPostgres, scratchDb } from "./api";

export interface OwnServer {
  baseURL: string;
  port: number;
  dbFile: string;
  request: APIRequestContext;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * `env` overrides the server's environment; `undefined` removes a variable (e.g. NEXTAUTH_URL).
 * On SQLite the server gets a copy of the scratch database; on PostgreSQL it is a second instance
 * on the scratch database itself (`dbFile` is then empty).
 */
export async function startOwnServer(opts: { env?: Record<string, string | undefined> } = {}): Promise<OwnServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-own-"));
  const dbFile = onPostgres() ? "" : path.join(dir, "own.db");
  if (dbFile) {
    // A copy of the scratch database: migrated, with the admin and open sign-up already in place.
    const source = scratchDb();
    source.exec(`VACUUM INTO '${dbFile.replace(/'/g, "''")}'`);
    source.close();
  }
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: dbFile ? `file:${dbFile}` : process.env.DATABASE_URL,
    NEXTAUTH_URL: baseURL,
    PORT: String(port),
  };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const child: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += String(d)));
  const request = await playwrightRequest.newContext({ baseURL });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`own server exited: ${stderr}`);
    try {
      if ((await request.get("/api/health", { timeout: 2_000 })).ok()) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`own server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseURL,
    port,
    dbFile,
    request,
    async stop() {
      await request.dispose();
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
