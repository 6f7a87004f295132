import { Suspense } from "react";
import { GraphPage } from "@/components/graph/graph-page";

export const metadata = { title: "Graph" };

export default async function Graph({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <Suspense>
      <GraphPage projectId={projectId} />
    </Suspense>
  );
}
