import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { addMember, makeProject, makeUser } from "@/lib/test/factories";
import type { Actor } from "@/lib/auth/actor";
import { createTask } from "./create-task";
import { addDependency } from "./dependencies";
import { getDependencyGraph } from "./graph-dto";
import { visibleGraph } from "./graph-dto-filters";
import { updateTask } from "./update-task";

async function rejects(p: Promise<unknown>, code: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
}

/**
 * 1 done · 2 ← 1 (score 3) · 3 ← 2 (score 5) · 4 ← 3 · 5 cancelled · 6 ← 5 · 7 ← 4, 2 (score 2) ·
 * 8 deferred · 9 · 10 ← 9 (score 8) · 2.1 · 2.2 ← 2.1.
 */
async function craftedProject() {
  const { actor, projectId } = await makeProject();
  const specs = [
    { title: "Foundation", status: "done" },
    { title: "Schema", dependencies: ["1"], complexity: 3 },
    { title: "API", dependencies: ["2"], complexity: 5 },
    { title: "UI", dependencies: ["3"] },
    { title: "Legacy importer", status: "cancelled" },
    { title: "Docs", dependencies: ["5"] },
    { title: "Deploy", dependencies: ["4", "2"], priority: "high", complexity: 2 },
    { title: "Parked idea", status: "deferred" },
    { title: "Auth" },
    { title: "Login", dependencies: ["9"], complexity: 8 },
    { title: "Tables", parent: "2" },
    { title: "Indexes", parent: "2", dependencies: ["2.1"] },
  ];
  for (const s of specs) await createTask(actor, projectId, s);
  return { actor, projectId };
}

const node = (
  ref: string,
  title: string,
  extra: Partial<{ status: string; priority: string; complexity: number; parent: string; ready: boolean; blocked: boolean }> = {},
) => ({
  ref,
  title,
  status: "pending",
  priority: "medium",
  complexity: null,
  parent: null,
  ready: false,
  blocked: false,
  ...extra,
});

