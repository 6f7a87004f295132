import { PlanFromPrd } from "@/components/ai/plan-from-prd";

export const metadata = { title: "Plan with AI" };

export default async function PlanPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <PlanFromPrd projectId={projectId} />;
}
