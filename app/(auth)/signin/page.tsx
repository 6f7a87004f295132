import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { SignInForm } from "@/components/auth-forms";
import { getInstanceSettings } from "@/lib/auth/users";
import { configuredUrlMismatch } from "@/lib/http/origin";

const warned = new Set<string>();

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  const settings = await getInstanceSettings();
  if (settings.needsFirstUser) redirect("/signup");
  const mismatch = configuredUrlMismatch(await headers());
  if (mismatch && !warned.has(mismatch.used) && warned.size < 20) {
    warned.add(mismatch.used);
    console.warn(
      `[cairn] a browser opened Cairn at ${mismatch.used}, but NEXTAUTH_URL is ${mismatch.configured}: sign-in and sign-out send it to ${mismatch.configured}. Set NEXTAUTH_URL to the address people use, or unset it.`,
    );
  }
  return (
    <>
      <h1 className="mb-5 text-lg font-semibold">Sign in</h1>
      {mismatch && (
        <div
          role="note"
          data-testid="url-mismatch"
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          You opened Cairn at <strong>{mismatch.used}</strong>, but it is set up (NEXTAUTH_URL) for <strong>{mismatch.configured}</strong>:
          signing in and out takes you there. Open{" "}
          <a className="underline" href={`${mismatch.configured}/signin`}>
            {mismatch.configured}
          </a>{" "}
          instead, or ask whoever runs Cairn to set NEXTAUTH_URL to the address you use (or leave it unset).
        </div>
      )}
      <Suspense>
        <SignInForm />
      </Suspense>
      {settings.openSignup && (
        <p className="mt-4 text-center text-sm text-muted">
          New here?{" "}
          <Link className="text-link underline underline-offset-2 hover:decoration-2" href="/signup">
            Create an account
          </Link>
        </p>
      )}
    </>
  );
}
