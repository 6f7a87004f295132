"use client";
import { useMemo, useState } from "react";
import { Button, Spinner } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/field";
import type { AiStatusDto } from "@/lib/ai/types";
import { errorMessage } from "@/lib/hooks/api-client";
import type { ModelLink } from "@/lib/validation/ai";
import { BENCH_LIMITS } from "@/lib/validation/limits";
import { formatBytes } from "../format";

const key = (l: ModelLink) => `${l.endpointId}\u0000${l.model}`;

/** Installed models that can answer a job (embedding-only models cannot). */
function benchable(status: AiStatusDto | undefined) {
  return (status?.endpoints ?? []).flatMap((ep) =>
    ep.models
      .filter((m) => {
        const caps = m.facts?.capabilities ?? [];
        return caps.length === 0 || caps.includes("completion");
      })
      .map((m) => ({ endpointId: ep.id, endpointName: ep.name, model: m.name, size: m.sizeBytes, parameterSize: m.parameterSize })),
  );
}

export function BenchPicker({
  status,
  statusPending,
  statusError,
  busy,
  running,
  error,
  onStart,
}: {
  status: AiStatusDto | undefined;
  statusPending: boolean;
  statusError: unknown;
  busy: boolean;
  running: boolean;
  error: unknown;
  onStart: (models: ModelLink[]) => void;
}) {
  const models = useMemo(() => benchable(status), [status]);
  const [chosen, setChosen] = useState<string[]>([]);
  const endpoints = new Set(models.map((m) => m.endpointId)).size;
  const toggle = (k: string) => setChosen((c) => (c.includes(k) ? c.filter((x) => x !== k) : [...c, k]));
  // In the order they were ticked: that is the order the bench measures them in.
  const picked = chosen.map((k) => models.find((m) => key(m) === k)).filter((m) => m !== undefined);
  const tooMany = picked.length > BENCH_LIMITS.models;

  if (statusPending) {
    return (
      <p className="flex items-center gap-2 text-sm text-muted">
        <Spinner /> Looking for installed models…
      </p>
    );
  }
  if (statusError && !status) return <ErrorBox>Could not list the installed models: {errorMessage(statusError)}</ErrorBox>;
  if (models.length === 0) {
    return (
      <p className="text-sm text-muted" data-testid="bench-no-models">
        No installed model can be benched: none of your endpoints lists a chat model. Pull one in Settings → AI first.
      </p>
    );
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (picked.length && !tooMany) onStart(picked.map((m) => ({ endpointId: m.endpointId, model: m.model })));
      }}
    >
      <fieldset>
        <legend className="mb-2 text-sm">Models to measure, in this order:</legend>
        <ul className="grid gap-1 sm:grid-cols-2" data-testid="bench-models">
          {models.map((m) => {
            const k = key(m);
            const position = chosen.indexOf(k);
            return (
              <li key={k}>
                <label className="flex min-h-9 cursor-pointer items-center gap-2 rounded-md border border-zinc-200 px-2.5 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50">
                  <input type="checkbox" checked={position >= 0} onChange={() => toggle(k)} className="h-4 w-4 shrink-0" />
                  <span className="min-w-0 flex-1">
                    <span className="font-mono text-xs break-all">{m.model}</span>
                    <span className="block text-xs text-muted">
                      {[m.parameterSize, formatBytes(m.size), endpoints > 1 ? m.endpointName : null].filter(Boolean).join(" · ")}
                    </span>
                  </span>
                  {position >= 0 && (
                    <span
                      className="rounded bg-zinc-100 px-1.5 text-xs tabular-nums dark:bg-zinc-800"
                      aria-label={`number ${position + 1}`}
                    >
                      {position + 1}
                    </span>
                  )}
                </label>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button type="submit" busy={busy} disabled={picked.length === 0 || tooMany || running} data-testid="bench-start">
          {picked.length > 1 ? `Run the bench on ${picked.length} models` : "Run the bench"}
        </Button>
        <span className="text-xs text-muted" aria-live="polite">
          {running
            ? "A bench is running; start another when it ends."
            : tooMany
              ? `Choose at most ${BENCH_LIMITS.models} models.`
              : picked.length === 0
                ? "Choose one or more models."
                : "Each model takes a few minutes on real hardware; you can leave this page meanwhile."}
        </span>
      </div>
      {error ? (
        <div className="mt-3">
          <ErrorBox>Could not start the bench: {errorMessage(error)}</ErrorBox>
        </div>
      ) : null}
    </form>
  );
}
