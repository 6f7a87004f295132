// Prometheus metrics (/api/metrics): Cairn's own registry, not prom-client's global one, kept on
// globalThis so route handlers, the instrumentation hook and Next's module reloads share one.
import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { db } from "@/lib/db";
import { lastBackup } from "./backup";
import { endpointStates } from "./monitor";

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({
    name: "cairn_http_requests_total",
    help: "HTTP requests to the API, by route (its declared key, never a raw path) and status",
    labelNames: ["route", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "cairn_http_request_duration_seconds",
    help: "Time until the response (its headers, for streams), by route",
    labelNames: ["route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const aiRuns = new Counter({
    name: "cairn_ai_runs_total",
    help: "Calls to a model (each attempt), by job, model, endpoint and outcome",
    labelNames: ["job", "model", "endpoint", "outcome"] as const,
    registers: [registry],
  });
  const aiFirstToken = new Histogram({
    name: "cairn_ai_time_to_first_token_seconds",
    help: "Time from a model call to its first token, by job, model and endpoint",
    labelNames: ["job", "model", "endpoint"] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120],
    registers: [registry],
  });
  new Gauge({
    name: "cairn_ai_endpoint_up",
    help: "1 when the AI endpoint answered its last health check, 0 when it did not (absent before the first check)",
    labelNames: ["endpoint"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const ep of await endpointStates()) if (ep.status !== "unknown") this.set({ endpoint: ep.name }, ep.status === "up" ? 1 : 0);
    },
  });
  new Gauge({
    name: "cairn_backup_last_age_seconds",
    help: "Seconds since the newest backup was taken (absent when there is none)",
    registers: [registry],
    collect() {
      this.reset();
      const { ageSeconds } = lastBackup();
      if (ageSeconds !== null) this.set(ageSeconds);
    },
  });
  new Gauge({
    name: "cairn_backup_last_size_bytes",
    help: "Size of the newest backup in bytes (absent when there is none)",
    registers: [registry],
    collect() {
      this.reset();
      const { sizeBytes } = lastBackup();
      if (sizeBytes !== null) this.set(sizeBytes);
    },
  });
  new Gauge({
    name: "cairn_backups",
    help: "Backups kept in the backup folder",
    registers: [registry],
    collect() {
      this.set(lastBackup().count);
    },
  });
  new Gauge({
    name: "cairn_tasks",
    help: "Tasks and subtasks in all projects, by status",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      const groups = await db.task.groupBy({ by: ["status"], _count: { _all: true } });
      this.reset();
      for (const g of groups) this.set({ status: g.status }, g._count._all);
    },
  });
  return { registry, httpRequests, httpDuration, aiRuns, aiFirstToken };
}

const g = globalThis as unknown as { cairnMetrics?: ReturnType<typeof create> };
const metrics = () => (g.cairnMetrics ??= create());

export function observeRequest(route: string, status: number, seconds: number): void {
  const m = metrics();
  m.httpRequests.inc({ route, status: String(status) });
  m.httpDuration.observe({ route }, seconds);
}

export function observeAiRun(run: { job: string; model: string; endpoint: string; outcome: string; ttftMs: number | null }): void {
  const m = metrics();
  const labels = { job: run.job, model: run.model, endpoint: run.endpoint };
  m.aiRuns.inc({ ...labels, outcome: run.outcome });
  if (run.ttftMs !== null) m.aiFirstToken.observe(labels, run.ttftMs / 1000);
}

/** The exposition text and its content type. */
export async function renderMetrics(): Promise<{ contentType: string; text: string }> {
  const { registry } = metrics();
  return { contentType: registry.contentType, text: await registry.metrics() };
}
