import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeProject } from "@/lib/test/factories";
import { createTask } from "./create-task";
import { addDependency, removeDependency } from "./dependencies";
import { deleteTask } from "./delete-task";
import type { ProjectGraph } from "./rules/task-graph";
import { moveTask } from "./move-task";
import { getProjectGraph, loadGraph } from "./plan-snapshot";
import { updateTask } from "./update-task";

/** A canonical form of everything the graph holds, to compare cached against fresh. */
function canonical(g: ProjectGraph) {
  const ref = (id: string) => g.tasks.get(id)?.ref ?? `?${id}`;
  const refs = (ids: readonly string[] | undefined) => (ids ?? []).map(ref).sort();
  return {
    ordered: g.ordered.map((t) => t.ref),
    tasks: g.ordered.map((t) => ({ ...t, id: undefined, parentId: t.parentId ? ref(t.parentId) : null, labels: [...t.labels] })),
    byRef: [...g.byRef.keys()].sort(),
    deps: g.ordered.map((t) => [t.ref, refs(g.deps.get(t.id))]),
    dependents: g.ordered.map((t) => [t.ref, refs(g.dependents.get(t.id))]),
    children: g.ordered.map((t) => [t.ref, (g.children.get(t.id) ?? []).map(ref)]),
  };
}

describe("the cached graph follows every write exactly", () => {
  it("stays identical to a fresh load through 150 random writes", async () => {
    const { actor, projectId } = await makeProject();
    let a = 42;
    // mulberry32: deterministic, exact in 32-bit integer arithmetic.
    const next = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const rand = (n: number) => Math.floor(next() * n);
    const statuses = ["pending", "in-progress", "review", "done", "deferred", "cancelled"] as const;
    let checked = 0;
    for (let step = 0; step < 150; step++) {
      const g = await getProjectGraph(projectId);
      const refs = g.ordered.map((t) => t.ref);
      const pick = () => refs[rand(refs.length)]!;
      const top = g.ordered.filter((t) => !t.parentId).map((t) => t.ref);
      const op = refs.length < 4 ? 0 : rand(8);
      // Rejected writes (cycles, duplicates) are part of the test: they must leave the cache alone too.
      await (async () => {
        switch (op) {
          case 0:
            return createTask(actor, projectId, { title: `T${step}`, dependencies: refs.length ? [pick()] : [] });
          case 1:
            return createTask(actor, projectId, { title: `S${step}`, parent: top[rand(top.length)] });
          case 2:
            return updateTask(actor, projectId, pick(), { status: statuses[rand(6)], title: `Renamed ${step}`, labels: [`l${rand(3)}`] });
          case 3:
            return addDependency(actor, projectId, pick(), { dependsOn: pick() });
          case 4: {
            const withDeps = g.ordered.filter((t) => g.deps.get(t.id)?.length);
            const t = withDeps[rand(Math.max(1, withDeps.length))];
            if (!t) return;
            return removeDependency(actor, projectId, t.ref, g.tasks.get(g.deps.get(t.id)![0]!)!.ref);
          }
          case 5:
            return rand(3) === 0
              ? deleteTask(actor, projectId, pick())
              : updateTask(actor, projectId, pick(), { priority: "high", description: `d${step}` });
          case 6:
            return updateTask(actor, projectId, pick(), { dependencies: [pick(), pick()] });
          default:
            return moveTask(actor, projectId, top[rand(top.length)]!, { status: statuses[rand(4)] });
        }
      })().catch((e: { code?: string }) => {
        if (!["invalid", "conflict", "not_found"].includes(e.code ?? "")) throw e;
      });
      const cached = await getProjectGraph(projectId);
      const fresh = await loadGraph(projectId, db);
      expect(canonical(cached), `after step ${step} (op ${op})`).toEqual(canonical(fresh));
      checked++;
    }
    expect(checked).toBe(150);
    expect((await loadGraph(projectId, db)).ordered.length).toBeGreaterThan(10);
  });

  it("a graph read while a write commits is never cached under the older revision", async () => {
    const { actor, projectId } = await makeProject();
    await createTask(actor, projectId, { title: "Seed" });
    const cache = (globalThis as unknown as { cairnGraphCache: Map<string, unknown> }).cairnGraphCache;
    for (let round = 0; round < 20; round++) {
      // Nothing cached: the reads below load the graph while the write commits beside them.
      cache.delete(projectId);
      await Promise.all([
        createTask(actor, projectId, { title: `Raced ${round}`, dependencies: ["1"] }),
        ...Array.from({ length: 4 }, () => getProjectGraph(projectId)),
      ]);
      expect(canonical(await getProjectGraph(projectId))).toEqual(canonical(await loadGraph(projectId)));
    }
    expect((await getProjectGraph(projectId)).ordered).toHaveLength(21);
  });
});
