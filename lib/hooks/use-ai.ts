"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { AiRunDto, AiSettingsDto, AiStatusDto, ModelTestResult, PullUpdate } from "@/lib/ai/types";
import type { ModelTestInput } from "@/lib/validation/ai-admin";
import { api, ApiError } from "./api-client";
import { postEventStream, streamError } from "./event-stream";
import { qk } from "./query-keys";

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

/**
 * Pulls a model with live progress. The endpoint is a POST, so EventSource cannot read it: the
 * stream is read by hand. cancel() (or leaving the page) closes the request, which stops Ollama.
 */
export function usePullModel() {
  const [state, setState] = useState<PullState>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);
  const qc = useQueryClient();

  useEffect(() => () => abort.current?.abort(), []);

  const start = useCallback(
    async (endpointId: string, name: string) => {
      abort.current?.abort();
      const ctrl = new AbortController();
      abort.current = ctrl;
      const model = name.trim();
      setState({ phase: "pulling", model, status: "starting", percent: null, completedBytes: null, totalBytes: null });
      let finished = false;
      try {
        await postEventStream("/api/v1/ai/pull", { endpointId, name: model }, ctrl.signal, (event, payload) => {
          if (event === "progress") {
            setState({ phase: "pulling", model, ...(payload as PullUpdate) });
          } else if (event === "result") {
            finished = true;
            setState({ phase: "done", model });
          } else if (event === "error") {
            finished = true;
            setState({ phase: "failed", model, error: streamError(payload) });
          }
        });
        if (!finished) throw new ApiError(0, "network", "The connection to Cairn closed before the pull finished.");
      } catch (e) {
        if (ctrl.signal.aborted) setState({ phase: "cancelled", model });
        else
          setState({
            phase: "failed",
            model,
            error: e instanceof ApiError ? e : new ApiError(0, "network", "Lost the connection to Cairn during the pull."),
          });
      } finally {
        if (abort.current === ctrl) abort.current = null;
        void qc.invalidateQueries({ queryKey: qk.aiStatus });
      }
    },
    [qc],
  );

  const cancel = useCallback(() => abort.current?.abort(), []);
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
