"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ProjectDto, TaskHit, TaskHits } from "@/lib/tasks/types";
import { api } from "./api-client";
import { qk } from "./query-keys";

/** ⌘K: tasks across every project of yours matching `q` (the last answer stays while typing). */
export function useGlobalSearch(q: string, enabled: boolean) {
  return useQuery<TaskHit[], Error, TaskHit[], ReturnType<typeof qk.search>>({
    queryKey: qk.search(q),
    queryFn: ({ signal }) => api<TaskHits>(`/api/v1/search?${new URLSearchParams({ q, limit: "20" })}`, { signal }).then((r) => r.tasks),
    enabled,
    staleTime: 10_000,
    placeholderData: keepPreviousData,
  });
}

/** Tasks assigned to you, across your projects. */
export function useMyTasks(include: "open" | "all") {
  return useQuery({
    queryKey: qk.myTasks(include),
    queryFn: () => api<TaskHits>(`/api/v1/me/tasks?include=${include}`).then((r) => r.tasks),
  });
}

/** Your projects, shared with the Projects page's cache; fetched only when asked for. */
export function useProjectChoices(enabled: boolean) {
  return useQuery({
    queryKey: qk.projects,
    queryFn: () => api<{ projects: ProjectDto[] }>("/api/v1/projects").then((r) => r.projects),
    enabled,
    staleTime: 30_000,
  });
}
