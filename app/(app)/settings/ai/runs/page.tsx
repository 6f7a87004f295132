import { RunLog } from "@/components/ai/run-log";
import { sessionActor } from "@/lib/auth/session";

export const metadata = { title: "AI run log" };

export default async function AiRunsPage() {
  const actor = await sessionActor();
  return <RunLog isAdmin={actor?.isAdmin ?? false} />;
}
