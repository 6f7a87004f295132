// Several Cairn instances of the same build, for the multi-instance tests and the bench: start a
// `next start` on a database, seed a database through the services, and read the REST answers a
// copied database must give identically.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const root = path.resolve(__dirname, "..", "..");

export interface App {
  name: string;
  url: string;
  port: number;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `next start -p <port>` with `env` (DATABASE_URL, CAIRN_DATA_DIR, NEXTAUTH_SECRET…) and
 * waits until /api/health answers. Its output goes to `<logDir>/<name>.log`.
 */
export async function startApp(opts: { name: string; port: number; env: NodeJS.ProcessEnv; logDir: string }): Promise<App> {
  const url = `http://localhost:${opts.port}`;
  fs.mkdirSync(opts.logDir, { recursive: true });
  const logFile = path.join(opts.logDir, `${opts.name}.log`);
  const out = fs.openSync(logFile, "a");
  const env: NodeJS.ProcessEnv = { ...opts.env, PORT: String(opts.port), NODE_ENV: "production" };
  // Each instance answers at its own address; the sign-in cookie is the same on both (cookies ignore the port).
  delete env.NEXTAUTH_URL;
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(opts.port)],
    {
      cwd: root,
      env,
      stdio: ["ignore", out, out],
    },
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${opts.name} exited with ${child.exitCode}: ${tail(logFile)}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(3_000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${opts.name} did not become healthy in 120 s: ${tail(logFile)}`);
    }
    await sleep(300);
  }
  return {
    name: opts.name,
    url,
    port: opts.port,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
        clearTimeout(killer);
      }
      fs.closeSync(out);
    },
  };
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-30).join("\n");
  } catch {
    return "(no log)";
  }
}

export interface Seeded {
  email: string;
  password: string;
  token: string;
  projectId: string;
}

/** Runs scripts/fleet/seed.ts against `env.DATABASE_URL` (the services, in this build's code). */
export function seedDatabase(env: NodeJS.ProcessEnv, tasks: number): Seeded {
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, "node_modules/tsx/dist/cli.mjs"),
      "--conditions=react-server",
      path.join(root, "scripts/fleet/seed.ts"),
      "--tasks",
      String(tasks),
    ],
    { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`seeding failed: ${r.stderr || r.stdout}`);
  const line = r.stdout.trim().split("\n").pop()!;
  return JSON.parse(line) as Seeded;
}

async function getJson(base: string, token: string, p: string): Promise<unknown> {
  const res = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${p} on ${base}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/**
 * What a client reads of the seeded project: every page of the task list, the next task, the
 * overview, the Task Master export, the board, reports, chat threads, the AI run log, tokens.
 */
export async function restAnswers(base: string, seeded: Seeded): Promise<Record<string, unknown>> {
  const p = `/api/v1/projects/${seeded.projectId}`;
  const out: Record<string, unknown> = {};
  const pages: unknown[] = [];
  for (let cursor: string | null = null, i = 0; ; i++) {
    const page = (await getJson(base, seeded.token, `${p}/tasks?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)) as {
      nextCursor: string | null;
    };
    pages.push(page);
    cursor = page.nextCursor;
    if (!cursor || i > 100) break;
  }
  out.tasks = pages;
  out.readyTasks = await getJson(base, seeded.token, `${p}/tasks?limit=100&ready=true`);
  out.searchTasks = await getJson(base, seeded.token, `${p}/tasks?limit=100&text=deploy`);
  for (const [key, sub] of [
    ["next", "/next"],
    ["overview", "/overview"],
    ["export", "/export/taskmaster"],
    ["board", "/board"],
    ["graph", "/graph"],
    ["validate", "/dependencies/validate"],
    ["reports", "/reports"],
    ["threads", "/chat/threads"],
    ["history", "/tasks/3/history"],
    ["notes", "/tasks/5/notes"],
    ["project", ""],
  ] as const) {
    out[key] = await getJson(base, seeded.token, `${p}${sub}`);
  }
  const threads = out.threads as { threads?: { id: string }[] } | { id: string }[];
  const list = Array.isArray(threads) ? threads : (threads.threads ?? []);
  if (list[0]) out.thread = await getJson(base, seeded.token, `${p}/chat/threads/${list[0].id}`);
  const reports = out.reports as { reports?: { id: string }[] } | { id: string }[];
  const rlist = Array.isArray(reports) ? reports : (reports.reports ?? []);
  if (rlist[0]) out.report = await getJson(base, seeded.token, `${p}/reports/${rlist[0].id}`);
  out.aiRuns = await getJson(base, seeded.token, `/api/v1/ai/runs`);
  // Each request with a token stamps its lastUsedAt: that one field records this very read.
  const { tokens } = (await getJson(base, seeded.token, `/api/v1/tokens`)) as { tokens: Record<string, unknown>[] };
  out.tokens = tokens.map(({ lastUsedAt: _stamp, ...t }) => t);
  out.projects = await getJson(base, seeded.token, `/api/v1/projects`);
  out.search = await getJson(base, seeded.token, `/api/v1/search?q=component&limit=50`);
  out.myTasks = await getJson(base, seeded.token, `/api/v1/me/tasks?include=all`);
  return out;
}

/** The first differences between two answers, as JSON paths (empty when they are identical). */
export function differences(a: unknown, b: unknown, at = "$", out: string[] = [], max = 20): string[] {
  if (out.length >= max) return out;
  if (Object.is(a, b)) return out;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") {
    out.push(`${at}: ${JSON.stringify(a)?.slice(0, 120)} ≠ ${JSON.stringify(b)?.slice(0, 120)}`);
    return out;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    out.push(`${at}: array ≠ object`);
    return out;
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  for (const k of new Set([...ka, ...kb])) {
    differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`, out, max);
  }
  return out;
}
