"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { MemberDto, ProjectDto } from "@/lib/tasks/types";
import type { Role } from "@/lib/validation/common";
import { api } from "./api-client";
import { qk } from "./query-keys";

export function useProjects() {
  return useQuery({ queryKey: qk.projects, queryFn: () => api<{ projects: ProjectDto[] }>("/api/v1/projects").then((r) => r.projects) });
}

export function useProject(projectId: string) {
  return useQuery({
    queryKey: qk.project(projectId),
    queryFn: () => api<{ project: ProjectDto }>(`/api/v1/projects/${projectId}`).then((r) => r.project),
  });
}

export function useCreateProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; description?: string }) =>
      api<{ project: ProjectDto }>("/api/v1/projects", { method: "POST", json: input }).then((r) => r.project),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.projects }),
  });
}

export function useUpdateProject(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name?: string; description?: string }) =>
      api<{ project: ProjectDto }>(`/api/v1/projects/${projectId}`, { method: "PATCH", json: input }).then((r) => r.project),
    onSuccess: (p) => {
      qc.setQueryData(qk.project(projectId), p);
      qc.invalidateQueries({ queryKey: qk.projects, exact: true });
    },
  });
}

export function useDeleteProject(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ deleted: true; tasks: number }>(`/api/v1/projects/${projectId}`, { method: "DELETE" }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: qk.project(projectId) });
      qc.invalidateQueries({ queryKey: qk.projects, exact: true });
    },
  });
}

export function useMembers(projectId: string) {
  return useQuery({
    queryKey: qk.members(projectId),
    queryFn: () => api<{ members: MemberDto[] }>(`/api/v1/projects/${projectId}/members`).then((r) => r.members),
  });
}

export function useMemberMutations(projectId: string) {
  const qc = useQueryClient();
  const invalidate = () => qc.invalidateQueries({ queryKey: qk.members(projectId) });
  return {
    add: useMutation({
      mutationFn: (input: { email: string; role: Role }) =>
        api(`/api/v1/projects/${projectId}/members`, { method: "POST", json: input }),
      onSuccess: invalidate,
    }),
    update: useMutation({
      mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
        api(`/api/v1/projects/${projectId}/members/${userId}`, { method: "PATCH", json: { role } }),
      onSuccess: invalidate,
    }),
    remove: useMutation({
      mutationFn: (userId: string) => api(`/api/v1/projects/${projectId}/members/${userId}`, { method: "DELETE" }),
      onSuccess: invalidate,
    }),
  };
}

export interface ImportSummary {
  projects: { id: string; tag: string; name: string; tasks: number; subtasks: number; dependencies: number; warnings: string[] }[];
}

export function useImportTaskMaster() {
  const qc = useQueryClient();
  return useMutation({
    // The file's own text goes up as it is: re-serialising a parsed file could fail on the way
    // (a file nested thousands deep), and the server explains every limit itself.
    mutationFn: (fileText: string) =>
      api<ImportSummary>("/api/v1/import/taskmaster", { method: "POST", headers: { "content-type": "application/json" }, body: fileText }),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.projects }),
  });
}
