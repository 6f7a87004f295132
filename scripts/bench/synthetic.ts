// Synthetic Task Master plans for benchmarks: realistic shape, deterministic for a seed.
/** A Task Master file of n tasks with about `edges` dependencies, each on an earlier task. */
export function syntheticTasksJson(n: number, edges: number, seed = 1) {
  const rand = mulberry32(seed);
  const priorities = ["low", "medium", "medium", "high", "critical"];
  const statuses = ["pending", "pending", "pending", "in-progress", "done", "done", "review", "deferred"];
  const deps: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < edges;) {
    const from = 2 + Math.floor(rand() * (n - 1));
    // Mostly near neighbours (how real plans look), sometimes far back.
    const back = rand() < 0.8 ? 1 + Math.floor(rand() * 20) : 1 + Math.floor(rand() * (from - 1));
    const to = Math.max(1, from - back);
    if (!deps[from - 1]!.includes(to)) {
      deps[from - 1]!.push(to);
      e++;
    }
  }
  return {
    master: {
      tasks: deps.map((d, i) => ({
        id: i + 1,
        title: `Task ${i + 1}: ${["Design", "Build", "Test", "Deploy", "Document"][i % 5]} component ${i % 97}`,
        description: `Work item ${i + 1} of the synthetic plan`,
        details: "",
        testStrategy: "",
        status: statuses[Math.floor(rand() * statuses.length)],
        priority: priorities[Math.floor(rand() * priorities.length)],
        dependencies: d,
        subtasks: [],
      })),
      metadata: { projectName: `Synthetic ${n}` },
    },
  };
}

/** A small, exact 32-bit PRNG (a plain LCG in doubles loses precision and cycles early). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
