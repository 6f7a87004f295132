// The model bench as a server-side job: a run measures the chosen models one after another in
// the background (its progress and results are written to the AiBenchRun row as they come, so
// the page can be left and reopened), one run at a time per instance (a unique "active slot"
// shared by every process on the database), cancellable from any process (the runner reads its
// cancel request with every heartbeat). A run whose process died stops beating and is marked
// interrupted when someone next looks.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/authorize";
import { db } from "@/lib/db";
import { conflict, isAppError, notFound } from "@/lib/errors";
import { benchStartInput } from "@/lib/validation/ai-bench";
import { BENCH_LIMITS } from "@/lib/validation/limits";
import { parseInput } from "@/lib/validation/parse";
import { endpointById, type ChainLink } from "../fallback-policy";
import { modelFacts } from "../model-facts";
import { readAiSettings } from "../settings";
import type { AiSettingsDto } from "../types";
import { benchModel } from "./measure";
import { recommend, RECOMMENDATION_METHOD } from "./recommend";
import { BENCH_JOBS, type BenchModelResult, type BenchOverviewDto, type BenchProgress, type BenchRunDto } from "./types";

const SLOT = "bench";
const HEARTBEAT_MS = 2_000;
/** A running run whose heartbeat is older than this has lost its process. */
const STALE_MS = 30_000;

// The runs this process is running, so a Cancel here stops the model call at once.
const globalBench = globalThis as unknown as { cairnBenchRuns?: Map<string, AbortController> };
const inProcess = (globalBench.cairnBenchRuns ??= new Map<string, AbortController>());

type Row = NonNullable<Awaited<ReturnType<typeof db.aiBenchRun.findUnique>>>;

