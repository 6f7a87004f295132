"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TaskDto } from "@/lib/tasks/dto";
import { useCallback, useRef, useState } from "react";
import { api, ApiError } from "./api-client";
import { qk } from "./query-keys";

export type JobState<R> =
  | { phase: "idle" }
  | { phase: "running"; model: string | null; partial: unknown }
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
        const res = await fetch(`/api/v1/projects/${projectId}/ai/${job}`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "text/event-stream" },
          body: JSON.stringify(body),
          signal: ctrl.signal,
        });
        if (!res.ok || !res.body) {
          const err = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details: unknown } } | null;
          throw new ApiError(res.status, err?.error?.code ?? "error", err?.error?.message ?? `Request failed (${res.status})`, err?.error?.details);
        }
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const event = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (!event || data === undefined) continue;
            const payload = JSON.parse(data) as unknown;
            if (event === "model") {
              model = (payload as { model: string }).model;
              setState((s) => (s.phase === "running" ? { ...s, model } : s));
            } else if (event === "partial") {
              setState((s) => (s.phase === "running" ? { ...s, partial: payload } : s));
            } else if (event === "result") {
              setState({ phase: "done", result: payload as R });
              qc.invalidateQueries({ queryKey: qk.tasks(projectId) });
            } else if (event === "error") {
              const p = payload as { error: { code: string; message: string; details: unknown }; status: number };
              setState({ phase: "failed", error: new ApiError(p.status, p.error.code, p.error.message, p.error.details) });
            }
          }
        }
      } catch (e) {
        if (ctrl.signal.aborted) setState({ phase: "stopped" });
        else setState({ phase: "failed", error: e instanceof ApiError ? e : new ApiError(0, "network", "Lost the connection to Cairn while generating.") });
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
    onSettled: () => qc.invalidateQueries({ queryKey: qk.tasks(projectId) }),
  });
}

export function useAcceptPlan(projectId: string) {
  return useAcceptDraft<{ applied: TaskDto[] }>(projectId, "parse-prd");
}
