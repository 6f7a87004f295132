export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex items-center justify-center gap-2">
          <Logo />
          <span className="text-xl font-semibold tracking-tight">Cairn</span>
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">{children}</div>
      </div>
    </main>
  );
}

function Logo() {
  return (
    <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden>
      <ellipse cx="16" cy="26" rx="11" ry="4" fill="var(--color-accent)" />
      <ellipse cx="16" cy="18" rx="8" ry="3.5" fill="var(--color-accent)" opacity="0.8" />
      <ellipse cx="16" cy="11" rx="5.5" ry="3" fill="var(--color-accent)" opacity="0.6" />
      <ellipse cx="16" cy="5.5" rx="3" ry="2" fill="var(--color-accent)" opacity="0.45" />
    </svg>
  );
}