function parse<T>(raw: string, fallback: T): T {
  try {
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function toDto(row: Row): BenchRunDto {
  return {
    id: row.id,
    status: row.status as BenchRunDto["status"],
    cancelRequested: row.cancelRequested,
    models: parse<BenchModelResult[]>(row.results, []),
    progress: row.status === "running" ? parse<BenchProgress | null>(row.progress, null) : null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** Runs that say "running" but whose process stopped beating are over: say so. */
async function reapStale(now = Date.now()) {
  const stale = await db.aiBenchRun.findMany({
    where: { status: "running", OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: new Date(now - STALE_MS) } }] },
    select: { id: true, results: true },
  });
  for (const run of stale) {
    if (inProcess.has(run.id)) continue;
    const models = parse<BenchModelResult[]>(run.results, []).map((m) =>
      m.status === "running" || m.status === "pending" ? { ...m, status: "cancelled" as const } : m,
    );
    await db.aiBenchRun.updateMany({
      where: { id: run.id, status: "running" },
      data: {
        status: "interrupted",
        activeSlot: null,
        finishedAt: new Date(now),
        results: JSON.stringify(models),
        error: "The server running this bench stopped before it finished.",
      },
    });
  }
}

const pendingResult = (link: ChainLink): BenchModelResult => ({
  endpointId: link.endpoint.id,
  endpointName: link.endpoint.name,
  model: link.model,
  status: "pending",
  parameterSize: null,
  jobs: [],
  summary: null,
  error: null,
});

/**
 * Starts a bench of the given models ({models: [{endpointId, model}]}) and returns at once; the
 * run goes on in the background. 409 while another run is going.
 */
export async function startBench(actor: Actor, raw: unknown): Promise<BenchRunDto> {
  requireAdmin(actor);
  const input = parseInput(benchStartInput, raw);
  const settings = await readAiSettings();
  const links: ChainLink[] = input.models.map((l) => ({ endpoint: endpointById(settings, l.endpointId), model: l.model }));
  await reapStale();
  let row: Row;
  try {
    row = await db.aiBenchRun.create({
      data: {
        userId: actor.userId,
        status: "running",
        activeSlot: SLOT,
        heartbeatAt: new Date(),
        models: JSON.stringify(input.models),
        results: JSON.stringify(links.map(pendingResult)),
      },
    });
  } catch (e) {
    if ((e as { code?: unknown })?.code !== "P2002") throw e;
    const active = await db.aiBenchRun.findUnique({ where: { activeSlot: SLOT }, select: { id: true } });
    throw conflict("A bench is already running. Wait for it to finish, or cancel it first.", { runId: active?.id ?? null });
  }
  await pruneOldRuns();
  void runInBackground(row.id, links, settings, actor.userId);
  return toDto(row);
}

async function pruneOldRuns() {
  const old = await db.aiBenchRun.findMany({
    where: { activeSlot: null },
    orderBy: { createdAt: "desc" },
    skip: BENCH_LIMITS.keptRuns,
    select: { id: true },
  });
  if (old.length) await db.aiBenchRun.deleteMany({ where: { id: { in: old.map((r) => r.id) } } });
}

async function runInBackground(id: string, links: ChainLink[], settings: AiSettingsDto, userId: string) {
  const controller = new AbortController();
  inProcess.set(id, controller);
  const results = links.map(pendingResult);
  const steps = links.length * BENCH_JOBS.length;
  // Writes are chained so a slow one never lands after a later one.
  let writes = Promise.resolve();
  const save = (data: { results?: BenchModelResult[]; progress?: BenchProgress | null }) => {
    writes = writes
      .then(async () => {
        const row = await db.aiBenchRun.update({
          where: { id },
          data: {
            heartbeatAt: new Date(),
            ...(data.results ? { results: JSON.stringify(data.results) } : {}),
            ...(data.progress !== undefined ? { progress: data.progress ? JSON.stringify(data.progress) : "" } : {}),
          },
          select: { cancelRequested: true },
        });
        if (row.cancelRequested) controller.abort();
      })
      .catch((e) => console.error("[cairn] could not save the bench's progress", e));
    return writes;
  };
  const beat = setInterval(() => void save({}), HEARTBEAT_MS);
  let status: BenchRunDto["status"] = "done";
  let error: string | null = null;
  try {
    for (const [i, link] of links.entries()) {
      if (controller.signal.aborted) break;
      const facts = await modelFacts(link.endpoint, link.model).catch(() => null);
      await benchModel(
        link,
        settings,
        { parameterSize: facts?.parameterSize ?? null },
        {
          signal: controller.signal,
          userId,
          onJob: (job) => {
            if (results[i]!.status === "pending") results[i] = { ...results[i]!, status: "running" };
            return save({
              results,
              progress: {
                modelIndex: i + 1,
                models: links.length,
                model: link.model,
                job,
                step: i * BENCH_JOBS.length + BENCH_JOBS.indexOf(job) + 1,
                steps,
              },
            });
          },
          onResult: (r) => {
            results[i] = { ...r, jobs: [...r.jobs] };
            return save({ results });
          },
        },
      );
    }
  } catch (e) {
    if (!controller.signal.aborted) {
      status = "failed";
      error = isAppError(e) || e instanceof Error ? e.message : String(e);
      console.error("[cairn] the bench failed", e);
    }
  } finally {
    clearInterval(beat);
    if (controller.signal.aborted) status = "cancelled";
    for (const [i, r] of results.entries()) {
      if (r.status === "running" || r.status === "pending") results[i] = { ...r, status: "cancelled" };
    }
    await writes;
    await db.aiBenchRun
      .update({
        where: { id },
        data: { status, error, activeSlot: null, finishedAt: new Date(), progress: "", results: JSON.stringify(results) },
      })
      .catch((e) => console.error("[cairn] could not finish the bench run", e));
    inProcess.delete(id);
  }
}

/** Asks a running bench to stop; the job in progress is abandoned and nothing more is measured. */
export async function cancelBench(actor: Actor, id: string): Promise<BenchRunDto> {
  requireAdmin(actor);
  const row = await db.aiBenchRun.findUnique({ where: { id } });
  if (!row) throw notFound("Bench run");
  if (row.status !== "running") return toDto(row);
  const updated = await db.aiBenchRun.update({ where: { id }, data: { cancelRequested: true } });
  inProcess.get(id)?.abort();
  return toDto(updated);
}

export async function getBenchRun(actor: Actor, id: string): Promise<BenchRunDto> {
  requireAdmin(actor);
  await reapStale();
  const row = await db.aiBenchRun.findUnique({ where: { id } });
  if (!row) throw notFound("Bench run");
  return toDto(row);
}

/** The kept runs (newest first), the one going now, and a model per role from the latest figures. */
export async function benchOverview(actor: Actor): Promise<BenchOverviewDto> {
  requireAdmin(actor);
  await reapStale();
  const rows = await db.aiBenchRun.findMany({ orderBy: { createdAt: "desc" }, take: BENCH_LIMITS.keptRuns });
  const runs = rows.map(toDto);
  return {
    runs,
    active: runs.find((r) => r.status === "running") ?? null,
    recommendations: recommend(runs),
    method: RECOMMENDATION_METHOD,
  };
}

/** Resolves once no bench runs in this process (tests, shutdown). */
export async function benchesSettled(): Promise<void> {
  while (inProcess.size > 0) await new Promise((r) => setTimeout(r, 50));
}
