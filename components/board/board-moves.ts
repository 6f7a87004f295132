import { STATUS_LABEL } from "@/components/ui/badges";
import type { BoardCard } from "@/lib/tasks/types";
import type { TaskStatus } from "@/lib/validation/common";

/** The board's columns, left to right. */
export const COLUMN_ORDER: TaskStatus[] = ["pending", "in-progress", "review", "done", "deferred", "cancelled"];

/** Where a lifted card would land: a column and its position among that column's other shown cards. */
export interface Slot {
  status: TaskStatus;
  index: number;
}

/** A card being moved, by pointer or keyboard; `to` is what the board shows and what a drop saves. */
export interface Lift {
  ref: string;
  from: Slot;
  to: Slot;
  mode: "pointer" | "keyboard";
}

export type Columns = Record<TaskStatus, BoardCard[]>;

/** A column's shown cards without the lifted one. */
export function others(columns: Columns, status: TaskStatus, ref: string): BoardCard[] {
  return columns[status].filter((c) => c.ref !== ref);
}

/** The columns as the board shows them while a card is lifted (collapsed targets leave it where it was). */
export function previewColumns(columns: Columns, lift: Lift | null, collapsed: Partial<Record<TaskStatus, boolean>>): Columns {
  if (!lift) return columns;
  const card = columns[lift.from.status].find((c) => c.ref === lift.ref);
  if (!card) return columns;
  const shownAt = collapsed[lift.to.status] ? lift.from : lift.to;
  const out = {} as Columns;
  for (const s of COLUMN_ORDER) {
    const list = others(columns, s, lift.ref);
    if (s === shownAt.status) list.splice(Math.min(shownAt.index, list.length), 0, card);
    out[s] = list;
  }
  return out;
}

/** The card a drop at `slot` lands right after (null: the top of the column). */
export function afterRefFor(columns: Columns, ref: string, slot: Slot): string | null {
  const list = others(columns, slot.status, ref);
  const i = Math.min(slot.index, list.length);
  return i > 0 ? list[i - 1]!.ref : null;
}

/** The next slot for an arrow key: up/down within the column, left/right to the neighbouring column. */
export function keyboardStep(columns: Columns, lift: Lift, key: string, collapsed: Partial<Record<TaskStatus, boolean>>): Slot | null {
  const { status, index } = lift.to;
  const size = (s: TaskStatus) => others(columns, s, lift.ref).length;
  if (key === "ArrowUp" || key === "ArrowDown") {
    if (collapsed[status]) return null;
    const next = index + (key === "ArrowUp" ? -1 : 1);
    if (next < 0 || next > size(status)) return null;
    return { status, index: next };
  }
  if (key === "ArrowLeft" || key === "ArrowRight") {
    const c = COLUMN_ORDER.indexOf(status) + (key === "ArrowLeft" ? -1 : 1);
    const target = COLUMN_ORDER[c];
    if (!target) return null;
    // A collapsed column takes the card at its end; an open one keeps the card's height on screen.
    const n = size(target);
    return { status: target, index: collapsed[target] ? n : Math.min(index, n) };
  }
  return null;
}

/** The words a screen reader hears. */
export const announce = {
  lifted: (card: Pick<BoardCard, "ref" | "title">) => `Picked up #${card.ref} ${card.title}.`,
  /** Where a card sits, for a keyboard pick-up: "In Pending, position 2 of 3." */
  at: (columns: Columns, ref: string, slot: Slot) => {
    const n = others(columns, slot.status, ref).length + 1;
    return `In ${STATUS_LABEL[slot.status]}, position ${Math.min(slot.index, n - 1) + 1} of ${n}.`;
  },
  moved: (columns: Columns, ref: string, slot: Slot) => {
    const n = others(columns, slot.status, ref).length + 1;
    return `Moved to ${STATUS_LABEL[slot.status]}, position ${Math.min(slot.index, n - 1) + 1} of ${n}.`;
  },
  dropped: (columns: Columns, card: Pick<BoardCard, "ref" | "title">, lift: Lift) => {
    const n = others(columns, lift.to.status, card.ref).length + 1;
    const where = `${STATUS_LABEL[lift.to.status]}, position ${Math.min(lift.to.index, n - 1) + 1} of ${n}`;
    return `Dropped #${card.ref} ${card.title} in ${where}.`;
  },
  cancelled: (card: Pick<BoardCard, "ref" | "title">, from: Slot) =>
    `Move cancelled. #${card.ref} ${card.title} is back in ${STATUS_LABEL[from.status]}.`,
  instructions:
    "To move a card, press Space to pick it up. Arrow Up and Arrow Down move it within its column, Arrow Left and Arrow Right to the neighbouring column. Space drops it, Escape cancels.",
};
