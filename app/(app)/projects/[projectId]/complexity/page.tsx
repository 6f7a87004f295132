import { ComplexityReportView } from "@/components/ai/complexity-report";

export const metadata = { title: "Complexity" };

export default async function ComplexityPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <ComplexityReportView projectId={projectId} />;
}
