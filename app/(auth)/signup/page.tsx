import Link from "next/link";
import { SignUpForm } from "@/components/auth-forms";
import { getInstanceSettings } from "@/lib/auth/users";

export const metadata = { title: "Create account" };
export const dynamic = "force-dynamic";

export default async function SignUpPage() {
  const settings = await getInstanceSettings();
  if (!settings.needsFirstUser && !settings.openSignup) {
    return (
      <div className="space-y-4 text-sm">
        <h1 className="text-lg font-semibold">Sign-up is closed</h1>
        <p className="text-zinc-600 dark:text-zinc-300">Ask the admin of this Cairn to create an account for you, or to open sign-up.</p>
        <Link className="text-link underline underline-offset-2 hover:decoration-2" href="/signin">
          Back to sign in
        </Link>
      </div>
    );
  }
  return (
    <>
      <h1 className="mb-5 text-lg font-semibold">{settings.needsFirstUser ? "Set up Cairn" : "Create your account"}</h1>
      <SignUpForm firstUser={settings.needsFirstUser} />
    </>
  );
}
