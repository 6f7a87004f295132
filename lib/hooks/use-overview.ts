"use client";
import { useQuery } from "@tanstack/react-query";
import type { ProjectOverviewDto } from "@/lib/tasks/types";
import { api } from "./api-client";
import { qk } from "./query-keys";

/** Keyed under the project's task keys, so every task mutation's invalidation refreshes it. */
export function useProjectOverview(projectId: string) {
  return useQuery({
    queryKey: qk.overview(projectId),
    queryFn: () => api<ProjectOverviewDto>(`/api/v1/projects/${projectId}/overview`),
  });
}
