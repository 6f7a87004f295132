// One attempt on one (endpoint, model): how a failure is classified and how every attempt is
// logged as an AiRun. Shared by structured jobs (engine.ts) and the planning chat (chain-model.ts).
import { db } from "@/lib/db";
import type { AiEndpoint } from "@/lib/validation/ai";

export type Failure = { stage: "before-first-token" | "mid-stream" | "output"; kind: "unreachable" | "http" | "timeout" | "aborted" | "incomplete" | "invalid"; message: string };

export class AttemptError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

export const errorText = (e: unknown): string => {
  const err = e as { name?: string; message?: string; statusCode?: number; responseBody?: string; cause?: unknown };
  // The provider's message is only the status text; Ollama's own words are in the body.
  if (typeof err?.responseBody === "string") {
    try {
      const body = JSON.parse(err.responseBody) as { error?: unknown };
      if (typeof body.error === "string") return body.error;
      if (body.error && typeof (body.error as { message?: unknown }).message === "string") return (body.error as { message: string }).message;
    } catch {}
  }
  return err?.message ?? String(e);
};

export function classify(e: unknown, endpoint: AiEndpoint, timedOut: "first" | "idle" | null, userAborted: boolean, gotToken: boolean): Failure {
  const stage = gotToken ? "mid-stream" : "before-first-token";
  if (userAborted) return { stage, kind: "aborted", message: "Stopped." };
  if (timedOut === "first") return { stage, kind: "timeout", message: `${endpoint.name} did not start answering in time (the model may still be loading).` };
  if (timedOut === "idle") return { stage, kind: "timeout", message: `${endpoint.name} stopped sending tokens mid-answer.` };
  const err = e as { statusCode?: number; message?: string };
  if (typeof err?.statusCode === "number") {
    return { stage, kind: "http", message: `${endpoint.name} answered HTTP ${err.statusCode}: ${errorText(e)}` };
  }
  if (/Cannot connect|ECONNREFUSED|fetch failed|ENOTFOUND|EHOSTUNREACH/i.test(err?.message ?? "")) {
    return { stage, kind: "unreachable", message: `Cannot reach ${endpoint.name} at ${endpoint.url}. Is Ollama running there?` };
  }
  if (gotToken) return { stage, kind: "incomplete", message: `The answer from ${endpoint.name} broke off mid-stream (${errorText(e)}).` };
  return { stage, kind: "unreachable", message: `${endpoint.name}: ${errorText(e)}` };
}

export async function logRun(row: {
  job: string; endpoint: string; model: string; attempt: number; ttftMs: number | null; durationMs: number; promptTokens?: number; outputTokens?: number;
  outcome: string; cacheHit?: boolean; error?: string; projectId?: string; userId?: string;
}) {
  await db.aiRun
    .create({ data: { ...row, ttftMs: row.ttftMs ?? null, durationMs: Math.round(row.durationMs), error: row.error?.slice(0, 2000) ?? null } })
    .catch((e) => console.error("[cairn] could not log an AI run", e));
}

