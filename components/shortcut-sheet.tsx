"use client";
import { Dialog } from "@/components/ui/dialog";

/** Every keyboard shortcut Cairn has, in one place: the board's "?" and the palette both open this. */
export const SHORTCUT_GROUPS: { title: string; keys: [string, string][] }[] = [
  {
    title: "Anywhere",
    keys: [
      ["⌘K / Ctrl+K", "Search tasks and jump anywhere (↑ ↓ choose, Enter open, Esc close)"],
      ["?", "This list (on the board)"],
    ],
  },
  {
    title: "Board",
    keys: [
      ["c", "New task (in Pending)"],
      ["/", "Search the board"],
      ["j / k", "Next / previous card"],
      ["Enter", "Open the focused card"],
    ],
  },
  {
    title: "Moving a card with the keyboard",
    keys: [
      ["Space", "Pick up the focused card"],
      ["↑ / ↓", "Move it up or down within its column"],
      ["← / →", "Move it to the neighbouring column (empty and collapsed ones too)"],
      ["Space", "Drop it where it is shown"],
      ["Esc", "Cancel the move"],
    ],
  },
  {
    title: "Task drawer",
    keys: [
      ["⌘Enter / Ctrl+Enter", "Save the text you are editing"],
      ["Esc", "Close the drawer"],
    ],
  },
];

export function ShortcutSheet({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts">
      <div className="space-y-4" data-testid="shortcuts">
        {SHORTCUT_GROUPS.map((g) => (
          <section key={g.title} aria-label={g.title}>
            <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{g.title}</h3>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
              {g.keys.map(([k, v]) => (
                <div key={`${k} ${v}`} className="contents">
                  <dt>
                    <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1.5 font-mono text-xs whitespace-nowrap dark:border-zinc-700 dark:bg-zinc-800">
                      {k}
                    </kbd>
                  </dt>
                  <dd className="text-zinc-700 dark:text-zinc-300">{v}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
