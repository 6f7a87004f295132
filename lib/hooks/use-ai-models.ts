"use client";
// Changing what the Ollama server holds from Settings → AI: Load now / Unload, create a model
// (streamed status lines), delete one. Each refreshes the endpoint status it changed.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { AiStatusDto, CreateModelResult, CreateModelUpdate, DeleteModelResult, WarmResult } from "@/lib/ai/types";
import type { CreateModelInput, WarmModelInput } from "@/lib/validation/ai-admin";
import { api, ApiError } from "./api-client";
import { postEventStream, streamError } from "./event-stream";
import { qk } from "./query-keys";

export function useWarmModel(action: "load" | "unload") {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: WarmModelInput) =>
      api<{ result: WarmResult }>(`/api/v1/ai/models/${action}`, { method: "POST", json: input }).then((r) => r.result),
    // The answer carries /api/ps as it was right after: shown at once, then the full status is re-read.
    onSuccess: (r) =>
      qc.setQueryData<AiStatusDto>(qk.aiStatus, (s) =>
        s ? { ...s, endpoints: s.endpoints.map((e) => (e.id === r.endpointId ? { ...e, loaded: r.loaded } : e)) } : s,
      ),
    onSettled: () => void qc.invalidateQueries({ queryKey: qk.aiStatus }),
  });
}

export function useDeleteModel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ endpointId, name }: { endpointId: string; name: string }) =>
      api<{ result: DeleteModelResult }>(`/api/v1/ai/models?${new URLSearchParams({ endpointId, name }).toString()}`, {
        method: "DELETE",
      }).then((r) => r.result),
    onSettled: () => void qc.invalidateQueries({ queryKey: qk.aiStatus }),
  });
}

export type CreateState =
  | { phase: "idle" }
  | { phase: "creating"; model: string; lines: CreateModelUpdate[] }
  | { phase: "done"; model: string; lines: CreateModelUpdate[]; result: CreateModelResult }
  | { phase: "cancelled"; model: string; lines: CreateModelUpdate[] }
  | { phase: "failed"; model: string; lines: CreateModelUpdate[]; error: ApiError };

/** Creates a model with its status lines as they come; cancel() (or leaving the page) closes the request. */
export function useCreateModel() {
  const [state, setState] = useState<CreateState>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);
  const qc = useQueryClient();
  useEffect(() => () => abort.current?.abort(), []);

  const start = useCallback(
    async (input: CreateModelInput) => {
      abort.current?.abort();
      const ctrl = new AbortController();
      abort.current = ctrl;
      const model = input.name.trim();
      const lines: CreateModelUpdate[] = [];
      setState({ phase: "creating", model, lines });
      let finished = false;
      try {
        await postEventStream("/api/v1/ai/models", { ...input, name: model }, ctrl.signal, (event, payload) => {
          if (event === "progress") {
            lines.push(payload as CreateModelUpdate);
            setState({ phase: "creating", model, lines: [...lines] });
          } else if (event === "result") {
            finished = true;
            setState({ phase: "done", model, lines: [...lines], result: payload as CreateModelResult });
          } else if (event === "error") {
            finished = true;
            setState({ phase: "failed", model, lines: [...lines], error: streamError(payload) });
          }
        });
        if (!finished) throw new ApiError(0, "network", "The connection to Cairn closed before the model was created.");
      } catch (e) {
        if (ctrl.signal.aborted) setState({ phase: "cancelled", model, lines: [...lines] });
        else
          setState({
            phase: "failed",
            model,
            lines: [...lines],
            error: e instanceof ApiError ? e : new ApiError(0, "network", "Lost the connection to Cairn while creating the model."),
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
  return { state, start, cancel, reset, isCreating: state.phase === "creating" };
}
