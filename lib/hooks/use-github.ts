"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { GithubDeliveryDto, GithubLinkDto, GithubLinkWithSecretDto } from "@/lib/integrations/github/types";
import { api } from "./api-client";
import { qk } from "./query-keys";

const base = (projectId: string) => `/api/v1/projects/${projectId}/integrations/github`;

export function useGithubLinks(projectId: string) {
  return useQuery({
    queryKey: qk.githubLinks(projectId),
    queryFn: () => api<{ links: GithubLinkDto[] }>(base(projectId)).then((r) => r.links),
  });
}

/** The delivery log, kept fresh while the page is open so a delivery shows up without a reload. */
export function useGithubDeliveries(projectId: string) {
  return useQuery({
    queryKey: qk.githubDeliveries(projectId),
    queryFn: () => api<{ deliveries: GithubDeliveryDto[] }>(`${base(projectId)}/deliveries?limit=50`).then((r) => r.deliveries),
    refetchInterval: 2_000,
  });
}

export function useGithubMutations(projectId: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: qk.github(projectId) });
  return {
    link: useMutation({
      mutationFn: (input: { repository: string; labelFilter?: string | null }) =>
        api<{ link: GithubLinkWithSecretDto }>(base(projectId), { method: "POST", json: input }).then((r) => r.link),
      onSuccess: refresh,
    }),
    rotate: useMutation({
      mutationFn: (linkId: string) =>
        api<{ link: GithubLinkWithSecretDto }>(`${base(projectId)}/${linkId}/rotate`, { method: "POST" }).then((r) => r.link),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ linkId, labelFilter }: { linkId: string; labelFilter: string | null }) =>
        api<{ link: GithubLinkDto }>(`${base(projectId)}/${linkId}`, { method: "PATCH", json: { labelFilter } }).then((r) => r.link),
      onSuccess: refresh,
    }),
    unlink: useMutation({
      mutationFn: (linkId: string) => api<void>(`${base(projectId)}/${linkId}`, { method: "DELETE" }),
      onSuccess: refresh,
    }),
    replay: useMutation({
      mutationFn: (logId: string) =>
        api<{ delivery: GithubDeliveryDto }>(`${base(projectId)}/deliveries/${logId}/replay`, { method: "POST" }).then((r) => r.delivery),
      onSuccess: () => {
        void refresh();
        void qc.invalidateQueries({ queryKey: qk.tasks(projectId) });
      },
    }),
  };
}
