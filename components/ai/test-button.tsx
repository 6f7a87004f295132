"use client";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/hooks/api-client";
import { useTestModel } from "@/lib/hooks/use-ai";
import type { ModelTestInput } from "@/lib/validation/ai-admin";
import { formatMs } from "./format";

/** Asks a model (or a role's chain) for a tiny answer and shows who answered and how fast. */
export function TestButton({ input, label, disabled }: { input: ModelTestInput; label: string; disabled?: boolean }) {
  const test = useTestModel();
  const r = test.data;
  return (
    <div className="min-w-0 space-y-1">
      <Button
        type="button"
        size="sm"
        variant="secondary"
        aria-label={label}
        busy={test.isPending}
        disabled={disabled}
        onClick={() => test.mutate(input)}
      >
        Test
      </Button>
      {test.isError && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {errorMessage(test.error)}
        </p>
      )}
      {r && !test.isPending && (
        <div role="status" data-testid="ai-test-result" className="text-xs break-words">
          {r.ok ? (
            <p className="text-emerald-700 dark:text-emerald-400">
              ✓ Answered by <strong>{r.model}</strong> on {r.endpoint} · first token {formatMs(r.ttftMs)} · total {formatMs(r.durationMs)}
            </p>
          ) : (
            <p className="text-red-600 dark:text-red-400">
              ✕ {r.model} on {r.endpoint}: {r.error}
            </p>
          )}
          {r.skipped.map((s) => (
            <p key={`${s.endpointId}/${s.model}`} className="text-muted">
              Skipped {s.model} on {s.endpoint}: {s.error}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}
