"use client";
import { useState } from "react";
import { SettingsTabs } from "@/components/settings-tabs";
import { Button } from "@/components/ui/button";
import { ErrorBox, Field, Input, Select } from "@/components/ui/field";
import { ConnectAgent } from "@/components/connect-agent";
import { useToast } from "@/components/ui/toast";
import { errorMessage, ApiError } from "@/lib/hooks/api-client";
import {
  useAdmin,
  useChangePassword,
  useInstanceSettings,
  useSignOutEverywhere,
  useTokenMutations,
  useTokens,
} from "@/lib/hooks/use-account";
import { useProjects } from "@/lib/hooks/use-projects";
import { PASSWORD_HINT } from "./auth-forms";

const card = "rounded-xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900";

export function AccountSettings({ isAdmin, userId, origin }: { isAdmin: boolean; userId: string; origin: string }) {
  return (
    <div className="grid max-w-3xl gap-5">
      <h1 className="text-xl font-semibold">Settings</h1>
      <SettingsTabs />
      <PasswordSection />
      <SessionsSection />
      <TokensSection isAdmin={isAdmin} origin={origin} />
      {isAdmin && <AdminSection userId={userId} />}
    </div>
  );
}

function PasswordSection() {
  const change = useChangePassword();
  const toast = useToast();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  return (
    <section className={card} aria-labelledby="password-heading">
      <h2 id="password-heading" className="font-semibold">
        Password
      </h2>
      <p className="mb-4 text-sm text-muted">Changing it signs you out on every other browser; this one stays signed in.</p>
      <form
        className="grid gap-3 sm:max-w-sm"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          const currentPassword = String(f.get("currentPassword") ?? "");
          const newPassword = String(f.get("newPassword") ?? "");
          setErrors({});
          setError(null);
          if (newPassword !== String(f.get("confirmPassword") ?? "")) {
            setErrors({ confirmPassword: "The two new passwords differ" });
            return;
          }
          change.mutate(
            { currentPassword, newPassword },
            {
              onSuccess: (r) => {
                form.reset();
                const others = r.revokedSessions === 1 ? "1 other session was" : `${r.revokedSessions} other sessions were`;
                toast({ tone: "success", message: `Password changed. ${others} signed out.` });
              },
              onError: (err) => {
                const issues =
                  err instanceof ApiError ? (err.details as { issues?: { path: string; message: string }[] } | null)?.issues : undefined;
                if (issues?.length) setErrors(Object.fromEntries(issues.map((i) => [i.path, i.message])));
                else setError(errorMessage(err));
              },
            },
          );
        }}
      >
        {error && <ErrorBox>{error}</ErrorBox>}
        <Field label="Current password" error={errors.currentPassword}>
          {(p) => <Input {...p} name="currentPassword" type="password" autoComplete="current-password" required />}
        </Field>
        <Field label="New password" hint={PASSWORD_HINT} error={errors.newPassword}>
          {(p) => <Input {...p} name="newPassword" type="password" autoComplete="new-password" required minLength={10} />}
        </Field>
        <Field label="Confirm new password" error={errors.confirmPassword}>
          {(p) => <Input {...p} name="confirmPassword" type="password" autoComplete="new-password" required minLength={10} />}
        </Field>
        <div>
          <Button type="submit" busy={change.isPending}>
            Change password
          </Button>
        </div>
      </form>
    </section>
  );
}

function SessionsSection() {
  const everywhere = useSignOutEverywhere();
  return (
    <section className={card} aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="font-semibold">
        Sessions
      </h2>
      <p className="mb-4 text-sm text-muted">
        Signed in on a computer you no longer use? Sign out everywhere ends every browser session of yours, this one included. API tokens
        are not affected: revoke them below.
      </p>
      <Button
        variant="secondary"
        busy={everywhere.isPending}
        onClick={() => everywhere.mutate(undefined, { onSuccess: () => window.location.assign("/signin") })}
      >
        Sign out everywhere
      </Button>
      {everywhere.isError && (
        <div className="mt-3">
          <ErrorBox>{errorMessage(everywhere.error)}</ErrorBox>
        </div>
      )}
    </section>
  );
}

const SCOPES_FOR: Record<string, string[]> = { read: ["read"], write: ["read", "write"], admin: ["read", "write", "admin"] };

