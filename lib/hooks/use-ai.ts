"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { AiRunDto, AiSettingsDto, AiStatusDto, ModelTestResult, PullUpdate } from "@/lib/ai/types";
import type { ModelTestInput } from "@/lib/validation/ai-admin";
import { api, type ApiError } from "./api-client";
import { qk } from "./query-keys";
import { useStatusStream } from "./use-status-stream";

const STATUS_REFRESH_MS = 10_000;

export function useAiStatus() {
  return useQuery({
    queryKey: qk.aiStatus,
    queryFn: () => api<{ status: AiStatusDto }>("/api/v1/ai/status").then((r) => r.status),
    refetchInterval: STATUS_REFRESH_MS,
    // The health check is cheap, but nobody reads it in a background tab.
    refetchIntervalInBackground: false,
  });
}

export function useAiSettings() {
  return useQuery({
    queryKey: qk.aiSettings,
    queryFn: () => api<{ settings: AiSettingsDto }>("/api/v1/ai/settings").then((r) => r.settings),
  });
}

export function useUpdateAiSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Record<string, unknown>) =>
      api<{ settings: AiSettingsDto }>("/api/v1/ai/settings", { method: "PATCH", json: patch }).then((r) => r.settings),
    onSuccess: (settings) => {
      qc.setQueryData(qk.aiSettings, settings);
      void qc.invalidateQueries({ queryKey: qk.aiStatus });
    },
  });
}

export function useTestModel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ModelTestInput) =>
      api<{ result: ModelTestResult }>("/api/v1/ai/test", { method: "POST", json: input }).then((r) => r.result),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: qk.aiRuns });
      // A test loads the model into memory, which the status shows.
      void qc.invalidateQueries({ queryKey: qk.aiStatus });
    },
  });
}

export function useAiRuns(limit = 100) {
  return useQuery({
    queryKey: [...qk.aiRuns, limit],
    queryFn: () => api<{ runs: AiRunDto[] }>(`/api/v1/ai/runs?limit=${limit}`).then((r) => r.runs),
  });
}

export type PullState =
  | { phase: "idle" }
  | ({ phase: "pulling"; model: string } & PullUpdate)
  | { phase: "done"; model: string }
  | { phase: "cancelled"; model: string }
  | { phase: "failed"; model: string; error: ApiError };

/** Pulls a model with live progress; cancel() (or leaving the page) closes the request, which stops Ollama. */
export function usePullModel() {
  const [state, setState] = useState<PullState>({ phase: "idle" });
  const stream = useStatusStream({
    closed: "The connection to Cairn closed before the pull finished.",
    lost: "Lost the connection to Cairn during the pull.",
  });
  const { run, cancel } = stream;

  const start = useCallback(
    async (endpointId: string, name: string) => {
      const model = name.trim();
      setState({ phase: "pulling", model, status: "starting", percent: null, completedBytes: null, totalBytes: null });
      await run(
        "/api/v1/ai/pull",
        { endpointId, name: model },
        {
          progress: (payload) => setState({ phase: "pulling", model, ...(payload as PullUpdate) }),
          result: () => setState({ phase: "done", model }),
          failed: (error) => setState({ phase: "failed", model, error }),
          cancelled: () => setState({ phase: "cancelled", model }),
        },
      );
    },
    [run],
  );
  const reset = useCallback(() => setState({ phase: "idle" }), []);

  return {
    state,
    start,
    cancel,
    reset,
    isPulling: state.phase === "pulling",
    progress:
      state.phase === "pulling"
        ? { status: state.status, percent: state.percent }
        : state.phase === "done"
          ? { status: "success", percent: 100 }
          : null,
    done: state.phase === "done",
    error: state.phase === "failed" ? state.error : null,
  };
}
