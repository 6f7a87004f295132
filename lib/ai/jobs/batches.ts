import "server-only";
import { runStructured, type StructuredJob, type StructuredResult } from "../engine";
import type { JobHooks, RouteMeta } from "./types";

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Several structured calls, one per batch, reported as one job: partials are tagged with their
 * step and refs, each call's warnings go into `warnings` before `onResult` sees its value, and
 * the result names every model, endpoint, role and routing reason that answered (cached only if
 * every call was; external if any call's role is).
 */
export async function runStructuredBatches<B extends { ref: string }, T>(
  batches: B[][],
  hooks: JobHooks,
  warnings: string[],
  build: (batch: B[], index: number) => Omit<StructuredJob<T>, "onPartial" | "onModel" | "signal">,
  onResult: (batch: B[], result: StructuredResult<T>, index: number) => void,
): Promise<{ model: string; endpoint: string; cached: boolean } & RouteMeta> {
  const models = new Set<string>();
  const endpoints = new Set<string>();
  const roles = new Set<string>();
  const reasons = new Set<string>();
  let external = false;
  let cached = true;
  for (const [i, batch] of batches.entries()) {
    const step = { step: i + 1, steps: batches.length, refs: batch.map((t) => t.ref) };
    const result = await runStructured({
      ...build(batch, i),
      ...hooks,
      onPartial: hooks.onPartial && ((partial) => hooks.onPartial!({ ...step, partial })),
    });
    models.add(result.model);
    endpoints.add(result.endpoint);
    cached &&= result.cached;
    roles.add(result.role);
    reasons.add(result.routedBecause);
    external ||= result.external;
    warnings.push(...result.warnings);
    onResult(batch, result, i);
  }
  return {
    model: [...models].join(", "),
    endpoint: [...endpoints].join(", "),
    cached,
    role: [...roles].join(", "),
    routedBecause: [...reasons].join("; "),
    external,
  };
}
