import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { SignInForm } from "@/components/auth-forms";
import { getInstanceSettings } from "@/lib/auth/users";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  const settings = await getInstanceSettings();
  if (settings.needsFirstUser) redirect("/signup");
  return (
    <>
      <h1 className="mb-5 text-lg font-semibold">Sign in</h1>
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
