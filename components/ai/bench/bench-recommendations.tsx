"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/field";
import type { BenchRecommendation } from "@/lib/ai/bench/types";
import { chainWithFirst } from "@/lib/ai/model-names";
import type { AiSettingsDto } from "@/lib/ai/types";
import { errorMessage } from "@/lib/hooks/api-client";
import { useUpdateAiSettings } from "@/lib/hooks/use-ai";

export function BenchRecommendations({
  recommendations,
  method,
  settings,
  canApply,
}: {
  recommendations: BenchRecommendation[];
  method: string;
  settings: AiSettingsDto | undefined;
  canApply: boolean;
}) {
  const update = useUpdateAiSettings();
  const [applying, setApplying] = useState<string | null>(null);
  if (recommendations.length === 0) {
    return (
      <p className="text-sm text-muted" data-testid="bench-no-recommendation">
        No recommendation yet: it needs a finished bench with at least one model that produced a valid plan.
      </p>
    );
  }
  const use = (r: BenchRecommendation) => {
    if (!settings) return;
    // The recommended model goes first; the role's other models stay behind it as its own fallbacks.
    const chain = chainWithFirst(settings.roles[r.role], r.role, r);
    setApplying(r.role);
    update.mutate({ roles: { [r.role]: chain } });
  };
  return (
    <div className="grid gap-3">
      <ul className="grid gap-1.5" data-testid="bench-recommendations">
        {recommendations.map((r) => {
          const first = settings?.roles[r.role][0];
          const inUse = !!first && first.endpointId === r.endpointId && first.model === r.model;
          // OLLAMA_MODEL sets main and fast; a change here would not take effect.
          const fromEnv = !!settings?.fromEnvironment.includes("OLLAMA_MODEL") && (r.role === "main" || r.role === "fast");
          return (
            <li
              key={r.role}
              className="flex flex-wrap items-center gap-x-2 gap-y-1 rounded-md bg-zinc-50 px-3 py-2 text-sm dark:bg-zinc-950/40"
              data-testid="bench-recommendation"
              data-role={r.role}
            >
              <span>
                <strong>{r.role}:</strong> <span className="font-mono text-xs">{r.model}</span> — {r.because}
              </span>
              <span className="ml-auto">
                {inUse ? (
                  <span className="text-xs text-muted">in use</span>
                ) : canApply && settings ? (
                  <Button
                    size="sm"
                    variant="secondary"
                    busy={update.isPending && applying === r.role}
                    disabled={update.isPending || fromEnv}
                    title={fromEnv ? `OLLAMA_MODEL sets the ${r.role} model on this server` : undefined}
                    onClick={() => use(r)}
                  >
                    Use for {r.role}
                  </Button>
                ) : null}
              </span>
            </li>
          );
        })}
      </ul>
      {update.isError && (
        <ErrorBox>
          Could not change the {applying ?? ""} models: {errorMessage(update.error)}
        </ErrorBox>
      )}
      <p className="text-xs text-muted" data-testid="bench-method">
        How this is chosen: {method}
      </p>
    </div>
  );
}
