// A Task Master tasks.json the size of Task Master's own plan: 100 tasks, 550 subtasks, long
// details. Used to check that MCP answers stay affordable on a real-sized project.
const WORDS =
  "configure the service so that requests are validated logged retried and measured before the response is written back to the client with the right status code and headers".split(
    " ",
  );

function prose(seed: number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length]!);
  return `${out.join(" ")}.`;
}

export function taskMasterSizedPlan(tasks = 100, subtasks = 550) {
  const perTask = Math.floor(subtasks / tasks);
  let extra = subtasks - perTask * tasks;
  const statuses = ["done", "done", "in-progress", "pending", "pending", "pending", "review", "deferred"];
  return {
    master: {
      tasks: Array.from({ length: tasks }, (_, i) => {
        const id = i + 1;
        const n = perTask + (extra-- > 0 ? 1 : 0);
        return {
          id,
          title: `Implement component ${id}: ${prose(id, 6).slice(0, -1)}`,
          description: prose(id, 30),
          details: prose(id + 1, 260),
          testStrategy: prose(id + 2, 40),
          status: statuses[id % statuses.length],
          priority: ["high", "medium", "low", "medium"][id % 4],
          dependencies: id > 2 ? [id - 1, Math.max(1, id - 3)].filter((d, k, a) => a.indexOf(d) === k) : id === 2 ? [1] : [],
          subtasks: Array.from({ length: n }, (_, j) => ({
            id: j + 1,
            title: `Step ${j + 1} of component ${id}`,
            description: prose(id * 10 + j, 20),
            details: prose(id * 10 + j + 1, 120),
            status: statuses[(id + j) % statuses.length],
            dependencies: j > 0 ? [j] : [],
          })),
        };
      }),
      metadata: { description: "A plan the size of Task Master's own" },
    },
  };
}
