"use client";
import { signOut } from "next-auth/react";
import { ThemeToggle } from "./theme-toggle";

export function UserMenu({ name, email, isAdmin }: { name: string; email: string; isAdmin: boolean }) {
  return (
    <div className="flex items-center gap-2 text-sm">
      <ThemeToggle />
      <span className="hidden text-zinc-600 sm:inline dark:text-zinc-300" title={email} data-testid="current-user">
        {name}
        {isAdmin && (
          <span className="ml-1.5 rounded bg-zinc-100 px-1 text-[10px] uppercase tracking-wide text-muted dark:bg-zinc-800">admin</span>
        )}
      </span>
      <button
        className="rounded px-2 py-1 whitespace-nowrap text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
        onClick={() => signOut({ callbackUrl: "/signin" })}
      >
        Sign out
      </button>
    </div>
  );
}
