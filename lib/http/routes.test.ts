// Every route file under app/api and each method it exports is declared in lib/http/routes.ts,
// with the wrapper its declaration calls for and the key of its own path; nothing is declared
// that no route serves.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTES, routePath, type RouteKey } from "./routes";

const API = path.resolve(__dirname, "../../app/api");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function routeFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) routeFiles(p, out);
    else if (/^route\.(ts|tsx|js|mjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** app/api/v1/projects/[projectId]/route.ts → /projects/{projectId}; outside v1 the full path. */
function pathOf(file: string): string {
  const rel = "/" + path.relative(API, path.dirname(file)).split(path.sep).join("/");
  const p = rel.replace(/\[\.\.\.(\w+)\]/g, "{...$1}").replace(/\[(\w+)\]/g, "{$1}");
  return p.startsWith("/v1/") ? p.slice(3) : `/api${p}`;
}

/** The methods a route file exports, and the wrapper + key each one is built with. */
function exportsOf(source: string): { method: string; wrapper: string | null; key: string | null }[] {
  const found: { method: string; wrapper: string | null; key: string | null }[] = [];
  for (const m of source.matchAll(/export\s+(?:const|async\s+function|function)\s+([A-Z]+)\b(?=([\s\S]{0,400}))/g)) {
    if (!METHODS.includes(m[1]!)) continue;
    const call = /^\s*=\s*(withActor|withPublic)(?:<[^>]*>)?\(\s*"([^"]+)"/.exec(m[2]!);
    found.push({ method: m[1]!, wrapper: call?.[1] ?? null, key: call?.[2] ?? null });
  }
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()!;
      if (METHODS.includes(name)) found.push({ method: name, wrapper: null, key: null });
    }
  }
  return found;
}

const served = routeFiles(API).flatMap((file) =>
  exportsOf(fs.readFileSync(file, "utf8")).map((e) => ({ ...e, file: path.relative(API, file), expected: `${e.method} ${pathOf(file)}` })),
);

describe("the route table", () => {
  it("finds the route files", () => {
    expect(served.length).toBeGreaterThan(40);
  });

  it.each(served.map((s) => [s.expected, s] as const))("%s is declared and built from its declaration", (key, s) => {
    const spec = (ROUTES as Record<string, (typeof ROUTES)[RouteKey]>)[key];
    expect(spec, `${s.file} exports ${s.method} but lib/http/routes.ts has no "${key}"`).toBeDefined();
    if ("own" in spec!) {
      expect(s.wrapper, `${key} is declared as served by its own handler`).toBeNull();
      return;
    }
    expect(s.wrapper, `${s.file}: ${s.method} must be built with withActor/withPublic("${key}", …)`).toBe(
      spec!.auth === "actor" ? "withActor" : "withPublic",
    );
    expect(s.key, `${s.file}: ${s.method} uses another route's declaration`).toBe(key);
  });

  it("declares nothing that no route serves", () => {
    const keys = new Set(served.map((s) => s.expected));
    expect(Object.keys(ROUTES).filter((k) => !keys.has(k))).toEqual([]);
  });

  it("keeps read for reads: a write method never gets away with the read scope", () => {
    for (const [key, spec] of Object.entries(ROUTES)) {
      const method = key.split(" ")[0]!;
      // The MCP transport is a POST for reads too; each of its tools declares its own scope (lib/mcp/tools).
      if (spec.auth === "actor" && !("own" in spec) && !["GET", "HEAD"].includes(method)) expect(spec.scope, key).not.toBe("read");
      if (method === "GET" || method === "DELETE") expect(spec.body, key).toBe("none");
    }
  });

  it("turns keys into paths", () => {
    expect(routePath("POST /projects/{projectId}/tasks", { projectId: "p 1" })).toBe("/api/v1/projects/p%201/tasks");
    expect(routePath("GET /api/health")).toBe("/api/health");
    expect(routePath("GET /api/auth/{...nextauth}", { nextauth: "session" })).toBe("/api/auth/session");
  });
});
