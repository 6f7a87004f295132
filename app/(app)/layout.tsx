import Link from "next/link";
import { redirect } from "next/navigation";
import { AdminAlerts } from "@/components/ops/admin-alerts";
import { CommandPalette } from "@/components/command-palette";
import { MainNav } from "@/components/main-nav";
import { UserMenu } from "@/components/user-menu";
import { sessionActor } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await sessionActor();
  if (!actor) redirect("/signin");
  return (
    <div className="flex min-h-full flex-col">
      <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/85 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/85">
        <div className="mx-auto flex h-12 max-w-7xl items-center gap-2 px-4 sm:gap-4">
          {/* On a phone the mark alone leads home (to Projects), leaving room for My tasks and search. */}
          <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden className="inline-block h-5 w-5 rounded-full bg-[var(--color-accent)]" />
            <span className="sr-only sm:not-sr-only">Cairn</span>
          </Link>
          <MainNav />
          <div className="ml-auto flex items-center gap-2">
            <CommandPalette />
            <UserMenu name={actor.name} email={actor.email} isAdmin={actor.isAdmin} />
          </div>
        </div>
      </header>
      {actor.isAdmin && <AdminAlerts />}
      <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">{children}</main>
    </div>
  );
}
