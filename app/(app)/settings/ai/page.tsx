import { AiSettings } from "@/components/ai/ai-settings";
import { sessionActor } from "@/lib/auth/session";

export const metadata = { title: "AI settings" };

export default async function AiSettingsPage() {
  const actor = await sessionActor();
  return <AiSettings isAdmin={actor?.isAdmin ?? false} />;
}
