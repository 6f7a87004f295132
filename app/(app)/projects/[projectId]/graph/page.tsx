import { Suspense } from "react";
import { GraphPage } from "@/components/graph/graph-page";
import { sessionActor } from "@/lib/auth/session";
import { getDependencyGraph } from "@/lib/tasks/graph-dto";
import type { DependencyGraphDto } from "@/lib/tasks/types";

export const metadata = { title: "Graph" };

export default async function Graph({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  // The graph's data comes in the HTML, so the layout can start as soon as the page hydrates.
  const actor = await sessionActor();
  let initial: DependencyGraphDto | undefined;
  if (actor) initial = await getDependencyGraph(actor, projectId).catch(() => undefined);
  return (
    <Suspense>
      <GraphPage projectId={projectId} initial={initial} />
    </Suspense>
  );
}
