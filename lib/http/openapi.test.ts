// The generated contract: it lints clean with Redocly, names every operation and its answers,
// and lists exactly the routes app/api/v1 serves.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const root = path.resolve(import.meta.dirname, "../..");
const doc = openApiDocument();
type Op = { operationId?: string; responses: Record<string, { content?: Record<string, { schema?: unknown }>; $ref?: string }> };
const ops = Object.entries(doc.paths).flatMap(([p, methods]) =>
  Object.entries(methods as Record<string, Op>).map(([m, o]) => ({ path: p, method: m, op: o })),
);

describe("the OpenAPI document", () => {
  it("passes redocly lint with no errors", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-openapi-"));
    const file = path.join(dir, "openapi.json");
    fs.writeFileSync(file, JSON.stringify(doc, null, 2));
    let out: string;
    try {
      out = execFileSync(
        process.execPath,
        [
          path.join(root, "node_modules/@redocly/cli/bin/cli.js"),
          "lint",
          file,
          "--format=json",
          `--config=${path.join(root, "redocly.yaml")}`,
        ],
        {
          encoding: "utf8",
          env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
    } catch (e) {
      // Lint exits non-zero on errors; its report is still on stdout.
      out = (e as { stdout?: string }).stdout ?? "";
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const report = JSON.parse(out) as {
      totals: { errors: number };
      problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
    };
    const errors = report.problems
      .filter((p) => p.severity === "error")
      .map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
    // The accepted warnings: Cairn declares no licence, and the document (as JSON and as a page) has no 4xx answer.
    const warnings = report.problems.filter((p) => p.severity === "warn").map((p) => `${p.ruleId} ${p.location[0]?.pointer}`);
    expect(warnings.sort()).toEqual([
      "info-license #/info",
      "operation-4xx-response #/paths/~1openapi.json/get/responses",
      "operation-4xx-response #/paths/~1reference/get/responses",
    ]);
  }, 60_000);

  it("names every operation once and describes every success body", () => {
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path: p, method, op } of ops) {
      const [status, success] = Object.entries(op.responses).find(([s]) => s.startsWith("2"))!;
      if (status === "204") continue;
      const content = success.content ?? {};
      expect(Object.keys(content).length, `${method} ${p}`).toBeGreaterThan(0);
      for (const [type, c] of Object.entries(content)) expect(c.schema, `${method} ${p} ${type}`).toBeTruthy();
    }
  });

  it("gives 503 on every operation and 502/503/504 on the ones that call a model", () => {
    for (const { path: p, op } of ops) expect(op.responses["503"], p).toBeTruthy();
    for (const p of [
      "/projects/{projectId}/ai/parse-prd",
      "/projects/{projectId}/ai/expand",
      "/projects/{projectId}/chat",
      "/ai/test",
      "/ai/pull",
    ]) {
      const post = (doc.paths as Record<string, Record<string, Op>>)[p]!.post!;
      expect(Object.keys(post.responses), p).toEqual(expect.arrayContaining(["502", "503", "504"]));
    }
  });

  it("documents the AI accept routes with the 201 they answer, and POST /tokens as public or signed in", () => {
    const paths = doc.paths as Record<string, Record<string, Op & { security?: unknown }>>;
    for (const job of ["parse-prd", "expand", "analyze-complexity", "update", "add-task"]) {
      expect(Object.keys(paths[`/projects/{projectId}/ai/${job}/accept`]!.post!.responses)).toContain("201");
    }
    expect(paths["/tokens"]!.post!.security).toEqual([{}, { session: [] }]);
  });

  it("lists exactly the routes and methods app/api/v1 serves", () => {
    const served: { template: RegExp; methods: string[]; file: string }[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        // The catch-all ([...rest]) is no operation: it answers unknown paths with the JSON 404.
        if (e.isDirectory() && e.name.startsWith("[...")) continue;
        if (e.isDirectory()) walk(full);
        else if (e.name === "route.ts") {
          const rel = path.relative(path.join(root, "app/api/v1"), path.dirname(full)).split(path.sep).join("/");
          const src = fs.readFileSync(full, "utf8");
          const methods = [...src.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) =>
            m[1]!.toLowerCase(),
          );
          // A [param] folder matches the document's {param} or a concrete segment (the AI jobs have one path each).
          const pattern = rel
            .split("/")
            .map((s) => (/^\[\w+\]$/.test(s) ? `(?:\\{${s.slice(1, -1)}\\}|[\\w.-]+)` : s.replace(/\./g, "\\.")));
          served.push({ template: new RegExp(`^/${pattern.join("/")}$`), methods, file: rel });
        }
      }
    };
    walk(path.join(root, "app/api/v1"));
    // Each documented operation is served by a route file whose path matches it.
    for (const { path: p, method } of ops) {
      const files = served.filter((s) => s.template.test(p));
      expect(files.length, `no route file for ${p}`).toBeGreaterThan(0);
      expect(
        files.some((f) => f.methods.includes(method)),
        `${method.toUpperCase()} ${p} is documented but not served`,
      ).toBe(true);
    }
    // Each served method is documented at least once.
    for (const s of served) {
      for (const m of s.methods) {
        expect(
          ops.some((o) => o.method === m && s.template.test(o.path)),
          `${m.toUpperCase()} ${s.file} is served but not documented`,
        ).toBe(true);
      }
    }
  });
});
