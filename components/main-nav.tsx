"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  // On a phone the header is full: the mark leads to Projects, and Settings to AI through its tabs.
  { href: "/", label: "Projects", wide: true },
  { href: "/my-tasks", label: "My tasks" },
  { href: "/settings", label: "Settings" },
  { href: "/settings/ai", label: "AI", wide: true },
];

/** The header's links, the current one marked (aria-current) so you can see where you are. */
export function MainNav() {
  const pathname = usePathname();
  const current = (href: string) =>
    href === "/"
      ? pathname === "/" || pathname.startsWith("/projects")
      : href === "/settings"
        ? pathname === "/settings"
        : pathname.startsWith(href);
  return (
    <nav className="flex items-center gap-1 text-sm" aria-label="Main">
      {LINKS.map((l) => (
        <Link
          key={l.href}
          href={l.href}
          aria-current={current(l.href) ? "page" : undefined}
          className={`${l.wide ? "hidden sm:inline" : ""} rounded px-2 py-1 whitespace-nowrap hover:bg-zinc-100 dark:hover:bg-zinc-800 ${
            current(l.href) ? "font-medium text-zinc-900 dark:text-zinc-100" : "text-zinc-600 dark:text-zinc-300"
          }`}
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
