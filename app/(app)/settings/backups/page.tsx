import { BackupsSettings } from "@/components/ops/backups-settings";
import { sessionActor } from "@/lib/auth/session";

export const metadata = { title: "Backups" };

export default async function BackupsPage() {
  const actor = await sessionActor();
  return <BackupsSettings isAdmin={actor?.isAdmin ?? false} />;
}
