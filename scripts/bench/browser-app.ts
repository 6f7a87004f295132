// The built app under `next start` and a signed-in headless Chromium, for the browser benches.
// Whatever happens (error, watchdog, Ctrl-C), the server and the browser go down with the bench.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import type { Figures } from "./measure";

let server: ChildProcess | undefined;
let browser: Browser | undefined;
let serverLog = "";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const running = (p: ChildProcess): boolean => p.exitCode === null && p.signalCode === null;

function killServer() {
  if (!server?.pid || !running(server)) return;
  // Its own process group, so anything next start forks goes down with it.
  try {
    process.kill(-server.pid, "SIGKILL");
  } catch {
    server.kill("SIGKILL");
  }
}

export async function cleanup() {
  const b = browser;
  browser = undefined;
  if (b) await Promise.race([b.close().catch(() => undefined), sleep(5_000)]);
  killServer();
}

async function waitForHealth(base: string, deadlineMs: number) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    const child = server;
    if (child && !running(child)) {
      throw new Error(`next start exited early (${child.exitCode ?? child.signalCode}):\n${serverLog.slice(-4_000)}`);
    }
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`the app did not answer GET /api/health with 200 within ${deadlineMs / 1000} s:\n${serverLog.slice(-4_000)}`);
}

export function figures(name: string, times: number[], target?: string): Figures {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { name, runs: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]!, target };
}

/** Fails early, with the fix, when the bench was not started through `npm run bench`. */
export function requireBuiltApp() {
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("no production build in .next: run this through `npm run bench` (it builds when a browser suite is selected)");
  }
  if (!process.env.DATABASE_URL || !process.env.NEXTAUTH_SECRET) {
    throw new Error("DATABASE_URL and NEXTAUTH_SECRET are unset: run this through `npm run bench`");
  }
}

/**
 * Starts `next start` on a free port and signs `email` in, in one browser context: the session
 * cookie and the HTTP cache carry over between pages, as for a returning user.
 */
export async function startSignedIn(email: string, password: string): Promise<{ base: string; context: BrowserContext }> {
  const root = process.cwd();
  const port = await freePort();
  const base = `http://localhost:${port}`;
  server = spawn(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, NEXTAUTH_URL: base, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const keep = (chunk: Buffer) => {
    serverLog = (serverLog + chunk.toString()).slice(-20_000);
  };
  server.stdout?.on("data", keep);
  server.stderr?.on("data", keep);
  await waitForHealth(base, 60_000);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const signin = await context.newPage();
  await signin.goto(`${base}/signin`);
  await signin.getByLabel("Email").fill(email);
  await signin.getByLabel("Password").fill(password);
  await signin.getByRole("button", { name: "Sign in" }).click();
  await signin.waitForURL((u) => !u.pathname.startsWith("/signin"), { timeout: 20_000 });
  await signin.close();
  return { base, context };
}

/**
 * Runs a browser bench: a hard time limit, cleanup on signals and on exit, and exit 0 when the
 * page under test does not exist yet (`unavailable` errors) rather than a failure.
 */
export function runBrowserBench(name: string, limitMs: number, main: () => Promise<void>, isUnavailable: (e: unknown) => boolean) {
  const watchdog = setTimeout(() => {
    console.error(`${name} bench gave up after ${limitMs / 1000} s (hard limit); stopping the server and the browser`);
    void cleanup().finally(() => process.exit(1));
  }, limitMs);
  watchdog.unref();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void cleanup().finally(() => process.exit(130));
    });
  }
  // A last resort if the process ends by some other path: the server must not outlive the bench.
  process.once("exit", killServer);
  main()
    .finally(cleanup)
    .then(
      () => process.exit(0),
      (e) => {
        if (isUnavailable(e)) {
          console.log(`${name} page not available: ${(e as Error).message}; nothing measured`);
          process.exit(0);
        }
        console.error(e);
        process.exit(1);
      },
    );
}
