import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { requireAdmin, requireScope } from "@/lib/auth/authorize";
import { aborted, invalid } from "@/lib/errors";
import type { AiEndpoint } from "@/lib/validation/ai";
import { pullInput } from "@/lib/validation/ai-admin";
import { parseInput } from "@/lib/validation/parse";
import { endpointById } from "./fallback-policy";
import { pullModel } from "./ollama-admin";
import { readAiSettings } from "./settings";
import type { PullUpdate } from "./types";

export interface PullTarget {
  endpoint: AiEndpoint;
  name: string;
}

export interface PullResult {
  endpointId: string;
  model: string;
  status: "success";
}

/** Checks everything a pull needs before any progress is streamed, so refusals keep their HTTP status. */
export async function preparePull(actor: Actor, raw: unknown): Promise<PullTarget> {
  requireAdmin(actor);
  requireScope(actor, "write");
  const input = parseInput(pullInput, raw);
  const settings = await readAiSettings();
  const endpoint = endpointById(settings, input.endpointId);
  if (endpoint.kind !== "ollama") throw invalid(`${endpoint.name} is not an Ollama endpoint; load models on that server itself.`);
  return { endpoint, name: input.name };
}

/** A pull by anyone who may: validates like preparePull, then streams like streamPull. */
export async function* pullModelStream(actor: Actor, raw: unknown, signal?: AbortSignal): AsyncGenerator<PullUpdate, PullResult> {
  return yield* streamPull(await preparePull(actor, raw), signal);
}

/**
 * Progress of one prepared pull. Ollama reports each layer on its own; summing over the layers
 * seen so far gives one bar for the whole model. Aborting `signal` stops the download and ends
 * with an "aborted" AppError, so a cancel is not reported as a failure.
 */
export async function* streamPull({ endpoint, name }: PullTarget, signal?: AbortSignal): AsyncGenerator<PullUpdate, PullResult> {
  const layers = new Map<string, { total: number; completed: number }>();
  try {
    for await (const p of pullModel(endpoint.url, name, signal)) {
      if (p.digest && p.total) layers.set(p.digest, { total: p.total, completed: p.completed ?? 0 });
      let total = 0;
      let completed = 0;
      for (const l of layers.values()) {
        total += l.total;
        completed += Math.min(l.completed, l.total);
      }
      if (p.status === "success") {
        yield { status: "success", percent: 100, completedBytes: total || null, totalBytes: total || null };
        continue;
      }
      const percent = total > 0 ? Math.floor((completed / total) * 1000) / 10 : null;
      yield { status: p.status, percent, completedBytes: total > 0 ? completed : null, totalBytes: total > 0 ? total : null };
    }
  } catch (e) {
    if (signal?.aborted) throw aborted(`The pull of ${name} was cancelled; nothing was installed.`);
    throw e;
  }
  return { endpointId: endpoint.id, model: name, status: "success" };
}