function TokensSection({ isAdmin, origin }: { isAdmin: boolean; origin: string }) {
  const tokens = useTokens();
  const projects = useProjects();
  const m = useTokenMutations();
  const toast = useToast();
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <section className={card}>
      <h2 className="font-semibold">API tokens</h2>
      <p className="mb-4 text-sm text-muted">
        For scripts, coding agents and MCP clients: send <code>Authorization: Bearer &lt;token&gt;</code> to <code>/api/v1</code>.
      </p>
      {secret && (
        <div
          className="mb-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-900 dark:bg-emerald-950/50"
          role="status"
        >
          <p className="font-medium">Copy your new token now — it will not be shown again.</p>
          <div className="mt-2 flex gap-2">
            <code className="flex-1 overflow-x-auto rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900" data-testid="new-token">
              {secret}
            </code>
            <Button
              size="sm"
              variant="secondary"
              onClick={() => navigator.clipboard?.writeText(secret).then(() => toast({ message: "Copied" }))}
            >
              Copy
            </Button>
          </div>
        </div>
      )}
      <form
        className="mb-4 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const scope = String(f.get("scope"));
          const days = Number(f.get("expires"));
          const projectId = String(f.get("project") ?? "");
          const form = e.currentTarget;
          m.create.mutate(
            {
              name: String(f.get("name")),
              scopes: SCOPES_FOR[scope] ?? ["read"],
              ...(days ? { expiresInDays: days } : {}),
              ...(projectId ? { projectId } : {}),
            },
            {
              onSuccess: (r) => {
                setSecret(r.token);
                form.reset();
              },
            },
          );
        }}
      >
        <div className="min-w-48 flex-1">
          <Field label="Name">{(p) => <Input {...p} name="name" required placeholder="Claude Code on my laptop" maxLength={100} />}</Field>
        </div>
        <Field label="Access">
          {(p) => (
            <Select {...p} name="scope" defaultValue="write" className="w-44">
              <option value="read">Read only</option>
              <option value="write">Read and write</option>
              {isAdmin && <option value="admin">Read, write and admin</option>}
            </Select>
          )}
        </Field>
        <Field label="Project">
          {(p) => (
            <Select {...p} name="project" defaultValue="" className="w-44">
              <option value="">All my projects</option>
              {projects.data?.map((pr) => (
                <option key={pr.id} value={pr.id}>
                  {pr.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Expires">
          {(p) => (
            <Select {...p} name="expires" defaultValue="90" className="w-32">
              <option value="30">30 days</option>
              <option value="90">90 days</option>
              <option value="365">1 year</option>
              <option value="0">Never</option>
            </Select>
          )}
        </Field>
        <Button type="submit" busy={m.create.isPending}>
          Create token
        </Button>
      </form>
      {m.create.isError && <ErrorBox>{errorMessage(m.create.error)}</ErrorBox>}
      {tokens.data?.length ? (
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="token-list">
          {tokens.data.map((t) => (
            <li key={t.id} className="flex flex-wrap items-center gap-3 py-2">
              <div className="min-w-0 flex-1">
                <p className="font-medium">{t.name}</p>
                <p className="text-xs text-muted">
                  <code>{t.prefix}…</code> · {t.scopes.join(" + ")} · {t.project ? `${t.project.name} only` : "all projects"} ·{" "}
                  {t.expiresAt ? `expires ${new Date(t.expiresAt).toLocaleDateString()}` : "never expires"} ·{" "}
                  {t.lastUsedAt ? `last used ${new Date(t.lastUsedAt).toLocaleString()}` : "never used"}
                </p>
              </div>
              <Button variant="ghost" size="sm" onClick={() => m.revoke.mutate(t.id)} aria-label={`Revoke ${t.name}`}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted">{tokens.isPending ? "Loading…" : "No tokens yet."}</p>
      )}
      <ConnectAgent origin={origin} token={secret} />
    </section>
  );
}

function AdminSection({ userId }: { userId: string }) {
  const settings = useInstanceSettings();
  const admin = useAdmin(true);
  const toast = useToast();
  return (
    <section className={card}>
      <h2 className="mb-4 font-semibold">Instance (admin)</h2>
      <label className="mb-5 flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={settings.data?.openSignup ?? false}
          disabled={!settings.data}
          onChange={(e) => admin.setOpenSignup.mutate(e.target.checked)}
        />
        Anyone who can reach this Cairn may create an account
      </label>
      <h3 className="mb-2 text-sm font-semibold">Users</h3>
      <ul className="mb-4 divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="user-list">
        {admin.users.data?.map((u) => (
          <li key={u.id} className="flex flex-wrap items-center gap-2 py-1.5">
            <span className={`font-medium ${u.disabledAt ? "text-muted line-through" : ""}`}>{u.name}</span>
            <span className="min-w-0 truncate text-zinc-600 dark:text-zinc-400">{u.email}</span>
            {u.isAdmin && <span className="rounded bg-zinc-100 px-1 text-[10px] uppercase dark:bg-zinc-800">admin</span>}
            {u.disabledAt && (
              <span className="rounded bg-amber-100 px-1 text-[10px] uppercase text-amber-900 dark:bg-amber-950 dark:text-amber-200">
                disabled
              </span>
            )}
            {u.id !== userId && (
              <Button
                variant="ghost"
                size="sm"
                className="ml-auto"
                aria-label={`${u.disabledAt ? "Enable" : "Disable"} ${u.email}`}
                busy={admin.setDisabled.isPending && admin.setDisabled.variables?.userId === u.id}
                onClick={() =>
                  admin.setDisabled.mutate(
                    { userId: u.id, disabled: !u.disabledAt },
                    {
                      onSuccess: (r) =>
                        toast({ message: r.disabledAt ? `${r.email} is disabled and signed out` : `${r.email} can sign in again` }),
                      onError: (e) => toast({ tone: "error", message: errorMessage(e) }),
                    },
                  )
                }
              >
                {u.disabledAt ? "Enable" : "Disable"}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="grid gap-2 sm:grid-cols-4"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const form = e.currentTarget;
          admin.createUser.mutate(
            { name: String(f.get("name")), email: String(f.get("email")), password: String(f.get("password")) },
            { onSuccess: () => (form.reset(), toast({ tone: "success", message: "User created" })) },
          );
        }}
      >
        <Input name="name" placeholder="Name" aria-label="New user name" required />
        <Input name="email" type="email" placeholder="Email" aria-label="New user email" required />
        <Input
          name="password"
          type="password"
          placeholder="Initial password"
          aria-label="New user password"
          title={PASSWORD_HINT}
          required
          minLength={10}
        />
        <Button type="submit" busy={admin.createUser.isPending}>
          Create user
        </Button>
      </form>
      <p className="mt-1 text-xs text-muted">Initial password: {PASSWORD_HINT.toLowerCase()}</p>
      {admin.createUser.isError && (
        <div className="mt-2">
          <ErrorBox>{errorMessage(admin.createUser.error)}</ErrorBox>
        </div>
      )}
    </section>
  );
}
