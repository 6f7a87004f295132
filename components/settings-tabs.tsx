"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/settings", label: "Account" },
  { href: "/settings/ai", label: "AI" },
  { href: "/settings/ai/runs", label: "AI runs" },
  { href: "/settings/ai/bench", label: "AI bench" },
  { href: "/settings/backups", label: "Backups" },
];

export function SettingsTabs() {
  const pathname = usePathname();
  return (
    <nav className="flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800" aria-label="Settings">
      {TABS.map((t) => {
        const active = pathname === t.href;
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
              active
                ? "border-[var(--color-accent)] font-medium"
                : "border-transparent text-muted hover:text-zinc-800 dark:hover:text-zinc-200"
            }`}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