describe("getDependencyGraph", () => {
  it("returns exact nodes, edges, ready tasks and the critical path of a crafted project", async () => {
    const { actor, projectId } = await craftedProject();
    const g = await getDependencyGraph(actor, projectId);
    expect(g.nodes).toEqual([
      node("1", "Foundation", { status: "done" }),
      node("2", "Schema", { complexity: 3, ready: true }),
      node("2.1", "Tables", { parent: "2", ready: true }),
      node("2.2", "Indexes", { parent: "2", blocked: true }),
      node("3", "API", { complexity: 5, blocked: true }),
      node("4", "UI", { blocked: true }),
      node("5", "Legacy importer", { status: "cancelled" }),
      // A cancelled prerequisite is resolved: #6 is free to start.
      node("6", "Docs", { ready: true }),
      node("7", "Deploy", { priority: "high", complexity: 2, blocked: true }),
      node("8", "Parked idea", { status: "deferred" }),
      node("9", "Auth", { ready: true }),
      node("10", "Login", { complexity: 8, blocked: true }),
    ]);
    expect(g.edges).toEqual([
      { source: "1", target: "2" },
      { source: "2", target: "3" },
      { source: "2", target: "7" },
      { source: "2.1", target: "2.2" },
      { source: "3", target: "4" },
      { source: "4", target: "7" },
      { source: "5", target: "6" },
      { source: "9", target: "10" },
    ]);
    expect(g.ready).toEqual(["2", "2.1", "6", "9"]);
    // 2 → 3 → 4 → 7 weighs 3 + 5 + 1 + 2 = 11; 9 → 10 weighs 1 + 8 = 9.
    expect(g.criticalPath).toEqual(["2", "3", "4", "7"]);
    expect(g.criticalWeight).toBe(11);
    expect(g.revision).toBeGreaterThan(0);
  });

  it("leaves out done and cancelled tasks and their edges with hideDone", async () => {
    const { actor, projectId } = await craftedProject();
    const g = await getDependencyGraph(actor, projectId, { hideDone: "1" });
    expect(g.nodes.map((n) => n.ref)).toEqual(["2", "2.1", "2.2", "3", "4", "6", "7", "8", "9", "10"]);
    expect(g.edges).toEqual([
      { source: "2", target: "3" },
      { source: "2", target: "7" },
      { source: "2.1", target: "2.2" },
      { source: "3", target: "4" },
      { source: "4", target: "7" },
      { source: "9", target: "10" },
    ]);
    expect(g.ready).toEqual(["2", "2.1", "6", "9"]);
    expect(g.criticalPath).toEqual(["2", "3", "4", "7"]);
    expect((await getDependencyGraph(actor, projectId, { hideDone: "0" })).nodes).toHaveLength(12);
    await rejects(getDependencyGraph(actor, projectId, { hideDone: "yes" }), "invalid");
    await rejects(getDependencyGraph(actor, projectId, { other: "1" }), "invalid");
  });

  it("follows writes: a new score or a new edge moves the critical path", async () => {
    const { actor, projectId } = await craftedProject();
    const before = await getDependencyGraph(actor, projectId);
    await updateTask(actor, projectId, "9", { complexity: 4 });
    let g = await getDependencyGraph(actor, projectId);
    // 9 → 10 now weighs 4 + 8 = 12, more than 11.
    expect(g.criticalPath).toEqual(["9", "10"]);
    expect(g.criticalWeight).toBe(12);
    expect(g.revision).toBeGreaterThan(before.revision);

    await addDependency(actor, projectId, "9", { dependsOn: "7" });
    g = await getDependencyGraph(actor, projectId);
    expect(g.edges).toContainEqual({ source: "7", target: "9" });
    expect(g.criticalPath).toEqual(["2", "3", "4", "7", "9", "10"]);
    expect(g.criticalWeight).toBe(23);
    expect(g.ready).toEqual(["2", "2.1", "6"]);
    expect(g.nodes.find((n) => n.ref === "9")).toMatchObject({ ready: false, blocked: true });

    // Finishing the head of the path drops it; the rest of the chain stays critical.
    await updateTask(actor, projectId, "2.1", { status: "done" });
    await updateTask(actor, projectId, "2.2", { status: "done" });
    g = await getDependencyGraph(actor, projectId);
    expect(g.nodes.find((n) => n.ref === "2")).toMatchObject({ status: "done" });
    expect(g.criticalPath).toEqual(["3", "4", "7", "9", "10"]);
  });

  it("answers an empty project with empty lists", async () => {
    const { actor, projectId } = await makeProject();
    const g = await getDependencyGraph(actor, projectId);
    expect({ ...g, revision: 0 }).toEqual({
      revision: 0,
      role: "owner",
      nodes: [],
      edges: [],
      ready: [],
      criticalPath: [],
      criticalWeight: 0,
    });
  });

  it("is readable by viewers and hidden from non-members", async () => {
    const { actor, projectId } = await craftedProject();
    const viewer: Actor & { email: string } = await makeUser();
    await addMember(actor, projectId, viewer, "viewer");
    const seen = await getDependencyGraph(viewer, projectId);
    expect(seen.criticalPath).toEqual(["2", "3", "4", "7"]);
    expect(seen.role).toBe("viewer");
    expect((await getDependencyGraph(actor, projectId)).role).toBe("owner");
    await rejects(getDependencyGraph(await makeUser(), projectId), "not_found");
  });
});

describe("visibleGraph", () => {
  it("focuses on a task's ancestors and descendants, then hides finished work", async () => {
    const { actor, projectId } = await craftedProject();
    const g = await getDependencyGraph(actor, projectId);
    const refs = (v: { nodes: { ref: string }[] }) => v.nodes.map((n) => n.ref);
    // #3: ancestors 2 and 1, descendants 4 and 7. Not 2.x (no explicit edge), not 9 or 10.
    expect(refs(visibleGraph(g, { focus: "3" }))).toEqual(["1", "2", "3", "4", "7"]);
    expect(visibleGraph(g, { focus: "3" }).edges).toEqual([
      { source: "1", target: "2" },
      { source: "2", target: "3" },
      { source: "2", target: "7" },
      { source: "3", target: "4" },
      { source: "4", target: "7" },
    ]);
    expect(refs(visibleGraph(g, { focus: "3", hideDone: true }))).toEqual(["2", "3", "4", "7"]);
    expect(refs(visibleGraph(g, { focus: "8" }))).toEqual(["8"]);
    // An unknown ref focuses on nothing: everything stays.
    expect(refs(visibleGraph(g, { focus: "99" }))).toHaveLength(12);
  });
});
