// Every query key in one place, so invalidation after a mutation is never a guess.
export const qk = {
  me: ["me"] as const,
  settings: ["instance-settings"] as const,
  users: ["users"] as const,
  tokens: ["tokens"] as const,
  projects: ["projects"] as const,
  project: (id: string) => ["projects", id] as const,
  members: (id: string) => ["projects", id, "members"] as const,
  tasks: (id: string) => ["projects", id, "tasks"] as const,
  taskList: (id: string, filters: Record<string, string>) => ["projects", id, "tasks", "list", filters] as const,
  task: (id: string, ref: string) => ["projects", id, "tasks", "one", ref] as const,
  notes: (id: string, ref: string) => ["projects", id, "tasks", "notes", ref] as const,
  history: (id: string, ref: string) => ["projects", id, "tasks", "history", ref] as const,
  next: (id: string) => ["projects", id, "tasks", "next"] as const,
  overview: (id: string) => ["projects", id, "tasks", "overview"] as const,
  board: (id: string) => ["projects", id, "tasks", "board"] as const,
};
