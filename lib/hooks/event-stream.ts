"use client";
import type { ErrorEnvelope } from "@/lib/errors";
import { ApiError } from "./api-client";

/**
 * POSTs JSON asking for server-sent events and hands each `event`/`data` pair to `onEvent` as it
 * arrives. (EventSource cannot POST.) Errors before the stream starts become an ApiError.
 */
export async function postEventStream(
  url: string,
  body: unknown,
  signal: AbortSignal,
  onEvent: (event: string, payload: unknown) => void,
): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
    credentials: "same-origin",
    signal,
  });
  if (!res.ok || !res.body) {
    throw ApiError.fromBody(res.status, (await res.json().catch(() => null)) as Partial<ErrorEnvelope> | null);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data !== undefined) onEvent(event, JSON.parse(data) as unknown);
    }
  }
}

/** The `error` event's payload as an ApiError. */
export function streamError(payload: unknown): ApiError {
  const p = payload as ErrorEnvelope & { status: number };
  return ApiError.fromBody(p.status, p);
}
