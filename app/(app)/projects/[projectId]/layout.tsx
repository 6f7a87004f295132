import { ProjectHeader } from "@/components/projects/project-header";

export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <div className="space-y-5">
      <ProjectHeader projectId={projectId} />
      {children}
    </div>
  );
}
