"use client";
import { useQuery } from "@tanstack/react-query";
import type { DependencyGraphDto } from "@/lib/tasks/types";
import { api } from "./api-client";
import { qk } from "./query-keys";

/**
 * Keyed under the project's task keys, so every task mutation's invalidation refreshes it.
 * `initial` is the server's snapshot from the page's HTML (as the board does).
 */
export function useProjectGraph(projectId: string, initial?: DependencyGraphDto) {
  return useQuery({
    queryKey: qk.graph(projectId),
    queryFn: () => api<DependencyGraphDto>(`/api/v1/projects/${projectId}/graph`),
    staleTime: 5_000,
    initialData: initial,
    initialDataUpdatedAt: initial ? Date.now() : undefined,
  });
}
