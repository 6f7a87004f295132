"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReportDto, ReportSummaryDto } from "@/lib/reports/types";
import { api } from "./api-client";
import { qk } from "./query-keys";

export interface ReportRequest {
  from?: string;
  to?: string;
  narrative?: boolean;
  timeZone?: string;
}

export function useReports(projectId: string) {
  return useQuery({
    queryKey: qk.reports(projectId),
    queryFn: () => api<{ reports: ReportSummaryDto[] }>(`/api/v1/projects/${projectId}/reports`).then((r) => r.reports),
  });
}

/** A saved report never changes, so once loaded it is never refetched. */
export function useReport(projectId: string, reportId: string | null) {
  return useQuery({
    queryKey: qk.report(projectId, reportId ?? ""),
    queryFn: () => api<ReportDto>(`/api/v1/projects/${projectId}/reports/${encodeURIComponent(reportId!)}`),
    enabled: !!reportId,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useGenerateReport(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ReportRequest) => api<ReportDto>(`/api/v1/projects/${projectId}/reports`, { method: "POST", json: input }),
    onSuccess: (report) => {
      qc.setQueryData(qk.report(projectId, report.id), report);
      void qc.invalidateQueries({ queryKey: qk.reports(projectId), exact: true });
    },
  });
}
