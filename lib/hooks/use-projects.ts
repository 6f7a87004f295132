"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { InvitationDto, MemberDto, MyInvitationDto, ProjectDto } from "@/lib/tasks/types";
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
      void qc.invalidateQueries({ queryKey: qk.projects, exact: true });
    },
  });
}

export function useDeleteProject(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ deleted: true; tasks: number }>(`/api/v1/projects/${projectId}`, { method: "DELETE" }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: qk.project(projectId) });
      void qc.invalidateQueries({ queryKey: qk.projects, exact: true });
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
    invite: useMutation({
      mutationFn: (input: { email: string; role: Role }) =>
        api<{ invitation: InvitationDto }>(`/api/v1/projects/${projectId}/members`, { method: "POST", json: input }).then(
          (r) => r.invitation,
        ),
      onSuccess: () => qc.invalidateQueries({ queryKey: qk.projectInvitations(projectId) }),
    }),
    cancelInvitation: useMutation({
      mutationFn: (invitationId: string) => api(`/api/v1/projects/${projectId}/invitations/${invitationId}`, { method: "DELETE" }),
      onSuccess: () => qc.invalidateQueries({ queryKey: qk.projectInvitations(projectId) }),
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

export interface ImportChanges {
  created: { ref: string; title: string }[];
  updated: { ref: string; title: string; fields: string[] }[];
  notInFile: { ref: string; title: string }[];
  unchanged: number;
}

export interface ImportPreviewProject {
  id: string | null;
  tag: string;
  name: string;
  tasks: number;
  subtasks: number;
  dependencies: number;
  warnings: string[];
  match: { id: string; name: string } | null;
  action: "create" | "update";
  changes: ImportChanges | null;
}

export interface ImportSummary {
  mode: "create" | "update";
  projects: (ImportPreviewProject & { id: string; removed: string[] })[];
}

/** `into` (with `tag` for a file of several tags) fills that existing, empty project instead. */
export type ImportMode = { mode: "create" | "update"; remove?: boolean; into?: string; tag?: string };

// The file's own text goes up as it is: re-serialising a parsed file could fail on the way
// (a file nested thousands deep), and the server explains every limit itself.
const importQuery = (m: ImportMode) => {
  const q = new URLSearchParams({ mode: m.mode });
  if (m.remove) q.set("remove", "true");
  if (m.into) q.set("into", m.into);
  if (m.into && m.tag) q.set("tag", m.tag);
  return `?${q}`;
};

/** What importing the file would do (tags, counts, warnings, matching projects); writes nothing. */
export function usePreviewTaskMaster() {
  return useMutation({
    mutationFn: ({ fileText, ...m }: { fileText: string } & ImportMode) =>
      api<{ mode: ImportMode["mode"]; projects: ImportPreviewProject[] }>(`/api/v1/import/taskmaster/preview${importQuery(m)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: fileText,
      }),
  });
}

export function useImportTaskMaster() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ fileText, ...m }: { fileText: string } & ImportMode) =>
      api<ImportSummary>(`/api/v1/import/taskmaster${importQuery(m)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: fileText,
      }),
    // Updated projects' tasks, counts and overviews all sit under ["projects", …].
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.projects }),
  });
}

/** The project's pending invitations (owners only). */
export function useProjectInvitations(projectId: string, enabled: boolean) {
  return useQuery({
    queryKey: qk.projectInvitations(projectId),
    queryFn: () => api<{ invitations: InvitationDto[] }>(`/api/v1/projects/${projectId}/invitations`).then((r) => r.invitations),
    enabled,
  });
}

/** Invitations addressed to the signed-in user, with accept and decline. */
export function useMyInvitations() {
  const qc = useQueryClient();
  const invalidate = () => qc.invalidateQueries({ queryKey: qk.myInvitations });
  return {
    list: useQuery({
      queryKey: qk.myInvitations,
      queryFn: () => api<{ invitations: MyInvitationDto[] }>("/api/v1/invitations").then((r) => r.invitations),
    }),
    accept: useMutation({
      mutationFn: (id: string) =>
        api<{ project: ProjectDto }>(`/api/v1/invitations/${id}/accept`, { method: "POST" }).then((r) => r.project),
      onSuccess: () => (invalidate(), qc.invalidateQueries({ queryKey: qk.projects })),
    }),
    decline: useMutation({
      mutationFn: (id: string) => api(`/api/v1/invitations/${id}/decline`, { method: "POST" }),
      onSuccess: invalidate,
    }),
  };
}
