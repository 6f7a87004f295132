import { invalid, notFound } from "@/lib/errors";
import type { ProjectGraph } from "./rules/task-graph";

export function taskIdOrThrow(g: ProjectGraph, ref: string): string {
  const id = g.byRef.get(ref);
  if (!id) throw notFound(`Task #${ref}`);
  return id;
}

/** Refs → ids; every unknown ref is named in one error. Duplicates collapse. */
export function resolveDependencyRefs(g: ProjectGraph, refs: string[], field = "dependencies"): string[] {
  const unknown = refs.filter((r) => !g.byRef.has(r));
  if (unknown.length > 0) {
    throw invalid(`${field}: unknown task${unknown.length > 1 ? "s" : ""} ${unknown.map((r) => `#${r}`).join(", ")}`, {
      issues: [{ path: field, message: "unknown task refs", refs: unknown }],
    });
  }
  return [...new Set(refs.map((r) => g.byRef.get(r)!))];
}
