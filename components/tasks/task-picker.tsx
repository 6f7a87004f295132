"use client";
import { useEffect, useId, useMemo, useState } from "react";
import { StatusBadge } from "@/components/ui/badges";
import { useTaskSearch } from "@/lib/hooks/use-tasks";

/** A search-as-you-type picker over the project's tasks (by ref or title), keyboard friendly. */
export function TaskPicker({
  projectId,
  exclude,
  onPick,
  label,
}: {
  projectId: string;
  exclude: string[];
  onPick: (ref: string) => void;
  label: string;
}) {
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  // Search after a short pause in typing, not on every key.
  useEffect(() => {
    const t = setTimeout(() => setQuery(text), 150);
    return () => clearTimeout(t);
  }, [text]);
  const search = useTaskSearch(projectId, query);
  const results = useMemo(
    () => (text.trim() ? (search.data ?? []).filter((x) => !exclude.includes(x.ref)) : []),
    [search.data, exclude, text],
  );
  useEffect(() => setActive(0), [results]);
  const pick = (ref: string) => {
    onPick(ref);
    setText("");
    setQuery("");
  };
  return (
    <div className="relative w-full max-w-sm">
      <input
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") (e.preventDefault(), setActive((a) => Math.min(results.length - 1, a + 1)));
          else if (e.key === "ArrowUp") (e.preventDefault(), setActive((a) => Math.max(0, a - 1)));
          else if (e.key === "Enter" && results[active]) (e.preventDefault(), pick(results[active]!.ref));
          else if (e.key === "Escape" && results.length) (e.stopPropagation(), setText(""));
        }}
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-label={label}
        placeholder="Search by # or title"
        className="h-9 w-full rounded-md border border-zinc-300 bg-white px-2.5 text-sm focus:border-[var(--color-accent)] focus:outline-none dark:border-zinc-700 dark:bg-zinc-900"
      />
      {results.length > 0 && (
        <ul
          id={listId}
          role="listbox"
          className="absolute z-10 mt-1 max-h-64 w-full overflow-auto rounded-md border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {results.map((r, i) => (
            <li
              key={r.ref}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => (e.preventDefault(), pick(r.ref))}
              onMouseEnter={() => setActive(i)}
              className={`flex cursor-pointer items-center gap-2 px-2.5 py-1.5 ${i === active ? "bg-zinc-100 dark:bg-zinc-800" : ""}`}
            >
              <span className="font-mono text-xs text-muted">#{r.ref}</span>
              <span className="min-w-0 flex-1 truncate">{r.title}</span>
              <StatusBadge status={r.status} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
