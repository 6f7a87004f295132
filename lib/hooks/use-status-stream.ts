"use client";
// A POST that answers with server-sent events — `progress` as it goes, then `result` or `error` —
// followed by the page (pulling a model, creating one). EventSource cannot POST, so the stream is
// read by hand. Starting again or cancel() (or leaving the page) closes the request, which stops
// the work on Ollama; the AI status is re-read once it ends, however it ended.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import { ApiError } from "./api-client";
import { postEventStream, streamError } from "./event-stream";
import { qk } from "./query-keys";

export interface StatusStreamHandlers {
  progress(payload: unknown): void;
  result(payload: unknown): void;
  failed(error: ApiError): void;
  cancelled(): void;
}

export function useStatusStream(messages: { closed: string; lost: string }) {
  const abort = useRef<AbortController | null>(null);
  const qc = useQueryClient();
  useEffect(() => () => abort.current?.abort(), []);
  const { closed, lost } = messages;

  const run = useCallback(
    async (url: string, body: unknown, on: StatusStreamHandlers) => {
      abort.current?.abort();
      const ctrl = new AbortController();
      abort.current = ctrl;
      let finished = false;
      try {
        await postEventStream(url, body, ctrl.signal, (event, payload) => {
          if (event === "progress") {
            on.progress(payload);
          } else if (event === "result") {
            finished = true;
            on.result(payload);
          } else if (event === "error") {
            finished = true;
            on.failed(streamError(payload));
          }
        });
        if (!finished) throw new ApiError(0, "network", closed);
      } catch (e) {
        if (ctrl.signal.aborted) on.cancelled();
        else on.failed(e instanceof ApiError ? e : new ApiError(0, "network", lost));
      } finally {
        if (abort.current === ctrl) abort.current = null;
        void qc.invalidateQueries({ queryKey: qk.aiStatus });
      }
    },
    [qc, closed, lost],
  );
  const cancel = useCallback(() => abort.current?.abort(), []);
  return { run, cancel };
}
