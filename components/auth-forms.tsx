"use client";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorBox, Field, Input } from "@/components/ui/field";
import { errorMessage } from "@/lib/hooks/api-client";
import { useSignUp } from "@/lib/hooks/use-account";

export const PASSWORD_HINT = "At least 10 characters, and not a common password.";

function safeCallback(url: string | null): string {
  // Only same-site paths: an open redirect after sign-in is a phishing aid.
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/";
}

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setBusy(false);
    if (!res || res.error) {
      // next-auth names a plain wrong password "CredentialsSignin"; anything else is Cairn's own
      // sentence (too many attempts, a disabled account) and is shown as it is.
      setError(!res || res.error === "CredentialsSignin" ? "Wrong email or password." : (res.error ?? "Sign-in failed."));
      return;
    }
    router.replace(safeCallback(params.get("callbackUrl")));
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <ErrorBox>{error}</ErrorBox>}
      <Field label="Email">{(p) => <Input {...p} name="email" type="email" autoComplete="email" required autoFocus />}</Field>
      <Field label="Password">{(p) => <Input {...p} name="password" type="password" autoComplete="current-password" required />}</Field>
      <Button type="submit" className="w-full" busy={busy}>
        Sign in
      </Button>
    </form>
  );
}

export function SignUpForm({ firstUser }: { firstUser: boolean }) {
  const router = useRouter();
  const signUp = useSignUp();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      await signUp.mutateAsync(body);
      const res = await signIn("credentials", { email: body.email, password: body.password, redirect: false });
      if (!res || res.error) throw new Error("Your account was created, but signing in failed. Try signing in.");
      router.replace("/");
      router.refresh();
    } catch (err) {
      const issues = (err as { details?: { issues?: { path: string; message: string }[] } }).details?.issues;
      if (issues?.length) setFieldErrors(Object.fromEntries(issues.map((i) => [i.path, i.message])));
      else setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {firstUser && (
        <p className="rounded-md bg-[var(--color-accent)]/10 px-3 py-2 text-sm text-zinc-700 dark:text-zinc-200">
          This is a new Cairn. The first account becomes the admin.
        </p>
      )}
      {error && <ErrorBox>{error}</ErrorBox>}
      <Field label="Name" error={fieldErrors.name}>
        {(p) => <Input {...p} name="name" autoComplete="name" required autoFocus />}
      </Field>
      <Field label="Email" error={fieldErrors.email}>
        {(p) => <Input {...p} name="email" type="email" autoComplete="email" required />}
      </Field>
      <Field label="Password" hint={PASSWORD_HINT} error={fieldErrors.password}>
        {(p) => <Input {...p} name="password" type="password" autoComplete="new-password" required minLength={10} />}
      </Field>
      <Button type="submit" className="w-full" busy={busy}>
        Create account
      </Button>
      <p className="text-center text-sm text-muted">
        Have an account?{" "}
        <Link className="text-link underline underline-offset-2 hover:decoration-2" href="/signin">
          Sign in
        </Link>
      </p>
    </form>
  );
}
