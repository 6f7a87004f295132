"use client";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorBox } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/hooks/api-client";
import { plural } from "@/lib/plural";
import { useImportTaskMaster, usePreviewTaskMaster, type ImportPreviewProject, type ImportSummary } from "@/lib/hooks/use-projects";

/**
 * Import in three steps: pick a file, read the preview (nothing is written yet), then import.
 * Tags that match projects imported before can update those projects instead of duplicating them;
 * tasks the file no longer has are removed only when the user ticks the box that lists them.
 */
export function ImportDialog({
  open,
  onClose,
  into,
}: {
  open: boolean;
  onClose: () => void;
  /** An empty project the file's tasks go into (one tag of it), instead of new projects. */
  into?: { id: string; name: string };
}) {
  const preview = usePreviewTaskMaster();
  const toast = useToast();
  // Into a project: the tags the file has (read first), and the one chosen to go in.
  const [fileTags, setFileTags] = useState<string[]>([]);
  const [tag, setTag] = useState("");
  const importer = useImportTaskMaster();
  const [fileText, setFileText] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [parseError, setParseError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportSummary | null>(null);
  const [mode, setMode] = useState<"create" | "update">("update");
  const [remove, setRemove] = useState(false);

  async function onFile(file: File | undefined) {
    setParseError(null);
    setResult(null);
    setFileText(null);
    setRemove(false);
    preview.reset();
    importer.reset();
    if (!file) return;
    if (file.size > 5_000_000) return setParseError("That file is larger than 5 MB.");
    const text = await file.text();
    try {
      JSON.parse(text);
    } catch {
      return setParseError(`${file.name} is not valid JSON.`);
    }
    setFileText(text);
    setFileName(file.name);
    if (into) {
      // The file's tags first (writes nothing), then what going into the project would do with one.
      setFileTags([]);
      preview.mutate(
        { fileText: text, mode: "create" },
        {
          onSuccess: (p) => {
            const tags = p.projects.map((x) => x.tag);
            const first = tags.includes("master") ? "master" : (tags[0] ?? "");
            setFileTags(tags);
            setTag(first);
            preview.mutate({ fileText: text, mode: "update", into: into.id, tag: first });
          },
        },
      );
      return;
    }
    // Asked in update mode, the preview also says what updating each matched project changes.
    preview.mutate(
      { fileText: text, mode: "update" },
      { onSuccess: (p) => setMode(p.projects.some((x) => x.match) ? "update" : "create") },
    );
  }

  function chooseTag(next: string) {
    if (!into || !fileText) return;
    setTag(next);
    preview.mutate({ fileText, mode: "update", into: into.id, tag: next });
  }

  function close() {
    setFileTags([]);
    setResult(null);
    setParseError(null);
    setFileText(null);
    setRemove(false);
    preview.reset();
    importer.reset();
    onClose();
  }

  // Into a project, only the answer about that project is shown (not the tag list read before it).
  const shown = preview.data && (!into || (preview.data.projects.length === 1 && preview.data.projects[0]!.id === into.id));
  const tags = preview.data?.projects ?? [];
  const matched = tags.filter((t) => t.match);
  const toRemove =
    mode === "update" ? matched.flatMap((t) => (t.changes?.notInFile ?? []).map((x) => ({ ...x, project: t.match!.name }))) : [];
  const creates = tags.length - (mode === "update" ? matched.length : 0);
  const action = into
    ? `Import into ${into.name}`
    : mode === "update" && matched.length > 0
      ? `Update ${plural(matched.length, "project")}${creates ? ` and create ${creates}` : ""}${remove && toRemove.length ? `, removing ${plural(toRemove.length, "task")}` : ""}`
      : `Import ${plural(tags.length, "project")}`;

  return (
    <Dialog open={open} onClose={close} title="Import a Task Master tasks.json" wide>
      <div className="space-y-4 text-sm">
        {into ? (
          <p className="text-zinc-600 dark:text-zinc-300">
            The file&apos;s tasks go into <span className="font-medium">{into.name}</span>, which keeps its name; a file with several tags
            brings one of them. You see what will happen before anything is written.
          </p>
        ) : (
          <p className="text-zinc-600 dark:text-zinc-300">
            Each tag in the file becomes a project, or updates the project imported from it before. You see what will happen before anything
            is written.
          </p>
        )}
        {!result && (
          <label className="flex cursor-pointer flex-col items-center gap-2 rounded-lg border border-dashed border-zinc-300 p-6 hover:border-[var(--color-accent)] focus-within:border-[var(--color-accent)] dark:border-zinc-700">
            <span className="font-medium">{fileText ? `${fileName} — choose another file` : "Choose tasks.json"}</span>
            <span className="text-xs text-zinc-600 dark:text-zinc-400">.taskmaster/tasks/tasks.json</span>
            <input
              type="file"
              accept=".json,application/json"
              className="sr-only"
              data-testid="import-file"
              onChange={(e) => onFile(e.target.files?.[0])}
            />
          </label>
        )}
        {into && fileTags.length > 1 && !result && (
          <div className="flex flex-wrap items-center gap-2">
            <label htmlFor="import-into-tag" className="font-medium">
              Tag to import into {into.name}
            </label>
            <select
              id="import-into-tag"
              value={tag}
              onChange={(e) => chooseTag(e.target.value)}
              disabled={preview.isPending}
              aria-describedby="import-into-tag-hint"
              className="h-9 rounded-lg border border-zinc-300 bg-white px-2 dark:border-zinc-700 dark:bg-zinc-900"
            >
              {fileTags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <span id="import-into-tag-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
              The file has {fileTags.length} tags; import it from the Projects page to make a project of each.
            </span>
          </div>
        )}
        {preview.isPending && <p className="text-zinc-600 dark:text-zinc-300">Reading the file…</p>}
        {(parseError || preview.isError || importer.isError) && (
          <ErrorBox>{parseError ?? errorMessage(preview.isError ? preview.error : importer.error)}</ErrorBox>
        )}
        {shown && !result && (
          <div className="space-y-3" data-testid="import-preview">
            <h3 className="font-medium">
              {into ? `${plural(fileTags.length, "tag")} in the file; from “${tag}”: ` : `${plural(tags.length, "tag")} in the file: `}
              {plural(
                tags.reduce((s, t) => s + t.tasks, 0),
                "task",
              )}
              ,{" "}
              {plural(
                tags.reduce((s, t) => s + t.subtasks, 0),
                "subtask",
              )}
            </h3>
            {!into && matched.length > 0 && (
              <fieldset className="space-y-1 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
                <legend className="px-1 font-medium">
                  {matched.length === 1 ? "1 tag matches a project" : `${matched.length} tags match projects`} you imported before
                </legend>
                <label className="flex items-center gap-2">
                  <input type="radio" name="import-mode" checked={mode === "update"} onChange={() => setMode("update")} />
                  Update those projects (new tasks added, changed ones updated)
                </label>
                <label className="flex items-center gap-2">
                  <input type="radio" name="import-mode" checked={mode === "create"} onChange={() => setMode("create")} />
                  Import as new projects
                </label>
              </fieldset>
            )}
            <ul className="space-y-2">
              {tags.map((t) => (
                <TagPreview key={t.tag} tag={t} update={mode === "update" && t.match !== null} into={!!into} />
              ))}
            </ul>
            {toRemove.length > 0 && (
              <div
                className="rounded-lg border border-red-200 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950/40"
                data-testid="import-removals"
              >
                <p className="font-medium">
                  {plural(toRemove.length, "task")} in your projects {toRemove.length === 1 ? "is" : "are"} no longer in the file:
                </p>
                <ul className="mt-1 max-h-32 list-disc overflow-auto pl-5 text-xs">
                  {toRemove.map((x) => (
                    <li key={`${x.project}-${x.ref}`}>
                      #{x.ref} {x.title} <span className="text-zinc-600 dark:text-zinc-400">({x.project})</span>
                    </li>
                  ))}
                </ul>
                <label className="mt-2 flex items-center gap-2">
                  <input type="checkbox" checked={remove} onChange={(e) => setRemove(e.target.checked)} />
                  Remove {toRemove.length === 1 ? "it" : `these ${toRemove.length} tasks`} (otherwise they are kept)
                </label>
              </div>
            )}
          </div>
        )}
        {result && <ImportResult result={result} />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            {result ? "Done" : "Cancel"}
          </Button>
          {shown && !result && fileText && (
            <Button
              busy={importer.isPending}
              variant={remove && toRemove.length ? "danger" : "primary"}
              onClick={() => {
                if (!into) return importer.mutate({ fileText, mode, remove: remove && toRemove.length > 0 }, { onSuccess: setResult });
                // The project fills in behind the dialog (its empty-project panel, and this dialog with it,
                // goes away as the tasks arrive), so the outcome is said in a toast. A failure stays here.
                importer.mutateAsync({ fileText, mode: "update", into: into.id, tag }).then(
                  (r) => {
                    const p = r.projects[0];
                    toast({
                      message: p
                        ? `Imported ${plural(p.tasks, "task")}, ${plural(p.subtasks, "subtask")} into ${into.name}`
                        : `Imported into ${into.name}`,
                    });
                    close();
                  },
                  () => undefined,
                );
              }}
            >
              {action}
            </Button>
          )}
        </div>
      </div>
    </Dialog>
  );
}

function TagPreview({ tag: t, update, into }: { tag: ImportPreviewProject; update: boolean; into: boolean }) {
  const c = t.changes;
  return (
    <li className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-testid={`import-preview-${t.tag}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium">{update && t.match ? t.match.name : t.name}</span>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">tag “{t.tag}”</span>
      </div>
      <p className="mt-1 text-zinc-600 dark:text-zinc-300">
        {plural(t.tasks, "task")}, {plural(t.subtasks, "subtask")}, {plural(t.dependencies, "dependency", "dependencies")}
      </p>
      <p className="mt-1 text-xs">
        {into && c ? (
          <span data-testid="import-change-summary">
            Goes into “{t.match?.name}”: {plural(c.created.length, "new task")}
          </span>
        ) : update && c ? (
          <span data-testid="import-change-summary">
            Updates “{t.match?.name}”: {c.created.length} new, {c.updated.length} changed, {c.unchanged} unchanged
            {c.notInFile.length > 0 && `, ${c.notInFile.length} no longer in the file`}
          </span>
        ) : t.match ? (
          <span>A new project (“{t.match.name}” was imported from this tag before)</span>
        ) : (
          <span>A new project</span>
        )}
      </p>
      {update && c && c.updated.length > 0 && (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer">Changed tasks</summary>
          <ul className="mt-1 max-h-32 list-disc overflow-auto pl-5">
            {c.updated.map((u) => (
              <li key={u.ref}>
                #{u.ref} {u.title} — {u.fields.join(", ")}
              </li>
            ))}
          </ul>
        </details>
      )}
      {t.warnings.length > 0 && (
        <details className="mt-1">
          <summary className="cursor-pointer text-xs text-amber-800 dark:text-amber-300">
            {plural(t.warnings.length, "note")} about the import (mapped, clipped or dropped)
          </summary>
          <ul className="mt-1 max-h-48 list-disc overflow-auto pl-5 text-xs text-zinc-600 dark:text-zinc-400">
            {t.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

function ImportResult({ result }: { result: ImportSummary }) {
  return (
    <div className="space-y-3" data-testid="import-result">
      {result.projects.map((p) => (
        <div key={p.id} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
          <div className="flex items-center justify-between gap-2">
            <Link href={`/projects/${p.id}/tasks`} className="font-medium text-link underline-offset-2 hover:underline">
              {p.name}
            </Link>
            <span className="text-xs text-zinc-600 dark:text-zinc-400">tag “{p.tag}”</span>
          </div>
          <p className="mt-1 text-zinc-600 dark:text-zinc-300">
            {p.action === "update" && p.changes
              ? `Updated: ${p.changes.created.length} new, ${p.changes.updated.length} changed${p.removed.length ? `, ${p.removed.length} removed` : ""}`
              : `${p.tasks} tasks, ${p.subtasks} subtasks, ${p.dependencies} dependencies`}
          </p>
          {p.warnings.length > 0 && (
            <details className="mt-2">
              <summary className="cursor-pointer text-amber-800 dark:text-amber-300">
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
  );
}
