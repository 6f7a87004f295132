"use client";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorBox } from "@/components/ui/field";
import { errorMessage } from "@/lib/hooks/api-client";
import { useImportTaskMaster, type ImportSummary } from "@/lib/hooks/use-projects";
import { plural } from "@/lib/plural";

export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const importer = useImportTaskMaster();
  const [parseError, setParseError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportSummary | null>(null);

  async function onFile(file: File | undefined) {
    setParseError(null);
    setResult(null);
    if (!file) return;
    if (file.size > 5_000_000) return setParseError("That file is larger than 5 MB.");
    const text = await file.text();
    try {
      JSON.parse(text);
    } catch {
      return setParseError(`${file.name} is not valid JSON.`);
    }
    importer.mutate(text, { onSuccess: setResult });
  }

  function close() {
    setResult(null);
    setParseError(null);
    importer.reset();
    onClose();
  }

  return (
    <Dialog open={open} onClose={close} title="Import a Task Master tasks.json" wide>
      <div className="space-y-4 text-sm">
        <p className="text-zinc-600 dark:text-zinc-300">
          Each tag in the file becomes a project. Ids, subtasks, dependencies, statuses and priorities are kept; anything that cannot be
          mapped is listed below.
        </p>
        <label className="flex cursor-pointer flex-col items-center gap-2 rounded-lg border border-dashed border-zinc-300 p-6 hover:border-[var(--color-accent)] dark:border-zinc-700">
          <span className="font-medium">Choose tasks.json</span>
          <span className="text-xs text-muted">.taskmaster/tasks/tasks.json</span>
          <input
            type="file"
            accept=".json,application/json"
            className="sr-only"
            data-testid="import-file"
            onChange={(e) => onFile(e.target.files?.[0])}
          />
        </label>
        {importer.isPending && <p className="text-muted">Importing…</p>}
        {(parseError || importer.isError) && <ErrorBox>{parseError ?? errorMessage(importer.error)}</ErrorBox>}
        {result && (
          <div className="space-y-3" data-testid="import-result">
            {result.projects.map((p) => (
              <div key={p.id} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
                <div className="flex items-center justify-between gap-2">
                  <Link href={`/projects/${p.id}/tasks`} className="font-medium text-link underline underline-offset-2 hover:decoration-2">
                    {p.name}
                  </Link>
                  <span className="text-xs text-muted">tag “{p.tag}”</span>
                </div>
                <p className="mt-1 text-zinc-600 dark:text-zinc-300">
                  {plural(p.tasks, "task")}, {plural(p.subtasks, "subtask")}, {plural(p.dependencies, "dependency", "dependencies")}
                </p>
                {p.warnings.length > 0 && (
                  <details className="mt-2">
                    <summary className="cursor-pointer text-amber-700 dark:text-amber-400">
                      {plural(p.warnings.length, "note")} about the import
                    </summary>
                    <ul className="mt-1 max-h-48 list-disc overflow-auto pl-5 text-xs text-zinc-600 dark:text-zinc-400">
                      {p.warnings.map((w, i) => (
                        <li key={i}>{w}</li>
                      ))}
                    </ul>
                  </details>
                )}
              </div>
            ))}
          </div>
        )}
        <div className="flex justify-end">
          <Button variant="secondary" onClick={close}>
            {result ? "Done" : "Cancel"}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
