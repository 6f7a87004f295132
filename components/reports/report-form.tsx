"use client";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorBox, Field, Input, Select } from "@/components/ui/field";
import { errorMessage } from "@/lib/hooks/api-client";
import { useAiStatus } from "@/lib/hooks/use-ai";
import type { ReportRequest } from "@/lib/hooks/use-reports";
import { customRangeProblem, localDay, PRESETS, presetRange, type PresetId } from "@/lib/reports/presets";
import { addDays } from "@/lib/reports/calendar";

interface Props {
  projectCreatedAt: string | undefined;
  busy: boolean;
  error: unknown;
  onGenerate: (input: ReportRequest) => void;
}

/** Period, narrative and Generate. Days are this device's days; the time zone goes with the request. */
export function ReportForm({ projectCreatedAt, busy, error, onGenerate }: Props) {
  const [preset, setPreset] = useState<PresetId>("14d");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [narrative, setNarrative] = useState(false);
  const ai = useNarrativeAvailability();
  const today = localDay();
  const problem = preset === "custom" ? customRangeProblem(from, to, today) : null;

  function choose(next: PresetId) {
    setPreset(next);
    // A custom range starts out as the last 14 days, ready to adjust.
    if (next === "custom" && !from && !to) {
      setFrom(addDays(today, -13));
      setTo(today);
    }
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (problem) return;
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const range =
      preset === "custom" ? { from, to } : presetRange(preset, today, projectCreatedAt ? localDay(new Date(projectCreatedAt)) : today);
    onGenerate({ ...range, timeZone, narrative: narrative && ai.available });
  }

  return (
    <form
      onSubmit={submit}
      className="space-y-3 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      aria-label="Generate a report"
    >
      <div className="flex flex-wrap items-end gap-3">
        <Field label="Period">
          {(p) => (
            <Select {...p} value={preset} onChange={(e) => choose(e.target.value as PresetId)} className="w-44" disabled={busy}>
              {PRESETS.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {preset === "custom" && (
          <>
            <Field label="From">
              {(p) => (
                <Input
                  {...p}
                  type="date"
                  value={from}
                  max={today}
                  onChange={(e) => setFrom(e.target.value)}
                  className="w-40"
                  disabled={busy}
                  required
                />
              )}
            </Field>
            <Field label="To">
              {(p) => (
                <Input {...p} type="date" value={to} onChange={(e) => setTo(e.target.value)} className="w-40" disabled={busy} required />
              )}
            </Field>
          </>
        )}
        <Button type="submit" busy={busy} disabled={!!problem} className="sm:ml-auto">
          {busy ? "Generating…" : "Generate report"}
        </Button>
      </div>
      {problem && (
        <p className="text-xs text-red-600 dark:text-red-400" role="alert">
          {problem}
        </p>
      )}
      <div className="space-y-1">
        <label className={`flex items-center gap-2 text-sm ${ai.available ? "" : "text-muted"}`}>
          <input
            type="checkbox"
            checked={narrative && ai.available}
            disabled={!ai.available || busy}
            onChange={(e) => setNarrative(e.target.checked)}
            className="h-4 w-4 accent-[var(--color-accent)]"
            aria-describedby="narrative-hint"
          />
          Include AI narrative
        </label>
        <p id="narrative-hint" className="pl-6 text-xs text-muted" data-testid="narrative-hint">
          {ai.hint}
          {!ai.available && !ai.checking && (
            <>
              {" "}
              <Link href="/settings/ai" className="text-link underline underline-offset-2 hover:decoration-2">
                Settings → AI
              </Link>
            </>
          )}
        </p>
      </div>
      {busy && narrative && ai.available && <p className="text-xs text-muted">Writing the narrative can take a minute on a cold model.</p>}
      {error ? <ErrorBox>Could not generate the report: {errorMessage(error)}</ErrorBox> : null}
    </form>
  );
}

/** Whether the fast model can answer right now, and a sentence saying so. */
function useNarrativeAvailability(): { available: boolean; checking: boolean; hint: string } {
  const status = useAiStatus();
  if (status.isPending) return { available: false, checking: true, hint: "Checking the AI models…" };
  if (!status.data)
    return {
      available: false,
      checking: false,
      hint: `Could not check the AI models (${errorMessage(status.error)}). The figures never need a model.`,
    };
  const usable = status.data.roles.fast.firstUsable;
  if (!usable) {
    const why = [status.data.problem, status.data.fix].filter(Boolean).join(" ").replace(/`/g, "");
    return {
      available: false,
      checking: false,
      hint: `No model can write the narrative right now${why ? `: ${why}` : "."} The figures never need a model.`,
    };
  }
  return { available: true, checking: false, hint: `A short summary in words by ${usable.model}, kept apart from the computed figures.` };
}
