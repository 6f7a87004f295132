import { AccountSettings } from "@/components/account-settings";
import { sessionActor } from "@/lib/auth/session";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const actor = await sessionActor();
  return <AccountSettings isAdmin={actor?.isAdmin ?? false} userId={actor?.userId ?? ""} />;
}
