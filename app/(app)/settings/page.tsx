import { headers } from "next/headers";
import { AccountSettings } from "@/components/account-settings";
import { sessionActor } from "@/lib/auth/session";
import { ownOrigins, requestOrigin } from "@/lib/http/origin";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const actor = await sessionActor();
  // The URL agents use to reach this server: NEXTAUTH_URL's origin, else the one this page came from.
  const h = await headers();
  const origin = ownOrigins()[0] ?? requestOrigin(h) ?? "http://localhost:3000";
  return <AccountSettings isAdmin={actor?.isAdmin ?? false} origin={origin} userId={actor?.userId ?? ""} />;
}
