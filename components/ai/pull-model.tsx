"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorBox, Field, Input, Select } from "@/components/ui/field";
import type { EndpointStatusDto } from "@/lib/ai/types";
import { usePullModel } from "@/lib/hooks/use-ai";
import { MODEL_NAME_MAX } from "@/lib/validation/ai";
import { formatBytes } from "./format";

export function PullModel({ endpoints, canPull }: { endpoints: EndpointStatusDto[]; canPull: boolean }) {
  const ollama = endpoints.filter((e) => e.kind === "ollama");
  const pull = usePullModel();
  const [endpointId, setEndpointId] = useState(ollama[0]?.id ?? "");
  const target = ollama.find((e) => e.id === endpointId) ?? ollama[0];
  const { state } = pull;

  if (!canPull) {
    return <p className="text-sm text-muted">Only the instance admin can pull models.</p>;
  }
  if (!target) {
    return <p className="text-sm text-muted">Pulling needs an Ollama endpoint; add one above.</p>;
  }
  return (
    <div className="space-y-3">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const name = String(new FormData(e.currentTarget).get("name") ?? "").trim();
          if (name) void pull.start(target.id, name);
        }}
      >
        <div className="min-w-48 flex-1">
          <Field label="Model name" hint="As on ollama.com/library, e.g. llama3.2, qwen3:8b or mistral:7b">
            {(p) => (
              <Input
                {...p}
                name="name"
                required
                maxLength={MODEL_NAME_MAX}
                autoComplete="off"
                spellCheck={false}
                placeholder="llama3.2"
                disabled={pull.isPulling}
              />
            )}
          </Field>
        </div>
        {ollama.length > 1 && (
          <Field label="Onto">
            {(p) => (
              <Select {...p} className="w-44" value={target.id} onChange={(e) => setEndpointId(e.target.value)} disabled={pull.isPulling}>
                {ollama.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        )}
        <Button type="submit" busy={pull.isPulling} disabled={!target.health.reachable}>
          Pull
        </Button>
      </form>
      {!target.health.reachable && (
        <p className="text-xs text-muted">{target.name} cannot be reached, so nothing can be pulled onto it right now.</p>
      )}

      {(state.phase === "pulling" || state.phase === "done") && (
        <div className="space-y-1.5">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <span className="min-w-0 flex-1 break-words">
              {state.phase === "done" ? (
                <span className="text-emerald-700 dark:text-emerald-400">
                  <strong>{state.model}</strong> is installed.
                </span>
              ) : (
                <>
                  Pulling <strong>{state.model}</strong>: <span className="text-muted">{state.status}</span>
                  {state.totalBytes ? (
                    <span className="text-muted">
                      {" "}
                      · {formatBytes(state.completedBytes)} of {formatBytes(state.totalBytes)}
                    </span>
                  ) : null}
                </>
              )}
            </span>
            {state.phase === "pulling" && (
              <Button size="sm" variant="secondary" onClick={pull.cancel}>
                Cancel
              </Button>
            )}
          </div>
          <ProgressBar label={`Pulling ${state.model}`} percent={state.phase === "done" ? 100 : state.percent} />
          {state.phase === "pulling" && (
            <p className="text-xs text-muted">Leaving this page cancels the pull; pulling again resumes where it stopped.</p>
          )}
        </div>
      )}
      {state.phase === "cancelled" && (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-300">
          Cancelled: {state.model} is not installed. Pulling it again resumes the download.
        </p>
      )}
      {state.phase === "failed" && <ErrorBox>{state.error.message}</ErrorBox>}
    </div>
  );
}

function ProgressBar({ label, percent }: { label: string; percent: number | null }) {
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent === null ? undefined : Math.floor(percent)}
      aria-valuetext={percent === null ? "Starting" : `${Math.floor(percent)}%`}
      data-testid="pull-progress"
      className="h-2.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
    >
      <div
        className={`h-full rounded-full bg-[var(--color-accent)] transition-[width] duration-300 ${percent === null ? "w-1/4 animate-pulse" : ""}`}
        style={percent === null ? undefined : { width: `${percent}%` }}
      />
    </div>
  );
}
