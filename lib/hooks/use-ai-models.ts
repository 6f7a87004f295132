"use client";
// Changing what the Ollama server holds from Settings → AI: Load now / Unload, create a model
// (streamed status lines), delete one. Each refreshes the endpoint status it changed.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { AiStatusDto, CreateModelResult, CreateModelUpdate, DeleteModelResult, WarmResult } from "@/lib/ai/types";
import type { CreateModelInput, WarmModelInput } from "@/lib/validation/ai-admin";
import { api, type ApiError } from "./api-client";
import { qk } from "./query-keys";
import { useStatusStream } from "./use-status-stream";

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
  const stream = useStatusStream({
    closed: "The connection to Cairn closed before the model was created.",
    lost: "Lost the connection to Cairn while creating the model.",
  });
  const { run } = stream;

  const start = useCallback(
    async (input: CreateModelInput) => {
      const model = input.name.trim();
      const lines: CreateModelUpdate[] = [];
      setState({ phase: "creating", model, lines });
      await run(
        "/api/v1/ai/models",
        { ...input, name: model },
        {
          progress: (payload) => {
            lines.push(payload as CreateModelUpdate);
            setState({ phase: "creating", model, lines: [...lines] });
          },
          result: (payload) => setState({ phase: "done", model, lines: [...lines], result: payload as CreateModelResult }),
          failed: (error) => setState({ phase: "failed", model, lines: [...lines], error }),
          cancelled: () => setState({ phase: "cancelled", model, lines: [...lines] }),
        },
      );
    },
    [run],
  );
  const reset = useCallback(() => setState({ phase: "idle" }), []);
  return { state, start, cancel: stream.cancel, reset, isCreating: state.phase === "creating" };
}
