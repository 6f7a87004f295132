// Helpers for the security specs: a browser-like session, a page on another origin, and the
// app server's own memory.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { PASSWORD } from "./api";

export const port = process.env.CAIRN_TEST_PORT ?? "3100";
export const appOrigin = `http://localhost:${port}`;
export const ADMIN_EMAIL = "admin@cairn.test";

/** A request context holding a next-auth session cookie, signed in the way the sign-in page does it. */
export async function sessionContext(email: string, password = PASSWORD): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: appOrigin });
  const { csrfToken } = await (await ctx.get("/api/auth/csrf")).json();
  const res = await ctx.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, json: "true" }, maxRedirects: 0 });
  if (res.status() >= 400) throw new Error(`sign-in failed: ${res.status()}`);
  const me = await ctx.get("/api/v1/me");
  if (me.status() !== 200) throw new Error(`no session after sign-in: ${me.status()}`);
  return ctx;
}

/** A throwaway site on another port of the same host, serving `html` at `/`. */
export async function foreignSite(html: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port: p } = server.address() as AddressInfo;
  return { origin: `http://localhost:${p}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The pid of the process listening on the app's port (from /proc), or null when it cannot be found. */
export function serverPid(): number | null {
  const hex = Number(port).toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local address ends in :PORT, state 0A = LISTEN
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === "0A") inodes.add(cols[9]!);
    }
  }
  if (inodes.size === 0) return null;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return Number(pid);
      } catch {}
    }
  }
  return null;
}

/** Resident and peak memory of a process, in MB. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

/**
 * POSTs `totalMb` of JSON-looking bytes to `path`, either declaring the length or chunked, and
 * resolves with the status as soon as the server answers (the upload is then abandoned).
 */
export function hugeUpload(path: string, totalMb: number, declareLength: boolean): Promise<{ status: number; ms: number; sentMb: number }> {
  const started = Date.now();
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  chunk[0] = 0x7b; // a leading "{" so it looks like the start of a JSON document
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = false;
    const req = http.request(
      `${appOrigin}${path}`,
      {
        method: "POST",
        headers: { "content-type": "application/json", ...(declareLength ? { "content-length": String(totalMb * chunk.length) } : {}) },
      },
      (res) => {
        done = true;
        res.resume();
        resolve({ status: res.statusCode ?? 0, ms: Date.now() - started, sentMb: sent });
        req.destroy();
      },
    );
    req.on("error", (e) => {
      if (!done) reject(e);
    });
    const pump = () => {
      while (!done && sent < totalMb) {
        sent++;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}
