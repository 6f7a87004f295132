"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AlertDto, BackupDto, BackupOverviewDto, BackupSettingsDto } from "@/lib/ops/types";
import { api } from "./api-client";
import { qk } from "./query-keys";

const ALERTS_REFRESH_MS = 60_000;

export function useBackups() {
  return useQuery({ queryKey: qk.backups, queryFn: () => api<BackupOverviewDto>("/api/v1/admin/backups") });
}

export function useBackUpNow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ backup: BackupDto }>("/api/v1/admin/backups", { method: "POST" }).then((r) => r.backup),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: qk.backups });
      void qc.invalidateQueries({ queryKey: qk.alerts });
    },
  });
}

export function useUpdateBackupSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: { intervalHours?: number; keep?: number; notifyUrl?: string | null }) =>
      api<{ settings: BackupSettingsDto }>("/api/v1/admin/backups/settings", { method: "PATCH", json: patch }).then((r) => r.settings),
    onSuccess: () => void qc.invalidateQueries({ queryKey: qk.backups }),
  });
}

/** The admin banner's alerts, refreshed every minute (the server checks endpoints on its own). */
export function useAdminAlerts(enabled: boolean) {
  return useQuery({
    queryKey: qk.alerts,
    queryFn: () => api<{ alerts: AlertDto[] }>("/api/v1/admin/alerts").then((r) => r.alerts),
    enabled,
    refetchInterval: ALERTS_REFRESH_MS,
  });
}
