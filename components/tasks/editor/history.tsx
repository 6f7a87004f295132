"use client";
import { useHistory } from "@/lib/hooks/use-tasks";

/** One history event in words. */
function describe(e: { kind: string; field: string | null; oldValue: string | null; newValue: string | null }): string {
  const short = (v: string | null) => (v === null || v === "" ? "—" : v.length > 60 ? `${v.slice(0, 60)}…` : v);
  switch (e.kind) {
    case "created":
      return "created the task";
    case "dependency_added":
      return `added prerequisite #${e.newValue}`;
    case "dependency_removed":
      return `removed prerequisite #${e.oldValue}`;
    case "note_added":
      return "added a note";
    case "updated":
      return `changed ${e.field}: ${short(e.oldValue)} → ${short(e.newValue)}`;
    default:
      return e.kind;
  }
}

export function History({ projectId, taskRef }: { projectId: string; taskRef: string }) {
  const history = useHistory(projectId, taskRef);
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-semibold">Activity</summary>
      <ol className="mt-2 space-y-1 text-xs text-zinc-600 dark:text-zinc-400">
        {history.data?.map((e) => (
          <li key={e.id}>
            <span className="text-muted">{new Date(e.createdAt).toLocaleString()}</span> · {e.actor?.name ?? "Cairn"} {describe(e)}
          </li>
        ))}
      </ol>
    </details>
  );
}
