import { Suspense } from "react";
import { ReportsPage } from "@/components/reports/reports-page";

export const metadata = { title: "Reports" };

export default async function Reports({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <Suspense>
      <ReportsPage projectId={projectId} />
    </Suspense>
  );
}
