"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TaskDto } from "@/lib/tasks/types";
import { useCallback, useRef, useState } from "react";
import { api, ApiError } from "./api-client";
import { postEventStream, streamError } from "./event-stream";
import { qk } from "./query-keys";

export type JobState<R> =
  | { phase: "idle" }
  | { phase: "running"; model: string | null; partial: unknown; route?: { role: string; routedBecause: string; external: boolean } }
  | { phase: "done"; result: R }
  | { phase: "stopped" }
  | { phase: "failed"; error: ApiError };

/**
 * Runs an AI job with live progress: POSTs with Accept: text/event-stream and reads `model`,
 * `partial`, then `result` or `error` events. stop() aborts the request, which the server
 * passes on to the model, so nothing is generated (or written) after it.
 */
export function useAiJob<R>(projectId: string, job: string) {
  const [state, setState] = useState<JobState<R>>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);
  const qc = useQueryClient();

  const start = useCallback(
    async (body: unknown) => {
      abort.current?.abort();
      const ctrl = new AbortController();
      abort.current = ctrl;
      let model: string | null = null;
      setState({ phase: "running", model, partial: null });
      try {
        await postEventStream(`/api/v1/projects/${projectId}/ai/${job}`, body, ctrl.signal, (event, payload) => {
          if (event === "model") {
            const m = payload as { model: string; role: string; routedBecause: string; external: boolean };
            model = m.model;
            setState((s) =>
              s.phase === "running" ? { ...s, model, route: { role: m.role, routedBecause: m.routedBecause, external: m.external } } : s,
            );
          } else if (event === "partial") {
            setState((s) => (s.phase === "running" ? { ...s, partial: payload } : s));
          } else if (event === "result") {
            setState({ phase: "done", result: payload as R });
            void qc.invalidateQueries({ queryKey: qk.tasks(projectId) });
          } else if (event === "error") {
            setState({ phase: "failed", error: streamError(payload) });
          }
        });
      } catch (e) {
        if (ctrl.signal.aborted) setState({ phase: "stopped" });
        else
          setState({
            phase: "failed",
            error: e instanceof ApiError ? e : new ApiError(0, "network", "Lost the connection to Cairn while generating."),
          });
      }
    },
    [projectId, job, qc],
  );

  const stop = useCallback(() => abort.current?.abort(), []);
  const reset = useCallback(() => setState({ phase: "idle" }), []);
  return { state, start, stop, reset };
}

/** Writes a draft exactly as the user reviewed it. */
export function useAcceptDraft<R>(projectId: string, job: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: unknown) => api<R>(`/api/v1/projects/${projectId}/ai/${job}/accept`, { method: "POST", json: input }),
    // The project's own key covers its tasks, overview and the header's counts; the list of
    // projects carries counts too.
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: qk.project(projectId) }),
        qc.invalidateQueries({ queryKey: qk.projects, exact: true }),
      ]),
  });
}

export function useAcceptPlan(projectId: string) {
  return useAcceptDraft<{ applied: TaskDto[] }>(projectId, "parse-prd");
}
