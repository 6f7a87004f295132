"use client";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import type { BoardCard } from "@/lib/tasks/types";
import { TASK_PRIORITIES } from "@/lib/validation/common";

export interface BoardFilterState {
  text: string;
  priority: string;
  label: string;
  assignee: string;
  ready: boolean;
  blocked: boolean;
}

export function readFilters(params: URLSearchParams): BoardFilterState {
  return {
    text: params.get("text") ?? "",
    priority: params.get("priority") ?? "",
    label: params.get("label") ?? "",
    assignee: params.get("assignee") ?? "",
    ready: params.get("ready") === "true",
    blocked: params.get("blocked") === "true",
  };
}

/** The board holds every card, so filtering is instant and happens here. */
export function filterCards(cards: BoardCard[], f: BoardFilterState): BoardCard[] {
  const text = f.text.trim().toLowerCase().replace(/^#/, "");
  return cards.filter(
    (c) =>
      (!text || c.title.toLowerCase().includes(text) || c.ref === text) &&
      (!f.priority || c.priority === f.priority) &&
      (!f.label || c.labels.includes(f.label)) &&
      (!f.assignee || c.assignee === f.assignee) &&
      (!f.ready || (["pending", "in-progress", "review"].includes(c.status) && c.blockedBy.length === 0)) &&
      (!f.blocked || c.blockedBy.length > 0),
  );
}

export function BoardFilters({
  filters,
  setParam,
  setParams,
  cards,
  searchRef,
  onHelp,
}: {
  filters: BoardFilterState;
  setParam: (k: string, v: string | null) => void;
  setParams: (updates: Record<string, string | null>) => void;
  cards: BoardCard[];
  searchRef: React.RefObject<HTMLInputElement | null>;
  onHelp: () => void;
}) {
  const [text, setText] = useState(filters.text);
  useEffect(() => setText(filters.text), [filters.text]);
  useEffect(() => {
    const t = setTimeout(() => text !== filters.text && setParam("text", text || null), 200);
    return () => clearTimeout(t);
  }, [text, filters.text, setParam]);
  const labels = useMemo(() => [...new Set(cards.flatMap((c) => c.labels))].sort(), [cards]);
  const assignees = useMemo(() => [...new Set(cards.map((c) => c.assignee).filter((a): a is string => !!a))].sort(), [cards]);
  const active = filters.text || filters.priority || filters.label || filters.assignee || filters.ready || filters.blocked;
  return (
    <div className="flex flex-wrap items-center gap-2" role="search">
      <Input
        ref={searchRef}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Filter cards  ( / )"
        aria-label="Filter cards"
        className="w-52"
      />
      <Select
        aria-label="Priority filter"
        value={filters.priority}
        onChange={(e) => setParam("priority", e.target.value || null)}
        className="w-36"
      >
        <option value="">Any priority</option>
        {TASK_PRIORITIES.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </Select>
      {labels.length > 0 && (
        <Select
          aria-label="Label filter"
          value={filters.label}
          onChange={(e) => setParam("label", e.target.value || null)}
          className="w-36"
        >
          <option value="">Any label</option>
          {labels.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </Select>
      )}
      {assignees.length > 0 && (
        <Select
          aria-label="Assignee filter"
          value={filters.assignee}
          onChange={(e) => setParam("assignee", e.target.value || null)}
          className="w-36"
        >
          <option value="">Anyone</option>
          {assignees.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </Select>
      )}
      <label className="flex items-center gap-1.5 text-sm text-zinc-600 dark:text-zinc-300">
        <input type="checkbox" checked={filters.ready} onChange={(e) => setParam("ready", e.target.checked ? "true" : null)} /> Ready only
      </label>
      <label className="flex items-center gap-1.5 text-sm text-zinc-600 dark:text-zinc-300">
        <input type="checkbox" checked={filters.blocked} onChange={(e) => setParam("blocked", e.target.checked ? "true" : null)} /> Blocked
        only
      </label>
      {active && (
        <Button
          variant="ghost"
          size="sm"
          onClick={() => setParams({ text: null, priority: null, label: null, assignee: null, ready: null, blocked: null })}
        >
          Clear
        </Button>
      )}
      <button
        onClick={onHelp}
        className="ml-auto rounded px-2 py-1 text-xs text-muted hover:bg-zinc-100 dark:hover:bg-zinc-800"
        aria-label="Keyboard shortcuts"
      >
        ? Shortcuts
      </button>
    </div>
  );
}
