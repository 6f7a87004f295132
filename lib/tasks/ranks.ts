import "server-only";
import { generateKeyBetween } from "fractional-indexing";
import type { Tx } from "@/lib/db";

/**
 * Board order is a fractional rank per column (top-level tasks by status) or per parent
 * (subtasks), so a move writes a single row.
 */
export async function rankAtEnd(
  tx: Tx,
  projectId: string,
  where: { status: string; parentId: null } | { parentId: string },
): Promise<string> {
  const last = await tx.task.findFirst({
    where: { projectId, ...where },
    orderBy: { rank: "desc" },
    select: { rank: true },
  });
  return generateKeyBetween(last?.rank ?? null, null);
}

export function rankBetween(before: string | null, after: string | null): string {
  return generateKeyBetween(before, after);
}
