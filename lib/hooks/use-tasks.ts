"use client";
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DeleteTaskResult, EventDto, NextTaskDto, NoteDto, TaskDto, TaskPage } from "@/lib/tasks/types";
import { api, ApiError } from "./api-client";
import { qk } from "./query-keys";

const base = (projectId: string) => `/api/v1/projects/${projectId}/tasks`;

export function useTaskList(projectId: string, filters: Record<string, string>) {
  return useInfiniteQuery({
    queryKey: qk.taskList(projectId, filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams({ ...filters, limit: "100", ...(pageParam ? { cursor: pageParam } : {}) });
      return api<TaskPage>(`${base(projectId)}?${q}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useTask(projectId: string, ref: string | null) {
  return useQuery({
    queryKey: qk.task(projectId, ref ?? ""),
    queryFn: () => api<{ task: TaskDto }>(`${base(projectId)}/${ref}`).then((r) => r.task),
    enabled: !!ref,
  });
}

export function useNextTask(projectId: string) {
  return useQuery({ queryKey: qk.next(projectId), queryFn: () => api<NextTaskDto>(`/api/v1/projects/${projectId}/next`) });
}

export function useNotes(projectId: string, ref: string) {
  return useQuery({
    queryKey: qk.notes(projectId, ref),
    queryFn: () => api<{ notes: NoteDto[] }>(`${base(projectId)}/${ref}/notes`).then((r) => r.notes),
  });
}

export function useHistory(projectId: string, ref: string) {
  return useQuery({
    queryKey: qk.history(projectId, ref),
    queryFn: () => api<{ events: EventDto[] }>(`${base(projectId)}/${ref}/history`).then((r) => r.events),
  });
}

/** Task writes refresh everything under the project's task keys (lists, next, detail). */
export function useTaskMutations(projectId: string) {
  const qc = useQueryClient();
  const invalidate = () => {
    void qc.invalidateQueries({ queryKey: qk.tasks(projectId) });
    void qc.invalidateQueries({ queryKey: qk.project(projectId), exact: true });
  };
  return {
    create: useMutation({
      mutationFn: (input: Record<string, unknown>) =>
        api<{ task: TaskDto }>(base(projectId), { method: "POST", json: input }).then((r) => r.task),
      onSettled: invalidate,
    }),
    update: useMutation({
      mutationFn: ({ ref, ...changes }: { ref: string } & Record<string, unknown>) =>
        api<{ task: TaskDto }>(`${base(projectId)}/${ref}`, { method: "PATCH", json: changes }).then((r) => r.task),
      onSuccess: (task) => qc.setQueryData(qk.task(projectId, task.ref), task),
      onError: (e) => {
        // A conflict carries the current task: show it instead of the stale copy.
        const current = e instanceof ApiError && e.code === "conflict" ? (e.details as { current?: TaskDto } | null)?.current : null;
        if (current) qc.setQueryData(qk.task(projectId, current.ref), current);
      },
      onSettled: invalidate,
    }),
    remove: useMutation({
      mutationFn: (ref: string) => api<DeleteTaskResult>(`${base(projectId)}/${ref}`, { method: "DELETE" }),
      onSettled: invalidate,
    }),
    /** What deleting would remove and who would lose a prerequisite (the server's answer; nothing changes). */
    previewRemove: useMutation({
      mutationFn: (ref: string) => api<DeleteTaskResult>(`${base(projectId)}/${ref}?dryRun=true`, { method: "DELETE" }),
    }),
    addDependency: useMutation({
      mutationFn: ({ ref, dependsOn }: { ref: string; dependsOn: string }) =>
        api<{ task: TaskDto }>(`${base(projectId)}/${ref}/dependencies`, { method: "POST", json: { dependsOn } }).then((r) => r.task),
      onSettled: invalidate,
    }),
    removeDependency: useMutation({
      mutationFn: ({ ref, dependsOn }: { ref: string; dependsOn: string }) =>
        api<{ task: TaskDto }>(`${base(projectId)}/${ref}/dependencies/${dependsOn}`, { method: "DELETE" }).then((r) => r.task),
      onSettled: invalidate,
    }),
    addNote: useMutation({
      mutationFn: ({ ref, body }: { ref: string; body: string }) =>
        api(`${base(projectId)}/${ref}/notes`, { method: "POST", json: { body } }),
      onSettled: invalidate,
    }),
  };
}

/** Orders a subtask among its siblings (the same move a board card uses). */
export function useReorderSubtask(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ ref, status, afterRef }: { ref: string; status: string; afterRef: string | null }) =>
      api(`${base(projectId)}/${ref}/move`, { method: "POST", json: { status, afterRef } }),
    onSettled: () => qc.invalidateQueries({ queryKey: qk.tasks(projectId) }),
  });
}

/** Tasks whose ref or title matches, for pickers (at most 8). */
export function useTaskSearch(projectId: string, text: string) {
  const q = text.trim().replace(/^#/, "");
  return useQuery({
    queryKey: [...qk.tasks(projectId), "search", q],
    queryFn: ({ signal }) => api<TaskPage>(`${base(projectId)}?limit=8&text=${encodeURIComponent(q)}`, { signal }).then((r) => r.tasks),
    enabled: q.length > 0,
    staleTime: 2_000,
  });
}

export interface DependencyCheckResult {
  valid: boolean;
  issues: { kind: string; taskRef: string; dependsOnRef: string; message: string }[];
  removed?: { taskRef: string; dependsOnRef: string; reason: string }[];
}

/** Task Master's validate-dependencies and fix-dependencies. */
export function useDependencyCheck(projectId: string) {
  const qc = useQueryClient();
  return {
    check: useMutation({ mutationFn: () => api<DependencyCheckResult>(`/api/v1/projects/${projectId}/dependencies/validate`) }),
    fix: useMutation({
      mutationFn: () => api<DependencyCheckResult>(`/api/v1/projects/${projectId}/dependencies/fix`, { method: "POST" }),
      onSuccess: () => qc.invalidateQueries({ queryKey: qk.tasks(projectId) }),
    }),
  };
}
