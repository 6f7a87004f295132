import { ProjectOverview } from "@/components/projects/project-overview";

export const metadata = { title: "Overview" };

export default async function ProjectOverviewPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <ProjectOverview projectId={projectId} />;
}
