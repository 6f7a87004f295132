import { Suspense } from "react";
import { BoardPage } from "@/components/board/board-page";
import { sessionActor } from "@/lib/auth/session";
import { getBoard } from "@/lib/tasks/board";
import type { BoardDto } from "@/lib/tasks/types";

export const metadata = { title: "Board" };

export default async function Board({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  // The first cards come in the HTML itself; the client takes over from this snapshot.
  const actor = await sessionActor();
  let initial: BoardDto | undefined;
  if (actor) initial = await getBoard(actor, projectId).catch(() => undefined);
  return (
    <Suspense>
      <BoardPage projectId={projectId} initial={initial} />
    </Suspense>
  );
}
