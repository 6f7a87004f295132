import type { EditableField } from "@/lib/hooks/use-task-autosave";

/** What the drawer asks the editor before it closes or opens another task. */
export interface EditorGuard {
  /** Fields whose edits are not saved, once the saves under way have finished. */
  unsaved(): Promise<EditableField[]>;
  /** Anything unsaved right now (for beforeunload, which cannot wait). */
  dirtyNow(): boolean;
  /** Saves every edit; true when all are on the server. */
  saveAll(): Promise<boolean>;
  discard(): void;
  /** Puts the cursor back in a field (after "Keep editing"). */
  focus(f: EditableField): void;
}

/**
 * Shared by the drawer and its editor: the editor registers itself, and while the drawer is
 * asking about unsaved text `holding` stops a blur (focus moving to the question) from saving it.
 */
export interface GuardHandle {
  editor: EditorGuard | null;
  holding: boolean;
}
