"use client";
import Link from "next/link";
import { Button, Spinner } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/field";
import type { JobState } from "@/lib/hooks/use-ai-job";
import { ExternalBadge } from "./external-badge";

/** What every AI panel shows while a job runs or after it fails: who is writing, Stop, errors. */
export function AiRunStatus<R>({ state, onStop, what }: { state: JobState<R>; onStop: () => void; what: string }) {
  if (state.phase === "running") {
    return (
      <div className="flex items-center gap-3 text-sm text-zinc-600 dark:text-zinc-300" data-testid="ai-running">
        <Spinner />
        <span>{state.model ? `${state.model} is ${what}` : "Waiting for the model"}…</span>
        {state.route && (
          <span className="text-xs text-muted" data-testid="running-route">
            {state.route.role} role ({state.route.routedBecause})
          </span>
        )}
        {state.route?.external && <ExternalBadge what="answer" />}
        <Button size="sm" variant="danger" onClick={onStop}>
          Stop
        </Button>
      </div>
    );
  }
  if (state.phase === "stopped")
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="ai-stopped">
        Stopped. Nothing was written.
      </p>
    );
  if (state.phase === "failed") {
    return (
      <ErrorBox>
        <span data-testid="ai-error">{state.error.message}</span>{" "}
        {["unavailable", "timeout"].includes(state.error.code) && (
          <Link href="/settings/ai" className="underline">
            Check the AI settings
          </Link>
        )}
      </ErrorBox>
    );
  }
  return null;
}
